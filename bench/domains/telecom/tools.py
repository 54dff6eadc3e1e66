"""Telecom tools (mobile and home internet). Like a real operator's back office they check existence
and state (a SIM already blocked, a cancelled line, a locked identity check) and compute what the
billing system computes (next bill date, early termination fee, downgrade fee), but not the policy:
checking identity before a SIM swap, or keeping a goodwill credit under the cap, is the bot's job."""

from __future__ import annotations

import re
from datetime import date, timedelta

from bench.core.world import ToolError, tool

MAX_IDENTITY_FAILURES = 3

_LINE_ID = {"type": "string", "description": "Line id as get_account lists it, e.g. L-101."}
_CUSTOMER_ID = {"type": "string", "description": "Customer id from find_customer, e.g. C-100."}


# -- helpers -------------------------------------------------------------------------------------
def _get(state: dict, table: str, key: str, what: str) -> dict:
    entry = state.get(table, {}).get(key.strip())
    if entry is None:
        raise ToolError(f"no {what} {key!r}")
    return entry


def _customer(state: dict, customer_id: str) -> dict:
    return _get(state, "customers", customer_id, "customer")


def _line(state: dict, line_id: str) -> dict:
    return _get(state, "lines", line_id, "line")


def _today(state: dict) -> date:
    return date.fromisoformat(state["today"])


def _digits(text: str) -> str:
    digits = re.sub(r"\D", "", text)
    return "0" + digits[2:] if digits.startswith("33") and len(digits) == 11 else digits


def _add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for candidate in range(day.day, 27, -1):  # 31 January + 1 month = 28/29 February
        try:
            return date(year, month, candidate)
        except ValueError:
            continue
    return date(year, month, min(day.day, 28))


def _months_left(start: date, end: date) -> int:
    """Monthly fees still due from `start` until `end` (a started month counts)."""
    if end <= start:
        return 0
    months = (end.year - start.year) * 12 + end.month - start.month
    return months + 1 if end.day > start.day else months


def next_bill_date(state: dict, customer: dict) -> date:
    """The next day the customer's bill is issued (strictly after today)."""
    today = _today(state)
    day = customer.get("billing_day", 1)
    this_month = date(today.year, today.month, day)
    return this_month if this_month > today else _add_months(this_month, 1)


def early_termination_fee(state: dict, line: dict) -> float:
    """What cancelling the line today would cost: nothing within the cooling-off period or after the
    contract end; otherwise the monthly fees left until month 12 plus a share of those after it."""
    if not line.get("contract_end"):
        return 0.0
    today = _today(state)
    start, end = date.fromisoformat(line["contract_start"]), date.fromisoformat(line["contract_end"])
    if today <= start + timedelta(days=state["operator"]["cooling_off_days"]) or today >= end:
        return 0.0
    price = state["plans"][line["plan_id"]]["monthly_price"]
    full = _months_left(today, min(end, _add_months(start, 12)))
    rest = _months_left(today, end) - full
    return round(price * full + price * rest * state["operator"]["early_termination_rate"], 2)


def _line_view(state: dict, line_id: str, line: dict) -> dict:
    plan = state["plans"].get(line["plan_id"], {})
    view = {"line_id": line_id, **line, "plan": {"plan_id": line["plan_id"], **plan}}
    view.pop("plan_id")
    allowance = plan.get("data_gb")
    if line["type"] == "mobile":
        view["data_left_gb"] = None if allowance is None else round(max(allowance - line.get("data_used_gb", 0), 0), 2)
        view["data_allowance_gb"] = allowance if allowance is not None else "unlimited"
        view["options"] = [{"option_id": o, **state.get("options", {}).get(o, {})} for o in line.get("options", [])]
    if line.get("contract_start"):
        start = date.fromisoformat(line["contract_start"])
        view["cooling_off_until"] = (start + timedelta(days=state["operator"]["cooling_off_days"])).isoformat()
    if line["status"] in ("active", "suspended"):
        view["early_termination_fee_if_cancelled_today"] = early_termination_fee(state, line)
    return view


def _check_active(line: dict) -> None:
    if line["status"] == "frozen":
        raise ToolError("line is frozen (deceased holder): only the bereavement team can act on it")
    if line["status"] == "cancelled":
        raise ToolError("line is cancelled")


