"""The transcript: the central record of one conversation. Scorers read only this and the scenario,
so any recorded conversation can be scored again without calling the bot."""

from __future__ import annotations

from dataclasses import dataclass, field

from bench.core.world import ToolCall

RECORD_VERSION = 1

# How a conversation ended.
RESOLVED = "resolved"  # the customer got what they came for and said goodbye
HANDOFF = "handoff"  # the bot handed the customer to a human
GAVE_UP = "gave_up"  # the customer's patience ran out
BOT_ERROR = "bot_error"  # the bot raised, timed out or answered something that is not a reply
OUTCOMES = (RESOLVED, HANDOFF, GAVE_UP, BOT_ERROR)


@dataclass
class Handoff:
    summary: str
    reason: str
    via: str  # "reply" (BotReply.handoff) or "tool" (transfer_to_human)


@dataclass
class Turn:
    role: str  # "customer" or "bot"
    text: str
    tool_calls: list[ToolCall] = field(default_factory=list)
    handoff: Handoff | None = None
    latency_s: float | None = None
    usage: dict | None = None  # tokens (and cost) an LLM bot reported for this reply


@dataclass
class Transcript:
    run_id: str
    bot: str
    scenario_id: str
    scenario_digest: str
    trial: int
    seed: int
    language: str
    channel: str
    turns: list[Turn] = field(default_factory=list)
    outcome: str = ""
    error: str | None = None
    final_state: dict = field(default_factory=dict)
    started_at: str = ""
    duration_s: float = 0.0
    key: str = ""  # (bot identity, scenario id@digest, trial, seed): what --resume finds finished (bench.run.resume)

    def bot_turns(self) -> list[tuple[int, Turn]]:
        """(index in turns, turn) for every bot turn."""
        return [(i, t) for i, t in enumerate(self.turns) if t.role == "bot"]

    def handoff_index(self) -> int | None:
        return next((i for i, t in enumerate(self.turns) if t.handoff), None)

    def tool_calls(self) -> list[tuple[int, ToolCall]]:
        return [(i, c) for i, t in enumerate(self.turns) for c in t.tool_calls]

    def total_usage(self) -> dict | None:
        """Tokens (and cost, when priced) summed over the bot's replies; None when it reported none."""
        return sum_usage([t.usage for t in self.turns if t.usage])

    def to_dict(self) -> dict:
        # by hand rather than dataclasses.asdict, whose deep copies cost more than the run's own work
        turns = [
            {
                "role": t.role,
                "text": t.text,
                "tool_calls": [c.to_dict() for c in t.tool_calls],
                "handoff": {"summary": t.handoff.summary, "reason": t.handoff.reason, "via": t.handoff.via}
                if t.handoff
                else None,
                "latency_s": t.latency_s,
                "usage": t.usage,
            }
            for t in self.turns
        ]
        fields = {f: getattr(self, f) for f in self.__dataclass_fields__ if f != "turns"}
        return {"record": "transcript", "version": RECORD_VERSION, **fields, "turns": turns}

    @classmethod
    def from_dict(cls, data: dict) -> Transcript:
        data = {k: v for k, v in data.items() if k not in ("record", "version")}
        turns = [
            Turn(
                role=t["role"],
                text=t["text"],
                tool_calls=[ToolCall(**c) for c in t.get("tool_calls", [])],
                handoff=Handoff(**t["handoff"]) if t.get("handoff") else None,
                latency_s=t.get("latency_s"),
                usage=t.get("usage"),
            )
            for t in data.pop("turns")
        ]
        return cls(turns=turns, **data)


def sum_usage(reported: list[dict]) -> dict | None:
    """The numeric fields of usage records added up, with their currency when they share one."""
    if not reported:
        return None
    keys = {k for u in reported for k, v in u.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}
    total = {k: round(sum(u.get(k, 0) or 0 for u in reported), 6) for k in sorted(keys)}
    currencies = {u["currency"] for u in reported if u.get("currency")}
    return total | ({"currency": currencies.pop()} if len(currencies) == 1 else {})
