"""Travel tools (an airline and rail company). Like a real reservation and claims back office they
check existence and state (a cancelled booking, a flown segment, seats left, a claim already filed)
and compute what those systems compute (change fees and fare differences, refunds by fare type,
compensation by distance band and delay), but not the policy: checking the booking reference and
last name first, or refusing compensation for a storm, is the bot's job.

The company's fees and allowances are in rules.py; policy.md states the same figures."""

from __future__ import annotations

import re
from datetime import date

from bench.core.world import ToolError, tool
from bench.domains.travel.records import (
    DESCRIPTIVE,
    add_months,
    booking_record,
    date_of,
    departure_of,
    find_segment,
    live_status,
    minutes_later,
    next_id,
    normalised,
    open_booking_record,
    passenger_of,
    paying_passengers,
    reference_key,
    segments_of,
    service_number,
    today_of,
)
from bench.domains.travel.rules import (
    ASSISTANCE_TYPES,
    BAGGAGE_ALLOWANCE,
    BEREAVEMENT_CONTACT_WORKING_DAYS,
    CHECK_IN,
    COMPENSATION,
    EXTRA_CHECKED_BAG,
    FARE_RULES,
    LOST_BAGGAGE,
    RAIL_COMPENSATION,
    REFUND_WITHIN_DAYS,
    SPECIAL_ASSISTANCE,
    VOUCHER,
)

_REF = {"type": "string", "description": "Booking reference (6 letters and digits), e.g. K7TQ2M."}
_PASSENGER = {"type": "string", "description": "Passenger id as get_booking lists it, e.g. P1."}
_NUMBER = {"type": "string", "description": "Flight or train number, e.g. AZ731 or AZ9512."}


# -- identification ------------------------------------------------------------------------------
@tool(
    "Find a booking by its reference and check the last name of one of its passengers (the identity "
    "check: do it before disclosing or changing anything). Returns verified true with the passengers' "
    "names, or verified false (never says which part is wrong).",
    booking_reference=_REF,
    last_name={"type": "string", "description": "A passenger's last name (a full name is accepted)."},
)
def find_booking(state: dict, booking_reference: str, last_name: str) -> dict:
    booking = state["bookings"].get(reference_key(booking_reference))
    given = normalised(last_name)
    if booking is None or not given:
        return {"verified": False}
    for passenger in booking["passengers"].values():
        surname = normalised(passenger["last_name"])
        if given == surname or given.endswith(" " + surname):
            verified = state.setdefault("verified", [])
            if reference_key(booking_reference) not in verified:
                verified.append(reference_key(booking_reference))
            return {
                "verified": True,
                "booking_reference": reference_key(booking_reference),
                "status": booking["status"],
                "passengers": {pid: f"{p['first_name']} {p['last_name']}" for pid, p in booking["passengers"].items()},
            }
    return {"verified": False}


@tool(
    "A booking's details: status, contact, passengers, segments (with their live status), fare type "
    "with its change and cancellation rules and baggage allowance, extras, agents' notes, lost-baggage "
    "files, compensation claims and vouchers.",
    booking_reference=_REF,
)
def get_booking(state: dict, booking_reference: str) -> dict:
    booking = booking_record(state, booking_reference)
    reference = reference_key(booking_reference)
    segments = {
        sid: {**s, "live_status": live_status(state, s["number"], s["date"])} for sid, s in booking["segments"].items()
    }
    fare_type = booking["fare"]["type"]
    claims = {
        k: c for k, c in state.get("baggage_claims", {}).items() if reference_key(c["booking_reference"]) == reference
    }
    return {
        "booking_reference": reference,
        "currency": state["company"]["currency"],
        **booking,
        "segments": segments,
        "fare_rules": {**FARE_RULES[fare_type], "refund_within_days": REFUND_WITHIN_DAYS},
        "baggage_allowance": {
            "flights": BAGGAGE_ALLOWANCE[fare_type],
            "trains": BAGGAGE_ALLOWANCE["train"],
        },
        "baggage_claims": claims,
        **({"lost_baggage_rules": LOST_BAGGAGE} if claims else {}),
        "compensation_claims": {
            k: c for k, c in state.get("compensation_claims", {}).items() if c["booking_reference"] == reference
        },
        "vouchers": {k: v for k, v in state.get("vouchers", {}).items() if v["booking_reference"] == reference},
    }


