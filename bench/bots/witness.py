"""The witness: replays the ideal bot path a scenario stores (`witness`), to prove the case can be
passed. It is built for one scenario; the audit uses it, never a leaderboard."""

from __future__ import annotations

from bench.core.contract import BotReply, Session

WITNESS_ENDED = "(the scenario's witness has no more turns)"


class WitnessBot:
    def __init__(self, turns: list[dict]):
        self._turns = turns

    def respond(self, message: str, session: Session) -> BotReply:
        index = sum(1 for t in session.history if t.role == "bot")
        if index >= len(self._turns):
            return BotReply(WITNESS_ENDED)
        turn = self._turns[index]
        for call in turn.get("calls", []):
            session.call_tool(call["tool"], **call.get("args", {}))
        handoff = turn.get("handoff")
        if handoff:
            return BotReply(turn["say"], True, handoff["summary"], handoff.get("reason"))
        return BotReply(turn["say"])
