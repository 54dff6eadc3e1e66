"""supportbench: replay curated customer-support scenarios against any bot and score accuracy,
empathy, escalation and resolution.

The public API is small: `BotReply` and `Session` (the bot contract), `load_scenarios`, `load_bot`,
`evaluate` and `RunOptions`. Everything else may change."""

from importlib import import_module
from typing import Any

from bench.contract import BotReply, Session

# Loaded on first use, so that `import scorers` (which needs bench's modules) never meets a
# half-initialised bench.
_LAZY = {
    "RunOptions": "bench.runner",
    "evaluate": "bench.evaluation",
    "load_bot": "bench.bots",
    "load_scenarios": "bench.scenario",
}

__all__ = ["BotReply", "Session", *_LAZY]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'bench' has no attribute {name!r}")