# -- operations ----------------------------------------------------------------------------------
@tool(
    "Live status of a flight or train (public information): scheduled and expected times, delay in "
    "minutes, cancellation, gate or platform, and the cause of a disruption.",
    number=_NUMBER,
    date={"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$", "description": "YYYY-MM-DD."},
)
def get_flight_status(state: dict, number: str, date: str) -> dict:
    record = departure_of(state, number, date)
    segments = segments_of(state, number, date)
    if record is None and not segments:
        raise ToolError(f"no departure {number!r} on {date}")
    base = {k: v for k, v in (segments[0] if segments else {}).items() if k in DESCRIPTIVE}
    base |= {k: v for k, v in (record or {}).items() if k in DESCRIPTIVE}
    info = {
        "number": service_number(number),
        "date": date,
        "mode": base.get("mode", "flight"),
        "from": base.get("from"),
        "to": base.get("to"),
        "scheduled_departure": base.get("departure"),
        "scheduled_arrival": base.get("arrival"),
        **live_status(state, number, date),
    }
    if info["status"] != "cancelled" and info["delay_minutes"] and info.get("scheduled_departure"):
        info.setdefault("expected_departure", minutes_later(info["scheduled_departure"], info["delay_minutes"]))
    return {k: v for k, v in info.items() if v is not None}


@tool(
    "Move one segment of a booking to another date (and flight or train, when several run that day). "
    "Computes the change fee of the fare type and the fare difference (never negative), both per "
    "paying passenger, charged to the card used for the booking. With quote_only, nothing changes: "
    "use it to tell the customer the cost before confirming.",
    booking_reference=_REF,
    segment_id={"type": "string", "description": "Segment id as get_booking lists it, e.g. S1."},
    new_date={"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$", "description": "YYYY-MM-DD."},
    new_number={"type": "string", "default": "", "description": "The chosen flight or train on that date."},
    quote_only={"type": "boolean", "default": False},
)
def change_booking(
    state: dict, booking_reference: str, segment_id: str, new_date: str, new_number: str = "", quote_only: bool = False
) -> dict:
    booking = open_booking_record(state, booking_reference)
    segment = booking["segments"].get(segment_id.strip().upper())
    if segment is None:
        raise ToolError(f"no segment {segment_id!r} in this booking (segments: {', '.join(booking['segments'])})")
    if segment["status"] != "booked":
        raise ToolError(f"segment is {segment['status']}: it can no longer be changed")
    if date.fromisoformat(new_date) < today_of(state):
        raise ToolError("the new date is in the past")
    route = [a for a in state.get("availability", []) if a["from"] == segment["from"] and a["to"] == segment["to"]]
    options = [
        a
        for a in route
        if a["date"] == new_date and (not new_number or service_number(a["number"]) == service_number(new_number))
    ]
    if not options:
        dates = sorted({a["date"] for a in route})
        raise ToolError(
            f"nothing available from {segment['from']} to {segment['to']} on {new_date}"
            + (f" as {new_number}" if new_number else "")
            + (f"; available dates: {', '.join(dates)}" if dates else "")
        )
    if len(options) > 1:
        listed = ", ".join(f"{a['number']} at {a.get('departure', '?')}" for a in options)
        raise ToolError(f"several departures on {new_date}: {listed}; give new_number")
    chosen = options[0]
    paying = paying_passengers(booking)  # infants travel on a lap: no seat, no fee
    if chosen.get("seats", 9) < paying:
        raise ToolError(f"not enough seats left on {chosen['number']} on {new_date}")
    if "price" not in segment:
        raise ToolError("this segment's price is unknown: the change must be made by an agent")
    fee_each = FARE_RULES[booking["fare"]["type"]]["change_fee_per_passenger"]
    difference_each = round(max(0.0, chosen["fare"] - segment["price"]), 2)
    difference = round(difference_each * paying, 2)
    result = {
        "quote_only": quote_only,
        "segment_id": segment_id.strip().upper(),
        "from": segment["from"],
        "to": segment["to"],
        "old": {"number": segment["number"], "date": segment["date"], "departure": segment.get("departure")},
        "new": {
            "number": chosen["number"],
            "date": chosen["date"],
            "departure": chosen.get("departure"),
            "arrival": chosen.get("arrival"),
        },
        "paying_passengers": paying,
        "change_fee_per_passenger": fee_each,
        "change_fee": round(fee_each * paying, 2),
        "fare_difference_per_passenger": difference_each,
        "fare_difference": difference,
        "total_due": round(fee_each * paying + difference, 2),
    }
    if quote_only:
        return result
    segment.update(number=chosen["number"], date=chosen["date"], price=max(segment["price"], chosen["fare"]))
    for key in ("departure", "arrival"):
        if key in chosen:
            segment[key] = chosen[key]
    if "seats" in chosen:
        chosen["seats"] -= paying
    booking["fare"]["total"] = round(booking["fare"]["total"] + difference, 2)
    changes = state.setdefault("changes", {})
    change_id = next_id(changes, "CH")
    changes[change_id] = {"booking_reference": reference_key(booking_reference), **result}
    return {**result, "change_id": change_id, "charged_to": "the card used for the booking"}


