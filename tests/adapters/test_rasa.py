"""The `rasa` adapter against real servers on 127.0.0.1 speaking Rasa's REST channel: the example
config end to end through `supportbench run`, how messages, buttons and the three handoff signals map
onto a reply, and every fault ending as a recorded bot_error while the run completes."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from bench.adapters.config import BotConfig
from bench.adapters.errors import AdapterError
from bench.adapters.rasa import RasaBot
from bench.bots import BotSpecError, load_bot
from bench.cli import main
from bench.core.contract import BotReply, Session
from tests.serving import free_port, serve

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "examples" / "servers"))
import rasa_like  # noqa: E402 - the example server, importable so it runs in a thread here

HUMAN_FIRST = str(ROOT / "scenarios/retail/human-first-turn.yaml")
HOURS_FR = str(ROOT / "scenarios/retail/horaires-service-client.yaml")
EXAMPLE = ROOT / "examples/bots/rasa.yaml"


# -- helpers -------------------------------------------------------------------------------------


def session(sid: str = "run/rasa/case/0", locale: str = "en") -> Session:
    return Session(id=sid, locale=locale, channel="chat", tools=[], seed=0, _call=lambda name, args: {})


def bot(url: str, **options: Any) -> RasaBot:
    return RasaBot(BotConfig("rasa-test", "rasa", {"url": url, **options}, "test.yaml"))


def talk(rasa: RasaBot, *messages: str, in_session: Session | None = None) -> list[BotReply]:
    """Start the bot, send the messages in one conversation, close it: the replies."""

    async def go() -> list[BotReply]:
        await rasa.start()
        try:
            conversation = in_session or session()
            return [await rasa.respond(m, conversation) for m in messages]
        finally:
            await rasa.close()

    return asyncio.run(go())


def answering(answer: Callable[[dict], tuple[int, bytes]]) -> type[BaseHTTPRequestHandler]:
    """A Rasa-shaped server whose webhook answers `answer(request body)` = (status, raw body)."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_POST(self) -> None:  # noqa: N802
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
            status, raw = answer(body)
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            try:
                self.wfile.write(raw)
            except OSError:
                pass  # the adapter gave up waiting, as it should

    return Handler


def messages(*items: dict) -> Callable[[dict], tuple[int, bytes]]:
    return lambda body: (200, json.dumps([{"recipient_id": body["sender"], **m} for m in items]).encode())


@pytest.fixture
def example() -> Iterator[tuple[str, type]]:
    handler = rasa_like.make_handler()
    with serve(handler) as url:
        yield url, handler


def run_cli(tmp_path: Path, options: str, *suites: str, timeout: float = 10) -> tuple[Any, list[dict], Path]:
    """`supportbench run` in-process with a rasa config; (result, transcripts, run dir)."""
    config = tmp_path / "bot.yaml"
    config.write_text(f"name: rasa-under-test\nadapter: rasa\nrasa:\n{options}", encoding="utf-8")
    out = tmp_path / "run"
    args = ["run", "-q", "--bot", str(config), "--out", str(out), "--timeout", str(timeout)]
    for suite in suites or (HUMAN_FIRST,):
        args += ["--suite", suite]
    result = CliRunner().invoke(main, args)
    lines = (out / "transcripts.jsonl").read_text(encoding="utf-8").splitlines() if out.exists() else []
    return result, [json.loads(line) for line in lines], out


def assert_bot_error(tmp_path: Path, options: str, expected: str, timeout: float = 10) -> None:
    """The run completes (exit 0, summary written) with the conversation recorded as bot_error."""
    result, transcripts, out = run_cli(tmp_path, options, timeout=timeout)
    assert result.exit_code == 0, result.output
    [record] = transcripts
    assert record["outcome"] == "bot_error"
    assert expected in record["error"], record["error"]
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["bots"]["rasa-under-test"]["bot_errors"] == 1


# -- the example config end to end ---------------------------------------------------------------


