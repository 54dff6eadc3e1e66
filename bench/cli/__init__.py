"""The `supportbench` command line (entry point `bench.cli:console`). The CLI is the top layer: it may
import every package, and imports some of them when a command runs, so that `supportbench --help`
stays quick.

`main` is the click group (for tests and embedding: `CliRunner().invoke(main, [...])`); `console`
runs it as a process, with the exit codes and signal handling of bench.cli.process. Both load on
first use, so that the entry point installs its signal handlers before anything heavy is imported."""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bench.cli.group import main
    from bench.cli.process import console

__all__ = ["console", "main"]


def __getattr__(name: str) -> Any:
    if name == "main":
        from bench.cli.group import main

        return main
    if name == "console":
        from bench.cli.process import console

        return console
    raise AttributeError(f"module 'bench.cli' has no attribute {name!r}")