def _new_id(state: dict, table: str, prefix: str) -> str:
    rows = state.setdefault(table, {})
    n = len(rows) + 1
    while f"{prefix}{n:04d}" in rows:
        n += 1
    return f"{prefix}{n:04d}"


# -- identity ------------------------------------------------------------------------------------
@tool(
    "Find customers by name, e-mail or phone number (a contact number or the number of one of their "
    "lines). Returns matching customer ids only: verify identity before reading anything else.",
    name={"type": "string", "default": ""},
    email={"type": "string", "default": ""},
    phone={"type": "string", "default": "", "description": "Any format: 06 12 34 56 78, +33 6 12 34 56 78."},
)
def find_customer(state: dict, name: str = "", email: str = "", phone: str = "") -> dict:
    if not (name.strip() or email.strip() or phone.strip()):
        raise ToolError("give a name, an e-mail or a phone number")
    found = []
    for cid, customer in state["customers"].items():
        if name.strip() and customer["name"].casefold() != name.strip().casefold():
            continue
        if email.strip() and customer.get("email", "").casefold() != email.strip().casefold():
            continue
        if phone.strip():
            numbers = [customer.get("phone", "")] + [
                line["number"] for line in state.get("lines", {}).values() if line["customer_id"] == cid
            ]
            if _digits(phone) not in {_digits(n) for n in numbers if n}:
                continue
        found.append(cid)
    return {"customer_ids": found}


@tool(
    "Check that the person writing is the account holder, with their date of birth (YYYY-MM-DD) or "
    f"their 4-digit account PIN. Identity checks lock after {MAX_IDENTITY_FAILURES} failures.",
    customer_id=_CUSTOMER_ID,
    date_of_birth={"type": "string", "pattern": "^(\\d{4}-\\d{2}-\\d{2})?$", "default": ""},
    pin={"type": "string", "pattern": "^(\\d{4})?$", "default": ""},
)
def verify_identity(state: dict, customer_id: str, date_of_birth: str = "", pin: str = "") -> dict:
    customer = _customer(state, customer_id)
    if not (date_of_birth or pin):
        raise ToolError("give a date of birth or a PIN")
    failures = state.setdefault("identity_failures", {})
    if failures.get(customer_id, 0) >= MAX_IDENTITY_FAILURES:
        raise ToolError("identity checks are locked for this customer after repeated failures: transfer to an agent")
    ok = (not date_of_birth or customer["date_of_birth"] == date_of_birth) and (not pin or customer.get("pin") == pin)
    if ok:
        if customer_id not in state.setdefault("verified", []):
            state["verified"].append(customer_id)
    else:
        failures[customer_id] = failures.get(customer_id, 0) + 1
    return {"verified": ok, "attempts_left": MAX_IDENTITY_FAILURES - failures.get(customer_id, 0)}


# -- reading -------------------------------------------------------------------------------------
@tool(
    "A customer's account: contact details, address, balance due, next bill date, payment plan, and "
    "each line (number, plan, data used and left, contract start and end, cooling-off end, early "
    "termination fee if cancelled today, SIM status, options, pending plan change, open tickets).",
    customer_id=_CUSTOMER_ID,
)
def get_account(state: dict, customer_id: str) -> dict:
    customer = _customer(state, customer_id)
    account = {k: v for k, v in customer.items() if k not in ("pin", "date_of_birth")}
    lines = [
        _line_view(state, lid, line)
        for lid, line in state.get("lines", {}).items()
        if line["customer_id"] == customer_id
    ]
    for view in lines:
        view["open_tickets"] = [
            {"ticket_id": tid, **t}
            for tid, t in state.get("tickets", {}).items()
            if t["line_id"] == view["line_id"] and t["status"] == "open"
        ]
    return {
        "customer_id": customer_id,
        **account,
        "currency": state["operator"]["currency"],
        "next_bill_date": next_bill_date(state, customer).isoformat(),
        "lines": lines,
    }


