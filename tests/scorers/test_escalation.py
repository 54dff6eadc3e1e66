"""Escalation: hand off when it should, not when it should not, on time, with a summary that spares
the customer from repeating themselves, and never claim a transfer that did not happen."""

from __future__ import annotations

import pytest

from bench.core.transcript import GAVE_UP, HANDOFF, RESOLVED, Handoff
from bench.core.world import ToolCall
from bench.scorers import escalation
from tests.conftest import checks, only, transcript


def handoff(summary="Ann Test, order A1, parcel late.", reason="customer asked", via="reply"):
    return Handoff(summary, reason, via)


def handoff_call(summary="Ann Test, order A1, parcel late.", reason="customer asked"):
    args = {"summary": summary, "reason": reason}
    return ToolCall("transfer_to_human", args, {"status": "transferred", "queue_position": 1})


def expecting(make_scenario, escalation_spec, customer=None, language="en"):
    return make_scenario(
        {
            "language": language,
            "customer": customer or {},
            "expectations": {"escalation": escalation_spec, "accuracy": None},
        }
    )


@pytest.fixture
def never(make_scenario):
    return expecting(make_scenario, {"expect": "never"})


@pytest.fixture
def required(make_scenario):
    return expecting(make_scenario, {"expect": "required", "by_turn": 2})


@pytest.fixture
def on_request(make_scenario):
    """The customer asks for a human in their second message."""
    return expecting(
        make_scenario,
        {"expect": "on_request"},
        {"asks_for_human": {"at_turn": 2, "say": "I want to speak to a human."}},
    )


# never


def test_resolving_a_never_case_without_handoff_is_contained(never):
    t = transcript(never, ("customer", "Where is my parcel?"), ("bot", "It arrives on 12 March."))
    scored = escalation.score(never, t)
    contained = only(scored.findings, "escalation.contained")
    assert contained.passed
    assert contained.severity == "critical"
    assert scored.score == 1.0


def test_handing_off_a_never_case_is_a_critical_containment_failure(never):
    t = transcript(
        never,
        ("customer", "Where is my parcel?"),
        ("bot", "A colleague will help you with that. Have a nice day.", [], handoff()),
        outcome=HANDOFF,
    )
    scored = escalation.score(never, t)
    contained = only(scored.findings, "escalation.contained")
    assert not contained.passed
    assert contained.severity == "critical"
    assert contained.turn == 1
    assert contained.evidence == "A colleague will help you with that."
    assert "containment" in contained.message
    assert scored.score == 0.0


def test_handing_off_a_never_case_through_the_tool_is_also_a_containment_failure(never):
    t = transcript(
        never,
        ("customer", "Where is my parcel?"),
        ("bot", "Let me check."),
        ("customer", "Well?"),
        ("bot", "Passing you on.", [handoff_call()], handoff(via="tool")),
        outcome=HANDOFF,
    )
    contained = only(escalation.score(never, t).findings, "escalation.contained")
    assert not contained.passed
    assert contained.turn == 3


def test_the_summary_of_a_handoff_that_should_not_happen_is_not_graded(make_scenario):
    scenario = expecting(
        make_scenario, {"expect": "never", "summary_must_include": [{"item": "order", "accept": ["A1"]}]}
    )
    t = transcript(scenario, ("customer", "Where?"), ("bot", "Transferring.", [], handoff(summary="")), outcome=HANDOFF)
    assert checks(escalation.score(scenario, t).findings) == ["escalation.contained"]


# required


def test_required_case_without_handoff_is_critical(required):
    t = transcript(
        required,
        ("customer", "My card was used in a shop I never went to."),
        ("bot", "Let me check your last transactions."),
        outcome=GAVE_UP,
    )
    scored = escalation.score(required, t)
    hands_off = only(scored.findings, "escalation.hands_off")
    assert not hands_off.passed
    assert hands_off.severity == "critical"
    assert hands_off.turn is None
    assert checks(scored.findings) == ["escalation.hands_off"]
    assert scored.score == 0.0


def test_required_case_handed_off_by_the_deadline_passes(required):
    t = transcript(
        required,
        ("customer", "My card was used in a shop I never went to."),
        ("bot", "I understand, this is worrying."),
        ("customer", "Please help."),
        ("bot", "I am transferring you to our fraud team.", [], handoff(reason="suspected fraud")),
        outcome=HANDOFF,
    )
    scored = escalation.score(required, t)
    hands_off = only(scored.findings, "escalation.hands_off")
    assert hands_off.passed
    assert hands_off.turn == 3
    assert hands_off.evidence == "suspected fraud"
    on_time = only(scored.findings, "escalation.on_time")
    assert on_time.passed
    assert on_time.severity == "major"
    assert "bot turn 2" in on_time.message
    assert scored.score == 1.0


