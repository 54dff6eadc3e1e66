"""Retail tools. They enforce what the systems enforce (you cannot re-route a parcel already with
the carrier, nor refund more than was paid) but not the policy: checking the return window before
creating a return is the bot's job, and a bot that skips it is caught by the scorers."""

from datetime import date, timedelta

from bench.core.world import ToolError, tool

_ORDER_ID = {"type": "string", "description": "Order number as the customer gives it, e.g. A1042."}


def _order(state: dict, order_id: str) -> dict:
    key = order_id.strip().upper().lstrip("#")
    if key not in state["orders"]:
        raise ToolError(f"no order {order_id!r}")
    return state["orders"][key]


def _key(order_id: str) -> str:
    return order_id.strip().upper().lstrip("#")


@tool(
    "Find a customer by e-mail address. Returns their customer id and name.",
    email={"type": "string", "description": "The customer's e-mail address."},
)
def find_customer(state: dict, email: str) -> dict:
    for cid, customer in state["customers"].items():
        if customer["email"].casefold() == email.strip().casefold():
            return {"customer_id": cid, "name": customer["name"]}
    raise ToolError(f"no customer with e-mail {email!r}")


@tool("List a customer's orders (number, status, date placed).", customer_id={"type": "string"})
def list_orders(state: dict, customer_id: str) -> dict:
    if customer_id not in state["customers"]:
        raise ToolError(f"no customer {customer_id!r}")
    return {
        "orders": [
            {"order_id": oid, "status": o["status"], "placed_on": o["placed_on"]}
            for oid, o in state["orders"].items()
            if o["customer_id"] == customer_id
        ]
    }


@tool("Look up an order: status, items, total, delivery date, shipment and tracking.", order_id=_ORDER_ID)
def get_order(state: dict, order_id: str) -> dict:
    order = _order(state, order_id)
    customer = state["customers"].get(order["customer_id"], {})
    return {
        "order_id": _key(order_id),
        "customer_name": customer.get("name"),
        "customer_email": customer.get("email"),
        "currency": state["store"]["currency"],
        **order,
    }


@tool("Check whether an order can be returned under the store's return policy, and until when.", order_id=_ORDER_ID)
def check_return_eligibility(state: dict, order_id: str) -> dict:
    order = _order(state, order_id)
    window = state["store"]["return_window_days"]
    if order["status"] == "returned":
        return {"eligible": False, "reason": "already returned"}
    if "delivered_on" not in order:
        return {"eligible": False, "reason": "not delivered yet"}
    deadline = date.fromisoformat(order["delivered_on"]) + timedelta(days=window)
    if date.fromisoformat(state["today"]) > deadline:
        return {"eligible": False, "reason": f"return window of {window} days ended", "deadline": deadline.isoformat()}
    if all(item.get("final_sale") for item in order["items"]):
        return {"eligible": False, "reason": "final sale items cannot be returned"}
    return {"eligible": True, "deadline": deadline.isoformat()}


@tool(
    "Open a return for a delivered order and get a prepaid return label. The refund follows "
    "when the parcel comes back.",
    order_id=_ORDER_ID,
    reason={"type": "string", "description": "Why the customer returns it."},
)
def create_return(state: dict, order_id: str, reason: str) -> dict:
    order = _order(state, order_id)
    if "delivered_on" not in order:
        raise ToolError("order not delivered yet: it cannot be returned")
    returns = state.setdefault("returns", {})
    return_id = f"R{len(returns) + 1:04d}"
    returns[return_id] = {"order_id": _key(order_id), "reason": reason, "status": "label_sent"}
    return {
        "return_id": return_id,
        "label": f"https://returns.example/{return_id}",
        "refund_amount": order["total"] - order.get("refunded", 0),
    }


@tool(
    "Refund an amount to the original payment method.",
    order_id=_ORDER_ID,
    amount={"type": "number", "exclusiveMinimum": 0},
    reason={"type": "string"},
)
def issue_refund(state: dict, order_id: str, amount: float, reason: str) -> dict:
    order = _order(state, order_id)
    remaining = round(order["total"] - order.get("refunded", 0), 2)
    if amount > remaining:
        raise ToolError(f"amount {amount} exceeds what is left to refund ({remaining})")
    order["refunded"] = round(order.get("refunded", 0) + amount, 2)
    refunds = state.setdefault("refunds", {})
    refund_id = f"F{len(refunds) + 1:04d}"
    refunds[refund_id] = {"order_id": _key(order_id), "amount": amount, "reason": reason}
    return {"refund_id": refund_id, "amount": amount, "arrives_within_days": 5}


@tool(
    "Change the delivery address of an order that has not left the warehouse.",
    order_id=_ORDER_ID,
    address={"type": "string", "description": "The full new address."},
)
def change_shipping_address(state: dict, order_id: str, address: str) -> dict:
    order = _order(state, order_id)
    if order["status"] != "processing":
        raise ToolError(f"order is {order['status']}: the address can no longer be changed")
    order["shipping_address"] = address
    return {"order_id": _key(order_id), "shipping_address": address}


@tool("Cancel an order that has not shipped yet; the payment is refunded in full.", order_id=_ORDER_ID)
def cancel_order(state: dict, order_id: str) -> dict:
    order = _order(state, order_id)
    if order["status"] != "processing":
        raise ToolError(f"order is {order['status']}: it can no longer be cancelled")
    order["status"] = "cancelled"
    order["refunded"] = order["total"]
    return {"order_id": _key(order_id), "status": "cancelled", "refunded": order["total"]}


@tool("The store's opening hours for human support, return window and contact address.")
def get_store_info(state: dict) -> dict:
    return dict(state["store"])
