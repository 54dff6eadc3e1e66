"""The generic `http` adapter against real HTTP servers on 127.0.0.1: the example bot end to end
through `supportbench run`, request templates, JSONPath replies, retries, every fault ending as a
recorded bot_error, secrets kept out of every artifact, and a bot of its own shape wired up with a
config file alone."""

from __future__ import annotations

import asyncio
import json
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from bench.adapters.config import BotConfig, BotConfigError
from bench.adapters.errors import AdapterError
from bench.adapters.http import HttpBot
from bench.cli import main
from bench.core.contract import HistoryTurn, Session
from tests.serving import free_port, serve

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "examples" / "servers"))
import http_bot  # noqa: E402 - the example server, importable so it runs in a thread here

HUMAN_FIRST = str(ROOT / "scenarios/retail/human-first-turn.yaml")
TRACKING = str(ROOT / "scenarios/retail/tracking-in-transit.yaml")
TOKEN = "sbtok-7f3a9c2e-very-secret"


# -- servers -------------------------------------------------------------------------------------


@contextmanager
def example_server(latency: float = 0.0) -> Iterator[str]:
    """The example bot on its own server class, as `python examples/servers/http_bot.py` runs it."""
    with serve(http_bot.handler(latency), http_bot.BotServer) as url:
        yield url


def scripted(answer: Callable[[dict], Any], log: list[dict] | None = None) -> type[BaseHTTPRequestHandler]:
    """A handler that records each request ({method, path, headers, body}) and answers with
    `answer(request)`: a JSON-able value (200), (status, value) or (status, raw bytes)."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            request = {
                "method": self.command,
                "path": self.path,
                "headers": dict(self.headers),
                "body": json.loads(raw) if raw else None,
            }
            if log is not None:
                log.append(request)
            result = answer(request)
            status, payload = result if isinstance(result, tuple) else (200, result)
            body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up on a huge reply
                pass

        do_GET = do_POST = do_PUT = _handle  # noqa: N815

    return Handler


@contextmanager
def silent_listener() -> Iterator[str]:
    """A socket that accepts connections (the kernel's backlog) but never reads or answers."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(64)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"


# -- helpers ---------------------------------------------------------------------------------------


def example_config(tmp_path: Path, base_url: str) -> Path:
    """examples/bots/http.yaml pointed at `base_url` instead of its fixed port."""
    text = (ROOT / "examples/bots/http.yaml").read_text(encoding="utf-8")
    assert "http://127.0.0.1:8811" in text
    path = tmp_path / "http.yaml"
    path.write_text(text.replace("http://127.0.0.1:8811", base_url), encoding="utf-8")
    return path


def write_config(tmp_path: Path, block: dict, name: str = "vendor") -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump({"adapter": "http", "http": block}, sort_keys=False), encoding="utf-8")
    return path


def run(tmp_path: Path, config: Path, *suite: str, timeout: float = 30) -> tuple[Any, Path]:
    out = tmp_path / "run"
    args = ["run", "-q", "--bot", str(config), "--out", str(out), "--timeout", str(timeout)]
    for scenario in suite:
        args += ["--suite", scenario]
    return CliRunner().invoke(main, args), out


def transcripts(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "transcripts.jsonl").read_text(encoding="utf-8").splitlines()]


def bot(block: dict) -> HttpBot:
    return HttpBot(BotConfig("vendor", "http", block, "vendor.yaml"))


def session(sid: str = "run-1/vendor/retail.x/0", history: list[tuple[str, str]] = ()) -> Session:
    return Session(
        id=sid,
        locale="fr",
        channel="messaging",
        tools=[],
        seed=0,
        _call=lambda name, args: {},
        history=[HistoryTurn(role, text) for role, text in history],
    )


