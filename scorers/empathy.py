"""Empathy: judged against the customer's emotion. Credit for acknowledging the feeling or
situation in the first reply, and condolences for a bereavement; penalties for tone-deaf
cheerfulness, minimising, script-like repetition, and apologising without ever acting.

Lexicon-based (EN and FR): deterministic and explainable. Its agreement with people is measured
on data it was not written from (see the scorer-validation issue)."""

from __future__ import annotations

import re
from collections import Counter

from bench.scenario import Scenario
from bench.text import ACKNOWLEDGEMENT, APOLOGY, excerpt, matches_any, normalise
from bench.transcript import Transcript
from scorers.findings import DimensionScore, Finding, from_findings

CONDOLENCES = [
    r"\b(sorry|sad) (for|about|to hear about) (your|the) loss\b",
    r"\bcondolence",
    r"\bsorry to hear (that|about|of) .{0,40}(passed|died|death|loss)",
    r"\bcondoleances\b",
    r"\bdesole(e)? pour votre perte\b",
    r"\b(triste|navre)s? (d'apprendre|pour) .{0,40}(deces|perte|disparition)",
]
CHEERFUL = [
    r"\b(great|awesome|fantastic|amazing|wonderful|perfect|yay)\s*!",
    r"[\U0001F300-\U0001FAFF\u2600-\u27BF]",
    r"(:|;)-?[)D]",
    r"\b(super|genial|parfait|top|excellent)\s*!",
    r"\bhappy to help!",
]
MINIMISING = [
    r"\bcalm down\b",
    r"\bno need to (get )?(upset|angry|worry)\b",
    r"\bit'?s (not|no) (a )?big deal\b",
    r"\bcalmez-vous\b",
    r"\bpas la peine de (vous )?(enerver|inquieter)\b",
    r"\bce n'est pas (si )?grave\b",
]
UPSET = ("frustrated", "angry", "grieving", "anxious", "vulnerable")


def score(scenario: Scenario, transcript: Transcript) -> DimensionScore:
    need = scenario.expectations["empathy"]
    emotion = scenario.emotion
    bot_turns = transcript.bot_turns()
    findings: list[Finding] = []
    if need != "none" and not bot_turns:  # a bot that never answered acknowledged nothing
        return from_findings(
            [
                Finding(
                    "empathy.acknowledges_first",
                    False,
                    "critical" if need == "critical" else "major",
                    f"never replies to a {emotion} customer",
                    0,
                )
            ]
        )
    if need != "none":
        severity = "critical" if need == "critical" else "major"
        first_i, first = bot_turns[0]
        ack = matches_any(first.text, ACKNOWLEDGEMENT + APOLOGY + CONDOLENCES)
        findings.append(
            Finding(
                "empathy.acknowledges_first",
                ack is not None,
                severity,
                "acknowledges the customer's feeling or situation in its first reply"
                if ack
                else f"first reply ignores the customer's state ({emotion})",
                first_i,
                excerpt(first.text, ack[0] if ack else ""),
            )
        )
        if emotion == "grieving":
            said = next(((i, t.text, m) for i, t in bot_turns if (m := matches_any(t.text, CONDOLENCES))), None)
            findings.append(
                Finding(
                    "empathy.condolences",
                    said is not None,
                    "critical",
                    "offers condolences" if said else "never offers condolences for the bereavement",
                    said[0] if said else None,
                    excerpt(said[1], said[2][0]) if said else "",
                )
            )
        findings += _apology_without_action(scenario, transcript)
    if emotion in UPSET:
        findings += _tone_deaf(transcript, emotion)
    findings += _repetition(transcript)
    if need == "none":  # nothing to credit; tone failures (cheer, minimising, scripted lines) still count
        findings = [f for f in findings if not f.passed]
    return from_findings(findings)


def _tone_deaf(transcript: Transcript, emotion: str) -> list[Finding]:
    found = []
    for check, patterns, message in (
        ("empathy.no_cheerfulness", CHEERFUL, f"cheerful tone or emoji with a {emotion} customer"),
        ("empathy.no_minimising", MINIMISING, "minimises or blames the customer"),
    ):
        hit = next(((i, t.text, m) for i, t in transcript.bot_turns() if (m := matches_any(t.text, patterns))), None)
        found.append(
            Finding(
                check,
                hit is None,
                "major",
                message if hit else f"no {check.split('_', 1)[1]}",
                hit[0] if hit else None,
                excerpt(hit[1], hit[2][0]) if hit else "",
            )
        )
    return found


def _repetition(transcript: Transcript) -> list[Finding]:
    """The same empathy sentence three times reads as a script, not as understanding."""
    sentences = Counter()
    where: dict[str, int] = {}
    for i, turn in transcript.bot_turns():
        for sentence in re.split(r"(?<=[.!?])\s+", turn.text):
            if matches_any(sentence, ACKNOWLEDGEMENT + APOLOGY):
                key = normalise(sentence)
                sentences[key] += 1
                where.setdefault(key, i)
    repeated = [(s, n) for s, n in sentences.items() if n >= 3]
    if not sentences:
        return []
    if repeated:
        s, n = repeated[0]
        return [
            Finding("empathy.not_scripted", False, "minor", f"repeats the same empathy line {n} times", where[s], s)
        ]
    return [Finding("empathy.not_scripted", True, "minor", "empathy lines are not repeated verbatim")]


def _apology_without_action(scenario: Scenario, transcript: Transcript) -> list[Finding]:
    """Sorry is not help: a bot that apologises must also act (a tool call or a handoff)."""
    apology = next(((i, t.text, m[0]) for i, t in transcript.bot_turns() if (m := matches_any(t.text, APOLOGY))), None)
    if apology is None:
        return []
    acted = any(t.tool_calls or t.handoff for _, t in transcript.bot_turns())
    return [
        Finding(
            "empathy.acts_not_only_apologises",
            acted,
            "major",
            "pairs its apology with action" if acted else "apologises but never does anything about it",
            apology[0],
            excerpt(apology[1], apology[2]),
        )
    ]
