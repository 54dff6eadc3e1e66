"""supportbench: replay curated customer-support scenarios against any bot and score accuracy,
empathy, escalation, resolution and conduct.

The public API is small: `BotReply` and `Session` (the bot contract), `load_scenarios`, `load_bot`,
`evaluate` and `RunOptions`. Everything else may change; docs/architecture.md maps the packages."""

from importlib import import_module
from typing import TYPE_CHECKING, Any

from bench import _moved
from bench.core.contract import BotReply, Session

if TYPE_CHECKING:
    from bench.bots import load_bot
    from bench.run.evaluation import evaluate
    from bench.run.runner import RunOptions
    from bench.suite.load import load_scenarios

# The pytest plugin (bench.pytest_plugin) is loaded by every pytest session of every project that has
# supportbench installed, and importing a module of `bench` runs this file first: importing the whole
# harness here would cost each of those sessions about 0.5 s (numpy, jsonschema, rich). So the names
# that need the harness load on first use. There is no import cycle behind this: see
# tests/test_architecture.py.
_ON_FIRST_USE = {
    "RunOptions": "bench.run.runner",
    "evaluate": "bench.run.evaluation",
    "load_bot": "bench.bots",
    "load_scenarios": "bench.suite.load",
}

__all__ = ["BotReply", "RunOptions", "Session", "evaluate", "load_bot", "load_scenarios"]

_moved.install()  # old module paths (bench.board, bench.runner...) keep working, with a warning


def __getattr__(name: str) -> Any:
    if name in _ON_FIRST_USE:
        return getattr(import_module(_ON_FIRST_USE[name]), name)
    raise AttributeError(f"module 'bench' has no attribute {name!r}")