def test_required_case_handed_off_after_the_deadline_fails_on_time(required):
    t = transcript(
        required,
        ("customer", "My card was used in a shop I never went to."),
        ("bot", "Let me check."),
        ("customer", "And?"),
        ("bot", "Still checking."),
        ("customer", "Please!"),
        ("bot", "I'm passing you to a colleague now.", [], handoff()),
        outcome=HANDOFF,
    )
    scored = escalation.score(required, t)
    assert only(scored.findings, "escalation.hands_off").passed
    on_time = only(scored.findings, "escalation.on_time")
    assert not on_time.passed
    assert on_time.severity == "major"
    assert on_time.turn == 5
    assert on_time.message == "hands off at bot turn 3 (deadline: turn 2)"
    assert only(scored.findings, "escalation.summary_given").passed
    assert scored.score == round((3 + 3) / (3 + 2 + 3), 4)


def test_required_case_without_a_deadline_has_no_on_time_check(make_scenario):
    scenario = expecting(make_scenario, {"expect": "required"})
    t = transcript(
        scenario,
        ("customer", "Help."),
        ("bot", "Checking."),
        ("customer", "Help!"),
        ("bot", "Checking."),
        ("customer", "HELP!"),
        ("bot", "Transferring you.", [], handoff()),
        outcome=HANDOFF,
    )
    assert checks(escalation.score(scenario, t).findings) == ["escalation.hands_off", "escalation.summary_given"]


# on_request


def test_handing_off_in_the_very_next_reply_after_the_request_is_at_once(on_request):
    t = transcript(
        on_request,
        ("customer", "Where is my parcel?"),
        ("bot", "Could you give me your order number?"),
        ("customer", "I want to speak to a human."),
        ("bot", "Of course, I'm transferring you now.", [], handoff()),
        outcome=HANDOFF,
    )
    scored = escalation.score(on_request, t)
    asked = only(scored.findings, "escalation.hands_off_when_asked")
    assert asked.passed
    assert asked.severity == "critical"
    assert asked.turn == 3
    at_once = only(scored.findings, "escalation.at_once")
    assert at_once.passed
    assert at_once.severity == "major"
    assert scored.score == 1.0


def test_a_request_in_the_opening_message_answered_by_the_first_reply_is_at_once(make_scenario):
    scenario = expecting(make_scenario, {"expect": "on_request"}, {"asks_for_human": {"at_turn": 1}})
    t = transcript(
        scenario,
        ("customer", "Human please."),
        ("bot", "Sure, transferring you.", [handoff_call()], handoff(via="tool")),
        outcome=HANDOFF,
    )
    assert only(escalation.score(scenario, t).findings, "escalation.at_once").passed


def test_making_the_customer_ask_again_fails_at_once(on_request):
    t = transcript(
        on_request,
        ("customer", "Where is my parcel?"),
        ("bot", "Could you give me your order number?"),
        ("customer", "I want to speak to a human."),
        ("bot", "I can surely help you myself!"),
        ("customer", "A human, please."),
        ("bot", "Very well, transferring you.", [], handoff()),
        outcome=HANDOFF,
    )
    scored = escalation.score(on_request, t)
    assert only(scored.findings, "escalation.hands_off_when_asked").passed
    at_once = only(scored.findings, "escalation.at_once")
    assert not at_once.passed
    assert at_once.severity == "major"
    assert at_once.turn == 5
    assert at_once.message == "makes the customer ask 2 times before handing off"
    assert scored.score == round((3 + 3) / (3 + 2 + 3), 4)


def test_never_handing_off_after_the_request_is_critical(on_request):
    t = transcript(
        on_request,
        ("customer", "Where is my parcel?"),
        ("bot", "Order number?"),
        ("customer", "I want to speak to a human. Now."),
        ("bot", "I can help you with that myself."),
        outcome=GAVE_UP,
    )
    scored = escalation.score(on_request, t)
    asked = only(scored.findings, "escalation.hands_off_when_asked")
    assert not asked.passed
    assert asked.severity == "critical"
    assert asked.turn == 2
    assert asked.evidence == "I want to speak to a human."
    assert scored.score == 0.0


def test_handing_off_before_the_customer_asked_is_premature(on_request):
    t = transcript(
        on_request,
        ("customer", "Where is my parcel?"),
        ("bot", "Let me pass you to a colleague.", [], handoff()),
        ("customer", "I want to speak to a human."),
        outcome=HANDOFF,
    )
    scored = escalation.score(on_request, t)
    premature = only(scored.findings, "escalation.not_premature")
    assert not premature.passed
    assert premature.severity == "critical"
    assert premature.turn == 1
    assert checks(scored.findings) == ["escalation.not_premature", "escalation.summary_given"]


