"""The `openai` adapter: an LLM support bot behind any OpenAI-compatible chat-completions endpoint
(OpenAI, Azure OpenAI v1, vLLM, Ollama, LiteLLM...), through the official `openai` client.

Per customer message the model gets the whole conversation so far (kept in `session.memory`), a
system prompt (the config's instructions, the domain policy, the customer's locale and channel)
and the domain's tools as function tools. Each tool call runs on the scenario's world through
`session.call_tool` and its JSON result goes back as a `tool` message, until the model answers in
text. A `transfer_to_human` call is a handoff: the reply carries its summary and reason, and the
turn ends with the model's words to the customer. Tokens are summed per reply (priced when the
config gives prices). Every failure is an AdapterError whose message names what failed and never
carries the API key.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from typing import Any

import httpx
import openai
from openai.types.chat import ChatCompletion

from bench.adapters.config import BotConfig
from bench.adapters.errors import AdapterError
from bench.core.contract import BotReply, Session
from bench.core.world import HANDOFF_TOOL

MAX_REPLY_BYTES = 1_000_000  # a chat completion bigger than this is garbage, not an answer
MEMORY_KEY = "messages"  # session.memory[MEMORY_KEY]: the chat-completions messages so far
NO_KEY = "no-key"  # sent when the config has no api_key (local servers that need none)
LANGUAGES = {"en": "English", "fr": "French", "de": "German", "es": "Spanish", "it": "Italian", "nl": "Dutch"}
DEFAULT_SYSTEM_PROMPT = (
    "You are the company's customer support assistant. Use the tools to look things up and to act; "
    "never invent an order, account, amount, date or policy. When the policy calls for a human, or the "
    "customer asks for one, call transfer_to_human with a summary that spares the customer from "
    "repeating themselves."
)
_KEY_LIKE = re.compile(r"\b(sk|pk|rk|key)-[A-Za-z0-9_*.\-]{6,}")


class ReplyTooLarge(Exception):
    """Raised while reading a reply body past MAX_REPLY_BYTES (not an httpx error: never retried)."""


class _CappedStream(httpx.AsyncByteStream):
    def __init__(self, inner: httpx.AsyncByteStream, limit: int):
        self._inner, self._limit = inner, limit

    async def __aiter__(self) -> AsyncIterator[bytes]:
        seen = 0
        async for chunk in self._inner:
            seen += len(chunk)
            if seen > self._limit:
                raise ReplyTooLarge(f"reply larger than {self._limit // 1_000_000} MB")
            yield chunk

    async def aclose(self) -> None:
        await self._inner.aclose()


class RedirectRefused(httpx.TransportError):
    """A redirect to another origin that the config does not allow."""


class _CappedTransport(httpx.AsyncBaseTransport):
    """Stops reading a reply at `limit` bytes, so a runaway server cannot fill the harness's memory.
    With `origin`, refuses every request to another origin: only a redirect gets there, and httpx
    would forward the config's headers (all but Authorization) and a 307's body to it."""

    def __init__(self, inner: httpx.AsyncBaseTransport, limit: int, origin: tuple | None = None):
        self._inner, self._limit, self.origin = inner, limit, origin

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.origin is not None and _origin(request.url) != self.origin:
            raise RedirectRefused(
                f"redirected to another origin, {request.url.scheme}://{request.url.netloc.decode()}: not followed, "
                "so the headers and the conversation stay with the endpoint (openai.follow_redirects: cross-origin "
                "follows it)"
            )
        response = await self._inner.handle_async_request(request)
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self._limit:
            await response.aclose()
            raise ReplyTooLarge(f"reply of {int(declared):,} bytes, more than {self._limit // 1_000_000} MB")
        response.stream = _CappedStream(response.stream, self._limit)
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return url.scheme, url.host, url.port or {"http": 80, "https": 443}.get(url.scheme)


def _get(obj: Any, key: str) -> Any:
    """A field of a client model or of a plain dict (servers differ; the client does not validate)."""
    return obj.get(key) if isinstance(obj, dict) else getattr(obj, key, None)


class OpenAIBot:
    """A bot config's `openai` block, as a bot. One object serves many concurrent conversations:
    all per-conversation state lives in `session.memory`."""

    def __init__(self, config: BotConfig):
        options = config.options
        self.name = config.name
        self.model: str = options["model"]
        self.base_url: str | None = options.get("base_url")
        self._api_key: str = options.get("api_key") or NO_KEY
        self._headers: dict[str, str] = dict(options.get("headers") or {})
        self.system_prompt: str = options.get("system_prompt") or DEFAULT_SYSTEM_PROMPT
        self.include_policy: bool = options.get("include_policy", True)
        self.temperature: float | None = options.get("temperature")
        self.max_tool_rounds: int = options.get("max_tool_rounds", 8)
        self.timeout: float = options.get("timeout", 60)
        self.max_retries: int = options.get("max_retries", 2)
        self.follow_redirects: str = options.get("follow_redirects", "same-origin")
        self.prices: dict | None = options.get("prices")
        self._client: openai.AsyncOpenAI | None = None
        self._http: httpx.AsyncClient | None = None

    # -- lifecycle -------------------------------------------------------------------------------

    async def start(self) -> None:
        """Open the HTTP client (one connection pool for every conversation of the run)."""
        if self._client is not None:
            return
        transport = _CappedTransport(
            httpx.AsyncHTTPTransport(limits=httpx.Limits(max_connections=1000, max_keepalive_connections=100)),
            MAX_REPLY_BYTES,
        )
        follow = self.follow_redirects != "never"
        self._http = httpx.AsyncClient(transport=transport, timeout=self.timeout, follow_redirects=follow)
        try:
            self._client = openai.AsyncOpenAI(
                api_key=self._api_key,
                base_url=self.base_url,
                timeout=self.timeout,
                max_retries=self.max_retries,
                default_headers=self._headers or None,
                http_client=self._http,
            )
        except openai.OpenAIError as bad:
            await self._http.aclose()
            self._http = None
            raise AdapterError(f"openai: cannot set up the client: {self._clean(str(bad))}") from None
        if self.follow_redirects == "same-origin":
            transport.origin = _origin(self._client.base_url)

    async def close(self) -> None:
        """Close the client and its connections."""
        if self._client is not None:
            await self._client.close()
        if self._http is not None:
            await self._http.aclose()
        self._client = self._http = None

    # -- one customer message --------------------------------------------------------------------

    async def respond(self, message: str, session: Session) -> BotReply:
        """Send the conversation so far plus `message`; run the model's tool calls on the world and
        feed their results back until it answers in text (or hands off)."""
        if self._client is None:
            await self.start()
        messages: list[dict] = session.memory.setdefault(MEMORY_KEY, [])
        if not messages:
            messages.append({"role": "system", "content": self._system_prompt(session)})
        messages.append({"role": "user", "content": message})
        tools = [
            {
                "type": "function",
                "function": {"name": t["name"], "description": t["description"], "parameters": t["parameters"]},
            }
            for t in session.tools
        ]
        usage = _Usage()
        for round_ in range(self.max_tool_rounds + 1):
            reply = await self._complete(messages, tools, usage)
            calls = _get(reply, "tool_calls") or []
            text = self._text_of(reply)
            if not calls:
                messages.append({"role": "assistant", "content": text})
                return BotReply(text, usage=usage.as_dict(self.prices))
            if round_ == self.max_tool_rounds:
                raise AdapterError(
                    f"openai: {self.model} still calling tools after {self.max_tool_rounds} rounds "
                    f"(max_tool_rounds) without answering the customer"
                )
            handoff = self._run_tools(calls, round_, text, messages, session)
            if handoff is not None:
                if not text:  # the model's words to the customer, once the transfer is done
                    final = await self._complete(messages, tools, usage, tool_choice="none")
                    text = self._text_of(final)
                    messages.append({"role": "assistant", "content": text})
                return BotReply(
                    text,
                    handoff=True,
                    handoff_summary=str(handoff.get("summary") or ""),
                    handoff_reason=str(handoff.get("reason") or ""),
                    usage=usage.as_dict(self.prices),
                )
        raise AssertionError("unreachable")  # the loop returns or raises on its last round

    def _system_prompt(self, session: Session) -> str:
        parts = [self.system_prompt.strip()]
        if self.include_policy and session.policy:
            parts.append(session.policy.strip())
        language = LANGUAGES.get(session.locale, session.locale)
        parts.append(
            f"Customer locale: {session.locale} ({language}); answer in {language}. Channel: {session.channel}."
        )
        return "\n\n".join(parts)

    def _run_tools(self, calls: list, round_: int, text: str, messages: list[dict], session: Session) -> dict | None:
        """Run one round of tool calls on the world, appending the assistant's call message and one
        `tool` message per result. Returns the arguments of a successful transfer_to_human, if any."""
        parsed = []
        for index, call in enumerate(calls):
            kind = _get(call, "type") or "function"
            function = _get(call, "function")
            name = _get(function, "name") if function is not None else None
            if kind != "function" or not isinstance(name, str) or not name:
                raise AdapterError(f"openai: {self.model} made a tool call that is not a function call: {kind!r}")
            raw = _get(function, "arguments")
            arguments = self._arguments(name, raw)
            call_id = _get(call, "id") or f"call_{round_}_{index}"
            text_args = raw if isinstance(raw, str) else json.dumps(arguments, ensure_ascii=False)
            parsed.append((str(call_id), name, arguments, text_args))
        messages.append(
            {
                "role": "assistant",
                "content": text or None,
                "tool_calls": [
                    {"id": cid, "type": "function", "function": {"name": name, "arguments": text_args}}
                    for cid, name, _, text_args in parsed
                ],
            }
        )
        handoff = None
        for call_id, name, arguments, _ in parsed:
            result = session.call_tool(name, **arguments)
            content = json.dumps(result, ensure_ascii=False, default=str)
            messages.append({"role": "tool", "tool_call_id": call_id, "content": content})
            if name == HANDOFF_TOOL and "error" not in result and handoff is None:
                handoff = arguments
        return handoff

    def _arguments(self, name: str, raw: Any) -> dict:
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return {}
        if isinstance(raw, dict):  # some servers send an object instead of a JSON string
            return raw
        try:
            arguments = json.loads(raw)
        except (TypeError, ValueError) as bad:
            raise AdapterError(
                f"openai: {self.model} called {name} with arguments that are not valid JSON "
                f"({getattr(bad, 'msg', bad)}): {str(raw)[:80]!r}"
            ) from None
        if not isinstance(arguments, dict):
            raise AdapterError(f"openai: {self.model} called {name} with {type(arguments).__name__} arguments")
        return arguments

    def _text_of(self, reply: Any) -> str:
        content = _get(reply, "content")
        if content is None:
            content = _get(reply, "refusal")
        if content is None:
            return ""
        if not isinstance(content, str):
            raise AdapterError(f"openai: reply content is {type(content).__name__}, expected text")
        return content

    # -- one API call ----------------------------------------------------------------------------

    async def _complete(self, messages: list[dict], tools: list[dict], usage: _Usage, **extra: Any) -> Any:
        """One chat-completions call; returns the first choice's message. Every failure becomes an
        AdapterError naming what failed."""
        assert self._client is not None
        params: dict[str, Any] = {"model": self.model, "messages": messages, **extra}
        if tools:
            params["tools"] = tools
        else:
            params.pop("tool_choice", None)
        if self.temperature is not None:
            params["temperature"] = self.temperature
        where = f"openai: {self.model} at {self._endpoint()}"
        try:
            completion = await self._client.chat.completions.create(**params)
        except openai.APITimeoutError:
            raise AdapterError(f"{where}: no reply within {self.timeout:g} s{self._tries()}") from None
        except openai.APIConnectionError as failed:
            cause = failed.__cause__ or failed
            raise AdapterError(f"{where}: cannot connect{self._tries()}: {self._clean(str(cause))}") from None
        except openai.APIStatusError as failed:
            raise AdapterError(f"{where}: {self._status_message(failed)}") from None
        except openai.APIResponseValidationError as failed:
            raise AdapterError(f"{where}: reply is not a chat completion: {self._clean(failed.message)}") from None
        except ReplyTooLarge as failed:
            raise AdapterError(f"{where}: {failed}") from None
        except json.JSONDecodeError as failed:
            raise AdapterError(f"{where}: reply is not valid JSON ({failed.msg} at char {failed.pos})") from None
        except openai.OpenAIError as failed:
            raise AdapterError(f"{where}: {type(failed).__name__}: {self._clean(str(failed))}") from None
        except httpx.HTTPError as failed:
            raise AdapterError(f"{where}: {type(failed).__name__}: {self._clean(str(failed))}") from None
        if not isinstance(completion, ChatCompletion):
            raise AdapterError(f"{where}: reply is not JSON: {self._clean(str(completion))[:80]!r}")
        usage.add(_get(completion, "usage"))
        choices = _get(completion, "choices")
        if not isinstance(choices, list) or not choices:
            error = _get(completion, "error")
            if error:
                detail = _get(error, "message") if isinstance(error, dict) else error
                raise AdapterError(f"{where}: the endpoint answered an error: {self._clean(str(detail))[:300]}")
            raise AdapterError(f"{where}: reply has no choices")
        message = _get(choices[0], "message")
        if message is None:
            raise AdapterError(f"{where}: reply's first choice has no message")
        return message

    def _endpoint(self) -> str:
        return str(self._client.base_url) if self._client is not None else (self.base_url or "the OpenAI API")

    def _tries(self) -> str:
        return f" (tried {self.max_retries + 1} times)" if self.max_retries else ""

    def _status_message(self, failed: openai.APIStatusError) -> str:
        status = failed.status_code
        if status in (401, 403):  # providers echo parts of a wrong key: never quote them
            return f"HTTP {status}: the endpoint refused the credentials (check api_key)"
        body = failed.body
        detail = _get(body, "message") if isinstance(body, dict) else None
        if detail is None and isinstance(body, dict) and isinstance(body.get("error"), dict):
            detail = body["error"].get("message")
        detail = detail if detail is not None else (body if isinstance(body, str) else failed.message)
        retried = self._tries() if status >= 500 or status in (408, 409, 429) else ""
        return f"HTTP {status}{retried}: {self._clean(str(detail))[:300]}"

    def _clean(self, text: str) -> str:
        """`text` without the API key, header values, or anything shaped like a key."""
        for secret in [self._api_key, *self._headers.values()]:
            if secret and secret != NO_KEY and len(secret) >= 4:
                text = text.replace(secret, "***")
        return _KEY_LIKE.sub(r"\1-***", text)


class _Usage:
    """Tokens of every API call made for one reply (None when the endpoint reports none)."""

    def __init__(self) -> None:
        self.input_tokens = self.output_tokens = 0
        self.reported = False

    def add(self, usage: Any) -> None:
        if usage is None:
            return
        prompt, completion = _get(usage, "prompt_tokens"), _get(usage, "completion_tokens")
        if isinstance(prompt, int) or isinstance(completion, int):
            self.reported = True
            self.input_tokens += prompt if isinstance(prompt, int) else 0
            self.output_tokens += completion if isinstance(completion, int) else 0

    def as_dict(self, prices: dict | None) -> dict | None:
        if not self.reported:
            return None
        found: dict[str, Any] = {"input_tokens": self.input_tokens, "output_tokens": self.output_tokens}
        if prices:
            cost = (
                self.input_tokens * prices.get("input_per_million", 0)
                + self.output_tokens * prices.get("output_per_million", 0)
            ) / 1_000_000
            found["cost"] = round(cost, 8)
            found["currency"] = prices.get("currency", "USD")
        return found
