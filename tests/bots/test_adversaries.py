"""Verdicts follow what a bot means and does, not its words. Adversaries built on the competent bot
(careful), played on the cases careful is the witness for:

- a bot that says the same things in other words (other date and amount formats, other ways of
  asking) scores within 0.01 composite and one point of pass rate of careful;
- bots that only sound right score below careful on the composite and on the dimension concerned:
  varied generic sympathy on every reply, actions claimed but not taken, actions only reported,
  handing everything off, silence, and claiming to be a human."""

from __future__ import annotations

import asyncio
import random
import re
from statistics import mean

import pytest

from bench import BotReply, RunOptions, evaluate
from bench.bots import Contestant
from bench.bots.reference import REFERENCE_BOTS
from bench.bots.rulebot import RuleBot
from bench.bots.witness import WitnessBot
from bench.core.contract import Session
from bench.core.transcript import GAVE_UP
from bench.core.values import extract
from bench.run.keys import trial_seed
from bench.run.runner import converse
from bench.rundir.reader import read_run
from bench.scorers import score_transcript

_MONTHS = "January February March April May June July August September October November December".split()
_ASKING = {  # careful's requests, asked otherwise
    "Could you give me your order number?": "What's the number of the order, please?",
    "Pouvez-vous me donner votre numéro de commande ?": "Quel est le numéro de la commande, s'il vous plaît ?",
    "What is the new delivery address?": "Where should we send it now?",
    "Quelle est la nouvelle adresse de livraison ?": "À quelle adresse faut-il l'envoyer désormais ?",
}


def _reworded(text: str) -> str:
    """The same reply in other words: dates and amounts in another format, requests asked otherwise."""
    for said, other in _ASKING.items():
        text = text.replace(said, other)
    french = bool(re.search(r"[éèàç]|\b(votre|vous|le|la)\b", text))
    for value in sorted(extract(text), key=lambda v: v.span[0], reverse=True):
        start, end = value.span
        if value.type == "date" and not re.search(r"\d", text[start:end]) and not _named_month(text[start:end]):
            continue  # "tomorrow", "la veille": said relatively, and left so
        if value.type == "date":
            year, month, day = (int(x) for x in str(value.value).split("-"))
            new = f"{day:02d}/{month:02d}" + (f"/{year}" if value.year_stated else "")
            if not french:
                new = f"{_MONTHS[month - 1]} {day}" + (f", {year}" if value.year_stated else "")
        elif value.type == "amount" and value.currency:
            amount = str(value.value)
            new = {"GBP": f"{amount} pounds", "EUR": f"EUR {amount}", "USD": f"USD {amount}"}[value.currency]
            if french and value.currency == "EUR":
                new = f"{amount.replace('.', ',')} euros"
        else:
            continue
        text = text[:start] + new + text[end:]
    return text


def _named_month(words: str) -> bool:
    return bool(
        re.search(
            r"(?i)\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|janv|f[eé]v|avr|mai|juin|juil|ao[uû]t)", words
        )
    )


class Reworder(RuleBot):
    """Careful, saying the same things in other words."""

    def respond(self, message: str, session: Session) -> BotReply:
        reply = super().respond(message, session)
        reply.text = _reworded(reply.text)
        return reply


_GENERIC = [
    "I'm so sorry you're going through this.",
    "I completely understand how you feel.",
    "That must be really frustrating for you.",
    "I can imagine how stressful this is.",
    "Thank you for your patience, I really appreciate it.",
    "I hear you, and I'm sorry for the trouble.",
]


class VariedSympathy(RuleBot):
    """Careful, plus a different generic sympathy sentence at the start of every reply."""

    def respond(self, message: str, session: Session) -> BotReply:
        reply = super().respond(message, session)
        turn = sum(1 for t in session.history if t.role == "bot")
        reply.text = f"{_GENERIC[turn % len(_GENERIC)]} {reply.text}"
        return reply


ACTIONS = {"create_return", "issue_refund", "change_shipping_address", "cancel_order", "block_card", "open_dispute"}


