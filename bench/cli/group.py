"""The `supportbench` command group: one module per command, gathered here."""

from __future__ import annotations

import click

from bench.cli.audit import audit_
from bench.cli.compare import compare_
from bench.cli.gate import gate_
from bench.cli.leaderboard import leaderboard_
from bench.cli.list_ import list_
from bench.cli.replay import replay
from bench.cli.run import run
from bench.cli.show import show
from bench.cli.validate import validate


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """supportbench: benchmark customer-support bots on curated scenarios."""


for command in (run, validate, list_, audit_, replay, show, leaderboard_, compare_, gate_):
    main.add_command(command)