async def converse(b: HttpBot, messages: list[str], s: Session | None = None, own_client: bool = True) -> list:
    """Say each message in turn, as the runner does (history grows before each call)."""
    s = s or session()
    replies = []
    if own_client:
        await b.start()
    try:
        for message in messages:
            s.history.append(HistoryTurn("customer", message))
            reply = await b.respond(message, s)
            s.history.append(HistoryTurn("bot", reply.text))
            replies.append(reply)
    finally:
        if own_client:
            await b.close()
    return replies


def simple(url: str, **extra: Any) -> dict:
    return {
        "request": {"url": f"{url}/chat", "body": {"text": "{message}"}},
        "reply": {"text": "$.text"},
        "timeout": 2,
        "retries": 2,
        "backoff": 0.01,
        **extra,
    }


# -- the example, end to end -------------------------------------------------------------------------


def test_example_config_hands_off_a_customer_who_asks_for_a_human(tmp_path):
    with example_server() as url:
        result, out = run(tmp_path, example_config(tmp_path, url), HUMAN_FIRST)
    assert result.exit_code == 0, result.output
    [t] = transcripts(out)
    assert t["bot"] == "acme-http" and t["outcome"] == "handoff" and t["error"] is None
    handoff = t["turns"][1]["handoff"]
    assert handoff["via"] == "reply" and handoff["reason"] == "customer_request"
    assert "A2201" in handoff["summary"]
    summary = json.loads((out / "summary.json").read_text())
    assert "acme-http" in summary["bots"]


def test_example_config_tracks_an_order_over_several_turns(tmp_path):
    with example_server() as url:
        result, out = run(tmp_path, example_config(tmp_path, url), TRACKING)
    assert result.exit_code == 0, result.output
    [t] = transcripts(out)
    assert t["outcome"] != "bot_error", t["error"]
    bot_texts = [turn["text"] for turn in t["turns"] if turn["role"] == "bot"]
    assert "order number" in bot_texts[0]  # it asked, the scripted customer answered
    assert any("Colissimo" in text and "12 March" in text for text in bot_texts)


def test_reported_actions_are_recorded_as_tool_calls_in_the_transcript(tmp_path):
    with example_server() as url:
        result, out = run(tmp_path, example_config(tmp_path, url), TRACKING)
    assert result.exit_code == 0, result.output
    [t] = transcripts(out)
    calls = [c for turn in t["turns"] for c in turn["tool_calls"]]
    assert {
        "name": "get_order",
        "arguments": {"order_id": "A1042"},
        "result": {"reported": True},
        "error": None,
    } in calls
    scores = [json.loads(line) for line in (out / "scores.jsonl").read_text().splitlines()]
    assert "calls get_order(order_id='A1042')" in json.dumps(scores)


def test_example_server_delays_each_reply_by_its_latency():
    with example_server(latency=0.2) as url:
        began = time.perf_counter()
        [reply] = asyncio.run(converse(bot(simple(url, reply={"text": "$.messages[*].text"})), ["hello"]))
        assert time.perf_counter() - began >= 0.2
    assert reply.text.startswith("Hello!")


def test_example_server_is_stateless_when_given_the_history_instead_of_a_session():
    block = {
        "request": {"url": "", "body": {"text": "{message}", "lang": "{locale}", "history": "{history}"}},
        "reply": {"text": "$.messages[*].text", "actions": "$.actions"},
    }
    with example_server() as url:
        block["request"]["url"] = f"{url}/chat"
        first, second = asyncio.run(converse(bot(block), ["bonjour, où est mon colis ?", "c'est la B2077"]))
    assert first.text.startswith("Bonjour") and "numéro de commande" in first.text
    assert not second.text.startswith("Bonjour") and "11 mars" in second.text
    assert second.actions == [{"tool": "get_order", "args": {"order_id": "B2077"}}]


# -- request templates -------------------------------------------------------------------------------