@tool(
    "A customer's bills, newest first: issue and due dates, amount, status and every item (plan, "
    "options, roaming and out-of-plan usage, fees, credits).",
    customer_id=_CUSTOMER_ID,
    limit={"type": "integer", "minimum": 1, "maximum": 24, "default": 3},
)
def get_bills(state: dict, customer_id: str, limit: int = 3) -> dict:
    _customer(state, customer_id)
    bills = [{"bill_id": bid, **b} for bid, b in state.get("bills", {}).items() if b["customer_id"] == customer_id]
    bills.sort(key=lambda b: b["issued_on"], reverse=True)
    return {"currency": state["operator"]["currency"], "bills": bills[:limit]}


@tool(
    "The public tariff sheet: plans (monthly price, data, commitment), options such as travel passes, "
    "the operator's fees (downgrade, SIM swap, early termination rule, cooling-off days) and support "
    "hours. No identity check needed.",
    type={"enum": ["", "mobile", "home_internet"], "default": "", "description": "Only plans of this type."},
)
def list_plans(state: dict, type: str = "") -> dict:
    plans = [{"plan_id": pid, **p} for pid, p in state["plans"].items() if not type or p["type"] == type]
    options = [{"option_id": oid, **o} for oid, o in state.get("options", {}).items()]
    return {"operator": dict(state["operator"]), "plans": plans, "options": options}


@tool(
    "Known network incidents at a postcode (mobile or home internet): what is affected, since when, "
    "and the estimated fix time. Public information, no identity check needed.",
    postcode={"type": "string", "description": "5-digit French postcode or other postal code."},
)
def check_outage(state: dict, postcode: str) -> dict:
    wanted = postcode.replace(" ", "").upper()
    incidents = [
        {"incident_id": oid, **o}
        for oid, o in state.get("outages", {}).items()
        if o["status"] == "ongoing" and wanted in {p.replace(" ", "").upper() for p in o["postcodes"]}
    ]
    return {"postcode": postcode, "incidents": incidents}


# -- changes -------------------------------------------------------------------------------------
@tool(
    "Change a line's plan from the start of the next billing cycle. Returns the effective date and "
    "the fee (a cheaper plan before the contract end date costs the downgrade fee).",
    line_id=_LINE_ID,
    plan_id={"type": "string", "description": "Plan id from list_plans."},
)
def change_plan(state: dict, line_id: str, plan_id: str) -> dict:
    line = _line(state, line_id)
    _check_active(line)
    plan = _get(state, "plans", plan_id, "plan")
    if plan["type"] != line["type"]:
        raise ToolError(f"plan {plan_id} is a {plan['type']} plan; line {line_id} is {line['type']}")
    if plan_id.strip() == line["plan_id"]:
        raise ToolError(f"line {line_id} already has plan {plan_id}")
    current = state["plans"][line["plan_id"]]
    in_contract = bool(line.get("contract_end")) and _today(state) < date.fromisoformat(line["contract_end"])
    fee = state["operator"]["downgrade_fee"] if plan["monthly_price"] < current["monthly_price"] and in_contract else 0
    customer = _customer(state, line["customer_id"])
    effective = next_bill_date(state, customer).isoformat()
    line["pending_plan"] = {"plan_id": plan_id.strip(), "effective_date": effective}
    if fee:
        customer["balance_due"] = round(customer.get("balance_due", 0) + fee, 2)
    return {
        "line_id": line_id,
        "new_plan": plan["name"],
        "new_monthly_price": plan["monthly_price"],
        "effective_date": effective,
        "fee": fee,
    }


@tool(
    "Add an option (e.g. a travel pass) to a mobile line. It starts at once and is billed on the next bill.",
    line_id=_LINE_ID,
    option_id={"type": "string", "description": "Option id from list_plans."},
)
def add_option(state: dict, line_id: str, option_id: str) -> dict:
    line = _line(state, line_id)
    _check_active(line)
    option = _get(state, "options", option_id, "option")
    if line["type"] != "mobile":
        raise ToolError("options are for mobile lines only")
    if option_id.strip() in line.setdefault("options", []):
        raise ToolError(f"option {option_id} is already active on line {line_id}")
    line["options"].append(option_id.strip())
    starts = _today(state)
    result = {"line_id": line_id, "option": option["name"], "price": option["price"], "starts_on": starts.isoformat()}
    if option.get("validity_days"):
        result["valid_until"] = (starts + timedelta(days=option["validity_days"])).isoformat()
    return result


