"""The scorers: one module per dimension, each a pure function `score(scenario, transcript, *,
transcript_only=False)` returning a DimensionScore, registered in bench.scorers.registry.
`score_transcript` runs them all and combines them with the weights (bench.scorers.weights: the
registry's defaults, or a buyer's weights file, `--weights`). docs/checks.md lists every check.
Scorers read only bench.core."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from bench.core.scenario import Scenario
from bench.core.transcript import RECORD_VERSION, Transcript
from bench.core.world import ToolCall
from bench.scorers.findings import DimensionScore, Finding, from_findings
from bench.scorers.registry import DIMENSION_WEIGHTS, DIMENSIONS, REGISTRY, WATCHING
from bench.scorers.weights import Weights

__all__ = ["DIMENSIONS", "MAX_SCORED_CHARS", "WATCHING", "ScoreCard", "composite", "score_transcript"]

# The scorers read at most this much of each text a bot wrote (a reply, a handoff summary, a tool
# argument): their cost grows with the text, and a 1 MB reply (the HTTP adapter's cap) would take
# seconds to score. It is some ten pages, far beyond any support reply, so no verdict on a real reply
# changes; a cut is recorded in the score record's `notes`, never silent.
MAX_SCORED_CHARS = 50_000


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
    notes: tuple[str, ...] = ()  # what the scorers did not read (MAX_SCORED_CHARS)

    def failures(self) -> list[Finding]:
        return [f for d in self.dimensions.values() for f in d.findings if not f.passed]

    def to_dict(self) -> dict:
        notes = {"notes": list(self.notes)} if self.notes else {}  # absent when empty: records stay as they were
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
        } | notes


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
    transcript, notes = bounded(transcript)
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
        tuple(notes),
    )


def bounded(transcript: Transcript, limit: int | None = None) -> tuple[Transcript, list[str]]:
    """The transcript with every text the bot wrote cut to `limit` characters, and a note per cut;
    the transcript itself when nothing is that long (the usual case: no copy)."""
    limit = MAX_SCORED_CHARS if limit is None else limit
    notes: list[str] = []

    def cut(text: str, what: str) -> str:
        if len(text) <= limit:
            return text
        kept = _cut_point(text, limit)
        notes.append(f"{what}: scored the first {kept:,} of {len(text):,} characters")
        return text[:kept]

    def cut_values(value: Any, what: str) -> Any:
        if isinstance(value, str):
            return cut(value, what)
        if isinstance(value, dict):
            return {k: cut_values(v, f"{what}.{k}") for k, v in value.items()}
        if isinstance(value, list):
            return [cut_values(v, f"{what}[{i}]") for i, v in enumerate(value)]
        return value

    def longest(value: Any) -> int:
        if isinstance(value, str):
            return len(value)
        items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
        return max((longest(v) for v in items), default=0)

    turns = []
    for i, turn in enumerate(transcript.turns):
        if turn.role != "bot":
            turns.append(turn)
            continue
        before = len(notes)
        handoff = turn.handoff
        if handoff and max(len(handoff.summary), len(handoff.reason)) > limit:
            summary, reason = (
                cut(handoff.summary, f"turn {i} handoff summary"),
                cut(handoff.reason, f"turn {i} handoff reason"),
            )
            handoff = replace(handoff, summary=summary, reason=reason)
        calls = [
            ToolCall(c.name, cut_values(c.arguments, f"turn {i} {c.name} arguments"), c.result, c.error)
            if longest(c.arguments) > limit
            else c
            for c in turn.tool_calls
        ]
        text = cut(turn.text, f"turn {i} reply")
        turns.append(replace(turn, text=text, handoff=handoff, tool_calls=calls) if len(notes) > before else turn)
    if not notes:
        return transcript, notes
    return replace(transcript, turns=turns), notes


def _cut_point(text: str, limit: int) -> int:
    """Where to cut: after the last sentence end, else the last space, in the final tenth before
    `limit`, so no word, date or amount is cut in two and read as another."""
    window = text[limit - limit // 10 : limit + 1]
    for ends in (". ", "! ", "? ", "\n", " "):
        at = window.rfind(ends)
        if at >= 0:
            return limit - limit // 10 + at + 1
    return limit
