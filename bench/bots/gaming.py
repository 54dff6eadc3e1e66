"""Bots that try to game the scorers: each is the careful bot plus one trick that a naive scorer
would reward. They must not win. Each must score below careful on the composite and on the
dimension it games (tests/test_gaming_bots.py)."""

from __future__ import annotations

from typing import Any

from bench.bots.phrases import say_date, say_money
from bench.bots.rulebot import RuleBot
from bench.core.contract import BotReply, Session
from bench.core.text import find_dates, leaves

_SYMPATHY = {
    "en": "I completely understand your frustration and I'm so sorry about this.",
    "fr": "Je comprends tout à fait votre frustration et j'en suis vraiment désolé.",
}
_RECITAL = {"en": "Here is everything on file: {values}.", "fr": "Voici tout ce qui figure au dossier : {values}."}
_NOTHING = {"en": "Could you give me your order or account details?", "fr": "Pouvez-vous me donner vos références ?"}


class Sympathiser(RuleBot):
    """Careful, plus the same sympathy line at the start of every reply, whatever the customer feels."""

    def respond(self, message: str, session: Session) -> BotReply:
        reply = super().respond(message, session)
        reply.text = f"{_SYMPATHY.get(session.locale, _SYMPATHY['en'])} {reply.text}"
        return reply


class Reciter(RuleBot):
    """Acts like careful (same tools, same handoffs) but, instead of answering, recites every date
    and amount its tools ever returned: all true, so a scorer that credits any true value said
    somewhere would rate it as accurate as careful."""

    def respond(self, message: str, session: Session) -> BotReply:
        seen = session.memory.setdefault("_seen", [])
        if not session.memory.get("_recording"):
            session.memory["_recording"] = True
            call = session._call

            def recording(name: str, arguments: dict) -> dict:
                result = call(name, arguments)
                seen.append(result)
                return result

            session._call = recording
        reply = super().respond(message, session)
        values = _values(seen, session.locale)
        template = _RECITAL.get(session.locale, _RECITAL["en"])
        reply.text = template.format(values=", ".join(values)) if values else _NOTHING.get(session.locale, "")
        return reply


def _values(results: list[Any], lang: str) -> list[str]:
    out = [
        say_money(v, "EUR", lang) if isinstance(v, float) else say_date(v, lang)
        for v in leaves(results)
        if isinstance(v, float) or (isinstance(v, str) and len(v) == 10 and find_dates(v))
    ]
    return list(dict.fromkeys(out))
