"""`supportbench compare`: what changed between two runs."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from bench.analysis.board import BoardError
from bench.cli.common import BAD_INPUT, print_rich, write
from bench.core.secrets import redact
from bench.render.safe import for_terminal, shown


@click.command("compare")
@click.argument("run_a", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("run_b", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--bot-a", help="The bot of RUN_A to compare (default: each bot in both runs, or the run's only bot).")
@click.option("--bot-b", help="The bot of RUN_B to compare (default: --bot-a's name, or the run's only bot).")
@click.option("--format", "fmt", type=click.Choice(["terminal", "md", "json"]), default="terminal", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file instead of stdout.")
def compare_(run_a, run_b, bot_a, bot_b, fmt, out) -> None:
    """What changed from RUN_A to RUN_B (the same bot or two bots): each dimension's paired difference
    B - A with its interval and p-value, and the conversations whose verdict flipped, with the failed
    critical checks, turns and evidence that decided them."""
    from bench.analysis import compare as comparing
    from bench.render import compare as compare_report

    try:
        document = comparing.compare(run_a, run_b, bot_a=bot_a, bot_b=bot_b)
    except BoardError as bad:
        click.echo(shown(f"cannot compare: {bad}"), err=True)
        sys.exit(BAD_INPUT)
    if fmt == "terminal":
        print_rich(compare_report.terminal, document, out)
    elif fmt == "md":
        _write(compare_report.markdown(document), out)
    else:
        _write(redact(json.dumps(document, indent=2, ensure_ascii=False)) + "\n", out)


def _write(text: str, out: Path | None) -> None:
    """A file gets the document as it is; the terminal gets it without control characters."""
    write(text if out is not None else for_terminal(text), out)
