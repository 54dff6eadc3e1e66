"""The `directline` adapter against real Direct Line 3.0-shaped servers on 127.0.0.1: the example
config end to end through `supportbench run`, one Direct Line conversation per conversation, echoes
skipped, several activities gathered into one reply, the watermark, the handoff event, the secret
kept out of every artifact, and every fault ending as a recorded bot_error while the run completes."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from bench.adapters.config import BotConfig
from bench.adapters.directline import DirectLineBot, message_lines
from bench.adapters.errors import AdapterError
from bench.cli import main
from bench.core.contract import BotReply, Session
from tests.serving import free_port, serve

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "examples" / "servers"))
import directline_like  # noqa: E402 - the example server, importable so it runs in a thread here

HUMAN_FIRST = str(ROOT / "scenarios/retail/human-first-turn.yaml")
HOURS_FR = str(ROOT / "scenarios/retail/horaires-service-client.yaml")
EXAMPLE = ROOT / "examples/bots/directline.yaml"
SECRET = "dl-secret-5b0e9c71-do-not-leak"
ENV = "SB_DIRECTLINE_TEST_SECRET"
API = "/v3/directline"


# -- helpers -------------------------------------------------------------------------------------


def handler(**settings: Any) -> type[directline_like.DirectLineLikeHandler]:
    """The example server with quick replies (a real one is slower; the logic is the same)."""
    return directline_like.make_handler(**{"secret": SECRET, "reply_delay": 0.05, "gap": 0.05, **settings})


def faulty(**methods: Any) -> type[directline_like.DirectLineLikeHandler]:
    """The example server with some of its handler methods replaced."""
    return type("Faulty", (handler(),), methods)


def session(sid: str = "run/dl/case/0", locale: str = "en") -> Session:
    return Session(id=sid, locale=locale, channel="chat", tools=[], seed=0, _call=lambda name, args: {})


def bot(base: str, **options: Any) -> DirectLineBot:
    settings = {"url": base + API, "secret": SECRET, "poll_interval": 0.02, "reply_wait": 0.25, "timeout": 5}
    return DirectLineBot(BotConfig("dl-test", "directline", {**settings, **options}, "test.yaml"))


def talk(dl: DirectLineBot, *messages: str, in_session: Session | None = None) -> list[BotReply]:
    """Start the bot, send the messages in one conversation, close it: the replies."""

    async def go() -> list[BotReply]:
        await dl.start()
        try:
            conversation = in_session or session()
            return [await dl.respond(m, conversation) for m in messages]
        finally:
            await dl.close()

    return asyncio.run(go())


def send_json(request: Any, status: int, raw: bytes, length: bool = True) -> None:
    request.send_response(status)
    request.send_header("Content-Type", "application/json")
    if length:
        request.send_header("Content-Length", str(len(raw)))
    request.end_headers()
    try:
        request.wfile.write(raw)
    except OSError:
        pass  # the adapter hung up, as it should on a reply it refuses


@pytest.fixture
def example() -> Iterator[tuple[str, type]]:
    served = handler()
    with serve(served) as base:
        yield base, served


def run_cli(tmp_path: Path, base: str, extra: str = "", timeout: float = 10) -> tuple[Any, list[dict], Path]:
    """`supportbench run` in-process with a directline config whose secret comes from the environment."""
    config = tmp_path / "bot.yaml"
    config.write_text(
        "name: dl-under-test\nadapter: directline\ndirectline:\n"
        f"  url: {base}{API}\n  secret: ${{{ENV}}}\n  poll_interval: 0.02\n  reply_wait: 0.25\n{extra}",
        encoding="utf-8",
    )
    out = tmp_path / "run"
    result = CliRunner().invoke(
        main, ["run", "-q", "--bot", str(config), "--suite", HUMAN_FIRST, "--out", str(out), "--timeout", str(timeout)]
    )
    lines = (out / "transcripts.jsonl").read_text(encoding="utf-8").splitlines() if out.exists() else []
    return result, [json.loads(line) for line in lines], out


def assert_bot_error(tmp_path: Path, base: str, expected: str, extra: str = "", timeout: float = 10) -> Path:
    """The run completes (exit 0, summary written) with the conversation recorded as bot_error."""
    result, transcripts, out = run_cli(tmp_path, base, extra, timeout)
    assert result.exit_code == 0, result.output
    [record] = transcripts
    assert record["outcome"] == "bot_error"
    assert expected in record["error"], record["error"]
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["bots"]["dl-under-test"]["bot_errors"] == 1
    return out


def artifacts(run_dir: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(run_dir.iterdir()))


@pytest.fixture(autouse=True)
def secret_in_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV, SECRET)


# -- the example config end to end ---------------------------------------------------------------


@pytest.fixture(scope="module")
def example_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[subprocess.CompletedProcess, Path, list]]:
    """The shipped example config, pointed at the example server, through the real command line,
    with the secret in DIRECTLINE_SECRET as the config's comments say."""
    tmp = tmp_path_factory.mktemp("directline-example")
    served = directline_like.make_handler(SECRET)
    with serve(served) as base:
        text = EXAMPLE.read_text(encoding="utf-8").replace("http://127.0.0.1:3979", base)
        (tmp / "directline.yaml").write_text(text, encoding="utf-8")
        env = {
            **os.environ,
            "DIRECTLINE_SECRET": SECRET,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        }
        done = subprocess.run(
            [sys.executable, "-m", "bench.cli", "run", "--bot", str(tmp / "directline.yaml")]
            + ["--suite", HUMAN_FIRST, "--suite", HOURS_FR, "--out", str(tmp / "run")],
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
            cwd=tmp,
        )
    yield done, tmp / "run", [c.token for c in served.conversations.values()]


