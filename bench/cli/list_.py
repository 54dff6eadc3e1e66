"""`supportbench list`: list the scenarios, or count them."""

from __future__ import annotations

import click
from tabulate import tabulate

from bench.cli.common import filter_option, lang_option, load_or_exit, select, suite_option
from bench.render.safe import shown
from bench.suite.coverage import coverage_table


@click.command("list")
@suite_option
@lang_option
@filter_option
@click.option("--coverage", is_flag=True, help="Counts per category, language and emotion instead of the list.")
@click.option("--markdown", is_flag=True, help="Print the table as Markdown (the README's coverage table).")
def list_(suite, lang, filters, coverage, markdown, **by) -> None:
    """List the scenarios with their category, language, emotion and escalation."""
    scenarios = select(load_or_exit(suite), lang, filters, **by)
    fmt = "github" if markdown else "simple"
    if coverage:
        click.echo(shown(coverage_table(scenarios, fmt)))
        return
    table = [
        [s.id, s.language, s.channel, s.category, s.emotion, s.escalation, s.difficulty, s.title] for s in scenarios
    ]
    headers = ["id", "lang", "channel", "category", "emotion", "escalation", "diff", "title"]
    click.echo(shown(tabulate(table, headers, fmt)))
    click.echo(f"\n{len(scenarios)} scenario(s).")
