"""The generic `http` adapter (like Botium's simple REST connector): a bot behind any JSON-over-HTTP
endpoint is described by a config file alone, never by code.

A request is built from templates (URL, headers, JSON body) in which `{message}`, `{conversation_id}`,
`{locale}`, `{channel}`, `{turn}`, `{history}` and values captured from earlier replies are replaced;
the reply's text, handoff signal, handoff summary and reported actions are picked out with JSONPath.
An optional `start` call opens each conversation (its `capture` keeps a session id for later
requests). Connection errors and 5xx replies are retried with exponential backoff; everything else
that goes wrong (timeout, 4xx, malformed JSON, a reply over the size limit, a missing field) raises
AdapterError, which the runner records as the conversation's `bot_error`."""

from __future__ import annotations

import asyncio
import json
import random
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

import httpx
from jsonpath_ng.ext import parse as parse_jsonpath

from bench.adapters._keepalive import TooBig, Transport
from bench.adapters.config import BotConfig, BotConfigError
from bench.adapters.errors import AdapterError
from bench.core import secrets
from bench.core.contract import BotReply, Session

MB = 1024 * 1024
BUILTIN_VALUES = ("message", "conversation_id", "locale", "channel", "turn", "history")
RETRY_STATUSES = frozenset({429, *range(500, 600)})
# The connection failed or dropped before a reply: safe to try again. A read timeout is not
# retried (the bot may be busy answering, and a second copy of the message would confuse it).
RETRY_ERRORS = (httpx.ConnectError, httpx.ConnectTimeout, httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError)
MAX_BACKOFF = 10.0
MAX_REDIRECTS = 5
_REDIRECT_POLICIES = ("never", "same-origin", "cross-origin")
_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}")
_FALSE_WORDS = frozenset({"", "false", "0", "no", "none", "null", "off"})
_MEMORY_KEY = "http_adapter"


class _Path:
    """A compiled JSONPath that remembers how it was written (for messages)."""

    def __init__(self, expression: str, compiled: Any):
        self.expression, self._compiled = expression, compiled

    def values(self, data: Any) -> list[Any]:
        return [m.value for m in self._compiled.find(data)]

    def __str__(self) -> str:
        return self.expression