def test_template_fills_message_conversation_id_locale_channel_and_turn():
    log: list[dict] = []
    block = {
        "headers": {"X-Conversation": "{conversation_id}"},
        "request": {
            "method": "PUT",
            "url": "",
            "body": {"q": "{message}", "meta": ["{locale}/{channel}", "{turn}"], "literal": "{{not a placeholder}}"},
        },
        "reply": {"text": "$.text"},
    }
    with serve(scripted(lambda r: {"text": "ok"}, log)) as url:
        block["request"]["url"] = url + "/c/{conversation_id}?lang={locale}"
        asyncio.run(converse(bot(block), ["Où est ma commande ?", "merci"], session("run/bot/retail.a b/0")))
    first, second = log
    assert first["method"] == "PUT"
    assert first["path"] == "/c/run%2Fbot%2Fretail.a%20b%2F0?lang=fr"
    assert first["headers"]["X-Conversation"] == "run/bot/retail.a b/0"
    assert first["body"] == {"q": "Où est ma commande ?", "meta": ["fr/messaging", 1], "literal": "{not a placeholder}"}
    assert second["body"]["meta"] == ["fr/messaging", 2]


def test_history_placeholder_sends_the_earlier_turns_to_a_stateless_bot():
    log: list[dict] = []
    block = {"request": {"url": "", "body": {"text": "{message}", "past": "{history}"}}, "reply": {"text": "$.text"}}
    with serve(scripted(lambda r: {"text": f"echo {r['body']['text']}"}, log)) as url:
        block["request"]["url"] = url
        asyncio.run(converse(bot(block), ["one", "two"]))
    assert log[0]["body"]["past"] == []
    assert log[1]["body"]["past"] == [{"role": "customer", "text": "one"}, {"role": "bot", "text": "echo one"}]


def test_history_shape_is_set_in_config():
    log: list[dict] = []
    block = {
        "request": {"url": "", "body": {"messages": "{history}"}},
        "reply": {"text": "$.text"},
        "history": {"role_key": "role", "text_key": "content", "customer": "user", "bot": "assistant"},
    }
    with serve(scripted(lambda r: {"text": "hi"}, log)) as url:
        block["request"]["url"] = url
        asyncio.run(converse(bot(block), ["one", "two"]))
    assert log[1]["body"]["messages"] == [{"role": "user", "content": "one"}, {"role": "assistant", "content": "hi"}]


def test_start_call_runs_once_per_conversation_and_its_captured_session_is_sent_after():
    log: list[dict] = []
    opened = iter(range(100, 200))

    def answer(request: dict) -> Any:
        if request["path"] == "/open":
            return {"data": {"sid": next(opened)}}
        return {"text": f"ok {request['body']['sid']}"}

    block = {
        "start": {"url": "", "body": {"user": "{conversation_id}"}, "capture": {"sid": "$.data.sid"}},
        "request": {"url": "", "headers": {"X-Sid": "{sid}"}, "body": {"sid": "{sid}", "text": "{message}"}},
        "reply": {"text": "$.text"},
    }
    with serve(scripted(answer, log)) as url:
        block["start"]["url"], block["request"]["url"] = f"{url}/open", f"{url}/chat"
        adapter = bot(block)

        async def two_conversations() -> list:
            await adapter.start()  # one client shared by both conversations
            try:
                return await asyncio.gather(
                    converse(adapter, ["a", "b"], session("c1"), own_client=False),
                    converse(adapter, ["a", "b"], session("c2"), own_client=False),
                )
            finally:
                await adapter.close()

        replies = asyncio.run(two_conversations())
    assert [r["path"] for r in log].count("/open") == 2
    sids = {r[0].text for r in replies} | {r[1].text for r in replies}
    assert sids == {"ok 100", "ok 101"}  # a number stays a number in the body, each conversation its own
    chats = [r for r in log if r["path"] == "/chat"]
    assert all(str(r["body"]["sid"]) == r["headers"]["X-Sid"] for r in chats)


