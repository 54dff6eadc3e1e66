"""Accuracy: credit for expected facts stated in an accepted form, forbidden claims are critical, and
every date or amount the bot states must come from the world, a tool result or the customer."""

from __future__ import annotations

import copy

import pytest

from bench.core.world import ToolCall
from bench.scorers import accuracy, resolution
from tests.conftest import checks, failures, only, transcript

FRENCH = {
    "language": "fr",
    "customer": {"opening": "Où est mon colis ?"},
    "expectations": {
        "accuracy": {"must_state": [{"fact": "date de livraison", "accept": {"fr": ["12 mars"], "en": ["12 March"]}}]}
    },
}
NO_FACTS = {"expectations": {"accuracy": None}}


@pytest.fixture
def english(make_scenario):
    return make_scenario()


@pytest.fixture
def french(make_scenario):
    return make_scenario(FRENCH)


@pytest.fixture
def bare(make_scenario):
    """No expected facts: only grounding and forbidden claims are graded."""
    return make_scenario(NO_FACTS)


# expected facts


def test_expected_fact_stated_in_an_accepted_form_gets_credit(english):
    t = transcript(english, ("customer", "Where is my parcel?"), ("bot", "Thanks! It will arrive on 12 March."))
    fact = only(accuracy.score(english, t).findings, "accuracy.states_fact")
    assert fact.passed
    assert fact.severity == "major"
    assert fact.turn == 1
    assert fact.evidence == "It will arrive on 12 March."
    assert "delivery date" in fact.message


def test_expected_fact_is_credited_in_any_of_its_accepted_forms(english):
    t = transcript(english, ("customer", "Where is my parcel?"), ("bot", "Expect it on March 12."))
    assert only(accuracy.score(english, t).findings, "accuracy.states_fact").passed


def test_expected_fact_in_french_matches_case_and_accent_insensitively(french):
    t = transcript(french, ("customer", "Où est mon colis ?"), ("bot", "Bonjour. Il arrivera le 12 MARS."))
    fact = only(accuracy.score(french, t).findings, "accuracy.states_fact")
    assert fact.passed
    assert fact.evidence == "Il arrivera le 12 MARS."


def test_an_expected_value_is_credited_in_another_language_and_the_language_is_caught_apart(french):
    t = transcript(french, ("customer", "Où est mon colis ?"), ("bot", "It will arrive on 12 March, madam."))
    findings = accuracy.score(french, t).findings
    assert only(findings, "accuracy.states_fact").passed
    assert not only(findings, "accuracy.customer_language").passed


@pytest.mark.parametrize("said", ["12/03/2026", "12.03.2026", "Thursday the 12th", "March 12th", "2026-03-12"])
def test_an_expected_date_is_credited_whatever_its_format(english, said):
    t = transcript(english, ("customer", "When?"), ("bot", f"It should arrive on {said}."))
    assert only(accuracy.score(english, t).findings, "accuracy.states_fact").passed


def test_a_wrong_amount_is_caught_whatever_its_format(bare):
    for said in ("£424.99", "GBP 424.99", "424.99 pounds"):
        t = transcript(bare, ("customer", "How much?"), ("bot", f"You paid {said}."))
        assert not only(accuracy.score(bare, t).findings, "accuracy.grounded_amount").passed, said


def test_an_amount_computed_from_the_records_is_grounded(bare):
    t = transcript(bare, ("customer", "How much?"), ("bot", "Two mugs at €12.50 make €25.00."))
    assert "accuracy.grounded_amount" not in checks(accuracy.score(bare, t).findings)


def test_expected_fact_is_credited_at_the_first_turn_that_states_it(english):
    t = transcript(
        english,
        ("customer", "Where is my parcel?"),
        ("bot", "Let me look."),
        ("customer", "And?"),
        ("bot", "It arrives on 12 March."),
        ("customer", "Sure?"),
        ("bot", "Yes, 12 March."),
    )
    assert only(accuracy.score(english, t).findings, "accuracy.states_fact").turn == 3


