"""The scripted simulated customer: opens with the scenario's line, gives the facts the bot asks for
(in English and French), plays its follow-ups, asks for a human when scripted, says goodbye once it
got what it came for, and gives up when its patience runs out."""

from __future__ import annotations

import re

import pytest

from bench.core.scenario import Scenario
from bench.core.transcript import GAVE_UP, RESOLVED, Turn
from bench.core.world import World, load_domain
from bench.sim.customer import Customer, CustomerLine
from tests.conftest import merge

FRENCH = {
    "language": "fr",
    "customer": {"opening": "Où est mon colis ?"},
    "expectations": {"accuracy": {"must_state": [{"fact": "date de livraison", "accept": ["12 mars"]}]}},
}


def french(customer: dict | None = None) -> dict:
    """Changes making MINIMAL a French case, plus `customer` changes."""
    return merge(FRENCH, {"customer": customer or {}})


HUMAN = re.compile(r"human|person", re.IGNORECASE)


class Chat:
    """One conversation driven by hand: the test plays the bot, the Customer answers."""

    def __init__(self, scenario: Scenario, seed: int = 0):
        self.customer = Customer(scenario, seed)
        self.world = World(load_domain(scenario.domain), scenario.world)
        self.turns = [Turn("customer", self.customer.opening())]

    @property
    def opening(self) -> str:
        return self.turns[0].text

    def bot(self, text: str, calls: list[tuple[str, dict]] = ()) -> CustomerLine:
        """The bot says `text` (after making `calls`); returns the customer's answer."""
        first = len(self.world.calls)
        for name, arguments in calls:
            result = self.world.call(name, arguments)
            assert "error" not in result, result
        self.turns.append(Turn("bot", text, self.world.calls[first:]))
        line = self.customer.reply(self.turns, self.world)
        self.turns.append(Turn("customer", line.text))
        return line

    def customer_lines(self) -> list[str]:
        return [t.text for t in self.turns if t.role == "customer"]


# --- opening ------------------------------------------------------------------------------------


def test_opening_is_the_scenarios_opening(make_scenario):
    scenario = make_scenario({"customer": {"opening": "My order A1 has not arrived."}})

    assert Customer(scenario, seed=3).opening() == "My order A1 has not arrived."


VARIANTS = ["Where is my parcel?", "My parcel is late, where is it?", "Any news of my order?", "Parcel status?"]


def test_with_variants_the_same_seed_picks_the_same_opening(make_scenario):
    scenario = make_scenario({"customer": {"opening": VARIANTS}})

    for seed in range(10):
        first = Customer(scenario, seed).opening()
        assert first in VARIANTS
        assert Customer(scenario, seed).opening() == first


def test_with_variants_different_seeds_pick_different_openings(make_scenario):
    scenario = make_scenario({"customer": {"opening": VARIANTS}})

    openings = {Customer(scenario, seed).opening() for seed in range(20)}

    assert len(openings) > 1
    assert openings <= set(VARIANTS)


# --- facts the bot asks for ---------------------------------------------------------------------

FACTS = {"order_number": "A1", "email": "ann@example.com", "date_of_birth": "1980-05-17"}


@pytest.mark.parametrize(
    "question, value, wording",
    [
        ("What is your order number?", "A1", "order number"),
        ("Could you give me the e-mail address on the order?", "ann@example.com", "e-mail"),
        ("Can you confirm your date of birth?", "1980-05-17", "date of birth"),
    ],
)
def test_gives_the_fact_the_bot_asks_for_in_english(make_scenario, question, value, wording):
    chat = Chat(make_scenario({"customer": {"facts": FACTS}}))

    line = chat.bot(question)

    assert line.ends is None
    assert value in line.text
    assert wording in line.text
    for other in set(FACTS.values()) - {value}:
        assert other not in line.text


@pytest.mark.parametrize(
    "question, value, wording",
    [
        ("Quel est votre numéro de commande ?", "A1", "commande"),
        ("Pouvez-vous me donner votre date de naissance ?", "1980-05-17", "né"),
        ("Quelle est votre adresse e-mail ?", "ann@example.com", "adresse mail"),
        ("Pourriez-vous m'indiquer la référence de votre commande ?", "A1", "commande"),
    ],
)
def test_gives_the_fact_the_bot_asks_for_in_french_and_answers_in_french(make_scenario, question, value, wording):
    chat = Chat(make_scenario(french({"facts": FACTS})))

    line = chat.bot(question)

    assert value in line.text
    assert wording in line.text
    assert not re.search(r"\bmy\b", line.text, re.IGNORECASE)  # not the English phrasing
    for other in set(FACTS.values()) - {value}:
        assert other not in line.text


