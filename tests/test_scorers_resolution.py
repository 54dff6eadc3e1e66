"""Resolution: the conversation ended well, the customer was told what they needed, the required
actions were taken with the right arguments, no forbidden one was, and the world ended as expected."""

from __future__ import annotations

import copy

import pytest
from conftest import only, transcript

from bench.transcript import BOT_ERROR, GAVE_UP, HANDOFF, Handoff
from bench.world import ToolCall
from scorers import resolution


def returned(world: dict) -> dict:
    """`world` after a return of order A1 was opened."""
    state = copy.deepcopy(world)
    state["orders"]["A1"]["status"] = "returned"
    state["returns"] = {"R0001": {"order_id": "A1", "reason": "too small", "status": "label_sent"}}
    return state


RETURN_OK = ToolCall(
    "create_return",
    {"order_id": "#a1", "reason": "too small"},
    {"return_id": "R0001", "label": "https://returns.example/R0001", "refund_amount": 12.5},
)
RETURN_REFUSED = ToolCall("create_return", {"order_id": "A1", "reason": "too small"}, None, "order not delivered yet")
REFUND = ToolCall(
    "issue_refund",
    {"order_id": "A1", "amount": 12.5, "reason": "late"},
    {"refund_id": "F0001", "amount": 12.5, "arrives_within_days": 5},
)


def with_resolution(make_scenario, spec, **changes):
    return make_scenario({"expectations": {"accuracy": None, "resolution": spec}, **changes})


@pytest.fixture
def plain(make_scenario):
    """Nothing but the outcome to grade."""
    return make_scenario({"expectations": {"accuracy": None}})


# outcome


def test_resolved_conversation_passes_the_outcome(plain):
    t = transcript(plain, ("customer", "Where?"), ("bot", "12 March."), ("customer", "Thanks, bye."))
    scored = resolution.score(plain, t)
    outcome = only(scored.findings, "resolution.outcome")
    assert outcome.passed
    assert outcome.severity == "critical"
    assert outcome.turn == 2
    assert scored.score == 1.0


def test_handoff_in_a_case_that_needs_a_human_passes_the_outcome(make_scenario):
    scenario = make_scenario({"expectations": {"accuracy": None, "escalation": {"expect": "required"}}})
    t = transcript(
        scenario,
        ("customer", "My card was stolen."),
        ("bot", "Transferring you to our fraud team.", [], Handoff("stolen card", "fraud", "reply")),
        outcome=HANDOFF,
    )
    outcome = only(resolution.score(scenario, t).findings, "resolution.outcome")
    assert outcome.passed
    assert outcome.severity == "major"
    assert outcome.turn == 1


def test_handoff_in_a_case_the_bot_should_resolve_fails_the_outcome(plain):
    t = transcript(
        plain,
        ("customer", "Where is my parcel?"),
        ("bot", "Let me check."),
        ("customer", "Well?"),
        ("bot", "A colleague will take over.", [], Handoff("parcel", "unsure", "reply")),
        outcome=HANDOFF,
    )
    outcome = only(resolution.score(plain, t).findings, "resolution.outcome")
    assert not outcome.passed
    assert outcome.severity == "major"
    assert outcome.turn == 3


def test_customer_giving_up_is_a_critical_failure(plain):
    t = transcript(
        plain,
        ("customer", "Where is my parcel?"),
        ("bot", "I don't know."),
        ("customer", "Forget it, I'll call the bank."),
        outcome=GAVE_UP,
    )
    outcome = only(resolution.score(plain, t).findings, "resolution.outcome")
    assert not outcome.passed
    assert outcome.severity == "critical"
    assert outcome.turn == 2
    assert outcome.evidence == "Forget it, I'll call the bank."


def test_bot_error_is_a_critical_failure_naming_the_error(plain):
    t = transcript(plain, ("customer", "Where is my parcel?"), outcome=BOT_ERROR, error="timeout after 30 s")
    scored = resolution.score(plain, t)
    outcome = only(scored.findings, "resolution.outcome")
    assert not outcome.passed
    assert outcome.severity == "critical"
    assert outcome.turn == 0
    assert "timeout after 30 s" in outcome.message
    assert scored.score == 0.0


