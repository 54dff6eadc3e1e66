"""JSON over HTTP for the adapters whose bot answers each request with one JSON body (`rasa`,
`directline`): one place for timeouts, retries on 5xx, 429 and connection errors with exponential
backoff, the 1 MB reply cap and JSON decoding, each failure an AdapterError that names what failed
(never a header, so never a secret).

It exists so those adapters fail the same way and their messages stay alike. Private: the `http`
adapter has its own transport (for throughput) and the `openai` adapter goes through the official
client, so neither uses it."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx

from bench.adapters.errors import AdapterError

MAX_REPLY_BYTES = 1_000_000  # a bigger reply is garbage, not a customer-support answer

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
                # never followed: httpx would forward every header but Authorization to another origin
                async with client.stream(method, url, timeout=timeout, follow_redirects=False, **kwargs) as response:
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
    if status >= 300:
        raise AdapterError(f"{what}: redirected (HTTP {status}), not followed: give the bot's final URL")
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