class HttpBot:
    """A bot reached over HTTP, configured by the `http` block of a bot config (see bot.v1.schema.json).
    One object serves many concurrent conversations: per-conversation values live in session.memory."""

    def __init__(self, config: BotConfig):
        options = config.options
        self.name = config.name
        self._source = config.source
        self._timeout = float(options.get("timeout", 30))
        self._retries = int(options.get("retries", 2))
        self._backoff = float(options.get("backoff", 0.5))
        self._max_bytes = int(options.get("max_reply_bytes", MB))
        self._headers = dict(options.get("headers") or {})
        self._redirects = options.get("follow_redirects", "same-origin")
        history = options.get("history") or {}
        self._history_format = (
            history.get("role_key", "role"),
            history.get("text_key", "text"),
            {"customer": history.get("customer", "customer"), "bot": history.get("bot", "bot")},
        )
        self._start = options.get("start")
        self._request = options["request"]
        self._start_capture = self._paths("start.capture", (self._start or {}).get("capture") or {})  # name -> JSONPath
        self._request_capture = self._paths("request.capture", self._request.get("capture") or {})
        reply = options["reply"]
        self._text = self._path("reply.text", reply["text"])
        self._handoff = self._path("reply.handoff", reply["handoff"]) if reply.get("handoff") else None
        self._summary = (
            self._path("reply.handoff_summary", reply["handoff_summary"]) if reply.get("handoff_summary") else None
        )
        self._reason = (
            self._path("reply.handoff_reason", reply["handoff_reason"]) if reply.get("handoff_reason") else None
        )
        actions = reply.get("actions")
        if isinstance(actions, str):
            actions = {"path": actions}
        self._actions = (
            (
                self._path("reply.actions.path", actions["path"]),
                self._path("reply.actions.tool", actions.get("tool", "tool")),
                self._path("reply.actions.args", actions.get("args", "args")),
            )
            if actions
            else None
        )
        self._check_placeholders()
        self._label = {"request": _label("request", self._request)}
        if self._start:
            self._label["start"] = _label("start call", self._start)
        self._client: httpx.AsyncClient | None = None

    # -- lifecycle ---------------------------------------------------------------------------------

    async def start(self) -> None:
        """Open the one HTTP client all conversations share (connection pooling across 256+ at once)."""
        self._ensure_client()

    async def close(self) -> None:
        """Close the client and its pooled connections."""
        client, self._client = self._client, None
        if client is not None:
            await client.aclose()

    def _ensure_client(self) -> httpx.AsyncClient:
        if self._client is None or self._client.is_closed:
            self._client = httpx.AsyncClient(
                timeout=httpx.Timeout(self._timeout),
                transport=Transport(),
                follow_redirects=False,  # followed by _send, which keeps headers and body on the bot's origin
            )
        return self._client

    # -- one turn ----------------------------------------------------------------------------------

    async def respond(self, message: str, session: Session) -> BotReply:
        """Send the customer's message (opening the conversation with the `start` call first if the
        config has one) and map the bot's JSON reply onto a BotReply."""
        self._ensure_client()
        state = session.memory.setdefault(_MEMORY_KEY, {"started": False, "captured": {}})
        if self._start and not state["started"]:
            data = await self._call("start", self._start, self._values(message, session, state))
            for name, (field, path) in self._start_capture.items():
                found = path.values(data)
                if not found:
                    raise AdapterError(f"{self._label['start']}: {field} ({path}) matched nothing in the reply")
                state["captured"][name] = found[0]
            state["started"] = True
        data = await self._call("request", self._request, self._values(message, session, state))
        for name, (_, path) in self._request_capture.items():
            found = path.values(data)
            if found:
                state["captured"][name] = found[0]
        return self._reply(data)

    def _values(self, message: str, session: Session, state: dict) -> dict[str, Any]:
        earlier = list(session.history)
        if earlier and earlier[-1].role == "customer" and earlier[-1].text == message:
            earlier.pop()  # the runner has already added the message being sent
        role_key, text_key, roles = self._history_format
        return {
            **state["captured"],
            "message": message,
            "conversation_id": session.id,
            "locale": session.locale,
            "channel": session.channel,
            "turn": 1 + sum(1 for t in earlier if t.role == "customer"),
            "history": [{role_key: roles.get(t.role, t.role), text_key: t.text} for t in earlier],
        }

    async def _call(self, what: str, spec: dict, values: dict[str, Any]) -> Any:
        """One HTTP exchange with retries; returns the decoded JSON reply (None for an empty body)."""
        where = self._label[what]
        url = _render_url(spec["url"], values)
        headers = {k: _as_text(_render(v, values)) for k, v in {**self._headers, **(spec.get("headers") or {})}.items()}
        body = _render(spec["body"], values) if "body" in spec else None
        method = spec.get("method", "POST")
        attempts = self._retries + 1
        problem = ""
        for attempt in range(attempts):
            if attempt:
                delay = min(MAX_BACKOFF, self._backoff * 2 ** (attempt - 1))
                await asyncio.sleep(delay * (0.75 + random.random() / 2))  # jitter: 256 retries do not stampede
            try:
                async with asyncio.timeout(self._timeout):  # the whole exchange, not each read
                    status, content = await self._send(method, url, headers, body, "body" in spec)
            except (TimeoutError, httpx.TimeoutException) as failed:
                if isinstance(failed, httpx.ConnectTimeout):
                    problem = "could not connect within the timeout"
                    continue
                raise AdapterError(f"{where}: no reply within {self._timeout:g} s") from None
            except RETRY_ERRORS as failed:
                problem = _clean(f"connection failed ({type(failed).__name__}: {failed})", url, spec["url"])
                continue
            except TooBig:
                raise AdapterError(f"{where}: reply larger than {_size(self._max_bytes)}, refused") from None
            except RedirectRefused as refused:
                raise AdapterError(f"{where}: {_redact(str(refused))}") from None
            except httpx.HTTPError as failed:
                raise AdapterError(where + _clean(f": {type(failed).__name__}: {failed}", url, spec["url"])) from None
            except httpx.InvalidURL as failed:
                raise AdapterError(where + _clean(f": invalid URL ({failed})", url, spec["url"])) from None
            except (UnicodeError, ValueError) as failed:  # e.g. a header value that is not ASCII
                raise AdapterError(where + _clean(f": cannot send: {failed}", url, spec["url"])) from None
            if status in RETRY_STATUSES:
                problem = f"answered HTTP {status}{_snippet(content)}"
                continue
            if status >= 300:
                raise AdapterError(f"{where}: answered HTTP {status}{_snippet(content)}")
            if not content.strip():
                return None
            try:
                return json.loads(content)
            except (json.JSONDecodeError, UnicodeDecodeError) as bad:
                raise AdapterError(f"{where}: reply is not JSON ({bad}){_snippet(content)}") from None
        tries = f"{attempts} attempts" if attempts > 1 else "1 attempt, no retries"
        raise AdapterError(f"{where}: {problem} ({tries})")

    async def _send(self, method: str, url: str, headers: dict, body: Any, has_body: bool) -> tuple[int, bytes]:
        """Stream the reply so that one over the size limit is dropped without being held in memory.
        Redirects are followed here, not by httpx: httpx forwards every header but Authorization (and
        a 307's body) to another origin, and a config's headers often carry keys."""
        client = self._ensure_client()
        origin = _origin(httpx.URL(url))
        for _ in range(MAX_REDIRECTS + 1):
            kwargs: dict[str, Any] = {"headers": headers}
            if has_body:
                kwargs["json"] = body
            async with client.stream(method, url, **kwargs) as response:
                if not response.has_redirect_location or self._redirects == "never":
                    return response.status_code, await self._read(response)
                target = response.url.join(response.headers["location"])
                status = response.status_code
            if _origin(target) != origin and self._redirects != "cross-origin":
                raise RedirectRefused(
                    f"redirected (HTTP {status}) to another origin, {_shown_origin(target)}: not followed, so the "
                    "configured headers and the conversation stay with the bot (http.follow_redirects: cross-origin "
                    "follows it)"
                )
            url = str(target)
            if status == 303 or (status in (301, 302) and method == "POST"):  # as browsers and httpx do
                method, has_body = "GET", False
        raise RedirectRefused(f"more than {MAX_REDIRECTS} redirects")

    async def _read(self, response: httpx.Response) -> bytes:
        length = response.headers.get("content-length", "")
        if length.isdigit() and int(length) > self._max_bytes:
            raise TooBig
        chunks, size = [], 0
        async for chunk in response.aiter_bytes():  # decoded: a gzip bomb is measured unpacked
            size += len(chunk)
            if size > self._max_bytes:
                raise TooBig
            chunks.append(chunk)
        return b"".join(chunks)

    def _reply(self, data: Any) -> BotReply:
        where = self._label["request"]
        matches = self._text.values(data)
        handoff = bool(self._handoff and any(_truthy(v) for v in self._handoff.values(data)))
        if not matches and not handoff:
            shown = "an empty body" if data is None else f"{json.dumps(data, ensure_ascii=False)[:200]}"
            raise AdapterError(f"{where}: reply.text ({self._text}) matched nothing in the reply: {_redact(shown)}")
        texts = [t for value in matches for t in _texts(value, f"{where}: reply.text ({self._text})")]
        return BotReply(
            "\n\n".join(t for t in texts if t.strip()),
            handoff=handoff,
            handoff_summary=_joined(self._summary, data) if handoff else None,
            handoff_reason=_joined(self._reason, data) if handoff else None,
            actions=self._reported_actions(data, where),
        )

    def _reported_actions(self, data: Any, where: str) -> list[dict]:
        if not self._actions:
            return []
        path, tool_path, args_path = self._actions
        actions = []
        for value in path.values(data):
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, str) and item:
                    actions.append({"tool": item, "args": {}})
                    continue
                tools = tool_path.values(item) if isinstance(item, dict) else []
                if not tools or not isinstance(tools[0], str) or not tools[0]:
                    shown = _redact(json.dumps(item, ensure_ascii=False)[:200])
                    raise AdapterError(f"{where}: reply.actions: an action without a tool name ({tool_path}): {shown}")
                found = args_path.values(item)
                args = found[0] if found else {}
                if isinstance(args, str):
                    try:
                        args = json.loads(args) if args.strip() else {}
                    except json.JSONDecodeError:
                        pass
                actions.append({"tool": tools[0], "args": args if isinstance(args, dict) else {"value": args}})
        return actions

    # -- config checks (no I/O) ---------------------------------------------------------------------

    def _path(self, field: str, expression: str) -> _Path:
        try:
            return _Path(expression, parse_jsonpath(expression))
        except Exception as bad:  # noqa: BLE001 - jsonpath-ng raises several kinds
            raise BotConfigError(f"{self._source}: http.{field}: not a valid JSONPath {expression!r}: {bad}") from None

    def _paths(self, field: str, captures: dict[str, str]) -> dict[str, tuple[str, _Path]]:
        return {name: (f"{field}.{name}", self._path(f"{field}.{name}", expr)) for name, expr in captures.items()}

    def _check_placeholders(self) -> None:
        """A typo in a placeholder is a config error now, not an empty value sent to the bot later."""
        known = set(BUILTIN_VALUES) | set(self._start_capture) | set(self._request_capture)
        blocks = [("headers", self._headers, known), ("request", self._request, known)]
        if self._start:  # it runs before any reply: nothing has been captured yet
            blocks.append(("start", self._start, set(BUILTIN_VALUES)))
        for block, spec in (("start", self._start), ("request", self._request)):
            url = (spec or {}).get("url", "http://")
            one_value = _PLACEHOLDER.fullmatch(url)
            if not url.startswith(("http://", "https://")) and not (one_value and one_value[1]):
                raise BotConfigError(f"{self._source}: http.{block}.url: must start with http:// or https:// ({url!r})")
        for block, node, allowed in blocks:
            node = {k: v for k, v in node.items() if k != "capture"} if block != "headers" else node
            for field, name in _placeholders(node, f"http.{block}"):
                if name not in allowed:
                    known_list = ", ".join("{" + k + "}" for k in sorted(allowed))
                    raise BotConfigError(
                        f"{self._source}: {field}: unknown placeholder {{{name}}} (known: {known_list}; "
                        "write {{ and }} for literal braces)"
                    )

    def __repr__(self) -> str:
        return f"HttpBot({self.name!r})"


