"""`supportbench run`: play the scenarios against the bots, score them and print the leaderboard (and gate the run)."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import click

from bench.bots import BotSpecError, load_bot
from bench.bots.reference import REFERENCE_BOTS
from bench.cli.common import (
    BAD_INPUT,
    command_line,
    filter_option,
    lang_option,
    load_or_exit,
    select,
    suite_option,
    weights_or_exit,
)
from bench.cli.gate import baseline_or_exit, gate_config_or_exit, gate_run
from bench.cli.process import stop_code
from bench.render import leaderboard as boards
from bench.render.safe import shown
from bench.run.evaluation import evaluate, new_run_id
from bench.run.resume import ResumeError
from bench.run.runner import RunOptions
from bench.rundir.files import SCORES, TRANSCRIPTS, RunDirError


@click.command("run")
@click.option(
    "--bot",
    "bots",
    multiple=True,
    metavar="SPEC",
    help="builtin:NAME, module:attr or file.py:attr (repeatable). Default: every reference bot.",
)
@suite_option
@lang_option
@filter_option
@click.option(
    "--trials",
    default=1,
    show_default=True,
    type=click.IntRange(1),
    help="Conversations per scenario and bot, each with its own seed.",
)
@click.option("--concurrency", default=8, show_default=True, type=click.IntRange(1), help="Conversations at once.")
@click.option(
    "--timeout",
    default=30.0,
    show_default=True,
    type=click.FloatRange(min=0, min_open=True),
    help="Seconds a bot may take for one reply.",
)
@click.option(
    "--seed", default=0, show_default=True, type=int, help="Base seed; each (scenario, trial) derives its own."
)
@click.option("--out", type=click.Path(path_type=Path), help="Run directory. Default: runs/<run-id>.")
@click.option(
    "--weights",
    "weights_file",
    type=click.Path(path_type=Path),
    help="YAML/JSON file of dimension and severity weights (see docs/checks.md). Default: the documented weights.",
)
@click.option(
    "--resolution",
    type=click.Choice(["tools", "transcript"]),
    default="tools",
    show_default=True,
    help="transcript: for bots whose tool calls the harness cannot see, actions count when a reply confirms them.",
)
@click.option(
    "--resume",
    "resume",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="RUN_DIR",
    help="Continue the run in RUN_DIR (same bots, scenarios and options): play only the conversations missing "
    "or ended as bot_error, append them, summarise. A directory without a run starts one there.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress lines.")
@click.option(
    "--gate",
    "gate_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Gate the run once it ends (see `supportbench gate`): the exit code is the gate's, and gate.json, "
    "gate.md and junit.xml are written to the run directory.",
)
@click.option(
    "--baseline",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="RUN_DIR",
    help="With --gate (or alone, for the default gate): the last release's run, for the regression rules.",
)
def run(
    bots,
    suite,
    lang,
    filters,
    trials,
    concurrency,
    timeout,
    seed,
    out,
    weights_file,
    resolution,
    quiet,
    resume,
    gate_file,
    baseline,
    **by,
) -> None:
    """Play the scenarios against the bots, score them and print the leaderboard (with --gate, then gate it)."""
    weights = weights_or_exit(weights_file)
    gating = gate_file is not None or baseline is not None
    gate_config = gate_config_or_exit(gate_file) if gating else None
    scenarios = select(load_or_exit(suite), lang, filters, **by)
    if not scenarios:
        click.echo("No scenario matches the --lang/--filter options: nothing to run.", err=True)
        sys.exit(BAD_INPUT)
    try:
        contestants = [load_bot(spec) for spec in (bots or [f"builtin:{name}" for name in REFERENCE_BOTS])]
    except BotSpecError as bad:
        click.echo(shown(str(bad)), err=True)
        sys.exit(BAD_INPUT)
    names = [c.name for c in contestants]
    if len(set(names)) != len(names):
        click.echo(shown(f"--bot: the same bot is given twice ({', '.join(names)})"), err=True)
        sys.exit(BAD_INPUT)
    if baseline is not None:
        baseline_or_exit(baseline, gate_config, names)
    if resume and out and out.resolve() != resume.resolve():
        click.echo(
            shown(f"--out {out} and --resume {resume}: a resumed run stays in its directory; give one."), err=True
        )
        sys.exit(BAD_INPUT)
    run_dir = resume or out or Path("runs") / new_run_id()
    run_id = run_dir.name
    if not resume and run_dir.exists() and any((run_dir / f).exists() for f in (TRANSCRIPTS, SCORES)):
        click.echo(shown(f"--out {run_dir}: already holds a run; choose another directory (or --resume it)."), err=True)
        sys.exit(BAD_INPUT)
    total = len(contestants) * len(scenarios) * trials
    done = 0

    def resuming(plan) -> None:
        nonlocal done
        done = len(plan.done)
        if plan.fresh:
            click.echo(shown(f"--resume {run_dir}: no run there yet; starting it."), err=True)
        else:
            cut = f" (cut an unfinished last line of {', '.join(plan.repaired)})" if plan.repaired else ""
            again = f" ({plan.to_redo} of them again: bot_error or cut short)" if plan.to_redo else ""
            click.echo(
                shown(
                    f"Resuming {run_dir}: {done} of {total} conversations finished, {total - done} to play{again}{cut}."
                ),
                err=True,
            )

    def progress(transcript, card) -> None:
        nonlocal done
        done += 1
        if not quiet:
            verdict = "pass" if card["passed"] else "FAIL"
            click.echo(
                shown(
                    f"[{done}/{total}] {transcript.bot:<12} {transcript.scenario_id:<48} "
                    f"#{transcript.trial} {transcript.outcome:<9} {verdict}"
                ),
                err=True,
            )

    options = RunOptions(trials=trials, concurrency=concurrency, turn_timeout=timeout, seed=seed)
    command = command_line()
    try:
        evaluate(
            contestants,
            scenarios,
            options,
            run_dir,
            run_id=run_id,
            command=command,
            on_conversation=progress,
            weights=weights,
            transcript_only=resolution == "transcript",
            on_leaderboard=boards.terminal,
            resume=resume is not None,
            on_resume=resuming,
        )
    except (ResumeError, RunDirError) as bad:  # a run directory not writable or in use, a writer that failed
        click.echo(shown(str(bad)), err=True)
        sys.exit(BAD_INPUT)
    except KeyboardInterrupt:  # Ctrl-C, or SIGTERM (bench.cli.process)
        again = command if resume else f"{command} --resume {shlex.quote(str(run_dir))}"
        click.echo(shown(f"\nstopped: {done} conversation(s) saved in {run_dir}; resume with: {again}"), err=True)
        interrupted = stop_code()
    else:
        interrupted = 0
        click.echo(
            shown(f"\n{total} conversations, {len(scenarios)} scenarios, {trials} trial(s). Run directory: {run_dir}")
        )
    if gating:  # an interrupted run is gated too: its verdict is "incomplete" (exit 3), with the outputs CI expects
        outputs = {"json": run_dir / "gate.json", "markdown": run_dir / "gate.md", "junit": run_dir / "junit.xml"}
        sys.exit(
            gate_run(
                run_dir, baseline=baseline, config=gate_config, scenarios=scenarios, outputs=outputs, command=command
            )
        )
    if interrupted:
        sys.exit(interrupted)
