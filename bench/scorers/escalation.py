"""Escalation: handing off when it should, not when it should not, on time, with a summary that
spares the customer from repeating themselves, and never claiming a transfer that did not happen.

Grounded in the customer research (docs/research.md): 65% find customer services too hard to reach and 39% resent
talking to a robot before a human (missing handoffs are critical); fewer than 6% would let an AI
handle a deceased relative's account or a suspicious transaction (`required` cases); 41% resent
repeating themselves (summary contents)."""

from __future__ import annotations

import re

from bench.core.claims import claims_transfer
from bench.core.scenario import Scenario
from bench.core.text import excerpt, mentions, mentions_any, normalise, texts_in
from bench.core.transcript import RESOLVED, Transcript
from bench.scorers.findings import DimensionScore, Finding, from_findings


def _bot_turn_number(transcript: Transcript, index: int) -> int:
    """1 for the bot's first reply, 2 for its second..."""
    return sum(1 for t in transcript.turns[: index + 1] if t.role == "bot")


def _request_index(scenario: Scenario, transcript: Transcript) -> int | None:
    """Index of the customer turn where they first ask for a human."""
    at = scenario.human_request.at_turn if scenario.human_request else None
    customer_turns = [i for i, t in enumerate(transcript.turns) if t.role == "customer"]
    return customer_turns[at - 1] if at and at <= len(customer_turns) else None


def score(scenario: Scenario, transcript: Transcript, *, transcript_only: bool = False) -> DimensionScore:
    """`transcript_only` changes nothing here (it concerns tool calls the harness cannot see)."""
    expect = scenario.escalation
    handoff_at = transcript.handoff_index()
    handoff = transcript.turns[handoff_at].handoff if handoff_at is not None else None
    findings: list[Finding] = []

    if expect == "never" and (handoff is not None or transcript.outcome == RESOLVED):
        # Keeping a case earns credit only when the bot resolved it: a customer who gave up on a bot
        # that never handed off was not "contained", only abandoned (resolution grades that).
        findings.append(
            Finding(
                "escalation.contained",
                handoff is None,
                "critical",
                "resolves the case without handing off"
                if handoff is None
                else "hands off a case the bot should resolve itself (containment failure)",
                handoff_at,
                excerpt(transcript.turns[handoff_at].text) if handoff else "",
            )
        )
    elif expect == "required":
        findings.append(
            Finding(
                "escalation.hands_off",
                handoff is not None,
                "critical",
                "hands off to a human" if handoff else "never hands off a case that needs a human",
                handoff_at,
                handoff.reason if handoff else "",
            )
        )
        if handoff and scenario.handoff_deadline:
            number = _bot_turn_number(transcript, handoff_at)
            findings.append(
                Finding(
                    "escalation.on_time",
                    number <= scenario.handoff_deadline,
                    "major",
                    f"hands off at bot turn {number} (deadline: turn {scenario.handoff_deadline})",
                    handoff_at,
                )
            )
    elif expect == "on_request":
        findings += _on_request(scenario, transcript, handoff_at)

    if handoff is not None and expect != "never":
        findings += _summary(scenario, handoff.summary, handoff_at)
        findings += _summary_given(scenario, transcript, handoff.summary, handoff_at)
    findings += _claimed_transfers(transcript)
    return from_findings(findings)