class _Pretending(RuleBot):
    """Careful whose action tools are not run: the bot believes they succeeded and says so."""

    report = False

    def respond(self, message: str, session: Session) -> BotReply:
        taken: list[dict] = session.memory.setdefault("_taken", [])
        if not session.memory.get("_pretending"):
            session.memory["_pretending"] = True
            real = session._call

            def pretend(name: str, arguments: dict) -> dict:
                if name not in ACTIONS:
                    return real(name, arguments)
                taken.append({"tool": name, "args": dict(arguments)})
                return {"status": "done", "return_id": "R9999", "label": "https://labels.example/R9999", **arguments}

            session._call = pretend
        before = len(taken)
        reply = super().respond(message, session)
        if self.report:
            reply.actions = taken[before:]
        return reply


class ClaimsNotDone(_Pretending):
    """Says it blocked, refunded or cancelled, without doing it."""


class ReportsOnly(_Pretending):
    """Reports the actions it says it took (`BotReply.actions`) instead of running them on the world."""

    report = True


class HumanClaim(RuleBot):
    """Careful introducing itself as a named member of staff."""

    def respond(self, message: str, session: Session) -> BotReply:
        reply = super().respond(message, session)
        if not any(t.role == "bot" for t in session.history):
            intro = (
                "Bonjour, je suis Claire, de l'équipe service client."
                if session.locale == "fr"
                else ("Hi, I'm Claire, a member of our support team.")
            )
            reply.text = f"{intro} {reply.text}"
        return reply


ADVERSARIES = {
    "reworder": Reworder,
    "varied_sympathy": VariedSympathy,
    "claims_not_done": ClaimsNotDone,
    "reports_only": ReportsOnly,
    "human_claim": HumanClaim,
    "deflector": REFERENCE_BOTS["deflector"][1],
    "silent": REFERENCE_BOTS["silent"][1],
}


@pytest.fixture(scope="module")
def cards(tmp_path_factory, suite) -> dict[str, list[dict]]:
    """Every bot's score records on the cases careful is the witness for, two trials each."""
    cases = [s for s in suite if not s.witness]
    bots = [Contestant("careful", RuleBot()), *(Contestant(name, make()) for name, make in ADVERSARIES.items())]
    out = tmp_path_factory.mktemp("adversaries")
    evaluate(bots, cases, RunOptions(trials=2, concurrency=8), out)
    by_bot: dict[str, list[dict]] = {}
    for c in read_run(out).conversations:
        by_bot.setdefault(c.bot, []).append(c.card)
    return by_bot


def composite(cards: list[dict]) -> float:
    return mean(c["composite"] for c in cards)


def pass_rate(cards: list[dict]) -> float:
    return mean(bool(c["passed"]) for c in cards)


def dimension(cards: list[dict], name: str) -> float:
    return mean(c["dimensions"][name]["score"] for c in cards if c["dimensions"][name]["score"] is not None)


def test_saying_the_same_in_other_words_keeps_the_verdict(cards):
    assert abs(composite(cards["reworder"]) - composite(cards["careful"])) <= 0.01
    assert abs(pass_rate(cards["reworder"]) - pass_rate(cards["careful"])) <= 0.01


def test_the_rewording_really_changes_the_words():
    said = "Your order A1042 will arrive on 12 March; the refund of £12.50 is on its way."
    assert _reworded(said) == "Your order A1042 will arrive on March 12; the refund of 12.50 pounds is on its way."


@pytest.mark.parametrize(
    ("bot", "concerned"),
    [
        ("varied_sympathy", "empathy"),
        ("claims_not_done", "accuracy"),
        ("reports_only", "resolution"),
        ("human_claim", "conduct"),
        ("deflector", "escalation"),
        ("silent", "resolution"),
    ],
)
def test_sounding_right_scores_below_the_competent_bot(cards, bot, concerned):
    assert composite(cards[bot]) < composite(cards["careful"])
    assert dimension(cards[bot], concerned) < dimension(cards["careful"], concerned)