@tool(
    "Cancel a whole booking that has not been travelled. The refund follows the fare type (basic: "
    "taxes only; flex: minus a fee per passenger; refundable: in full), or is in full when we "
    "cancelled one of its departures; paid to the card used for the booking. With quote_only, "
    "nothing changes: use it to tell the customer the refund before confirming.",
    booking_reference=_REF,
    quote_only={"type": "boolean", "default": False},
)
def cancel_booking(state: dict, booking_reference: str, quote_only: bool = False) -> dict:
    booking = open_booking_record(state, booking_reference)
    if booking["status"] == "travelled" or any(s["status"] == "flown" for s in booking["segments"].values()):
        raise ToolError("booking is partly or fully travelled: only an agent can cancel the rest")
    fare = booking["fare"]
    rules = FARE_RULES[fare["type"]]
    cancelled_by_us = any(
        live_status(state, s["number"], s["date"])["status"] == "cancelled" for s in booking["segments"].values()
    )
    if cancelled_by_us:
        refund, rule = fare["total"], "refunded in full: we cancelled a departure of this booking"
    elif rules["cancellation_fee_per_passenger"] is None:
        refund, rule = fare.get("taxes", 0.0), rules["cancellation"]
    else:
        refund, rule = (
            max(0.0, fare["total"] - rules["cancellation_fee_per_passenger"] * paying_passengers(booking)),
            rules["cancellation"],
        )
    result = {
        "quote_only": quote_only,
        "booking_reference": reference_key(booking_reference),
        "fare_type": fare["type"],
        "paid": fare["total"],
        "refund": round(refund, 2),
        "refund_rule": rule,
        "refund_within_days": REFUND_WITHIN_DAYS,
        "refund_to": "the card used for the booking",
    }
    if quote_only:
        return result
    booking["status"] = "cancelled"
    for segment in booking["segments"].values():
        segment["status"] = "cancelled"
    fare["refunded"] = round(refund, 2)
    return {**result, "status": "cancelled"}


@tool(
    "File a compensation claim for a delayed or cancelled departure of a booking, for every paying "
    "passenger. Flights (EU261): arrival delay of 3 hours or more, or a cancellation notified less "
    "than 14 days before; the amount per passenger follows the distance (250, 400 or 600 EUR). "
    "Trains: 25% of the price for 60 to 119 minutes, 50% from 120 minutes. The system does not know "
    "whether the cause was an extraordinary circumstance: that is for you to check first.",
    booking_reference=_REF,
    number=_NUMBER,
    date={
        "type": "string",
        "default": "",
        "pattern": r"^(\d{4}-\d{2}-\d{2})?$",
        "description": "YYYY-MM-DD; needed only when the booking has that number on several dates.",
    },
)
def request_compensation(state: dict, booking_reference: str, number: str, date: str = "") -> dict:
    booking = booking_record(state, booking_reference)
    _, segment = find_segment(booking, number, date)
    live = live_status(state, segment["number"], segment["date"])
    claims = state.setdefault("compensation_claims", {})
    reference = reference_key(booking_reference)
    for claim_id, claim in claims.items():
        if (
            claim["booking_reference"] == reference
            and claim["number"] == segment["number"]
            and claim["date"] == segment["date"]
        ):
            raise ToolError(f"a claim already exists for this departure: {claim_id}")
    paying = paying_passengers(booking)
    delay = live.get("delay_minutes", 0)
    if live["status"] == "cancelled":
        notified = live.get("cancellation_notified_on")
        if notified and (date_of(segment["date"]) - date_of(notified)).days >= COMPENSATION["cancellation_notice_days"]:
            raise ToolError("the cancellation was notified 14 days or more before departure: no compensation is due")
    if segment.get("mode", "flight") == "train":
        share = (
            RAIL_COMPENSATION["120_minutes_or_more"]
            if delay >= 120 or live["status"] == "cancelled"
            else (RAIL_COMPENSATION["60_to_119_minutes"] if delay >= 60 else 0.0)
        )
        if not share:
            raise ToolError(f"a train delay of {delay} minutes gives no compensation (60 minutes at least)")
        if "price" not in segment:
            raise ToolError("this segment's price is unknown: the claim must be filed by an agent")
        each = round(segment["price"] * share, 2)
    else:
        if live["status"] != "cancelled" and delay < COMPENSATION["minimum_delay_minutes"]:
            raise ToolError(f"an arrival delay of {delay} minutes gives no compensation (3 hours at least)")
        distance = live.get("distance_km", segment.get("distance_km"))
        if distance is None:
            raise ToolError("the distance of this flight is unknown: the claim must be filed by an agent")
        each = COMPENSATION[
            "up_to_1500_km" if distance <= 1500 else "1500_to_3500_km" if distance <= 3500 else "over_3500_km"
        ]
    claim_id = next_id(claims, "EC")
    claims[claim_id] = {
        "booking_reference": reference,
        "number": segment["number"],
        "date": segment["date"],
        "passengers": paying,
        "amount_per_passenger": each,
        "total": round(each * paying, 2),
        "status": "submitted",
    }
    return {
        "claim_id": claim_id,
        **claims[claim_id],
        "delay_minutes": delay,
        "cause": live.get("cause"),
        "paid_within_days": COMPENSATION["paid_within_days"],
        "paid_to": "the card used for the booking",
    }


