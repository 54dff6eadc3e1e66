"""Reading a scenario's expectations against what happened. Shared by the simulated customer (to
know when it got what it came for) and the scorers (to grade it), so both agree by construction."""

from __future__ import annotations

from typing import Any

from bench.core.world import ToolCall

_MISSING = object()


def accepted(forms: list[str] | dict[str, list[str]], language: str) -> list[str]:
    """The accepted wordings for `language` (a plain list applies to every language)."""
    if isinstance(forms, dict):
        return forms.get(language) or [f for fs in forms.values() for f in fs]
    return forms


def lookup(state: Any, path: str) -> Any:
    """Value at a dotted path (`orders.A1001.status`, `cards.C1.status`, `handoffs.0`), or _MISSING."""
    node = state
    for part in path.split("."):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return _MISSING
    return node


def assertion_holds(state: dict, assertion: dict) -> tuple[bool, str]:
    """Check one end-state assertion; also return what was found, for evidence."""
    value = lookup(state, assertion["path"])
    found = "missing" if value is _MISSING else repr(value)
    if "exists" in assertion and (value is not _MISSING) != assertion["exists"]:
        return False, found
    if "equals" in assertion and (value is _MISSING or not _same(value, assertion["equals"])):
        return False, found
    if "in" in assertion and (value is _MISSING or not any(_same(value, v) for v in assertion["in"])):
        return False, found
    return True, found


def _same(actual: Any, wanted: Any) -> bool:
    if isinstance(actual, str) and isinstance(wanted, str):
        return actual.strip().casefold() == wanted.strip().casefold()
    if isinstance(actual, (int, float)) and isinstance(wanted, (int, float)):
        return abs(actual - wanted) < 0.005
    return actual == wanted


def action_matches(call: ToolCall, action: dict) -> bool:
    """A successful call of the action's tool whose arguments include the action's `args`."""
    if call.name != action["tool"] or call.error is not None:
        return False
    return all(
        k in call.arguments and _same(_canon(call.arguments[k]), _canon(v)) for k, v in action.get("args", {}).items()
    )


def _canon(value: Any) -> Any:
    # Identifiers are written "#A1042", "a1042" or "A1042" alike.
    return value.strip().lstrip("#") if isinstance(value, str) else value
