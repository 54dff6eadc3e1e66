"""The scorers: one module per dimension, each a pure function `score(scenario, transcript)`
returning a DimensionScore. `score_transcript` runs them all and combines them.

Default weights of the composite, grounded in shared/seed-facts.md:
- escalation 0.30: 65% of customers find services too hard to reach, 39% resent a robot before a
  human, and fewer than 6% accept an AI for a bereavement or a suspicious transaction;
- resolution 0.30: effective resolution is one of the three expectations on every channel, and
  58% would leave a company after unsuitable automated answers;
- accuracy 0.25: accuracy is the third of those expectations; a wrong date or amount misleads;
- empathy 0.15: 70% expect a human agent to detect their emotions, 42% expect it of a chatbot.
Buyers override them with a weights file (`--weights`)."""

from __future__ import annotations

from dataclasses import dataclass

from bench.scenario import Scenario
from bench.transcript import RECORD_VERSION, Transcript
from scorers import accuracy, empathy, escalation, resolution
from scorers.findings import DimensionScore, Finding

SCORERS = {
    "accuracy": accuracy.score,
    "empathy": empathy.score,
    "escalation": escalation.score,
    "resolution": resolution.score,
}
DIMENSIONS = tuple(SCORERS)
DEFAULT_WEIGHTS = {"accuracy": 0.25, "empathy": 0.15, "escalation": 0.30, "resolution": 0.30}


@dataclass(frozen=True)
class ScoreCard:
    """All dimensions of one conversation, the composite, and the verdict."""

    bot: str
    scenario_id: str
    trial: int
    outcome: str
    dimensions: dict[str, DimensionScore]
    composite: float
    passed: bool

    def failures(self) -> list[Finding]:
        return [f for d in self.dimensions.values() for f in d.findings if not f.passed]

    def to_dict(self) -> dict:
        return {
            "record": "scores",
            "version": RECORD_VERSION,
            "bot": self.bot,
            "scenario_id": self.scenario_id,
            "trial": self.trial,
            "outcome": self.outcome,
            "composite": self.composite,
            "passed": self.passed,
            "dimensions": {k: v.to_dict() for k, v in self.dimensions.items()},
        }


def composite(dimensions: dict[str, DimensionScore], weights: dict[str, float] | None = None) -> float:
    """Weighted mean of the applicable dimensions (weights renormalised over them)."""
    weights = weights or DEFAULT_WEIGHTS
    used = {k: weights.get(k, 0.0) for k, d in dimensions.items() if d.applicable and weights.get(k, 0.0) > 0}
    total = sum(used.values())
    return round(sum(dimensions[k].score * w for k, w in used.items()) / total, 4) if total else 0.0


def score_transcript(scenario: Scenario, transcript: Transcript, weights: dict[str, float] | None = None) -> ScoreCard:
    """Score one conversation on every dimension. It passes when no critical check fails."""
    dimensions = {name: fn(scenario, transcript) for name, fn in SCORERS.items()}
    passed = not any(f.severity == "critical" and not f.passed for d in dimensions.values() for f in d.findings)
    return ScoreCard(
        transcript.bot,
        transcript.scenario_id,
        transcript.trial,
        transcript.outcome,
        dimensions,
        composite(dimensions, weights),
        passed,
    )
