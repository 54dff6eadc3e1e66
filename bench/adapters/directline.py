"""The `directline` adapter: a Microsoft Bot Framework bot reached through Direct Line 3.0.

Per conversation (kept in `session.memory`): start a Direct Line conversation with the secret, then
for each customer message post a `message` activity and poll the activities with the watermark every
`poll_interval`. Direct Line is asynchronous: a bot may answer late and in several activities, so the
reply is every bot activity that arrives until `reply_wait` seconds pass with nothing new after at
least one (or until a handoff event). The customer's own echoed activities are skipped. A
`handoff.initiate` event (the Bot Framework handoff protocol) is a handoff whose `value` carries the
summary.

The secret is only sent in the Authorization header of the call that starts a conversation; later
calls use that conversation's token. Both are registered as secrets, so no artifact ever shows them."""

from __future__ import annotations

import asyncio
import json
from typing import Any
from urllib.parse import quote

import httpx

from bench.adapters._http import ReplyTimeout, request_json
from bench.adapters.config import BotConfig
from bench.adapters.errors import AdapterError
from bench.core import secrets
from bench.core.contract import BotReply, Session

DEFAULT_URL = "https://directline.botframework.com/v3/directline"
_MEMORY = "directline"


class DirectLineBot:
    """A Bot Framework bot on Direct Line 3.0 (Azure Bot Service or any server speaking it)."""

    def __init__(self, config: BotConfig):
        options = config.options
        self.base = (options.get("url") or DEFAULT_URL).rstrip("/")
        self.secret: str = options["secret"]
        self.poll_interval = float(options.get("poll_interval", 0.5))
        self.reply_wait = float(options.get("reply_wait", 1.5))
        self.timeout = float(options.get("timeout", 30))
        self.retries = int(options.get("retries", 2))
        self.backoff = float(options.get("backoff", 0.5))
        self.handoff_event = options.get("handoff_event", "handoff.initiate")
        secrets.register(self.secret)  # even when written literally in the config
        self.client: httpx.AsyncClient | None = None

    async def start(self) -> None:
        """Open one connection pool for every conversation."""
        if self.client is None:
            self.client = httpx.AsyncClient(timeout=self.timeout)

    async def close(self) -> None:
        if self.client is not None:
            await self.client.aclose()
            self.client = None

    async def respond(self, message: str, session: Session) -> BotReply:
        """Post the customer's message and gather the bot's activities that answer it."""
        await self.start()
        deadline = asyncio.get_running_loop().time() + self.timeout
        conversation = session.memory.get(_MEMORY)
        if conversation is None:
            conversation = await self._start_conversation(session, deadline)
            session.memory[_MEMORY] = conversation
        activity = {
            "type": "message",
            "from": {"id": conversation["user_id"], "name": "customer", "role": "user"},
            "text": message,
            "locale": session.locale,
            "channelData": {"channel": session.channel},
        }
        posted = await self._call(
            "POST", conversation, "/activities", deadline, json=activity, headers=self._auth(conversation)
        )
        if not isinstance(posted, dict) or "id" not in posted:
            raise AdapterError("directline: posting the message: the reply has no activity `id`")
        return await self._collect(conversation, deadline)

    def _auth(self, conversation: dict | None = None) -> dict[str, str]:
        token = (conversation or {}).get("token") or self.secret
        return {"Authorization": f"Bearer {token}"}

    async def _call(self, method: str, conversation: dict | None, path: str, deadline: float, **kwargs: Any) -> Any:
        where = f"{self.base}/conversations"
        if conversation is not None:
            where += "/" + quote(conversation["id"], safe="")
        remaining = deadline - asyncio.get_running_loop().time()
        if remaining <= 0:
            raise ReplyTimeout(f"directline: no reply within {self.timeout:g} s")
        return await request_json(
            self.client,
            method,
            where + path,
            what=f"directline: {method} {where + path}",
            timeout=remaining,
            retries=self.retries,
            backoff=self.backoff,
            budget=self.timeout,
            **kwargs,
        )

    async def _start_conversation(self, session: Session, deadline: float) -> dict:
        started = await self._call("POST", None, "", deadline, headers=self._auth())
        if not isinstance(started, dict) or not isinstance(started.get("conversationId"), str):
            raise AdapterError("directline: starting a conversation: the reply has no `conversationId`")
        token = started.get("token")
        if isinstance(token, str):
            secrets.register(token)
        return {
            "id": started["conversationId"],
            "token": token if isinstance(token, str) else None,
            "user_id": session.id,
            "watermark": None,
        }

    async def _collect(self, conversation: dict, deadline: float) -> BotReply:
        """Poll until the bot has been quiet for `reply_wait` after answering, or hands off."""
        loop = asyncio.get_running_loop()
        lines: list[str] = []
        handoff: dict | None = None
        last_new: float | None = None
        polled = False
        while True:
            params = {"watermark": conversation["watermark"]} if conversation["watermark"] is not None else None
            try:
                page = await self._call(
                    "GET", conversation, "/activities", deadline, params=params, headers=self._auth(conversation)
                )
            except ReplyTimeout:
                if not polled:  # the server itself does not answer: say so
                    raise
                return self._out_of_time(lines, last_new)  # time ran out during a later poll
            polled = True
            if not isinstance(page, dict) or not isinstance(page.get("activities"), list):
                raise AdapterError("directline: polling activities: the reply has no `activities` list")
            if page.get("watermark") is not None:
                conversation["watermark"] = str(page["watermark"])
            fresh = False
            for activity in page["activities"]:
                if not isinstance(activity, dict):
                    raise AdapterError("directline: polling activities: an activity is not an object")
                if (activity.get("from") or {}).get("id") == conversation["user_id"]:
                    continue  # the customer's own message, echoed back
                if activity.get("type") == "message":
                    lines.extend(message_lines(activity))
                    fresh = True
                elif activity.get("type") == "event" and activity.get("name") == self.handoff_event:
                    handoff = handoff or _handoff_of(activity.get("value"))
                    fresh = True
            now = loop.time()
            if fresh:
                last_new = now
            if handoff is not None:
                return BotReply("\n".join(lines), True, handoff["summary"], handoff["reason"])
            if last_new is not None and now - last_new >= self.reply_wait:
                return BotReply("\n".join(lines))
            if now + self.poll_interval >= deadline:
                return self._out_of_time(lines, last_new)
            await asyncio.sleep(self.poll_interval)

    def _out_of_time(self, lines: list[str], last_new: float | None) -> BotReply:
        """The overall timeout: a bot still talking keeps what it said so far; a silent one is an error."""
        if last_new is None:
            raise AdapterError(f"directline: no bot activity within {self.timeout:g} s")
        return BotReply("\n".join(lines))


