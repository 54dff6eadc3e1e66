"""Reading a scenario's expectations against what happened, and the one answer to "did the customer
get what they came for?" (`progress`). The simulated customer uses it to decide when to say goodbye
and the resolution scorer to grade, so the two cannot drift apart."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from bench.core.scenario import Action, ExpectedFact, Scenario
from bench.core.text import mentions
from bench.core.transcript import Turn
from bench.core.values import Value, extract
from bench.core.world import ToolCall

_MISSING = object()


def lookup(state: Any, path: str) -> Any:
    """Value at a dotted path (`orders.A1001.status`, `cards.C1.status`, `handoffs.0`), or _MISSING."""
    node = state
    for part in path.split("."):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return _MISSING
    return node


def assertion_holds(state: dict, assertion: dict) -> tuple[bool, str]:
    """Check one end-state assertion; also return what was found, for evidence."""
    value = lookup(state, assertion["path"])
    found = "missing" if value is _MISSING else repr(value)
    if "exists" in assertion and (value is not _MISSING) != assertion["exists"]:
        return False, found
    if "equals" in assertion and (value is _MISSING or not _same(value, assertion["equals"])):
        return False, found
    if "in" in assertion and (value is _MISSING or not any(_same(value, v) for v in assertion["in"])):
        return False, found
    return True, found


def _same(actual: Any, wanted: Any) -> bool:
    if isinstance(actual, str) and isinstance(wanted, str):
        return actual.strip().casefold() == wanted.strip().casefold()
    if isinstance(actual, (int, float)) and isinstance(wanted, (int, float)):
        return abs(actual - wanted) < 0.005
    return actual == wanted


def action_matches(call: ToolCall, action: Action) -> bool:
    """A successful call of the action's tool whose arguments include the action's `args`."""
    if call.name != action.tool or call.error is not None:
        return False
    return all(k in call.arguments and _same(_canon(call.arguments[k]), _canon(v)) for k, v in action.args.items())


def _canon(value: Any) -> Any:
    # Identifiers are written "#A1042", "a1042" or "A1042" alike.
    return value.strip().lstrip("#") if isinstance(value, str) else value


def same_value(said: Value, wanted: Value) -> bool:
    """Whether a stated value is the expected one: the same date (month and day, and the year when both
    write one), time, amount (and currency when both give one), percentage, duration (weeks in days),
    phone (a national or international writing of the same number) or reference."""
    if said.type != wanted.type:
        return False
    if said.type == "date":
        if said.year_stated and wanted.year_stated:
            return said.value == wanted.value
        return str(said.value)[5:] == str(wanted.value)[5:]
    if said.type in ("amount", "percentage"):
        same_currency = said.currency is None or wanted.currency is None or said.currency == wanted.currency
        return Decimal(str(said.value)) == Decimal(str(wanted.value)) and same_currency
    if said.type == "duration":
        return _days(said) == _days(wanted)
    if said.type == "phone":
        return _national(str(said.value)) == _national(str(wanted.value))
    return str(said.value) == str(wanted.value)


def _days(value: Value) -> tuple[int, str | None]:
    if value.unit == "week":
        return int(value.value) * 7, "day"
    return int(value.value), value.unit


def _national(phone: str) -> str:
    """+44 7700 900315 and 07700 900315 are one number (and +33 6... and 06...)."""
    return "0" + phone[3:] if phone[:3] in ("+44", "+33") else phone


def states(text: str, forms: list[str], today: date | None = None) -> str | None:
    """The accepted wording of a fact that `text` states, or None. A wording made of values (a date, an
    amount, a phone number...) is stated when the text states every one of its values, in any format
    ("12 March", "12/03/2026" and "Thursday the 12th" are one date); any other wording is stated when the
    text says it, as a whole word or phrase."""
    said: list[Value] | None = None
    for form in forms:
        wanted = extract(form, today)
        if wanted and _only_values(form, wanted):
            said = extract(text, today) if said is None else said
            if all(any(same_value(s, w) for s in said) for w in wanted):
                return form
        elif mentions(text, form):
            return form
    return None


def _only_values(form: str, values: list[Value]) -> bool:
    """Whether a wording is its values (what is left is a few joining words: "on", "by", "le")."""
    rest = form
    for value in sorted(values, key=lambda v: v.span[0], reverse=True):
        rest = rest[: value.span[0]] + " " + rest[value.span[1] :]
    return len(re.findall(r"[^\W\d_]{4,}", rest)) == 0


@dataclass(frozen=True)
class Progress:
    """How far a conversation got towards what the customer came for: each expected fact with the
    turn that first told it, each required action with the turn that did it (None: not yet), and
    each end-state assertion with whether it holds and what the world holds there."""

    told: list[tuple[ExpectedFact, int | None]]
    done: list[tuple[Action, int | None]]
    end_state: list[tuple[dict, bool, str]]

    @property
    def met(self) -> bool:
        return (
            all(turn is not None for _, turn in self.told)
            and all(turn is not None for _, turn in self.done)
            and all(holds for _, holds, _ in self.end_state)
        )


def progress(scenario: Scenario, turns: list[Turn], state: dict) -> Progress:
    """What the conversation so far (`turns`, the world now `state`) achieved of the scenario's goal:
    every expected fact stated in an accepted form, every required action done with its arguments
    (run on the world, or reported by the bot's own systems), every end-state assertion holding."""
    bot_turns = [(i, t) for i, t in enumerate(turns) if t.role == "bot"]
    calls = [(i, c) for i, t in enumerate(turns) for c in t.tool_calls]
    today = scenario.today
    told = [
        (fact, next((i for i, t in bot_turns if states(t.text, fact.forms(scenario.language), today)), None))
        for fact in scenario.must_state
    ]
    done = [
        (action, next((i for i, c in calls if action_matches(c, action)), None)) for action in scenario.required_actions
    ]
    end_state = [(a, *assertion_holds(state, a)) for a in scenario.end_state]
    return Progress(told, done, end_state)
