"""`supportbench replay`: score recorded conversations."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import click

from bench.cli.common import BAD_INPUT, load_or_exit, suite_option
from bench.core.files import label_problem, shorten
from bench.render import leaderboard as boards
from bench.render.safe import shown
from bench.run.evaluation import new_run_id
from bench.rundir.files import SCORES, TRANSCRIPTS, RunDirError


@click.command("replay")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "parquet"]),
    help="Format of every FILE. Default: each file's extension (.jsonl/.json, .csv, .parquet).",
)
@suite_option
@click.option(
    "--transcript-only",
    is_flag=True,
    help="Grade resolution from what the replies confirm (for logs without the bot's tool calls).",
)
@click.option("--out", type=click.Path(path_type=Path), help="Run directory. Default: runs/<run-id>.")
@click.option("--bot-name", metavar="NAME", help="Bot name for records without a `bot` field. Default: the file name.")
def replay(files, fmt, suite, transcript_only, out, bot_name) -> None:
    """Score conversations that already happened (JSONL, CSV or Parquet; one per record, mapped to
    scenarios by id) without running a bot, and print the leaderboard. Record format: bench/run/replay.py."""
    from bench.run.replay import ReplayError
    from bench.run.replay import replay as replay_files

    for option, name in (("--out", out.name if out else None), ("--bot-name", bot_name)):
        bad = label_problem(name)  # the run id is the folder's name, and both are written into every record
        if bad:
            click.echo(shown(f"{option}: {bad}"), err=True)
            sys.exit(BAD_INPUT)
    scenarios = load_or_exit(suite)
    run_id = out.name if out else new_run_id()
    run_dir = out or Path("runs") / run_id
    try:
        held = run_dir.exists() and any((run_dir / f).exists() for f in (TRANSCRIPTS, SCORES))
    except OSError as bad:
        click.echo(shown(f"--out {shorten(str(run_dir))}: cannot be a run directory: {bad.strerror or bad}"), err=True)
        sys.exit(BAD_INPUT)
    if held:
        click.echo(shown(f"--out {run_dir}: already holds a run; choose another directory."), err=True)
        sys.exit(BAD_INPUT)
    command = "supportbench " + " ".join(shlex.quote(a) for a in sys.argv[1:])
    try:
        summary = replay_files(
            list(files),
            scenarios,
            run_dir,
            fmt=fmt,
            bot_name=bot_name,
            transcript_only=transcript_only,
            run_id=run_id,
            command=command,
            on_leaderboard=boards.terminal,
        )
    except (RunDirError, OSError) as bad:  # nothing is left behind: replay removes what it wrote
        message = getattr(bad, "strerror", None) or str(bad)
        click.echo(shown(f"--out {shorten(str(run_dir))}: cannot write the run: {message}"), err=True)
        sys.exit(BAD_INPUT)
    except ReplayError as bad:
        first = bad.problems[:50]
        for problem in first:
            click.echo(shown(problem), err=True)
        more = f" (first {len(first)} shown)" if len(bad.problems) > len(first) else ""
        click.echo(f"{len(bad.problems)} problem(s) in replay files{more}: nothing was scored.", err=True)
        sys.exit(BAD_INPUT)
    conversations = summary["options"]["conversations"]
    click.echo(
        f"\n{conversations} conversations replayed from {len(files)} file(s), {summary['options']['scenarios']} "
        f"scenarios. Run directory: {run_dir}"
    )
