"""Metamorphic variants: the same case with other names, numbers, amounts, typos or the other
language. A bot that passes a case should pass its variants too; the summary reports how often its
verdicts change within a group."""

from __future__ import annotations

import copy
import re
from typing import Any


def apply_variant(data: dict, spec: dict) -> dict:
    """The scenario `data` changed by one variant: literal `replace` everywhere (keys and witness
    included, longest first), then each dotted `set` path. Raises KeyError
    naming a `set` path that does not fit the scenario."""
    out = copy.deepcopy({k: v for k, v in data.items() if k != "variants"})
    replace = {str(k): v for k, v in spec.get("replace", {}).items()}
    if replace:
        out = _replaced(
            out, replace, re.compile("|".join(re.escape(k) for k in sorted(replace, key=len, reverse=True)))
        )
    for path, value in spec.get("set", {}).items():
        _set(out, path, copy.deepcopy(value))
    return out


def _replaced(node: Any, replace: dict[str, Any], pattern: re.Pattern) -> Any:
    if isinstance(node, dict):
        return {_replaced(k, replace, pattern): _replaced(v, replace, pattern) for k, v in node.items()}
    if isinstance(node, list):
        return [_replaced(v, replace, pattern) for v in node]
    if isinstance(node, str):
        return pattern.sub(lambda m: str(replace[m[0]]), node)
    if isinstance(node, (int, float)) and not isinstance(node, bool):
        for key, value in replace.items():  # an amount written as a number in the world
            if isinstance(value, (int, float)) and _number(key) == node:
                return value
    return node


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _set(data: Any, path: str, value: Any) -> None:
    *parents, last = path.split(".")
    node = data
    try:
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        if isinstance(node, list):
            node[int(last)] = value
        elif isinstance(node, dict):
            node[last] = value
        else:
            raise TypeError(path)
    except (KeyError, IndexError, ValueError, TypeError):
        raise KeyError(path) from None
