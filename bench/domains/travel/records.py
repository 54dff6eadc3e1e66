"""Reading the travel company's records (bookings, passengers, segments, the live schedule) for the
tools: lookups that refuse what the company's systems would refuse."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta

from bench.core.world import ToolError


def normalised(text: str) -> str:
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[-'’]", " ", text).casefold().split())


def reference_key(reference: str) -> str:
    return re.sub(r"[\s#]", "", reference).upper()


def service_number(number: str) -> str:
    return re.sub(r"\s", "", number).upper()


def booking_record(state: dict, reference: str) -> dict:
    booking = state["bookings"].get(reference_key(reference))
    if booking is None:
        raise ToolError(f"no booking {reference!r}")
    return booking


def open_booking_record(state: dict, reference: str) -> dict:
    booking = booking_record(state, reference)
    if booking["status"] == "cancelled":
        raise ToolError("booking is cancelled")
    if booking["status"] == "on_hold":
        raise ToolError("booking is on hold with the bereavement team: no change can be made here")
    return booking


def passenger_of(booking: dict, passenger_id: str) -> dict:
    passenger = booking["passengers"].get(passenger_id.strip().upper())
    if passenger is None:
        raise ToolError(
            f"no passenger {passenger_id!r} in this booking (passengers: {', '.join(booking['passengers'])})"
        )
    return passenger


def paying_passengers(booking: dict) -> int:
    """Passengers who pay fees and receive compensation (infants on a lap do not)."""
    return sum(1 for p in booking["passengers"].values() if p.get("type", "adult") != "infant")


def date_of(iso: str) -> date:
    return date.fromisoformat(iso)


def today_of(state: dict) -> date:
    return date_of(state["today"])


def departure_of(state: dict, number: str, day: str) -> dict | None:
    wanted = service_number(number)
    return next(
        (d for d in state.get("departures", []) if service_number(d["number"]) == wanted and d["date"] == day),
        None,
    )


def segments_of(state: dict, number: str, day: str) -> list[dict]:
    wanted = service_number(number)
    return [
        s
        for b in state["bookings"].values()
        for s in b["segments"].values()
        if service_number(s["number"]) == wanted and s["date"] == day
    ]


DESCRIPTIVE = ("number", "date", "mode", "from", "to", "departure", "arrival")


def live_status(state: dict, number: str, day: str) -> dict:
    """A departure's operational status; one with no record runs on time."""
    found = departure_of(state, number, day)
    if found is None:
        return {"status": "scheduled", "delay_minutes": 0}
    return {"delay_minutes": 0} | {k: v for k, v in found.items() if k not in DESCRIPTIVE}


def minutes_later(hhmm: str, minutes: int) -> str:
    return (datetime.strptime(hhmm, "%H:%M") + timedelta(minutes=minutes)).strftime("%H:%M")


def add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for candidate in range(day.day, 27, -1) if day.day > 28 else [day.day]:  # 31 Jan + 1 month: 28/29 Feb
        try:
            return date(year, month, candidate)
        except ValueError:
            continue
    return date(year, month, 28)


def next_id(table: dict, prefix: str, width: int = 4) -> str:
    n = len(table) + 1
    while f"{prefix}{n:0{width}d}" in table:
        n += 1
    return f"{prefix}{n:0{width}d}"


def find_segment(booking: dict, number: str, day: str = "") -> tuple[str, dict]:
    wanted = service_number(number)
    found = [
        (sid, s)
        for sid, s in booking["segments"].items()
        if service_number(s["number"]) == wanted and (not day or s["date"] == day)
    ]
    if not found:
        raise ToolError(f"no segment {number!r}{' on ' + day if day else ''} in this booking")
    return found[0]
