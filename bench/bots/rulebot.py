"""A rule-based support bot with switchable traits. With every trait on it is `careful`: it finds
the order or verifies identity through the domain's tools, acts, acknowledges emotion, and hands
sensitive cases to a human with a summary. Each reference bot turns one trait off (see reference.py),
so that each scorer has a bot it must catch."""

from __future__ import annotations

import re
from datetime import date, timedelta

from bench.bots.phrases import FEELINGS, ISSUE_LABELS, PHRASES, REASONS, say_date, say_money
from bench.bots.reflect import reflect
from bench.bots.understanding import EMOTIONAL, SIGNALS, extract, intent_of, signals
from bench.core.contract import BotReply, Session
from bench.core.text import find_amounts, matches_any, normalise

_ORDER_INTENTS = ("tracking", "return", "refund", "address_change", "cancel")
_BANK_INTENTS = ("lost_card", "fraud", "balance", "bereavement", "hardship")
_ADDRESS = re.compile(
    r"(?:address is|new address:?|adresse ?:|nouvelle adresse ?:?)\s*(.+?)\s*\.?$", re.IGNORECASE | re.MULTILINE
)


class RuleBot:
    """Traits: `empathy` (acknowledge feelings), `escalation` ("policy", "never" or "always"),
    `truthful` (state facts as the tools return them)."""

    def __init__(self, *, empathy: bool = True, escalation: str = "policy", truthful: bool = True):
        self.empathy = empathy
        self.escalation = escalation
        self.truthful = truthful

    # -- the turn ----------------------------------------------------------------------------
    def respond(self, message: str, session: Session) -> BotReply:
        lang = session.locale if session.locale in PHRASES else "en"
        memo = session.memory
        if "facts" not in memo:  # first turn (wrappers may have noted things already)
            memo.update(
                facts={}, intent=None, cues=set(), done=[], order=None, customer_id=None, verified=False, answered=False
            )
        found = signals(message)
        memo["facts"].update(extract(message))
        if address := _ADDRESS.search(message):
            memo["facts"]["address"] = address[1]
        if intent := intent_of(found):
            if memo["intent"] is None or intent in ("fraud", "bereavement", "lost_card"):
                memo["intent"] = intent
        new_cues = (found & set(EMOTIONAL)) - memo["cues"]
        memo["cues"] |= new_cues

        if self.escalation == "always":
            return BotReply(
                PHRASES[lang]["deflect"],
                handoff=True,
                handoff_summary="Customer needs help.",
                handoff_reason="transfer",
            )

        parts = []
        if self.empathy and new_cues:
            first = next(c for c in EMOTIONAL if c in new_cues)
            if first == "anger" and "repeat" in new_cues:
                first = "repeat"
            key = "empathy.hardship" if first == "vulnerable" else f"empathy.{first}"
            # the customer's own words come back first, so that the sympathy is about this customer
            said = reflect(message, lang, lambda s: matches_any(s, SIGNALS[first]))
            sep = " : " if lang == "fr" else ": "
            parts.append(f"{said}{sep}{_lower_first(PHRASES[lang][key])}" if said else PHRASES[lang][key])
        if "robot" in found:
            parts.append(PHRASES[lang]["i_am_ai"])
        if "human" in found and self.empathy:
            parts.append(PHRASES[lang]["heard_human"])

        reason = self._handoff_reason(found, memo)
        if reason and self.escalation == "policy":
            return self._handoff(parts, reason, session, lang)
        if "human" in found and self.escalation == "never":
            parts.append(PHRASES[lang]["no_human"])
        if not ("robot" in found and memo["intent"] is None):
            parts.append(self._handle(session, memo, lang, found))
        reason = self._handoff_reason(set(), memo)  # e.g. fraud, once the card is blocked
        if reason and self.escalation == "policy":
            return self._handoff(parts, reason, session, lang)
        return BotReply(" ".join(p for p in parts if p))

    def _handoff_reason(self, found: set[str], memo: dict) -> str | None:
        cues = memo["cues"]
        if "human" in found:
            return "human"
        if "bereavement" in cues:
            return "bereavement"
        if "fraud" in cues and "fraud_secured" in memo["done"]:
            return "fraud"
        for cue in ("hardship", "vulnerable"):
            if cue in cues:
                return cue
        if "repeat" in cues and ({"anger", "frustration"} & cues):
            return "repeat"
        return None

    def _handoff(self, parts: list[str], reason: str, session: Session, lang: str) -> BotReply:
        memo = session.memory
        phrases = PHRASES[lang]
        facts = memo["facts"]
        if facts.get("order_number") and not memo["order"]:
            self._load_order(session, memo)  # so the human sees the order's status too
        summary = [
            phrases[f"summary.{k}"].format(v=facts[k])
            for k in ("name", "email", "order_number", "card_last4")
            if k in facts
        ]
        if memo["order"]:
            summary.append(phrases["summary.status"].format(v=memo["order"]["status"]))
        summary.append(
            phrases["summary.issue"].format(v=ISSUE_LABELS[lang].get(memo["intent"], ISSUE_LABELS[lang][None]))
        )
        if memo["done"]:
            summary.append(phrases["summary.done"].format(v=", ".join(d for d in memo["done"] if d != "fraud_secured")))
        feelings = [FEELINGS[lang][c] for c in EMOTIONAL if c in memo["cues"]]
        if feelings:
            summary.append(phrases["summary.feeling"].format(v=", ".join(feelings)))
        summary.append(phrases["summary.reason"].format(v=REASONS[lang][reason]))
        said = " / ".join(t.text.strip() for t in session.history if t.role == "customer")
        summary.append(phrases["summary.words"].format(v=said if len(said) <= 600 else said[:599] + "…"))
        text = phrases["handoff_bereavement" if reason == "bereavement" else "handoff"]
        return BotReply(
            " ".join(parts + [text]),
            handoff=True,
            handoff_summary=" ".join(summary),
            handoff_reason=REASONS[lang][reason],
        )

    # -- intents -----------------------------------------------------------------------------
    def _handle(self, session: Session, memo: dict, lang: str, found: set[str]) -> str:
        phrases = PHRASES[lang]
        intent = memo["intent"]
        if intent is None:
            if "thanks" in found:
                return phrases["anything_else"]
            if memo["answered"]:
                return phrases["cannot_more"]
            return phrases["how_can_i_help.order" if _has(session, "get_order") else "how_can_i_help"]
        if intent == "hours":
            info = session.call_tool("get_store_info" if _has(session, "get_store_info") else "get_bank_info")
            return self._finish(memo, phrases["hours"].format(hours=info.get("support_hours", "?")), lang)
        if intent in _ORDER_INTENTS:
            return self._order_intent(session, memo, lang)
        if intent in _BANK_INTENTS:
            return self._bank_intent(session, memo, lang)
        return phrases["how_can_i_help"]

    def _finish(self, memo: dict, text: str, lang: str, did: str | None = None) -> str:
        if did:
            memo["done"].append(did)
        memo["intent"] = None
        memo["answered"] = True
        return text + " " + PHRASES[lang]["anything_else"]

    def _load_order(self, session: Session, memo: dict) -> dict | None:
        order_number = memo["facts"].get("order_number")
        if not order_number and memo["facts"].get("email") and _has(session, "find_customer"):
            who = session.call_tool("find_customer", email=memo["facts"]["email"])
            if "customer_id" in who:
                orders = session.call_tool("list_orders", customer_id=who["customer_id"]).get("orders", [])
                if len(orders) == 1:
                    order_number = memo["facts"]["order_number"] = orders[0]["order_id"]
        if not order_number:
            return None
        order = session.call_tool("get_order", order_id=order_number)
        memo["order"] = None if "error" in order else order
        return order

    def _order_intent(self, session: Session, memo: dict, lang: str) -> str:
        phrases = PHRASES[lang]
        order = memo["order"] or self._load_order(session, memo)
        if order is None:
            return phrases["ask_order"]
        if "error" in order:
            return phrases["order_not_found"].format(order=memo["facts"]["order_number"])
        number, intent = order["order_id"], memo["intent"]
        money = lambda amount: say_money(self._amount(amount), order["currency"], lang)  # noqa: E731
        if intent == "tracking":
            return self._finish(memo, self._status(order, lang), lang)
        if intent == "return" or (intent == "refund" and order["status"] == "delivered"):
            check = session.call_tool("check_return_eligibility", order_id=number)
            if not check.get("eligible"):
                if not self.truthful:
                    return self._finish(
                        memo, phrases["return_exception"].format(amount=money(order["total"]), order=number), lang
                    )
                deadline = (
                    phrases["return_deadline"].format(deadline=self._date(check["deadline"], lang))
                    if check.get("deadline")
                    else ""
                )
                reason = next(
                    (
                        phrases[k]
                        for k in ("refusal.window", "refusal.final_sale", "refusal.returned", "refusal.not_delivered")
                        if phrases[k + ".key"] in check.get("reason", "")
                    ),
                    check.get("reason", ""),
                )
                return self._finish(
                    memo, phrases["return_refused"].format(order=number, reason=reason, deadline=deadline), lang
                )
            made = session.call_tool("create_return", order_id=number, reason="customer request")
            if "error" in made:
                return phrases["cannot"].format(error=made["error"])
            return self._finish(
                memo,
                phrases["return_ok"].format(
                    return_id=made["return_id"], order=number, label=made["label"], amount=money(made["refund_amount"])
                ),
                lang,
                "return opened",
            )
        if intent == "refund":
            if order["status"] == "lost" or order.get("shipment", {}).get("status") == "lost":
                due = round(order["total"] - order.get("refunded", 0), 2)
                done = session.call_tool("issue_refund", order_id=number, amount=due, reason="parcel lost by carrier")
                if "error" in done:
                    return phrases["cannot"].format(error=done["error"])
                return self._finish(
                    memo, phrases["refund_done"].format(amount=money(due), order=number), lang, "refund issued"
                )
            return self._finish(memo, phrases["refund_pending"].format(order=number), lang)
        if intent == "address_change":
            address = memo["facts"].get("address")
            if not address:
                return phrases["ask_address"]
            done = session.call_tool("change_shipping_address", order_id=number, address=address)
            if "error" in done:
                return self._finish(memo, phrases["cannot"].format(error=done["error"]), lang)
            return self._finish(
                memo, phrases["address_changed"].format(order=number, address=address), lang, "address changed"
            )
        done = session.call_tool("cancel_order", order_id=number)  # cancel
        if "error" in done:
            return self._finish(memo, phrases["cannot"].format(error=done["error"]), lang)
        return self._finish(
            memo, phrases["cancelled"].format(order=number, amount=money(done["refunded"])), lang, "order cancelled"
        )

    def _status(self, order: dict, lang: str) -> str:
        phrases = PHRASES[lang]
        shipment = order.get("shipment", {})
        status = "lost" if shipment.get("status") == "lost" else order["status"]
        text = phrases[f"status.{status}"].format(
            order=order["order_id"],
            carrier=shipment.get("carrier", "?"),
            tracking=shipment.get("tracking_number", "?"),
            delivered=self._date(order["delivered_on"], lang) if order.get("delivered_on") else "?",
        )
        if status in ("shipped", "in_transit", "processing") and shipment.get("estimated_delivery"):
            text += phrases["eta"].format(eta=self._date(shipment["estimated_delivery"], lang))
        if shipment.get("last_event") and status != "delivered":
            text += phrases["last_event"].format(event=shipment["last_event"])
        if status == "lost":
            text += phrases["lost_offer"].format(
                amount=say_money(self._amount(order["total"]), order["currency"], lang)
            )
        return text

    def _verify(self, session: Session, memo: dict, lang: str) -> str | None:
        """None once identity is verified; otherwise what to ask the customer."""
        if memo["verified"]:
            return None
        phrases = PHRASES[lang]
        facts = memo["facts"]
        missing = [k for k in ("name", "date_of_birth") if k not in facts]
        if missing:
            return phrases["ask_identity"].format(missing=phrases["and"].join(phrases[f"missing.{k}"] for k in missing))
        ids = session.call_tool("find_customer", name=facts["name"]).get("customer_ids", [])
        for customer_id in ids:
            if session.call_tool("verify_identity", customer_id=customer_id, date_of_birth=facts["date_of_birth"]).get(
                "verified"
            ):
                memo.update(verified=True, customer_id=customer_id)
                return None
        facts.pop("date_of_birth", None)
        return phrases["identity_failed"]

    def _bank_intent(self, session: Session, memo: dict, lang: str) -> str:
        phrases = PHRASES[lang]
        intent = memo["intent"]
        if intent == "bereavement":
            return self._finish(memo, phrases["bereavement_self"], lang)
        if intent == "hardship":
            return self._finish(memo, phrases["hardship_self"], lang)
        ask = self._verify(session, memo, lang)
        if ask:
            return ask
        held = session.call_tool("get_accounts", customer_id=memo["customer_id"])
        accounts, cards, currency = held.get("accounts", {}), held.get("cards", {}), held.get("currency", "EUR")
        if intent == "balance":
            lines = [
                phrases["balance"].format(type=a["type"], amount=say_money(self._amount(a["balance"]), currency, lang))
                for a in accounts.values()
                if a["status"] == "open"
            ]
            return self._finish(memo, " ".join(lines), lang)
        said = []
        wanted = memo["facts"].get("card_last4")
        card = next(
            (cid for cid, c in cards.items() if c["status"] == "active" and (not wanted or c["last4"] == wanted)), None
        )
        if card is None:
            said.append(phrases["no_card"])
        else:
            blocked = session.call_tool("block_card", card_id=card, reason="fraud" if intent == "fraud" else "lost")
            if "error" not in blocked:
                memo["done"].append("card blocked" if lang == "en" else "carte bloquée")
                memo["facts"]["card_last4"] = cards[card]["last4"]
                said.append(phrases["card_blocked"].format(last4=cards[card]["last4"]))
        if intent == "fraud":
            said += self._dispute(session, memo, accounts, currency, lang)
            memo["done"].append("fraud_secured")
            memo["intent"] = "fraud"
            return " ".join(said)
        return self._finish(memo, " ".join(said), lang)

    def _dispute(self, session: Session, memo: dict, accounts: dict, currency: str, lang: str) -> list[str]:
        history = " ".join(t.text for t in session.history if t.role == "customer")
        amounts = {abs(a) for a, _ in find_amounts(history)}
        words = set(normalise(history).split())
        for account_id in accounts:
            for t in session.call_tool("get_transactions", account_id=account_id).get("transactions", []):
                merchant_named = any(w in words for w in normalise(t["merchant"]).split() if len(w) > 3)
                if t["status"] != "disputed" and (abs(t["amount"]) in amounts or merchant_named):
                    opened = session.call_tool(
                        "open_dispute", transaction_id=t["transaction_id"], reason="not recognised by customer"
                    )
                    if "error" not in opened:
                        memo["done"].append("dispute opened" if lang == "en" else "contestation ouverte")
                        return [
                            PHRASES[lang]["dispute_opened"].format(
                                dispute=opened["dispute_id"],
                                merchant=t["merchant"],
                                amount=say_money(self._amount(abs(t["amount"])), currency, lang),
                            )
                        ]
        return []

    # -- how facts are said: the fabulist's flaw lives here -----------------------------------
    def _date(self, iso: str, lang: str) -> str:
        if not self.truthful:
            iso = (date.fromisoformat(iso) + timedelta(days=3)).isoformat()
        return say_date(iso, lang)

    def _amount(self, amount: float) -> float:
        return amount if self.truthful else round(amount * 1.2 + 5, 2)


def _has(session: Session, tool_name: str) -> bool:
    return any(t["name"] == tool_name for t in session.tools)


def _lower_first(text: str) -> str:
    return text if text.startswith(("I ", "I'")) else text[:1].lower() + text[1:]
