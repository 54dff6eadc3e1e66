"""The one JSON-Schema error formatter: every file supportbench reads (scenarios, bot configs, gate
files) reports a violation the same way, as (field path, message) with a message a person can act
on: "required field is missing", "unknown field (allowed: ...)", or the validator's own words, with
any value it quotes cut short (a message must not echo a whole bad value)."""

from __future__ import annotations

import re
from typing import Any

import jsonschema
import yaml

from bench.core.files import QUOTE_CHARS, field_path, shorten

_VALIDATORS: dict[tuple[int, bool], tuple[dict, jsonschema.Draft202012Validator]] = {}


def _validator(schema: dict, formats: bool) -> jsonschema.Draft202012Validator:
    """One validator per schema: building one compiles the schema, which cost more than validating
    when a library of thousands of files was checked. Keyed by identity (schemas are cached dicts);
    the schema is kept with it so its id cannot be reused."""
    key = (id(schema), formats)
    found = _VALIDATORS.get(key)
    if found is None or found[0] is not schema:
        inlined = _inlined(schema, schema.get("$defs", {}))
        cls = jsonschema.Draft7Validator if _same_in_draft7(inlined) else jsonschema.Draft202012Validator
        validator = cls(inlined, format_checker=cls.FORMAT_CHECKER if formats else None)
        found = _VALIDATORS[key] = (schema, validator)
    return found[1]


# keywords that mean something else, or nothing, in draft 7 (and `$ref`, whose siblings draft 7 ignores)
_NEWER = {
    "$ref",
    "$dynamicRef",
    "$recursiveRef",
    "$anchor",
    "prefixItems",
    "unevaluatedItems",
    "unevaluatedProperties",
    "dependentRequired",
    "dependentSchemas",
    "minContains",
    "maxContains",
}


def _same_in_draft7(schema: Any) -> bool:
    """Whether the schema (references inlined) means the same to a draft-7 validator: jsonschema's
    draft-7 validator does the same checks without resolving a scope at every step, a third faster."""
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if _NEWER & node.keys() or isinstance(node.get("items"), list):
                return False
            stack += [v for k, v in node.items() if k not in ("$defs", "enum", "const", "default", "examples")]
        elif isinstance(node, list):
            stack += node
    return True


_ANNOTATIONS = {"description", "default", "title", "examples"}


def _inlined(node: Any, defs: dict, within: tuple[str, ...] = ()) -> Any:
    """The schema with each local `#/$defs/NAME` reference replaced by the definition itself (a
    recursive one stays a reference). jsonschema resolves a `$ref` and builds a validator object at
    every step it descends through one, which was a third of the time of checking a scenario."""
    if isinstance(node, list):
        return [_inlined(item, defs, within) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/") and ref[8:] in defs and ref[8:] not in within:
        name = ref[8:]
        target = _inlined(defs[name], defs, (*within, name))
        rest = {k: _inlined(v, defs, within) for k, v in node.items() if k != "$ref"}
        if isinstance(target, dict) and set(rest) <= _ANNOTATIONS:
            return {**target, **rest}
        return {**rest, "allOf": [target]}
    return {k: _inlined(v, defs, within) if k != "$defs" else v for k, v in node.items()}


def violations(schema: dict, data: Any, *, formats: bool = False) -> list[tuple[str, str]]:
    """(dotted field path, message) of every way `data` breaks `schema`, sorted by path; the path is
    "" for the document itself. `formats` also checks `format` keywords (dates, e-mails...)."""
    errors = sorted(_validator(schema, formats).iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    return [field_of(e) for e in errors]


def _short(message: str, instance: Any) -> str:
    """The message with the value it quotes cut to QUOTE_CHARS, and itself at most a few lines' worth."""
    quoted = repr(instance)
    if len(quoted) > QUOTE_CHARS and quoted in message:
        message = message.replace(quoted, shorten(instance))
    return message if len(message) <= 4 * QUOTE_CHARS else message[: 4 * QUOTE_CHARS - 1] + "…"


def field_of(error: jsonschema.ValidationError) -> tuple[str, str]:
    """The field a validation error is about, and what is wrong with it."""
    path = [str(p) for p in error.absolute_path]
    if error.validator == "required":
        missing = re.match(r"'([^']+)'", error.message)
        return field_path(path + [missing[1] if missing else "?"]), "required field is missing"
    if error.validator == "additionalProperties":
        extra = [k for k in error.instance if k not in error.schema.get("properties", {})]
        allowed = _short(", ".join(error.schema.get("properties", {})), None)
        return field_path(path + [str(k) for k in extra[:1]]), f"unknown field (allowed: {allowed})"
    if error.validator == "oneOf" and error.context:
        best = jsonschema.exceptions.best_match(error.context)
        return field_path(path + [str(p) for p in best.relative_path]), _short(best.message, best.instance)
    return field_path(path), _short(error.message, error.instance)


def yaml_error(bad: yaml.YAMLError) -> tuple[str, str]:
    """Where a YAML parse error is ("line N", or "") and what it is."""
    mark = getattr(bad, "problem_mark", None)
    return (f"line {mark.line + 1}" if mark else ""), f"not valid YAML: {getattr(bad, 'problem', None) or bad}"