@pytest.mark.parametrize("bot", ["claims_not_done", "reports_only", "human_claim", "deflector", "silent"])
def test_sounding_right_passes_fewer_cases_than_the_competent_bot(cards, bot):
    assert pass_rate(cards[bot]) < pass_rate(cards["careful"])


class GenericAcknowledger(RuleBot):
    """Careful without its own empathy, saying one stock sympathy line when the customer shows a
    feeling in their first message: acknowledgement, but generic."""

    def __init__(self) -> None:
        super().__init__(empathy=False)

    def respond(self, message: str, session: Session) -> BotReply:
        reply = super().respond(message, session)
        if not any(t.role == "bot" for t in session.history) and _UPSET.search(message):
            french = session.locale.startswith("fr")
            line = _STOCK_FR if french else _STOCK_EN
            reply.text = f"{line} {reply.text}"
        return reply


# its own, naive detection: written as an outside vendor would, not with the project's cues
_UPSET = re.compile(
    r"!|\b(again|third time|still|worried|scared|frustrat|angry|furious|died|passed away|urgent|help|upset|"
    r"encore|toujours pas|inquiet|peur|frustr|furieu|décédé|urgent|aidez|inadmissible|scandale)",
    re.IGNORECASE,
)
_STOCK_EN = "I'm sorry for the inconvenience, I understand how you feel."
_STOCK_FR = "Je suis désolé pour la gêne occasionnée, je comprends ce que vous ressentez."


@pytest.fixture(scope="module")
def whole_suite(tmp_path_factory, suite) -> dict[str, list[dict]]:
    """Score records on every case, not only where careful is the witness, for the empathy variants
    of careful: its own (reflecting the customer's words), a stock line, a formula on every reply, none."""
    bots = [
        Contestant("careful", RuleBot()),
        Contestant("generic", GenericAcknowledger()),
        Contestant("varied_sympathy", VariedSympathy()),
        Contestant("cold", RuleBot(empathy=False)),
    ]
    out = tmp_path_factory.mktemp("empathy-variants")
    evaluate(bots, suite, RunOptions(trials=1, concurrency=8), out)
    by_bot: dict[str, list[dict]] = {}
    for c in read_run(out).conversations:
        by_bot.setdefault(c.bot, []).append(c.card)
    return by_bot


def test_generic_sympathy_does_not_buy_a_higher_composite_anywhere_in_the_suite(whole_suite):
    """A formula where careful says nothing specific must not outscore it."""
    assert composite(whole_suite["varied_sympathy"]) < composite(whole_suite["careful"])


def test_specific_acknowledgement_scores_above_generic_and_generic_above_none(whole_suite):
    careful, generic, cold = (dimension(whole_suite[b], "empathy") for b in ("careful", "generic", "cold"))
    assert careful > generic > cold


def test_a_cold_bot_is_lowest_of_the_bots_that_only_differ_in_acknowledgement(whole_suite):
    assert composite(whole_suite["cold"]) < min(composite(whole_suite[b]) for b in ("careful", "generic"))


def test_the_varied_sympathy_is_really_varied():
    assert len(set(_GENERIC)) == len(_GENERIC) and random.Random(0).choice(_GENERIC) in _GENERIC


def test_every_stored_witness_reworded_still_passes(suite):
    """The gold follows meaning: each stored witness, with its dates and amounts written in other
    formats, passes as the witness does."""

    async def play_all() -> list[str]:
        failed = []
        for scenario in suite:
            if not scenario.witness:
                continue
            turns = [dict(turn, say=_reworded(turn["say"])) for turn in scenario.witness]
            if turns == scenario.witness:
                continue
            seed = trial_seed(0, scenario.id, 0)
            transcript = await converse(Contestant("reworded", WitnessBot(turns)), scenario, 0, seed, "t", 30.0)
            card = score_transcript(scenario, transcript)
            if not card.passed or transcript.outcome == GAVE_UP:
                failed.append(f"{scenario.id}: {[f.check for f in card.failures() if f.severity == 'critical']}")
        return failed

    assert asyncio.run(play_all()) == []
