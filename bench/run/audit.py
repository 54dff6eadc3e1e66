"""The library audit: proves each scenario fair before it scores anyone.

τ-bench's public issues show what goes wrong without one: tasks a do-nothing agent passes, gold
answers that contradict the task, simulated users who invent facts. For every scenario the audit:
- plays a witness (the path stored in `witness`, else the careful reference bot), which must pass;
- plays the null bots, which must fail wherever their flaw matters (silent and apologiser: always;
  deflector: when the bot should resolve the case itself; gatekeeper: when it must hand off);
- checks that the facts the customer gives exist in the world, that every date, amount and number
  in an expected fact's accepted wordings is true (world, policy, tools or the witness's tool
  results), and that each customer line is in the scenario's language;
- flags near-duplicates: same domain, same world and the same opening after normalisation.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from bench.bots import Contestant
from bench.bots.reference import REFERENCE_BOTS
from bench.bots.witness import WitnessBot
from bench.core.language import language_of
from bench.core.scenario import Probe, Scenario, every_form
from bench.core.text import NUMBER, find_amounts, find_dates, normalise, parse_number, texts_in
from bench.core.transcript import GAVE_UP, Transcript
from bench.core.world import load_domain
from bench.run.keys import trial_seed
from bench.run.runner import converse
from bench.rundir.writer import RunWriter
from bench.scorers import score_transcript

NULL_BOTS: dict[str, tuple[str, Callable[[Scenario], bool]]] = {
    # name: (what it does, whether its flaw matters in a scenario)
    "silent": ("does nothing", lambda s: True),
    "apologiser": ("only apologises", lambda s: True),
    "deflector": ("hands every case off at once", lambda s: s.escalation == "never"),
    "gatekeeper": ("never hands off", lambda s: s.escalation in ("required", "on_request")),
}
PROBE = "probe:"  # the contestant name of a probe's bot side
_OPENING_SIMILARITY = 0.9  # difflib ratio above which two openings on the same world are one case


@dataclass
class AuditRow:
    """One scenario's audit: how each bot did (True = passed) and every problem found."""

    scenario: Scenario
    witness: str  # "stored" or "careful"
    verdicts: dict[str, bool] = field(default_factory=dict)
    probes: dict[str, bool] = field(default_factory=dict)  # probe id -> passed
    problems: list[str] = field(default_factory=list)


def audit(scenarios: list[Scenario], out: Path | None = None, concurrency: int = 8) -> list[AuditRow]:
    """Audit every scenario; when `out` is given, write the conversations there as a run
    directory (`supportbench show OUT --bot witness` replays them)."""
    rows = {s.id: AuditRow(s, "stored" if s.witness else "careful") for s in scenarios}
    transcripts = asyncio.run(_play(scenarios, concurrency))
    writer = RunWriter(out) if out else None
    try:
        for scenario, transcript in transcripts:
            card = score_transcript(scenario, transcript).to_dict()
            if writer:
                writer.write(transcript, card)
            row = rows[scenario.id]
            passed = card["passed"] and transcript.outcome != GAVE_UP
            if transcript.bot.startswith(PROBE):
                probe = next(p for p in scenario.probes if transcript.bot == PROBE + p.id)
                row.probes[probe.id] = passed
                if passed != (probe.expect == "pass"):
                    row.problems.append(_probe_failure(probe, transcript, card))
                continue
            if transcript.bot == "witness":
                row.verdicts["witness"] = passed
                if not passed:
                    row.problems.append(_witness_failure(row.witness, transcript, card))
                row.problems += _ungrounded_facts(scenario, transcript)
            else:
                row.verdicts[transcript.bot] = card["passed"]
                does, matters = NULL_BOTS[transcript.bot]
                if card["passed"] and matters(scenario):
                    row.problems.append(
                        f"{transcript.bot} ({does}) passes: no critical check fails "
                        f"(composite {card['composite']:.2f}, outcome {transcript.outcome}); make the case "
                        "depend on what this bot does not do"
                    )
    finally:
        if writer:
            writer.close()
    for row in rows.values():
        row.problems = _facts_not_in_world(row.scenario) + _foreign_lines(row.scenario) + row.problems
    for scenario_id, problem in _near_duplicates(scenarios):
        rows[scenario_id].problems.append(problem)
    return list(rows.values())


