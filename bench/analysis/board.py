"""The leaderboard document: one or more run directories merged into a ranking with uncertainty.

`build(run_dirs)` reads each run's transcripts.jsonl and scores.jsonl and returns a JSON-ready
document (published schema: bench/schemas/leaderboard.v1.schema.json). It refuses (BoardError, a
message naming the runs and scenarios concerned) to rank bots that did not play the same scenarios
(unless `shared_only`), scenarios whose versions differ between runs (score records do not carry
the scenario's digest; transcripts do), runs scored with different weights (unless `weights` is
given: then every transcript is scored again), and a bot that appears in two runs with different
results. Statistics are those of bench.analysis.stats, resampling scenarios.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from statistics import mean

from bench.analysis.stats import (
    Interval,
    bootstrap_mean,
    holm,
    paired_difference,
    pass_hat_k,
    percentile,
    ranks_with_ties,
)
from bench.analysis.summary import consistency
from bench.core.scenario import Scenario
from bench.core.transcript import BOT_ERROR
from bench.rundir.completeness import listed
from bench.rundir.files import SCORES, SUMMARY, TRANSCRIPTS
from bench.rundir.manifest import suite_digest
from bench.rundir.reader import Conversation, Run, RunDirError, read_run
from bench.scorers import DIMENSIONS, score_transcript
from bench.scorers.weights import Weights
from bench.suite.load import ScenarioError, load_scenarios

BOARD_VERSION = 1
SCHEMA = Path(__file__).resolve().parent.parent / "schemas" / f"leaderboard.v{BOARD_VERSION}.schema.json"
METRICS = ("composite", *DIMENSIONS)
BREAKDOWNS = ("domain", "category", "emotion", "language", "channel")
ONE_TRIAL = "1 trial: pass^k needs repeated trials"
STATISTICS = {
    "interval": "percentile bootstrap over scenarios, a scenario's trials resampled together",
    "test": "paired sign-flip permutation test over the shared scenarios, exact up to 15 of them",
    "correction": "Holm-Bonferroni within each metric",
    "ranks": "a bot the paired test on the composite cannot tell from the best bot of the group above "
    "(Holm-adjusted p >= 0.05) shares its rank (=)",
    "resamples": 2000,
    "seed": 0,
    "level": 0.95,
}
SIGNIFICANCE = 0.05


class BoardError(ValueError):
    """The runs cannot be ranked together; the message says which runs and scenarios, and what to do."""


def load_run(run_dir: Path | str) -> Run:
    """A run directory's conversations (transcript and score record joined on bot, scenario, trial)."""
    try:
        run = read_run(run_dir)
    except RunDirError as bad:
        raise BoardError(str(bad)) from None
    if not run.has_records:
        raise BoardError(f"{Path(run_dir)}: not a run directory (it needs {TRANSCRIPTS} and {SCORES})")
    if not run.conversations:
        raise BoardError(f"{Path(run_dir)}: the run holds no scored conversation")
    return run


def _fingerprint(conversations: list[Conversation]) -> list:
    return sorted(
        (c.scenario_id, c.transcript.trial, c.transcript.scenario_digest, json.dumps(c.card, sort_keys=True))
        for c in conversations
    )


def _merge_bots(runs: list[Run], notes: list[str]) -> dict[str, list[Conversation]]:
    """Each bot's conversations; a bot in several runs must have identical results there (counted once)."""
    by_bot: dict[str, list[Conversation]] = {}
    first_run: dict[str, str] = {}
    problems = []
    for run in runs:
        for bot in run.bots:
            mine = [c for c in run.conversations if c.transcript.bot == bot]
            if bot not in by_bot:
                by_bot[bot], first_run[bot] = mine, run.path
            elif _fingerprint(mine) != _fingerprint(by_bot[bot]):
                problems.append(
                    f"bot {bot!r} is in runs {first_run[bot]} and {run.path} with different results: a leaderboard "
                    f"ranks each bot once (compare the two with `supportbench compare {first_run[bot]} {run.path}`)"
                )
            elif run.path != first_run[bot]:
                notes.append(f"bot {bot} has identical results in {first_run[bot]} and {run.path}: counted once")
    if problems:
        raise BoardError("\n".join(problems))
    return by_bot


def _check_trials(by_bot: dict[str, list[Conversation]]) -> dict[str, int]:
    trials = {}
    problems = []
    for bot, conversations in by_bot.items():
        counts = Counter(c.scenario_id for c in conversations)
        most = max(counts.values())
        short = [s for s, n in counts.items() if n < most]
        if short:
            problems.append(
                f"bot {bot!r} ({conversations[0].run}) has fewer than {most} trials of {len(short)} scenario(s): "
                f"{listed(short)} (an interrupted run? rerun it to rank it)"
            )
        trials[bot] = most
    if problems:
        raise BoardError("\n".join(problems))
    return trials