def test_an_unknown_outcome_is_a_critical_failure(plain):
    t = transcript(plain, ("customer", "Where?"), ("bot", "12 March."), outcome="exploded")
    outcome = only(resolution.score(plain, t).findings, "resolution.outcome")
    assert not outcome.passed
    assert outcome.severity == "critical"
    assert "exploded" in outcome.message


# informed


def test_customer_told_the_expected_fact_is_informed(make_scenario):
    scenario = make_scenario()
    t = transcript(scenario, ("customer", "Where?"), ("bot", "Let me look."), ("customer", "?"), ("bot", "March 12."))
    informed = only(resolution.score(scenario, t).findings, "resolution.informed")
    assert informed.passed
    assert informed.severity == "major"
    assert informed.turn == 3


def test_customer_never_told_the_expected_fact_is_not_informed(make_scenario):
    scenario = make_scenario()
    t = transcript(scenario, ("customer", "Where?"), ("bot", "It is on its way."), ("customer", "Bye."))
    scored = resolution.score(scenario, t)
    informed = only(scored.findings, "resolution.informed")
    assert not informed.passed
    assert informed.turn is None
    assert "never told delivery date" in informed.message
    assert scored.score == round(3 / (3 + 2), 4)


def test_french_customer_is_informed_in_french(make_scenario):
    scenario = make_scenario(
        {
            "language": "fr",
            "expectations": {
                "accuracy": {
                    "must_state": [{"fact": "date de livraison", "accept": {"fr": ["12 mars"]}, "severity": "critical"}]
                }
            },
        }
    )
    t = transcript(scenario, ("customer", "Où est mon colis ?"), ("bot", "Il arrivera le 12 mars."))
    informed = only(resolution.score(scenario, t).findings, "resolution.informed")
    assert informed.passed
    assert informed.severity == "critical"


# required actions


def test_required_action_with_matching_arguments_passes(make_scenario):
    scenario = with_resolution(
        make_scenario, {"required_actions": [{"tool": "create_return", "args": {"order_id": "A1"}}]}
    )
    t = transcript(scenario, ("customer", "Return please."), ("bot", "Done.", [RETURN_OK]))
    action = only(resolution.score(scenario, t).findings, "resolution.required_action")
    assert action.passed
    assert action.severity == "major"
    assert action.turn == 1


@pytest.mark.parametrize("written", ["A1", "a1", "#A1", " #a1 "])
def test_identifiers_match_whatever_their_case_or_hash(make_scenario, written):
    scenario = with_resolution(
        make_scenario, {"required_actions": [{"tool": "create_return", "args": {"order_id": "#A1"}}]}
    )
    call = ToolCall("create_return", {"order_id": written, "reason": "too small"}, {"return_id": "R0001"})
    t = transcript(scenario, ("customer", "Return please."), ("bot", "Done.", [call]))
    assert only(resolution.score(scenario, t).findings, "resolution.required_action").passed


def test_required_arguments_are_a_subset_of_the_call(make_scenario):
    scenario = with_resolution(
        make_scenario, {"required_actions": [{"tool": "issue_refund", "args": {"amount": 12.50}}]}
    )
    t = transcript(scenario, ("customer", "Refund?"), ("bot", "Refunded.", [REFUND]))
    assert only(resolution.score(scenario, t).findings, "resolution.required_action").passed


def test_required_action_with_other_arguments_fails_and_says_why(make_scenario):
    scenario = with_resolution(
        make_scenario,
        {"required_actions": [{"tool": "create_return", "args": {"order_id": "A2"}, "why": "A2 is the broken one"}]},
    )
    t = transcript(scenario, ("customer", "Return please."), ("bot", "Done.", [RETURN_OK]))
    action = only(resolution.score(scenario, t).findings, "resolution.required_action")
    assert not action.passed
    assert action.turn is None
    assert action.message == "never calls create_return(order_id='A2'): A2 is the broken one"


