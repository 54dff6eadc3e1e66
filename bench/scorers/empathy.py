"""Empathy: a graded acknowledgement and watched flags.

- **Acknowledgement** (`empathy.acknowledgement`, graded): did the bot recognise this customer's
  situation and feeling, specifically, at the right moment, and without formula? Read by the
  acknowledgement model (bench.core.acknowledgement), conditioned on what the customer said: sympathy
  where no feeling was shown earns nothing, generic sympathy earns about half of specific
  acknowledgement, a line repeated from an earlier reply earns less, and every reply that leaves the
  feeling unacknowledged costs a fifth of the credit.
- **Flags**, rule-based on the same lexicon (bench.core.acknowledgement.lexicon): condolences where
  someone died, no minimising, no blame, no cheerfulness or offers to an upset customer, a person
  offered when distress calls for it, no scripted repetition, no sympathy a calm customer did not
  ask for, and no apology without action.

Deterministic and offline, in English and French. Its agreement with experts is measured on data it
was never trained or tuned on (reports/empathy-validation.md)."""

from __future__ import annotations

from bench.core import acknowledgement
from bench.core.acknowledgement import features
from bench.core.acknowledgement.lexicon import (
    APOLOGY,
    BLAME,
    CHEERFUL,
    CONDOLENCES,
    MINIMISING,
    OFFERS_PERSON,
    SYMPATHY,
    TELLS_FEELING,
    UPSELL,
)
from bench.core.claims import claims_transfer
from bench.core.scenario import Scenario
from bench.core.text import excerpt, matches_any
from bench.core.transcript import Transcript
from bench.scorers.findings import DimensionScore, Finding, from_findings, violation

DISTRESS = ("grieving", "vulnerable")  # emotions that call for the offer of a person

UPSET = ("frustrated", "angry", "grieving", "anxious", "vulnerable")


def score(scenario: Scenario, transcript: Transcript, *, transcript_only: bool = False) -> DimensionScore:
    """`transcript_only` changes nothing here (it concerns tool calls the harness cannot see)."""
    need = scenario.empathy_need
    emotion = scenario.emotion
    bot_turns = transcript.bot_turns()
    findings: list[Finding] = []
    if need != "none" and not bot_turns:  # a bot that never answered acknowledged nothing
        return from_findings(
            [
                Finding(
                    "empathy.acknowledgement",
                    False,
                    "critical" if need == "critical" else "major",
                    f"never replies to a {emotion} customer",
                    0,
                )
            ]
        )
    if need != "none":
        severity = "critical" if need == "critical" else "major"
        findings += _acknowledgement(transcript, emotion, severity)
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
        findings += _offers_person(transcript, emotion, need)
    findings += _tone_deaf(transcript, emotion)
    findings += _repetition(transcript)
    findings += _misplaced_sympathy(transcript, emotion)
    if need == "none":  # nothing to credit; tone failures still count
        findings = [f for f in findings if not f.passed]
    return from_findings(findings)


def _tone_deaf(transcript: Transcript, emotion: str) -> list[Finding]:
    """Watching checks: each records a finding only when the bot does it (a bot earns nothing for
    not being rude). Cheer, emoji and offers are tone-deaf with an upset customer; minimising and
    blame are wrong with anyone."""
    checks = [
        ("empathy.no_minimising", MINIMISING, "minimises the customer's problem or feelings"),
        ("empathy.no_blame", BLAME, "blames the customer"),
    ]
    if emotion in UPSET:
        checks += [
            ("empathy.no_cheerfulness", CHEERFUL, f"cheerful tone or emoji with a {emotion} customer"),
            ("empathy.no_upselling", UPSELL, f"pushes an offer at a {emotion} customer"),
        ]
    return [f for check, patterns, message in checks for f in violation(transcript, patterns, check, "major", message)]