def _check_versions(by_bot: dict[str, list[Conversation]]) -> dict[str, str]:
    """Every scenario must have one version (digest) across all runs; returns id -> digest."""
    seen: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for conversations in by_bot.values():
        for c in conversations:
            seen[c.scenario_id][c.transcript.scenario_digest].add(c.run)
    differ = {s: versions for s, versions in seen.items() if len(versions) > 1}
    if differ:
        lines = [f"cannot rank bots on different versions of {len(differ)} scenario(s):"]
        for scenario_id, versions in sorted(differ.items()):
            where = "; ".join(f"version {d} in {', '.join(sorted(runs))}" for d, runs in sorted(versions.items()))
            lines.append(f"  {scenario_id}: {where}")
        lines.append("Run every bot on the same scenario files, then rank the new runs.")
        raise BoardError("\n".join(lines))
    return {s: next(iter(versions)) for s, versions in seen.items()}


def _check_sets(by_bot: dict[str, list[Conversation]], shared_only: bool) -> tuple[list[str], dict[str, list[str]]]:
    """The scenarios every bot played, and (with shared_only) those left out with the bots that played them."""
    played = {bot: {c.scenario_id for c in cs} for bot, cs in by_bot.items()}
    every = set().union(*played.values())
    shared = set.intersection(*played.values())
    if shared == every:
        return sorted(shared), {}
    if not shared_only or not shared:
        lines = [f"cannot rank bots on different scenario sets ({len(shared)} scenario(s) are shared):"]
        for bot, ids in sorted(played.items()):
            run = by_bot[bot][0].run
            if every - ids:
                lines.append(f"  {bot} ({run}) lacks {len(every - ids)}: {listed(every - ids)}")
        lines.append(
            "Run every bot on the same scenarios"
            + (", or pass --shared-only to rank on the scenarios they all played." if shared else ".")
        )
        raise BoardError("\n".join(lines))
    left_out = {s: sorted(b for b, ids in played.items() if s in ids) for s in sorted(every - shared)}
    return sorted(shared), left_out


def _library(scenarios: list[Scenario] | None, suite: list[Path] | None) -> dict[str, Scenario]:
    if scenarios is None:
        try:
            scenarios = load_scenarios(suite)
        except ScenarioError as bad:
            raise BoardError(f"cannot load the scenario library: {bad}") from None
    return {s.id: s for s in scenarios}


def _rescore(
    by_bot: dict[str, list[Conversation]], runs: dict[str, Run], library: dict[str, Scenario], weights: Weights
) -> dict[str, list[Conversation]]:
    """Every conversation scored again with `weights` from its transcript and its library scenario."""
    problems = []
    for conversations in by_bot.values():
        for c in conversations:
            known = library.get(c.scenario_id)
            if known is None:
                problems.append(f"{c.scenario_id} ({c.run}): not in the scenario library (pass --suite with its file)")
            elif known.digest != c.transcript.scenario_digest:
                problems.append(
                    f"{c.scenario_id} ({c.run}): the run played version {c.transcript.scenario_digest}, "
                    f"the library holds version {known.digest}"
                )
    if problems:
        unique = sorted(set(problems))
        raise BoardError("cannot score again with --weights:\n  " + "\n  ".join(unique))
    return {
        bot: [
            Conversation(
                c.run,
                c.transcript,
                score_transcript(
                    library[c.scenario_id], c.transcript, weights, transcript_only=runs[c.run].transcript_only
                ).to_dict(),
            )
            for c in conversations
        ]
        for bot, conversations in by_bot.items()
    }


def _weights_used(runs: list[Run]) -> dict:
    found = {run.path: run.weights for run in runs}
    missing = [path for path, w in found.items() if w is None]
    if missing:
        raise BoardError(
            f"{', '.join(missing)}: no {SUMMARY} (an interrupted run?), so the weights its scores used are unknown; "
            "pass --weights FILE to score every run again alike"
        )
    distinct = {json.dumps(w, sort_keys=True) for w in found.values()}
    if len(distinct) > 1:
        lines = [f"  {path}: {json.dumps(w, sort_keys=True)}" for path, w in found.items()]
        raise BoardError(
            "the runs were scored with different weights:\n" + "\n".join(lines) + "\n"
            "pass --weights FILE to score them all again with the same weights"
        )
    return next(iter(found.values()))