async def _play(scenarios: list[Scenario], concurrency: int) -> list[tuple[Scenario, Transcript]]:
    def contestants(scenario: Scenario) -> Iterator[Contestant]:
        witness = WitnessBot(scenario.witness) if scenario.witness else REFERENCE_BOTS["careful"][1]()
        yield Contestant("witness", witness)
        for probe in scenario.probes:
            yield Contestant(PROBE + probe.id, WitnessBot(probe.turns))
        for name in NULL_BOTS:
            yield Contestant(name, REFERENCE_BOTS[name][1]())

    jobs = iter([(s, c) for s in scenarios for c in contestants(s)])
    done: list[tuple[Scenario, Transcript]] = []

    async def worker() -> None:
        for scenario, contestant in jobs:
            seed = trial_seed(0, scenario.id, 0)
            done.append((scenario, await converse(contestant, scenario, 0, seed, "audit", timeout=30.0)))

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return done


def _probe_failure(probe: Probe, transcript: Transcript, card: dict) -> str:
    """Why the gold judged a probe wrongly: the checks that failed a correct probe, or that it passed a
    wrong one."""
    if probe.expect == "pass":
        failed = [
            f"{f['check']}: {f['message']}" + (f" «{f['evidence']}»" if f["evidence"] else "")
            for d in card["dimensions"].values()
            for f in d["findings"]
            if not f["passed"] and f["severity"] == "critical"
        ]
        why = "; ".join(failed) or f"the customer {transcript.outcome.replace('_', ' ')}"
        return f"probe {probe.id} ({probe.why or 'a correct bot side'}) should pass but fails: {why}"
    return (
        f"probe {probe.id} ({probe.why or 'a wrong bot side'}) should fail but passes "
        f"(composite {card['composite']:.2f}): the gold does not catch it"
    )


def _witness_failure(kind: str, transcript: Transcript, card: dict) -> str:
    failed = [
        f"{f['check']} ({f['severity']}): {f['message']}"
        for d in card["dimensions"].values()
        for f in d["findings"]
        if not f["passed"] and f["severity"] == "critical"
    ]
    why = "; ".join(failed) or f"the customer {transcript.outcome.replace('_', ' ')}"
    who = "the stored witness path" if kind == "stored" else "the careful reference bot (no witness stored)"
    return f"not solvable as written: {who} does not pass: {why}"


# -- facts ---------------------------------------------------------------------------------------
def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _facts_not_in_world(scenario: Scenario) -> list[str]:
    """Customer facts the world does not hold: a simulated customer must not invent data."""
    strings = list(texts_in(scenario.world))
    world_text = normalise("\n".join(strings))
    world_digits = [_digits(s) for s in strings]
    problems = []
    for fact in scenario.facts:
        value = fact.value
        if not fact.in_world:
            continue
        digits = _digits(value)
        dates = [f"{y:04d}-{m:02d}-{d:02d}" for y, m, d, _ in find_dates(value) if y]
        found = (
            normalise(value) in world_text
            or (len(digits) >= 4 and any(digits in w for w in world_digits))
            or (dates and all(d in world_text for d in dates))
        )
        if not found:
            problems.append(
                f"customer.facts.{fact.key}: {value!r} is nowhere in the world "
                "(mark it in_world: false if that is on purpose)"
            )
    return problems


