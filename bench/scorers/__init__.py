"""The scorers: one module per dimension, each a pure function `score(scenario, transcript, *,
transcript_only=False)` returning a DimensionScore, registered in bench.scorers.registry.
`score_transcript` runs them all and combines them with the weights (bench.scorers.weights: the
registry's defaults, or a buyer's weights file, `--weights`). docs/checks.md lists every check.
Scorers read only bench.core."""

from __future__ import annotations

from dataclasses import dataclass

from bench.core.scenario import Scenario
from bench.core.transcript import RECORD_VERSION, Transcript
from bench.scorers.findings import DimensionScore, Finding, from_findings
from bench.scorers.registry import DIMENSION_WEIGHTS, DIMENSIONS, REGISTRY, WATCHING
from bench.scorers.weights import Weights

__all__ = ["DIMENSIONS", "WATCHING", "ScoreCard", "composite", "score_transcript"]


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
    escalation_expected: str = ""  # the scenario's expectation, for the summary's handoff matrix
    handed_off: bool = False
    usage: dict | None = None  # tokens and cost an LLM bot reported, summed over the conversation

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
            "handoff": {"expected": self.escalation_expected, "happened": self.handed_off},
            "usage": self.usage,
            "dimensions": {k: v.to_dict() for k, v in self.dimensions.items()},
        }


def composite(dimensions: dict[str, DimensionScore], weights: dict[str, float] | None = None) -> float:
    """Weighted mean of the applicable dimensions (weights renormalised over them)."""
    weights = DIMENSION_WEIGHTS if weights is None else weights
    used = {k: weights.get(k, 0.0) for k, d in dimensions.items() if d.applicable and weights.get(k, 0.0) > 0}
    total = sum(used.values())
    return round(sum(dimensions[k].score * w for k, w in used.items()) / total, 4) if total else 0.0


def score_transcript(
    scenario: Scenario,
    transcript: Transcript,
    weights: Weights | dict[str, float] | None = None,
    *,
    transcript_only: bool = False,
) -> ScoreCard:
    """Score one conversation on every dimension. It passes when no critical check fails.
    `weights` is a Weights (dimensions and severities) or a plain mapping of dimension weights;
    `transcript_only` grades resolution from the replies alone (see bench.scorers.resolution)."""
    if not isinstance(weights, Weights):
        weights = Weights(dimensions=dict(weights)) if weights is not None else Weights()
    dimensions = {d.name: d.score(scenario, transcript, transcript_only=transcript_only) for d in REGISTRY}
    if weights.severities != Weights().severities:
        dimensions = {k: from_findings(d.findings, weights.severities) for k, d in dimensions.items()}
    passed = not any(f.severity == "critical" and not f.passed for d in dimensions.values() for f in d.findings)
    return ScoreCard(
        transcript.bot,
        transcript.scenario_id,
        transcript.trial,
        transcript.outcome,
        dimensions,
        composite(dimensions, weights.dimensions),
        passed,
        scenario.escalation,
        transcript.handoff_index() is not None,
        transcript.total_usage(),
    )
