"""Is a run whole? What it planned (its manifest, else its summary's options) against what its records
hold: a summary, a score for every transcript and the reverse, every bot x scenario x trial, and not
too many bot errors (an outage or a rate limit is not a measurement). The gate refuses an incomplete
run (exit 3); `--resume` completes it."""

from __future__ import annotations

from collections import defaultdict

from bench.core.transcript import BOT_ERROR
from bench.rundir.files import SUMMARY
from bench.rundir.reader import Run

DEFAULT_MAX_BOT_ERROR_SHARE = 0.1
_LISTED = 8  # conversations or scenarios listed in a message before "and N more"


def listed(items) -> str:
    """Items sorted and joined, the first few named and the rest counted."""
    items = sorted(items)
    more = f" and {len(items) - _LISTED} more" if len(items) > _LISTED else ""
    return ", ".join(items[:_LISTED]) + more


def _name(key: tuple) -> str:
    return f"{key[0]}/{key[1]} #{key[2]}"


def problems(run: Run, max_bot_error_share: float = DEFAULT_MAX_BOT_ERROR_SHARE) -> list[str]:
    """Everything that makes the run incomplete; empty when it is whole."""
    found = []
    if run.summary is None:
        found.append(
            f"no {SUMMARY}: the run did not finish (stopped by Ctrl-C, a crash or a CI timeout?); "
            f"the same `supportbench run` command with `--resume {run.path}` plays the rest"
        )
    if run.unscored:
        found.append(
            f"{len(run.unscored)} conversation(s) have a transcript but no score: "
            f"{listed(_name((t.bot, t.scenario_id, t.trial)) for t in run.unscored)}"
        )
    if run.untold:
        found.append(f"{len(run.untold)} score record(s) have no transcript: {listed(map(_name, run.untold))}")
    found += _plan_problems(run)
    for bot in run.bots:
        mine = run.of(bot)
        errors = sum(1 for c in mine if c.card["outcome"] == BOT_ERROR)
        if errors / len(mine) > max_bot_error_share:
            found.append(
                f"bot {bot}: {errors} of {len(mine)} conversations ended in bot_error ({errors / len(mine):.0%}, "
                f"more than the {max_bot_error_share:.0%} allowed): an outage or a rate limit is not a measurement; "
                "resume the run to play them again, or raise run.max_bot_error_share"
            )
    return found


def _plan_problems(run: Run) -> list[str]:
    """What the run planned and its records lack: every bot x scenario x trial of its manifest
    (run.json, written when the run starts), else of its summary's options (counts only)."""
    options = (run.summary or {}).get("options") or {}
    manifest = run.manifest
    if manifest is not None:
        planned_bots = list(manifest.get("bots") or run.bots)
        planned_scenarios = sorted(manifest.get("scenarios") or ())
        trials = manifest.get("trials")
    else:
        planned_bots = options.get("bots") or run.bots
        planned_scenarios = None
        trials = None if "replay" in options else options.get("trials")  # replayed logs hold what they hold
    found = []
    missing = sorted(set(planned_bots) - set(run.bots))
    if missing:
        found.append(f"bot(s) {', '.join(missing)} planned but without any finished conversation")
    for bot in run.bots:
        mine = run.of(bot)
        played = defaultdict(set)
        for c in mine:
            played[c.scenario_id].add(c.trial)
        if planned_scenarios is not None:
            absent = [s for s in planned_scenarios if s not in played]
            if absent:
                found.append(
                    f"bot {bot}: {len(absent)} of the {len(planned_scenarios)} planned scenarios were not played: "
                    f"{listed(absent)}"
                )
        elif isinstance(options.get("scenarios"), int) and len(played) < options["scenarios"]:
            found.append(f"bot {bot}: {len(played)} of the {options['scenarios']} planned scenarios were played")
        if isinstance(trials, int):
            short = [s for s, got in played.items() if not set(range(trials)) <= got]
            if short:
                found.append(
                    f"bot {bot}: {len(short)} scenario(s) lack some of the {trials} planned trials: {listed(short)}"
                )
        counted = ((run.summary or {}).get("bots") or {}).get(bot, {}).get("conversations")
        if isinstance(counted, int) and counted != len(mine):
            found.append(
                f"bot {bot}: {SUMMARY} counts {counted} conversations, the records hold {len(mine)} "
                "(a resume that did not finish?)"
            )
    return found