@tool(
    "Open a fault ticket for a line that does not work (no known outage). A technician calls back "
    "within 48 hours. Returns the ticket and how many tickets were already open for the line.",
    line_id=_LINE_ID,
    symptoms={"type": "string", "description": "The symptoms and what was already tried."},
)
def open_fault_ticket(state: dict, line_id: str, symptoms: str) -> dict:
    line = _line(state, line_id)
    _check_active(line)
    tickets = state.setdefault("tickets", {})
    already = sorted(tid for tid, t in tickets.items() if t["line_id"] == line_id.strip() and t["status"] == "open")
    ticket_id = _new_id(state, "tickets", "T")
    tickets[ticket_id] = {
        "line_id": line_id.strip(),
        "opened_on": state["today"],
        "description": symptoms,
        "status": "open",
    }
    return {"ticket_id": ticket_id, "status": "open", "callback_within_hours": 48, "already_open": already}


@tool(
    "Block a line's SIM card at once (lost, stolen, suspected fraud). The phone number is kept.",
    line_id=_LINE_ID,
    reason={"enum": ["lost", "stolen", "fraud", "other"]},
)
def block_sim(state: dict, line_id: str, reason: str) -> dict:
    line = _line(state, line_id)
    if line["type"] != "mobile":
        raise ToolError("only mobile lines have a SIM card")
    if line.get("sim_status") == "blocked":
        raise ToolError("the SIM is already blocked")
    _check_active(line)
    line["sim_status"] = "blocked"
    line["sim_blocked_reason"] = reason
    return {"line_id": line_id, "number": line["number"], "sim_status": "blocked"}


@tool(
    "Order a replacement SIM for a line (SIM swap): the number moves to the new SIM, which is sent to "
    "the address on file (or collected in a shop with an ID). The old SIM stops working on activation.",
    line_id=_LINE_ID,
    reason={"enum": ["lost", "stolen", "faulty", "esim", "other"]},
    delivery={"enum": ["post", "shop"], "default": "post"},
)
def order_sim_swap(state: dict, line_id: str, reason: str, delivery: str = "post") -> dict:
    line = _line(state, line_id)
    if line["type"] != "mobile":
        raise ToolError("only mobile lines have a SIM card")
    _check_active(line)
    if line.get("sim_status") == "replacement_ordered":
        raise ToolError("a replacement SIM is already on its way")
    customer = _customer(state, line["customer_id"])
    fee = 0 if reason == "faulty" else state["operator"]["sim_swap_fee"]
    order_id = _new_id(state, "sim_orders", "S")
    state["sim_orders"][order_id] = {"line_id": line_id.strip(), "reason": reason, "delivery": delivery, "fee": fee}
    line["sim_status"] = "replacement_ordered"
    if fee:
        customer["balance_due"] = round(customer.get("balance_due", 0) + fee, 2)
    result = {"sim_order_id": order_id, "line_id": line_id, "fee": fee, "delivery": delivery}
    if delivery == "post":
        result |= {"sent_to": customer["address"], "arrives_within_working_days": 2}
    return result


@tool(
    "Credit an amount to a customer's account (goodwill gesture, billing correction). It is deducted "
    "from the balance due or from the next bill.",
    customer_id=_CUSTOMER_ID,
    amount={"type": "number", "exclusiveMinimum": 0},
    reason={"type": "string"},
)
def apply_credit(state: dict, customer_id: str, amount: float, reason: str) -> dict:
    customer = _customer(state, customer_id)
    if customer.get("status") == "deceased":
        raise ToolError("account of a deceased holder: only the bereavement team can act on it")
    credit_id = _new_id(state, "credits", "CR")
    state["credits"][credit_id] = {"customer_id": customer_id, "amount": amount, "reason": reason}
    customer["balance_due"] = round(customer.get("balance_due", 0) - amount, 2)
    return {"credit_id": credit_id, "amount": amount, "balance_due": customer["balance_due"]}


