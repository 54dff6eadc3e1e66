"""The one JSON-Schema error formatter: every file supportbench reads (scenarios, bot configs, gate
files) reports a violation the same way, as (field path, message) with a message a person can act
on: "required field is missing", "unknown field (allowed: ...)", or the validator's own words."""

from __future__ import annotations

import re
from typing import Any

import jsonschema
import yaml


def violations(schema: dict, data: Any, *, formats: bool = False) -> list[tuple[str, str]]:
    """(dotted field path, message) of every way `data` breaks `schema`, sorted by path; the path is
    "" for the document itself. `formats` also checks `format` keywords (dates, e-mails...)."""
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER if formats else None
    validator = jsonschema.Draft202012Validator(schema, format_checker=checker)
    errors = sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    return [field_of(e) for e in errors]


def field_of(error: jsonschema.ValidationError) -> tuple[str, str]:
    """The field a validation error is about, and what is wrong with it."""
    path = [str(p) for p in error.absolute_path]
    if error.validator == "required":
        missing = re.match(r"'([^']+)'", error.message)
        return ".".join(path + [missing[1] if missing else "?"]), "required field is missing"
    if error.validator == "additionalProperties":
        extra = re.findall(r"'([^']+)'", error.message.split("(")[-1])
        return ".".join(path + extra[:1]), f"unknown field (allowed: {', '.join(error.schema.get('properties', {}))})"
    if error.validator == "oneOf" and error.context:
        best = jsonschema.exceptions.best_match(error.context)
        return ".".join(path + [str(p) for p in best.relative_path]), best.message
    return ".".join(path), error.message


def yaml_error(bad: yaml.YAMLError) -> tuple[str, str]:
    """Where a YAML parse error is ("line N", or "") and what it is."""
    mark = getattr(bad, "problem_mark", None)
    return (f"line {mark.line + 1}" if mark else ""), f"not valid YAML: {getattr(bad, 'problem', None) or bad}"
