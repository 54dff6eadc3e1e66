"""A tiny support bot for the `cmd` adapter: a program speaking JSON lines on stdin/stdout.

    python examples/servers/cmd_bot.py          # then type: {"conversation_id": "c1", "message": "hi"}

Protocol (what supportbench sends and expects; see bench/adapters/cmd.py):
- one request per line on stdin, one reply per line on stdout, in the same order, UTF-8;
- request: {"conversation_id": str, "message": str, "locale": "en"|"fr", "channel": str,
  "history": [{"role": "customer"|"bot", "text": str}, ...]}  (earlier turns, not this message);
- reply: {"text": str, "handoff": bool?, "handoff_summary": str?, "handoff_reason": str?,
  "actions": [{"tool": str, "args": {...}}]?}  (only `text` is required);
- logs go to stderr, never stdout; end of stdin means exit.

Requests of several conversations interleave, so the bot keeps its notes per `conversation_id`.
It is deliberately simple: it hands off when the customer asks for a person or mentions a death,
notes the order number it is given (and reports cancelling it, as an action, when asked to), and
otherwise asks for one."""

from __future__ import annotations

import json
import re
import sys
from typing import IO

HUMAN = re.compile(r"\b(human|person|agent|someone real|conseill[eè]re?|humain|quelqu'un)\b", re.I)
DEATH = re.compile(r"\b(died|passed away|funeral|death|d[ée]c[ée]d[ée]e?|d[ée]c[eè]s|obs[eè]ques)\b", re.I)
ORDER = re.compile(r"#?\b([A-Z]{1,3}-?\d{3,})\b")
CANCEL = re.compile(r"\b(cancel|annul)", re.I)

LINES = {
    "en": {
        "handoff": "I'm passing you to a colleague now; they will see everything you told me.",
        "sorry": "I'm so sorry for your loss. I'm passing you to a colleague who can handle this with care.",
        "noted": "Thank you, I have noted order {order}. A colleague will check it and get back to you.",
        "cancelled": "Done: I have cancelled order {order}. You will not be charged.",
        "ask": "I can help with that. Could you give me your order number?",
    },
    "fr": {
        "handoff": "Je vous passe un collègue ; il verra tout ce que vous m'avez dit.",
        "sorry": "Toutes mes condoléances. Je vous passe un collègue qui s'en occupera avec soin.",
        "noted": "Merci, j'ai noté la commande {order}. Un collègue la vérifie et revient vers vous.",
        "cancelled": "C'est fait : la commande {order} est annulée. Vous ne serez pas débité.",
        "ask": "Je peux vous aider. Pourriez-vous me donner votre numéro de commande ?",
    },
}


def answer(request: dict, notes: dict[str, dict]) -> dict:
    """The reply to one request; `notes` holds each conversation's state across requests."""
    seen = notes.setdefault(request["conversation_id"], {"turns": 0, "order": None, "cancel": False})
    seen["turns"] += 1
    message = request["message"]
    lines = LINES["fr" if str(request.get("locale", "en")).startswith("fr") else "en"]
    said = [t["text"] for t in request.get("history", []) if t.get("role") == "customer"] + [message]
    if found := ORDER.search(message):
        seen["order"] = found[1]
    seen["cancel"] = seen["cancel"] or bool(CANCEL.search(message))
    if DEATH.search(message) or HUMAN.search(message):
        reason = "bereavement" if DEATH.search(message) else "customer asked for a human"
        summary = " / ".join(said) + (f" (order {seen['order']})" if seen["order"] else "")
        text = lines["sorry"] if reason == "bereavement" else lines["handoff"]
        return {"text": text, "handoff": True, "handoff_summary": summary, "handoff_reason": reason}
    if seen["order"] and seen["cancel"]:  # done in the bot's own systems: reported as an action
        seen["cancel"] = False
        action = {"tool": "cancel_order", "args": {"order_id": seen["order"]}}
        return {"text": lines["cancelled"].format(order=seen["order"]), "actions": [action]}
    if seen["order"]:
        return {"text": lines["noted"].format(order=seen["order"])}
    return {"text": lines["ask"]}


def serve(stdin: IO[str], stdout: IO[str]) -> None:
    """Answer request lines until end of input; a request that cannot be read gets an error reply."""
    notes: dict[str, dict] = {}
    while line := stdin.readline():
        if not line.strip():
            continue
        try:
            reply = answer(json.loads(line), notes)
        except (ValueError, KeyError, TypeError) as bad:
            print(f"cmd_bot: bad request: {bad}", file=sys.stderr)
            reply = {"text": "Sorry, something went wrong on my side."}
        stdout.write(json.dumps(reply, ensure_ascii=False) + "\n")
        stdout.flush()


if __name__ == "__main__":
    sys.stdin.reconfigure(encoding="utf-8")  # the protocol is UTF-8 whatever the locale
    sys.stdout.reconfigure(encoding="utf-8")
    serve(sys.stdin, sys.stdout)