def _record(run_dir: Path, scenario_id: str) -> dict:
    lines = (run_dir / "transcripts.jsonl").read_text(encoding="utf-8").splitlines()
    return next(r for r in map(json.loads, lines) if r["scenario_id"] == scenario_id)


def test_the_example_config_hands_off_a_first_turn_human_request_with_the_order_in_the_summary(example_run):
    done, run_dir, _ = example_run
    assert done.returncode == 0, done.stderr
    record = _record(run_dir, "retail.human.first-turn")
    assert record["outcome"] == "handoff"
    handoff = record["turns"][1]["handoff"]
    assert "A2201" in handoff["summary"] and handoff["reason"] == "customer asked for a human"


def test_the_example_config_gathers_the_french_opening_hours_reply(example_run):
    done, run_dir, _ = example_run
    assert done.returncode == 0, done.stderr
    record = _record(run_dir, "retail.hours.horaires-service-client")
    assert record["outcome"] == "resolved"
    assert record["turns"][1]["text"] == (
        "Notre service client est ouvert du lundi au vendredi, de 9 h à 18 h.\nPuis-je faire autre chose pour vous ?"
    )


def test_the_secret_and_the_conversation_tokens_appear_in_no_artifact_of_the_run(example_run):
    done, run_dir, tokens = example_run
    assert done.returncode == 0, done.stderr
    assert len(tokens) == 2
    everything = artifacts(run_dir) + done.stdout + done.stderr
    for credential in [SECRET, *tokens]:
        assert credential not in everything


# -- conversations, echoes, several activities, the watermark ------------------------------------


def test_each_conversation_starts_its_own_direct_line_conversation(example):
    base, served = example
    dl = bot(base)
    talk(dl, "hello", "what are your hours?", in_session=session("conv-A"))
    talk(dl, "hello", in_session=session("conv-B"))
    senders = sorted(
        {a["from"]["id"] for c in served.conversations.values() for a in c.activities if a["from"]["role"] == "user"}
    )
    assert len(served.conversations) == 2 and senders == ["conv-A", "conv-B"]


def test_only_the_call_that_starts_a_conversation_carries_the_secret(example):
    base, served = example
    talk(bot(base), "hello", "what are your hours?")
    credentials = [credential for _method, _path, _query, credential in served.requests]
    assert credentials[0] == "secret" and set(credentials[1:]) == {"token"}


