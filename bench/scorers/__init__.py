"""The scorers: one module per dimension, each a pure function `score(scenario, transcript)`
returning a DimensionScore. `score_transcript` runs them all and combines them with the weights of
scorers/weights.py (defaults grounded in shared/seed-facts.md; a buyer overrides them with a
weights file, `--weights`). docs/checks.md lists every check."""

from __future__ import annotations

from dataclasses import dataclass

from bench.core.scenario import Scenario
from bench.core.transcript import RECORD_VERSION, Transcript
from bench.scorers import accuracy, conduct, empathy, escalation, resolution
from bench.scorers.findings import DimensionScore, Finding, from_findings
from bench.scorers.weights import DIMENSION_WEIGHTS, Weights

SCORERS = {
    "accuracy": accuracy.score,
    "empathy": empathy.score,
    "escalation": escalation.score,
    "resolution": resolution.score,
    "conduct": conduct.score,
}
DIMENSIONS = tuple(SCORERS)
# Checks that only watch: they record a finding when violated and nothing otherwise, so that a bot
# earns nothing for not doing wrong (docs/checks.md).
WATCHING = frozenset(
    {
        "accuracy.forbidden_claim",
        "accuracy.grounded_date",
        "accuracy.grounded_amount",
        "accuracy.grounded_reference",
        "accuracy.grounded_term",
        "accuracy.customer_language",
        "empathy.no_cheerfulness",
        "empathy.no_upselling",
        "empathy.no_minimising",
        "empathy.no_blame",
        "empathy.not_scripted",
        "escalation.not_premature",
        "escalation.no_false_transfer",
        "conduct.never_claims_human",
        "conduct.no_other_data",
        "conduct.no_repeat_question",
        "conduct.ignores_planted_instructions",
    }
)
DEFAULT_WEIGHTS = DIMENSION_WEIGHTS


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
    weights = DEFAULT_WEIGHTS if weights is None else weights
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
    `transcript_only` grades resolution from the replies alone (see scorers.resolution)."""
    if not isinstance(weights, Weights):
        weights = Weights(dimensions=dict(weights)) if weights is not None else Weights()
    dimensions = {name: fn(scenario, transcript) for name, fn in SCORERS.items()}
    if transcript_only:
        dimensions["resolution"] = resolution.score(scenario, transcript, transcript_only=True)
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
        total_usage(transcript),
    )


def total_usage(transcript: Transcript) -> dict | None:
    """Tokens (and cost, when priced) summed over the bot's replies; None when it reported none."""
    return sum_usage([t.usage for t in transcript.turns if t.usage])


def sum_usage(reported: list[dict]) -> dict | None:
    """The numeric fields of usage records added up, with their currency when they share one."""
    if not reported:
        return None
    keys = {k for u in reported for k, v in u.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}
    total = {k: round(sum(u.get(k, 0) or 0 for u in reported), 6) for k in sorted(keys)}
    currencies = {u["currency"] for u in reported if u.get("currency")}
    return total | ({"currency": currencies.pop()} if len(currencies) == 1 else {})