def test_expected_fact_takes_the_severity_the_scenario_gives_it(make_scenario):
    scenario = make_scenario(
        {
            "expectations": {
                "accuracy": {"must_state": [{"fact": "delivery date", "accept": ["12 March"], "severity": "critical"}]}
            }
        }
    )
    t = transcript(scenario, ("customer", "Where is my parcel?"), ("bot", "It arrives on 12 March."))
    assert only(accuracy.score(scenario, t).findings, "accuracy.states_fact").severity == "critical"


def test_a_fact_never_stated_is_not_an_accuracy_finding_but_a_resolution_one(english):
    t = transcript(english, ("customer", "Where is my parcel?"), ("bot", "Let me check that for you."))
    scored = accuracy.score(english, t)
    assert scored.findings == []
    assert scored.score is None
    informed = only(resolution.score(english, t).findings, "resolution.informed")
    assert not informed.passed


def test_a_wrong_fact_gets_no_credit(english):
    t = transcript(english, ("customer", "Where is my parcel?"), ("bot", "It arrives on 13 March."))
    assert "accuracy.states_fact" not in checks(accuracy.score(english, t).findings)


# forbidden claims


def refund_forbidden(make_scenario, **claim):
    return make_scenario(
        {
            "expectations": {
                "accuracy": {
                    "must_state": None,
                    "must_not_state": [
                        {"claim": "promises a full refund", "patterns": [r"full refund", r"rembourse\w* integral"]}
                        | claim
                    ],
                }
            }
        }
    )


def test_forbidden_claim_is_a_critical_failure(make_scenario):
    scenario = refund_forbidden(make_scenario)
    t = transcript(
        scenario,
        ("customer", "I want my money back."),
        ("bot", "I checked your order. You will get a full refund today."),
    )
    scored = accuracy.score(scenario, t)
    claim = only(scored.findings, "accuracy.forbidden_claim")
    assert not claim.passed
    assert claim.severity == "critical"
    assert claim.turn == 1
    assert claim.evidence == "You will get a full refund today."
    assert "promises a full refund" in claim.message
    assert scored.score == 0.0


def test_forbidden_claim_in_french_is_caught_without_accents_in_the_pattern(make_scenario):
    scenario = refund_forbidden(make_scenario)
    t = transcript(
        scenario,
        ("customer", "Je veux être remboursée."),
        ("bot", "Bonjour. Vous serez remboursée intégralement demain."),
    )
    claim = only(accuracy.score(scenario, t).findings, "accuracy.forbidden_claim")
    assert not claim.passed
    assert claim.evidence == "Vous serez remboursée intégralement demain."


def test_forbidden_claim_is_reported_once_at_the_first_turn_making_it(make_scenario):
    scenario = refund_forbidden(make_scenario)
    t = transcript(
        scenario,
        ("customer", "Refund?"),
        ("bot", "Let me see."),
        ("customer", "Well?"),
        ("bot", "Yes, a full refund."),
        ("customer", "Really?"),
        ("bot", "Yes, a full refund, I promise."),
    )
    [claim] = [f for f in accuracy.score(scenario, t).findings if f.check == "accuracy.forbidden_claim"]
    assert claim.turn == 3


def test_forbidden_claim_takes_the_severity_the_scenario_gives_it(make_scenario):
    scenario = refund_forbidden(make_scenario, severity="minor")
    t = transcript(scenario, ("customer", "Refund?"), ("bot", "You get a full refund."))
    assert only(accuracy.score(scenario, t).findings, "accuracy.forbidden_claim").severity == "minor"


def test_staying_silent_about_a_forbidden_claim_is_no_finding(make_scenario):
    scenario = refund_forbidden(make_scenario)
    t = transcript(scenario, ("customer", "Refund?"), ("bot", "Refunds follow our return policy."))
    scored = accuracy.score(scenario, t)
    assert scored.findings == []
    assert scored.score is None


def test_customer_words_never_count_as_a_forbidden_claim(make_scenario):
    scenario = refund_forbidden(make_scenario)
    t = transcript(scenario, ("customer", "I demand a full refund!"), ("bot", "Let me look at your order."))
    assert "accuracy.forbidden_claim" not in checks(accuracy.score(scenario, t).findings)


# grounded dates


