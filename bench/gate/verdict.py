"""Gating a run: read it (and its baseline), refuse it when incomplete, apply every rule to every bot,
and decide. The verdict document renders to Markdown and JUnit (bench.render.gate)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bench.core.scenario import Scenario
from bench.core.transcript import BOT_ERROR
from bench.gate.config import GateConfig
from bench.gate.rules import (
    _absolute_mean,
    _cost_rules,
    _latency_rule,
    _must_pass_rules,
    _newly_failing,
    _regression_rule,
)
from bench.gate.verdicts import (
    EXIT_INCOMPLETE,
    FAIL,
    GATE_VERSION,
    INCOMPLETE,
    INCONCLUSIVE,
    PASS,
    SKIPPED,
    GateError,
    RunIncomplete,
    exit_code_of,
    overall,
)
from bench.rundir import completeness
from bench.rundir.completeness import listed
from bench.rundir.files import SCORES, TRANSCRIPTS
from bench.rundir.reader import Run, RunDirError
from bench.rundir.reader import read_run as read_run_dir
from bench.suite.load import ScenarioError, load_scenarios


def read_run(run_dir: Path | str) -> Run:
    """A run directory's conversations (what makes it incomplete: bench.rundir.completeness). GateError
    when it is not a run; RunIncomplete when it started (run.json) but no conversation finished."""
    try:
        run = read_run_dir(run_dir)
        if not run.has_records or not run.conversations:
            if run.started:
                raise RunIncomplete(str(run_dir), ["the run started but no conversation finished"])
            if not run.has_records:
                raise GateError(f"{Path(run_dir)}: not a run directory (it needs {TRANSCRIPTS} and {SCORES})")
            raise GateError(f"{Path(run_dir)}: the run holds no scored conversation")
        _ = run.manifest  # read now: a broken run.json is bad input, not an incomplete run
    except RunDirError as bad:
        raise GateError(str(bad)) from None
    return run


@dataclass
class GateResult:
    document: dict  # the JSON verdict
    cases: list[dict]  # one per conversation gated, for JUnit

    @property
    def exit_code(self) -> int:
        return self.document["exit_code"]


@cache
def _builtin_library() -> tuple[Scenario, ...]:
    return tuple(load_scenarios())


def _library(scenarios: list[Scenario] | None, suite: list[Path] | None) -> dict[str, Scenario]:
    if scenarios is None:
        try:
            scenarios = list(load_scenarios(suite) if suite else _builtin_library())
        except ScenarioError as bad:
            raise GateError(f"cannot load the scenario library (--suite): {bad}") from None
    return {s.id: s for s in scenarios}


def _pairs(run: Run, base: Run | None, bot: str | None, baseline_bot: str | None) -> list[tuple]:
    if bot and bot not in run.bots:
        raise GateError(f"--bot {bot}: not in {run.path} (bots there: {', '.join(run.bots)})")
    bots = [bot] if bot else run.bots
    if base is None:
        return [(b, None) for b in bots]
    if baseline_bot:
        if baseline_bot not in base.bots:
            raise GateError(f"--baseline-bot {baseline_bot}: not in {base.path} (bots there: {', '.join(base.bots)})")
        if len(bots) > 1:
            raise GateError(f"--baseline-bot needs --bot: {run.path} holds several bots ({', '.join(bots)})")
        return [(bots[0], baseline_bot)]
    pairs = []
    for b in bots:
        if b in base.bots:
            pairs.append((b, b))
        elif len(bots) == 1 and len(base.bots) == 1:
            pairs.append((b, base.bots[0]))
        else:
            raise GateError(
                f"--baseline {base.path} has no bot {b} (bots there: {', '.join(base.bots)}): "
                "name the one to compare with --baseline-bot NAME"
            )
    return pairs


def _run_info(run: Run, bot: str) -> dict:
    mine = run.of(bot)
    return {
        "path": run.path,
        "bot": bot,
        "scenarios": len({c.scenario_id for c in mine}),
        "trials": run.trials(bot),
        "conversations": len(mine),
        "bot_errors": sum(1 for c in mine if c.card["outcome"] == BOT_ERROR),
        "command": (run.summary or {}).get("command"),
    }


def incomplete_result(error: RunIncomplete, config: GateConfig, command: str = "") -> GateResult:
    """The verdict document of a run that cannot be gated because it is incomplete (exit 3)."""
    return GateResult(
        {
            "record": "gate",
            "version": GATE_VERSION,
            "command": command,
            "verdict": INCOMPLETE,
            "exit_code": EXIT_INCOMPLETE,
            "counts": {},
            "incomplete": {"run": error.path, "problems": error.problems},
            "gate": config.to_dict(),
            "bots": [],
            "rules": [],
            "notes": [],
        },
        [],
    )


def evaluate_gate(
    run_dir: Path | str,
    *,
    baseline: Path | str | None = None,
    config: GateConfig | None = None,
    bot: str | None = None,
    baseline_bot: str | None = None,
    scenarios: list[Scenario] | None = None,
    suite: list[Path] | None = None,
    command: str = "",
) -> GateResult:
    """Gate a run (see the module docstring). Raises GateError on bad input and RunIncomplete when the
    run or the baseline is incomplete. `scenarios` (or the files under `suite`; default the built-in
    library) give each scenario's category and tags for the must-pass rules."""
    config = config or GateConfig()
    run = read_run(run_dir)
    base = read_run(baseline) if baseline is not None else None
    for data in (run, base):
        problems = completeness.problems(data, config.max_bot_error_share) if data is not None else []
        if problems:
            raise RunIncomplete(data.path, problems)
    pairs = _pairs(run, base, bot, baseline_bot)
    library = _library(scenarios, suite)
    notes = []
    unknown = sorted({c.scenario_id for c in run.conversations} - set(library))
    if unknown:
        notes.append(
            f"{len(unknown)} scenario(s) not in the scenario library (pass --suite with their files): "
            f"category and tag rules cannot match them: {listed(unknown)}"
        )
    if base is not None:
        weights_now, weights_before = (run.summary or {}).get("weights"), (base.summary or {}).get("weights")
        if weights_now and weights_before and weights_now != weights_before:
            notes.append("the two runs were scored with different weights: composites differ for that reason too")
    rules: list[dict] = []
    bots = []
    for name, base_name in pairs:
        mine = run.of(name)
        info = {"name": name, "run": _run_info(run, name), "baseline": None}
        absolute = config.absolute
        if "min_composite" in absolute:
            rules.append(_absolute_mean(name, mine, "composite", absolute["min_composite"], config.level))
        for dim, minimum in (absolute.get("min_dimensions") or {}).items():
            rules.append(_absolute_mean(name, mine, dim, minimum, config.level))
        if "min_pass_rate" in absolute:
            rules.append(_absolute_mean(name, mine, "pass_rate", absolute["min_pass_rate"], config.level))
        if "max_latency_p95_s" in absolute:
            rules.append(_latency_rule(name, mine, absolute["max_latency_p95_s"]))
        rules += _cost_rules(name, mine, absolute)
        rules += _must_pass_rules(name, mine, config, library)
        if base is not None and base_name is not None:
            theirs = base.of(base_name)
            info["baseline"] = _run_info(base, base_name)
            digests_now = {c.scenario_id: c.transcript.scenario_digest for c in mine}
            digests_before = {c.scenario_id: c.transcript.scenario_digest for c in theirs}
            common = set(digests_now) & set(digests_before)
            changed = sorted(s for s in common if digests_now[s] != digests_before[s])
            shared = common - set(changed)
            if changed:
                notes.append(
                    f"{name}: {len(changed)} scenario(s) changed version since the baseline and are left out of "
                    f"the regression rules: {listed(changed)}"
                )
            only_now = set(digests_now) - set(digests_before)
            if only_now:
                notes.append(f"{name}: {len(only_now)} scenario(s) are not in the baseline: {listed(only_now)}")
            trials = (run.trials(name), base.trials(base_name))
            regression_rules = [
                _regression_rule(name, mine, theirs, shared, metric, drop, config, trials)
                for metric, drop in config.regressions.items()
            ]
            flipped = _newly_failing(mine, theirs, shared)
            for rule in regression_rules:
                rule["newly_failing"] = flipped if rule["verdict"] != PASS else []
            rules += regression_rules
        bots.append(info)
    verdict = overall(rules)
    counts = Counter(r["verdict"] for r in rules)
    document = {
        "record": "gate",
        "version": GATE_VERSION,
        "command": command,
        "verdict": verdict,
        "exit_code": exit_code_of(verdict, config.inconclusive),
        "counts": {v: counts.get(v, 0) for v in (PASS, FAIL, INCONCLUSIVE, SKIPPED)},
        "incomplete": None,
        "gate": config.to_dict(),
        "bots": bots,
        "rules": rules,
        "notes": notes,
    }
    must_pass = defaultdict(set)
    for rule in rules:
        if rule["kind"] == "must_pass":
            for f in rule["failures"]:
                must_pass[rule["bot"]].add((f["scenario_id"], f["trial"]))
    cases = []
    for name, _ in pairs:
        for c in sorted(run.of(name), key=lambda c: (c.scenario_id, c.transcript.trial)):
            known = library.get(c.scenario_id)
            cases.append(
                {
                    "bot": name,
                    "scenario_id": c.scenario_id,
                    "trial": c.transcript.trial,
                    "category": known.category if known else "unknown",
                    "passed": bool(c.card["passed"]),
                    "outcome": c.card["outcome"],
                    "error": c.transcript.error,
                    "duration_s": c.transcript.duration_s,
                    "composite": c.card["composite"],
                    "must_pass": (c.scenario_id, c.transcript.trial) in must_pass[name],
                    "findings": c.failed_findings() if not c.card["passed"] else [],
                }
            )
    return GateResult(document, cases)