def _ungrounded_facts(scenario: Scenario, witness: Transcript) -> list[str]:
    """Dates, amounts and numbers in expected facts' accepted wordings that nothing backs: a gold
    answer that contradicts the world would reward a wrong bot and fail a right one."""
    domain = load_domain(scenario.domain)
    results = [c.result for t in witness.turns for c in t.tool_calls if c.error is None]
    strings = [*texts_in(scenario.world), *texts_in(results), domain.policy]
    strings += [t.description for t in domain.tools.values()]
    text = normalise("\n".join(strings))
    dates = {(int(y), int(m), int(d)) for y, m, d in re.findall(r"(\d{4})-(\d{2})-(\d{2})", text)}
    dates |= {(y or 0, m, d) for s in (domain.policy,) for y, m, d, _ in find_dates(s)}
    numbers = {Decimal(n).normalize() for n in re.findall(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])", text)}
    numbers |= {v.normalize() for v, _ in find_amounts(text)}
    runs = set(re.findall(r"\d+", text))
    runs |= {_digits(s) for s in strings}  # phone numbers and ids written without their spaces
    runs |= {str(int(h) + 12) for h in re.findall(r"\b(\d{1,2}) ?pm\b", text) if int(h) < 12}  # 8pm is 20:00
    problems = []
    for i, fact in enumerate(scenario.must_state):
        for form in every_form(fact.accept):
            missing = _unbacked(form, dates, numbers, runs)
            if missing:
                problems.append(
                    f"expectations.accuracy.must_state.{i} ({fact.fact}): accepted form {form!r} says {missing}, "
                    "which neither the world, the policy, the tools nor the witness's tool results back"
                )
    return problems


def _unbacked(form: str, dates: set, numbers: set, runs: set) -> str | None:
    digits = _digits(form)
    if len(digits) >= 8 and any(digits in run for run in runs):  # an IBAN or phone number, however spaced
        return None
    rest = normalise(form)
    for year, month, day, words in find_dates(form):
        if not any((y == year or year is None or y == 0) and (m, d) == (month, day) for y, m, d in dates):
            return repr(words)
        rest = rest.replace(words, " ")
    for value, words in find_amounts(rest):
        if value.normalize() not in numbers:
            return repr(words)
        rest = rest.replace(words, " ")
    for m in re.finditer(NUMBER, re.sub(r"(?<=\d)(:|h)00\b", "", rest)):  # 20:00 and 20h00 say 20
        value = parse_number(m[0])
        if not (value is not None and value.normalize() in numbers) and not (
            set(re.findall(r"\d+", m[0])) <= runs or _digits(m[0]) in runs
        ):
            return repr(m[0])
    return None


# -- language ------------------------------------------------------------------------------------
def _customer_lines(scenario: Scenario) -> Iterator[tuple[str, str]]:
    """(field path, text) of every line the simulated customer may say."""
    spec = scenario.customer

    def each(where: str, value: Any) -> Iterator[tuple[str, str]]:
        if isinstance(value, str):
            yield where, value
        elif isinstance(value, list):
            for i, v in enumerate(value):
                yield f"{where}.{i}", v

    yield from each("customer.opening", spec["opening"])
    for i, line in enumerate(scenario.followups):
        yield from each(f"customer.followups.{i}.say", line["say"])
    if scenario.human_request and scenario.human_request.say:
        yield from each("customer.asks_for_human.say", scenario.human_request.say)
    for key in ("closing", "nudge"):
        if key in spec:
            yield from each(f"customer.{key}", spec[key])
    for fact in scenario.facts:
        if fact.say:
            yield f"customer.facts.{fact.key}.say", fact.say.replace("{value}", " ").replace("{v}", " ")


def _foreign_lines(scenario: Scenario) -> list[str]:
    problems = []
    for where, text in _customer_lines(scenario):
        language = language_of(text)
        if language and language != scenario.language:
            problems.append(f"{where}: reads as {language}, the scenario is {scenario.language}: {text[:60]!r}")
    return problems


# -- uniqueness ----------------------------------------------------------------------------------
def _near_duplicates(scenarios: list[Scenario]) -> list[tuple[str, str]]:
    by_world: dict[tuple[str, str], list[Scenario]] = {}
    for s in scenarios:
        by_world.setdefault((s.domain, json.dumps(s.world, sort_keys=True)), []).append(s)
    found = []
    for same_world in by_world.values():
        for i, later in enumerate(same_world):
            for earlier in same_world[:i]:
                if earlier.group == later.group:
                    continue
                ratio = SequenceMatcher(None, _opening(earlier), _opening(later)).ratio()
                if ratio >= _OPENING_SIMILARITY:
                    found.append(
                        (later.id, f"near-duplicate of {earlier.id} ({earlier.source}): same world, same opening")
                    )
    return found


def _opening(scenario: Scenario) -> str:
    opening = scenario.customer["opening"]
    return normalise(opening if isinstance(opening, str) else opening[0])