@pytest.mark.parametrize(
    "said",
    [
        "It arrives on 12 March.",
        "It arrives on March 12th.",
        "It arrives on 12 March 2026.",
        "It arrives on 12/03/2026.",
        "It arrives on 2026-03-12.",
    ],
)
def test_date_from_the_world_is_grounded_whatever_its_form(bare, said):
    t = transcript(bare, ("customer", "Where is my parcel?"), ("bot", said))
    assert accuracy.score(bare, t).findings == []  # grounding only watches: a true date earns nothing


def test_date_from_the_world_is_grounded_in_french(make_scenario):
    scenario = make_scenario(FRENCH | {"expectations": {"accuracy": None}})
    t = transcript(scenario, ("customer", "Où est mon colis ?"), ("bot", "Commandé le 1er mars, livré le 12 mars."))
    assert failures(accuracy.score(scenario, t).findings, "accuracy.grounded_date") == []


def test_invented_delivery_date_is_a_critical_failure(bare):
    t = transcript(bare, ("customer", "Where is my parcel?"), ("bot", "Good news. It will arrive on 15 March."))
    scored = accuracy.score(bare, t)
    found = only(scored.findings, "accuracy.grounded_date")
    assert not found.passed
    assert found.severity == "critical"
    assert found.turn == 1
    assert found.evidence == "It will arrive on 15 March."
    assert "'15 March'" in found.message
    assert scored.score == 0.0


def test_invented_french_date_is_a_critical_failure(make_scenario):
    scenario = make_scenario(FRENCH | {"expectations": {"accuracy": None}})
    t = transcript(scenario, ("customer", "Où est mon colis ?"), ("bot", "Il arrivera le 1er avril."))
    found = only(accuracy.score(scenario, t).findings, "accuracy.grounded_date")
    assert not found.passed
    assert found.severity == "critical"
    assert found.evidence == "Il arrivera le 1er avril."


def test_a_known_day_in_the_wrong_year_is_not_grounded(bare):
    t = transcript(bare, ("customer", "Where is my parcel?"), ("bot", "It arrives on 12 March 2025."))
    assert not only(accuracy.score(bare, t).findings, "accuracy.grounded_date").passed


def test_date_from_a_tool_result_is_grounded(bare):
    lookup = ToolCall("get_order", {"order_id": "A1"}, {"order_id": "A1", "estimated_delivery": "2026-03-20"})
    t = transcript(bare, ("customer", "Where is my parcel?"), ("bot", "It now arrives on 20 March.", [lookup]))
    assert not failures(accuracy.score(bare, t).findings, "accuracy.grounded_date")


def test_date_only_in_the_final_state_is_not_a_source(bare):
    # the end state also holds what the bot itself wrote; only the world and confirmed tool results count
    state = copy.deepcopy(bare.world)
    state["orders"]["A1"]["shipment"]["estimated_delivery"] = "2026-03-18"
    t = transcript(bare, ("customer", "Where is my parcel?"), ("bot", "It arrives on 18 March."), final_state=state)
    assert not only(accuracy.score(bare, t).findings, "accuracy.grounded_date").passed


def test_date_the_customer_gave_with_its_year_is_grounded(bare):
    t = transcript(
        bare,
        ("customer", "I ordered on 14/02/2026 and nothing came."),
        ("bot", "I see your order of 14 February."),
    )
    assert not failures(accuracy.score(bare, t).findings, "accuracy.grounded_date")


def test_date_the_customer_gave_without_a_year_is_grounded(bare):
    t = transcript(
        bare,
        ("customer", "I was promised it on 5 March."),
        ("bot", "I see you were promised 5 March."),
    )
    assert not failures(accuracy.score(bare, t).findings, "accuracy.grounded_date")


def test_an_impossible_date_in_the_customers_words_does_not_crash_the_scorer(bare):
    t = transcript(bare, ("customer", "I ordered it on 30/02/2026."), ("bot", "Let me check."))
    assert accuracy.score(bare, t).findings == []


def test_date_only_in_the_bots_own_earlier_turn_is_not_grounded(bare):
    t = transcript(
        bare,
        ("customer", "Where is my parcel?"),
        ("bot", "It arrives on 15 March."),
        ("customer", "When again?"),
        ("bot", "On 15 March."),
    )
    found = [f for f in accuracy.score(bare, t).findings if f.check == "accuracy.grounded_date"]
    assert [(f.turn, f.passed) for f in found] == [(1, False), (3, False)]


