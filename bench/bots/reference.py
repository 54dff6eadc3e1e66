"""The reference bots: one competent, six with one planted flaw each, two
that try to game the scorers. They are the default
contestants of `supportbench run`, and each exists to prove that one scorer catches one flaw."""

from __future__ import annotations

from collections.abc import Callable

from bench.bots.gaming import Reciter, Sympathiser
from bench.bots.phrases import PHRASES
from bench.bots.rulebot import RuleBot
from bench.core.contract import BotReply, Session


class SilentBot:
    """Does nothing useful: no tools, no facts, no handoff, a polite non-answer every turn."""

    def respond(self, message: str, session: Session) -> BotReply:
        return BotReply(PHRASES.get(session.locale, PHRASES["en"])["silent"])


class ApologiserBot:
    """Only apologises and sympathises: no tools, no facts, no handoff. Empathy without action
    must not pass a case that needs something done."""

    def respond(self, message: str, session: Session) -> BotReply:
        return BotReply(PHRASES.get(session.locale, PHRASES["en"])["apologise_only"])


REFERENCE_BOTS: dict[str, tuple[str, Callable[[], object]]] = {
    "careful": ("competent: uses tools, acknowledges emotion, hands off when it should with a full summary", RuleBot),
    "cold": ("careful without empathy", lambda: RuleBot(empathy=False)),
    "gatekeeper": ("careful that never hands off", lambda: RuleBot(escalation="never")),
    "deflector": ("hands off at once, always, with an empty summary", lambda: RuleBot(escalation="always")),
    "fabulist": (
        "careful that states wrong dates and amounts and grants refunds the policy forbids",
        lambda: RuleBot(truthful=False),
    ),
    "silent": ("does nothing useful", SilentBot),
    "apologiser": ("only apologises and sympathises, never acts", ApologiserBot),
    "sympathiser": ("games empathy: careful plus the same sympathy line in every reply", Sympathiser),
    "reciter": ("games accuracy: acts like careful but answers by reciting every date and amount on file", Reciter),
}