@tool(
    "Spread the balance due over monthly instalments, taken on the next bill dates.",
    customer_id=_CUSTOMER_ID,
    instalments={"type": "integer", "minimum": 2, "maximum": 6},
)
def set_payment_plan(state: dict, customer_id: str, instalments: int) -> dict:
    customer = _customer(state, customer_id)
    balance = customer.get("balance_due", 0)
    if balance <= 0:
        raise ToolError("nothing is due on this account")
    if customer.get("payment_plan"):
        raise ToolError("a payment plan is already running")
    each = round(balance / instalments, 2)
    first = next_bill_date(state, customer)
    schedule = [
        {
            "date": _add_months(first, i).isoformat(),
            "amount": each if i < instalments - 1 else round(balance - each * i, 2),
        }
        for i in range(instalments)
    ]
    customer["payment_plan"] = {"total": balance, "instalments": schedule}
    return {"customer_id": customer_id, "total": balance, "instalments": schedule}


@tool(
    "Cancel a line's contract today. Free within the cooling-off period (14 days after the start) and "
    "after the contract end date; otherwise the early termination fee is added to the final bill.",
    line_id=_LINE_ID,
    reason={"type": "string"},
)
def cancel_contract(state: dict, line_id: str, reason: str) -> dict:
    line = _line(state, line_id)
    _check_active(line)
    fee = early_termination_fee(state, line)
    start = date.fromisoformat(line["contract_start"]) if line.get("contract_start") else None
    cooling_off = start is not None and _today(state) <= start + timedelta(days=state["operator"]["cooling_off_days"])
    line["status"] = "cancelled"
    line["cancelled_on"] = state["today"]
    line["cancellation_reason"] = reason
    customer = _customer(state, line["customer_id"])
    if fee:
        customer["balance_due"] = round(customer.get("balance_due", 0) + fee, 2)
    return {
        "line_id": line_id,
        "status": "cancelled",
        "cancelled_on": state["today"],
        "within_cooling_off": cooling_off,
        "early_termination_fee": fee,
    }


@tool(
    "Change a customer's postal address (bills, SIM deliveries, and the home-internet installation "
    "address: the box moves and a technician appointment is offered by SMS).",
    customer_id=_CUSTOMER_ID,
    address={"type": "string", "description": "The full new address, postcode and town included."},
)
def update_address(state: dict, customer_id: str, address: str) -> dict:
    customer = _customer(state, customer_id)
    if customer.get("status") == "deceased":
        raise ToolError("account of a deceased holder: only the bereavement team can act on it")
    if not address.strip():
        raise ToolError("give the full new address")
    previous = customer.get("address")
    customer["address"] = address.strip()
    moved = [
        lid
        for lid, line in state.get("lines", {}).items()
        if line["customer_id"] == customer_id and line["type"] == "home_internet" and line["status"] == "active"
    ]
    result = {"customer_id": customer_id, "address": customer["address"], "previous_address": previous}
    if moved:
        result["home_internet_move"] = {"lines": moved, "appointment": "offered by SMS within 48 hours"}
    return result


@tool(
    "Record that an account holder has died: freezes their lines (no cancellation fee will ever be "
    "charged) and opens a case for the bereavement team.",
    customer_id=_CUSTOMER_ID,
    reported_by={"type": "string", "description": "Name of the person reporting."},
    relationship={"type": "string", "description": "Their relationship to the deceased."},
)
def report_death(state: dict, customer_id: str, reported_by: str, relationship: str) -> dict:
    customer = _customer(state, customer_id)
    if customer.get("status") == "deceased":
        raise ToolError("the death of this holder is already recorded")
    customer["status"] = "deceased"
    frozen = []
    for lid, line in state.get("lines", {}).items():
        if line["customer_id"] == customer_id and line["status"] in ("active", "suspended"):
            line["status"] = "frozen"
            frozen.append(lid)
    case_id = _new_id(state, "bereavement_cases", "B")
    state["bereavement_cases"][case_id] = {
        "customer_id": customer_id,
        "reported_by": reported_by,
        "relationship": relationship,
        "status": "open",
        "fees_waived": True,
    }
    return {"case_id": case_id, "status": "open", "frozen_lines": frozen, "fees_waived": True}
