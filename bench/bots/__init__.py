"""Bots: loading a bot from a spec (`builtin:NAME`, `module:attr`, `path/to/file.py:attr`) and
calling it the same way whether it is sync or async.

A bot's code never runs on the harness's thread: a sync method runs in a daemon thread of its own,
and an async bot's coroutines run on the bot's own event loop, in a daemon thread too. So a bot that
blocks (time.sleep in a sync method, or in an `async def` that blocks its loop) cannot stop the
harness's timeouts from firing, nor the process from exiting; whatever a bot raises, even
SystemExit or KeyboardInterrupt, reaches the harness as a BotFault, never as the exception itself,
while a real Ctrl-C (SIGINT, delivered to the main thread) still stops the run. Concurrency is
kept: the conversations of an async bot interleave on its loop as they would on the harness's."""

from __future__ import annotations

import asyncio
import importlib
import importlib.util
import inspect
import sys
import threading
import traceback
import weakref
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.adapters import BotConfigError, build_bot, load_config
from bench.bots.identity import bot_identity
from bench.bots.reference import REFERENCE_BOTS
from bench.core.contract import BadReply


class BotSpecError(ValueError):
    """A --bot value that cannot be loaded; the message says which and why."""


class BotFault(Exception):
    """Anything a bot raised (SystemExit and KeyboardInterrupt included), described in the bot's own
    thread: the harness handles only this plain message, never the bot's exception object."""


def describe_error(error: BaseException) -> str:
    """`Type: message (at file:line)`. Never raises, whatever the exception's __str__ does."""
    try:
        name = type(error).__name__
    except BaseException:  # noqa: BLE001
        name = "exception"
    try:
        text = str(error)
        if not isinstance(text, str):
            raise TypeError("__str__ returned a non-string")
    except BaseException as broken:  # noqa: BLE001 - a broken __str__ is the bot's fault, not ours
        text = f"<unprintable: __str__ raised {type(broken).__name__}>"
    text = text if len(text) <= 500 else text[:499] + "…"
    try:
        where = traceback.extract_tb(error.__traceback__)[-1] if error.__traceback__ else None
        place = f" (at {where.filename}:{where.lineno})" if where else ""
    except BaseException:  # noqa: BLE001
        place = ""
    return f"{name}: {text}{place}" if text else f"{name}{place}"


def _fault(error: BaseException) -> BotFault:
    if type(error) is BotFault and len(error.args) == 1 and type(error.args[0]) is str:
        return error  # ours (a bot's own subclass could have any __str__)
    if type(error) is BadReply:  # the contract's own check: its message says where, the place is ours
        return BotFault(f"BadReply: {error}")
    return BotFault(describe_error(error))


def _settle(loop: asyncio.AbstractEventLoop, future: asyncio.Future, result: Any, error: BaseException | None) -> None:
    """Hand a result from a bot's thread to the harness's loop (a no-op once it has closed)."""

    def settle() -> None:
        if not future.done():
            future.set_exception(error) if error else future.set_result(result)

    try:
        loop.call_soon_threadsafe(settle)
    except RuntimeError:  # the loop has closed: the run moved on without this reply
        pass


