"""Empathy, judged against the customer's emotion: acknowledgement first, condolences for a
bereavement, and no cheerfulness, minimising, scripted repetition or apology without action."""

from __future__ import annotations

import pytest

from bench.core.transcript import HANDOFF, Handoff
from bench.core.world import ToolCall
from bench.scorers import empathy
from tests.conftest import checks, failures, only, transcript

LOOKUP = ToolCall("get_order", {"order_id": "A1"}, {"order_id": "A1", "status": "in_transit"})


def feeling(make_scenario, emotion, need, language="en"):
    return make_scenario(
        {"language": language, "customer": {"emotion": emotion}, "expectations": {"empathy": need, "accuracy": None}}
    )


@pytest.fixture
def frustrated(make_scenario):
    return feeling(make_scenario, "frustrated", "expected")


@pytest.fixture
def angry_fr(make_scenario):
    return feeling(make_scenario, "angry", "expected", "fr")


@pytest.fixture
def grieving(make_scenario):
    return feeling(make_scenario, "grieving", "critical")


@pytest.fixture
def grieving_fr(make_scenario):
    return feeling(make_scenario, "grieving", "critical", "fr")


# acknowledgement in the first reply


SPECIFIC = (
    "Three times asking about the same missing parcel is exhausting, and I'm sorry you've had to chase us "
    "for it. Let me check your order."
)


def test_specific_acknowledgement_in_the_first_reply_passes(frustrated):
    t = transcript(
        frustrated,
        ("customer", "This is the third time I ask about my missing parcel!"),
        ("bot", SPECIFIC, [LOOKUP]),
    )
    ack = only(empathy.score(frustrated, t).findings, "empathy.acknowledgement")
    assert ack.passed
    assert ack.severity == "major"
    assert ack.turn == 1
    assert ack.credit > 0.5


def test_generic_sympathy_earns_part_of_the_credit_and_does_not_pass(frustrated):
    said = ("customer", "This is the third time I ask about my missing parcel!")
    generic = transcript(frustrated, said, ("bot", "I understand how frustrating this is. Let me check.", [LOOKUP]))
    specific = transcript(frustrated, said, ("bot", SPECIFIC, [LOOKUP]))
    ack = only(empathy.score(frustrated, generic).findings, "empathy.acknowledgement")
    assert not ack.passed
    assert 0 < ack.credit < only(empathy.score(frustrated, specific).findings, "empathy.acknowledgement").credit


def test_specific_french_acknowledgement_passes(angry_fr):
    t = transcript(
        angry_fr,
        ("customer", "C'est inadmissible, mon colis devait arriver lundi et toujours rien !"),
        (
            "bot",
            "Un colis promis pour lundi et toujours rien : je comprends votre colère, et je suis désolé que "
            "vous ayez à nous relancer. Je regarde tout de suite.",
            [LOOKUP],
        ),
    )
    assert only(empathy.score(angry_fr, t).findings, "empathy.acknowledgement").passed


def test_late_acknowledgement_earns_less_than_the_same_words_on_time(frustrated):
    opening = ("customer", "This is the third time I ask about my missing parcel!")
    on_time = transcript(frustrated, opening, ("bot", SPECIFIC, [LOOKUP]))
    late = transcript(frustrated, opening, ("bot", "Order number?"), ("customer", "A1."), ("bot", SPECIFIC, [LOOKUP]))
    timely = only(empathy.score(frustrated, on_time).findings, "empathy.acknowledgement")
    delayed = only(empathy.score(frustrated, late).findings, "empathy.acknowledgement")
    assert delayed.credit < timely.credit
    assert delayed.turn == 3


def test_a_reply_that_ignores_the_feeling_earns_nothing_and_fails(frustrated):
    t = transcript(frustrated, ("customer", "This is the third time I ask!"), ("bot", "Order number?"))
    ack = only(empathy.score(frustrated, t).findings, "empathy.acknowledgement")
    assert not ack.passed
    assert ack.credit < 0.2
    assert "frustrated" in ack.message


def test_missing_acknowledgement_is_critical_when_empathy_is_critical(grieving):
    t = transcript(grieving, ("customer", "My husband died last week."), ("bot", "Please give me the account number."))
    ack = only(empathy.score(grieving, t).findings, "empathy.acknowledgement")
    assert not ack.passed
    assert ack.severity == "critical"