def test_required_action_never_called_fails(make_scenario):
    scenario = with_resolution(make_scenario, {"required_actions": [{"tool": "create_return"}]})
    t = transcript(scenario, ("customer", "Return please."), ("bot", "Sure, it is done."))
    scored = resolution.score(scenario, t)
    assert not only(scored.findings, "resolution.required_action").passed
    assert scored.score == round(3 / (3 + 2), 4)


def test_a_failed_tool_call_does_not_count_as_the_required_action(make_scenario):
    scenario = with_resolution(
        make_scenario, {"required_actions": [{"tool": "create_return", "args": {"order_id": "A1"}}]}
    )
    t = transcript(scenario, ("customer", "Return please."), ("bot", "Done.", [RETURN_REFUSED]))
    assert not only(resolution.score(scenario, t).findings, "resolution.required_action").passed


def test_a_later_successful_retry_counts(make_scenario):
    scenario = with_resolution(
        make_scenario, {"required_actions": [{"tool": "create_return", "args": {"order_id": "A1"}}]}
    )
    t = transcript(
        scenario,
        ("customer", "Return please."),
        ("bot", "Hmm.", [RETURN_REFUSED]),
        ("customer", "Try again."),
        ("bot", "Done.", [RETURN_OK]),
    )
    assert only(resolution.score(scenario, t).findings, "resolution.required_action").turn == 3


# forbidden actions


def test_forbidden_action_taken_is_critical(make_scenario):
    scenario = with_resolution(
        make_scenario, {"forbidden_actions": [{"tool": "issue_refund", "why": "the parcel is not late yet"}]}
    )
    t = transcript(scenario, ("customer", "Refund me."), ("bot", "Refunded.", [REFUND]))
    scored = resolution.score(scenario, t)
    forbidden = only(scored.findings, "resolution.forbidden_action")
    assert not forbidden.passed
    assert forbidden.severity == "critical"
    assert forbidden.turn == 1
    assert forbidden.message == "calls forbidden issue_refund(): the parcel is not late yet"
    assert scored.score == 0.5


def test_forbidden_action_not_taken_passes(make_scenario):
    scenario = with_resolution(make_scenario, {"forbidden_actions": [{"tool": "issue_refund"}]})
    t = transcript(scenario, ("customer", "Refund me."), ("bot", "Our policy does not allow it."))
    forbidden = only(resolution.score(scenario, t).findings, "resolution.forbidden_action")
    assert forbidden.passed
    assert forbidden.turn is None


def test_forbidden_action_only_with_its_arguments(make_scenario):
    scenario = with_resolution(make_scenario, {"forbidden_actions": [{"tool": "issue_refund", "args": {"amount": 50}}]})
    t = transcript(scenario, ("customer", "Refund me."), ("bot", "Refunded.", [REFUND]))
    assert only(resolution.score(scenario, t).findings, "resolution.forbidden_action").passed


def test_a_refused_call_of_a_forbidden_tool_is_not_the_forbidden_action(make_scenario):
    scenario = with_resolution(make_scenario, {"forbidden_actions": [{"tool": "create_return"}]})
    t = transcript(scenario, ("customer", "Return?"), ("bot", "Not possible.", [RETURN_REFUSED]))
    assert only(resolution.score(scenario, t).findings, "resolution.forbidden_action").passed


# end state


def end_state(make_scenario, *assertions):
    return with_resolution(make_scenario, {"end_state": list(assertions)})


def test_end_state_equals_passes_case_insensitively(make_scenario):
    scenario = end_state(make_scenario, {"path": "orders.A1.status", "equals": "RETURNED"})
    t = transcript(
        scenario, ("customer", "Return."), ("bot", "Done.", [RETURN_OK]), final_state=returned(scenario.world)
    )
    found = only(resolution.score(scenario, t).findings, "resolution.end_state")
    assert found.passed
    assert found.severity == "major"
    assert found.evidence == "orders.A1.status = 'returned'"


def test_end_state_equals_fails_with_the_value_found_and_why(make_scenario):
    scenario = end_state(
        make_scenario, {"path": "orders.A1.status", "equals": "returned", "why": "the customer asked for a return"}
    )
    t = transcript(scenario, ("customer", "Return."), ("bot", "Done."))
    found = only(resolution.score(scenario, t).findings, "resolution.end_state")
    assert not found.passed
    assert found.evidence == "orders.A1.status = 'in_transit'"
    assert found.message.endswith(": the customer asked for a return")


