"""Accuracy: is what the bot says true? Credit for each expected fact stated in an accepted form;
a forbidden claim (a refund the policy does not allow) is critical; and every date or amount the
bot states must have a source (the world, a tool result, or the customer's own words), which
catches invented values even where the scenario did not list them.

Accuracy grades what was said, not what was left unsaid: a fact the customer never got is a
resolution failure (`resolution.informed`). A bot that states nothing checkable is not applicable
here, and pays for its silence in resolution."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from bench.expectations import accepted
from bench.scenario import Scenario
from bench.text import excerpt, find_amounts, find_dates, matches_any, mentions_any
from bench.transcript import Transcript
from scorers.findings import DimensionScore, Finding, from_findings


def score(scenario: Scenario, transcript: Transcript) -> DimensionScore:
    spec = scenario.expectations.get("accuracy", {})
    bot_turns = transcript.bot_turns()
    findings: list[Finding] = []
    for fact in spec.get("must_state", []):
        forms = accepted(fact["accept"], scenario.language)
        said = next(((i, t.text, f) for i, t in bot_turns if (f := mentions_any(t.text, forms))), None)
        if said:
            findings.append(
                Finding(
                    "accuracy.states_fact",
                    True,
                    fact.get("severity", "major"),
                    f"states {fact['fact']} correctly",
                    said[0],
                    excerpt(said[1], said[2]),
                )
            )
    for claim in spec.get("must_not_state", []):  # only a claim made is a finding: silence is not accuracy
        made = next(((i, t.text, m) for i, t in bot_turns if (m := matches_any(t.text, claim["patterns"]))), None)
        if made:
            findings.append(
                Finding(
                    "accuracy.forbidden_claim",
                    False,
                    claim.get("severity", "critical"),
                    f"makes a forbidden claim: {claim['claim']}",
                    made[0],
                    excerpt(made[1], made[2][0]),
                )
            )
    findings += _grounding(scenario, transcript)
    return from_findings(findings)


def _grounding(scenario: Scenario, transcript: Transcript) -> list[Finding]:
    """One critical check per date or amount the bot states: does it have a source?"""
    dates, amounts = _sources(scenario, transcript)
    findings = []
    for i, turn in transcript.bot_turns():
        stated = [
            ("date", words, any(year in (y, None) or y is None for y, m, d in dates if (m, d) == (month, day)))
            for year, month, day, words in find_dates(turn.text)
        ] + [("amount", words, value in amounts) for value, words in find_amounts(turn.text)]
        for kind, words, ok in stated:
            verdict = "matches a source" if ok else "appears in no tool result, world record or customer message"
            findings.append(
                Finding(
                    f"accuracy.grounded_{kind}",
                    ok,
                    "critical",
                    f"{kind} {words!r} {verdict}",
                    i,
                    excerpt(turn.text, words),
                )
            )
    return findings


def _sources(scenario: Scenario, transcript: Transcript) -> tuple[set[tuple[int | None, int, int]], set[Decimal]]:
    """Every date (year or None, month, day) and amount the bot could legitimately know: the
    scenario's world, the results of tool calls that succeeded, and what the customer wrote. Not
    the bot's own tool arguments: a value becomes a fact when a system confirms it."""
    dates: set[tuple[int | None, int, int]] = set()
    amounts: set[Decimal] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, bool):
            return
        elif isinstance(node, (int, float)):
            amounts.add(abs(Decimal(str(node))).quantize(_CENT))
        elif isinstance(node, str):
            try:
                known = date.fromisoformat(node[:10])
            except ValueError:
                return
            dates.add((known.year, known.month, known.day))

    walk(scenario.world)
    for _, call in transcript.tool_calls():
        if call.error is None:
            walk(call.result)
    for turn in transcript.turns:
        if turn.role == "customer":
            amounts.update(v.quantize(_CENT) for v, _ in find_amounts(turn.text))
            dates.update((y, m, d) for y, m, d, _ in find_dates(turn.text))
    return dates, amounts


_CENT = Decimal("0.01")