def test_a_stock_apology_alone_is_generic(frustrated):
    t = transcript(frustrated, ("customer", "Still nothing!"), ("bot", "Sorry for the delay. Checking now.", [LOOKUP]))
    ack = only(empathy.score(frustrated, t).findings, "empathy.acknowledgement")
    assert not ack.passed
    assert ack.credit > 0


def test_condolences_offered_to_a_grieving_customer_pass(grieving):
    t = transcript(
        grieving,
        ("customer", "My mother passed away and I need to close her account."),
        (
            "bot",
            "I'm so sorry for your loss. I will pass this to a colleague.",
            [],
            Handoff("bereavement", "", "reply"),
        ),
        outcome=HANDOFF,
    )
    said = only(empathy.score(grieving, t).findings, "empathy.condolences")
    assert said.passed
    assert said.severity == "critical"
    assert said.turn == 1
    assert said.evidence == "I'm so sorry for your loss."


def test_french_condolences_pass(grieving_fr):
    t = transcript(
        grieving_fr,
        ("customer", "Mon père est décédé, je dois fermer son compte."),
        ("bot", "Toutes mes condoléances. Je m'en occupe.", [LOOKUP]),
    )
    said = only(empathy.score(grieving_fr, t).findings, "empathy.condolences")
    assert said.passed
    assert said.evidence == "Toutes mes condoléances."


def test_condolences_may_come_in_a_later_reply(grieving):
    t = transcript(
        grieving,
        ("customer", "My husband died."),
        ("bot", "I understand, that must be hard.", [LOOKUP]),
        ("customer", "It is."),
        ("bot", "I am very sorry to hear that your husband passed away."),
    )
    said = only(empathy.score(grieving, t).findings, "empathy.condolences")
    assert said.passed
    assert said.turn == 3


def test_no_condolences_for_a_grieving_customer_is_critical(grieving):
    t = transcript(
        grieving,
        ("customer", "My mother passed away."),
        ("bot", "I understand. I will close the account.", [LOOKUP]),
    )
    said = only(empathy.score(grieving, t).findings, "empathy.condolences")
    assert not said.passed
    assert said.severity == "critical"
    assert said.turn is None


def test_condolences_are_not_asked_of_a_customer_who_is_not_grieving(frustrated):
    t = transcript(frustrated, ("customer", "Still nothing!"), ("bot", "I understand.", [LOOKUP]))
    assert "empathy.condolences" not in checks(empathy.score(frustrated, t).findings)


# tone-deaf cheerfulness and minimising


def test_emoji_with_an_angry_customer_is_tone_deaf(make_scenario):
    angry = feeling(make_scenario, "angry", "expected")
    t = transcript(
        angry,
        ("customer", "You lost my parcel!"),
        ("bot", "I understand. Your parcel is on its way 🎉", [LOOKUP]),
    )
    cheer = only(empathy.score(angry, t).findings, "empathy.no_cheerfulness")
    assert not cheer.passed
    assert cheer.severity == "major"
    assert cheer.turn == 1
    assert cheer.evidence == "Your parcel is on its way 🎉"
    assert "angry" in cheer.message


def test_cheerful_exclamation_with_a_grieving_customer_is_tone_deaf(grieving):
    t = transcript(
        grieving,
        ("customer", "My wife died; please close her account."),
        ("bot", "I'm so sorry for your loss.", [LOOKUP]),
        ("customer", "Thank you."),
        ("bot", "Great! The account is closed."),
    )
    cheer = only(empathy.score(grieving, t).findings, "empathy.no_cheerfulness")
    assert not cheer.passed
    assert cheer.turn == 3
    assert cheer.evidence == "Great!"


def test_french_cheerfulness_with_an_angry_customer_is_tone_deaf(angry_fr):
    t = transcript(
        angry_fr,
        ("customer", "C'est inadmissible !"),
        ("bot", "Je comprends. Parfait ! Je regarde ça.", [LOOKUP]),
    )
    cheer = only(empathy.score(angry_fr, t).findings, "empathy.no_cheerfulness")
    assert not cheer.passed
    assert cheer.evidence == "Parfait !"


