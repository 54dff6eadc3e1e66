"""A small bot behind a Direct Line 3.0 endpoint, for examples/bots/directline.yaml and the adapter's tests.

    DIRECTLINE_SECRET=example-directline-secret python examples/servers/directline_like.py --port 3979

Speaks the part of Direct Line 3.0 a polling client uses:
- `POST /v3/directline/conversations` (Authorization: Bearer <secret>) -> 201 {conversationId, token, expires_in}
- `POST /v3/directline/conversations/{id}/activities` (Bearer secret or the conversation's token),
  a `message` activity with `from.id` -> 200 {id}
- `GET /v3/directline/conversations/{id}/activities?watermark=N` -> {activities, watermark}: every
  activity after the watermark, the user's own messages included (Direct Line echoes them).

Like a real bot behind Direct Line, it answers after a short delay and often in several activities
(a typing indicator, then one or more messages). It is a rule bot for the Maison Lumière shop: it
greets, gives the customer-service hours (English or French), suggests actions when it does not
understand, and when asked for a human it says so and sends a `handoff.initiate` event whose value
carries a summary (the Bot Framework handoff protocol).

Importable: `make_handler(secret, reply_delay, gap)` gives a handler class with its own state."""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

PREFIX = "/v3/directline/conversations"
BOT = {"id": "maison-lumiere-bot", "name": "Maison Lumière", "role": "bot"}

HUMAN = re.compile(r"\b(human|person|agent|operator|someone|humain|conseill\w*|quelqu'un|une personne)\b", re.I)
HOURS = re.compile(r"\b(hours|opening|open|horaires?|heures?|ouverts?)\b", re.I)
THANKS = re.compile(r"\b(thanks?|thank you|bye|goodbye|merci|au revoir)\b", re.I)
GREETING = re.compile(r"^\s*(hi|hello|hey|bonjour|salut|bonsoir)\b[\s!.,]*$", re.I)
FRENCH = re.compile(r"\b(bonjour|merci|je|vous|est|quels?|votre|horaires|conseiller|svp|s'il)\b", re.I)

SAY = {
    "en": {
        "handoff": "I'm sorry for the trouble. I'm passing you to a colleague now; they will see everything you wrote.",
        "hours": ["Our customer service is open Monday to Friday, 9am to 6pm.", "Anything else I can do for you?"],
        "thanks": "You're welcome. Have a good day!",
        "hello": "Hello! I'm the Maison Lumière virtual assistant. How can I help?",
        "fallback": "I'm a virtual assistant: I can give you our opening hours or put you through to a colleague.",
        "actions": ["Opening hours", "Talk to a human"],
        "summary": "Customer asked for a human. Their messages: ",
    },
    "fr": {
        "handoff": "Je suis désolé pour ce désagrément, je vous passe un conseiller : "
        "il verra tout ce que vous avez écrit.",
        "hours": [
            "Notre service client est ouvert du lundi au vendredi, de 9 h à 18 h.",
            "Puis-je faire autre chose pour vous ?",
        ],
        "thanks": "Avec plaisir, bonne journée !",
        "hello": "Bonjour ! Je suis l'assistant virtuel de Maison Lumière. Que puis-je faire pour vous ?",
        "fallback": "Je suis un assistant virtuel : je peux vous donner nos horaires ou vous passer un conseiller.",
        "actions": ["Horaires", "Parler à un conseiller"],
        "summary": "Le client demande un conseiller. Ses messages : ",
    },
}


def _message(text: str, actions: list[str] | None = None) -> dict:
    activity: dict = {"type": "message", "text": text}
    if actions:
        activity["suggestedActions"] = {"actions": [{"type": "imBack", "title": a, "value": a} for a in actions]}
    return activity


def answer(message: str, history: list[str], locale: str | None) -> list[dict]:
    """The bot's activities (without ids) answering one customer message."""
    lang = locale if locale in SAY else ("fr" if FRENCH.search(message) else "en")
    say = SAY[lang]
    # "when can I reach someone?" is a question about hours, not a request for a human
    if HOURS.search(message):
        return [{"type": "typing"}, *(_message(text) for text in say["hours"])]
    if HUMAN.search(message):
        summary = say["summary"] + " / ".join(history)
        return [
            _message(say["handoff"]),
            {
                "type": "event",
                "name": "handoff.initiate",
                "value": {"summary": summary, "reason": "customer asked for a human"},
            },
        ]
    if THANKS.search(message):
        return [_message(say["thanks"])]
    if GREETING.match(message):
        return [_message(say["hello"], say["actions"])]
    return [{"type": "typing"}, _message(say["fallback"], say["actions"])]


@dataclass
class Conversation:
    id: str
    token: str
    activities: list[dict] = field(default_factory=list)
    history: list[str] = field(default_factory=list)  # the user's messages, for the handoff summary
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, activity: dict) -> str:
        with self.lock:
            activity = {
                **activity,
                "id": f"{self.id}|{len(self.activities):07d}",
                "timestamp": datetime.now(UTC).isoformat(),
                "channelId": "directline",
                "conversation": {"id": self.id},
            }
            self.activities.append(activity)
            return activity["id"]


