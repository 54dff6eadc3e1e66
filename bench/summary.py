"""Summaries: per bot, the mean of each dimension over the conversations where it applies, the
composite, the pass rate and counts. bot_error conversations count as failures, never dropped."""

from __future__ import annotations

from collections import Counter, defaultdict
from statistics import mean

from scorers import DEFAULT_WEIGHTS, DIMENSIONS

SUMMARY_VERSION = 1


def consistency(records: list[dict]) -> dict | None:
    """How often a bot's verdict holds across a scenario and its metamorphic variants (other names,
    numbers, typos, language): the share of variant groups where every conversation got the same
    verdict. None when the run holds no variants."""
    groups: dict[str, list[dict]] = defaultdict(list)
    for r in records:
        groups[r["scenario_id"].split("~")[0]].append(r)
    varied = {g: rs for g, rs in groups.items() if len({r["scenario_id"] for r in rs}) > 1}
    if not varied:
        return None
    steady = [g for g, rs in varied.items() if len({r["passed"] for r in rs}) == 1]
    return {
        "groups": len(varied),
        "consistent": len(steady),
        "rate": round(len(steady) / len(varied), 4),
        "changed": sorted(set(varied) - set(steady)),
    }


def summarise(scores: list[dict], *, run_id: str, suite_digest: str, options: dict) -> dict:
    """Aggregate score records (as written to scores.jsonl) into the summary.json document."""
    by_bot: dict[str, list[dict]] = defaultdict(list)
    for record in scores:
        by_bot[record["bot"]].append(record)
    bots = {}
    for bot, records in by_bot.items():
        dims = {}
        for dim in DIMENSIONS:
            values = [r["dimensions"][dim]["score"] for r in records if r["dimensions"][dim]["score"] is not None]
            dims[dim] = {"mean": round(mean(values), 4) if values else None, "n": len(values)}
        outcomes = Counter(r["outcome"] for r in records)
        bots[bot] = {
            "dimensions": dims,
            "composite": round(mean(r["composite"] for r in records), 4),
            "pass_rate": round(sum(r["passed"] for r in records) / len(records), 4),
            "conversations": len(records),
            "passed": sum(r["passed"] for r in records),
            "scenarios": len({r["scenario_id"] for r in records}),
            "outcomes": dict(sorted(outcomes.items())),
            "bot_errors": outcomes.get("bot_error", 0),
            "consistency": consistency(records),
        }
    ranked = sorted(bots, key=lambda b: (-bots[b]["composite"], -bots[b]["pass_rate"], b))
    return {
        "record": "summary",
        "version": SUMMARY_VERSION,
        "run_id": run_id,
        "suite_digest": suite_digest,
        "options": options,
        "weights": DEFAULT_WEIGHTS,
        "ranking": ranked,
        "bots": bots,
    }