@pytest.fixture(scope="module")
def example_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[subprocess.CompletedProcess, Path]]:
    """The shipped example config, pointed at the example server, through the real command line."""
    tmp = tmp_path_factory.mktemp("rasa-example")
    with serve(rasa_like.make_handler()) as url:
        config = tmp / "rasa.yaml"
        config.write_text(EXAMPLE.read_text(encoding="utf-8").replace("http://127.0.0.1:5005", url), encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
        done = subprocess.run(
            [sys.executable, "-m", "bench.cli", "run", "--bot", str(config), "--suite", HUMAN_FIRST]
            + ["--suite", HOURS_FR, "--out", str(tmp / "run")],
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
            cwd=tmp,
        )
    yield done, tmp / "run"


def _record(run_dir: Path, scenario_id: str) -> dict:
    lines = (run_dir / "transcripts.jsonl").read_text(encoding="utf-8").splitlines()
    return next(r for r in map(json.loads, lines) if r["scenario_id"] == scenario_id)


def test_the_example_config_hands_off_a_first_turn_human_request_with_the_order_in_the_summary(example_run):
    done, run_dir = example_run
    assert done.returncode == 0, done.stderr
    record = _record(run_dir, "retail.human.first-turn")
    assert record["outcome"] == "handoff"
    handoff = record["turns"][1]["handoff"]
    assert "A2201" in handoff["summary"] and handoff["reason"] == "customer asked for a human"


def test_the_example_config_answers_the_french_opening_hours_question(example_run):
    done, run_dir = example_run
    assert done.returncode == 0, done.stderr
    record = _record(run_dir, "retail.hours.horaires-service-client")
    assert record["outcome"] == "resolved"
    assert "du lundi au vendredi, de 9 h à 18 h" in record["turns"][1]["text"]


# -- messages onto a reply -----------------------------------------------------------------------


def test_the_session_id_is_the_sender_so_each_conversation_has_its_own_tracker(example):
    url, handler = example
    rasa = bot(url)
    talk(rasa, "hello", in_session=session("conv-A"))
    talk(rasa, "hello", "what are your hours?", in_session=session("conv-B"))
    assert handler.conversations == {"conv-A": ["hello"], "conv-B": ["hello", "what are your hours?"]}


def test_the_texts_of_several_messages_are_joined_in_order(tmp_path):
    with serve(answering(messages({"text": "Let me check."}, {"image": "x.png"}, {"text": "It ships today."}))) as url:
        [reply] = talk(bot(url), "where is it?")
    assert reply.text == "Let me check.\nIt ships today." and not reply.handoff


def test_button_titles_are_appended_as_options(example):
    url, _ = example
    [reply] = talk(bot(url), "hello")
    assert reply.text.endswith("\nOptions: Opening hours | Talk to a human")


def test_the_locale_is_sent_as_metadata(example):
    url, _ = example
    [reply] = talk(bot(url), "hello", in_session=session(locale="fr"))
    assert reply.text.startswith("Bonjour !")


def test_an_empty_list_is_an_empty_reply(tmp_path):
    with serve(answering(lambda body: (200, b"[]"))) as url:
        [reply] = talk(bot(url), "hello")
    assert reply == BotReply("")


# -- the three handoff signals -------------------------------------------------------------------


def test_a_custom_key_in_a_message_payload_is_a_handoff_with_its_summary_and_reason(example):
    url, _ = example
    first, second = talk(bot(url, handoff={"custom_key": "handoff"}), "hello", "Order A2201: I want a human")
    assert not first.handoff
    assert second.handoff and second.text.startswith("I'm sorry for the trouble.")
    assert "Order A2201: I want a human" in second.handoff_summary
    assert second.handoff_reason == "customer asked for a human"


def test_the_configured_intent_in_custom_is_a_handoff(tmp_path):
    payload = {"intent": "human_handoff", "summary": "wants a refund for A1"}
    with serve(answering(messages({"text": "One moment."}, {"custom": payload}))) as url:
        [reply] = talk(bot(url, handoff={"intent": "human_handoff"}), "human please")
    assert (
        reply.handoff and reply.handoff_summary == "wants a refund for A1" and reply.handoff_reason == "human_handoff"
    )


def test_a_text_pattern_on_the_reply_is_a_handoff(tmp_path):
    with serve(answering(messages({"text": "I'm transferring you to an agent now."}))) as url:
        [reply] = talk(bot(url, handoff={"text_pattern": r"(?i)transferring you"}), "human please")
    assert reply.handoff and reply.handoff_summary is None


def test_a_text_pattern_is_not_matched_against_button_titles(example):
    url, _ = example
    [reply] = talk(bot(url, handoff={"text_pattern": "(?i)human"}), "hello")
    assert "Talk to a human" in reply.text and not reply.handoff


def test_any_one_matching_signal_is_enough(tmp_path):
    handoff = {"custom_key": "handoff", "intent": "human_handoff", "text_pattern": "no such words"}
    with serve(answering(messages({"text": "Okay.", "custom": {"intent": "human_handoff"}}))) as url:
        [reply] = talk(bot(url, handoff=handoff), "human please")
    assert reply.handoff


def test_a_signal_the_config_does_not_name_is_no_handoff(example):
    url, _ = example
    [reply] = talk(bot(url, handoff={"intent": "talk_to_agent", "text_pattern": "(?i)escalat"}), "I want a human")
    assert not reply.handoff


def test_without_a_handoff_block_the_custom_key_handoff_is_recognised(example):
    url, _ = example
    [reply] = talk(bot(url), "I want a human")
    assert reply.handoff


def test_a_false_custom_key_is_no_handoff(tmp_path):
    with serve(answering(messages({"text": "Sure.", "custom": {"handoff": False}}))) as url:
        [reply] = talk(bot(url), "hello")
    assert not reply.handoff


def test_an_invalid_text_pattern_is_a_config_error_naming_the_field(tmp_path):
    config = tmp_path / "bad.yaml"
    config.write_text("adapter: rasa\nrasa: {url: 'http://127.0.0.1:9', handoff: {text_pattern: '(unclosed'}}\n")
    with pytest.raises(BotSpecError, match=r"bad.yaml: rasa.handoff.text_pattern: not a valid regular expression"):
        load_bot(str(config))


# -- HTTP behaviour ------------------------------------------------------------------------------


def test_a_5xx_is_retried_and_the_retry_answers(tmp_path):
    calls = []

    def flaky(body: dict) -> tuple[int, bytes]:
        calls.append(body)
        return (503, b"busy") if len(calls) == 1 else messages({"text": "Hello!"})(body)

    with serve(answering(flaky)) as url:
        [reply] = talk(bot(url, retries=2, backoff=0.01), "hello")
    assert reply.text == "Hello!" and len(calls) == 2


def test_a_reply_that_is_not_a_list_of_messages_is_an_adapter_error(tmp_path):
    with serve(answering(lambda body: (200, b'{"text": "hello"}'))) as url:
        with pytest.raises(AdapterError, match="rasa: expected a list of messages, got dict"):
            talk(bot(url), "hello")


def test_a_declared_content_length_over_1_mb_is_refused_before_reading(tmp_path):
    with serve(answering(lambda body: (200, b"[" + b" " * 1_500_000 + b"]"))) as url:
        with pytest.raises(AdapterError, match=r"reply too big \(1,500,002 bytes, limit 1,000,000\)"):
            talk(bot(url), "hello")


# -- faults: each a recorded bot_error, the run completes ----------------------------------------


def test_fault_http_500_is_a_bot_error_after_the_retries(tmp_path):
    with serve(answering(lambda body: (500, b"internal error"))) as url:
        assert_bot_error(tmp_path, f"  url: {url}\n  retries: 1\n  backoff: 0.01\n", "HTTP 500 after 2 attempts")


def test_fault_malformed_json_is_a_bot_error(tmp_path):
    with serve(answering(lambda body: (200, b'[{"recipient_id": "x", "text": "hel'))) as url:
        assert_bot_error(tmp_path, f"  url: {url}\n", "reply is not JSON")


def test_fault_connection_refused_is_a_bot_error(tmp_path):
    url = f"http://127.0.0.1:{free_port()}"
    assert_bot_error(
        tmp_path, f"  url: {url}\n  retries: 1\n  backoff: 0.01\n", "cannot reach the bot after 2 attempts"
    )


def test_fault_a_reply_slower_than_the_timeout_is_a_bot_error(tmp_path):
    def slow(body: dict) -> tuple[int, bytes]:
        time.sleep(3)
        return messages({"text": "finally"})(body)

    with serve(answering(slow)) as url:
        started = time.monotonic()
        assert_bot_error(tmp_path, f"  url: {url}\n  timeout: 0.3\n", "no reply within 0.3 s")
    assert time.monotonic() - started < 2.5  # it did not wait for the 3 s reply


def test_fault_a_bot_that_never_answers_is_cut_off_by_the_turn_timeout(tmp_path):
    release = threading.Event()

    def never(body: dict) -> tuple[int, bytes]:
        release.wait(30)
        return 200, b"[]"

    try:
        with serve(answering(never)) as url:
            assert_bot_error(tmp_path, f"  url: {url}\n  timeout: 60\n", "timeout: no reply within 0.5 s", timeout=0.5)
    finally:
        release.set()


def test_fault_a_10_mb_reply_is_a_bot_error(tmp_path):
    class Huge(BaseHTTPRequestHandler):
        """10 MB of valid JSON, without a Content-Length: the cap must hold while streaming."""

        def log_message(self, *args: object) -> None:
            pass

        def do_POST(self) -> None:  # noqa: N802
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            try:
                self.wfile.write(b'[{"text": "' + b"x" * 10_000_000 + b'"}]')
            except OSError:
                pass  # the adapter hung up after 1 MB, as it should

    with serve(Huge) as url:
        assert_bot_error(tmp_path, f"  url: {url}\n", "reply too big (more than 1,000,000 bytes)")