def test_handing_off_before_the_customer_got_to_ask_is_premature(on_request):
    t = transcript(
        on_request,
        ("customer", "Where is my parcel?"),
        ("bot", "Let me pass you to a colleague.", [], handoff()),
        outcome=HANDOFF,
    )
    scored = escalation.score(on_request, t)
    assert [(f.check, f.passed, f.turn) for f in scored.findings] == [
        ("escalation.not_premature", False, 1),
        ("escalation.summary_given", True, 1),
    ]


def test_on_request_case_that_ended_before_the_request_without_handoff_is_not_applicable(on_request):
    t = transcript(on_request, ("customer", "Where is my parcel?"), ("bot", "It arrives on 12 March."))
    scored = escalation.score(on_request, t)
    assert scored.score is None
    assert scored.findings == []


# optional


def test_optional_case_without_handoff_is_not_applicable(make_scenario):
    scenario = expecting(make_scenario, {"expect": "optional"})
    t = transcript(scenario, ("customer", "Where is my parcel?"), ("bot", "It arrives on 12 March."))
    scored = escalation.score(scenario, t)
    assert scored.score is None
    assert scored.findings == []


def test_optional_case_with_handoff_grades_only_the_summary(make_scenario):
    scenario = expecting(
        make_scenario, {"expect": "optional", "summary_must_include": [{"item": "order number", "accept": ["A1"]}]}
    )
    t = transcript(scenario, ("customer", "Where?"), ("bot", "Transferring you.", [], handoff()), outcome=HANDOFF)
    assert [(f.check, f.passed) for f in escalation.score(scenario, t).findings] == [
        ("escalation.summary_carries", True),
        ("escalation.summary_given", True),
    ]


# handoff summary


SUMMARY_ITEMS = [
    {"item": "order number", "accept": ["A1", "#A1"]},
    {"item": "the issue", "accept": {"en": ["late", "delayed"], "fr": ["retard", "en retard"]}},
]


def test_summary_carrying_every_required_item_passes(make_scenario):
    scenario = expecting(make_scenario, {"expect": "required", "summary_must_include": SUMMARY_ITEMS})
    t = transcript(
        scenario,
        ("customer", "Where is my parcel?"),
        ("bot", "Transferring you.", [], handoff(summary="Customer Ann Test. Order #A1 is late. She is upset.")),
        outcome=HANDOFF,
    )
    carried = [f for f in escalation.score(scenario, t).findings if f.check == "escalation.summary_carries"]
    assert [(f.passed, f.severity, f.turn) for f in carried] == [(True, "major", 1), (True, "major", 1)]
    assert carried[0].evidence == "Order #A1 is late."
    assert "order number" in carried[0].message


def test_summary_missing_an_item_fails_for_that_item(make_scenario):
    scenario = expecting(make_scenario, {"expect": "required", "summary_must_include": SUMMARY_ITEMS})
    t = transcript(
        scenario,
        ("customer", "Where is my parcel?"),
        ("bot", "Transferring you.", [], handoff(summary="Customer Ann Test asks about a parcel. It is late.")),
        outcome=HANDOFF,
    )
    scored = escalation.score(scenario, t)
    carried = [f for f in scored.findings if f.check == "escalation.summary_carries"]
    assert [f.passed for f in carried] == [False, True]
    assert "lacks order number" in carried[0].message
    assert scored.score == round((3 + 2 + 3) / (3 + 2 + 2 + 3), 4)


def test_empty_summary_fails_every_item_and_says_so(make_scenario):
    scenario = expecting(make_scenario, {"expect": "required", "summary_must_include": SUMMARY_ITEMS})
    t = transcript(scenario, ("customer", "Help"), ("bot", "Transferring.", [], handoff(summary="")), outcome=HANDOFF)
    carried = [f for f in escalation.score(scenario, t).findings if f.check == "escalation.summary_carries"]
    assert [(f.passed, f.evidence) for f in carried] == [(False, "(empty summary)"), (False, "(empty summary)")]


def test_french_summary_items_match_without_accents(make_scenario):
    scenario = expecting(
        make_scenario,
        {"expect": "required", "summary_must_include": [{"item": "décès", "accept": {"fr": ["décès"]}}]},
        language="fr",
    )
    t = transcript(
        scenario,
        ("customer", "Mon mari est décédé."),
        ("bot", "Toutes mes condoléances. Je vous transfère.", [], handoff(summary="Deces du titulaire, compte C1.")),
        outcome=HANDOFF,
    )
    assert only(escalation.score(scenario, t).findings, "escalation.summary_carries").passed


def test_summary_item_must_be_a_whole_word(make_scenario):
    scenario = expecting(make_scenario, {"expect": "required", "summary_must_include": SUMMARY_ITEMS[:1]})
    t = transcript(
        scenario, ("customer", "Help"), ("bot", "Transferring.", [], handoff(summary="Order A10.")), outcome=HANDOFF
    )
    assert not only(escalation.score(scenario, t).findings, "escalation.summary_carries").passed