class _BotLoop:
    """An async bot's own event loop, running in a daemon thread."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, daemon=True, name="supportbench-bot-loop").start()

    def run(self, make: Callable[[], Awaitable[Any]], finish: Callable[[Any], Any]) -> asyncio.Future:
        """Await `make()` on the bot's loop and `finish` its result there; the returned future (on the
        caller's loop) gets the result or a BotFault. Cancelling it cancels the bot's coroutine."""
        harness = asyncio.get_running_loop()
        future = harness.create_future()
        running: list[asyncio.Task] = []

        async def guarded() -> None:
            try:
                result = await make()
                if inspect.isawaitable(result):  # an async method that hands back an awaitable
                    result = await result
                result, error = finish(result), None
            except asyncio.CancelledError as cancelled:
                if asyncio.current_task().cancelling():  # cancelled by the harness: nobody waits
                    raise
                result, error = None, _fault(cancelled)  # raised by the bot itself
            except BaseException as failed:  # noqa: BLE001 - handed to the harness as a BotFault
                result, error = None, _fault(failed)
            _settle(harness, future, result, error)

        def begin() -> None:
            running.append(self.loop.create_task(guarded()))

        def cancel(done: asyncio.Future) -> None:
            if done.cancelled():
                self.call(lambda: running and running[0].cancel())

        self.call(begin)
        future.add_done_callback(cancel)
        return future

    def call(self, fn: Callable[[], Any]) -> None:
        try:
            self.loop.call_soon_threadsafe(fn)
        except RuntimeError:  # stopped and closed
            pass

    def stop(self) -> None:
        self.call(self.loop.stop)


def _in_daemon_thread(fn: Callable[[], Any], finish: Callable[[Any], Any] = lambda r: r) -> asyncio.Future:
    """Run a sync bot call in a daemon thread: a bot that hangs forever cannot block the run's exit,
    which an executor thread would (executors join their threads at shutdown). Its result is
    `finish`ed there too; whatever it raises comes back as a BotFault."""
    loop = asyncio.get_running_loop()
    future = loop.create_future()

    def target() -> None:
        try:
            result, error = finish(fn()), None
        except BaseException as failed:  # noqa: BLE001 - handed to the awaiting coroutine
            result, error = None, _fault(failed)
        _settle(loop, future, result, error)

    threading.Thread(target=target, daemon=True, name="supportbench-bot").start()
    return future


@dataclass
class Contestant:
    """A loaded bot under its leaderboard name. `call` is the one way the harness runs the bot's code."""

    name: str
    bot: Any
    identity: str = ""  # what its conversations are keyed by (bench.bots.identity); set by load_bot
    _loop: _BotLoop | None = field(default=None, init=False, repr=False, compare=False)

    async def start(self) -> None:
        await self.call("start", optional=True)

    async def close(self) -> None:
        try:
            await self.call("close", optional=True)
        finally:
            if self._loop:
                self._loop.stop()
                self._loop = None

    async def call(
        self, method: str, *args: Any, optional: bool = False, finish: Callable[[Any], Any] = lambda r: r
    ) -> Any:
        """Run `bot.method(*args)` off the harness's thread, sync or async, and `finish` its result
        there (a check of it, say). Raises BotFault for anything the bot raises."""
        return await self.submit(method, *args, optional=optional, finish=finish)

    def submit(
        self, method: str, *args: Any, optional: bool = False, finish: Callable[[Any], Any] = lambda r: r
    ) -> asyncio.Future:
        """`call` as a future of the running loop, settled straight from the bot's thread: awaited
        with asyncio.wait_for, a reply that came in time is taken even when the harness's loop was
        too busy to notice before the deadline (a coroutine around it would need one more turn)."""
        future = asyncio.get_running_loop().create_future()
        try:
            fn = getattr(self.bot, method, None)
            is_async = inspect.iscoroutinefunction(fn)
        except BaseException as failed:  # noqa: BLE001 - a property that raises is the bot's fault
            future.set_exception(_fault(failed))
            return future
        if not callable(fn):
            if optional:
                future.set_result(None)
            else:
                future.set_exception(BotFault(f"the bot has no {method}() method"))
            return future
        if is_async:
            return self._bot_loop().run(lambda: fn(*args), finish)
        bot_loop = self._bot_loop

        def run_sync() -> Any:
            result = fn(*args)
            if inspect.isawaitable(result):  # a sync method that hands back a coroutine: run it on the bot's loop
                return asyncio.run_coroutine_threadsafe(_awaited(result), bot_loop().loop).result()
            return result

        return _in_daemon_thread(run_sync, finish)

    def _bot_loop(self) -> _BotLoop:
        with _LOOP_LOCK:  # also called from a sync method's thread
            if self._loop is None:
                self._loop = _BotLoop()
                weakref.finalize(self, self._loop.stop)  # a contestant never closed (tests, audits) frees it too
            return self._loop


_LOOP_LOCK = threading.Lock()


async def _awaited(awaitable: Awaitable[Any]) -> Any:
    return await awaitable


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
