"""A small bot speaking Rasa's REST channel, for examples/bots/rasa.yaml and the adapter's tests.

    python examples/servers/rasa_like.py --port 5005

`POST /webhooks/rest/webhook {sender, message, metadata?}` answers a list of messages
`{recipient_id, text, buttons, custom}` like Rasa does: a rule bot for the Maison Lumière shop that
greets, gives the customer-service hours (English or French), offers buttons when it does not
understand, and, when asked for a human, says so in a text message followed by a custom-payload
message `{"custom": {"handoff": {"summary", "reason"}, "intent": "human_handoff"}}` (what a Rasa
custom action would send). It remembers each sender's messages to write the handoff summary.

Importable: `make_handler()` gives a handler class with its own memory, for `http.server`."""

from __future__ import annotations

import argparse
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HUMAN = re.compile(r"\b(human|person|agent|operator|someone|humain|conseill\w*|quelqu'un|une personne)\b", re.I)
HOURS = re.compile(r"\b(hours|opening|open|horaires?|heures?|ouverts?)\b", re.I)
THANKS = re.compile(r"\b(thanks?|thank you|bye|goodbye|merci|au revoir)\b", re.I)
GREETING = re.compile(r"^\s*(hi|hello|hey|bonjour|salut|bonsoir)\b[\s!.,]*$", re.I)
FRENCH = re.compile(r"\b(bonjour|merci|je|vous|est|quels?|votre|horaires|conseiller|svp|s'il)\b", re.I)

SAY = {
    "en": {
        "handoff": "I'm sorry for the trouble. I'm passing you to a colleague now; they will see everything you wrote.",
        "hours": "Our customer service is open Monday to Friday, 9am to 6pm.",
        "thanks": "You're welcome. Have a good day!",
        "hello": "Hello! I'm the Maison Lumière virtual assistant. How can I help?",
        "fallback": "I'm a virtual assistant: I can give you our opening hours or put you through to a colleague.",
        "buttons": [("Opening hours", "/ask_hours"), ("Talk to a human", "/handoff")],
        "summary": "Customer asked for a human. Their messages: ",
    },
    "fr": {
        "handoff": "Je suis désolé pour ce désagrément, je vous passe un conseiller : "
        "il verra tout ce que vous avez écrit.",
        "hours": "Notre service client est ouvert du lundi au vendredi, de 9 h à 18 h.",
        "thanks": "Avec plaisir, bonne journée !",
        "hello": "Bonjour ! Je suis l'assistant virtuel de Maison Lumière. Que puis-je faire pour vous ?",
        "fallback": "Je suis un assistant virtuel : je peux vous donner nos horaires ou vous passer un conseiller.",
        "buttons": [("Horaires", "/ask_hours"), ("Parler à un conseiller", "/handoff")],
        "summary": "Le client demande un conseiller. Ses messages : ",
    },
}


def language(message: str, metadata: object) -> str:
    """The locale the channel sent, else a guess from the words."""
    if isinstance(metadata, dict) and metadata.get("locale") in SAY:
        return metadata["locale"]
    return "fr" if FRENCH.search(message) else "en"


def answer(sender: str, message: str, history: list[str], lang: str) -> list[dict]:
    """Rasa's reply to one message: a list of messages for `sender`."""
    say = SAY[lang]
    intent = message.strip()[1:] if message.strip().startswith("/") else None
    # "when can I reach someone?" is a question about hours, not a request for a human
    if intent == "ask_hours" or (intent is None and HOURS.search(message)):
        return [{"recipient_id": sender, "text": say["hours"]}]
    if intent == "handoff" or (intent is None and HUMAN.search(message)):
        summary = say["summary"] + " / ".join(m for m in history if not m.startswith("/"))
        handoff = {"summary": summary, "reason": "customer asked for a human"}
        return [
            {"recipient_id": sender, "text": say["handoff"]},
            {"recipient_id": sender, "custom": {"handoff": handoff, "intent": "human_handoff"}},
        ]
    if THANKS.search(message):
        return [{"recipient_id": sender, "text": say["thanks"]}]
    buttons = [{"title": title, "payload": payload} for title, payload in say["buttons"]]
    if GREETING.match(message):
        return [{"recipient_id": sender, "text": say["hello"], "buttons": buttons}]
    return [{"recipient_id": sender, "text": say["fallback"], "buttons": buttons}]


class RasaLikeHandler(BaseHTTPRequestHandler):
    """Rasa's REST channel. Each sender's messages are kept in `conversations` (per class)."""

    conversations: dict[str, list[str]] = {}
    lock = threading.Lock()

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

    def read_json(self) -> object:
        length = int(self.headers.get("Content-Length") or 0)
        return json.loads(self.rfile.read(length) or b"null")

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        if self.path.rstrip("/") in ("", "/webhooks/rest"):
            self.send_json(200, {"status": "ok", "server": "rasa-like"})
        else:
            self.send_json(404, {"error": f"no route {self.path}"})

    def do_POST(self) -> None:  # noqa: N802
        if self.path.split("?")[0] != "/webhooks/rest/webhook":
            self.send_json(404, {"error": f"no route {self.path}"})
            return
        try:
            data = self.read_json()
        except ValueError:
            self.send_json(400, {"error": "body is not JSON"})
            return
        if not isinstance(data, dict) or not isinstance(data.get("message"), str):
            self.send_json(400, {"error": "expected {sender, message}"})
            return
        sender = str(data.get("sender") or "default")
        with self.lock:
            history = self.conversations.setdefault(sender, [])
            history.append(data["message"])
            seen = list(history)
        self.send_json(200, answer(sender, data["message"], seen, language(data["message"], data.get("metadata"))))


def make_handler() -> type[RasaLikeHandler]:
    """A handler class with its own conversation memory (one per server)."""
    return type("RasaLikeHandler", (RasaLikeHandler,), {"conversations": {}, "lock": threading.Lock()})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5005)
    args = parser.parse_args()
    server = ThreadingHTTPServer((args.host, args.port), make_handler())
    print(f"rasa-like bot on http://{args.host}:{args.port}/webhooks/rest/webhook", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
