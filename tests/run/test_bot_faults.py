"""Every way a bot can fail ends its conversation as bot_error with a cause, never the run: bad
replies, bad tool arguments, any exception (SystemExit and KeyboardInterrupt included), methods
that block their thread or their event loop. Runs stay bounded in time, and a real Ctrl-C still
stops them."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from bench.bots import Contestant
from bench.core.contract import BotReply
from bench.core.transcript import BOT_ERROR, RESOLVED
from bench.run.runner import RunOptions, converse, run_suite

ROOT = Path(__file__).resolve().parents[2]


def play(bot, scenario, timeout: float = 2.0):
    return asyncio.run(converse(Contestant("bot", bot), scenario, 0, 1, "run", timeout))


def run(contestants, scenarios, **options):
    done = []
    asyncio.run(run_suite(contestants, scenarios, RunOptions(**options), "run", done.append))
    return done


class Good:
    def respond(self, message, session):
        return "It arrives on 12 March."


def replying(reply):
    return type("Replies", (), {"respond": lambda self, m, s: reply})()


class Circular(dict):
    pass


def circular():
    node: dict = {}
    node["self"] = node
    return node


class Opaque:
    def __repr__(self):
        raise RuntimeError("no repr for you")


BAD_REPLIES = {
    "actions of str": (
        BotReply("hi", actions=["x"]),
        "BotReply.actions[0]: expected an object {tool, args}, got str 'x'",
    ),
    "actions None": (BotReply("hi", actions=None), "BotReply.actions: expected a list of {tool, args}, got null"),
    "actions a dict": (BotReply("hi", actions={"tool": "x"}), "BotReply.actions: expected a list"),
    "tool not a str": (BotReply("hi", actions=[{"tool": 1, "args": {}}]), "BotReply.actions[0].tool: expected str"),
    "args not a dict": (
        BotReply("hi", actions=[{"tool": "t", "args": [1]}]),
        "BotReply.actions[0].args: expected an object",
    ),
    "summary an int": (
        BotReply("hi", True, handoff_summary=123),
        "BotReply.handoff_summary: expected str or null, got int 123",
    ),
    "reason a list": (
        BotReply("hi", True, handoff_reason=["x"]),
        "BotReply.handoff_reason: expected str or null, got list",
    ),
    "handoff a str": (BotReply("hi", handoff="no"), "BotReply.handoff: expected true or false, got str 'no'"),
    "text None": (BotReply(None), "BotReply.text: expected str, got null"),
    "text surrogate": (BotReply("hi \ud800"), "BotReply.text: not valid Unicode"),
    "usage a list": (BotReply("hi", usage=[1]), "BotReply.usage: expected an object or null, got list"),
    "usage with NaN": (BotReply("hi", usage={"cost": float("nan")}), "BotReply.usage.cost: nan is not a JSON number"),
    "circular args": (BotReply("hi", actions=[{"tool": "t", "args": circular()}]), "args.self: circular reference"),
    "5000-digit int": (
        BotReply("hi", actions=[{"tool": "t", "args": {"n": 10**5000}}]),
        "args.n: int of about 5,000 digits",
    ),
    "set in args": (
        BotReply("hi", actions=[{"tool": "t", "args": {"s": {1, 2}}}]),
        "args.s: set is not JSON (use a list)",
    ),
    "bytes in args": (BotReply("hi", actions=[{"tool": "t", "args": {"b": b"x"}}]), "args.b: bytes is not JSON"),
    "object in args": (BotReply("hi", actions=[{"tool": "t", "args": {"o": Opaque()}}]), "args.o: Opaque is not JSON"),
    "int key in args": (BotReply("hi", actions=[{"tool": "t", "args": {1: "x"}}]), "args: key int 1 is not a str"),
    "unhashable reply": ([{"text": "hi"}], "respond() returned list, expected BotReply or str"),
    "deep args": (
        BotReply("hi", actions=[{"tool": "t", "args": json.loads("[" * 100 + "]" * 100)}]),
        "BotReply.actions[0].args",
    ),
}


@pytest.mark.parametrize("reply, cause", BAD_REPLIES.values(), ids=BAD_REPLIES.keys())
def test_a_malformed_reply_is_a_bot_error_naming_the_field(make_scenario, reply, cause):
    transcript = play(replying(reply), make_scenario())
    assert transcript.outcome == BOT_ERROR
    assert cause in transcript.error
    json.dumps(transcript.to_dict())  # the record stays writable


def test_a_well_formed_reply_is_kept_as_plain_data(make_scenario):
    class Text(str):
        pass

    reply = BotReply(Text("Transferring."), 1, "Ann", None, [{"tool": "refund", "args": {"ids": ("A1",)}}], {"cost": 1})
    transcript = play(replying(reply), make_scenario())
    turn = transcript.turns[1]
    assert type(turn.text) is str and turn.handoff.summary == "Ann"
    assert turn.tool_calls[0].arguments == {"ids": ["A1"]} and turn.usage == {"cost": 1}


BAD_ARGUMENTS = {
    "circular": (lambda: {"order_id": circular()}, "bad tool call: arguments of get_order.order_id.self: circular"),
    "huge int": (lambda: {"order_id": 10**5000}, "bad tool call: arguments of get_order.order_id: int of about"),
    "set": (lambda: {"order_id": {"A1"}}, "set is not JSON"),
    "bytes": (lambda: {"order_id": b"A1"}, "bytes is not JSON"),
    "object": (lambda: {"order_id": Opaque()}, "Opaque is not JSON"),
}


@pytest.mark.parametrize("arguments, cause", BAD_ARGUMENTS.values(), ids=BAD_ARGUMENTS.keys())
def test_tool_arguments_that_are_not_json_end_the_conversation_as_bot_error(make_scenario, arguments, cause):
    seen = []

    class Calls:
        def respond(self, message, session):
            seen.append(session.call_tool("get_order", **arguments()))
            return "Let me check."

    transcript = play(Calls(), make_scenario())
    assert transcript.outcome == BOT_ERROR and cause in transcript.error
    assert "error" in seen[0]  # the bot was told, the tool never ran
    assert transcript.turns[-1].tool_calls[0].arguments == {}
    json.dumps(transcript.to_dict())


def test_an_integer_of_another_library_is_taken_as_an_int(make_scenario):
    class Int64:  # like numpy.int64: not an int, but an integer all the same
        def __index__(self):
            return 7

    transcript = play(replying(BotReply("hi", actions=[{"tool": "t", "args": {"n": Int64()}}])), make_scenario())
    assert transcript.turns[1].tool_calls[0].arguments == {"n": 7}


def test_a_tool_name_that_is_not_a_str_is_a_bot_error(make_scenario):
    transcript = play(type("B", (), {"respond": lambda self, m, s: str(s._call(["x"], {}))})(), make_scenario())
    assert transcript.outcome == BOT_ERROR and "tool name: expected str, got list" in transcript.error


def test_tool_arguments_reach_the_tool_and_the_transcript_as_plain_json(make_scenario):
    class Calls:
        def respond(self, message, session):
            session.call_tool("get_order", order_id=type("Id", (str,), {})("A1"))
            return "It arrives on 12 March."

    transcript = play(Calls(), make_scenario())
    call = transcript.turns[1].tool_calls[0]
    assert call.error is None and type(call.arguments["order_id"]) is str


class Unprintable(ValueError):
    def __str__(self):
        raise RuntimeError("no str")


RAISED = {
    "SystemExit": SystemExit(3),
    "KeyboardInterrupt": KeyboardInterrupt(),
    "GeneratorExit": GeneratorExit(),
    "unprintable": Unprintable(),
    "CancelledError": asyncio.CancelledError(),
    "TimeoutError": TimeoutError("upstream"),
}
CAUSES = {
    "SystemExit": "SystemExit: 3",
    "KeyboardInterrupt": "KeyboardInterrupt",
    "GeneratorExit": "GeneratorExit",
    "unprintable": "Unprintable: <unprintable: __str__ raised RuntimeError>",
    "CancelledError": "CancelledError",
    "TimeoutError": "TimeoutError: upstream",
}


@pytest.mark.parametrize("kind", RAISED)
@pytest.mark.parametrize("sync", [True, False], ids=["sync", "async"])
def test_anything_a_bot_raises_is_a_bot_error_and_the_run_goes_on(make_scenario, kind, sync):
    error = RAISED[kind]

    def fail(self, message, session):
        raise error

    async def fail_async(self, message, session):
        raise error

    bot = type("Raises", (), {"respond": fail if sync else fail_async})()
    done = run([Contestant("bad", bot), Contestant("good", Good())], [make_scenario()], trials=2, turn_timeout=1)
    outcomes = sorted((t.bot, t.outcome, (t.error or "").split(" (at ")[0]) for t in done)
    assert outcomes == [("bad", BOT_ERROR, CAUSES[kind])] * 2 + [("good", RESOLVED, "")] * 2


@pytest.mark.parametrize("method", ["start", "close"])
@pytest.mark.parametrize("sync", [True, False], ids=["sync", "async"])
def test_start_and_close_may_raise_anything(make_scenario, method, sync):
    def fail(self):
        raise SystemExit(3)

    async def fail_async(self):
        raise KeyboardInterrupt

    bot = type("Raises", (Good,), {method: fail if sync else fail_async})()
    done = run([Contestant("bad", bot)], [make_scenario()])
    if method == "start":
        assert done[0].outcome == BOT_ERROR and done[0].error.startswith("start() failed: ")
    else:
        assert done[0].outcome == RESOLVED


def test_describe_never_raises_even_when_repr_and_str_do(make_scenario):
    class Broken(Exception):
        def __str__(self):
            return 42  # not a str: str() raises TypeError

        __repr__ = __str__

    transcript = play(type("B", (), {"respond": lambda self, m, s: (_ for _ in ()).throw(Broken())})(), make_scenario())
    assert transcript.error.startswith("Broken: <unprintable: __str__ raised TypeError>")


def blocking(method: str, sync: bool):
    def block(self, *args):
        time.sleep(1000)

    async def block_loop(self, *args):
        time.sleep(1000)  # blocks the event loop it runs on

    return type("Blocks", (Good,), {method: block if sync else block_loop})()


@pytest.mark.parametrize("method", ["start", "respond", "close"])
@pytest.mark.parametrize("sync", [True, False], ids=["sync", "async-blocking-its-loop"])
def test_a_method_that_blocks_cannot_hold_the_run_past_its_timeout(make_scenario, method, sync):
    started = time.perf_counter()
    done = run(
        [Contestant("bad", blocking(method, sync)), Contestant("good", Good())], [make_scenario()], turn_timeout=0.5
    )
    assert time.perf_counter() - started < 5
    by_bot = {t.bot: t for t in done}
    assert by_bot["good"].outcome == RESOLVED
    expected = {"start": "start() failed: timeout", "respond": "timeout", "close": None}[method]
    if expected:
        assert by_bot["bad"].outcome == BOT_ERROR and by_bot["bad"].error.startswith(expected)
    else:
        assert by_bot["bad"].outcome == RESOLVED


def test_a_process_whose_bot_blocks_forever_still_exits():
    script = textwrap.dedent(
        """
        import asyncio, time
        from bench.bots import Contestant
        from bench.run.runner import RunOptions, run_suite
        from bench.suite.load import load_scenarios

        class Blocks:
            async def respond(self, message, session):
                time.sleep(1000)
            def close(self):
                time.sleep(1000)

        done = []
        scenario = load_scenarios()[0]
        asyncio.run(run_suite([Contestant("b", Blocks())], [scenario], RunOptions(turn_timeout=0.3), "r", done.append))
        print(done[0].outcome)
        """
    )
    finished = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert (finished.returncode, finished.stdout.strip()) == (0, "bot_error"), finished.stderr


def test_an_async_bot_keeps_its_conversations_concurrent(make_scenario):
    class Slow:
        async def respond(self, message, session):
            await asyncio.sleep(0.5)
            return "It arrives on 12 March."

    started = time.perf_counter()
    done = run([Contestant("slow", Slow())], [make_scenario()], trials=8, concurrency=8)
    elapsed = time.perf_counter() - started
    assert [t.outcome for t in done] == [RESOLVED] * 8
    turns = max(len(t.turns) for t in done) // 2  # replies per conversation, each 0.5 s
    assert elapsed < turns * 0.5 + 1.0 < 8 * 0.5 * turns


def test_a_bot_left_running_after_its_timeout_cannot_touch_the_world(make_scenario):
    late = []

    class Late:
        def respond(self, message, session):
            time.sleep(0.4)
            late.append(session.call_tool("cancel_order", order_id="A1"))
            return "done"

    transcript = play(Late(), make_scenario(), timeout=0.1)
    time.sleep(0.6)
    assert transcript.outcome == BOT_ERROR
    assert late == [{"error": "this conversation is over"}]
    assert transcript.final_state["orders"]["A1"]["status"] == "in_transit"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_a_real_ctrl_c_still_stops_the_run():
    script = textwrap.dedent(
        """
        import asyncio
        from bench.bots import Contestant
        from bench.run.runner import RunOptions, run_suite
        from bench.suite.load import load_scenarios

        class Slow:
            async def respond(self, message, session):
                await asyncio.sleep(5)
                return "hi"

        print("ready", flush=True)
        asyncio.run(run_suite([Contestant("b", Slow())], load_scenarios()[:4], RunOptions(turn_timeout=30), "r", print))
        print("finished", flush=True)
        """
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert process.stdout.readline().strip() == "ready"
    time.sleep(1.0)
    started = time.perf_counter()
    os.kill(process.pid, signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert time.perf_counter() - started < 10
    assert process.returncode != 0 and "finished" not in out
    assert "KeyboardInterrupt" in err


def test_a_reply_that_came_in_time_is_taken_even_when_the_harness_was_busy():
    from bench.core.contract import Session
    from bench.run.runner import _ask

    async def main():
        session = Session("s", "en", "chat", [], 0, lambda name, arguments: {})
        asking = asyncio.ensure_future(_ask(Contestant("b", Good()), "hi", session, 0.2))
        await asyncio.sleep(0)  # the bot's thread is started
        time.sleep(0.5)  # the harness's loop is busy past the deadline (scoring, say); the bot replied meanwhile
        return await asking

    assert asyncio.run(main()).text == "It arrives on 12 March."


def test_an_async_bot_may_hand_back_an_awaitable(make_scenario):
    class Nested:
        async def respond(self, message, session):
            async def later():
                return "It arrives on 12 March."

            return later()

    assert play(Nested(), make_scenario()).turns[1].text == "It arrives on 12 March."


def test_a_bot_raising_its_own_bot_fault_subclass_cannot_break_the_description(make_scenario):
    from bench.bots import BotFault

    class Sneaky(BotFault):
        def __str__(self):
            raise RuntimeError("gotcha")

    def respond(self, message, session):
        raise Sneaky("x")

    transcript = play(type("B", (), {"respond": respond})(), make_scenario())
    assert transcript.error.startswith("Sneaky: <unprintable: __str__ raised RuntimeError>")
