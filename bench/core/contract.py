"""The in-process bot contract (public and stable; docs/architecture.md):

    class MyBot:
        def respond(self, message: str, session: Session) -> BotReply | str: ...   # may be async
        def start(self): ...   # optional, may be async: once before the bot's first conversation
        def close(self): ...   # optional, may be async: once after its last conversation

A bot hands off either by returning BotReply(handoff=True, ...) or by calling the domain tool
`transfer_to_human(summary, reason)`.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# Bounds on the data a bot hands over (tool arguments, reported actions, usage): plain JSON of a size
# a transcript can hold. A larger int cannot even be printed by Python (4300 digits) nor read by most
# JSON readers, and no id or amount has more than 30 digits.
MAX_INT = 10**30
MAX_DEPTH = 32
MAX_VALUES = 10_000


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


class BadReply(ValueError):
    """What a bot handed the harness breaks the contract: the message says which field and what is wrong."""


def check_reply(value: Any) -> BotReply:
    """The one check of what respond() returned: a str, or a BotReply whose fields have the documented
    types. Returns a fresh BotReply of plain data the bot can no longer change, so nothing of the bot's
    own (objects, cycles, subclasses) reaches the transcript; raises BadReply naming the field."""
    if isinstance(value, str):
        return BotReply(_text(value, "reply"))
    if not isinstance(value, BotReply):
        raise BadReply(f"respond() returned {describe_value(value)}, expected BotReply or str")
    text = value.text
    if not isinstance(text, str):
        raise BadReply(f"BotReply.text: expected str, got {describe_value(text)}")
    handoff = value.handoff
    if handoff is None or (isinstance(handoff, int) and handoff in (0, 1)):  # bool is an int
        handoff = bool(handoff)
    else:
        raise BadReply(f"BotReply.handoff: expected true or false, got {describe_value(handoff)}")
    actions = value.actions
    if not isinstance(actions, (list, tuple)):
        raise BadReply(f"BotReply.actions: expected a list of {{tool, args}}, got {describe_value(actions)}")
    usage = value.usage
    if usage is not None and not isinstance(usage, dict):
        raise BadReply(f"BotReply.usage: expected an object or null, got {describe_value(usage)}")
    return BotReply(
        _text(text, "BotReply.text"),
        handoff,
        _optional_text(value.handoff_summary, "BotReply.handoff_summary"),
        _optional_text(value.handoff_reason, "BotReply.handoff_reason"),
        [_action(action, f"BotReply.actions[{i}]") for i, action in enumerate(_items(actions))],
        None if usage is None else json_safe(usage, "BotReply.usage"),
    )


def _action(action: Any, where: str) -> dict:
    if not isinstance(action, dict):
        raise BadReply(f"{where}: expected an object {{tool, args}}, got {describe_value(action)}")
    tool, args = dict.get(action, "tool"), dict.get(action, "args")
    if not isinstance(tool, str):
        raise BadReply(f"{where}.tool: expected str, got {describe_value(tool)}")
    if args is None:
        args = {}
    if not isinstance(args, dict):
        raise BadReply(f"{where}.args: expected an object, got {describe_value(args)}")
    return {"tool": _text(tool, f"{where}.tool"), "args": json_safe(args, f"{where}.args")}


def _optional_text(value: Any, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadReply(f"{where}: expected str or null, got {describe_value(value)}")
    return _text(value, where)


def _text(value: str, where: str) -> str:
    """A plain str copy (not the bot's subclass) that can be written as UTF-8."""
    text = str.__str__(value)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as bad:
        raise BadReply(f"{where}: not valid Unicode (lone surrogate at character {bad.start})") from None
    return text


def _items(sequence: list | tuple) -> list:
    # the base class's own iteration: a subclass's __iter__ is the bot's code
    return list.copy(sequence) if isinstance(sequence, list) else list(tuple.__iter__(sequence))


def json_safe(value: Any, where: str) -> Any:
    """A copy of `value` in plain JSON (dicts with str keys, lists, str, int, float, bool, None), or
    BadReply naming the first part that is not: a circular structure, an int over 30 digits, NaN, a
    key that is not a str, a set, bytes, any other object, more than MAX_VALUES values or MAX_DEPTH
    levels. Tuples become lists, as in JSON. Tool arguments and reported actions pass here before
    they reach a tool or the transcript, which must stay writable as JSON."""
    budget = [MAX_VALUES]

    def copy(node: Any, path: str, depth: int, enclosing: set[int]) -> Any:
        budget[0] -= 1
        if budget[0] < 0:
            raise BadReply(f"{where}: more than {MAX_VALUES:,} values")
        if node is None or isinstance(node, bool):
            return node
        if isinstance(node, str):
            return _text(node, path)
        if isinstance(node, int) or _integer_like(node):
            number = int.__index__(node) if isinstance(node, int) else operator.index(node)
            if not -MAX_INT < number < MAX_INT:
                raise BadReply(f"{path}: int of about {int(number.bit_length() * 0.30103):,} digits (at most 30)")
            return number
        if isinstance(node, float):
            number = float.__float__(node)
            if not math.isfinite(number):
                raise BadReply(f"{path}: {number} is not a JSON number")
            return number
        if not isinstance(node, (dict, list, tuple)):
            raise BadReply(f"{path}: {describe_value(node)} is not JSON{_HINTS.get(type(node), '')}")
        if id(node) in enclosing:
            raise BadReply(f"{path}: circular reference (contains an object that encloses it)")
        if depth >= MAX_DEPTH:
            raise BadReply(f"{path}: nested more than {MAX_DEPTH} levels deep")
        enclosing.add(id(node))
        try:
            if isinstance(node, dict):
                out = {}
                for key, item in list(dict.items(node)):
                    if not isinstance(key, str):
                        raise BadReply(f"{path}: key {describe_value(key)} is not a str")
                    key = _text(key, path)
                    out[key] = copy(item, f"{path}.{key}", depth + 1, enclosing)
                return out
            return [copy(item, f"{path}[{i}]", depth + 1, enclosing) for i, item in enumerate(_items(node))]
        finally:
            enclosing.discard(id(node))

    return copy(value, where, 0, set())


def _integer_like(node: Any) -> bool:
    """An integer of another library (numpy.int64...): one with __index__, which bytes lack."""
    return hasattr(type(node), "__index__") and not isinstance(node, (bytes, bytearray, float, str))


_HINTS = {set: " (use a list)", frozenset: " (use a list)", bytes: " (decode it to str)", bytearray: " (decode it)"}


def describe_value(value: Any) -> str:
    """Its type and, for plain values, a short look at it; never runs the bot's __repr__."""
    kind = type(value).__name__
    if value is None:
        return "null"
    if isinstance(value, str):
        text = str.__str__(value)
        return f"{kind} {text[:40]!r}" + ("..." if len(text) > 40 else "")
    if isinstance(value, bool):
        return f"{kind} {bool(value)}"
    if isinstance(value, int):
        number = int.__index__(value)
        return f"{kind} {number}" if -MAX_INT < number < MAX_INT else f"{kind} of {number.bit_length():,} bits"
    if isinstance(value, float):
        return f"{kind} {float.__float__(value)!r}"
    return kind