def test_the_customers_own_echoed_activity_is_skipped(example):
    base, served = example
    [reply] = talk(bot(base), "hello there, anyone?")
    [conversation] = served.conversations.values()
    assert conversation.activities[0]["text"] == "hello there, anyone?"  # Direct Line did echo it
    assert "anyone" not in reply.text


def test_a_reply_in_several_activities_is_gathered_into_one(example):
    base, _ = example
    [reply] = talk(bot(base), "what are your opening hours?")
    assert reply.text == "Our customer service is open Monday to Friday, 9am to 6pm.\nAnything else I can do for you?"


def test_the_reply_waits_until_the_bot_has_been_quiet_for_reply_wait(tmp_path):
    with serve(handler(gap=0.3)) as base:  # typing, then each message 0.3 s after the one before
        [short] = talk(bot(base, reply_wait=0.1), "what are your opening hours?")
        [patient] = talk(bot(base, reply_wait=0.5), "what are your opening hours?")
    assert "Anything else" not in short.text and "Anything else" in patient.text


def test_polling_resumes_from_the_last_watermark(example):
    base, served = example
    first, second = talk(bot(base), "hello", "what are your opening hours?")
    assert first.text.startswith("Hello!") and "Hello!" not in second.text
    polls = [query for method, _path, query, _credential in served.requests if method == "GET"]
    assert "watermark" not in polls[0]
    marks = [int(query["watermark"]) for query in polls[1:]]
    assert marks == sorted(marks) and marks[-1] >= 4  # echo + greeting, echo + typing + 2 messages


def test_suggested_actions_are_appended_as_options(example):
    base, _ = example
    [reply] = talk(bot(base), "hello")
    assert reply.text.endswith("\nOptions: Opening hours | Talk to a human")


def test_the_locale_goes_on_the_activity(example):
    base, _ = example
    [reply] = talk(bot(base), "hello", in_session=session(locale="fr"))
    assert reply.text.startswith("Bonjour !")


def test_card_texts_and_buttons_are_what_the_customer_sees():
    activity = {
        "type": "message",
        "text": "Here is your order:",
        "attachments": [
            {
                "contentType": "application/vnd.microsoft.card.hero",
                "content": {"title": "Order A1", "text": "Shipped 3 March", "buttons": [{"title": "Track it"}]},
            },
            {
                "contentType": "application/vnd.microsoft.card.adaptive",
                "content": {
                    "type": "AdaptiveCard",
                    "body": [{"type": "Container", "items": [{"type": "TextBlock", "text": "Arrives 12 March"}]}],
                    "actions": [{"type": "Action.Submit", "title": "Change address"}],
                },
            },
        ],
    }
    assert message_lines(activity) == [
        "Here is your order:",
        "Order A1",
        "Shipped 3 March",
        "Arrives 12 March",
        "Options: Track it | Change address",
    ]


# -- the handoff event ---------------------------------------------------------------------------


def test_the_handoff_event_is_a_handoff_with_the_summary_from_its_value(example):
    base, _ = example
    first, second = talk(bot(base), "hello", "Order A2201 is broken, I want a human")
    assert not first.handoff
    assert second.handoff and second.text.startswith("I'm sorry for the trouble.")
    assert "Order A2201 is broken" in second.handoff_summary
    assert second.handoff_reason == "customer asked for a human"


def test_the_handoff_event_ends_the_reply_without_waiting(example):
    base, _ = example
    started = time.monotonic()
    [reply] = talk(bot(base, reply_wait=3), "I want a human")
    assert reply.handoff and time.monotonic() - started < 2


def test_a_handoff_event_value_without_a_summary_is_kept_whole_as_the_summary(tmp_path):
    def post(self: Any) -> None:
        directline_like.DirectLineLikeHandler.do_POST(self)
        if self.path.endswith("/activities"):  # answer the message with a bare handoff event
            conversation = self.conversations[self.path.split("/")[-2]]
            conversation.add(
                {"type": "event", "name": "handoff.initiate", "value": {"skill": "billing", "order": "A9"}}
            )

    with serve(faulty(do_POST=post)) as base:
        [reply] = talk(bot(base), "I want a human")
    assert reply.handoff and reply.handoff_summary == '{"skill": "billing", "order": "A9"}'