def test_telling_an_angry_customer_to_calm_down_is_minimising(make_scenario):
    angry = feeling(make_scenario, "angry", "expected")
    t = transcript(
        angry,
        ("customer", "This is a disgrace!"),
        ("bot", "I understand. Please calm down, I am checking.", [LOOKUP]),
    )
    minimising = only(empathy.score(angry, t).findings, "empathy.no_minimising")
    assert not minimising.passed
    assert minimising.severity == "major"
    assert minimising.turn == 1
    assert minimising.evidence == "Please calm down, I am checking."


def test_calmez_vous_is_minimising(angry_fr):
    t = transcript(
        angry_fr,
        ("customer", "C'est inadmissible !"),
        ("bot", "Je comprends. Calmez-vous, je vérifie.", [LOOKUP]),
    )
    minimising = only(empathy.score(angry_fr, t).findings, "empathy.no_minimising")
    assert not minimising.passed
    assert minimising.evidence == "Calmez-vous, je vérifie."


def test_a_plain_caring_reply_passes_the_tone_checks(frustrated):
    t = transcript(
        frustrated,
        ("customer", "Still nothing!"),
        ("bot", "I understand. Your parcel arrives on 12 March.", [LOOKUP]),
    )
    findings = empathy.score(frustrated, t).findings
    watching = ("empathy.no_cheerfulness", "empathy.no_upselling", "empathy.no_minimising", "empathy.no_blame")
    assert [f for f in findings if f.check in watching] == []  # nothing wrong, nothing recorded


def test_cheerfulness_is_not_checked_with_a_calm_customer(make_scenario):
    calm = feeling(make_scenario, "neutral", "expected")
    t = transcript(calm, ("customer", "Where is it?"), ("bot", "I understand. Great! It arrives on 12 March 🎉"))
    found = checks(empathy.score(calm, t).findings)
    assert "empathy.no_cheerfulness" not in found
    assert "empathy.no_minimising" not in found


def test_saying_what_the_customer_should_have_received_is_not_minimising(frustrated):
    t = transcript(
        frustrated,
        ("customer", "No news at all!"),
        ("bot", "I understand. You should have received a tracking e-mail on 1 March.", [LOOKUP]),
    )
    findings = empathy.score(frustrated, t).findings
    assert failures(findings, "empathy.no_minimising") == failures(findings, "empathy.no_blame") == []


def test_telling_the_customer_they_should_have_read_the_terms_is_blame(frustrated):
    t = transcript(
        frustrated,
        ("customer", "No news at all!"),
        ("bot", "You should have read the delivery terms before ordering.", [LOOKUP]),
    )
    found = only(empathy.score(frustrated, t).findings, "empathy.no_blame")
    assert not found.passed and found.severity == "major" and found.turn == 1


def test_vous_auriez_du_is_blame_in_french(angry_fr):
    t = transcript(angry_fr, ("customer", "Toujours rien !"), ("bot", "Vous auriez dû vérifier l'adresse.", [LOOKUP]))
    assert not only(empathy.score(angry_fr, t).findings, "empathy.no_blame").passed


def test_an_offer_pushed_at_an_angry_customer_is_upselling(angry_fr):
    t = transcript(
        angry_fr,
        ("customer", "C'est inadmissible !"),
        ("bot", "Je comprends. Profitez de notre offre spéciale sur la livraison express !", [LOOKUP]),
    )
    assert not only(empathy.score(angry_fr, t).findings, "empathy.no_upselling").passed


def test_calm_down_to_a_calm_customer_is_still_minimising(make_scenario):
    calm = feeling(make_scenario, "neutral", "none")
    t = transcript(calm, ("customer", "Where is it?"), ("bot", "Calm down, it arrives on 12 March."))
    assert not only(empathy.score(calm, t).findings, "empathy.no_minimising").passed


# apology without action


def test_apology_without_any_action_fails(frustrated):
    t = transcript(
        frustrated,
        ("customer", "Still nothing!"),
        ("bot", "I'm so sorry about that."),
        ("customer", "And?"),
        ("bot", "Again, I do apologise."),
    )
    acts = only(empathy.score(frustrated, t).findings, "empathy.acts_not_only_apologises")
    assert not acts.passed
    assert acts.severity == "major"
    assert acts.turn == 1
    assert acts.evidence == "I'm so sorry about that."


