"""The `openai` adapter against real OpenAI-compatible servers on 127.0.0.1: the example server
(a deterministic tool-using 'model') and small faulty ones. Never a mocked client."""

from __future__ import annotations

import asyncio
import importlib.util
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from bench.adapters import build_bot, load_config
from bench.adapters.errors import AdapterError
from bench.adapters.openai_chat import MEMORY_KEY
from bench.cli import main
from bench.core.contract import Session
from bench.core.world import World, load_domain
from bench.suite.load import check_file
from tests.serving import free_port, serve

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_CONFIG = ROOT / "examples" / "bots" / "openai.yaml"
EXAMPLE_SERVER = ROOT / "examples" / "servers" / "openai_compatible.py"
EXAMPLE_PORT = "8804"
TRACKING = ROOT / "scenarios" / "retail" / "tracking-in-transit.yaml"
HUMAN_FIRST = ROOT / "scenarios" / "retail" / "human-first-turn.yaml"
KEY = f"sk-sbtest-{uuid.uuid4().hex}"  # the API key no artifact may ever show


def _load_example_server():
    spec = importlib.util.spec_from_file_location("openai_compatible_example", EXAMPLE_SERVER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


example = _load_example_server()


@pytest.fixture(autouse=True)
def api_key(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", KEY)


def recording(**attributes) -> type:
    """The example server's handler, keeping every request it answered in `.requests`."""

    class Recording(example.Handler):
        requests: list[dict] = []

        def answer(self, request: dict) -> dict:
            self.requests.append(request)
            return super().answer(request)

    for name, value in attributes.items():
        setattr(Recording, name, value)
    return Recording


def config_file(tmp_path: Path, base_url: str, **options) -> Path:
    """The example config, pointed at `base_url`, with `options` changed (None removes one)."""
    data = yaml.safe_load(EXAMPLE_CONFIG.read_text(encoding="utf-8"))
    data["openai"]["base_url"] = f"{base_url}/v1"
    for name, value in options.items():
        if value is None:
            data["openai"].pop(name, None)
        else:
            data["openai"][name] = value
    path = tmp_path / "bot.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def session_for(scenario_path: Path = TRACKING, conversation: str = "run/openai/1") -> tuple[Session, World]:
    scenario, problems = check_file(scenario_path)
    assert not problems, problems
    world = World(load_domain(scenario.domain), scenario.world)
    session = Session(
        id=conversation,
        locale=scenario.language,
        channel=scenario.channel,
        tools=[t.spec() for t in world.domain.tools.values()],
        seed=0,
        _call=world.call,
        policy=world.domain.policy,
    )
    return session, world


def talk(config: Path, session: Session, *messages: str) -> list:
    """Start the bot, send each customer message in turn, close it; the replies."""
    bot = build_bot(load_config(config))

    async def conversation():
        await bot.start()
        try:
            return [await bot.respond(message, session) for message in messages]
        finally:
            await bot.close()

    return asyncio.run(conversation())


def run_cli(tmp_path: Path, config: Path, *scenarios: Path, timeout: float = 10) -> tuple[dict, list[dict]]:
    """`supportbench run` in-process; (summary, transcripts). The run must complete whatever the bot did."""
    out = tmp_path / "run"
    suites = [arg for s in scenarios or (TRACKING,) for arg in ("--suite", str(s))]
    result = CliRunner().invoke(
        main, ["run", "-q", "--bot", str(config), *suites, "--timeout", str(timeout), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert_no_key_in(out)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    transcripts = [json.loads(line) for line in (out / "transcripts.jsonl").read_text(encoding="utf-8").splitlines()]
    return summary, transcripts


def assert_no_key_in(run_dir: Path) -> None:
    files = list(run_dir.iterdir())
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert KEY not in text, f"API key leaked into {path.name}"
        assert KEY[-12:] not in text, f"part of the API key leaked into {path.name}"


def a_bot_error(tmp_path: Path, handler: type, *, turn_timeout: float = 10, **options) -> str:
    """Run the tracking scenario against `handler`: one conversation, ended as bot_error; its error."""
    with serve(handler) as url:
        summary, transcripts = run_cli(tmp_path, config_file(tmp_path, url, **options), timeout=turn_timeout)
    (transcript,) = transcripts
    assert transcript["outcome"] == "bot_error"
    assert summary["bots"]["openai-example"]["bot_errors"] == summary["bots"]["openai-example"]["conversations"] == 1
    assert KEY not in transcript["error"]
    return transcript["error"]


# -- the adapter, turn by turn ------------------------------------------------------------------


def test_a_tool_call_runs_on_the_world_and_its_result_goes_back_to_the_model(tmp_path):
    handler = recording()
    session, world = session_for()
    with serve(handler) as url:
        (reply,) = talk(config_file(tmp_path, url), session, "Hi, where is my order A1042?")
    assert [(c.name, c.arguments) for c in world.calls] == [("get_order", {"order_id": "A1042"})]
    assert "Colissimo" in reply.text and "12 March 2026" in reply.text and not reply.handoff
    call, answer = handler.requests
    assert "tool_calls" not in call["messages"][-1]
    *_, asked, result = answer["messages"]
    assert asked["role"] == "assistant" and asked["tool_calls"][0]["function"]["name"] == "get_order"
    assert result == {"role": "tool", "tool_call_id": asked["tool_calls"][0]["id"], "content": result["content"]}
    assert json.loads(result["content"]) == world.calls[0].result


def test_each_turn_sends_the_whole_conversation_so_far(tmp_path):
    handler = recording()
    session, _ = session_for()
    with serve(handler) as url:
        first, _ = talk(config_file(tmp_path, url), session, "Hi, where is my parcel?", "My order number is A1042.")
    turn_one, turn_two, _ = handler.requests
    assert turn_two["messages"][: len(turn_one["messages"])] == turn_one["messages"]
    assert turn_two["messages"][len(turn_one["messages"])] == {"role": "assistant", "content": first.text}
    assert turn_two["messages"][-1] == {"role": "user", "content": "My order number is A1042."}
    assert session.memory[MEMORY_KEY][-1]["role"] == "assistant"


def test_concurrent_conversations_keep_their_own_history(tmp_path):
    handler = recording()
    (one, _), (two, _) = session_for(conversation="run/openai/1"), session_for(conversation="run/openai/2")
    with serve(handler) as url:
        bot = build_bot(load_config(config_file(tmp_path, url)))

        async def both():
            await bot.start()
            try:
                await asyncio.gather(bot.respond("Order A1042 please", one), bot.respond("Hello there", two))
            finally:
                await bot.close()

        asyncio.run(both())
    assert [m["content"] for m in one.memory[MEMORY_KEY] if m["role"] == "user"] == ["Order A1042 please"]
    assert [m["content"] for m in two.memory[MEMORY_KEY] if m["role"] == "user"] == ["Hello there"]


def test_the_system_prompt_is_the_instructions_then_the_policy_then_the_locale(tmp_path):
    handler = recording()
    session, world = session_for(TRACKING)
    with serve(handler) as url:
        talk(config_file(tmp_path, url, system_prompt="Be kind."), session, "Hello")
    system = handler.requests[0]["messages"][0]
    assert system["role"] == "system"
    instructions, policy = system["content"].split("\n\n", 1)
    assert instructions == "Be kind."
    assert world.domain.policy.strip() in policy
    assert system["content"].endswith("Customer locale: en (English); answer in English. Channel: chat.")


def test_include_policy_false_leaves_the_policy_out(tmp_path):
    handler = recording()
    session, world = session_for()
    with serve(handler) as url:
        talk(config_file(tmp_path, url, system_prompt="Be kind.", include_policy=False), session, "Hello")
    assert handler.requests[0]["messages"][0]["content"] == (
        "Be kind.\n\nCustomer locale: en (English); answer in English. Channel: chat."
    )


def test_the_domain_tools_are_offered_as_function_tools(tmp_path):
    handler = recording()
    session, world = session_for()
    with serve(handler) as url:
        talk(config_file(tmp_path, url), session, "Hello")
    offered = handler.requests[0]["tools"]
    assert all(t["type"] == "function" for t in offered)
    assert [t["function"] for t in offered] == [t.spec() for t in world.domain.tools.values()]
    assert "transfer_to_human" in [t["function"]["name"] for t in offered]


def test_transfer_to_human_is_a_handoff_with_the_models_summary_and_reason(tmp_path):
    handler = recording()
    session, world = session_for(HUMAN_FIRST)
    with serve(handler) as url:
        (reply,) = talk(
            config_file(tmp_path, url), session, "Human agent please. Order A2201, the delivery went wrong."
        )
    (call,) = world.calls
    assert call.name == "transfer_to_human" and call.error is None
    assert reply.handoff and reply.handoff_summary == call.arguments["summary"] and "A2201" in reply.handoff_summary
    assert reply.handoff_reason == call.arguments["reason"] == "customer asked for a human"
    assert "colleague" in reply.text  # the model's own words once the transfer was done
    assert handler.requests[-1]["tool_choice"] == "none"


def test_usage_is_summed_over_the_calls_of_one_reply_and_priced(tmp_path):
    def fixed_usage(self, request):
        return {**example.complete(request), "usage": {"prompt_tokens": 1000, "completion_tokens": 100}}

    session, _ = session_for()
    with serve(recording(answer=fixed_usage)) as url:
        (reply,) = talk(config_file(tmp_path, url), session, "Where is order A1042?")  # a tool call, then text
    assert reply.usage == {
        "input_tokens": 2000,
        "output_tokens": 200,
        "cost": pytest.approx((2000 * 0.15 + 200 * 0.60) / 1_000_000),
        "currency": "USD",
    }


def test_without_prices_usage_has_tokens_and_no_cost(tmp_path):
    session, _ = session_for()
    with serve(recording()) as url:
        (reply,) = talk(config_file(tmp_path, url, prices=None), session, "Hello")
    assert set(reply.usage) == {"input_tokens", "output_tokens"} and reply.usage["input_tokens"] > 0


def test_max_retries_comes_from_the_config_and_defaults_to_two(tmp_path):
    hits = []

    class Fails(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):  # noqa: N802
            hits.append(1)
            self.send_response(500)
            self.end_headers()

    session, _ = session_for()
    with serve(Fails) as url:
        with pytest.raises(AdapterError, match="HTTP 500"):
            talk(config_file(tmp_path, url, max_retries=1), session, "Hello")
        assert len(hits) == 2
        assert build_bot(load_config(config_file(tmp_path, url, max_retries=None))).max_retries == 2


def test_tool_arguments_that_are_not_json_are_an_adapter_error(tmp_path):
    def bad_arguments(self, request):
        return {
            "id": "x",
            "object": "chat.completion",
            "created": 0,
            "model": "m",
            "choices": [
                {
                    "index": 0,
                    "finish_reason": "tool_calls",
                    "message": {
                        "role": "assistant",
                        "content": None,
                        "tool_calls": [
                            {"id": "c1", "type": "function", "function": {"name": "get_order", "arguments": "{order"}}
                        ],
                    },
                }
            ],
        }

    session, world = session_for()
    with serve(recording(answer=bad_arguments)) as url:
        with pytest.raises(AdapterError, match=r"called get_order with arguments that are not valid JSON"):
            talk(config_file(tmp_path, url), session, "Where is order A1042?")
    assert world.calls == []


def test_error_messages_never_carry_the_api_key_even_when_the_server_echoes_it(tmp_path):
    class EchoesKey(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):  # noqa: N802
            body = json.dumps({"error": {"message": f"Incorrect API key: {self.headers['Authorization']}"}}).encode()
            status = 401 if "key" in self.path else 400
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    session, _ = session_for()
    with serve(EchoesKey) as url:
        config = config_file(tmp_path, url)
        with pytest.raises(AdapterError) as refused:
            talk(config, session, "Hello")
        data = yaml.safe_load(config.read_text())
        data["openai"]["base_url"] = f"{url}/key/v1"
        config.write_text(yaml.safe_dump(data))
        with pytest.raises(AdapterError) as unauthorised:
            talk(config, session_for()[0], "Hello")
    assert "HTTP 400" in str(refused.value) and "Incorrect API key: Bearer ***" in str(refused.value)
    assert "HTTP 401" in str(unauthorised.value) and "check api_key" in str(unauthorised.value)
    for message in (str(refused.value), str(unauthorised.value)):
        assert KEY not in message and KEY[3:] not in message and KEY[-8:] not in message


# -- end to end through `supportbench run` ------------------------------------------------------


def test_the_example_config_runs_against_the_example_server(tmp_path):
    """As users run it: the example config (port replaced) in a subprocess, both example scenarios."""
    with serve(example.Handler) as url:
        port = url.rsplit(":", 1)[1]
        config = tmp_path / "openai.yaml"
        config.write_text(EXAMPLE_CONFIG.read_text(encoding="utf-8").replace(EXAMPLE_PORT, port), encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
        done = subprocess.run(
            [sys.executable, "-m", "bench.cli", "run", "-q", "--bot", str(config), "--suite", str(TRACKING),
             "--suite", str(HUMAN_FIRST), "--out", str(tmp_path / "run")],
            capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path,
        )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert KEY not in done.stdout + done.stderr
    assert_no_key_in(tmp_path / "run")
    summary = json.loads((tmp_path / "run" / "summary.json").read_text())
    assert summary["bots"]["openai-example"]["bot_errors"] == 0
    assert summary["bots"]["openai-example"]["pass_rate"] == 1
    transcripts = {
        t["scenario_id"]: t for t in map(json.loads, (tmp_path / "run" / "transcripts.jsonl").read_text().splitlines())
    }
    tracking, human = transcripts["retail.tracking.in-transit"], transcripts["retail.human.first-turn"]
    assert tracking["outcome"] == "resolved"
    assert [c["name"] for t in tracking["turns"] for c in t["tool_calls"]] == ["get_order"]
    assert human["outcome"] == "handoff" and "A2201" in human["turns"][1]["handoff"]["summary"]
    for transcript in (tracking, human):
        for turn in transcript["turns"]:
            if turn["role"] == "bot":
                usage = turn["usage"]
                assert usage["input_tokens"] > 0 and usage["output_tokens"] > 0
                expected = (usage["input_tokens"] * 0.15 + usage["output_tokens"] * 0.60) / 1_000_000
                assert usage["cost"] == pytest.approx(expected) and usage["currency"] == "USD"


def test_the_key_is_sent_as_a_bearer_token_and_absent_from_every_artifact(tmp_path):
    with serve(recording(api_key=KEY)) as url:  # the server refuses any other key
        summary, transcripts = run_cli(tmp_path, config_file(tmp_path, url), TRACKING, HUMAN_FIRST)
    assert summary["bots"]["openai-example"]["bot_errors"] == 0
    assert {t["outcome"] for t in transcripts} == {"resolved", "handoff"}


def test_the_example_config_is_a_valid_bot_config():
    result = CliRunner().invoke(main, ["validate", str(EXAMPLE_CONFIG)])
    assert result.exit_code == 0, result.output
    assert "1 bot config(s), no problems." in result.output


def test_the_example_server_runs_as_a_script():
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, str(EXAMPLE_SERVER), "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, "example server did not start"
                time.sleep(0.05)
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/v1/chat/completions",
            data=json.dumps(
                {
                    "model": "support-sim-1",
                    "messages": [{"role": "user", "content": "Where is A1042?"}],
                    "tools": [{"type": "function", "function": {"name": "get_order", "parameters": {}}}],
                }
            ).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=5) as answer:
            completion = json.loads(answer.read())
    finally:
        server.terminate()
        server.wait(timeout=5)
    (call,) = completion["choices"][0]["message"]["tool_calls"]
    assert call["function"] == {"name": "get_order", "arguments": '{"order_id": "A1042"}'}
    assert completion["usage"]["total_tokens"] > 0


# -- faults: each ends as a recorded bot_error and the run completes ------------------------------


class _Fault(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status: int, body: bytes, content_type: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            self.fault()
        except (BrokenPipeError, ConnectionResetError):  # the adapter hung up, as it should
            pass

    def fault(self) -> None:
        raise NotImplementedError


def test_a_server_error_500_is_a_bot_error(tmp_path):
    class Error500(_Fault):
        def fault(self):
            self.reply(500, b'{"error": {"message": "model overloaded", "type": "server_error"}}')

    error = a_bot_error(tmp_path, Error500, max_retries=1)
    assert "AdapterError" in error and "HTTP 500 (tried 2 times): model overloaded" in error


def test_a_malformed_json_body_is_a_bot_error(tmp_path):
    class Malformed(_Fault):
        def fault(self):
            self.reply(200, b'{"id": "x", "choices": [{"message": ')

    assert "reply is not valid JSON" in a_bot_error(tmp_path, Malformed, max_retries=0)


def test_a_reply_without_choices_is_a_bot_error(tmp_path):
    class NoChoices(_Fault):
        def fault(self):
            self.reply(200, b'{"id": "x", "object": "chat.completion", "model": "m"}')

    assert "reply has no choices" in a_bot_error(tmp_path, NoChoices, max_retries=0)


def test_a_reply_that_is_not_json_is_a_bot_error(tmp_path):
    class Html(_Fault):
        def fault(self):
            self.reply(200, b"<html>Bad gateway</html>", "text/html")

    assert "reply is not JSON: '<html>Bad gateway</html>'" in a_bot_error(tmp_path, Html, max_retries=0)


def test_connection_refused_is_a_bot_error(tmp_path):
    config = config_file(tmp_path, f"http://127.0.0.1:{free_port()}", max_retries=0)
    summary, (transcript,) = run_cli(tmp_path, config)
    assert transcript["outcome"] == "bot_error" and "cannot connect" in transcript["error"]
    assert summary["bots"]["openai-example"]["bot_errors"] == 1


def test_a_reply_slower_than_the_timeout_is_a_bot_error(tmp_path):
    class Slow(_Fault):
        def fault(self):
            time.sleep(1.5)
            self.reply(200, json.dumps(example.complete({"messages": []})).encode())

    error = a_bot_error(tmp_path, Slow, timeout=0.3, max_retries=0)
    assert "no reply within 0.3 s" in error


def test_a_server_that_never_answers_hits_the_turn_timeout(tmp_path):
    class Silent(_Fault):
        def fault(self):
            time.sleep(30)

    began = time.monotonic()
    error = a_bot_error(tmp_path, Silent, turn_timeout=0.5, max_retries=0)
    assert error.startswith("timeout: no reply within 0.5 s") and time.monotonic() - began < 10


def test_endless_tool_calls_stop_at_max_tool_rounds(tmp_path):
    class AlwaysTools(_Fault):
        def fault(self):
            completion = example.complete(
                {"messages": [{"role": "user", "content": "A1042"}], "tools": [{"function": {"name": "get_order"}}]}
            )
            self.reply(200, json.dumps(completion).encode())

    with serve(AlwaysTools) as url:
        _, (transcript,) = run_cli(tmp_path, config_file(tmp_path, url, max_tool_rounds=3))
    assert transcript["outcome"] == "bot_error"
    assert "still calling tools after 3 rounds" in transcript["error"]
    assert [c["name"] for c in transcript["turns"][-1]["tool_calls"]] == ["get_order"] * 3  # what it did is kept


def test_a_10_mb_reply_is_a_bot_error(tmp_path):
    class Huge(_Fault):
        def fault(self):
            self.reply(200, b'{"padding": "' + b"x" * 10_000_000 + b'"}')

    assert "more than 1 MB" in a_bot_error(tmp_path, Huge, max_retries=0)


def test_a_10_mb_reply_without_a_length_is_cut_off_at_1_mb(tmp_path):
    class HugeStream(_Fault):
        protocol_version = "HTTP/1.0"  # no Content-Length: the body ends when the connection closes

        def fault(self):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"padding": "')
            for _ in range(100):
                self.wfile.write(b"x" * 100_000)

    assert "reply larger than 1 MB" in a_bot_error(tmp_path, HugeStream, max_retries=0)