@tool(
    "Issue a travel voucher (credit for a future booking) linked to a booking; valid 12 months. The "
    "system only refuses more than the booking's fare.",
    booking_reference=_REF,
    amount={"type": "number", "exclusiveMinimum": 0},
    reason={"type": "string"},
)
def issue_voucher(state: dict, booking_reference: str, amount: float, reason: str) -> dict:
    booking = booking_record(state, booking_reference)
    if amount > booking["fare"]["total"]:
        raise ToolError(f"amount {amount} exceeds the booking's fare ({booking['fare']['total']})")
    vouchers = state.setdefault("vouchers", {})
    code = next_id(vouchers, "AZV-")
    valid_until = add_months(today_of(state), VOUCHER["validity_months"]).isoformat()
    vouchers[code] = {
        "booking_reference": reference_key(booking_reference),
        "amount": amount,
        "reason": reason,
        "valid_until": valid_until,
    }
    return {"voucher_code": code, "amount": amount, "valid_until": valid_until}


# -- passengers and bags -------------------------------------------------------------------------
@tool(
    "Open a lost or delayed baggage file for a passenger's checked bag. Bags are traced for 21 days "
    "and delivered to the given address when found; essentials bought meanwhile are reimbursed on "
    "receipts up to 50 EUR a day.",
    booking_reference=_REF,
    passenger_id=_PASSENGER,
    number={**_NUMBER, "description": "The flight the bag was checked on."},
    bag_description={"type": "string", "description": "The bag: colour, brand, size, distinctive marks."},
    delivery_address={"type": "string", "description": "Where to deliver it when found."},
)
def report_lost_baggage(
    state: dict, booking_reference: str, passenger_id: str, number: str, bag_description: str, delivery_address: str
) -> dict:
    booking = booking_record(state, booking_reference)
    passenger_of(booking, passenger_id)
    _, segment = find_segment(booking, number)
    claims = state.setdefault("baggage_claims", {})
    for file_reference, claim in claims.items():
        if (
            reference_key(claim["booking_reference"]) == reference_key(booking_reference)
            and claim["passenger_id"] == passenger_id.strip().upper()
            and claim["status"] not in ("delivered", "closed")
        ):
            raise ToolError(f"an open baggage file already exists for this passenger: {file_reference}")
    file_reference = next_id(claims, "LB", 5)
    claims[file_reference] = {
        "booking_reference": reference_key(booking_reference),
        "passenger_id": passenger_id.strip().upper(),
        "number": segment["number"],
        "reported_on": state["today"],
        "description": bag_description,
        "delivery_address": delivery_address,
        "status": "searching",
    }
    return {"file_reference": file_reference, "status": "searching", **LOST_BAGGAGE}