class RedirectRefused(Exception):
    """A redirect the config does not allow to follow (not an httpx error: never retried)."""


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return url.scheme, url.host, url.port or {"http": 80, "https": 443}.get(url.scheme)


def _shown_origin(url: httpx.URL) -> str:
    """scheme://host:port only: a redirect's path or query may carry a token."""
    return f"{url.scheme}://{url.host}" + (f":{url.port}" if url.port else "")


def _label(what: str, spec: dict) -> str:
    """`request POST http://host:port/path` for messages: no query string or credentials, secrets masked."""
    parts = urlsplit(spec["url"])
    shown = urlunsplit((parts.scheme, parts.netloc.rpartition("@")[2], parts.path, "", ""))
    return _redact(f"{what} {spec.get('method', 'POST')} {shown}")


# -- templates --------------------------------------------------------------------------------------


def _placeholders(node: Any, field: str) -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _placeholders(value, f"{field}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _placeholders(value, f"{field}.{i}")
    elif isinstance(node, str):
        for m in _PLACEHOLDER.finditer(node):
            if m[1]:
                yield field, m[1]


def _render(node: Any, values: dict[str, Any]) -> Any:
    """The template with values filled in. A string that is exactly one placeholder takes the value
    itself (the history stays a list, a captured number stays a number); elsewhere values are text."""
    if isinstance(node, str):
        whole = _PLACEHOLDER.fullmatch(node)
        if whole and whole[1]:
            return values.get(whole[1])
        return _PLACEHOLDER.sub(lambda m: _as_text(values.get(m[1])) if m[1] else m[0][0], node)
    if isinstance(node, dict):
        return {key: _render(value, values) for key, value in node.items()}
    if isinstance(node, list):
        return [_render(value, values) for value in node]
    return node


def _render_url(template: str, values: dict[str, Any]) -> str:
    """Values are percent-encoded in a URL (a conversation id holds slashes), unless the whole URL is
    one placeholder (a URL the start call returned)."""
    whole = _PLACEHOLDER.fullmatch(template)
    if whole and whole[1]:
        return _as_text(values.get(whole[1]))
    return _PLACEHOLDER.sub(lambda m: quote(_as_text(values.get(m[1])), safe="") if m[1] else m[0][0], template)


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(t, dict) for t in value):  # the history inside a string
        return "\n".join(": ".join(str(v) for v in t.values()) for t in value)
    return json.dumps(value, ensure_ascii=False)


