"""The `supportbench` command line (entry point `bench.cli:main`). The CLI is the top layer: it may
import every package, and imports some of them when a command runs, so that `supportbench --help`
stays quick."""

from bench.cli.main import main

__all__ = ["main"]
