"""The `cmd` adapter against real programs: the example bot end to end through `supportbench run`,
the protocol in both directions, one process serving many conversations, and every fault (a crash,
a garbage line, a reply over 1 MB, silence, a program that exits at start or cannot start) ending
as a recorded bot_error while the run completes and later conversations still work."""

from __future__ import annotations

import asyncio
import importlib.util
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from bench.adapters import load_config
from bench.adapters.cmd import CommandBot
from bench.adapters.errors import AdapterError
from bench.core.contract import BotReply, HistoryTurn, Session

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
BEREAVEMENT = SCENARIOS / "banking" / "bereavement-deceased-mother.yaml"  # banking.bereavement.deceased-mother
CANCEL = SCENARIOS / "retail" / "cancel-before-shipping.yaml"  # retail.cancel.before-shipping

# One program, many behaviours: `fault_bot.py MODE`. "Once" faults happen in the first process only
# (a marker file, named by the FAULT_MARKER variable the config passes), so a restarted process behaves.
FAULT_BOT = r"""
import json, os, subprocess, sys, time

mode = sys.argv[1]
marker = os.environ.get("FAULT_MARKER", "")
first_life = not os.path.exists(marker)


def once():
    open(marker, "w").close()


if mode == "exit-at-start":
    print("fault_bot: cannot load model", file=sys.stderr, flush=True)
    sys.exit(1)
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]) if mode == "child" else None
served = 0
for line in sys.stdin:
    request = json.loads(line)
    served += 1
    reply = {"text": "ok " + request["conversation_id"]}
    if mode == "echo":
        reply = {"text": json.dumps(request)}
    elif mode == "pid":
        reply = {"text": str(os.getpid())}
    elif mode == "child":
        reply = {"text": json.dumps([os.getpid(), child.pid])}
    elif mode == "full":
        reply = {
            "text": "Passing you on.",
            "handoff": True,
            "handoff_summary": "wants a refund",
            "handoff_reason": "asked",
            "actions": [{"tool": "refund", "args": {"order_id": "A1"}}],
        }
    elif mode == "no-text":
        reply = {"answer": "hello"}
    elif mode == "crash-once" and first_life and served == 2:
        once()
        print("Traceback (most recent call last):\nRuntimeError: model crashed", file=sys.stderr, flush=True)
        sys.exit(3)
    elif mode == "garbage-once" and first_life:
        once()
        print("Loading model weights...", flush=True)
        continue
    elif mode == "huge-once" and first_life:
        once()
        sys.stdout.write(json.dumps({"text": "x" * 10_000_000}) + "\n")
        sys.stdout.flush()
        continue
    elif mode == "silent-once" and first_life:
        once()
        time.sleep(3600)
    elif mode == "slow":
        time.sleep(float(os.environ.get("DELAY", "0.2")))
    print(json.dumps(reply), flush=True)
"""


@pytest.fixture
def fault_bot(tmp_path: Path) -> Path:
    path = tmp_path / "fault_bot.py"
    path.write_text(FAULT_BOT)
    return path


def bot_config(tmp_path: Path, fault_bot: Path, mode: str, **options) -> Path:
    """A bot config file running fault_bot.py in `mode` (options go in the cmd block)."""
    block = {"command": [sys.executable, str(fault_bot), mode], "env": {"FAULT_MARKER": str(tmp_path / "marker")}}
    path = tmp_path / f"{mode}.yaml"
    path.write_text(yaml.safe_dump({"name": mode, "adapter": "cmd", "cmd": {**block, **options}}))
    return path


def adapter(tmp_path: Path, fault_bot: Path, mode: str, **options) -> CommandBot:
    return CommandBot(load_config(bot_config(tmp_path, fault_bot, mode, **options)))


def session(conversation: str = "c1", locale: str = "en", channel: str = "chat") -> Session:
    return Session(id=conversation, locale=locale, channel=channel, tools=[], seed=0, _call=lambda name, args: {})


async def say(bot: CommandBot, s: Session, message: str) -> BotReply:
    """A customer turn as the runner plays it: the message is in the history before the bot is asked."""
    s.history.append(HistoryTurn("customer", message))
    reply = await bot.respond(message, s)
    s.history.append(HistoryTurn("bot", reply.text))
    return reply


def with_bot(bot: CommandBot, body) -> object:
    """Run `body(bot)` between start() and close(), in one event loop as the runner does."""

    async def main():
        await bot.start()
        try:
            return await body(bot)
        finally:
            await bot.close()

    return asyncio.run(main())