# claimed transfers


@pytest.mark.parametrize(
    "language, said",
    [
        ("en", "I'm transferring you to a colleague now."),
        ("en", "Let me connect you with an agent."),
        ("fr", "Je vous transfère à un conseiller."),
        ("fr", "Je vais vous mettre en relation avec un collègue."),
    ],
)
def test_claiming_a_transfer_without_handoff_is_a_critical_false_transfer(make_scenario, language, said):
    scenario = expecting(make_scenario, {"expect": "optional"}, language=language)
    t = transcript(scenario, ("customer", "Help"), ("bot", "One moment."), ("customer", "Well?"), ("bot", said))
    scored = escalation.score(scenario, t)
    false_transfer = only(scored.findings, "escalation.no_false_transfer")
    assert not false_transfer.passed
    assert false_transfer.severity == "critical"
    assert false_transfer.turn == 3
    assert false_transfer.evidence == said
    assert scored.score == 0.0


def test_a_false_transfer_is_reported_once(make_scenario):
    scenario = expecting(make_scenario, {"expect": "optional"})
    t = transcript(
        scenario,
        ("customer", "Help"),
        ("bot", "I'm transferring you."),
        ("customer", "Hello?"),
        ("bot", "I'm transferring you, please wait."),
    )
    assert checks(escalation.score(scenario, t).findings) == ["escalation.no_false_transfer"]


def test_announcing_the_transfer_in_the_handoff_turn_is_not_a_false_transfer(required):
    t = transcript(
        required,
        ("customer", "Help"),
        ("bot", "I'm transferring you to a colleague now.", [], handoff()),
        outcome=HANDOFF,
    )
    assert "escalation.no_false_transfer" not in checks(escalation.score(required, t).findings)


def test_a_false_transfer_in_a_never_case_halves_the_score(never):
    t = transcript(never, ("customer", "Where is it?"), ("bot", "It arrives on 12 March. Let me transfer you."))
    scored = escalation.score(never, t)
    assert [(f.check, f.passed) for f in scored.findings] == [
        ("escalation.contained", True),
        ("escalation.no_false_transfer", False),
    ]
    assert scored.score == 0.5


def test_declining_to_transfer_is_not_a_transfer_claim(never):
    t = transcript(never, ("customer", "Human?"), ("bot", "I can't transfer you, but I can track your parcel."))
    assert "escalation.no_false_transfer" not in checks(escalation.score(never, t).findings)


# doing nothing earns nothing


def test_a_never_case_the_customer_gave_up_on_earns_no_containment(make_scenario):
    scenario = expecting(make_scenario, {"expect": "never"})
    t = transcript(scenario, ("customer", "Where is my parcel?"), ("bot", "Hmm."), outcome=GAVE_UP)
    scored = escalation.score(scenario, t)
    assert scored.findings == [] and scored.score is None


def test_a_never_case_resolved_without_handoff_is_contained(make_scenario):
    scenario = expecting(make_scenario, {"expect": "never"})
    t = transcript(scenario, ("customer", "Where is my parcel?"), ("bot", "It arrives on 12 March."), outcome=RESOLVED)
    assert [(f.check, f.passed) for f in escalation.score(scenario, t).findings] == [("escalation.contained", True)]


def test_a_handoff_summary_carrying_no_listed_item_fails_critically(make_scenario):
    scenario = expecting(make_scenario, {"expect": "required", "summary_must_include": SUMMARY_ITEMS})
    t = transcript(scenario, ("customer", "Help"), ("bot", "Transferring.", [], handoff(summary="")), outcome=HANDOFF)
    given = only(escalation.score(scenario, t).findings, "escalation.summary_given")
    assert (given.passed, given.severity, given.evidence) == (False, "critical", "(empty summary)")


def test_a_stock_summary_tells_the_human_nothing_about_the_case(make_scenario):
    scenario = expecting(make_scenario, {"expect": "optional"})
    t = transcript(
        scenario,
        ("customer", "My blender arrived with a cracked jug, can you help?"),
        ("bot", "Let me transfer you.", [], handoff(summary="Customer needs help.")),
        outcome=HANDOFF,
    )
    assert not only(escalation.score(scenario, t).findings, "escalation.summary_given").passed


def test_a_summary_in_the_customers_own_words_tells_the_human_the_case(make_scenario):
    scenario = expecting(make_scenario, {"expect": "optional"})
    t = transcript(
        scenario,
        ("customer", "My blender arrived with a cracked jug, can you help?"),
        (
            "bot",
            "Let me transfer you.",
            [],
            handoff(summary="Blender delivered with a cracked jug; wants a replacement."),
        ),
        outcome=HANDOFF,
    )
    assert only(escalation.score(scenario, t).findings, "escalation.summary_given").passed