def test_an_english_customer_answers_in_english(make_scenario):
    line = Chat(make_scenario({"customer": {"facts": FACTS}})).bot("What is your order number?")

    assert line.text == "My order number is A1."


def test_answers_several_requested_facts_in_one_line(make_scenario):
    chat = Chat(make_scenario({"customer": {"facts": FACTS}}))

    line = chat.bot("To find your account, what are your e-mail and your date of birth?")

    assert "ann@example.com" in line.text
    assert "1980-05-17" in line.text
    assert "A1" not in line.text
    assert line.ends is None


def test_a_custom_fact_is_given_when_the_bot_matches_its_asked_by_pattern(make_scenario):
    facts = {"pet_name": {"value": "Rex", "asked_by": [r"name of your (dog|pet)"]}}
    chat = Chat(make_scenario({"customer": {"facts": facts}}))

    assert "Rex" not in chat.bot("What is your name?").text
    line = chat.bot("And what is the name of your dog?")

    assert "Rex" in line.text
    assert "pet name" in line.text


def test_a_custom_fact_is_said_with_its_say_template(make_scenario):
    facts = {"pet_name": {"value": "Rex", "asked_by": ["(dog|pet)"], "say": "He's called {value}!"}}
    chat = Chat(make_scenario({"customer": {"facts": facts}}))

    assert chat.bot("What's your pet called?").text == "He's called Rex!"


def test_says_as_i_already_said_when_the_value_was_given_before(make_scenario):
    chat = Chat(make_scenario({"customer": {"opening": "My order A1 has not arrived."}}))

    line = chat.bot("What is your order number?")

    assert line.text.startswith("As I already said")
    assert "A1" in line.text


def test_says_as_i_already_said_when_asked_twice(make_scenario):
    chat = Chat(make_scenario())

    first = chat.bot("What is your order number?")
    second = chat.bot("Sorry, what was your order number again?")

    assert not first.text.startswith("As I already said")
    assert second.text.startswith("As I already said")
    assert "A1" in second.text


def test_says_je_vous_lai_deja_dit_in_french(make_scenario):
    scenario = make_scenario(french({"opening": "Ma commande A1 n'est pas arrivée."}))

    line = Chat(scenario).bot("Quel est votre numéro de commande ?")

    assert line.text.startswith("Je vous l'ai déjà dit")
    assert "A1" in line.text


# --- follow-ups ---------------------------------------------------------------------------------

FOLLOWUPS = [
    {"say": "You could at least apologise.", "when": {"bot_has_not": ["apologised"]}},
    {"say": "Also, can I still change the address?"},
]


def test_a_conditional_followup_is_played_when_its_condition_holds(make_scenario):
    chat = Chat(make_scenario({"customer": {"followups": FOLLOWUPS}}))

    first = chat.bot("Your parcel is with DHL.")
    second = chat.bot("Let me check that for you.")

    assert first.text == "You could at least apologise."
    assert second.text == "Also, can I still change the address?"


@pytest.mark.parametrize(
    "language, apology",
    [("en", "I'm sorry about the delay, your parcel is with DHL."), ("fr", "Je suis désolé pour ce retard.")],
)
def test_a_conditional_followup_is_skipped_when_the_bot_apologised(make_scenario, language, apology):
    customer = {"followups": FOLLOWUPS}
    chat = Chat(make_scenario(french(customer) if language == "fr" else {"customer": customer}))

    line = chat.bot(apology)

    assert line.text == "Also, can I still change the address?"


def test_a_followup_waits_while_the_bot_is_asking_for_facts(make_scenario):
    chat = Chat(make_scenario({"customer": {"followups": [{"say": "Also, can I still change the address?"}]}}))

    first = chat.bot("What is your order number?")
    second = chat.bot("Thanks, let me look.")

    assert "A1" in first.text
    assert second.text == "Also, can I still change the address?"


# --- asking for a human -------------------------------------------------------------------------


def test_asks_for_a_human_at_the_scripted_turn(make_scenario):
    chat = Chat(make_scenario({"customer": {"asks_for_human": {"at_turn": 3, "say": "Get me a human, now."}}}))

    second = chat.bot("Let me check that for you.")
    third = chat.bot("Still checking.")

    assert second.text != "Get me a human, now."
    assert not HUMAN.search(second.text)
    assert third.text == "Get me a human, now."


