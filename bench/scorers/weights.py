"""Weights: how much each dimension counts in the composite, and each severity within a dimension.

The defaults rest on shared/seed-facts.md:
- escalation 0.25: 65% of customers find services too hard to reach and 39% resent a robot before
  a human; fewer than 6% accept an AI for a bereavement or a suspicious transaction;
- resolution 0.25: effective resolution is one of the three expectations on every channel, and 58%
  would leave a company after unsuitable automated answers;
- accuracy 0.20: accuracy is the third of those expectations; a wrong date or amount misleads;
- empathy 0.15: 70% expect a human agent to detect their emotions, 42% expect it of a chatbot;
- conduct 0.15: customers ask for honesty about the AI, only 39% trust companies with their data,
  and 41% resent repeating themselves.
Severities: a critical check counts three times a minor one and fails the conversation on its own.

A buyer who weighs things differently writes a weights file (YAML or JSON) and passes `--weights`:

    dimensions: {accuracy: 0.3, empathy: 0.1, escalation: 0.2, resolution: 0.3, conduct: 0.1}
    severities: {critical: 5, major: 2, minor: 1}

Either part may be left out (the defaults fill it); dimension weights are renormalised over the
dimensions that apply to a conversation, so they need not sum to 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

DIMENSION_WEIGHTS = {"accuracy": 0.20, "empathy": 0.15, "escalation": 0.25, "resolution": 0.25, "conduct": 0.15}
SEVERITY_WEIGHTS = {"critical": 3.0, "major": 2.0, "minor": 1.0}


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
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as bad:
        raise WeightsError(f"{path}: cannot read: {bad.strerror or bad}") from None
    except yaml.YAMLError as bad:
        raise WeightsError(f"{path}: not valid YAML or JSON: {getattr(bad, 'problem', bad)}") from None
    if not isinstance(data, dict) or not data:
        raise WeightsError(f"{path}: expected a mapping with `dimensions` and/or `severities`")
    unknown = set(data) - {"dimensions", "severities"}
    if unknown:
        raise WeightsError(f"{path}: {sorted(unknown)[0]}: unknown field (allowed: dimensions, severities)")
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
            raise WeightsError(f"{path}: {name}.{key}: unknown (allowed: {', '.join(defaults)})")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise WeightsError(f"{path}: {name}.{key}: must be a number >= 0, got {value!r}")
        out[key] = float(value)
    return out