# grounded amounts


@pytest.mark.parametrize("said", ["Your order came to €12.50.", "Your order came to 12.5 EUR.", "It cost 12,50 €."])
def test_amount_from_the_world_is_grounded(bare, said):
    t = transcript(bare, ("customer", "How much was it?"), ("bot", said))
    assert failures(accuracy.score(bare, t).findings, "accuracy.grounded_amount") == []


def test_amount_from_a_tool_result_is_grounded(bare):
    refund = ToolCall(
        "issue_refund",
        {"order_id": "A1", "amount": 4.0, "reason": "late"},
        {"refund_id": "F0001", "amount": 4.0, "arrives_within_days": 5},
    )
    t = transcript(bare, ("customer", "Compensation?"), ("bot", "I have refunded €4.00.", [refund]))
    assert not failures(accuracy.score(bare, t).findings, "accuracy.grounded_amount")


def test_amount_only_in_the_final_state_is_not_a_source(bare):
    state = copy.deepcopy(bare.world)
    state["refunds"] = {"F0001": {"order_id": "A1", "amount": 6.25, "reason": "late"}}
    t = transcript(bare, ("customer", "Refund?"), ("bot", "A refund of €6.25 is on its way."), final_state=state)
    assert not only(accuracy.score(bare, t).findings, "accuracy.grounded_amount").passed


def test_amount_the_customer_gave_is_grounded_in_another_notation(bare):
    t = transcript(
        bare,
        ("customer", "J'ai payé 1 275,60 € pour ce canapé."),
        ("bot", "I see you paid €1,275.60."),
    )
    assert not failures(accuracy.score(bare, t).findings, "accuracy.grounded_amount")


def test_invented_amount_is_a_critical_failure(bare):
    t = transcript(bare, ("customer", "Compensation?"), ("bot", "Sure. We will refund you €15.00 today."))
    scored = accuracy.score(bare, t)
    found = only(scored.findings, "accuracy.grounded_amount")
    assert not found.passed
    assert found.severity == "critical"
    assert found.turn == 1
    assert found.evidence == "We will refund you €15.00 today."
    assert "€15.00" in found.message
    assert scored.score == 0.0


def test_invented_french_amount_is_a_critical_failure(make_scenario):
    scenario = make_scenario(FRENCH | {"expectations": {"accuracy": None}})
    t = transcript(scenario, ("customer", "Un geste ?"), ("bot", "Je vous rembourse 129 EUR."))
    found = only(accuracy.score(scenario, t).findings, "accuracy.grounded_amount")
    assert not found.passed
    assert found.evidence == "Je vous rembourse 129 EUR."


def test_amount_only_in_a_refused_tool_call_is_not_grounded(bare):
    refused = ToolCall(
        "issue_refund",
        {"order_id": "A1", "amount": 99.0, "reason": "late"},
        None,
        "amount 99.0 exceeds what is left to refund (12.5)",
    )
    t = transcript(bare, ("customer", "Compensation?"), ("bot", "Done: I refunded €99.00.", [refused]))
    assert not only(accuracy.score(bare, t).findings, "accuracy.grounded_amount").passed


# the score


def test_credit_for_stating_the_fact_clearly_weighed_against_an_invented_amount(english):
    t = transcript(english, ("customer", "Where is my parcel?"), ("bot", "It arrives on 12 March. Shipping is €9.99."))
    scored = accuracy.score(english, t)
    assert [(f.check, f.passed) for f in scored.findings] == [
        ("accuracy.states_fact", True),
        ("accuracy.grounded_amount", False),
        ("accuracy.unambiguous", True),
    ]
    assert scored.score == round((2 + 2) / (2 + 3 + 2), 4)


def test_a_correct_answer_scores_one(english):
    t = transcript(english, ("customer", "Where is my parcel?"), ("bot", "It arrives on 12 March; it cost €12.50."))
    assert accuracy.score(english, t).score == 1.0


