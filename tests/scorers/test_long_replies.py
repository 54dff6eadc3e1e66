"""Scoring cost is bounded in reply size: the scorers read at most MAX_SCORED_CHARS of each text a
bot wrote, say so in the score record's notes, and give ordinary replies the same verdicts."""

from __future__ import annotations

import time

import pytest

from bench.core.transcript import HANDOFF, RESOLVED, Handoff, Transcript, Turn
from bench.core.world import ToolCall
from bench.scorers import MAX_SCORED_CHARS, bounded, score_transcript
from tests.conftest import transcript


def conversation(scenario, reply: str, **turn) -> Transcript:
    return transcript(
        scenario,
        Turn("customer", "Where is my parcel? Order A1."),
        Turn("bot", reply, **turn),
        Turn("customer", "Bye"),
        outcome=HANDOFF if turn.get("handoff") else RESOLVED,
    )


def test_an_ordinary_reply_is_scored_whole_and_the_record_has_no_notes(make_scenario):
    scenario = make_scenario()
    transcript = conversation(scenario, "It arrives on 12 March.")
    assert bounded(transcript) == (transcript, [])
    assert "notes" not in score_transcript(scenario, transcript).to_dict()


def test_a_reply_past_the_bound_is_cut_between_words_and_noted(make_scenario):
    scenario = make_scenario()
    reply = "It arrives on 12 March. " + "Thank you for waiting 24.99 EUR. " * (MAX_SCORED_CHARS // 20)
    card = score_transcript(scenario, conversation(scenario, reply))
    (note,) = card.to_dict()["notes"]
    assert note.startswith("turn 1 reply: scored the first ") and f"of {len(reply):,} characters" in note
    cut, _ = bounded(conversation(scenario, reply))
    assert cut.turns[1].text.endswith(("EUR.", "EUR. "))
    stated = next(f for f in card.dimensions["accuracy"].findings if f.check == "accuracy.states_fact")
    assert stated.passed  # what it read is graded as usual


def test_what_lies_past_the_bound_is_not_read(make_scenario):
    scenario = make_scenario()
    padding = "Let me check. " * (MAX_SCORED_CHARS // 14 + 10)
    told = score_transcript(scenario, conversation(scenario, padding + "It arrives on 12 March."))
    untold = score_transcript(scenario, conversation(scenario, padding + "It arrives on 30 April."))
    assert told.dimensions == untold.dimensions


def test_handoff_summaries_and_tool_arguments_are_bounded_too(make_scenario):
    scenario = make_scenario()
    huge = "Ann needs her parcel. " * (MAX_SCORED_CHARS // 10)
    transcript = conversation(
        scenario,
        "Transferring you.",
        handoff=Handoff(huge, "asked", "tool"),
        tool_calls=[ToolCall("transfer_to_human", {"summary": huge, "reason": "asked"}, {"status": "transferred"})],
    )
    cut, notes = bounded(transcript)
    assert len(notes) == 2 and all(len(n) < 200 for n in notes)
    assert len(cut.turns[1].handoff.summary) <= MAX_SCORED_CHARS
    assert len(cut.turns[1].tool_calls[0].arguments["summary"]) <= MAX_SCORED_CHARS
    assert transcript.turns[1].handoff.summary == huge  # the transcript itself is untouched


HOSTILE = {
    "prose": "I am so sorry for the trouble with order A1234. It arrives on 12 March, refund 24.99 EUR. ",
    "dots": ".",
    "one word": "a",
    "dates": "12/03/2026 ",
    "amounts": "24,99 € ",
    "hyphens": "a-b-c-",
    "no punctuation": "hello there ",
}


@pytest.mark.parametrize("unit", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_one_megabyte_reply_is_scored_in_bounded_time(make_scenario, unit):
    scenario = make_scenario()
    reply = (unit * (1_000_000 // len(unit) + 1))[:1_000_000]
    score_transcript(scenario, conversation(scenario, "Warm up the caches."))
    started = time.perf_counter()
    score_transcript(scenario, conversation(scenario, reply))
    assert time.perf_counter() - started < 5.0  # about 0.2 to 1 s alone; the margin is for busy machines


@pytest.mark.parametrize("unit", ["a", "a-", "a@", "1"])
def test_one_huge_token_does_not_slow_the_language_check(make_scenario, unit):
    scenario = make_scenario()
    reply = "Your parcel arrives on 12 March, thank you for your patience. " + unit * (MAX_SCORED_CHARS // len(unit))
    started = time.perf_counter()
    findings = score_transcript(scenario, conversation(scenario, reply)).dimensions["accuracy"].findings
    assert time.perf_counter() - started < 5.0
    assert not [f for f in findings if f.check == "accuracy.customer_language"]  # still read as English