def values_by_scenario(
    conversations: list[Conversation], metric: str, scenarios: set[str] | None = None
) -> dict[str, list[float]]:
    """Each scenario's values of a metric over its trials: "composite", a dimension, or "pass"
    (1.0 or 0.0), the input of the bootstrap and the paired tests. `scenarios` keeps only those."""
    values: dict[str, list[float]] = defaultdict(list)
    for c in conversations:
        if scenarios is not None and c.scenario_id not in scenarios:
            continue
        if metric in ("pass", "pass_rate"):
            value = float(bool(c.card["passed"]))
        elif metric == "composite":
            value = c.card["composite"]
        else:
            value = c.card["dimensions"][metric]["score"]
        if value is not None:
            values[c.scenario_id].append(value)
    return dict(values)


def _attributes(c: Conversation, library: dict[str, Scenario]) -> dict[str, str]:
    known = library.get(c.scenario_id)
    return {
        "domain": known.domain if known else c.scenario_id.split(".")[0],
        "category": known.category if known else "unknown",
        "emotion": known.emotion if known else "unknown",
        "language": c.transcript.language,
        "channel": c.transcript.channel,
    }


def _cost(conversations: list[Conversation]) -> dict | None:
    totals: dict[str, float] = defaultdict(float)
    for c in conversations:
        for turn in c.transcript.turns:
            if turn.role == "bot" and turn.usage and isinstance(turn.usage.get("cost"), (int, float)):
                totals[str(turn.usage.get("currency") or "USD")] += turn.usage["cost"]
    if not totals:
        return None
    if len(totals) == 1:
        (currency, total), *_ = totals.items()
        return {"total": round(total, 6), "currency": currency}
    return {"total": None, "currency": None, "by_currency": {k: round(v, 6) for k, v in sorted(totals.items())}}


def _bot_entry(conversations: list[Conversation], trials: int, library: dict[str, Scenario], stats: dict) -> dict:
    kw = {"resamples": stats["resamples"], "seed": stats["seed"], "level": stats["level"]}
    dimensions = {}
    for dim in DIMENSIONS:
        values = values_by_scenario(conversations, dim)
        dimensions[dim] = bootstrap_mean(values, **kw).to_dict() if values else None
    passes: dict[str, list[bool]] = defaultdict(list)
    for c in conversations:
        passes[c.scenario_id].append(bool(c.card["passed"]))
    pass_k = pass_hat_k(passes, trials) if trials > 1 else None
    latencies = [t.latency_s for c in conversations for t in c.transcript.turns if t.role == "bot"]
    p50, p95 = percentile(latencies, 50), percentile(latencies, 95)
    groups: dict[str, dict[str, list[Conversation]]] = {b: defaultdict(list) for b in BREAKDOWNS}
    for c in conversations:
        for key, value in _attributes(c, library).items():
            groups[key][value].append(c)
    outcomes = Counter(c.card["outcome"] for c in conversations)
    return {
        "run": conversations[0].run,
        "rank": "",
        "composite": bootstrap_mean(values_by_scenario(conversations, "composite"), **kw).to_dict(),
        "dimensions": dimensions,
        "pass_rate": round(sum(c.card["passed"] for c in conversations) / len(conversations), 4),
        "passed": sum(bool(c.card["passed"]) for c in conversations),
        "pass_k": {"k": trials, "value": round(pass_k, 4)} if pass_k is not None else None,
        "pass_k_note": None if trials > 1 else ONE_TRIAL,
        "trials": trials,
        "scenarios": len(passes),
        "conversations": len(conversations),
        "bot_errors": outcomes.get(BOT_ERROR, 0),
        "outcomes": dict(sorted(outcomes.items())),
        "consistency": consistency([c.card for c in conversations]),
        "latency": {
            "p50": None if p50 is None else round(p50, 4),
            "p95": None if p95 is None else round(p95, 4),
            "turns": sum(1 for v in latencies if v is not None),
        },
        "cost": _cost(conversations),
        "breakdowns": {
            key: {
                value: {
                    "composite": round(mean(c.card["composite"] for c in cs), 4),
                    "pass_rate": round(sum(bool(c.card["passed"]) for c in cs) / len(cs), 4),
                    "n": len(cs),
                }
                for value, cs in sorted(by_value.items())
            }
            for key, by_value in groups.items()
        },
    }