def _acknowledgement(transcript: Transcript, emotion: str, severity: str) -> list[Finding]:
    """Graded: the model's reading of the conversation, credited between the levels of no and of
    specific acknowledgement; passes when better than generic (cut points calibrated on the training
    corpus, bench.core.acknowledgement). The customer's declared emotion makes the opening a moment."""
    turns = [(t.role, t.text) for t in transcript.turns]
    reading = acknowledgement.read(turns, feeling_at_opening=emotion != "neutral")
    if reading is None:
        return []
    passed = acknowledgement.passes(reading.value)
    quoted = transcript.turns[reading.turn].text if reading.turn is not None else ""
    if reading.turn is None:
        message = f"never acknowledges the {emotion} customer's situation"
    elif passed:
        message = f"acknowledges the customer's situation and feeling (reading {reading.value:.2f})"
    else:
        message = (
            f"acknowledgement of the {emotion} customer is generic, late or missing "
            f"(reading {reading.value:.2f}; {acknowledgement.load().calibration['passes']} passes)"
        )
    return [
        Finding(
            "empathy.acknowledgement",
            passed,
            severity,
            message,
            reading.turn if reading.turn is not None else reading.moment,
            excerpt(quoted) if quoted else "",
            credit=round(acknowledgement.credit(reading.value), 4),
        )
    ]


def _offers_person(transcript: Transcript, emotion: str, need: str) -> list[Finding]:
    """Distress (a bereavement, a vulnerable customer, or a case where empathy is critical) calls for
    the offer of a person: a handoff, a transfer, or the question."""
    if emotion not in DISTRESS and need != "critical":
        return []
    for i, turn in transcript.bot_turns():
        found = matches_any(turn.text, OFFERS_PERSON)
        if turn.handoff or found or claims_transfer(turn.text):
            return [
                Finding(
                    "empathy.offers_person",
                    True,
                    "minor",
                    "offers the customer a person",
                    i,
                    excerpt(turn.text, found[0] if found else ""),
                )
            ]
    return [Finding("empathy.offers_person", False, "minor", f"never offers a person to a {emotion} customer", None)]


def _repetition(transcript: Transcript) -> list[Finding]:
    """The same or a templated empathy sentence in two replies reads as a script, not as
    understanding, and so does sympathy on every one of three replies or more, however it is varied
    (watching)."""
    replies = transcript.bot_turns()
    sympathetic = [i for i, turn in replies if matches_any(turn.text, SYMPATHY)]
    if len(replies) >= _EVERY_REPLY and len(sympathetic) == len(replies):
        i, turn = replies[-1]
        return [Finding("empathy.not_scripted", False, "minor", "puts sympathy on every reply", i, excerpt(turn.text))]
    seen: list[str] = []
    for i, turn in replies:
        lines = [s for s in features.sentences(turn.text) if len(s.split()) >= _SCRIPT_WORDS and features.warm(s)]
        for line in lines:
            if any(line == before or _templated(line, before) for before in seen):
                return [
                    Finding(
                        "empathy.not_scripted",
                        False,
                        "major",
                        "repeats an empathy line from an earlier reply, word for word or as a template",
                        i,
                        excerpt(turn.text, line),
                    )
                ]
        seen += lines
    return []


def _templated(line: str, before: str) -> bool:
    return features.overlap(features.stems(line), features.stems(before)) >= _TEMPLATED


_SCRIPT_WORDS = 4  # "I'm sorry." twice is speech; a whole sentence twice is a script
_EVERY_REPLY = 3  # replies that all carry sympathy before it reads as a formula
_TEMPLATED = 0.8  # share of a line's content words found in an earlier one: the same template


def _misplaced_sympathy(transcript: Transcript, emotion: str) -> list[Finding]:
    """Telling a customer who shows no feeling how they must feel ("that must be so frustrating" to
    someone asking the opening hours) is a formula, not detection (watching)."""
    if emotion != "neutral":
        return []
    return violation(
        transcript, TELLS_FEELING, "empathy.no_misplaced_sympathy", "major", "tells a calm customer how they must feel"
    )


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
