"""The in-process bot contract (public and stable; docs/architecture.md):

    class MyBot:
        def respond(self, message: str, session: Session) -> BotReply | str: ...   # may be async
        def start(self): ...   # optional, may be async: once before the bot's first conversation
        def close(self): ...   # optional, may be async: once after its last conversation

A bot hands off either by returning BotReply(handoff=True, ...) or by calling the domain tool
`transfer_to_human(summary, reason)`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class BotReply:
    """What a bot answers to one customer message. Adapters for bots whose tools the harness cannot
    run may report the actions the bot says it took (`actions`: [{"tool": ..., "args": {...}}]),
    and LLM adapters the tokens used (`usage`: {"input_tokens", "output_tokens", "cost"})."""

    text: str
    handoff: bool = False
    handoff_summary: str | None = None
    handoff_reason: str | None = None
    actions: list[dict] = field(default_factory=list)
    usage: dict | None = None


@dataclass(frozen=True)
class HistoryTurn:
    role: str  # "customer" or "bot"
    text: str


@dataclass
class Session:
    """One conversation as the bot sees it. Expectations and the world's state stay hidden; the
    bot reaches the world only through `call_tool`.

    `memory` is a dict the bot may keep its own notes in, so one bot object can serve many
    concurrent conversations."""

    id: str
    locale: str
    channel: str
    tools: list[dict]
    seed: int
    _call: Callable[[str, dict], dict] = field(repr=False)
    policy: str = ""  # the domain's policy, for bots that take written instructions (LLMs)
    history: list[HistoryTurn] = field(default_factory=list)
    memory: dict[str, Any] = field(default_factory=dict)

    def call_tool(self, tool_name: str, /, **arguments: Any) -> dict:
        """Call a domain tool. Returns its result, or {"error": "..."} when the call is refused.
        (The tool name is positional-only, so a tool may itself take a `name` argument.)"""
        return self._call(tool_name, arguments)