def test_asks_for_a_human_with_the_default_line_in_the_scenarios_language(make_scenario):
    scenario = make_scenario(french({"asks_for_human": {"at_turn": 2}}))

    line = Chat(scenario).bot("Je regarde.")

    assert "conseiller" in line.text


def test_insists_on_a_human_on_every_later_turn(make_scenario):
    chat = Chat(make_scenario({"customer": {"patience": 6, "asks_for_human": {"at_turn": 2}}}))

    lines = [
        chat.bot("Let me check."),
        chat.bot("What is your order number?"),  # insisting comes before answering
        chat.bot("Your parcel arrives on 12 March."),  # and the expected fact no longer satisfies
        chat.bot("Anything else?"),
    ]

    assert all(HUMAN.search(line.text) for line in lines), [line.text for line in lines]
    assert all(line.ends is None for line in lines)
    assert all("A1" not in line.text for line in lines)


def test_asking_for_a_human_in_the_opening_means_insisting_from_the_first_reply(make_scenario):
    chat = Chat(
        make_scenario(
            {
                "customer": {"opening": "Human please.", "asks_for_human": {"at_turn": 1}},
                "expectations": {"escalation": {"expect": "on_request"}},
            }
        )
    )

    line = chat.bot("Your parcel arrives on 12 March.")

    assert line.ends is None
    assert HUMAN.search(line.text)


# --- resolution ---------------------------------------------------------------------------------


def test_says_the_closing_line_and_ends_resolved_once_the_expected_facts_are_stated(make_scenario):
    chat = Chat(make_scenario({"customer": {"closing": "Great, thanks a lot!"}}))

    line = chat.bot("Your parcel is with DHL and arrives on 12 March.")

    assert line == CustomerLine("Great, thanks a lot!", RESOLVED)


def test_default_closing_is_in_the_scenarios_language(make_scenario):
    line = Chat(make_scenario(french())).bot("Votre colis arrivera le 12 mars.")

    assert line.ends == RESOLVED
    assert "Merci" in line.text


def test_does_not_end_before_the_expected_facts_are_stated(make_scenario):
    chat = Chat(make_scenario({"customer": {"nudge": "So when does it arrive?"}}))

    first = chat.bot("Your parcel is with DHL.")
    second = chat.bot("It arrives on 12 March.")

    assert first == CustomerLine("So when does it arrive?", None)
    assert second.ends == RESOLVED


def test_does_not_end_before_the_followups_are_played(make_scenario):
    chat = Chat(make_scenario({"customer": {"followups": [{"say": "And can I return it?"}]}}))

    first = chat.bot("It arrives on 12 March.")
    second = chat.bot("Yes, within 30 days.")

    assert first == CustomerLine("And can I return it?", None)
    assert second.ends == RESOLVED


REQUIRED_LOOKUP = {
    "expectations": {"resolution": {"required_actions": [{"tool": "get_order", "args": {"order_id": "A1"}}]}}
}


def test_an_unmet_required_action_keeps_the_customer_unsatisfied(make_scenario):
    chat = Chat(make_scenario(REQUIRED_LOOKUP))

    line = chat.bot("It arrives on 12 March.")

    assert line.ends is None
    assert chat.customer.satisfied(chat.turns, chat.world) is False


def test_ends_resolved_once_the_required_action_is_done(make_scenario):
    chat = Chat(make_scenario(REQUIRED_LOOKUP))

    chat.bot("It arrives on 12 March.")
    line = chat.bot("I checked: it arrives on 12 March.", calls=[("get_order", {"order_id": "a1"})])

    assert line.ends == RESOLVED


def test_a_failed_call_of_the_required_tool_does_not_count(make_scenario):
    chat = Chat(make_scenario(REQUIRED_LOOKUP))
    chat.world.call("get_order", {"order_id": "A1", "verbose": True})  # invalid arguments: an error

    line = chat.bot("It arrives on 12 March.")

    assert line.ends is None


def test_ends_resolved_only_once_the_end_state_is_reached(make_scenario):
    scenario = make_scenario(
        {
            "world": {"orders": {"A1": {"status": "processing"}}},
            "expectations": {
                "accuracy": {"must_state": [{"fact": "cancelled", "accept": ["cancelled"]}]},
                "resolution": {"end_state": [{"path": "orders.A1.status", "equals": "cancelled"}]},
            },
        }
    )
    chat = Chat(scenario)

    before = chat.bot("Your order will be cancelled.")
    after = chat.bot("Done: your order is cancelled.", calls=[("cancel_order", {"order_id": "A1"})])

    assert before.ends is None
    assert after.ends == RESOLVED