def test_nothing_checkable_is_not_applicable(bare):
    t = transcript(bare, ("customer", "Where is my parcel?"), ("bot", "Hello! How can I help you today?"))
    scored = accuracy.score(bare, t)
    assert scored.score is None
    assert not scored.applicable
    assert scored.findings == []


def test_customer_turns_are_not_graded(bare):
    t = transcript(bare, ("customer", "It was due on 15 March and cost €99!"), ("bot", "Let me check."))
    assert accuracy.score(bare, t).findings == []


# grounded references


def test_invented_order_reference_is_a_major_failure(bare):
    t = transcript(bare, ("customer", "Did my return go through?"), ("bot", "Yes: your return R7310 is open."))
    scored = accuracy.score(bare, t)
    found = only(scored.findings, "accuracy.grounded_reference")
    assert not found.passed
    assert found.severity == "major"
    assert found.turn == 1
    assert found.evidence == "Yes: your return R7310 is open."
    assert "'R7310'" in found.message
    assert scored.score == 0.0


def test_reference_from_a_tool_result_is_grounded(bare):
    opened = ToolCall("create_return", {"order_id": "A1", "reason": "too small"}, {"return_id": "R0001"})
    t = transcript(bare, ("customer", "Return it, please."), ("bot", "Done: your return R0001 is open.", [opened]))
    assert accuracy.score(bare, t).findings == []  # grounding only watches


def test_reference_from_the_world_is_grounded(make_scenario):
    scenario = make_scenario(
        {
            "world": {"orders": {"A1": {"shipment": {"tracking_number": "JD0001234"}}}},
            "expectations": {"accuracy": None},
        }
    )
    t = transcript(scenario, ("customer", "Tracking number?"), ("bot", "It is JD0001234, with DHL."))
    assert accuracy.score(scenario, t).findings == []


def test_reference_the_customer_gave_is_grounded(bare):
    t = transcript(bare, ("customer", "I opened return R7310 last week."), ("bot", "I see return R7310."))
    assert accuracy.score(bare, t).findings == []


@pytest.mark.parametrize("known, said", [("JD0001234", "JD-0001234"), ("jd-0001234", "JD0001234")])
def test_references_match_whatever_their_hyphens_or_case(make_scenario, known, said):
    scenario = make_scenario(
        {"world": {"orders": {"A1": {"shipment": {"tracking_number": known}}}}, "expectations": {"accuracy": None}}
    )
    t = transcript(scenario, ("customer", "Tracking number?"), ("bot", f"Your tracking number is {said}."))
    assert failures(accuracy.score(scenario, t).findings, "accuracy.grounded_reference") == []


def test_reference_only_in_the_bots_own_tool_arguments_is_not_grounded(bare):
    lookup = ToolCall("get_order", {"order_id": "A7310"}, None, "no order 'A7310'")
    t = transcript(bare, ("customer", "Where is it?"), ("bot", "Order A7310 is on its way.", [lookup]))
    assert not only(accuracy.score(bare, t).findings, "accuracy.grounded_reference").passed


# grounded policy terms


def test_return_window_from_the_world_is_grounded(bare):
    t = transcript(bare, ("customer", "Can I return it?"), ("bot", "Yes, you have 30 days to return it."))
    assert accuracy.score(bare, t).findings == []


def test_invented_return_window_is_a_major_failure(bare):
    t = transcript(bare, ("customer", "Can I return it?"), ("bot", "Of course. You have 60 days to return it."))
    scored = accuracy.score(bare, t)
    found = only(scored.findings, "accuracy.grounded_term")
    assert not found.passed
    assert found.severity == "major"
    assert found.turn == 1
    assert found.evidence == "You have 60 days to return it."
    assert "'60 days'" in found.message
    assert scored.score == 0.0