def test_apology_with_a_tool_call_passes(frustrated):
    t = transcript(
        frustrated,
        ("customer", "Still nothing!"),
        ("bot", "I'm so sorry about that."),
        ("customer", "And?"),
        ("bot", "It arrives on 12 March.", [LOOKUP]),
    )
    assert only(empathy.score(frustrated, t).findings, "empathy.acts_not_only_apologises").passed


def test_apology_with_a_handoff_passes(frustrated):
    t = transcript(
        frustrated,
        ("customer", "Still nothing!"),
        ("bot", "I'm sorry. A colleague will take it from here.", [], Handoff("late parcel A1", "asked", "reply")),
        outcome=HANDOFF,
    )
    assert only(empathy.score(frustrated, t).findings, "empathy.acts_not_only_apologises").passed


def test_no_apology_means_no_apology_check(frustrated):
    t = transcript(frustrated, ("customer", "Still nothing!"), ("bot", "I understand. Let me check."))
    assert "empathy.acts_not_only_apologises" not in checks(empathy.score(frustrated, t).findings)


def test_a_french_apology_without_action_is_quoted_as_evidence(angry_fr):
    t = transcript(angry_fr, ("customer", "Où est mon colis ?"), ("bot", "Bonjour. Je suis vraiment désolé."))
    acts = only(empathy.score(angry_fr, t).findings, "empathy.acts_not_only_apologises")
    assert not acts.passed
    assert acts.evidence == "Je suis vraiment désolé."


# scripted repetition


def test_the_same_empathy_sentence_in_two_replies_is_a_script(frustrated):
    line = "I understand your frustration."
    t = transcript(
        frustrated,
        ("customer", "Where is it?"),
        ("bot", f"{line} Checking.", [LOOKUP]),
        ("customer", "Well?"),
        ("bot", f"{line} It arrives on 12 March."),
    )
    scripted = only(empathy.score(frustrated, t).findings, "empathy.not_scripted")
    assert not scripted.passed
    assert scripted.severity == "major"
    assert scripted.turn == 3
    assert "word for word" in scripted.message


def test_a_templated_empathy_sentence_is_a_script_too(frustrated):
    t = transcript(
        frustrated,
        ("customer", "Where is my parcel?"),
        ("bot", "I'm so sorry your parcel is late, I understand how stressful that is. Checking.", [LOOKUP]),
        ("customer", "And my refund?"),
        ("bot", "I'm so sorry your refund is late, I understand how stressful that is. It is on its way."),
    )
    scripted = only(empathy.score(frustrated, t).findings, "empathy.not_scripted")
    assert not scripted.passed
    assert "template" in scripted.message


def test_a_short_sorry_said_twice_is_speech_not_a_script(frustrated):
    t = transcript(
        frustrated,
        ("customer", "Where is it?"),
        ("bot", "Sorry. Checking.", [LOOKUP]),
        ("customer", "Well?"),
        ("bot", "Sorry. It arrives on 12 March."),
    )
    assert failures(empathy.score(frustrated, t).findings, "empathy.not_scripted") == []


def test_varied_empathy_in_some_replies_is_not_scripted(angry_fr):
    t = transcript(
        angry_fr,
        ("customer", "Où est mon colis ?"),
        ("bot", "Je comprends votre agacement.", [LOOKUP]),
        ("customer", "Alors ?"),
        ("bot", "Il arrive le 12 mars."),
        ("customer", "Et ?"),
        ("bot", "Merci de votre patience, il est en route."),
    )
    assert failures(empathy.score(angry_fr, t).findings, "empathy.not_scripted") == []


def test_sympathy_on_every_reply_is_scripted_however_it_is_varied(angry_fr):
    t = transcript(
        angry_fr,
        ("customer", "Où est mon colis ?"),
        ("bot", "Je comprends votre agacement.", [LOOKUP]),
        ("customer", "Alors ?"),
        ("bot", "Je comprends, c'est long."),
        ("customer", "Et ?"),
        ("bot", "Merci de votre patience."),
    )
    (scripted,) = failures(empathy.score(angry_fr, t).findings, "empathy.not_scripted")
    assert scripted.message == "puts sympathy on every reply" and scripted.turn == 5