def test_end_state_numbers_compare_to_the_cent(make_scenario):
    scenario = end_state(make_scenario, {"path": "orders.A1.total", "equals": 12.50})
    state = copy.deepcopy(scenario.world)
    state["orders"]["A1"]["total"] = 12.501
    t = transcript(scenario, ("customer", "Total?"), ("bot", "€12.50"), final_state=state)
    assert only(resolution.score(scenario, t).findings, "resolution.end_state").passed


@pytest.mark.parametrize("status, ok", [("returned", True), ("Cancelled", True), ("in_transit", False)])
def test_end_state_in_accepts_any_listed_value(make_scenario, status, ok):
    scenario = end_state(make_scenario, {"path": "orders.A1.status", "in": ["returned", "cancelled"]})
    state = copy.deepcopy(scenario.world)
    state["orders"]["A1"]["status"] = status
    t = transcript(scenario, ("customer", "Undo it."), ("bot", "Done."), final_state=state)
    assert only(resolution.score(scenario, t).findings, "resolution.end_state").passed is ok


def test_end_state_exists_passes_when_the_path_was_created(make_scenario):
    scenario = end_state(make_scenario, {"path": "returns.R0001", "exists": True})
    t = transcript(
        scenario, ("customer", "Return."), ("bot", "Done.", [RETURN_OK]), final_state=returned(scenario.world)
    )
    assert only(resolution.score(scenario, t).findings, "resolution.end_state").passed


def test_end_state_exists_fails_when_the_path_is_missing(make_scenario):
    scenario = end_state(make_scenario, {"path": "returns.R0001", "exists": True})
    t = transcript(scenario, ("customer", "Return."), ("bot", "Done."))
    found = only(resolution.score(scenario, t).findings, "resolution.end_state")
    assert not found.passed
    assert found.evidence == "returns.R0001 = missing"


def test_end_state_not_exists_fails_when_something_was_created(make_scenario):
    scenario = end_state(make_scenario, {"path": "refunds", "exists": False})
    state = copy.deepcopy(scenario.world)
    state["refunds"] = {"F0001": {"order_id": "A1", "amount": 12.5, "reason": "late"}}
    t = transcript(scenario, ("customer", "Refund?"), ("bot", "Refunded.", [REFUND]), final_state=state)
    assert not only(resolution.score(scenario, t).findings, "resolution.end_state").passed


def test_end_state_reads_list_indices(make_scenario):
    scenario = end_state(make_scenario, {"path": "handoffs.0.reason", "equals": "fraud"})
    state = copy.deepcopy(scenario.world)
    state["handoffs"] = [{"summary": "card stolen", "reason": "Fraud"}]
    t = transcript(scenario, ("customer", "Stolen!"), ("bot", "Transferring."), final_state=state)
    assert only(resolution.score(scenario, t).findings, "resolution.end_state").passed


# the score


def test_every_check_counts_by_severity(make_scenario):
    scenario = make_scenario(
        {
            "expectations": {
                "resolution": {
                    "required_actions": [{"tool": "create_return", "args": {"order_id": "A1"}}],
                    "forbidden_actions": [{"tool": "issue_refund"}],
                    "end_state": [{"path": "orders.A1.status", "equals": "returned"}],
                }
            }
        }
    )
    t = transcript(
        scenario,
        ("customer", "Return please."),
        ("bot", "Return opened; your parcel was due 12 March.", [RETURN_OK]),
        ("customer", "Thanks."),
    )
    scored = resolution.score(scenario, t)
    assert [(f.check, f.passed) for f in scored.findings] == [
        ("resolution.outcome", True),
        ("resolution.informed", True),
        ("resolution.required_action", True),
        ("resolution.forbidden_action", True),
        ("resolution.end_state", False),
    ]
    assert scored.score == round((3 + 2 + 2 + 3) / (3 + 2 + 2 + 3 + 2), 4)
