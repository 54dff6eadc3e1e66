"""What a bot could legitimately know, for grounding the dates and amounts it states: the scenario's
world, the results of its tool calls that succeeded, the customer's words, the domain policy it was
given (`Session.policy`) and its tool descriptions, and simple arithmetic over amounts: a total or a
difference of two, a percentage of one. Dates are not computed: with the periods a policy gives, moved
dates would cover so much of the calendar that an invented date would find a "source" by chance. Not
the bot's own tool arguments: a value becomes a fact when a system confirms it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from itertools import combinations
from typing import Any

from bench.core.scenario import Scenario
from bench.core.transcript import Transcript
from bench.core.values import Value, extract
from bench.core.world import load_domain

_CENT = Decimal("0.01")
_MAX_PAIRS = 60  # amounts combined pairwise at most (a larger record set is combined in part)


@dataclass(frozen=True)
class Sources:
    dates: frozenset[date]
    amounts: frozenset[Decimal]

    def grounds(self, value: Value) -> bool:
        """Whether a stated date or amount has a source (a date without a year: any year)."""
        if value.type == "date":
            stated = date.fromisoformat(str(value.value))
            if value.year_stated:
                return stated in self.dates
            return any((d.month, d.day) == (stated.month, stated.day) for d in self.dates)
        if value.type == "amount":
            return Decimal(str(value.value)).quantize(_CENT) in self.amounts
        return True


def sources(scenario: Scenario, transcript: Transcript) -> Sources:
    """Every date and amount the bot could know by the end of the conversation."""
    key = (scenario.id, scenario.digest)
    if key not in _FIXED:
        _FIXED[key] = _fixed(scenario)
    fixed_dates, fixed_amounts, rates = _FIXED[key]
    found_dates: set[date] = set()
    found_amounts: set[Decimal] = set()
    for _, call in transcript.tool_calls():
        if call.error is None:
            _walk(call.result, found_dates, found_amounts)
    for turn in transcript.turns:
        if turn.role == "customer":
            for value in extract(turn.text, scenario.today):
                _add_value(value, found_dates, found_amounts)
    dates = set(fixed_dates) | found_dates
    amounts = set(fixed_amounts) | found_amounts | _combined(found_amounts | _records(fixed_amounts), rates)
    return Sources(frozenset(dates), frozenset(amounts))


_FIXED: dict[tuple[str, str], tuple[frozenset, frozenset, tuple]] = {}


def _fixed(scenario: Scenario) -> tuple[frozenset, frozenset, tuple]:
    """What every conversation of the scenario may cite: the world, the policy, the tool descriptions,
    with the rates (percentages) they give. The same for every conversation, so computed once."""
    dates: set[date] = set()
    amounts: set[Decimal] = set()
    rates: set[Decimal] = set()
    _walk(scenario.world, dates, amounts)
    domain = load_domain(scenario.domain)
    for text in [domain.policy, *(t.description for t in domain.tools.values())]:
        for value in extract(text, scenario.today):
            _add_value(value, dates, amounts, rates)
    if scenario.today:
        dates.add(scenario.today)
    amounts |= _combined(_records(amounts), rates)
    return frozenset(dates), frozenset(amounts), tuple(sorted(rates))


def _records(amounts: set[Decimal] | frozenset[Decimal]) -> set[Decimal]:
    return {a for a in amounts if a > 0}


def _combined(amounts: set[Decimal], rates: tuple | set) -> set[Decimal]:
    """Totals and differences of two amounts, and each amount's share at each rate."""
    known = sorted(amounts)[:_MAX_PAIRS]
    out = {(a + b).quantize(_CENT) for a, b in combinations(known, 2)}
    out |= {abs(a - b).quantize(_CENT) for a, b in combinations(known, 2)}
    out |= {(a * rate / 100).quantize(_CENT) for a in known for rate in rates}
    return out


def _add_value(value: Value, dates: set, amounts: set, rates: set | None = None) -> None:
    if value.type == "date":
        dates.add(date.fromisoformat(str(value.value)))
    elif value.type == "amount":
        amounts.add(Decimal(str(value.value)).quantize(_CENT))
    elif value.type == "percentage" and rates is not None:
        rates.add(Decimal(str(value.value)))


def _walk(node: Any, dates: set, amounts: set) -> None:
    """Dates (ISO strings) and numbers of a world or a tool result, and the totals of its lists."""
    if isinstance(node, dict):
        for value in node.values():
            _walk(value, dates, amounts)
    elif isinstance(node, list):
        for value in node:
            _walk(value, dates, amounts)
        numbers = [n for n in node if isinstance(n, (int, float)) and not isinstance(n, bool)]
        if len(numbers) > 1:  # a total of the list
            amounts.add(abs(Decimal(str(sum(numbers)))).quantize(_CENT))
        records = [n for n in node if isinstance(n, dict)]
        for field in {
            k for r in records for k, v in r.items() if isinstance(v, (int, float)) and not isinstance(v, bool)
        }:
            column = [Decimal(str(r[field])) for r in records if isinstance(r.get(field), (int, float))]
            if len(column) > 1:  # the total of the items' prices
                amounts.add(abs(sum(column)).quantize(_CENT))
    elif isinstance(node, bool) or node is None:
        return
    elif isinstance(node, (int, float)):
        try:
            amounts.add(abs(Decimal(str(node))).quantize(_CENT))
        except InvalidOperation:
            return
    elif isinstance(node, str):
        try:
            dates.add(date.fromisoformat(node[:10]))
        except ValueError:
            return