def test_term_from_the_domain_tools_is_grounded(make_scenario):
    # banking: block_card's description (and the policy) say a replacement comes within 5 working days
    scenario = make_scenario(
        {
            "id": "banking.test.terms",
            "domain": "banking",
            "customer": {"facts": {"order_number": None, "name": "Ann Test"}},
            "world": {
                "store": None,
                "orders": None,
                "bank": {"name": "Bank", "currency": "EUR", "support_hours": "9-17", "fraud_line": "0800 000 000"},
                "customers": {"C1": {"name": "Ann Test", "date_of_birth": "1990-01-01", "email": "ann@example.com"}},
                "accounts": {
                    "ACC-1": {
                        "customer_id": "C1",
                        "type": "current",
                        "iban": "FR7612345000011234567890111",
                        "balance": 10.0,
                        "status": "open",
                    }
                },
            },
            "expectations": {"accuracy": None},
        }
    )
    t = transcript(scenario, ("customer", "My card is lost."), ("bot", "Your new card arrives within 5 working days."))
    assert accuracy.score(scenario, t).findings == []


def test_term_from_a_tool_result_is_grounded(bare):
    refund = ToolCall(
        "issue_refund",
        {"order_id": "A1", "amount": 12.5, "reason": "late"},
        {"refund_id": "F0001", "amount": 12.5, "arrives_within_days": 7},
    )
    said = "Refunded; the money arrives within 7 days."
    assert accuracy.score(bare, transcript(bare, ("customer", "Refund?"), ("bot", said, [refund]))).findings == []
    without = accuracy.score(bare, transcript(bare, ("customer", "Refund?"), ("bot", said)))
    assert not only(without.findings, "accuracy.grounded_term").passed


def test_french_return_window_is_grounded_and_an_invented_one_is_not(make_scenario):
    scenario = make_scenario(
        FRENCH | {"world": {"store": {"return_window_days": 14}}, "expectations": {"accuracy": None}}
    )
    kept = transcript(scenario, ("customer", "Je peux le renvoyer ?"), ("bot", "Oui, vous avez 14 jours."))
    invented = transcript(scenario, ("customer", "Je peux le renvoyer ?"), ("bot", "Oui, vous avez 21 jours."))
    assert accuracy.score(scenario, kept).findings == []
    found = only(accuracy.score(scenario, invented).findings, "accuracy.grounded_term")
    assert not found.passed
    assert found.evidence == "Oui, vous avez 21 jours."


# unambiguous


ORDER_DATES = "I ordered on 1 March, paid on 2 March and you shipped it on 3 March. When does it come?"


def test_expected_date_among_three_other_dates_fails(english):
    t = transcript(
        english, ("customer", ORDER_DATES), ("bot", "Dates on your order: 1 March, 2 March, 3 March, 12 March.")
    )
    scored = accuracy.score(english, t)
    found = only(scored.findings, "accuracy.unambiguous")
    assert not found.passed
    assert found.severity == "major"
    assert found.turn == 1
    assert found.evidence == "Dates on your order: 1 March, 2 March, 3 March, 12 March."
    assert "delivery date" in found.message
    assert only(scored.findings, "accuracy.states_fact").passed  # stated, but buried


def test_expected_date_among_three_other_dates_fails_in_french(french):
    t = transcript(
        french,
        ("customer", "Commandé le 1er mars, payé le 2 mars, expédié le 3 mars. Et la livraison ?"),
        ("bot", "Dates du dossier : 1er mars, 2 mars, 3 mars, 12 mars."),
    )
    assert not only(accuracy.score(french, t).findings, "accuracy.unambiguous").passed


def test_other_dates_anywhere_in_the_reply_count(english):
    t = transcript(
        english,
        ("customer", ORDER_DATES),
        ("bot", "On file: 1 March, 2 March, 3 March. Your parcel arrives on 12 March."),
    )
    assert not only(accuracy.score(english, t).findings, "accuracy.unambiguous").passed


def test_other_amounts_count_as_well_as_other_dates(english):
    t = transcript(english, ("customer", "Where is it?"), ("bot", "Items €12.50, €4.99, €1.50; delivery 12 March."))
    assert not only(accuracy.score(english, t).findings, "accuracy.unambiguous").passed


def test_an_explanation_with_two_other_dates_is_unambiguous(english):
    t = transcript(
        english,
        ("customer", ORDER_DATES),
        ("bot", "You ordered on 1 March and it left our warehouse on 3 March: it will arrive on 12 March."),
    )
    found = only(accuracy.score(english, t).findings, "accuracy.unambiguous")
    assert found.passed
    assert found.turn == 1
    assert "clearly" in found.message


