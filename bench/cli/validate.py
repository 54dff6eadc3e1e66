"""`supportbench validate`: check scenario files and bot config files."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from bench.adapters.config import config_file_problems
from bench.bots import BotSpecError, load_bot
from bench.cli.common import BAD_INPUT
from bench.render.safe import shown
from bench.suite.load import Problem, builtin_suite, check_paths, is_bot_config_file, scenario_files


@click.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def validate(paths) -> None:
    """Check scenario files and bot config files (default: the built-in suite). Exit 2 on any problem."""
    paths = list(paths) or [builtin_suite()]
    bots = [f for f in scenario_files(paths) if is_bot_config_file(f)]
    scenario_paths = [p for p in paths if p not in bots]
    scenarios, problems = check_paths(scenario_paths, parallel=True) if scenario_paths else ([], [])
    for path in bots:
        found = [Problem(p.file, p.field, p.message, p.line, p.column) for p in config_file_problems(path)]
        if not found:  # the schema holds: let the adapter check what only it knows (placeholders, JSONPath)
            try:
                load_bot(str(path))
            except BotSpecError as bad:
                message = str(bad).removeprefix(f"--bot {path}: ")  # the adapter's words may quote a whole value
                found = [Problem(str(path), "", message if len(message) <= 300 else message[:299] + "…")]
        problems += found
    for problem in problems:
        click.echo(shown(str(problem)))
    if problems:
        click.echo(f"{len(problems)} problem(s).", err=True)
        sys.exit(BAD_INPUT)
    variants = sum(1 for s in scenarios if s.variant_of)
    found = f"{len(scenarios) - variants} scenario(s) and {variants} variant(s)"
    click.echo(f"{found}{f', {len(bots)} bot config(s)' if bots else ''}, no problems.")