# -- reading replies --------------------------------------------------------------------------------


def _texts(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, (int, float, bool)):
        return [json.dumps(value)]
    if isinstance(value, list):
        return [t for item in value for t in _texts(item, where)]
    raise AdapterError(f"{where} matched an object, not text: point the path at the text (e.g. $.messages[*].text)")


def _truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() not in _FALSE_WORDS
    return bool(value)


def _joined(path: _Path | None, data: Any) -> str | None:
    if path is None:
        return None
    found = [v for v in path.values(data) if v not in (None, "")]
    if not found:
        return None
    return "\n".join(v if isinstance(v, str) else json.dumps(v, ensure_ascii=False) for v in found)


def _snippet(content: bytes) -> str:
    text = content[:200].decode("utf-8", errors="replace").strip()
    return f": {_redact(text)}" if text else ""


def _size(limit: int) -> str:
    return f"{limit / MB:g} MB" if limit % (MB // 4) == 0 else f"{limit} bytes"


def _redact(text: str) -> str:
    return secrets.redact(text)


def _clean(message: str, rendered_url: str, template: str) -> str:
    """An error message without the full URL (its query string may hold a key) and with secrets masked."""
    for url in (rendered_url, template):
        if url:
            message = message.replace(url, "<url>")
    return _redact(message)