def test_a_start_capture_that_matches_nothing_is_a_bot_error():
    block = {
        "start": {"url": "", "capture": {"sid": "$.session_id"}},
        "request": {"url": "", "body": {"sid": "{sid}"}},
        "reply": {"text": "$.text"},
    }
    with serve(scripted(lambda r: {"unexpected": True})) as url:
        block["start"]["url"] = block["request"]["url"] = url
        with pytest.raises(
            AdapterError, match=r"start call POST .*: start.capture.sid \(\$.session_id\) matched nothing"
        ):
            asyncio.run(converse(bot(block), ["hi"]))


def test_request_capture_keeps_a_session_id_the_bot_returns_with_its_first_answer():
    log: list[dict] = []
    block = {
        "request": {"url": "", "body": {"session": "{session}", "text": "{message}"}, "capture": {"session": "$.sid"}},
        "reply": {"text": "$.text"},
    }
    with serve(scripted(lambda r: {"text": "ok", "sid": "S-9"}, log)) as url:
        block["request"]["url"] = url
        asyncio.run(converse(bot(block), ["one", "two"]))
    assert [r["body"]["session"] for r in log] == [None, "S-9"]


# -- replies -----------------------------------------------------------------------------------------


def test_several_jsonpath_matches_are_several_messages_joined_by_a_blank_line():
    payload = {"out": [{"kind": "text", "v": "Hello."}, {"kind": "image", "v": "x.png"}, {"kind": "text", "v": "Bye."}]}
    with serve(scripted(lambda r: payload)) as url:
        block = simple(url, reply={"text": "$.out[?kind = 'text'].v"})
        [reply] = asyncio.run(converse(bot(block), ["hi"]))
    assert reply.text == "Hello.\n\nBye."


def test_handoff_summary_and_reason_are_picked_from_the_reply():
    payload = {"text": "Passing you on.", "route": {"to": "agent", "note": "Order A1 late", "why": "asked"}}
    with serve(scripted(lambda r: payload)) as url:
        block = simple(url)
        block["reply"] = {
            "text": "$.text",
            "handoff": "$.route.to",
            "handoff_summary": "$.route.note",
            "handoff_reason": "$.route.why",
        }
        [reply] = asyncio.run(converse(bot(block), ["human please"]))
    assert (reply.handoff, reply.handoff_summary, reply.handoff_reason) == (True, "Order A1 late", "asked")


@pytest.mark.parametrize("value", [False, None, "false", "no", "", 0, []])
def test_a_false_like_handoff_value_is_no_handoff(value):
    with serve(scripted(lambda r: {"text": "ok", "escalate": value})) as url:
        block = simple(url)
        block["reply"]["handoff"] = "$.escalate"
        [reply] = asyncio.run(converse(bot(block), ["hi"]))
    assert reply.handoff is False and reply.handoff_summary is None


def test_actions_of_the_bots_own_shape_are_mapped_with_relative_paths():
    payload = {"text": "Done.", "did": [{"op": {"name": "cancel_order"}, "params": '{"order_id": "A7"}'}, "ping"]}
    with serve(scripted(lambda r: payload)) as url:
        block = simple(url)
        block["reply"]["actions"] = {"path": "$.did", "tool": "op.name", "args": "params"}
        [reply] = asyncio.run(converse(bot(block), ["cancel A7"]))
    assert reply.actions == [{"tool": "cancel_order", "args": {"order_id": "A7"}}, {"tool": "ping", "args": {}}]


def test_a_reply_without_the_text_field_is_a_bot_error_naming_the_path():
    with serve(scripted(lambda r: {"answer": "hi"})) as url:
        with pytest.raises(AdapterError, match=r"reply.text \(\$.text\) matched nothing in the reply"):
            asyncio.run(converse(bot(simple(url)), ["hi"]))


def test_a_handoff_without_text_is_a_reply():
    with serve(scripted(lambda r: {"handoff": True})) as url:
        block = simple(url)
        block["reply"]["handoff"] = "$.handoff"
        [reply] = asyncio.run(converse(bot(block), ["human"]))
    assert reply.handoff and reply.text == ""


# -- retries, timeouts, faults -----------------------------------------------------------------------


