"""Recognising a bot's request for a fact by meaning: the ways bots ask (questions, requests, needs,
lists, references back, typos) count, and what only mentions a fact does not."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.core.requests import FACT_REQUESTS, asks_for
from bench.core.scenario import Fact


def asked(text: str) -> set[str]:
    return {key for key in FACT_REQUESTS if Fact(key, "x").asked_in(text)}


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("What's the number of the order, please?", "order_number"),
        ("Which e-mail address did you buy it with?", "email"),
        ("When were you born?", "date_of_birth"),
        ("What's the best number to reach you on tomorrow?", "phone"),
        ("Where should we post the new card?", "address"),
        ("Under what name was the table booked?", "name"),
        ("What does your debit card end in?", "card_last4"),
        ("Can I take the consignment number from the courier's text?", "tracking_number"),
        ("Could you give me the confirmation code from your ticket?", "booking_reference"),
        ("What's your client number? It's on every invoice.", "customer_number"),
        ("À quelle adresse faut-il l'envoyer ?", "address"),
        ("Vous pouvez me rappeler votre date de naissance ?", "date_of_birth"),
        ("Quel est le numéro de la ligne en panne ?", "phone"),
        ("C'est à quel nom, la réservation ?", "name"),
    ],
)
def test_a_question_naming_a_fact_asks_for_it(text, fact):
    assert fact in asked(text)


def test_a_statement_of_need_asks_for_the_fact():
    assert asked("To open the claim I'll need your IBAN.") == {"iban"}
    assert asked("Il me faudrait votre code postal pour vérifier la zone.") == {"postcode"}


def test_several_facts_asked_at_once_are_all_recognised():
    assert asked("Please send me your surname and your booking code.") == {"name", "booking_reference"}


def test_the_lines_of_a_list_under_a_request_are_requests():
    text = (
        "Hello,\n\nTo book the pick-up, please send us:\n- your order number\n- a phone number for the driver\n\nThanks"
    )
    assert asked(text) == {"order_number", "phone"}


def test_and_your_x_after_a_request_continues_it():
    assert asked("What's the card's last four digits? And your customer number.") == {"card_last4", "customer_number"}


def test_a_request_that_refers_back_asks_for_the_fact_named_before():
    assert asked("That order number doesn't match anything. Could you check it and send it again?") == {"order_number"}
    assert asked("Je vois deux réservations. Laquelle ? Donnez-moi sa référence.") == {"booking_reference"}


def test_a_one_letter_typo_in_the_fact_is_forgiven():
    assert asked("can u send the trakcing number pls") == {"tracking_number"}
    assert asked("whats your emial adress?") == {"email"}


def test_a_real_word_one_letter_from_a_fact_word_is_not_corrected():
    assert asked("Please reply with the contract number on your mandate.") == set()


@pytest.mark.parametrize(
    "text",
    [
        "Your order number is B2207 and it shipped this morning.",
        "Thanks for the postcode, I've found the account.",
        "Is your number still 07700 900123?",
        "Would you like to change the delivery address before it ships?",
        "Would you like the receipt sent by e-mail?",
        "Never share your card number with anyone, even us.",
        "What's the IBAN of the person you're paying?",
        "Please have your booking reference ready at the gate.",
        "Quel est le nom de l'hôtel où vous avez dormi ?",
        "Votre numéro client figure en haut de chaque facture.",
        "Souhaitez-vous modifier l'adresse de livraison ?",
    ],
)
def test_a_reply_that_only_mentions_a_fact_asks_for_nothing(text):
    assert asked(text) == set()


def test_a_statement_clause_beside_a_request_is_not_a_request():
    assert asked("Merci de m'indiquer votre e-mail, je ne trouve rien avec votre nom.") == {"email"}


def test_a_custom_fact_is_recognised_by_its_author_patterns_in_a_request():
    fact = Fact("deceased_name", "Margaret Moore", asked_by=("name of the deceased",))
    assert fact.asked_in("Could you tell me the name of the deceased?")
    assert fact.asked_in("The name of the deceased is on the certificate.") is None


def test_no_patterns_never_match():
    assert asks_for("What's your order number?", []) is None


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_is_read_without_raising(text):
    asked(text)
