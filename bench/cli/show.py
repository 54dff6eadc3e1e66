"""`supportbench show`: print conversations turn by turn with their findings."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from bench.cli.common import BAD_INPUT
from bench.render.conversation import render_conversation
from bench.render.safe import shown
from bench.rundir.files import SCORES, TRANSCRIPTS
from bench.rundir.reader import RunDirError, read_run


@click.command("show")
@click.argument("run_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--scenario", "scenario_id", help="Scenario id (default: every conversation in the run).")
@click.option("--bot", help="Only this bot's conversations.")
@click.option("--trial", type=int, help="Only this trial.")
@click.option("--failures-only", is_flag=True, help="Show only the checks that failed.")
def show(run_dir, scenario_id, bot, trial, failures_only) -> None:
    """Print conversations turn by turn, each finding next to the turn it is about."""
    try:
        run = read_run(run_dir)
    except RunDirError as bad:
        click.echo(shown(str(bad)), err=True)
        sys.exit(BAD_INPUT)
    if not run.has_records:
        click.echo(f"{run_dir}: cannot read run: it holds no {TRANSCRIPTS} and {SCORES}", err=True)
        sys.exit(BAD_INPUT)
    every = [(c.transcript, c.card) for c in run.conversations] + [(t, None) for t in run.unscored]
    chosen = [
        (t, card)
        for t, card in every
        if (not scenario_id or t.scenario_id == scenario_id)
        and (not bot or t.bot == bot)
        and (trial is None or t.trial == trial)
    ]
    if not chosen:
        known = sorted({t.scenario_id for t, _ in every})
        click.echo(shown(f"{run_dir}: no conversation matches (scenarios in this run: {', '.join(known)})"), err=True)
        sys.exit(BAD_INPUT)
    for transcript, card in chosen:
        click.echo(shown(render_conversation(transcript, card, failures_only)))