def supportbench(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    return subprocess.run(
        [sys.executable, "-m", "bench.cli", *args], cwd=cwd, capture_output=True, text=True, timeout=120, env=env
    )


def run(config: Path, *scenarios: Path, tmp_path: Path, extra: tuple[str, ...] = ()) -> list[dict]:
    """`supportbench run` with the bot config; the transcripts, in the order the scenarios were given."""
    suites = [a for s in scenarios for a in ("--suite", str(s))]
    out = tmp_path / "run"
    done = supportbench(
        "run", "-q", "--bot", str(config), *suites, "--concurrency", "1", *extra, "--out", str(out), cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    transcripts = [json.loads(line) for line in (out / "transcripts.jsonl").read_text().splitlines()]
    (summary,) = json.loads((out / "summary.json").read_text())["bots"].values()
    assert summary["conversations"] == len(transcripts) == len(scenarios)  # bot errors counted, never dropped
    assert summary["bot_errors"] == sum(t["outcome"] == "bot_error" for t in transcripts)
    return transcripts


# --- the example ------------------------------------------------------------------------------------


def test_example_config_runs_against_the_example_bot_end_to_end(tmp_path):
    text = (ROOT / "examples" / "bots" / "cmd.yaml").read_text()
    assert "command: python examples/servers/cmd_bot.py" in text
    config = tmp_path / "cmd.yaml"
    example_bot = ROOT / "examples" / "servers" / "cmd_bot.py"
    config.write_text(text.replace("python examples/servers/cmd_bot.py", f"{sys.executable} {example_bot}"))
    bereavement, cancel = run(config, BEREAVEMENT, CANCEL, tmp_path=tmp_path)
    assert bereavement["outcome"] == "handoff" and bereavement["bot"] == "cmd-example"
    handoff = bereavement["turns"][1]["handoff"]
    assert handoff["reason"] == "bereavement" and "Margaret Moore" in handoff["summary"]
    assert cancel["outcome"] != "bot_error" and cancel["error"] is None
    reported = [c for t in cancel["turns"] for c in t["tool_calls"]]
    assert reported == [
        {"name": "cancel_order", "arguments": {"order_id": "A6001"}, "result": {"reported": True}, "error": None}
    ]


def test_example_bot_keeps_notes_per_conversation():
    spec = importlib.util.spec_from_file_location("cmd_bot", ROOT / "examples" / "servers" / "cmd_bot.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    answer = module.answer
    notes: dict = {}
    answer({"conversation_id": "a", "message": "Order A1042 please"}, notes)
    other = answer({"conversation_id": "b", "message": "hello"}, notes)
    same = answer({"conversation_id": "a", "message": "any news?"}, notes)
    assert "order number" in other["text"] and "A1042" in same["text"]


# --- the protocol ------------------------------------------------------------------------------------


def test_request_carries_conversation_id_message_locale_channel_and_earlier_turns(tmp_path, fault_bot):
    async def body(bot):
        s = session("run/bot/retail.x/0", locale="fr", channel="email")
        await say(bot, s, "Bonjour")
        return json.loads((await say(bot, s, "Ma commande A1 ?")).text)

    request = with_bot(adapter(tmp_path, fault_bot, "echo"), body)
    assert request["conversation_id"] == "run/bot/retail.x/0"
    assert request["message"] == "Ma commande A1 ?"
    assert (request["locale"], request["channel"]) == ("fr", "email")
    assert [t["role"] for t in request["history"]] == ["customer", "bot"]
    assert request["history"][0]["text"] == "Bonjour"


def test_reply_fields_become_handoff_and_reported_actions(tmp_path, fault_bot):
    reply = with_bot(adapter(tmp_path, fault_bot, "full"), lambda bot: say(bot, session(), "refund"))
    assert reply == BotReply(
        "Passing you on.",
        handoff=True,
        handoff_summary="wants a refund",
        handoff_reason="asked",
        actions=[{"tool": "refund", "args": {"order_id": "A1"}}],
    )


def test_one_process_serves_every_conversation(tmp_path, fault_bot):
    async def body(bot):
        return {(await say(bot, session(f"c{i}"), "hi")).text for i in range(5)}

    assert len(with_bot(adapter(tmp_path, fault_bot, "pid"), body)) == 1


def test_processes_option_pins_each_conversation_to_one_copy(tmp_path, fault_bot):
    async def body(bot):
        sessions = [session(f"c{i}") for i in range(4)]
        first = [(await say(bot, s, "hi")).text for s in sessions]
        again = [(await say(bot, s, "again")).text for s in sessions]
        return first, again

    first, again = with_bot(adapter(tmp_path, fault_bot, "pid", processes=2), body)
    assert len(set(first)) == 2 and first == again


def test_concurrent_conversations_each_get_their_own_reply(tmp_path, fault_bot):
    async def body(bot):
        sessions = [session(f"c{i}") for i in range(20)]
        replies = await asyncio.gather(*(say(bot, s, "hi") for s in sessions))
        return [(s.id, r.text) for s, r in zip(sessions, replies, strict=True)]

    for conversation, text in with_bot(adapter(tmp_path, fault_bot, "slow", env={"DELAY": "0.01"}), body):
        assert text == f"ok {conversation}"


def test_close_kills_the_program_and_its_children(tmp_path, fault_bot):
    pids = json.loads(with_bot(adapter(tmp_path, fault_bot, "child"), lambda bot: say(bot, session(), "hi")).text)
    deadline = time.monotonic() + 5
    while any(alive(pid) for pid in pids) and time.monotonic() < deadline:  # SIGKILL lands within moments
        time.sleep(0.02)
    assert not any(alive(pid) for pid in pids)


def alive(pid: int) -> bool:
    """Running, not a zombie (a killed orphan stays one where PID 1 does not reap)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/status")
    return not (status.exists() and "\nState:\tZ" in status.read_text())


# --- faults: each a recorded bot_error, the run completes, later conversations work --------------------


def test_program_crashing_mid_conversation_is_a_bot_error_and_the_next_conversation_works(tmp_path, fault_bot):
    crashed, later = run(bot_config(tmp_path, fault_bot, "crash-once"), CANCEL, BEREAVEMENT, tmp_path=tmp_path)
    assert crashed["outcome"] == "bot_error"
    assert "exited with code 3 before answering" in crashed["error"] and "model crashed" in crashed["error"]
    assert [t["role"] for t in crashed["turns"]] == ["customer", "bot", "customer"]  # the first reply is kept
    assert later["outcome"] != "bot_error" and later["turns"][1]["text"].startswith("ok ")


def test_garbage_line_is_a_bot_error_quoting_the_line(tmp_path, fault_bot):
    garbled, later = run(bot_config(tmp_path, fault_bot, "garbage-once"), CANCEL, BEREAVEMENT, tmp_path=tmp_path)
    assert garbled["outcome"] == "bot_error" and "not JSON: 'Loading model weights...'" in garbled["error"]
    assert later["outcome"] != "bot_error"


def test_reply_over_1_mb_is_a_bot_error(tmp_path, fault_bot):
    huge, later = run(bot_config(tmp_path, fault_bot, "huge-once"), CANCEL, BEREAVEMENT, tmp_path=tmp_path)
    assert huge["outcome"] == "bot_error" and "over 1 MB" in huge["error"]
    assert later["outcome"] != "bot_error"


def test_program_that_never_answers_times_out_as_a_bot_error(tmp_path, fault_bot):
    config = bot_config(tmp_path, fault_bot, "silent-once", timeout=0.5)
    silent, later = run(config, CANCEL, BEREAVEMENT, tmp_path=tmp_path)
    assert silent["outcome"] == "bot_error" and "no reply within 0.5 s" in silent["error"]
    assert later["outcome"] != "bot_error"


def test_runner_timeout_kills_the_stuck_process_so_later_conversations_work(tmp_path, fault_bot):
    config = bot_config(tmp_path, fault_bot, "silent-once", timeout=60)
    silent, later = run(config, CANCEL, BEREAVEMENT, tmp_path=tmp_path, extra=("--timeout", "0.5"))
    assert silent["outcome"] == "bot_error" and silent["error"].startswith("timeout")
    assert (
        later["outcome"] != "bot_error"
        and later["turns"][1]["text"] == f"ok {later['run_id']}/silent-once/{later['scenario_id']}/0"
    )


def test_program_that_exits_at_start_is_a_bot_error_for_every_conversation(tmp_path, fault_bot):
    transcripts = run(bot_config(tmp_path, fault_bot, "exit-at-start"), CANCEL, BEREAVEMENT, tmp_path=tmp_path)
    for transcript in transcripts:
        assert transcript["outcome"] == "bot_error"
        assert "exited with code 1" in transcript["error"] and "cannot load model" in transcript["error"]


def test_command_that_cannot_start_is_a_bot_error_for_every_conversation(tmp_path):
    config = tmp_path / "missing.yaml"
    config.write_text(yaml.safe_dump({"adapter": "cmd", "cmd": {"command": str(tmp_path / "no-such-program")}}))
    transcripts = run(config, CANCEL, BEREAVEMENT, tmp_path=tmp_path)
    for transcript in transcripts:
        assert transcript["outcome"] == "bot_error" and "cannot start" in transcript["error"]


def test_reply_without_text_is_an_adapter_error(tmp_path, fault_bot):
    with pytest.raises(AdapterError, match="no string `text`"):
        with_bot(adapter(tmp_path, fault_bot, "no-text"), lambda bot: say(bot, session(), "hi"))
