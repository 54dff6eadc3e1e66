"""`supportbench audit`: prove each scenario fair."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from tabulate import tabulate

from bench.cli.common import BAD_INPUT, load_or_exit
from bench.render.safe import shown
from bench.rundir.files import SCORES, TRANSCRIPTS


@click.command("audit")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--out", type=click.Path(path_type=Path), help="Keep the audit's conversations here (read them with `show`)."
)
@click.option("--problems-only", is_flag=True, help="Print only the scenarios with a problem.")
def audit_(paths, out, problems_only) -> None:
    """Prove each scenario fair: a witness passes it, null bots fail it, its facts hold in the world,
    its customer speaks its language, and no other scenario duplicates it. Exit 1 on any problem."""
    from bench.run.audit import NULL_BOTS, audit

    scenarios = load_or_exit(paths)
    if out and out.exists() and any((out / f).exists() for f in (TRANSCRIPTS, SCORES)):
        click.echo(shown(f"--out {out}: already holds a run; choose another directory."), err=True)
        sys.exit(BAD_INPUT)
    rows = audit(scenarios, out)

    def cell(row, bot: str) -> str:
        passed = row.verdicts.get(bot)
        if bot == "witness":
            return f"{'pass' if passed else 'FAIL'} ({row.witness})"
        return "PASS!" if passed and NULL_BOTS[bot][1](row.scenario) else ("pass" if passed else "fail")

    listed = [r for r in rows if r.problems or not problems_only]

    def probes(row) -> str:  # probes judged as expected, of all
        if not row.probes:
            return ""
        right = sum(
            passed == (p.expect == "pass") for p in row.scenario.probes for pid, passed in [(p.id, row.probes[p.id])]
        )
        return f"{right}/{len(row.probes)}"

    table = [
        [r.scenario.id, r.scenario.language, *(cell(r, b) for b in ("witness", *NULL_BOTS)), probes(r), len(r.problems)]
        for r in listed
    ]
    click.echo(shown(tabulate(table, ["scenario", "lang", "witness", *NULL_BOTS, "probes", "problems"])))
    bad = [r for r in rows if r.problems]
    for row in bad:
        click.echo(shown(f"\n{row.scenario.id} ({row.scenario.source}):"))
        for problem in row.problems:
            click.echo(shown(f"  - {problem}"))
    click.echo(f"\n{len(rows)} scenario(s) audited, {len(bad)} with problems.")
    if bad:
        sys.exit(1)
