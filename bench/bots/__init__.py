"""Bots: loading a bot from a spec (`builtin:NAME`, `module:attr`, `path/to/file.py:attr`) and
calling it the same way whether it is sync or async."""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.adapters import BotConfigError, build_bot, load_config
from bench.bots.identity import bot_identity
from bench.bots.reference import REFERENCE_BOTS


class BotSpecError(ValueError):
    """A --bot value that cannot be loaded; the message says which and why."""


@dataclass
class Contestant:
    """A loaded bot under its leaderboard name."""

    name: str
    bot: Any
    identity: str = ""  # what its conversations are keyed by (bench.bots.identity); set by load_bot

    async def start(self) -> None:
        await _maybe_call(self.bot, "start")

    async def close(self) -> None:
        await _maybe_call(self.bot, "close")


async def _maybe_call(bot: Any, method: str) -> None:
    fn = getattr(bot, method, None)
    if callable(fn):
        result = fn()
        if inspect.isawaitable(result):
            await result


class _FunctionBot:
    """Lets a plain `respond(message, session)` function stand for a bot."""

    def __init__(self, fn: Any):
        self.respond = fn


def load_bot(spec: str) -> Contestant:
    """Load `builtin:NAME`, `package.module:attr`, `path/to/file.py:attr` or a bot config file
    (`bots/acme.yaml`, see bench.adapters). A class is instantiated without arguments; a function
    is used as `respond`."""
    contestant = _load(spec)
    contestant.identity = bot_identity(spec)
    return contestant


def _load(spec: str) -> Contestant:
    if spec.endswith((".yaml", ".yml")):
        try:
            config = load_config(Path(spec))
        except BotConfigError as bad:
            raise BotSpecError(str(bad)) from None
        try:
            return Contestant(config.name, build_bot(config))
        except Exception as failed:  # an adapter that cannot even be built: bad input, not a bot fault
            raise BotSpecError(f"--bot {spec}: cannot set up the {config.adapter} adapter: {failed}") from failed
    if spec.startswith("builtin:"):
        name = spec.removeprefix("builtin:")
        if name not in REFERENCE_BOTS:
            raise BotSpecError(f"--bot {spec}: no built-in bot {name!r} (built-in: {', '.join(REFERENCE_BOTS)})")
        return Contestant(name, REFERENCE_BOTS[name][1]())
    module_name, sep, attr = spec.rpartition(":")
    if not sep or not module_name or not attr:
        raise BotSpecError(f"--bot {spec}: expected builtin:NAME, module:attr or file.py:attr")
    module = _import(spec, module_name)
    target: Any = module
    for part in attr.split("."):
        if not hasattr(target, part):
            raise BotSpecError(f"--bot {spec}: {module_name} has no attribute {attr!r}")
        target = getattr(target, part)
    if inspect.isclass(target):
        try:
            target = target()
        except Exception as failed:
            raise BotSpecError(f"--bot {spec}: {attr}() failed: {type(failed).__name__}: {failed}") from failed
    if not callable(getattr(target, "respond", None)):
        if not callable(target):
            raise BotSpecError(f"--bot {spec}: {attr} has no respond(message, session) method")
        target = _FunctionBot(target)
    return Contestant(spec, target)


def _import(spec: str, module_name: str) -> Any:
    try:
        if module_name.endswith(".py"):
            path = Path(module_name)
            if not path.is_file():
                raise BotSpecError(f"--bot {spec}: no file {module_name}")
            loaded = importlib.util.spec_from_file_location(path.stem, path)
            module = importlib.util.module_from_spec(loaded)
            loaded.loader.exec_module(module)
            return module
        if str(Path.cwd()) not in sys.path:  # like uvicorn: the user's own modules are importable
            sys.path.insert(0, str(Path.cwd()))
        return importlib.import_module(module_name)
    except BotSpecError:
        raise
    except Exception as failed:
        raise BotSpecError(f"--bot {spec}: cannot import {module_name}: {type(failed).__name__}: {failed}") from failed