def test_an_event_with_another_name_is_no_handoff(example):
    base, _ = example
    [reply] = talk(bot(base, handoff_event="escalate.now"), "I want a human")
    assert not reply.handoff and reply.text.startswith("I'm sorry for the trouble.")


def test_a_bot_still_talking_when_time_runs_out_keeps_what_it_said(tmp_path):
    def deliver(self: Any, conversation: Any, replies: list, reply_to: str) -> None:
        for n in range(40):
            conversation.add({"type": "message", "text": f"part {n}", "from": directline_like.BOT})
            time.sleep(0.05)

    with serve(faulty(deliver=deliver)) as base:
        [reply] = talk(bot(base, reply_wait=1, timeout=0.6), "hello")
    assert reply.text.startswith("part 0\npart 1") and "part 39" not in reply.text


# -- faults: each a recorded bot_error, the run completes; the secret never shows ----------------


def test_fault_http_500_is_a_bot_error_after_the_retries(tmp_path):
    def post(self: Any) -> None:
        send_json(self, 500, b'{"error": {"code": "ServiceError"}}')

    with serve(faulty(do_POST=post)) as base:
        assert_bot_error(tmp_path, base, "HTTP 500 after 2 attempts", "  retries: 1\n  backoff: 0.01\n")


def test_fault_malformed_json_is_a_bot_error(tmp_path):
    def get(self: Any) -> None:
        send_json(self, 200, b'{"activities": [{"type": "mess')

    with serve(faulty(do_GET=get)) as base:
        assert_bot_error(tmp_path, base, "reply is not JSON")


def test_fault_connection_refused_is_a_bot_error(tmp_path):
    base = f"http://127.0.0.1:{free_port()}"
    assert_bot_error(tmp_path, base, "cannot reach the bot after 2 attempts", "  retries: 1\n  backoff: 0.01\n")


def test_fault_a_poll_slower_than_the_timeout_is_a_bot_error(tmp_path):
    def get(self: Any) -> None:
        time.sleep(3)
        directline_like.DirectLineLikeHandler.do_GET(self)

    with serve(faulty(do_GET=get)) as base:
        started = time.monotonic()
        assert_bot_error(tmp_path, base, "no reply within 0.4 s", "  timeout: 0.4\n")
    assert time.monotonic() - started < 2.5  # it did not wait for the 3 s poll


def test_fault_a_bot_that_never_answers_is_a_bot_error_after_the_timeout(tmp_path):
    def deliver(self: Any, conversation: Any, replies: list, reply_to: str) -> None:
        pass  # the message is accepted and echoed, and nothing ever comes back

    with serve(faulty(deliver=deliver)) as base:
        assert_bot_error(tmp_path, base, "no bot activity within 0.5 s", "  timeout: 0.5\n")


def test_fault_a_10_mb_reply_is_a_bot_error(tmp_path):
    def get(self: Any) -> None:
        huge = {"activities": [{"type": "message", "text": "x" * 10_000_000, "from": {"id": "bot"}}], "watermark": "1"}
        send_json(self, 200, json.dumps(huge).encode())

    with serve(faulty(do_GET=get)) as base:
        assert_bot_error(tmp_path, base, "reply too big (10,000,")


def test_fault_a_refused_secret_is_a_bot_error_that_never_shows_the_secret(tmp_path):
    def post(self: Any) -> None:  # a careless server that echoes the credentials it refused
        send_json(self, 403, json.dumps({"error": "forbidden: " + self.headers["Authorization"]}).encode())

    with serve(faulty(do_POST=post)) as base:
        out = assert_bot_error(tmp_path, base, "HTTP 403")
    assert "forbidden: Bearer ***" in artifacts(out)
    assert SECRET not in artifacts(out)


def test_a_conversation_start_without_a_conversation_id_is_an_adapter_error(tmp_path):
    def post(self: Any) -> None:
        send_json(self, 201, b'{"token": "abc"}')

    with serve(faulty(do_POST=post)) as base:
        with pytest.raises(AdapterError, match="starting a conversation: the reply has no `conversationId`"):
            talk(bot(base), "hello")
