"""Redirects never carry a config's headers or the conversation to another origin unless the config
opts in: real servers on 127.0.0.1, one redirecting to a second (another port, so another origin)
that records what it received."""

from __future__ import annotations

import asyncio
import json
from http.server import BaseHTTPRequestHandler

import httpx
import pytest

from bench.adapters._http import request_json
from bench.adapters.config import BotConfig
from bench.adapters.errors import AdapterError
from bench.adapters.http import HttpBot
from bench.adapters.openai_chat import OpenAIBot
from bench.core.contract import Session
from tests.serving import serve

KEY = "k-9f8e7d6c5b4a-secret"
COMPLETION = {
    "id": "c1",
    "object": "chat.completion",
    "created": 0,
    "model": "m",
    "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "hello"}}],
}


def recorder(received: list[dict], answer: dict) -> type[BaseHTTPRequestHandler]:
    """A server that records each request (path, headers, body) and answers `answer`."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode() if length else ""
            received.append(
                {"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()}, "body": body}
            )
            payload = json.dumps(answer).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = _handle  # noqa: N815

    return Handler


def redirector(target: str, status: int = 307, same: dict | None = None) -> type[BaseHTTPRequestHandler]:
    """A server that redirects every request to `target` + its path (or answers `same` on /final)."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            self.rfile.read(length)
            if same is not None and self.path.startswith("/final"):
                payload = json.dumps(same).encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
                return
            self.send_response(status)
            self.send_header("Location", target + ("/final" if same is not None else self.path))
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = do_POST = _handle  # noqa: N815

    return Handler


def session() -> Session:
    return Session(id="r/b/s/0", locale="en", channel="chat", tools=[], seed=0, _call=lambda name, args: {})


def http_bot(url: str, **options) -> HttpBot:
    block = {
        "headers": {"X-Api-Key": KEY, "Authorization": f"Bearer {KEY}"},
        "request": {"url": url + "/chat", "body": {"text": "{message}"}},
        "reply": {"text": "$.text"},
        **options,
    }
    return HttpBot(BotConfig("vendor", "http", block, "vendor.yaml"))


async def ask(bot) -> str:
    try:
        return (await bot.respond("my card number is 4970", session())).text
    finally:
        await bot.close()


@pytest.mark.parametrize("status", [302, 307, 308])
def test_the_http_adapter_sends_nothing_to_another_origin_by_default(status):
    received: list[dict] = []
    with serve(recorder(received, {"text": "hi"})) as other, serve(redirector(other, status)) as url:
        with pytest.raises(AdapterError, match=r"redirected \(HTTP \d+\) to another origin, http://127.0.0.1:\d+: not"):
            asyncio.run(ask(http_bot(url)))
    assert received == []


def test_the_http_adapter_follows_a_redirect_within_its_origin_with_headers_and_body():
    with serve(redirector("", 307, same={"text": "followed"})) as url:
        assert asyncio.run(ask(http_bot(url))) == "followed"  # Location: /final, relative, the same origin


def test_the_http_adapter_follows_another_origin_when_the_config_opts_in():
    received: list[dict] = []
    with serve(recorder(received, {"text": "over there"})) as other, serve(redirector(other)) as url:
        assert asyncio.run(ask(http_bot(url, follow_redirects="cross-origin"))) == "over there"
    assert received[0]["headers"]["x-api-key"] == KEY and "4970" in received[0]["body"]


def test_the_http_adapter_follows_no_redirect_when_told_never():
    with serve(redirector("", 307, same={"text": "followed"})) as url:
        with pytest.raises(AdapterError, match="answered HTTP 307"):
            asyncio.run(ask(http_bot(url, follow_redirects="never")))


def test_the_http_adapter_error_names_the_origin_only_never_the_redirect_path():
    received: list[dict] = []
    with serve(recorder(received, {})) as other, serve(redirector(other + "/t/" + KEY)) as url:
        with pytest.raises(AdapterError) as raised:
            asyncio.run(ask(http_bot(url)))
    assert KEY not in str(raised.value)


def openai_bot(url: str, **options) -> OpenAIBot:
    block = {"model": "m", "base_url": url + "/v1", "api_key": KEY, "headers": {"X-Api-Key": KEY}, "max_retries": 0}
    return OpenAIBot(BotConfig("llm", "openai", {**block, **options}, "llm.yaml"))


def test_the_openai_adapter_sends_nothing_to_another_origin_by_default():
    received: list[dict] = []
    with serve(recorder(received, COMPLETION)) as other, serve(redirector(other)) as url:
        with pytest.raises(AdapterError, match="another origin"):
            asyncio.run(ask(openai_bot(url)))
    assert received == []


def test_the_openai_adapter_follows_another_origin_when_the_config_opts_in():
    received: list[dict] = []
    with serve(recorder(received, COMPLETION)) as other, serve(redirector(other)) as url:
        assert asyncio.run(ask(openai_bot(url, follow_redirects="cross-origin"))) == "hello"
    assert received[0]["headers"]["x-api-key"] == KEY


def test_the_json_helper_of_rasa_and_directline_follows_no_redirect():
    async def post(url: str) -> None:
        async with httpx.AsyncClient(headers={"X-Api-Key": KEY}, follow_redirects=True) as client:
            await request_json(client, "POST", url + "/webhooks/rest/webhook", what="rasa", timeout=5, json={"m": 1})

    received: list[dict] = []
    with serve(recorder(received, [])) as other, serve(redirector(other)) as url:
        with pytest.raises(AdapterError, match=r"rasa: redirected \(HTTP 307\), not followed"):
            asyncio.run(post(url))
    assert received == []