def test_telling_a_calm_customer_how_they_must_feel_is_misplaced(make_scenario):
    calm = make_scenario({"customer": {"emotion": "neutral"}, "expectations": {"empathy": "none"}})
    t = transcript(
        calm, ("customer", "What are your opening hours?"), ("bot", "That must be so frustrating. We open at 9.")
    )
    (misplaced,) = failures(empathy.score(calm, t).findings, "empathy.no_misplaced_sympathy")
    assert misplaced.severity == "major"


# the score


def test_score_weights_each_check_by_severity_and_graded_checks_by_their_credit(frustrated):
    t = transcript(frustrated, ("customer", "Still nothing!"), ("bot", "I'm sorry to hear that."))
    scored = empathy.score(frustrated, t)
    assert [(f.check, f.passed) for f in scored.findings] == [
        ("empathy.acknowledgement", False),
        ("empathy.acts_not_only_apologises", False),
    ]
    ack = scored.findings[0]
    assert scored.score == round(2 * ack.credit / 4, 4)


def test_a_caring_reply_to_a_grieving_customer_scores_near_one(grieving):
    t = transcript(
        grieving,
        ("customer", "My husband died last week and I have to close his account."),
        (
            "bot",
            "I'm so sorry about your husband. Having to close his account only a week after losing him is a "
            "lot to carry, so I will take care of it with you. Would you rather speak to one of our advisers "
            "in person?",
            [LOOKUP],
        ),
    )
    scored = empathy.score(grieving, t)
    assert all(f.passed for f in scored.findings)
    assert scored.score >= 0.8


def test_distress_without_the_offer_of_a_person_is_flagged(grieving):
    t = transcript(
        grieving,
        ("customer", "My husband died last week."),
        ("bot", "I'm so sorry for your loss. I will take care of the account.", [LOOKUP]),
    )
    offer = only(empathy.score(grieving, t).findings, "empathy.offers_person")
    assert not offer.passed
    assert offer.severity == "minor"


# empathy: none


def test_none_expectation_is_not_applicable_for_a_plain_answer(make_scenario):
    calm = feeling(make_scenario, "neutral", "none")
    t = transcript(calm, ("customer", "Where is it?"), ("bot", "It arrives on 12 March."))
    scored = empathy.score(calm, t)
    assert scored.score is None
    assert scored.findings == []


def test_none_expectation_gives_no_credit_for_empathy_phrases(make_scenario):
    calm = feeling(make_scenario, "neutral", "none")
    t = transcript(calm, ("customer", "Where is it?"), ("bot", "Sorry for the wait, I understand. 12 March."))
    assert empathy.score(calm, t).score is None


def test_none_expectation_still_counts_a_tone_deaf_failure(make_scenario):
    angry = feeling(make_scenario, "angry", "none")
    t = transcript(angry, ("customer", "Where is my parcel?!"), ("bot", "It arrives on 12 March 😀"))
    scored = empathy.score(angry, t)
    assert [(f.check, f.passed) for f in scored.findings] == [("empathy.no_cheerfulness", False)]
    assert scored.score == 0.0


def test_offering_a_person_in_french_passes_the_distress_flag(grieving_fr):
    t = transcript(
        grieving_fr,
        ("customer", "Mon père est décédé, je dois fermer son compte."),
        (
            "bot",
            "Toutes mes condoléances. Souhaitez-vous parler à un conseiller pour vous accompagner dans ces démarches ?",
            [LOOKUP],
        ),
    )
    offer = only(empathy.score(grieving_fr, t).findings, "empathy.offers_person")
    assert offer.passed


def test_a_handoff_counts_as_offering_a_person(grieving):
    t = transcript(
        grieving,
        ("customer", "My husband died last week."),
        ("bot", "I'm so sorry for your loss.", [], Handoff("bereavement", "bereavement", "reply")),
    )
    assert only(empathy.score(grieving, t).findings, "empathy.offers_person").passed


def test_a_calm_customer_is_never_asked_to_be_offered_a_person(make_scenario):
    calm = feeling(make_scenario, "neutral", "expected")
    t = transcript(calm, ("customer", "Where is it?"), ("bot", "It arrives on 12 March.", [LOOKUP]))
    assert failures(empathy.score(calm, t).findings, "empathy.offers_person") == []