@pytest.mark.parametrize(
    "escalation",
    [
        {"expect": "required", "by_turn": 2},
        {"expect": "on_request"},
    ],
    ids=["required", "on_request"],
)
def test_cases_that_need_a_human_never_end_resolved_on_their_own(make_scenario, escalation):
    # asks_for_human after patience: the customer never actually asks, only the escalation kind differs
    scenario = make_scenario(
        {"customer": {"asks_for_human": {"at_turn": 30}}, "expectations": {"escalation": escalation}}
    )
    chat = Chat(scenario)

    lines = [chat.bot("Your parcel arrives on 12 March.") for _ in range(4)]

    assert [line.ends for line in lines] == [None, None, None, GAVE_UP]
    assert RESOLVED not in {line.ends for line in lines}


def test_the_same_case_without_a_needed_human_ends_resolved(make_scenario):
    scenario = make_scenario(
        {"customer": {"asks_for_human": {"at_turn": 30}}, "expectations": {"escalation": {"expect": "optional"}}}
    )

    assert Chat(scenario).bot("Your parcel arrives on 12 March.").ends == RESOLVED


# --- patience -----------------------------------------------------------------------------------


@pytest.mark.parametrize("patience", [1, 3, 5])
def test_gives_up_when_patience_runs_out_after_exactly_patience_lines(make_scenario, patience):
    chat = Chat(make_scenario({"customer": {"patience": patience}}))

    lines = []
    for _ in range(patience + 5):
        lines.append(chat.bot("Hmm, let me see."))
        if lines[-1].ends:
            break

    assert lines[-1] == CustomerLine("Forget it, I'll go elsewhere.", GAVE_UP)
    said = chat.customer_lines()
    assert len(said[:-1]) == patience  # the opening counts; the give-up line comes after
    assert all(line.ends is None for line in lines[:-1])


def test_never_says_more_than_patience_lines_even_while_answering_questions(make_scenario):
    chat = Chat(make_scenario({"customer": {"patience": 3, "facts": FACTS}}))

    lines = []
    for question in ["Your order number?", "Your e-mail?", "Your date of birth?", "Your order number?", "E-mail?"]:
        lines.append(chat.bot(question))
        if lines[-1].ends:
            break

    assert lines[-1].ends == GAVE_UP
    assert len(chat.customer_lines()) == 3 + 1


def test_gives_up_in_the_scenarios_language(make_scenario):
    chat = Chat(make_scenario(french({"patience": 1})))

    line = chat.bot("Hmm.")

    assert line.ends == GAVE_UP
    assert "Laissez tomber" in line.text


# --- understanding requests by meaning, asking back when lost -------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "What's the number of the order, please?",
        "I'll need the order reference to look into this.",
        "Please reply with:\n- your order number",
        "Hmm, that order number doesn't exist. Could you check it and send it again?",
    ],
)
def test_gives_a_fact_however_the_bot_asks_for_it(make_scenario, question):
    chat = Chat(make_scenario())
    assert "A1" in chat.bot(question).text


def test_does_not_answer_a_reply_that_only_mentions_a_fact(make_scenario):
    chat = Chat(make_scenario())
    assert "A1" not in chat.bot("Your order number will be on the confirmation e-mail.").text


def test_asks_back_once_when_asked_for_something_it_does_not_hold(make_scenario):
    chat = Chat(make_scenario())
    first = chat.bot("Could you give me your PIN, please?")
    assert first.text == "Sorry, I'm not sure what you need from me. I can give you my order number, if that helps."
    second = chat.bot("Could you give me your PIN, please?")
    assert "not sure" not in second.text and not second.ends


def test_asks_back_in_french_offering_what_it_holds(make_scenario):
    chat = Chat(make_scenario(french()))
    line = chat.bot("Pouvez-vous me donner votre code confidentiel ?")
    assert line.text.startswith("Pardon, je ne vois pas ce qu'il vous faut. Je peux vous donner mon numéro de commande")


def test_advice_for_someone_else_is_not_a_request(make_scenario):
    chat = Chat(make_scenario(french()))
    line = chat.bot("Vous pouvez communiquer ce montant et cette date à votre propriétaire.")
    assert "Pardon" not in line.text
