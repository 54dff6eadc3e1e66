"""Findings and dimension scores: what every scorer returns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from bench.core.claims import Assertion
from bench.core.text import excerpt, matches_any
from bench.core.transcript import Transcript

# How much a check counts towards its dimension's score, by default (a weights file may change it):
# a critical check counts three times a minor one, and a failed critical check also fails the
# conversation, whatever the scores.
SEVERITY_WEIGHTS = {"critical": 3.0, "major": 2.0, "minor": 1.0}


@dataclass(frozen=True)
class Finding:
    check: str  # stable name, e.g. "escalation.handoff_when_asked"
    passed: bool
    severity: str  # critical | major | minor
    message: str  # one sentence a support lead understands
    turn: int | None = None  # index in transcript.turns the finding is about
    evidence: str = ""  # quoted words from the transcript (or the state) that decided it
    credit: float | None = None  # a graded check's share of its weight earned, 0..1 (None: all or nothing)

    @property
    def earned(self) -> float:
        """The share of its weight this finding earns."""
        return self.credit if self.credit is not None else float(self.passed)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class DimensionScore:
    """A score in [0, 1], or None when the dimension does not apply to the scenario."""

    score: float | None
    findings: list[Finding] = field(default_factory=list)

    @property
    def applicable(self) -> bool:
        return self.score is not None

    def to_dict(self) -> dict:
        return {"score": self.score, "findings": [f.to_dict() for f in self.findings]}


def from_findings(findings: list[Finding], severities: dict[str, float] | None = None) -> DimensionScore:
    """Severity-weighted share of checks passed (a graded check counts its credit); not applicable
    when there was nothing to check (or when every check that applies weighs nothing)."""
    weight = severities or SEVERITY_WEIGHTS
    total = sum(weight[f.severity] for f in findings)
    if not findings or not total:
        return DimensionScore(None, list(findings))
    passed = sum(weight[f.severity] * f.earned for f in findings)
    return DimensionScore(round(passed / total, 4), findings)


def violation(transcript: Transcript, patterns: list[str], check: str, severity: str, message: str) -> list[Finding]:
    """A watching check: one failed finding at the first bot reply that matches `patterns`, quoting
    the match; nothing when no reply does (a bot earns nothing for not doing wrong)."""
    for i, turn in transcript.bot_turns():
        found = matches_any(turn.text, patterns)
        if found:
            return [Finding(check, False, severity, message, i, excerpt(turn.text, found[0]))]
    return []


def claimed(
    transcript: Transcript, claim: Callable[[str], Assertion | None], check: str, severity: str, message: str
) -> list[Finding]:
    """A watching check on a claim: one failed finding at the first bot reply that asserts it in the
    bot's own voice (bench.core.claims: not denied, refused, conditional, asked or quoted), quoting the
    sentence; nothing when no reply does."""
    for i, turn in transcript.bot_turns():
        found = claim(turn.text)
        if found:
            return [Finding(check, False, severity, message, i, excerpt(found.sentence))]
    return []
