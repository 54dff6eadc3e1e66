"""A small support bot behind a JSON-over-HTTP API of its own, to show (and benchmark) the generic
`http` adapter: examples/bots/http.yaml wires it up without any code.

    python examples/servers/http_bot.py --port 8811 [--latency 0.1]

API (stdlib only, one thread per connection, HTTP/1.1 keep-alive):
    POST /sessions {"lang": "en"}                         -> {"session_id": "s-1"}
    POST /chat {"session": "s-1" | null, "text": "...", "lang": "en", "history": [{role, text}, ...]}
        -> {"messages": [{"text": "..."}, ...], "escalate": false, "escalation_note": null,
            "escalation_reason": null, "actions": [{"tool": "get_order", "args": {"order_id": "A1042"}}]}
    GET /health                                           -> {"ok": true}
With a session the bot remembers the conversation itself; without one it reads the `history` sent
(a stateless bot). It greets, asks for the order number, tracks the orders of its own little order
system, hands off to a human on request ("human", "agent", "conseiller"...) with a note naming the
order, and otherwise says what it can do. `--latency` delays every /chat reply (concurrency benchmark).
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import threading
import time
import unicodedata
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# The bot's own order system (a vendor's bot knows its shop, not the benchmark's world).
ORDERS = {
    "A1042": {"status": "in_transit", "carrier": "Colissimo", "eta": (12, 3)},
    "B2077": {"status": "delayed", "carrier": "Chronopost", "eta": (11, 3)},
    "A2201": {"status": "delivered", "carrier": "DPD", "delivered": (6, 3)},
}
MONTHS = {
    "en": "January February March April May June July August September October November December".split(),
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(),
}
ORDER_ID = re.compile(r"\b([A-Z]\d{4})\b", re.IGNORECASE)
HUMAN = re.compile(
    r"\b(human|real person|agent|someone real|operator|conseill\w*|humain\w*|une? (vraie )?personne|quelqu.un de reel)"
)
TRACKING = re.compile(r"\b(parcel|package|order|deliver\w*|arriv\w*|track\w*|where|colis|commande|livr\w*|ou en est)")
GREETING = re.compile(r"^\W*(hi|hello|hey|good (morning|afternoon|evening)|bonjour|bonsoir|salut|bjr|coucou)\b")
UPSET = re.compile(
    r"(!!|not a bot|went wrong|still (not|no)|late|not normal|ridiculous|pas normal|toujours (pas|rien)|inadmissible)"
)
THANKS = re.compile(r"\b(thanks?|thank you|cheers|bye|merci|au revoir)\b")

SAY = {
    "en": {
        "hello": "Hello! I'm Maison Lumière's virtual assistant (an automated agent).",
        "sorry": "I'm sorry about this, let's sort it out.",
        "ask_order": "Could you give me your order number, please?",
        "unknown_order": "I can't find an order {order}. Could you check the order number?",
        "in_transit": "Your order {order} is on its way with {carrier}; it should arrive on {date}.",
        "delayed": "I'm sorry, your order {order} is delayed at {carrier}. The new estimated delivery date is {date}.",
        "delivered": "Your order {order} was delivered by {carrier} on {date}.",
        "handoff": "I'm sorry for the trouble. I'm passing you to a colleague now; they will see this conversation, "
        "so you won't have to repeat anything.",
        "note": "Customer asked to speak to a human.",
        "thanks": "You're welcome! Have a lovely day.",
        "fallback": "I can track an order for you, or pass you to a colleague if you'd prefer a person.",
    },
    "fr": {
        "hello": "Bonjour ! Je suis l'assistant virtuel de Maison Lumière (un agent automatique).",
        "sorry": "Je suis désolé pour ce désagrément, voyons cela ensemble.",
        "ask_order": "Pouvez-vous me donner votre numéro de commande, s'il vous plaît ?",
        "unknown_order": "Je ne trouve pas de commande {order}. Pouvez-vous vérifier le numéro de commande ?",
        "in_transit": "Votre commande {order} est en route avec {carrier} ; elle devrait arriver le {date}.",
        "delayed": "Je suis désolé, votre commande {order} a pris du retard chez {carrier}. "
        "La nouvelle date de livraison prévue est le {date}.",
        "delivered": "Votre commande {order} a été livrée par {carrier} le {date}.",
        "handoff": "Bien sûr. Je vous mets en relation avec un conseiller ; il verra notre échange, "
        "vous n'aurez rien à répéter.",
        "note": "Le client demande à parler à un conseiller.",
        "thanks": "Avec plaisir ! Bonne journée.",
        "fallback": "Je peux suivre une commande pour vous, ou vous passer un conseiller si vous préférez.",
    },
}


def _plain(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


def answer(text: str, lang: str, earlier: list[dict]) -> dict:
    """The bot's reply to `text`, given the earlier turns ({role, text}) of the conversation."""
    say = SAY["fr" if lang.startswith("fr") else "en"]
    months = MONTHS["fr" if lang.startswith("fr") else "en"]
    plain = _plain(text)
    customer_said = [t["text"] for t in earlier if t.get("role") in ("customer", "user")] + [text]
    orders = list(dict.fromkeys(o.upper() for line in customer_said for o in ORDER_ID.findall(line)))
    messages: list[str] = [] if earlier else [say["hello"]]
    if UPSET.search(plain):
        messages.append(say["sorry"])
    reply = {"messages": [], "escalate": False, "escalation_note": None, "escalation_reason": None, "actions": []}
    if HUMAN.search(plain):
        messages.append(say["handoff"])
        note = say["note"] + (f" Order: {', '.join(orders)}." if orders else "") + f' Last message: "{text}"'
        reply.update(escalate=True, escalation_note=note, escalation_reason="customer_request")
    elif found := ORDER_ID.findall(text):
        order_id = found[-1].upper()
        order = ORDERS.get(order_id)
        if order is None:
            messages.append(say["unknown_order"].format(order=order_id))
        else:
            day, month = order.get("eta") or order["delivered"]
            date = f"{day} {months[month - 1]}"
            messages.append(say[order["status"]].format(order=order_id, carrier=order["carrier"], date=date))
            reply["actions"].append({"tool": "get_order", "args": {"order_id": order_id}})
    elif TRACKING.search(plain):
        messages.append(say["ask_order"])
    elif THANKS.search(plain):
        messages.append(say["thanks"])
    elif not (GREETING.search(plain) and not earlier):
        messages.append(say["fallback"])
    reply["messages"] = [{"text": m} for m in messages]
    return reply