def test_retries_a_flaky_500_with_backoff_then_succeeds():
    log: list[dict] = []
    with serve(scripted(lambda r: (500, b"oops") if len(log) < 3 else {"text": "fine"}, log)) as url:
        [reply] = asyncio.run(converse(bot(simple(url, retries=3)), ["hi"]))
    assert reply.text == "fine" and len(log) == 3


def test_a_500_forever_fails_after_the_configured_retries():
    log: list[dict] = []
    with serve(scripted(lambda r: (503, b"down for maintenance"), log)) as url:
        with pytest.raises(
            AdapterError, match=r"request POST .*/chat: answered HTTP 503: down for maintenance \(3 attempts\)"
        ):
            asyncio.run(converse(bot(simple(url, retries=2)), ["hi"]))
    assert len(log) == 3


def test_a_4xx_is_not_retried():
    log: list[dict] = []
    with serve(scripted(lambda r: (401, {"error": "bad token"}), log)) as url:
        with pytest.raises(AdapterError, match=r"answered HTTP 401"):
            asyncio.run(converse(bot(simple(url)), ["hi"]))
    assert len(log) == 1


def test_a_timeout_is_not_retried_so_the_bot_never_gets_the_message_twice():
    log: list[dict] = []
    with serve(scripted(lambda r: time.sleep(1) or {"text": "late"}, log)) as url:
        with pytest.raises(AdapterError, match=r"no reply within 0.2 s"):
            asyncio.run(converse(bot(simple(url, timeout=0.2)), ["hi"]))
    assert len(log) == 1


def test_a_refused_connection_is_retried_then_reported():
    url = f"http://127.0.0.1:{free_port()}"
    began = time.perf_counter()
    with pytest.raises(
        AdapterError, match=r"request POST http://127.0.0.1:\d+/chat: connection failed .*\(3 attempts\)"
    ):
        asyncio.run(converse(bot(simple(url, backoff=0.05)), ["hi"]))
    assert time.perf_counter() - began >= 0.05 * 0.75 * 3  # 0.05 then 0.1, with jitter


def test_respond_without_start_opens_the_client_lazily_and_close_releases_it():
    with serve(scripted(lambda r: {"text": "ok"})) as url:
        adapter = bot(simple(url))

        async def without_start() -> str:
            reply = await adapter.respond("hi", session())
            assert adapter._client is not None
            await adapter.close()
            return reply.text

        assert asyncio.run(without_start()) == "ok"
    assert adapter._client is None


