"""The `rasa` adapter: a bot behind Rasa's REST channel.

Each customer message is `POST <url>/webhooks/rest/webhook {sender, message, metadata}` with the
conversation's id as the sender, so Rasa keeps one tracker per conversation. The reply is a list of
messages `{recipient_id, text, buttons, image, custom}`: their texts are joined, button titles are
appended as the options the customer was offered, and a handoff is recognised the way the config says
(a key of a message's `custom` payload, `custom.intent`, or a pattern on the text: any that matches).

`request_json` is the small HTTP helper both this adapter and `directline` use: one place for
timeouts, retries on 5xx, 429 and connection errors, the 1 MB reply cap and JSON decoding, each failure
an AdapterError that names what failed (never a header, so never a secret)."""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

import httpx

from bench.adapters.config import BotConfig
from bench.adapters.errors import AdapterError
from bench.contract import BotReply, Session

MAX_REPLY_BYTES = 1_000_000  # a bigger reply is garbage, not a customer-support answer
WEBHOOK = "/webhooks/rest/webhook"
DEFAULT_HANDOFF = {"custom_key": "handoff"}

# Failures worth another try: nothing reached the bot, or the connection dropped before any reply
# (a stale keep-alive connection). A read timeout is not retried: the bot may be working on it.
_RETRYABLE = (httpx.ConnectError, httpx.ConnectTimeout, httpx.RemoteProtocolError)


class ReplyTimeout(AdapterError):
    """No (complete) reply within the time allowed."""


def _snippet(body: bytes, limit: int = 120) -> str:
    text = body[:limit].decode("utf-8", errors="replace")
    return text + ("..." if len(body) > limit else "")


async def _read_capped(response: httpx.Response, what: str, limit: int) -> bytes:
    """The body, refusing to read more than `limit` bytes (a 10 MB reply must not fill memory)."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise AdapterError(f"{what}: reply too big ({int(declared):,} bytes, limit {limit:,})")
    chunks, size = [], 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > limit:
            raise AdapterError(f"{what}: reply too big (more than {limit:,} bytes)")
        chunks.append(chunk)
    return b"".join(chunks)


async def request_json(
    client: httpx.AsyncClient,
    method: str,
    url: str,
    *,
    what: str,
    timeout: float,
    retries: int = 0,
    backoff: float = 0.5,
    limit: int = MAX_REPLY_BYTES,
    budget: float | None = None,
    **kwargs: Any,
) -> Any:
    """Send one request and return its decoded JSON body, retrying connection errors, 429 and 5xx replies
    with exponential backoff. Every failure is an AdapterError starting with `what` (e.g.
    "rasa: POST http://host/webhooks/rest/webhook") so the recorded bot_error says what failed.
    `budget`: the whole reply's time limit when `timeout` is only what is left of it (for the message)."""
    for attempt in range(retries + 1):
        last = attempt == retries
        tries = f" after {attempt + 1} attempts" if attempt else ""
        try:
            async with asyncio.timeout(timeout):
                async with client.stream(method, url, timeout=timeout, **kwargs) as response:
                    if not _retryable_status(response.status_code) or last:
                        status, body = response.status_code, await _read_capped(response, what, limit)
                        break
        except _RETRYABLE as failed:
            if last:
                raise AdapterError(f"{what}: cannot reach the bot{tries} ({_transport_problem(failed)})") from None
        except (TimeoutError, httpx.TimeoutException):
            raise ReplyTimeout(f"{what}: no reply within {budget or timeout:g} s") from None
        except httpx.HTTPError as failed:
            raise AdapterError(f"{what}: {_transport_problem(failed)}") from None
        await asyncio.sleep(backoff * 2**attempt)
    if status >= 400:
        raise AdapterError(f"{what}: HTTP {status}{tries}: {_snippet(body)!r}")
    try:
        return json.loads(body)
    except ValueError:
        raise AdapterError(f"{what}: reply is not JSON: {_snippet(body)!r}") from None


def _retryable_status(status: int) -> bool:
    """Throttled (429) or a server error: the same request may well succeed a moment later."""
    return status == 429 or status >= 500


def _transport_problem(failed: httpx.HTTPError) -> str:
    detail = str(failed) or type(failed).__name__
    return f"{type(failed).__name__}: {detail}"