def _comparisons(by_bot: dict[str, list[Conversation]], ranking: list[str], stats: dict) -> list[dict]:
    """Every pair (higher-ranked bot as a) on the composite and each dimension; Holm within a metric."""
    values = {bot: {m: values_by_scenario(by_bot[bot], m) for m in METRICS} for bot in ranking}
    out = []
    for metric in METRICS:
        rows = []
        for a, b in combinations(ranking, 2):
            try:
                d = paired_difference(
                    values[a][metric], values[b][metric], resamples=stats["resamples"], seed=stats["seed"]
                ).to_dict()
            except ValueError:  # the dimension never applies to both on one scenario
                d = {"diff": None, "low": None, "high": None, "p": None, "n": 0}
            rows.append({"a": a, "b": b, "metric": metric, **d, "p_adjusted": None})
        tested = [r for r in rows if r["p"] is not None]
        for row, adjusted in zip(tested, holm([r["p"] for r in tested]), strict=True):
            row["p_adjusted"] = round(adjusted, 4)
        out += rows
    return out


@dataclass(frozen=True)
class Board:
    """A leaderboard: its document (JSON-ready, schema leaderboard.v1) and each ranked bot's
    conversations, as scored for it (again, with `weights`)."""

    document: dict
    conversations: dict[str, list[Conversation]]


def build(run_dirs: list[Path | str], **options) -> dict:
    """The leaderboard document of the runs (see `assemble` for the options and what is refused)."""
    return assemble(run_dirs, **options).document


def assemble(
    run_dirs: list[Path | str],
    *,
    command: str = "",
    weights: Weights | None = None,
    scenarios: list[Scenario] | None = None,
    suite: list[Path] | None = None,
    shared_only: bool = False,
) -> Board:
    """The leaderboard of the runs (see the module docstring for what is refused).
    `scenarios` (or the files under `suite`; default the built-in library) give each scenario's
    domain, category and emotion for the breakdowns, and the scenarios to score again with `weights`."""
    paths = list(dict.fromkeys(str(p) for p in run_dirs))
    if not paths:
        raise BoardError("no run directory given")
    runs = [load_run(p) for p in paths]
    notes: list[str] = []
    by_bot = _merge_bots(runs, notes)
    trials = _check_trials(by_bot)
    digests = _check_versions(by_bot)
    ids, left_out = _check_sets(by_bot, shared_only)
    if left_out:
        notes.append(f"ranked on the {len(ids)} scenarios every bot played; {len(left_out)} left out")
        by_bot = {bot: [c for c in cs if c.scenario_id in set(ids)] for bot, cs in by_bot.items()}
    library = _library(scenarios, suite)
    if weights is not None:
        by_bot = _rescore(by_bot, {r.path: r for r in runs}, library, weights)
        weights_used = weights.to_dict()
    else:
        weights_used = _weights_used(runs)
    unknown = sorted(s for s in ids if s not in library)
    if unknown:
        notes.append(f"{len(unknown)} scenario(s) not in the library: category and emotion 'unknown' for them")
    if any(t == 1 for t in trials.values()):
        notes.append(ONE_TRIAL)
    stats = dict(STATISTICS)
    bots = {bot: _bot_entry(cs, trials[bot], library, stats) for bot, cs in by_bot.items()}
    intervals = {bot: _interval(entry["composite"]) for bot, entry in bots.items()}
    ranking = sorted(bots, key=lambda b: (-intervals[b].mean, b))
    comparisons = _comparisons(by_bot, ranking, stats)
    adjusted = {(c["a"], c["b"]): c["p_adjusted"] for c in comparisons if c["metric"] == "composite"}

    def differs(a: str, b: str) -> bool:  # the paired test on the composite, Holm-adjusted
        p = adjusted.get((a, b), adjusted.get((b, a)))
        return p is not None and p < SIGNIFICANCE

    ranks = ranks_with_ties(intervals, differs)
    for bot in ranking:
        bots[bot]["rank"] = ranks[bot]
    document = {
        "record": "leaderboard",
        "version": BOARD_VERSION,
        "command": command or "supportbench leaderboard " + " ".join(paths),
        "suite_digest": suite_digest((s, digests[s]) for s in ids),
        "scenarios": ids,
        "left_out": left_out,
        "runs": paths,
        "run_commands": {r.path: (r.summary or {}).get("command") for r in runs},
        "weights": weights_used,
        "statistics": stats,
        "notes": notes,
        "ranking": ranking,
        "bots": {bot: bots[bot] for bot in ranking},
        "comparisons": comparisons,
    }
    return Board(document, {bot: by_bot[bot] for bot in ranking})


def _interval(d: dict) -> Interval:
    return Interval(d["mean"], d["low"], d["high"], d["n"])


def schema() -> dict:
    return json.loads(SCHEMA.read_text(encoding="utf-8"))