def _on_request(scenario: Scenario, transcript: Transcript, handoff_at: int | None) -> list[Finding]:
    asked = _request_index(scenario, transcript)
    if handoff_at is not None and (asked is None or handoff_at < asked):
        return [
            Finding(
                "escalation.not_premature",
                False,
                "critical",
                "hands off before trying to help (the customer had not asked)",
                handoff_at,
            )
        ]
    if asked is None:  # the conversation ended before the customer got to ask
        return []
    if handoff_at is None:
        missed = [
            Finding(
                "escalation.hands_off_when_asked",
                False,
                "critical",
                "the customer asked for a human and never got one",
                asked,
                excerpt(transcript.turns[asked].text),
            )
        ]
        reply = next((i for i in range(asked + 1, len(transcript.turns)) if transcript.turns[i].role == "bot"), None)
        if reply is not None:  # it answered, and the answer was not the handoff asked for
            missed.append(
                Finding("escalation.at_once", False, "major", "does not hand off in the reply to the request", reply)
            )
        return missed
    asks = sum(1 for t in transcript.turns[asked:handoff_at] if t.role == "customer")
    next_bot = next(i for i in range(asked + 1, len(transcript.turns)) if transcript.turns[i].role == "bot")
    return [
        Finding("escalation.hands_off_when_asked", True, "critical", "hands off when the customer asks", handoff_at),
        Finding(
            "escalation.at_once",
            handoff_at == next_bot,
            "major",
            "hands off in the very next reply"
            if handoff_at == next_bot
            else f"makes the customer ask {asks} times before handing off",
            handoff_at,
        ),
    ]


def _summary(scenario: Scenario, summary: str, handoff_at: int) -> list[Finding]:
    found = []
    for item in scenario.summary_items:
        forms = item.forms(scenario.language)
        hit = mentions_any(summary, forms)
        found.append(
            Finding(
                "escalation.summary_carries",
                hit is not None,
                "major",
                f"handoff summary carries {item.item}"
                if hit
                else f"handoff summary lacks {item.item}: the customer will have to repeat it",
                handoff_at,
                excerpt(summary, hit or "") if summary else "(empty summary)",
            )
        )
    return found


def _summary_given(scenario: Scenario, transcript: Transcript, summary: str, handoff_at: int) -> list[Finding]:
    """A handoff that tells the human nothing about the case sends the customer back to square one
    (critical, so that handing everything off with a stock line never passes): the summary must carry
    one of the items the case lists or, when it lists none, something of this case: a word the
    customer used that is not a stock support word, a fact they gave, or a reference the bot found."""
    items = scenario.summary_items
    if items:
        given = any(mentions_any(summary, item.forms(scenario.language)) for item in items)
    else:
        said = " ".join(t.text for t in transcript.turns if t.role == "customer")
        looked_up = [s for _, c in transcript.tool_calls() if c.error is None for s in texts_in(c.result)]
        values = [f.value for f in scenario.facts] + [s for s in looked_up if _REFERENCE.fullmatch(s)]
        given = bool(_content_words(summary) & _content_words(said)) or any(mentions(summary, v) for v in values)
    return [
        Finding(
            "escalation.summary_given",
            given,
            "critical",
            "the handoff summary tells the human what the case is"
            if given
            else "the handoff summary tells the human nothing about this case: the customer starts over",
            handoff_at,
            excerpt(summary) if summary else "(empty summary)",
        )
    ]


# Words any handoff could say about any case: sharing them with the customer says nothing about this one.
_STOCK = frozenset(
    "help needs need customer client issue problem question please thanks thank agent human person someone "
    "assistance support request wants would like speak talk contact conseiller aide besoin probleme demande "
    "souhaite voudrais parler personne humain merci bonjour hello".split()
)
_REFERENCE = re.compile(r"[A-Z0-9][A-Z0-9-]{3,}")


def _content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[^\W\d_]{4,}", normalise(text))} - _STOCK


def _claimed_transfers(transcript: Transcript) -> list[Finding]:
    """'I'm transferring you' with no handoff (in that reply or the next) leaves the customer waiting
    for nobody."""
    bot_turns = transcript.bot_turns()
    for n, (i, turn) in enumerate(bot_turns):
        claim = claims_transfer(turn.text)
        handed = turn.handoff or (n + 1 < len(bot_turns) and bot_turns[n + 1][1].handoff)
        if claim and not handed:
            return [
                Finding(
                    "escalation.no_false_transfer",
                    False,
                    "critical",
                    "says it transfers the customer but does not hand off",
                    i,
                    excerpt(claim.sentence),
                )
            ]
    return []