@tool(
    "Request special assistance for a passenger on every remaining segment of a booking (reduced "
    "mobility, sight or hearing, unaccompanied minor for a child). Confirmed when asked 48 hours or "
    "more before departure, otherwise requested without guarantee. The unaccompanied-minor service "
    "costs 65 EUR per segment.",
    booking_reference=_REF,
    passenger_id=_PASSENGER,
    assistance={"enum": ASSISTANCE_TYPES},
    notes={"type": "string", "default": "", "description": "What the crew should know (own wheelchair, guide dog...)."},
)
def add_special_assistance(
    state: dict, booking_reference: str, passenger_id: str, assistance: str, notes: str = ""
) -> dict:
    booking = open_booking_record(state, booking_reference)
    passenger = passenger_of(booking, passenger_id)
    if passenger.get("status") == "deceased":
        raise ToolError("this passenger is recorded as deceased")
    if assistance == "unaccompanied_minor" and passenger.get("type", "adult") != "child":
        raise ToolError("the unaccompanied-minor service is for children only")
    if assistance in passenger.get("special_assistance", []):
        raise ToolError(f"{assistance} is already requested for this passenger")
    remaining = sorted(
        ((sid, s) for sid, s in booking["segments"].items() if s["status"] == "booked"), key=lambda x: x[1]["date"]
    )
    if not remaining:
        raise ToolError("no remaining segment in this booking")
    days_before = (date_of(remaining[0][1]["date"]) - today_of(state)).days
    passenger.setdefault("special_assistance", []).append(assistance)
    if notes:
        passenger["assistance_notes"] = notes
    fee = (
        SPECIAL_ASSISTANCE["unaccompanied_minor_fee_per_segment"] * len(remaining)
        if assistance == "unaccompanied_minor"
        else 0.0
    )
    return {
        "passenger": f"{passenger['first_name']} {passenger['last_name']}",
        "assistance": assistance,
        "segments": [s["number"] + " " + s["date"] for _, s in remaining],
        "status": "confirmed"
        if days_before >= 2
        else "requested, not guaranteed (less than 48 hours before departure)",
        "fee": fee,
    }


@tool(
    "Change the contact phone number or e-mail of a booking (where delay and gate alerts are sent).",
    booking_reference=_REF,
    phone={"type": "string", "default": ""},
    email={"type": "string", "default": ""},
)
def update_contact_details(state: dict, booking_reference: str, phone: str = "", email: str = "") -> dict:
    booking = booking_record(state, booking_reference)
    if not phone.strip() and not email.strip():
        raise ToolError("give a phone number or an e-mail address")
    if email.strip() and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email.strip()):
        raise ToolError(f"not an e-mail address: {email!r}")
    if phone.strip() and len(re.sub(r"\D", "", phone)) < 8:
        raise ToolError(f"not a phone number: {phone!r}")
    contact = booking.setdefault("contact", {})
    if phone.strip():
        contact["phone"] = phone.strip()
    if email.strip():
        contact["email"] = email.strip()
    return {"booking_reference": reference_key(booking_reference), "contact": dict(contact)}


@tool(
    "Record that a passenger has died: puts the booking on hold and opens a case for the bereavement "
    "team, who contact the family within 2 working days about refunds.",
    booking_reference=_REF,
    passenger_id=_PASSENGER,
    reported_by={"type": "string", "description": "Name of the person reporting."},
    relationship={"type": "string", "description": "Their relationship to the passenger."},
)
def report_death(state: dict, booking_reference: str, passenger_id: str, reported_by: str, relationship: str) -> dict:
    booking = booking_record(state, booking_reference)
    passenger = passenger_of(booking, passenger_id)
    passenger["status"] = "deceased"
    if booking["status"] == "confirmed":
        booking["status"] = "on_hold"
    cases = state.setdefault("bereavement_cases", {})
    case_id = next_id(cases, "BV")
    cases[case_id] = {
        "booking_reference": reference_key(booking_reference),
        "passenger_id": passenger_id.strip().upper(),
        "reported_by": reported_by,
        "relationship": relationship,
        "status": "open",
    }
    return {"case_id": case_id, "status": "open", "contact_within_working_days": BEREAVEMENT_CONTACT_WORKING_DAYS}


@tool(
    "The company's public information: support hours and phone, baggage allowance by fare, extra bag "
    "prices, check-in and boarding times, fare rules, compensation and refund rules, vouchers, special "
    "assistance and lost baggage.",
)
def get_travel_info(state: dict) -> dict:
    return {
        **state["company"],
        "baggage_allowance": BAGGAGE_ALLOWANCE,
        "extra_checked_bag": EXTRA_CHECKED_BAG,
        "check_in": CHECK_IN,
        "fare_rules": FARE_RULES,
        "refund_within_days": REFUND_WITHIN_DAYS,
        "compensation_flights_eu261": COMPENSATION,
        "compensation_trains": RAIL_COMPENSATION,
        "vouchers": VOUCHER,
        "special_assistance": SPECIAL_ASSISTANCE,
        "lost_baggage": LOST_BAGGAGE,
    }
