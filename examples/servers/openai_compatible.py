"""A small OpenAI-compatible chat-completions server that plays a tool-using support model, so the
`openai` adapter can be tried (and tested) without an API key or a GPU.

    python examples/servers/openai_compatible.py --port 8804 [--api-key KEY]

It answers `POST /v1/chat/completions` deterministically, the way a real model with tools would:
- the customer asks for a human (human, agent, real person, conseiller...): a `transfer_to_human`
  tool call whose summary carries the order numbers mentioned so far;
- the customer's last message names an order (A1042): a `get_order` tool call;
- after a tool result: a text answer built from that result (order status, carrier, delivery date;
  after a transfer, a goodbye);
- otherwise: it asks for the order number (or asks what else it can do once it has one).
It speaks English, or French when the system prompt says the customer's locale is `fr`, and every
reply carries `usage` (roughly four characters a token). With `--api-key`, requests must carry
`Authorization: Bearer KEY`, else 401. Importable: tests serve `Handler` in a thread.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

MODEL = "support-sim-1"
ORDER = re.compile(r"\b([A-Z]\d{3,6})\b")
HUMAN = re.compile(
    r"\b(human|real person|agent|someone real|operator|conseill[eè]re?|humain|quelqu'un de r[ée]el|une personne)\b",
    re.IGNORECASE,
)
MONTHS = {
    "en": "January February March April May June July August September October November December".split(),
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(),
}
SAY = {
    "en": {
        "ask_order": "I'd be happy to help. Could you give me your order number, please?",
        "anything_else": "Is there anything else I can help you with?",
        "no_order": "I couldn't find order {order}. Could you check the order number, please?",
        "in_transit": "Your order {order} is on its way with {carrier} (tracking number {tracking}). "
        "The estimated delivery date is {eta}.{last}",
        "last": " Latest update: {event}.",
        "delivered": "Your order {order} was delivered on {day}.",
        "status": "Your order {order} is currently {status}.",
        "transferred": "I'm sorry for the trouble. I've passed your conversation to a colleague, who can see "
        "everything we discussed, so you won't have to repeat yourself. They'll be with you shortly.",
        "summary": "Customer asked for a human agent.",
        "summary_orders": " Order(s) mentioned: {orders}.",
        "summary_last": ' Their last message: "{text}"',
        "reason": "customer asked for a human",
        "tool_failed": "Sorry, I couldn't complete that: {error}.",
    },
    "fr": {
        "ask_order": "Je vais vous aider. Pouvez-vous me donner votre numéro de commande, s'il vous plaît ?",
        "anything_else": "Puis-je vous aider pour autre chose ?",
        "no_order": "Je ne trouve pas la commande {order}. Pouvez-vous vérifier le numéro de commande ?",
        "in_transit": "Votre commande {order} est en cours de livraison avec {carrier} (numéro de suivi "
        "{tracking}). La livraison est prévue le {eta}.{last}",
        "last": " Dernier événement : {event}.",
        "delivered": "Votre commande {order} a été livrée le {day}.",
        "status": "Votre commande {order} est actuellement : {status}.",
        "transferred": "Je suis désolé pour ce désagrément. J'ai transmis votre demande à un conseiller, qui "
        "voit tout notre échange : vous n'aurez rien à répéter. Il vous répond très vite.",
        "summary": "Le client demande un conseiller humain.",
        "summary_orders": " Commande(s) citée(s) : {orders}.",
        "summary_last": " Son dernier message : « {text} »",
        "reason": "le client demande un humain",
        "tool_failed": "Désolé, je n'ai pas pu le faire : {error}.",
    },
}


def _day(iso: str | None, lang: str) -> str:
    """2026-03-12 -> "12 March 2026" / "12 mars 2026" (the form customers and graders expect)."""
    try:
        d = date.fromisoformat(str(iso))
    except ValueError:
        return str(iso)
    return f"{d.day} {MONTHS[lang][d.month - 1]} {d.year}"


def _language(messages: list[dict]) -> str:
    system = " ".join(str(m.get("content") or "") for m in messages if m.get("role") == "system")
    return "fr" if re.search(r"locale:\s*fr\b", system, re.IGNORECASE) else "en"


def _text(message: dict) -> str:
    content = message.get("content")
    if isinstance(content, list):  # content parts
        return " ".join(part.get("text", "") for part in content if isinstance(part, dict))
    return content if isinstance(content, str) else ""


def _tool_call(name: str, arguments: dict, index: int) -> dict:
    return {
        "id": f"call_{name}_{index}",
        "type": "function",
        "function": {"name": name, "arguments": json.dumps(arguments, ensure_ascii=False)},
    }


def _answer_tool_result(messages: list[dict], lang: str) -> str:
    """Text built from the tool results after the last assistant message (what a model does next)."""
    say = SAY[lang]
    calls = {}
    for m in messages:
        for call in m.get("tool_calls") or []:
            calls[call.get("id")] = call.get("function", {}).get("name")
    tail = []
    for m in reversed(messages):
        if m.get("role") != "tool":
            break
        tail.insert(0, m)
    parts = []
    for m in tail:
        name = calls.get(m.get("tool_call_id"), "")
        try:
            result = json.loads(_text(m))
        except ValueError:
            result = {"error": "unreadable result"}
        if name == "transfer_to_human":
            parts.append(say["transferred"])
        elif name == "get_order" and "error" in result:
            order = (ORDER.findall(result["error"]) or ["?"])[0]
            parts.append(say["no_order"].format(order=order))
        elif name == "get_order":
            order, shipment = result.get("order_id", "?"), result.get("shipment") or {}
            if result.get("status") == "delivered" and result.get("delivered_on"):
                parts.append(say["delivered"].format(order=order, day=_day(result["delivered_on"], lang)))
            elif shipment:
                last = say["last"].format(event=shipment["last_event"]) if shipment.get("last_event") else ""
                parts.append(
                    say["in_transit"].format(
                        order=order,
                        carrier=shipment.get("carrier", "?"),
                        tracking=shipment.get("tracking_number", "?"),
                        eta=_day(shipment.get("estimated_delivery"), lang),
                        last=last,
                    )
                )
            else:
                parts.append(say["status"].format(order=order, status=result.get("status", "?")))
        elif "error" in result:
            parts.append(say["tool_failed"].format(error=result["error"]))
    return " ".join(parts) or say["anything_else"]


def complete(request: dict) -> dict:
    """The deterministic 'model': one chat-completions request in, one chat.completion out."""
    messages = [m for m in request.get("messages") or [] if isinstance(m, dict)]
    offered = {t.get("function", {}).get("name") for t in request.get("tools") or [] if isinstance(t, dict)}
    may_call = request.get("tool_choice") != "none"
    lang = _language(messages)
    say = SAY[lang]
    last = messages[-1] if messages else {}
    user_text = " ".join(_text(m) for m in messages if m.get("role") == "user")
    orders = list(dict.fromkeys(ORDER.findall(user_text)))
    content, tool_calls = None, []
    if last.get("role") == "tool":
        content = _answer_tool_result(messages, lang)
    elif last.get("role") == "user" and HUMAN.search(_text(last)) and may_call and "transfer_to_human" in offered:
        summary = say["summary"]
        if orders:
            summary += say["summary_orders"].format(orders=", ".join(orders))
        summary += say["summary_last"].format(text=_text(last)[:300])
        tool_calls = [_tool_call("transfer_to_human", {"summary": summary, "reason": say["reason"]}, len(messages))]
    elif last.get("role") == "user" and ORDER.search(_text(last)) and may_call and "get_order" in offered:
        order = ORDER.findall(_text(last))[0]
        tool_calls = [_tool_call("get_order", {"order_id": order}, len(messages))]
    else:
        content = say["anything_else"] if orders else say["ask_order"]
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if tool_calls:
        message["tool_calls"] = tool_calls
    prompt_tokens = max(1, len(json.dumps(request.get("messages"), ensure_ascii=False)) // 4)
    completion_tokens = max(1, len(json.dumps(message, ensure_ascii=False)) // 4)
    return {
        "id": f"chatcmpl-{len(messages)}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": request.get("model") or MODEL,
        "choices": [{"index": 0, "message": message, "finish_reason": "tool_calls" if tool_calls else "stop"}],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


class Handler(BaseHTTPRequestHandler):
    """OpenAI-shaped HTTP front: /v1/chat/completions and /v1/models. Set `api_key` to require it."""

    api_key: str | None = None
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet: tests run many requests
        pass

    def _send(self, status: int, body: dict) -> None:
        data = json.dumps(body, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _error(self, status: int, message: str, kind: str = "invalid_request_error") -> None:
        self._send(status, {"error": {"message": message, "type": kind, "param": None, "code": None}})

    def _authorised(self) -> bool:
        if self.api_key and self.headers.get("Authorization") != f"Bearer {self.api_key}":
            self._error(401, "Invalid API key.", "authentication_error")
            return False
        return True

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        if not self._authorised():
            return
        if self.path.rstrip("/").endswith("/models"):
            self._send(200, {"object": "list", "data": [{"id": MODEL, "object": "model", "owned_by": "supportbench"}]})
        else:
            self._error(404, f"no route {self.path}")

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        if not self._authorised():
            return
        if not self.path.rstrip("/").endswith("/chat/completions"):
            self._error(404, f"no route {self.path}")
            return
        try:
            request = json.loads(raw)
        except ValueError:
            self._error(400, "body is not valid JSON")
            return
        if not isinstance(request, dict) or not request.get("model") or not isinstance(request.get("messages"), list):
            self._error(400, "'model' and 'messages' are required")
            return
        if request.get("stream"):
            self._error(400, "streaming is not supported by this example server")
            return
        self._send(200, self.answer(request))

    def answer(self, request: dict) -> dict:
        """The completion for a valid request (a subclass may record or change it)."""
        return complete(request)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Example OpenAI-compatible support model (deterministic).")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8804)
    parser.add_argument("--api-key", help="require this bearer token (default: accept any request)")
    args = parser.parse_args(argv)
    Handler.api_key = args.api_key
    server = ThreadingHTTPServer((args.host, args.port), Handler)
    server.daemon_threads = True
    print(f"OpenAI-compatible example server on http://{args.host}:{args.port}/v1 (model {MODEL})", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