def message_lines(activity: dict) -> list[str]:
    """The text a customer sees in a message activity: its text, the text of hero/thumbnail and
    adaptive cards, and the titles of suggested actions and card buttons as options."""
    lines = [activity["text"]] if isinstance(activity.get("text"), str) and activity["text"] else []
    options: list[str] = []
    for attachment in activity.get("attachments") or []:
        content = attachment.get("content") if isinstance(attachment, dict) else None
        if not isinstance(content, dict):
            continue
        if content.get("type") == "AdaptiveCard":
            lines.extend(_adaptive_texts(content.get("body")))
            options.extend(_titles(content.get("actions")))
        else:
            lines.extend(str(content[k]) for k in ("title", "subtitle", "text") if content.get(k))
            options.extend(_titles(content.get("buttons")))
    options.extend(_titles((activity.get("suggestedActions") or {}).get("actions")))
    if options:
        lines.append("Options: " + " | ".join(options))
    return lines


def _titles(actions: Any) -> list[str]:
    return [str(a["title"]) for a in actions or [] if isinstance(a, dict) and a.get("title")]


def _adaptive_texts(elements: Any) -> list[str]:
    """TextBlock texts of an adaptive card, in order, containers included."""
    found: list[str] = []
    for element in elements if isinstance(elements, list) else []:
        if not isinstance(element, dict):
            continue
        if element.get("type") == "TextBlock" and element.get("text"):
            found.append(str(element["text"]))
        for key in ("items", "columns", "body"):
            found.extend(_adaptive_texts(element.get(key)))
    return found


def _handoff_of(value: Any) -> dict:
    """Summary and reason from a handoff event's value: `{summary, reason, ...}`, a plain string, or
    any other context object (kept whole as the summary, so nothing the bot passed on is lost)."""
    if isinstance(value, str):
        return {"summary": value or None, "reason": None}
    if isinstance(value, dict):
        summary = value.get("summary")
        rest = {k: v for k, v in value.items() if k != "reason"}
        if summary is None and rest:
            summary = json.dumps(rest, ensure_ascii=False)
        elif summary is not None and not isinstance(summary, str):
            summary = json.dumps(summary, ensure_ascii=False)
        reason = value.get("reason")
        return {"summary": summary or None, "reason": reason if isinstance(reason, str) else None}
    if value is None:
        return {"summary": None, "reason": None}
    return {"summary": json.dumps(value, ensure_ascii=False), "reason": None}
