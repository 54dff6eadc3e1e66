"""Banking tools. Like real core-banking systems they check existence and state, not the policy:
verifying identity first, or not closing a deceased holder's account, is the bot's job."""

from bench.core.world import ToolError, tool


def _get(state: dict, table: str, key: str) -> dict:
    entry = state.get(table, {}).get(key)
    if entry is None:
        raise ToolError(f"no {table[:-1]} {key!r}")
    return entry


@tool(
    "Find customers by name, e-mail or phone. Returns matching customer ids only; verify "
    "identity before reading anything else.",
    name={"type": "string", "default": ""},
    email={"type": "string", "default": ""},
    phone={"type": "string", "default": ""},
)
def find_customer(state: dict, name: str = "", email: str = "", phone: str = "") -> dict:
    wanted = [(k, v.strip().casefold()) for k, v in (("name", name), ("email", email), ("phone", phone)) if v.strip()]
    if not wanted:
        raise ToolError("give a name, an e-mail or a phone number")
    found = [cid for cid, c in state["customers"].items() if all(c.get(k, "").casefold() == v for k, v in wanted)]
    return {"customer_ids": found}


@tool(
    "Check a customer's identity with their date of birth (YYYY-MM-DD).",
    customer_id={"type": "string"},
    date_of_birth={"type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2}$"},
)
def verify_identity(state: dict, customer_id: str, date_of_birth: str) -> dict:
    customer = _get(state, "customers", customer_id)
    ok = customer["date_of_birth"] == date_of_birth
    if ok:
        state.setdefault("verified", []).append(customer_id)
    return {"verified": ok}


@tool("A customer's accounts (with balance) and cards.", customer_id={"type": "string"})
def get_accounts(state: dict, customer_id: str) -> dict:
    _get(state, "customers", customer_id)
    accounts = {aid: a for aid, a in state["accounts"].items() if a["customer_id"] == customer_id}
    cards = {cid: c for cid, c in state.get("cards", {}).items() if c["account_id"] in accounts}
    return {"currency": state["bank"]["currency"], "accounts": accounts, "cards": cards}


@tool(
    "Recent transactions of an account, newest first.",
    account_id={"type": "string"},
    limit={"type": "integer", "minimum": 1, "maximum": 50, "default": 10},
)
def get_transactions(state: dict, account_id: str, limit: int = 10) -> dict:
    _get(state, "accounts", account_id)
    rows = [
        {"transaction_id": tid, **t}
        for tid, t in state.get("transactions", {}).items()
        if t["account_id"] == account_id
    ]
    rows.sort(key=lambda t: t["date"], reverse=True)
    return {"transactions": rows[:limit]}


@tool(
    "Block a card at once (lost, stolen, fraud). A replacement is sent within 5 working days.",
    card_id={"type": "string"},
    reason={"enum": ["lost", "stolen", "fraud", "other"]},
)
def block_card(state: dict, card_id: str, reason: str) -> dict:
    card = _get(state, "cards", card_id)
    if card["status"] != "active":
        raise ToolError(f"card is already {card['status']}")
    card["status"] = "blocked"
    return {"card_id": card_id, "status": "blocked", "replacement_within_days": 5}


@tool(
    "Open a dispute on a transaction the customer does not recognise.",
    transaction_id={"type": "string"},
    reason={"type": "string"},
)
def open_dispute(state: dict, transaction_id: str, reason: str) -> dict:
    transaction = _get(state, "transactions", transaction_id)
    if transaction["status"] == "disputed":
        raise ToolError("transaction is already disputed")
    transaction["status"] = "disputed"
    disputes = state.setdefault("disputes", {})
    dispute_id = f"D{len(disputes) + 1:04d}"
    disputes[dispute_id] = {"transaction_id": transaction_id, "reason": reason, "status": "open"}
    return {"dispute_id": dispute_id, "status": "open", "decision_within_days": 10}


@tool(
    "Record that an account holder has died: freezes their accounts and opens a case for the bereavement team.",
    customer_id={"type": "string"},
    reported_by={"type": "string", "description": "Name of the person reporting."},
    relationship={"type": "string", "description": "Their relationship to the deceased."},
)
def report_death(state: dict, customer_id: str, reported_by: str, relationship: str) -> dict:
    _get(state, "customers", customer_id)
    for account in state["accounts"].values():
        if account["customer_id"] == customer_id and account["status"] == "open":
            account["status"] = "frozen"
    cases = state.setdefault("bereavement_cases", {})
    case_id = f"B{len(cases) + 1:04d}"
    cases[case_id] = {
        "customer_id": customer_id,
        "reported_by": reported_by,
        "relationship": relationship,
        "status": "open",
    }
    return {"case_id": case_id, "status": "open"}


@tool("Close an account. The balance must be zero.", account_id={"type": "string"})
def close_account(state: dict, account_id: str) -> dict:
    account = _get(state, "accounts", account_id)
    if account["status"] == "closed":
        raise ToolError("account is already closed")
    account["status"] = "closed"
    return {"account_id": account_id, "status": "closed"}


@tool("The bank's support hours and 24/7 fraud line.")
def get_bank_info(state: dict) -> dict:
    return dict(state["bank"])
