"""Weights: how much each dimension counts in the composite, and each severity within a dimension.
The defaults are the registry's (bench.scorers.registry, which says what they rest on) and the
findings' severity weights (critical 3, major 2, minor 1).

A buyer who weighs things differently writes a weights file (YAML or JSON) and passes `--weights`:

    dimensions: {accuracy: 0.3, empathy: 0.1, escalation: 0.2, resolution: 0.3, conduct: 0.1}
    severities: {critical: 5, major: 2, minor: 1}

Either part may be left out (the defaults fill it); dimension weights are renormalised over the
dimensions that apply to a conversation, so they need not sum to 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bench.core.files import LoadError, field_path, load_yaml, number_problem, shorten
from bench.scorers.findings import SEVERITY_WEIGHTS
from bench.scorers.registry import DIMENSION_WEIGHTS


class WeightsError(ValueError):
    """A weights file that cannot be used; the message names the file and the field."""


@dataclass(frozen=True)
class Weights:
    dimensions: dict[str, float] = field(default_factory=lambda: dict(DIMENSION_WEIGHTS))
    severities: dict[str, float] = field(default_factory=lambda: dict(SEVERITY_WEIGHTS))

    def to_dict(self) -> dict:
        return {"dimensions": dict(self.dimensions), "severities": dict(self.severities)}


def load_weights(path: Path) -> Weights:
    """Read a weights file; unknown keys, negative or non-numeric weights are errors naming the field."""
    try:
        data = load_yaml(path)
    except LoadError as bad:
        raise WeightsError(str(bad)) from None
    if not isinstance(data, dict) or not data:
        raise WeightsError(f"{path}: expected a mapping with `dimensions` and/or `severities`")
    unknown = set(data) - {"dimensions", "severities"}
    if unknown:
        field = field_path([sorted(unknown)[0]])
        raise WeightsError(f"{path}: {field}: unknown field (allowed: dimensions, severities)")
    dimensions = _part(path, data, "dimensions", DIMENSION_WEIGHTS)
    if not any(dimensions.values()):
        raise WeightsError(f"{path}: dimensions: at least one weight must be above 0")
    return Weights(dimensions, _part(path, data, "severities", SEVERITY_WEIGHTS))


def _part(path: Path, data: dict, name: str, defaults: dict[str, float]) -> dict[str, float]:
    given = data.get(name) or {}
    if not isinstance(given, dict):
        raise WeightsError(f"{path}: {name}: expected a mapping of {', '.join(defaults)} to numbers")
    out = dict(defaults)
    for key, value in given.items():
        if key not in defaults:
            raise WeightsError(f"{path}: {field_path([name, key])}: unknown (allowed: {', '.join(defaults)})")
        # the loader refuses inf and nan already; checked again for data handed over in Python
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0 or number_problem(value):
            raise WeightsError(f"{path}: {name}.{key}: must be a number >= 0, got {shorten(value)}")
        out[key] = float(value)
    return out
