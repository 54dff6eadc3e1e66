"""`supportbench leaderboard`: rank the bots of one or more runs."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from bench.analysis.board import BoardError
from bench.cli.common import BAD_INPUT, command_line, print_rich, weights_or_exit, write
from bench.render import leaderboard as boards
from bench.render.safe import for_terminal, shown


@click.command("leaderboard")
@click.argument("run_dirs", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["terminal", "md", "json", "csv", "html"]),
    default="terminal",
    show_default=True,
    help="terminal: a rich table; md: Markdown (tabulate); json: the document (schema leaderboard.v1); "
    "csv: one row per bot; html: one self-contained page.",
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file instead of stdout.")
@click.option(
    "--weights",
    "weights_file",
    type=click.Path(path_type=Path),
    help="Score every transcript again with these dimension and severity weights (YAML/JSON).",
)
@click.option(
    "--suite",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Scenario files or folders the runs played (repeatable), for breakdowns and --weights. "
    "Default: the built-in suite.",
)
@click.option("--shared-only", is_flag=True, help="Rank on the scenarios every bot played, leaving out the others.")
def leaderboard_(run_dirs, fmt, out, weights_file, suite, shared_only) -> None:
    """Rank the bots of one or more runs (several bots, several vendors) with 95% intervals, pass^k,
    pairwise tests and breakdowns. Refuses (exit 2) bots on different scenario sets or versions."""
    from bench.analysis.board import assemble

    weights = weights_or_exit(weights_file)
    try:
        board = assemble(
            list(run_dirs),
            command=command_line(),
            weights=weights,
            suite=list(suite) or None,
            shared_only=shared_only,
        )
    except BoardError as bad:
        click.echo(shown(f"cannot rank: {bad}"), err=True)
        sys.exit(BAD_INPUT)
    document = board.document
    if fmt == "terminal":
        print_rich(boards.terminal, document, out)
    elif fmt == "md":
        _write(boards.markdown(document), out)
    elif fmt == "json":
        _write(boards.json_text(document), out)
    elif fmt == "csv":
        _write(boards.csv_text(document), out)
    else:
        try:
            from bench.render.html import render as render_html
        except ImportError as missing:
            click.echo(f"--format html is not available in this version ({missing})", err=True)
            sys.exit(BAD_INPUT)
        _write(render_html(board), out)


def _write(text: str, out: Path | None) -> None:
    """A file gets the document as it is; the terminal gets it without control characters (a name
    may hold some that json.dumps leaves as they are, such as C1 controls and bidi overrides)."""
    write(text if out is not None else for_terminal(text), out)