def test_an_expected_value_that_is_not_a_date_or_amount_is_not_judged(make_scenario):
    scenario = make_scenario({"expectations": {"accuracy": {"must_state": [{"fact": "carrier", "accept": ["DHL"]}]}}})
    t = transcript(scenario, ("customer", ORDER_DATES), ("bot", "DHL has it: 1 March, 2 March, 3 March, 12 March."))
    assert "accuracy.unambiguous" not in checks(accuracy.score(scenario, t).findings)


# customer language


def test_an_english_reply_to_a_french_customer_fails(french):
    t = transcript(
        french,
        ("customer", "Où est mon colis ?"),
        ("bot", "Your parcel is on its way and it will arrive on 12 March."),
    )
    found = only(accuracy.score(french, t).findings, "accuracy.customer_language")
    assert not found.passed
    assert found.severity == "major"
    assert found.turn == 1
    assert found.message == "answers in en a customer who writes in fr"


def test_a_french_reply_to_an_english_customer_fails(bare):
    t = transcript(bare, ("customer", "Where is my parcel?"), ("bot", "Bonjour, votre colis est en route."))
    assert not only(accuracy.score(bare, t).findings, "accuracy.customer_language").passed


def test_a_reply_in_the_customers_language_records_nothing(french):
    t = transcript(french, ("customer", "Où est mon colis ?"), ("bot", "Bonjour, votre colis est en route."))
    assert "accuracy.customer_language" not in checks(accuracy.score(french, t).findings)


@pytest.mark.parametrize("reply", ["Thank you!", "OK, A1."])
def test_a_short_reply_is_not_judged(french, reply):
    t = transcript(french, ("customer", "Où est mon colis ?"), ("bot", reply))
    assert "accuracy.customer_language" not in checks(accuracy.score(french, t).findings)


# said versus done


CANCELLED = ToolCall("cancel_order", {"order_id": "A1"}, {"order_id": "A1", "status": "cancelled"})


def test_claiming_an_action_no_tool_call_performed_is_critical(bare):
    t = transcript(bare, ("customer", "Cancel it."), ("bot", "Done: I've cancelled your order."))
    claim = only(accuracy.score(bare, t).findings, "accuracy.claimed_action_done")
    assert (claim.passed, claim.severity, claim.turn) == (False, "critical", 1)
    assert "cancel_order" in claim.message and claim.evidence == "Done: I've cancelled your order."


def test_claiming_an_action_a_successful_call_performed_is_no_finding(bare):
    t = transcript(bare, ("customer", "Cancel it."), ("bot", "Your order has been cancelled.", [CANCELLED]))
    assert "accuracy.claimed_action_done" not in checks(accuracy.score(bare, t).findings)


def test_an_action_the_bot_only_reports_does_not_back_the_claim(bare):
    reported = ToolCall("cancel_order", {"order_id": "A1"}, {"reported": True})
    t = transcript(bare, ("customer", "Cancel it."), ("bot", "Your order has been cancelled.", [reported]))
    assert not only(accuracy.score(bare, t).findings, "accuracy.claimed_action_done").passed


def test_an_action_refused_or_offered_is_not_a_claim(bare):
    t = transcript(
        bare,
        ("customer", "Cancel it."),
        ("bot", "I can't cancel your order once it has shipped. Would you like me to cancel the next one?"),
    )
    assert "accuracy.claimed_action_done" not in checks(accuracy.score(bare, t).findings)


def test_a_claim_about_an_effect_the_world_already_held_is_not_graded(make_scenario):
    scenario = make_scenario({"world": {"orders": {"A1": {"status": "cancelled"}}}})
    t = transcript(scenario, ("customer", "Status?"), ("bot", "Your order has been cancelled."))
    assert "accuracy.claimed_action_done" not in checks(accuracy.score(scenario, t).findings)


def test_claimed_actions_are_not_graded_when_the_harness_cannot_see_tools(bare):
    t = transcript(bare, ("customer", "Cancel it."), ("bot", "I've cancelled your order."))
    assert "accuracy.claimed_action_done" not in checks(accuracy.score(bare, t, transcript_only=True).findings)