class DirectLineLikeHandler(BaseHTTPRequestHandler):
    """Direct Line 3.0, polling only. State and settings are per class (see make_handler)."""

    secret = "example-directline-secret"
    reply_delay = 0.3  # seconds before the bot's first activity
    gap = 0.2  # seconds between the activities of one reply
    conversations: dict[str, Conversation] = {}
    # (method, path, query, credential: "secret", "token" or "none") of every call, for tests
    requests: list[tuple[str, str, dict, str]] = []

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - http.server's signature
        pass

    def send_json(self, status: int, data: object) -> None:
        body = json.dumps(data, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped waiting

    def fail(self, status: int, code: str, message: str) -> None:
        self.send_json(status, {"error": {"code": code, "message": message}})

    def bearer(self) -> str:
        header = self.headers.get("Authorization", "")
        return header[7:] if header.startswith("Bearer ") else ""

    def route(self, method: str) -> tuple[Conversation | None, str] | None:
        """(conversation, rest of the path) once the caller is authorised; None when answered already."""
        url = urlsplit(self.path)
        parts = url.path[len(PREFIX) :].strip("/").split("/", 1)
        conversation = self.conversations.get(parts[0])
        bearer = self.bearer()
        credential = (
            "secret" if bearer == self.secret else "token" if conversation and bearer == conversation.token else "none"
        )
        self.requests.append((method, url.path, {k: v[-1] for k, v in parse_qs(url.query).items()}, credential))
        if not url.path.startswith(PREFIX):
            self.fail(404, "NotFound", f"no route {url.path}")
            return None
        if parts == [""]:
            if credential != "secret":
                self.fail(403, "Forbidden", "the secret is not valid")
                return None
            return None, ""
        if conversation is None:
            self.fail(404, "BadArgument", "conversation not found")
            return None
        if credential == "none":
            self.fail(403, "Forbidden", "token not valid for this conversation")
            return None
        return conversation, (parts[1] if len(parts) > 1 else "")

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        routed = self.route("POST")
        if routed is None:
            return
        conversation, rest = routed
        if conversation is None:
            new = Conversation(secrets.token_hex(8), "dl-token-" + secrets.token_urlsafe(24))
            self.conversations[new.id] = new
            self.send_json(201, {"conversationId": new.id, "token": new.token, "expires_in": 1800})
            return
        if rest != "activities":
            self.fail(404, "NotFound", f"no route {self.path}")
            return
        try:
            activity = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"null")
        except ValueError:
            self.fail(400, "BadArgument", "body is not JSON")
            return
        if not isinstance(activity, dict) or not isinstance((activity.get("from") or {}).get("id"), str):
            self.fail(400, "BadArgument", "an activity needs a type and from.id")
            return
        activity_id = conversation.add(activity)  # echoed to every poller, the user included
        self.send_json(200, {"id": activity_id})
        if activity.get("type") == "message" and isinstance(activity.get("text"), str):
            conversation.history.append(activity["text"])
            replies = answer(activity["text"], list(conversation.history), activity.get("locale"))
            threading.Thread(target=self.deliver, args=(conversation, replies, activity_id), daemon=True).start()

    def deliver(self, conversation: Conversation, replies: list[dict], reply_to: str) -> None:
        """Post the bot's activities the way a real bot does: late, one at a time."""
        time.sleep(self.reply_delay)
        for index, reply in enumerate(replies):
            if index:
                time.sleep(self.gap)
            conversation.add({**reply, "from": BOT, "replyToId": reply_to})

    def do_GET(self) -> None:  # noqa: N802
        routed = self.route("GET")
        if routed is None:
            return
        conversation, rest = routed
        if conversation is None or rest != "activities":
            self.fail(404, "NotFound", f"no route {self.path}")
            return
        watermark = parse_qs(urlsplit(self.path).query).get("watermark", ["0"])[-1]
        start = int(watermark) if watermark.isdigit() else 0
        with conversation.lock:
            activities, watermark = conversation.activities[start:], str(len(conversation.activities))
        self.send_json(200, {"activities": activities, "watermark": watermark})


def make_handler(
    secret: str = DirectLineLikeHandler.secret, reply_delay: float = 0.3, gap: float = 0.2
) -> type[DirectLineLikeHandler]:
    """A handler class with its own conversations and settings (one per server)."""
    attributes = {"secret": secret, "reply_delay": reply_delay, "gap": gap, "conversations": {}, "requests": []}
    return type("DirectLineLikeHandler", (DirectLineLikeHandler,), attributes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=3979)
    parser.add_argument(
        "--secret", default=os.environ.get("DIRECTLINE_SECRET"), help="Default: $DIRECTLINE_SECRET, else an example."
    )
    parser.add_argument("--reply-delay", type=float, default=0.3)
    args = parser.parse_args()
    secret = args.secret or DirectLineLikeHandler.secret
    server = ThreadingHTTPServer((args.host, args.port), make_handler(secret, args.reply_delay))
    print(f"direct-line-like bot on http://{args.host}:{args.port}{PREFIX}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
