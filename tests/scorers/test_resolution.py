"""Resolution: the conversation ended well, the customer was told what they needed, the required
actions were taken with the right arguments, no forbidden one was, and the world ended as expected."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bench.core.transcript import BOT_ERROR, GAVE_UP, HANDOFF, Handoff
from bench.core.world import ToolCall
from bench.scorers import resolution, score_transcript
from tests.conftest import MINIMAL, checks, only, transcript

ROOT = Path(__file__).resolve().parents[2]


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


def test_a_forbidden_action_not_taken_records_nothing(make_scenario):
    """Watching: not doing wrong earns nothing on its own, so a bot that does nothing gains nothing."""
    scenario = with_resolution(make_scenario, {"forbidden_actions": [{"tool": "issue_refund"}]})
    t = transcript(scenario, ("customer", "Refund me."), ("bot", "Our policy does not allow it."))
    assert checks(resolution.score(scenario, t).findings) == ["resolution.outcome"]


def test_forbidden_action_only_with_its_arguments(make_scenario):
    scenario = with_resolution(make_scenario, {"forbidden_actions": [{"tool": "issue_refund", "args": {"amount": 50}}]})
    t = transcript(scenario, ("customer", "Refund me."), ("bot", "Refunded.", [REFUND]))
    assert "resolution.forbidden_action" not in checks(resolution.score(scenario, t).findings)


def test_a_refused_call_of_a_forbidden_tool_is_not_the_forbidden_action(make_scenario):
    scenario = with_resolution(make_scenario, {"forbidden_actions": [{"tool": "create_return"}]})
    t = transcript(scenario, ("customer", "Return?"), ("bot", "Not possible.", [RETURN_REFUSED]))
    assert "resolution.forbidden_action" not in checks(resolution.score(scenario, t).findings)


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
    scenario.world["orders"]["A1"]["total"] = 9.99  # it must change during the conversation to earn credit
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
        ("resolution.end_state", False),
    ]
    assert scored.score == round((3 + 2 + 2) / (3 + 2 + 2 + 2), 4)


def test_an_end_state_that_held_before_the_conversation_only_watches(make_scenario):
    scenario = end_state(make_scenario, {"path": "orders.A1.status", "equals": "in_transit"})
    kept = transcript(scenario, ("customer", "Where?"), ("bot", "On its way."))
    assert "resolution.end_state" not in checks(resolution.score(scenario, kept).findings)
    state = copy.deepcopy(scenario.world)
    state["orders"]["A1"]["status"] = "cancelled"
    broken = transcript(scenario, ("customer", "Where?"), ("bot", "Cancelled."), final_state=state)
    assert not only(resolution.score(scenario, broken).findings, "resolution.end_state").passed


def test_the_author_sets_the_severity_of_a_required_action_and_an_end_state(make_scenario):
    scenario = with_resolution(
        make_scenario,
        {
            "required_actions": [{"tool": "create_return", "severity": "critical"}],
            "end_state": [{"path": "orders.A1.status", "equals": "returned", "severity": "critical"}],
        },
    )
    t = transcript(scenario, ("customer", "Return please."), ("bot", "I'll look into it."))
    findings = resolution.score(scenario, t).findings
    assert only(findings, "resolution.required_action").severity == "critical"
    assert only(findings, "resolution.end_state").severity == "critical"


# transcript-only mode (`--resolution transcript`): for bots whose tool calls the harness cannot see

CONFIRMED_RETURN = {
    "tool": "create_return",
    "args": {"order_id": "A1"},
    "confirmed_by": [r"return (is|has been) (opened|created)", r"retour (est|a ete) (ouvert|cree)"],
}


def test_in_transcript_mode_a_reply_confirming_the_action_counts_as_the_action(make_scenario):
    scenario = with_resolution(make_scenario, {"required_actions": [CONFIRMED_RETURN]})
    t = transcript(
        scenario, ("customer", "Return please."), ("bot", "Your return has been opened; the label is in your inbox.")
    )
    action = only(resolution.score(scenario, t, transcript_only=True).findings, "resolution.required_action")
    assert action.passed
    assert action.severity == "major"
    assert action.turn == 1


def test_in_transcript_mode_a_french_confirmation_counts(make_scenario):
    scenario = with_resolution(make_scenario, {"required_actions": [CONFIRMED_RETURN]}, language="fr")
    t = transcript(scenario, ("customer", "Je veux le retourner."), ("bot", "C'est fait : votre retour a été créé."))
    assert only(resolution.score(scenario, t, transcript_only=True).findings, "resolution.required_action").passed


def test_in_transcript_mode_a_reply_that_confirms_nothing_is_not_the_action(make_scenario):
    scenario = with_resolution(make_scenario, {"required_actions": [CONFIRMED_RETURN]})
    t = transcript(scenario, ("customer", "Return please."), ("bot", "I'll look into returns for you."))
    action = only(resolution.score(scenario, t, transcript_only=True).findings, "resolution.required_action")
    assert not action.passed
    assert action.turn is None


def test_a_confirmation_in_words_does_not_count_when_the_tools_are_seen(make_scenario):
    scenario = with_resolution(make_scenario, {"required_actions": [CONFIRMED_RETURN]})
    t = transcript(scenario, ("customer", "Return please."), ("bot", "Your return has been opened."))
    assert not only(resolution.score(scenario, t).findings, "resolution.required_action").passed


def test_in_transcript_mode_a_seen_tool_call_still_counts(make_scenario):
    scenario = with_resolution(make_scenario, {"required_actions": [CONFIRMED_RETURN]})
    t = transcript(scenario, ("customer", "Return please."), ("bot", "Done.", [RETURN_OK]))
    assert only(resolution.score(scenario, t, transcript_only=True).findings, "resolution.required_action").passed


def test_in_transcript_mode_an_action_without_confirmed_by_is_not_graded(make_scenario):
    scenario = with_resolution(
        make_scenario, {"required_actions": [{"tool": "create_return", "args": {"order_id": "A1"}}]}
    )
    t = transcript(scenario, ("customer", "Return please."), ("bot", "Your return has been opened."))
    scored = resolution.score(scenario, t, transcript_only=True)
    assert "resolution.required_action" not in [f.check for f in scored.findings]
    assert scored.score == 1.0  # only the outcome is left


def test_in_transcript_mode_the_end_state_is_not_graded(make_scenario):
    scenario = end_state(make_scenario, {"path": "orders.A1.status", "equals": "returned"})
    t = transcript(scenario, ("customer", "Return."), ("bot", "Your return has been opened."))
    assert "resolution.end_state" in [f.check for f in resolution.score(scenario, t).findings]
    assert "resolution.end_state" not in [f.check for f in resolution.score(scenario, t, transcript_only=True).findings]


def test_in_transcript_mode_a_forbidden_action_confirmed_in_words_is_critical(make_scenario):
    scenario = with_resolution(
        make_scenario,
        {
            "forbidden_actions": [
                {"tool": "issue_refund", "confirmed_by": [r"refund(ed)? (has been |is )?(issued|processed)"]}
            ]
        },
    )
    t = transcript(
        scenario,
        ("customer", "Refund me now."),
        ("bot", "Let me see."),
        ("customer", "Now!"),
        ("bot", "OK: your refund has been issued."),
    )
    forbidden = only(resolution.score(scenario, t, transcript_only=True).findings, "resolution.forbidden_action")
    assert not forbidden.passed
    assert forbidden.severity == "critical"
    assert forbidden.turn == 3


def test_score_transcript_grades_resolution_from_the_replies_in_transcript_mode(make_scenario):
    scenario = with_resolution(make_scenario, {"required_actions": [CONFIRMED_RETURN]})
    t = transcript(scenario, ("customer", "Return please."), ("bot", "Your return has been opened."))
    assert score_transcript(scenario, t, transcript_only=True).dimensions["resolution"].score == 1.0
    assert score_transcript(scenario, t).dimensions["resolution"].score < 1.0


def test_run_with_resolution_transcript_records_it_in_the_summary(tmp_path):
    (tmp_path / "case.yaml").write_text(yaml.safe_dump(MINIMAL, allow_unicode=True), encoding="utf-8")
    env = os.environ | {"PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    summaries = {}
    for mode in ("transcript", None):
        out = f"run-{mode}"
        args = ["run", "-q", "--suite", "case.yaml", "--bot", "builtin:careful", "--out", out]
        args += ["--resolution", mode] if mode else []
        done = subprocess.run(
            [sys.executable, "-m", "bench.cli", *args],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        summaries[mode] = json.loads((tmp_path / out / "summary.json").read_text(encoding="utf-8"))
    assert summaries["transcript"]["options"]["resolution"] == "transcript"
    assert summaries[None]["options"]["resolution"] == "tools"