class _KeepAliveBot(BaseHTTPRequestHandler):
    """HTTP/1.1 with keep-alive; records the client port of every request. With `hang_up` set it
    closes each connection after answering without saying so (as servers do when their keep-alive
    timeout passes), so the client finds a dead connection the next time."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    ports: list[int] = []
    hang_up = False
    chunked = False

    def log_message(self, *args: object) -> None:
        pass

    def do_POST(self) -> None:  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        type(self).ports.append(self.client_address[1])
        body = json.dumps({"text": f"reply {len(self.ports)}"}).encode()
        self.send_response(200)
        if self.chunked:
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for part in (body[:5], body[5:]):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
            self.wfile.write(b"0\r\n\r\n")
        else:
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        if self.hang_up:
            self.close_connection = True


def keep_alive_bot(**settings: Any) -> type[_KeepAliveBot]:
    return type("Bot", (_KeepAliveBot,), {"ports": [], **settings})


def test_plain_http_connections_are_kept_alive_and_reused():
    handler = keep_alive_bot()
    with serve(handler) as url:
        replies = asyncio.run(converse(bot(simple(url)), ["one", "two", "three"]))
    assert [r.text for r in replies] == ["reply 1", "reply 2", "reply 3"]
    assert len(set(handler.ports)) == 1


def test_a_kept_alive_connection_the_server_closed_is_replaced_without_sending_twice():
    handler = keep_alive_bot(hang_up=True)
    with serve(handler) as url:
        replies = asyncio.run(converse(bot(simple(url, retries=0)), ["one", "two", "three"]))
    assert [r.text for r in replies] == ["reply 1", "reply 2", "reply 3"]
    assert len(handler.ports) == 3 and len(set(handler.ports)) == 3


class _DropsSecondRequest(_KeepAliveBot):
    """Answers the first request on each connection and drops the connection on the next one."""

    ports: list[int] = []

    def do_POST(self) -> None:  # noqa: N802
        if getattr(self, "served", False):
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            type(self).ports.append(-self.client_address[1])
            self.close_connection = True
            return
        self.served = True
        super().do_POST()


def test_a_kept_alive_connection_dropped_before_answering_is_retried_once_on_a_new_one():
    with serve(_DropsSecondRequest) as url:
        replies = asyncio.run(converse(bot(simple(url, retries=0)), ["one", "two"]))
    assert [r.text for r in replies] == ["reply 1", "reply 3"]
    dropped = [-p for p in _DropsSecondRequest.ports if p < 0]
    assert len(dropped) == 1 and dropped[0] == _DropsSecondRequest.ports[0]  # the reused connection


def test_a_chunked_reply_is_read_whole():
    with serve(keep_alive_bot(chunked=True)) as url:
        [reply] = asyncio.run(converse(bot(simple(url)), ["one"]))
    assert reply.text == "reply 1"


class _CutShort(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_POST(self) -> None:  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(200)
        self.send_header("Content-Length", "100")
        self.end_headers()
        self.wfile.write(b'{"text": "hel')


def test_a_reply_cut_short_is_a_bot_error():
    with serve(_CutShort) as url:
        with pytest.raises(AdapterError, match=r"connection failed \(RemoteProtocolError: .*\(2 attempts\)"):
            asyncio.run(converse(bot(simple(url, retries=1)), ["hi"]))


def _huge(request: dict) -> Any:
    return (200, b'{"text": "' + b"x" * (10 * 1024 * 1024) + b'"}')


class _NoLength(BaseHTTPRequestHandler):
    """A 10 MB reply without Content-Length: only counting the bytes as they come can refuse it."""

    def log_message(self, *args: object) -> None:
        pass

    def do_POST(self) -> None:  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(200)
        self.end_headers()
        try:
            for _ in range(10):
                self.wfile.write(b"x" * 1024 * 1024)
        except (BrokenPipeError, ConnectionResetError):
            pass


@contextmanager
def fault(kind: str) -> Iterator[str]:
    if kind == "slow":
        with serve(scripted(lambda r: time.sleep(3) or {"text": "too late"})) as url:
            yield url
    elif kind == "500-forever":
        with serve(scripted(lambda r: (500, b"internal error"))) as url:
            yield url
    elif kind == "malformed-json":
        with serve(scripted(lambda r: (200, b'{"text": "half a reply'))) as url:
            yield url
    elif kind == "refused":
        yield f"http://127.0.0.1:{free_port()}"
    elif kind == "never-answers":
        with silent_listener() as url:
            yield url
    elif kind == "10MB":
        with serve(scripted(_huge)) as url:
            yield url
    elif kind == "10MB-no-length":
        with serve(_NoLength) as url:
            yield url


FAULTS = {
    "slow": "no reply within 0.5 s",
    "500-forever": "answered HTTP 500: internal error (3 attempts)",
    "malformed-json": "reply is not JSON",
    "refused": "connection failed",
    "never-answers": "no reply within 0.5 s",
    "10MB": "reply larger than 1 MB, refused",
    "10MB-no-length": "reply larger than 1 MB, refused",
}


@pytest.mark.parametrize("kind", FAULTS)
def test_each_fault_ends_as_a_recorded_bot_error_and_the_run_completes(tmp_path, kind):
    with fault(kind) as url:
        config = write_config(tmp_path, simple(url, timeout=0.5))
        result, out = run(tmp_path, config, HUMAN_FIRST, TRACKING)
    assert result.exit_code == 0, result.output
    records = transcripts(out)
    assert len(records) == 2
    for t in records:
        assert t["outcome"] == "bot_error"
        assert t["error"].startswith("AdapterError: request POST http://127.0.0.1:")
        assert FAULTS[kind] in t["error"]
    summary = json.loads((out / "summary.json").read_text())
    assert "vendor" in summary["bots"]
    assert "bot errors" in (out / "leaderboard.md").read_text()


# -- secrets -------------------------------------------------------------------------------------------


def _echo_secrets(request: dict) -> Any:
    said = f"I saw {request['headers'].get('Authorization')} on {request['path']}"
    return {"text": said, "handoff": True, "note": said, "did": [{"tool": "log", "args": {"auth": said}}]}


@pytest.mark.parametrize("case", ["echoed-back", "in-an-error-url", "in-an-error-body"])
def test_a_secret_from_the_environment_never_appears_in_any_artifact(tmp_path, monkeypatch, case):
    monkeypatch.setenv("SB_TEST_TOKEN", TOKEN)
    handlers = {
        "echoed-back": scripted(_echo_secrets),
        "in-an-error-body": scripted(lambda r: (500, f"bad auth {r['headers'].get('Authorization')}".encode())),
    }
    block = simple("")
    block["reply"] = {"text": "$.text", "handoff": "$.handoff", "handoff_summary": "$.note", "actions": "$.did"}
    block["headers"] = {"Authorization": "Bearer ${SB_TEST_TOKEN}"}

    @contextmanager
    def target() -> Iterator[str]:
        if case == "in-an-error-url":
            yield f"http://127.0.0.1:{free_port()}"
        else:
            with serve(handlers[case]) as url:
                yield url

    with target() as url:
        block["request"]["url"] = url + "/bots/${SB_TEST_TOKEN}/chat?key=${SB_TEST_TOKEN}"
        result, out = run(tmp_path, write_config(tmp_path, block), HUMAN_FIRST)
    assert result.exit_code == 0, result.output
    assert TOKEN not in result.output
    artifacts = {p.name: p.read_text(encoding="utf-8") for p in out.iterdir()}
    assert set(artifacts) - {"run.lock"} == {
        "run.json",
        "transcripts.jsonl",
        "scores.jsonl",
        "summary.json",
        "leaderboard.md",
    }
    for name, text in artifacts.items():
        assert TOKEN not in text, name
    [t] = transcripts(out)
    if case == "echoed-back":
        assert "Bearer ***" in t["turns"][1]["text"] and t["turns"][1]["handoff"]["summary"].count("***") == 3
    else:
        assert t["outcome"] == "bot_error" and "/bots/***/chat: " in t["error"]


def test_a_missing_environment_variable_stops_the_run_naming_file_field_and_variable(tmp_path, monkeypatch):
    monkeypatch.delenv("SB_TEST_TOKEN", raising=False)
    block = simple("http://127.0.0.1:9")
    block["request"]["headers"] = {"Authorization": "Bearer ${SB_TEST_TOKEN}"}
    config = write_config(tmp_path, block)
    result, out = run(tmp_path, config, HUMAN_FIRST)
    assert result.exit_code == 2
    assert f"{config}: http.request.headers.Authorization: environment variable SB_TEST_TOKEN is not set" in (
        result.output
    )
    assert not out.exists()


def test_an_unknown_placeholder_is_a_config_error_before_anything_runs(tmp_path):
    block = simple("http://127.0.0.1:9")
    block["request"]["body"] = {"text": "{mesage}"}
    config = write_config(tmp_path, block)
    result, out = run(tmp_path, config, HUMAN_FIRST)
    assert result.exit_code == 2
    assert f"{config}: http.request.body.text: unknown placeholder {{mesage}}" in result.output
    assert not out.exists()


def test_a_url_without_http_scheme_is_a_config_error_naming_the_field():
    with pytest.raises(BotConfigError, match=r"vendor.yaml: http.request.url: must start with http:// or https://"):
        bot(simple("127.0.0.1:9"))


def test_an_invalid_jsonpath_is_a_config_error_naming_the_field():
    with pytest.raises(BotConfigError, match=r"vendor.yaml: http.reply.text: not a valid JSONPath '\$.\[\['"):
        bot(simple("http://127.0.0.1:9", reply={"text": "$.[["}))


# -- a bot written outside the project ------------------------------------------------------------------


class OutsideBot(BaseHTTPRequestHandler):
    """Someone else's bot: conversations are resources, utterances are PUT, the answer is a list of
    typed segments, and a handoff is a routing target. Nothing in it was written for supportbench."""

    conversations: dict[int, list[str]] = {}
    lock = threading.Lock()

    def log_message(self, *args: object) -> None:
        pass

    def _json(self, status: int, payload: dict) -> None:
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/vnd.acme+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _body(self) -> dict:
        return json.loads(self.rfile.read(int(self.headers["Content-Length"])))

    def do_POST(self) -> None:  # noqa: N802
        if self.path != "/api/v2/conversations" or self.headers.get("X-Api-Key") != "k-123456":
            return self._json(403, {"fault": "forbidden"})
        request = self._body()
        with self.lock:
            cid = 1000 + len(self.conversations)
            self.conversations[cid] = [request["meta"]["language"]]
        self._json(201, {"data": {"conversation": {"id": cid, "language": request["meta"]["language"]}}})

    def do_PUT(self) -> None:  # noqa: N802
        cid = int(self.path.split("/")[4])
        utterance = self._body()["utterance"]["content"]
        lowered = utterance.lower()
        segments = [{"type": "typing", "ms": 300}]
        routing = None
        if "person" in lowered or "human" in lowered or "agent" in lowered:
            segments.append({"type": "text", "value": "I understand. A colleague will take over now."})
            orders = [w.strip(".,") for w in utterance.split() if w.strip(".,").startswith("A2")]
            routing = {"target": "live_agent", "brief": f"Customer wants a person. Order {' '.join(orders)}"}
        else:
            segments.append({"type": "text", "value": "Could you give me your order number?"})
        segments.append({"type": "quick_replies", "options": ["Track", "Agent"]})
        self._json(200, {"output": {"segments": segments, "routing": routing, "conversation": cid}})


OUTSIDE_CONFIG = """\
# Acme's own bot API: written by its vendor, wired up here without any code.
name: acme-outside
adapter: http
http:
  headers: {X-Api-Key: "k-123456"}
  start:
    url: BASE/api/v2/conversations
    body: {meta: {language: "{locale}", channel: "{channel}", external_ref: "{conversation_id}"}}
    capture: {cid: $.data.conversation.id}
  request:
    method: PUT
    url: BASE/api/v2/conversations/{cid}/utterance
    body: {utterance: {content: "{message}"}}
  reply:
    text: "$.output.segments[?type = 'text'].value"
    handoff: $.output.routing.target
    handoff_summary: $.output.routing.brief
  timeout: 5
"""


def test_a_bot_of_its_own_shape_is_wired_up_with_a_config_file_alone(tmp_path):
    with serve(OutsideBot) as url:
        config = tmp_path / "acme-outside.yaml"
        config.write_text(OUTSIDE_CONFIG.replace("BASE", url), encoding="utf-8")
        result, out = run(tmp_path, config, HUMAN_FIRST, TRACKING)
    assert result.exit_code == 0, result.output
    by_scenario = {t["scenario_id"]: t for t in transcripts(out)}
    human = by_scenario["retail.human.first-turn"]
    assert human["bot"] == "acme-outside" and human["outcome"] == "handoff"
    assert human["turns"][1]["handoff"]["summary"] == "Customer wants a person. Order A2201"
    tracking = by_scenario["retail.tracking.in-transit"]
    assert tracking["outcome"] == "gave_up"  # it never tracks anything, but every turn was a real reply
    assert tracking["turns"][1]["text"] == "Could you give me your order number?"
    assert all(t["error"] is None for t in by_scenario.values())
