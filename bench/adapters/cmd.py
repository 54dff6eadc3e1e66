"""The `cmd` adapter: a bot that is a program, in any language, speaking JSON lines.

Protocol (one request line per customer turn, one reply line per request, UTF-8, in order):

    request  (stdin)  {"conversation_id": "...", "message": "...", "locale": "en", "channel": "chat",
                       "history": [{"role": "customer"|"bot", "text": "..."}]}   # earlier turns only
    reply    (stdout) {"text": "...", "handoff": false, "handoff_summary": "...", "handoff_reason": "...",
                       "actions": [{"tool": "cancel_order", "args": {"order_id": "A1"}}]}

Only `text` is required. `handoff: true` hands the customer to a human; `actions` are actions the
bot says it took in its own systems (recorded, never run on the scenario's world). Requests of
several conversations interleave: keep per-conversation state keyed by `conversation_id`, or
answer from `history` alone. Logs go to stderr (its last lines are quoted when the program dies);
stdout carries replies only. End of stdin means exit.

Why one long-lived process and not one per conversation: the contract has no end-of-conversation
signal, so per-conversation processes would pile up until the run ends, and many bots are slow to
start (a model to load). The program is started by `start()`, serves every conversation, and is
killed by `close()`. Requests to one process are serialised (a lock), so replies can never be
matched to the wrong request. For parallel runs, `processes: N` starts N copies, each conversation
pinned to one of them. Any fault (the program exits, prints a line that is not a JSON reply or
one over 1 MB, or stays silent past `timeout`) raises AdapterError for that conversation, and the
process is killed, since its next line could be the late answer to this request; the next request
starts a fresh one."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import shlex
import signal
from collections import deque
from typing import Any

from bench.adapters.config import BotConfig
from bench.adapters.errors import AdapterError
from bench.core.contract import BotReply, Session

MAX_REPLY = 1 << 20  # bytes in one reply line
_STDERR_KEPT = 4096  # bytes of the program's stderr kept for error messages
_GRACE = 2.0  # seconds a program gets to exit after end of stdin, at close()


def _excerpt(data: bytes | str, limit: int = 120) -> str:
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    text = text.strip()
    return repr(text if len(text) <= limit else text[:limit] + "...")


def _parse_reply(line: bytes) -> BotReply:
    """A reply line as a BotReply, or AdapterError saying what is wrong with it."""
    try:
        data = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise AdapterError(
            f"the program printed a line that is not JSON: {_excerpt(line)} (write logs to stderr, not stdout)"
        ) from None
    if not isinstance(data, dict):
        raise AdapterError(f"the program's reply is not a JSON object: {_excerpt(line)}")
    text = data.get("text")
    if not isinstance(text, str):
        raise AdapterError(f"the program's reply has no string `text`: {_excerpt(line)}")
    handoff = data.get("handoff", False)
    if not isinstance(handoff, bool):
        raise AdapterError(f"the program's reply has a non-boolean `handoff`: {handoff!r:.40}")
    extra = {}
    for key in ("handoff_summary", "handoff_reason"):
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            raise AdapterError(f"the program's reply has a non-string `{key}`: {value!r:.40}")
        extra[key] = value
    actions = data.get("actions") or []
    if not isinstance(actions, list) or not all(
        isinstance(a, dict) and isinstance(a.get("tool"), str) and isinstance(a.get("args", {}), dict) for a in actions
    ):
        raise AdapterError('the program\'s reply has malformed `actions` (expected [{"tool": str, "args": {...}}])')
    return BotReply(text, handoff=handoff, actions=actions, **extra)


class _Program:
    """One running copy of the program, started on demand, with a lock so one request is in flight."""

    def __init__(self, argv: list[str], cwd: str | None, env: dict[str, str] | None, timeout: float):
        self.argv, self.cwd, self.env, self.timeout = argv, cwd, env, timeout
        self.lock = asyncio.Lock()
        self.proc: asyncio.subprocess.Process | None = None
        self._stderr: deque[bytes] = deque()
        self._drain: asyncio.Task | None = None
        self._reapers: set[asyncio.Task] = set()

    async def launch(self) -> None:
        try:
            self.proc = await asyncio.create_subprocess_exec(
                *self.argv,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
                cwd=self.cwd,
                env=self.env,
                limit=MAX_REPLY,
                start_new_session=os.name == "posix",  # its own process group: close() kills its children too
            )
        except OSError as failed:
            raise AdapterError(f"cannot start {self.argv[0]!r}: {failed.strerror or failed}") from None
        self._stderr = deque()
        self._drain = asyncio.create_task(self._keep_stderr(self.proc, self._stderr))

    @staticmethod
    async def _keep_stderr(proc: asyncio.subprocess.Process, kept: deque[bytes]) -> None:
        """Read stderr as it comes (a full pipe would block the program), keeping only its tail."""
        size = 0
        while chunk := await proc.stderr.read(65536):
            kept.append(chunk)
            size += len(chunk)
            while size - len(kept[0]) >= _STDERR_KEPT:
                size -= len(kept.popleft())

    def _stderr_tail(self) -> str:
        lines = [ln for ln in b"".join(self._stderr).decode("utf-8", "replace").splitlines() if ln.strip()]
        return f"; its stderr ends: {_excerpt(' | '.join(lines[-3:]), 300)}" if lines else ""

    async def ask(self, request: dict) -> BotReply:
        async with self.lock:
            if self.proc is not None and self.proc.returncode is not None:
                self.discard()  # it exited since its last reply: reap it, start a fresh one
            if self.proc is None:
                await self.launch()
            proc = self.proc
            try:
                return await asyncio.wait_for(self._exchange(proc, request), self.timeout)
            except TimeoutError:
                self.discard()
                raise AdapterError(f"the program gave no reply within {self.timeout:g} s") from None
            except BaseException:  # a bad line, a crash, or the runner cancelling us mid-request
                self.discard()
                raise

    async def _exchange(self, proc: asyncio.subprocess.Process, request: dict) -> BotReply:
        line = json.dumps(request, ensure_ascii=False).encode() + b"\n"
        try:
            proc.stdin.write(line)
            await proc.stdin.drain()
        except (BrokenPipeError, ConnectionResetError):
            raise AdapterError(await self._died(proc, "before reading the request")) from None
        try:
            reply = await proc.stdout.readline()
        except ValueError:  # asyncio.LimitOverrunError, re-raised as ValueError by readline()
            raise AdapterError(f"the program's reply line is over {MAX_REPLY // (1 << 20)} MB") from None
        if not reply.endswith(b"\n"):  # end of stdout: the program has exited (or closed it)
            raise AdapterError(await self._died(proc, "before answering"))
        return _parse_reply(reply)

    async def _died(self, proc: asyncio.subprocess.Process, when: str) -> str:
        await _exited(proc, 1.0)
        if self._drain is not None:  # the last words on stderr, usually the reason
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.shield(self._drain), 1.0)
        code = proc.returncode
        status = "closed its stdout" if code is None else f"exited with code {code}"
        return f"the program {status} {when}{self._stderr_tail()}"

    def discard(self) -> None:
        """Kill the process (and its process group) now; reap it in the background."""
        proc, drain, self.proc = self.proc, self._drain, None
        if proc is None:
            return
        _kill(proc)
        reaper = asyncio.ensure_future(_reap(proc, drain))
        self._reapers.add(reaper)
        reaper.add_done_callback(self._reapers.discard)

    async def stop(self) -> None:
        """End of stdin first (a polite exit), then kill whatever is still running."""
        async with self.lock:
            proc = self.proc
            if proc is not None and proc.returncode is None:
                with contextlib.suppress(OSError, RuntimeError):
                    proc.stdin.close()
                await _exited(proc, _GRACE)
            self.discard()
        if self._reapers:
            await asyncio.gather(*self._reapers, return_exceptions=True)


def _kill(proc: asyncio.subprocess.Process) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError, OSError):
        if os.name == "posix":
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()


async def _exited(proc: asyncio.subprocess.Process, seconds: float) -> None:
    """Wait up to `seconds` for the process to exit. (Not proc.wait(): before Python 3.12 it also
    waits for every pipe to close, which a grandchild holding stdout can delay forever.)"""
    deadline = asyncio.get_running_loop().time() + seconds
    while proc.returncode is None and asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(0.01)


async def _reap(proc: asyncio.subprocess.Process, drain: asyncio.Task | None) -> None:
    await _exited(proc, 5.0)
    if drain is not None:
        drain.cancel()
        with contextlib.suppress(BaseException):
            await drain
    transport = getattr(proc, "_transport", None)  # asyncio closes it only once every pipe hit EOF:
    if transport is not None:  # a grandchild holding stdout open would leave it to the garbage collector
        transport.close()


class CommandBot:
    """A bot that is a local program speaking JSON lines on stdin/stdout (see the module docstring)."""

    def __init__(self, config: BotConfig):
        options = config.options
        command = options["command"]
        self.argv: list[str] = shlex.split(command) if isinstance(command, str) else list(command)
        self.cwd: str | None = options.get("cwd")
        self.env: dict[str, str] | None = {**os.environ, **options["env"]} if options.get("env") else None
        self.timeout: float = float(options.get("timeout", 30))
        self.processes: int = int(options.get("processes", 1))
        self._programs: list[_Program] = []
        self._next = itertools.count()

    def _ensure_programs(self) -> None:
        if not self._programs:  # created inside the running loop (asyncio.Lock binds to it)
            self._programs = [_Program(self.argv, self.cwd, self.env, self.timeout) for _ in range(self.processes)]

    async def start(self) -> None:
        """Start the program(s) now, so a command that cannot run fails before any conversation."""
        self._ensure_programs()
        for program in self._programs:
            async with program.lock:
                await program.launch()

    async def close(self) -> None:
        for program in self._programs:
            await program.stop()

    async def respond(self, message: str, session: Session) -> BotReply:
        self._ensure_programs()
        if "cmd.process" not in session.memory:  # pinned: the program may keep notes per conversation
            session.memory["cmd.process"] = next(self._next) % len(self._programs)
        slot = session.memory["cmd.process"]
        history = list(session.history)
        if history and history[-1].role == "customer" and history[-1].text == message:
            history.pop()  # the runner has already recorded the message being asked
        request: dict[str, Any] = {
            "conversation_id": session.id,
            "message": message,
            "locale": session.locale,
            "channel": session.channel,
            "history": [{"role": t.role, "text": t.text} for t in history],
        }
        return await self._programs[slot].ask(request)
