"""What changed between two runs: of the same bot (a new release, a new prompt) or of two bots.

`compare(run_a, run_b)` pairs the bots (each bot present in both runs with itself; otherwise the one
bot of each run, or the bots named), and for each pair gives, on the scenarios both played, every
dimension's means in A and B over the scenarios where it applies to both, with the paired difference
B - A, its bootstrap interval and p-value (bench.analysis.stats; Holm-adjusted over the metrics of the
pair), and the conversations whose verdict flipped, each with the failed critical findings that
decided it: check, turn and quoted evidence.
Scenarios whose version differs between the two runs are refused, as the leaderboard refuses them.
"""

from __future__ import annotations

import json
from pathlib import Path

from bench.analysis.board import BoardError, load_run, values_by_scenario
from bench.analysis.stats import holm, paired_difference
from bench.rundir.reader import Conversation, Run
from bench.scorers import DIMENSIONS

COMPARISON_VERSION = 1
METRICS = ("composite", *DIMENSIONS, "pass")


def _pairs(a: Run, b: Run, bot_a: str | None, bot_b: str | None) -> list[tuple[str, str]]:
    for name, run, given in (("--bot-a", a, bot_a), ("--bot-b", b, bot_b)):
        if given and given not in run.bots:
            raise BoardError(f"{name} {given}: not in {run.path} (bots there: {', '.join(run.bots)})")
    if bot_a or bot_b:
        first = bot_a or (a.bots[0] if len(a.bots) == 1 else None)
        second = bot_b or (first if first in b.bots else (b.bots[0] if len(b.bots) == 1 else None))
        if not first or not second:
            raise BoardError("name both bots: --bot-a NAME --bot-b NAME")
        return [(first, second)]
    common = [bot for bot in a.bots if bot in b.bots]
    if common:
        return [(bot, bot) for bot in common]
    if len(a.bots) == 1 and len(b.bots) == 1:
        return [(a.bots[0], b.bots[0])]
    raise BoardError(
        f"the runs share no bot and hold several ({a.path}: {', '.join(a.bots)}; {b.path}: {', '.join(b.bots)}): "
        "name the two to compare with --bot-a NAME --bot-b NAME"
    )


def _mean(values: dict[str, list[float]], paired: set[str]) -> float | None:
    """The mean over the paired scenarios of each scenario's mean, so that B - A is the paired difference."""
    means = [sum(values[s]) / len(values[s]) for s in paired]
    return round(sum(means) / len(means), 4) if means else None


def _flips(mine_a: list[Conversation], mine_b: list[Conversation], scenarios: set[str]) -> list[dict]:
    by_key = {(c.scenario_id, c.transcript.trial): c for c in mine_b}
    flips = []
    for c in sorted(mine_a, key=lambda c: (c.scenario_id, c.transcript.trial)):
        other = by_key.get((c.scenario_id, c.transcript.trial))
        if c.scenario_id not in scenarios or other is None or bool(c.card["passed"]) == bool(other.card["passed"]):
            continue
        failed, side = (other, "b") if c.card["passed"] else (c, "a")
        flips.append(
            {
                "scenario_id": c.scenario_id,
                "trial": c.transcript.trial,
                "a_passed": bool(c.card["passed"]),
                "b_passed": bool(other.card["passed"]),
                "failed_in": side,
                "outcome_a": c.card["outcome"],
                "outcome_b": other.card["outcome"],
                "decided_by": failed.failed_findings(critical_only=True),
            }
        )
    return flips


def _check_versions(mine_a: list[Conversation], mine_b: list[Conversation], a: Run, b: Run) -> None:
    digests_a = {c.scenario_id: c.transcript.scenario_digest for c in mine_a}
    digests_b = {c.scenario_id: c.transcript.scenario_digest for c in mine_b}
    differ = sorted(s for s in set(digests_a) & set(digests_b) if digests_a[s] != digests_b[s])
    if differ:
        lines = [f"cannot compare: {len(differ)} scenario(s) have different versions in the two runs:"]
        lines += [f"  {s}: version {digests_a[s]} in {a.path}, {digests_b[s]} in {b.path}" for s in differ]
        raise BoardError("\n".join(lines))


def _pair(a: Run, b: Run, bot_a: str, bot_b: str, resamples: int, seed: int) -> dict:
    mine_a = [c for c in a.conversations if c.transcript.bot == bot_a]
    mine_b = [c for c in b.conversations if c.transcript.bot == bot_b]
    _check_versions(mine_a, mine_b, a, b)
    played_a, played_b = {c.scenario_id for c in mine_a}, {c.scenario_id for c in mine_b}
    shared = played_a & played_b
    if not shared:
        raise BoardError(f"{bot_a} ({a.path}) and {bot_b} ({b.path}) played no scenario in common")
    metrics = []
    for metric in METRICS:
        va, vb = values_by_scenario(mine_a, metric, shared), values_by_scenario(mine_b, metric, shared)
        paired = {s for s in set(va) & set(vb) if va[s] and vb[s]}
        row = {"metric": metric, "a": _mean(va, paired), "b": _mean(vb, paired)}
        try:
            row |= paired_difference(vb, va, resamples=resamples, seed=seed).to_dict()
        except ValueError:  # the dimension applies to no scenario on both sides
            row |= {"diff": None, "low": None, "high": None, "p": None, "n": 0}
        metrics.append(row)
    tested = [m for m in metrics if m["p"] is not None]
    for row in metrics:
        row["p_adjusted"] = None
    for row, adjusted in zip(tested, holm([m["p"] for m in tested]), strict=True):
        row["p_adjusted"] = round(adjusted, 4)
    flips = _flips(mine_a, mine_b, shared)
    return {
        "a": {"run": a.path, "bot": bot_a, "conversations": sum(c.scenario_id in shared for c in mine_a)},
        "b": {"run": b.path, "bot": bot_b, "conversations": sum(c.scenario_id in shared for c in mine_b)},
        "scenarios": len(shared),
        "only_in_a": sorted(played_a - played_b),
        "only_in_b": sorted(played_b - played_a),
        "metrics": metrics,
        "flipped": flips,
        "now_passing": sum(1 for f in flips if f["b_passed"]),
        "now_failing": sum(1 for f in flips if not f["b_passed"]),
    }


def compare(
    run_a: Path | str,
    run_b: Path | str,
    *,
    bot_a: str | None = None,
    bot_b: str | None = None,
    resamples: int = 2000,
    seed: int = 0,
) -> dict:
    """The comparison document (JSON-ready) of run B against run A; BoardError when they cannot be compared."""
    a, b = load_run(run_a), load_run(run_b)
    notes = []
    if a.weights and b.weights and a.weights != b.weights:
        notes.append(
            "the runs were scored with different weights: composites differ for that reason too "
            f"(A: {json.dumps(a.weights['dimensions'])}, B: {json.dumps(b.weights['dimensions'])})"
        )
    pairs = [_pair(a, b, x, y, resamples, seed) for x, y in _pairs(a, b, bot_a, bot_b)]
    return {"record": "comparison", "version": COMPARISON_VERSION, "notes": notes, "pairs": pairs}