class Sessions:
    """Conversations the bot remembers itself (for clients that open a session)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._turns: dict[str, list[dict]] = {}

    def open(self) -> str:
        with self._lock:
            session_id = f"s-{next(self._ids)}"
            self._turns[session_id] = []
            return session_id

    def turns(self, session_id: str) -> list[dict] | None:
        with self._lock:
            return self._turns.get(session_id)


def handler(latency: float = 0.0) -> type[BaseHTTPRequestHandler]:
    """A request handler class with its own sessions, delaying each /chat reply by `latency` seconds."""
    sessions = Sessions()

    class BotHandler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive: a benchmark reuses its connections
        disable_nagle_algorithm = True  # else headers and body, written apart, wait 40 ms for a delayed ACK

        def log_message(self, *args: object) -> None:  # quiet: 1,000 conversations are not worth a log line each
            pass

        def _send(self, status: int, payload: dict) -> None:
            body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            if self.path == "/health":
                self._send(200, {"ok": True})
            else:
                self._send(404, {"error": "not found"})

        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers.get("Content-Length") or 0)
            try:
                request = json.loads(self.rfile.read(length) or b"{}")
            except json.JSONDecodeError:
                self._send(400, {"error": "body is not JSON"})
                return
            if self.path == "/sessions":
                self._send(200, {"session_id": sessions.open()})
            elif self.path == "/chat":
                self._chat(request)
            else:
                self._send(404, {"error": "not found"})

        def _chat(self, request: dict) -> None:
            text = request.get("text")
            if not isinstance(text, str):
                self._send(400, {"error": "text is required"})
                return
            session_id = request.get("session")
            remembered = sessions.turns(session_id) if session_id else None
            if session_id and remembered is None:
                self._send(404, {"error": f"no session {session_id}"})
                return
            earlier = remembered if remembered is not None else list(request.get("history") or [])
            reply = answer(text, str(request.get("lang") or "en"), earlier)
            if remembered is not None:
                remembered.append({"role": "customer", "text": text})
                remembered.append({"role": "bot", "text": "\n\n".join(m["text"] for m in reply["messages"])})
            if latency:
                time.sleep(latency)
            self._send(200, reply)

    return BotHandler


class BotServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 1024  # 256 conversations connect at once in the concurrency benchmark


def make_server(port: int = 0, latency: float = 0.0, host: str = "127.0.0.1") -> BotServer:
    """The server, bound but not yet serving (call serve_forever, in a thread for tests)."""
    return BotServer((host, port), handler(latency))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8811)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds of artificial delay per reply")
    args = parser.parse_args()
    server = make_server(args.port, args.latency, args.host)
    print(f"http_bot listening on http://{args.host}:{server.server_address[1]} (latency {args.latency:g} s)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