class RasaBot:
    """A Rasa assistant reached through its REST channel (or any server speaking it)."""

    def __init__(self, config: BotConfig):
        options = config.options
        base = options["url"].rstrip("/")
        self.url = base if "/webhooks/" in base else base + WEBHOOK
        self.headers = dict(options.get("headers") or {})
        self.timeout = float(options.get("timeout", 30))
        self.retries = int(options.get("retries", 2))
        self.backoff = float(options.get("backoff", 0.5))
        self.send_metadata = bool(options.get("metadata", True))
        handoff = options.get("handoff") or DEFAULT_HANDOFF
        self.custom_key: str | None = handoff.get("custom_key")
        self.intent: str | None = handoff.get("intent")
        self.pattern: re.Pattern | None = None
        if handoff.get("text_pattern"):
            try:
                self.pattern = re.compile(handoff["text_pattern"])
            except re.error as bad:
                from bench.bots import BotSpecError

                raise BotSpecError(
                    f"{config.source}: rasa.handoff.text_pattern: not a valid regular expression: {bad}"
                ) from None
        self.client: httpx.AsyncClient | None = None

    async def start(self) -> None:
        """Open one connection pool for every conversation."""
        if self.client is None:
            self.client = httpx.AsyncClient(headers=self.headers, timeout=self.timeout)

    async def close(self) -> None:
        if self.client is not None:
            await self.client.aclose()
            self.client = None

    async def respond(self, message: str, session: Session) -> BotReply:
        """Send the customer's message as `session.id` and map Rasa's messages onto one reply."""
        await self.start()
        body: dict[str, Any] = {"sender": session.id, "message": message}
        if self.send_metadata:
            body["metadata"] = {"locale": session.locale, "channel": session.channel}
        messages = await request_json(
            self.client,
            "POST",
            self.url,
            what=f"rasa: POST {self.url}",
            timeout=self.timeout,
            retries=self.retries,
            backoff=self.backoff,
            json=body,
        )
        return self.reply_of(messages)

    def reply_of(self, messages: Any) -> BotReply:
        """The BotReply for Rasa's list of messages (public so a replayed Rasa log maps the same way)."""
        if not isinstance(messages, list):
            raise AdapterError(f"rasa: expected a list of messages, got {type(messages).__name__}")
        lines: list[str] = []
        said: list[str] = []  # the texts alone: a button titled "Talk to a human" is no handoff
        handoff, summary, reason = False, None, None
        for index, item in enumerate(messages):
            if not isinstance(item, dict):
                raise AdapterError(f"rasa: message {index} is {type(item).__name__}, expected an object")
            text = item.get("text")
            if text is not None and not isinstance(text, str):
                raise AdapterError(f"rasa: message {index}: text is {type(text).__name__}, expected a string")
            if text:
                lines.append(text)
                said.append(text)
            titles = [str(b["title"]) for b in item.get("buttons") or [] if isinstance(b, dict) and b.get("title")]
            if titles:
                lines.append("Options: " + " | ".join(titles))
            custom = item.get("custom")
            if isinstance(custom, dict):
                found = self._custom_handoff(custom)
                if found:
                    handoff = True
                    summary = summary or found[0]
                    reason = reason or found[1]
        text = "\n".join(lines)
        if self.pattern is not None and self.pattern.search("\n".join(said)):
            handoff = True
        if not handoff:
            return BotReply(text)
        return BotReply(text, handoff=True, handoff_summary=summary, handoff_reason=reason)

    def _custom_handoff(self, custom: dict) -> tuple[str | None, str | None] | None:
        """(summary, reason) when this `custom` payload signals a handoff, else None."""
        payload = custom.get(self.custom_key) if self.custom_key else None
        by_key = self.custom_key is not None and payload not in (None, False, "", {}, [])
        by_intent = self.intent is not None and custom.get("intent") == self.intent
        if not (by_key or by_intent):
            return None
        summary, reason = custom.get("summary"), custom.get("reason")
        if isinstance(payload, dict):
            summary = payload.get("summary", summary)
            reason = payload.get("reason", reason)
        elif isinstance(payload, str) and payload.lower() not in ("true", "yes", "1"):
            summary = summary or payload
        reason = reason or custom.get("intent")
        return (_text_or_none(summary), _text_or_none(reason))


def _text_or_none(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value or None
    return json.dumps(value, ensure_ascii=False)
