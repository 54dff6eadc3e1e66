"""What the library covers: scenario counts per category, language and emotion (the README's
coverage table is this output), with domain, channel and escalation totals underneath."""

from __future__ import annotations

from collections import Counter

from tabulate import tabulate

from bench.core.scenario import Scenario
from bench.suite.load import scenario_schema


def coverage_table(scenarios: list[Scenario], fmt: str = "simple") -> str:
    """Counts of distinct cases: a scenario's metamorphic variants are counted once, in the footer."""
    variants = sum(1 for s in scenarios if s.variant_of)
    scenarios = [s for s in scenarios if not s.variant_of]
    schema = scenario_schema()
    categories = schema["properties"]["category"]["enum"]
    emotions = schema["$defs"]["customer"]["properties"]["emotion"]["enum"]
    languages = schema["properties"]["language"]["enum"]
    counts = Counter((s.category, s.language, s.emotion) for s in scenarios)
    rows = []
    for category in categories:
        for language in languages:
            row = [counts[category, language, e] for e in emotions]
            if sum(row):
                rows.append([category, language, *row, sum(row)])
    rows.append(["all", "", *(sum(counts[c, la, e] for c in categories for la in languages) for e in emotions)])
    rows[-1].append(len(scenarios))
    table = tabulate(rows, ["category", "lang", *emotions, "total"], tablefmt=fmt)
    totals = [
        ", ".join(f"{k} {n}" for k, n in sorted(Counter(getattr(s, key) for s in scenarios).items()))
        for key in ("language", "domain", "channel", "escalation")
    ]
    return "\n".join(
        [
            table,
            "",
            f"{len(scenarios)} scenarios, plus {variants} metamorphic variants run as cases of their own. "
            f"Languages: {totals[0]}. Domains: {totals[1]}. Channels: {totals[2]}. Escalation: {totals[3]}.",
        ]
    )
