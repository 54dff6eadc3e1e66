"""Summaries: per bot, the mean of each dimension over the conversations where it applies, the
composite, the pass rate and counts. bot_error conversations count as failures, never dropped."""

from __future__ import annotations

from collections import Counter, defaultdict
from statistics import mean

from bench.core.transcript import sum_usage
from bench.scorers import DIMENSIONS
from bench.scorers.weights import Weights

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


def handoff_matrix(records: list[dict]) -> dict:
    """Should the bot have handed off (required, on_request) and did it? `optional` cases count
    apart: either choice is right there."""
    cells = Counter()
    for r in records:
        expected, happened = r.get("handoff", {}).get("expected"), r.get("handoff", {}).get("happened")
        if expected == "optional":
            cells["optional_handed_off" if happened else "optional_kept"] += 1
        elif expected:
            should = expected in ("required", "on_request")
            cells[f"{'should' if should else 'should_not'}_{'handed_off' if happened else 'kept'}"] += 1
    tp, fp, fn = cells["should_handed_off"], cells["should_not_handed_off"], cells["should_kept"]
    return {
        **{k: cells[k] for k in ("should_handed_off", "should_kept", "should_not_handed_off", "should_not_kept")},
        "optional_handed_off": cells["optional_handed_off"],
        "optional_kept": cells["optional_kept"],
        "precision": round(tp / (tp + fp), 4) if tp + fp else None,
        "recall": round(tp / (tp + fn), 4) if tp + fn else None,
    }


def _usage(records: list[dict]) -> dict | None:
    """Tokens and cost over the bot's conversations, when its adapter reported them."""
    reported = [r["usage"] for r in records if r.get("usage")]
    total = sum_usage(reported)
    return None if total is None else total | {"conversations": len(reported)}


def summarise(
    scores: list[dict], *, run_id: str, suite_digest: str, options: dict, weights: dict | None = None
) -> dict:
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
            "handoffs": handoff_matrix(records),
            "usage": _usage(records),
        }
    ranked = sorted(bots, key=lambda b: (-bots[b]["composite"], -bots[b]["pass_rate"], b))
    return {
        "record": "summary",
        "version": SUMMARY_VERSION,
        "run_id": run_id,
        "suite_digest": suite_digest,
        "options": options,
        "weights": weights or Weights().to_dict(),
        "ranking": ranked,
        "bots": bots,
    }
