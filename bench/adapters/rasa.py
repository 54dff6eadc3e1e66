"""The `rasa` adapter: a bot behind Rasa's REST channel.

Each customer message is `POST <url>/webhooks/rest/webhook {sender, message, metadata}` with the
conversation's id as the sender, so Rasa keeps one tracker per conversation. The reply is a list of
messages `{recipient_id, text, buttons, image, custom}`: their texts are joined, button titles are
appended as the options the customer was offered, and a handoff is recognised the way the config says
(a key of a message's `custom` payload, `custom.intent`, or a pattern on the text: any that matches).

Requests go through `bench.adapters._http.request_json` (timeouts, retries, the 1 MB reply cap)."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx

from bench.adapters._http import request_json
from bench.adapters.config import BotConfig, BotConfigError
from bench.adapters.errors import AdapterError
from bench.core.contract import BotReply, Session

WEBHOOK = "/webhooks/rest/webhook"
DEFAULT_HANDOFF = {"custom_key": "handoff"}


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
                raise BotConfigError(
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
