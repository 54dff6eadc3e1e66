"""The travel domain (airline and rail): its state shape, its policy's figures, and each tool's effect
and refusals. The tools enforce what reservation and claims systems enforce, not the policy."""

from __future__ import annotations

import copy
import re

import pytest

from bench.core.world import HANDOFF_TOOL, World, load_domain
from bench.domains.travel import tools as travel_tools

STATE = {
    "today": "2026-04-10",
    "company": {
        "name": "Azur Lignes",
        "currency": "EUR",
        "support_hours": "every day, 7am to 10pm",
        "phone": "+33 1 70 00 00 00",
    },
    "bookings": {
        "K7TQ2M": {  # basic, two adults and an infant, one future flight
            "status": "confirmed",
            "booked_on": "2026-02-01",
            "contact": {"name": "Emma Clarke", "email": "emma@example.com", "phone": "+44 7700 900123"},
            "passengers": {
                "P1": {"first_name": "Emma", "last_name": "Clarke"},
                "P2": {"first_name": "Tom", "last_name": "Clarke", "date_of_birth": "1985-05-05"},
                "P3": {"first_name": "Lily", "last_name": "Clarke", "type": "infant"},
            },
            "segments": {
                "S1": {
                    "number": "AZ612",
                    "date": "2026-05-14",
                    "from": "Paris CDG",
                    "to": "Nice",
                    "departure": "07:10",
                    "arrival": "08:40",
                    "distance_km": 690,
                    "price": 89.0,
                    "status": "booked",
                }
            },
            "fare": {"type": "basic", "total": 240.0, "taxes": 62.4},
        },
        "FX4R7T": {  # flex, one adult, delayed flight flown, return booked
            "status": "confirmed",
            "booked_on": "2026-03-01",
            "contact": {"name": "Hélène Dupré", "email": "helene@example.fr"},
            "passengers": {"P1": {"first_name": "Hélène", "last_name": "Dupré-Lefort"}},
            "segments": {
                "S1": {
                    "number": "AZ420",
                    "date": "2026-04-08",
                    "from": "Paris CDG",
                    "to": "Athens",
                    "distance_km": 2100,
                    "price": 150.0,
                    "status": "flown",
                },
                "S2": {
                    "number": "AZ421",
                    "date": "2026-04-11",
                    "from": "Athens",
                    "to": "Paris CDG",
                    "departure": "10:00",
                    "arrival": "12:30",
                    "distance_km": 2100,
                    "price": 150.0,
                    "status": "booked",
                },
            },
            "fare": {"type": "flex", "total": 380.0, "taxes": 80.0},
        },
        "RF9A2B": {  # refundable, one adult and a child
            "status": "confirmed",
            "booked_on": "2026-03-20",
            "contact": {"name": "Paul Martin"},
            "passengers": {
                "P1": {"first_name": "Paul", "last_name": "Martin"},
                "P2": {"first_name": "Léa", "last_name": "Martin", "type": "child"},
            },
            "segments": {
                "S1": {
                    "number": "AZ731",
                    "date": "2026-04-11",
                    "from": "Paris Orly",
                    "to": "Nice",
                    "distance_km": 690,
                    "status": "booked",
                },
                "S2": {"number": "AZ736", "date": "2026-04-18", "from": "Nice", "to": "Paris Orly", "status": "booked"},
            },
            "fare": {"type": "refundable", "total": 512.8, "taxes": 70.0},
        },
        "TR5N8C": {  # train, basic, cancelled by us
            "status": "confirmed",
            "booked_on": "2026-03-02",
            "contact": {"name": "Karim Benali"},
            "passengers": {"P1": {"first_name": "Karim", "last_name": "Benali"}},
            "segments": {
                "S1": {
                    "mode": "train",
                    "number": "AZ9512",
                    "date": "2026-04-09",
                    "from": "Lyon Part-Dieu",
                    "to": "Marseille Saint-Charles",
                    "price": 48.0,
                    "status": "booked",
                },
                "S2": {
                    "mode": "train",
                    "number": "AZ9531",
                    "date": "2026-04-12",
                    "from": "Marseille Saint-Charles",
                    "to": "Lyon Part-Dieu",
                    "price": 40.0,
                    "status": "booked",
                },
            },
            "fare": {"type": "basic", "total": 88.0, "taxes": 0.0},
        },
    },
    "departures": [
        {"number": "AZ420", "date": "2026-04-08", "status": "arrived", "delay_minutes": 250, "cause": "technical"},
        {"number": "AZ421", "date": "2026-04-11", "status": "delayed", "delay_minutes": 40, "gate": "B12"},
        {"number": "AZ731", "date": "2026-04-11", "status": "delayed", "delay_minutes": 210, "cause": "weather"},
        {
            "number": "AZ9512",
            "date": "2026-04-09",
            "mode": "train",
            "status": "cancelled",
            "cause": "staff_strike",
            "cancellation_notified_on": "2026-04-08",
        },
        {"number": "AZ9531", "date": "2026-04-12", "mode": "train", "status": "delayed", "delay_minutes": 75},
        {
            "number": "AZ100",
            "date": "2026-04-10",
            "from": "Paris CDG",
            "to": "Montréal",
            "departure": "13:30",
            "status": "boarding",
            "gate": "M40",
            "terminal": "2E",
        },
    ],
    "availability": [
        {
            "number": "AZ612",
            "date": "2026-05-16",
            "from": "Paris CDG",
            "to": "Nice",
            "departure": "07:10",
            "fare": 110.0,
            "seats": 5,
        },
        {
            "number": "AZ614",
            "date": "2026-05-17",
            "from": "Paris CDG",
            "to": "Nice",
            "departure": "12:00",
            "fare": 60.0,
            "seats": 9,
        },
        {
            "number": "AZ618",
            "date": "2026-05-17",
            "from": "Paris CDG",
            "to": "Nice",
            "departure": "19:30",
            "fare": 95.0,
            "seats": 1,
        },
        {
            "number": "AZ423",
            "date": "2026-04-13",
            "from": "Athens",
            "to": "Paris CDG",
            "departure": "10:00",
            "fare": 171.5,
            "seats": 4,
        },
    ],
    "baggage_claims": {
        "LB00007": {
            "booking_reference": "FX4R7T",
            "passenger_id": "P1",
            "number": "AZ420",
            "reported_on": "2026-04-08",
            "status": "located",
            "last_update": "Found in Paris CDG, on tomorrow's flight",
        },
        "LB00008": {
            "booking_reference": "RF9A2B",
            "passenger_id": "P1",
            "number": "AZ731",
            "reported_on": "2026-04-01",
            "status": "delivered",
        },
    },
}


@pytest.fixture
def world() -> World:
    domain = load_domain("travel")
    assert domain.check_state(STATE) == []
    return World(domain, STATE)


def bad_state(change) -> list[tuple[str, str]]:
    state = copy.deepcopy(STATE)
    change(state)
    return load_domain("travel").check_state(state)


# --- the domain ---------------------------------------------------------------------------------


def test_travel_domain_has_its_tools_and_the_handoff():
    tools = set(load_domain("travel").tools)

    assert tools == {
        "find_booking",
        "get_booking",
        "get_flight_status",
        "change_booking",
        "cancel_booking",
        "request_compensation",
        "issue_voucher",
        "report_lost_baggage",
        "add_special_assistance",
        "update_contact_details",
        "report_death",
        "get_travel_info",
        HANDOFF_TOOL,
    }


@pytest.mark.parametrize(
    "figure",
    [
        "70 €",
        "60 €",
        "250 €",
        "400 €",
        "600 €",
        "7 days",
        "14 days",
        "65 €",
        "50 €",
        "35 €",
        "21",
        "48",
        "40 x 30 x 15",
    ],
)
def test_policy_states_the_figures_the_tools_apply(figure):
    assert figure in load_domain("travel").policy


def test_policy_figures_match_the_tool_constants():
    rules = travel_tools.FARE_RULES
    assert rules["basic"]["change_fee_per_passenger"] == 70
    assert rules["flex"]["cancellation_fee_per_passenger"] == 60
    assert (travel_tools.COMPENSATION["up_to_1500_km"], travel_tools.COMPENSATION["1500_to_3500_km"]) == (250, 400)
    assert travel_tools.COMPENSATION["over_3500_km"] == 600
    assert travel_tools.REFUND_WITHIN_DAYS == 7
    assert travel_tools.SPECIAL_ASSISTANCE["unaccompanied_minor_fee_per_segment"] == 65
    assert travel_tools.VOUCHER["goodwill_max"] == 50


# --- the state schema ---------------------------------------------------------------------------


def test_state_schema_accepts_the_test_world(world):
    assert world.state["company"]["currency"] == "EUR"


def test_state_schema_rejects_another_currency():
    problems = bad_state(lambda s: s["company"].update(currency="GBP"))
    assert [p[0] for p in problems] == ["company.currency"]


def test_state_schema_rejects_a_malformed_booking_reference():
    problems = bad_state(lambda s: s["bookings"].update(k7=s["bookings"]["K7TQ2M"]))
    assert problems and problems[0][0] == "bookings"


def test_state_schema_rejects_an_unknown_fare_type():
    problems = bad_state(lambda s: s["bookings"]["K7TQ2M"]["fare"].update(type="premium"))
    assert [p[0] for p in problems] == ["bookings.K7TQ2M.fare.type"]


def test_state_schema_rejects_an_unknown_field():
    problems = bad_state(lambda s: s["bookings"]["K7TQ2M"].update(pnr="K7TQ2M"))
    assert problems and problems[0][0] == "bookings.K7TQ2M.pnr" and "unknown field" in problems[0][1]


def test_state_schema_rejects_an_impossible_date_and_time():
    problems = bad_state(
        lambda s: s["bookings"]["K7TQ2M"]["segments"]["S1"].update(date="2026-02-30", departure="25:10")
    )
    assert sorted(p[0] for p in problems) == [
        "bookings.K7TQ2M.segments.S1.date",
        "bookings.K7TQ2M.segments.S1.departure",
    ]


def test_state_schema_requires_today():
    problems = bad_state(lambda s: s.pop("today"))
    assert problems == [("today", "required field is missing")]


# --- find_booking: the identity check -----------------------------------------------------------


def test_find_booking_with_the_right_last_name_verifies_and_lists_passengers(world):
    result = world.call("find_booking", {"booking_reference": "K7TQ2M", "last_name": "Clarke"})

    assert result["verified"] is True
    assert result["passengers"] == {"P1": "Emma Clarke", "P2": "Tom Clarke", "P3": "Lily Clarke"}
    assert world.state["verified"] == ["K7TQ2M"]


def test_find_booking_ignores_case_accents_spaces_and_accepts_a_full_name(world):
    assert world.call("find_booking", {"booking_reference": " fx4 r7t", "last_name": "dupre lefort"})["verified"]
    assert world.call("find_booking", {"booking_reference": "FX4R7T", "last_name": "Hélène Dupré-Lefort"})["verified"]


def test_find_booking_with_a_wrong_last_name_is_not_verified_and_reveals_nothing(world):
    result = world.call("find_booking", {"booking_reference": "K7TQ2M", "last_name": "Martin"})

    assert result == {"verified": False}
    assert "verified" not in world.state


def test_find_booking_with_an_unknown_reference_looks_the_same_as_a_wrong_name(world):
    assert world.call("find_booking", {"booking_reference": "ZZZZZZ", "last_name": "Clarke"}) == {"verified": False}


def test_find_booking_does_not_accept_a_partial_last_name(world):
    assert world.call("find_booking", {"booking_reference": "K7TQ2M", "last_name": "Clark"}) == {"verified": False}


# --- get_booking --------------------------------------------------------------------------------


def test_get_booking_gives_fare_rules_allowance_and_live_status(world):
    booking = world.call("get_booking", {"booking_reference": "fx4r7t"})

    assert booking["booking_reference"] == "FX4R7T"
    assert booking["fare_rules"]["cancellation_fee_per_passenger"] == 60
    assert booking["fare_rules"]["refund_within_days"] == 7
    assert "10 kg" in booking["baggage_allowance"]["flights"]
    assert booking["segments"]["S2"]["live_status"] == {"status": "delayed", "delay_minutes": 40, "gate": "B12"}


def test_get_booking_shows_only_its_own_baggage_files(world):
    booking = world.call("get_booking", {"booking_reference": "FX4R7T"})

    assert list(booking["baggage_claims"]) == ["LB00007"]
    assert booking["lost_baggage_rules"]["essentials_reimbursed_per_day"] == 50


def test_get_booking_without_baggage_files_gives_no_baggage_rules(world):
    booking = world.call("get_booking", {"booking_reference": "K7TQ2M"})

    assert booking["baggage_claims"] == {}
    assert "lost_baggage_rules" not in booking


def test_get_booking_of_an_unknown_reference_is_an_error(world):
    assert world.call("get_booking", {"booking_reference": "ZZZZZZ"}) == {"error": "no booking 'ZZZZZZ'"}


# --- get_flight_status --------------------------------------------------------------------------


def test_flight_status_of_a_delayed_flight_gives_the_expected_departure_and_gate(world):
    status = world.call("get_flight_status", {"number": "az 421", "date": "2026-04-11"})

    assert status["status"] == "delayed"
    assert status["delay_minutes"] == 40
    assert status["scheduled_departure"] == "10:00"
    assert status["expected_departure"] == "10:40"
    assert status["gate"] == "B12"
    assert (status["from"], status["to"]) == ("Athens", "Paris CDG")


def test_flight_status_without_a_booking_uses_the_departure_record(world):
    status = world.call("get_flight_status", {"number": "AZ100", "date": "2026-04-10"})

    assert status["to"] == "Montréal"
    assert status["gate"] == "M40" and status["terminal"] == "2E"
    assert "expected_departure" not in status


def test_flight_status_of_a_booked_departure_with_no_record_is_on_schedule(world):
    status = world.call("get_flight_status", {"number": "AZ612", "date": "2026-05-14"})

    assert status["status"] == "scheduled"
    assert status["delay_minutes"] == 0


def test_flight_status_gives_the_cause_of_a_disruption(world):
    assert world.call("get_flight_status", {"number": "AZ731", "date": "2026-04-11"})["cause"] == "weather"


def test_flight_status_of_an_unknown_departure_is_an_error(world):
    assert "no departure" in world.call("get_flight_status", {"number": "AZ999", "date": "2026-04-11"})["error"]


# --- change_booking -----------------------------------------------------------------------------


def test_change_quote_on_basic_charges_the_fee_and_difference_per_paying_passenger(world):
    quote = world.call(
        "change_booking",
        {"booking_reference": "K7TQ2M", "segment_id": "S1", "new_date": "2026-05-16", "quote_only": True},
    )

    assert quote["paying_passengers"] == 2  # the infant pays nothing
    assert quote["change_fee"] == 140.0
    assert quote["fare_difference_per_passenger"] == 21.0
    assert quote["fare_difference"] == 42.0  # (110 - 89) x 2
    assert quote["total_due"] == 182.0
    assert world.state["bookings"]["K7TQ2M"]["segments"]["S1"]["date"] == "2026-05-14"
    assert "changes" not in world.state


def test_change_confirmed_moves_the_segment_and_records_the_change(world):
    result = world.call("change_booking", {"booking_reference": "K7TQ2M", "segment_id": "S1", "new_date": "2026-05-16"})

    segment = world.state["bookings"]["K7TQ2M"]["segments"]["S1"]
    assert (segment["number"], segment["date"], segment["price"]) == ("AZ612", "2026-05-16", 110.0)
    assert world.state["bookings"]["K7TQ2M"]["fare"]["total"] == 282.0
    assert world.state["availability"][0]["seats"] == 3  # two seats taken: the infant travels on a lap
    assert result["change_id"] == "CH0001"
    assert world.state["changes"]["CH0001"]["total_due"] == 182.0


def test_change_on_flex_is_free_apart_from_the_fare_difference(world):
    quote = world.call(
        "change_booking",
        {"booking_reference": "FX4R7T", "segment_id": "S2", "new_date": "2026-04-13", "quote_only": True},
    )

    assert quote["change_fee"] == 0
    assert quote["fare_difference"] == 21.5
    assert quote["total_due"] == 21.5


def test_change_to_a_cheaper_departure_has_no_negative_difference(world):
    quote = world.call(
        "change_booking",
        {
            "booking_reference": "K7TQ2M",
            "segment_id": "S1",
            "new_date": "2026-05-17",
            "new_number": "AZ614",
            "quote_only": True,
        },
    )

    assert quote["fare_difference"] == 0
    assert quote["total_due"] == 140.0


def test_change_to_a_date_with_several_departures_asks_which_one(world):
    result = world.call("change_booking", {"booking_reference": "K7TQ2M", "segment_id": "S1", "new_date": "2026-05-17"})

    assert "several departures" in result["error"]
    assert "AZ614 at 12:00" in result["error"] and "AZ618 at 19:30" in result["error"]


def test_change_to_a_date_without_availability_lists_the_available_dates(world):
    result = world.call("change_booking", {"booking_reference": "K7TQ2M", "segment_id": "S1", "new_date": "2026-05-20"})

    assert "nothing available" in result["error"]
    assert "2026-05-16, 2026-05-17" in result["error"]


def test_change_refuses_a_departure_without_enough_seats(world):
    result = world.call(
        "change_booking",
        {"booking_reference": "K7TQ2M", "segment_id": "S1", "new_date": "2026-05-17", "new_number": "AZ618"},
    )

    assert "not enough seats" in result["error"]


def test_change_refuses_a_flown_segment(world):
    result = world.call("change_booking", {"booking_reference": "FX4R7T", "segment_id": "S1", "new_date": "2026-04-13"})

    assert result == {"error": "segment is flown: it can no longer be changed"}


def test_change_refuses_a_date_in_the_past(world):
    result = world.call("change_booking", {"booking_reference": "K7TQ2M", "segment_id": "S1", "new_date": "2026-04-01"})

    assert result == {"error": "the new date is in the past"}


# --- cancel_booking -----------------------------------------------------------------------------


def test_cancel_basic_refunds_only_the_taxes(world):
    result = world.call("cancel_booking", {"booking_reference": "K7TQ2M"})

    assert result["refund"] == 62.4
    assert result["refund_within_days"] == 7
    assert world.state["bookings"]["K7TQ2M"]["status"] == "cancelled"
    assert world.state["bookings"]["K7TQ2M"]["segments"]["S1"]["status"] == "cancelled"
    assert world.state["bookings"]["K7TQ2M"]["fare"]["refunded"] == 62.4


def test_cancel_refundable_refunds_in_full(world):
    assert world.call("cancel_booking", {"booking_reference": "RF9A2B"})["refund"] == 512.8


def test_cancel_flex_keeps_the_fee_per_passenger(world):
    state = copy.deepcopy(STATE)
    state["bookings"]["FX4R7T"]["segments"]["S1"]["status"] = "booked"
    flex = World(load_domain("travel"), state)

    assert flex.call("cancel_booking", {"booking_reference": "FX4R7T", "quote_only": True})["refund"] == 320.0


def test_cancel_when_we_cancelled_a_departure_refunds_in_full_whatever_the_fare(world):
    result = world.call("cancel_booking", {"booking_reference": "TR5N8C"})

    assert result["refund"] == 88.0
    assert "we cancelled" in result["refund_rule"]


def test_cancel_quote_changes_nothing(world):
    quote = world.call("cancel_booking", {"booking_reference": "RF9A2B", "quote_only": True})

    assert quote["refund"] == 512.8
    assert world.state["bookings"]["RF9A2B"]["status"] == "confirmed"


def test_cancel_refuses_a_partly_travelled_booking(world):
    result = world.call("cancel_booking", {"booking_reference": "FX4R7T"})

    assert "travelled" in result["error"]
    assert world.state["bookings"]["FX4R7T"]["status"] == "confirmed"


def test_cancel_twice_is_refused(world):
    world.call("cancel_booking", {"booking_reference": "RF9A2B"})

    assert world.call("cancel_booking", {"booking_reference": "RF9A2B"}) == {"error": "booking is cancelled"}


# --- request_compensation -----------------------------------------------------------------------


def test_compensation_for_a_long_delay_is_by_distance_per_paying_passenger(world):
    claim = world.call("request_compensation", {"booking_reference": "FX4R7T", "number": "AZ420"})

    assert claim["claim_id"] == "EC0001"
    assert claim["amount_per_passenger"] == 400.0
    assert claim["total"] == 400.0
    assert claim["paid_within_days"] == 14
    assert world.state["compensation_claims"]["EC0001"]["status"] == "submitted"


@pytest.mark.parametrize("distance, amount", [(690, 250.0), (1500, 250.0), (1501, 400.0), (3500, 400.0), (3501, 600.0)])
def test_compensation_bands_follow_the_distance(distance, amount):
    state = copy.deepcopy(STATE)
    state["bookings"]["FX4R7T"]["segments"]["S1"]["distance_km"] = distance
    world = World(load_domain("travel"), state)

    assert world.call("request_compensation", {"booking_reference": "FX4R7T", "number": "AZ420"})["total"] == amount


def test_compensation_is_refused_under_three_hours(world):
    result = world.call("request_compensation", {"booking_reference": "FX4R7T", "number": "AZ421"})

    assert "40 minutes gives no compensation" in result["error"]
    assert not world.state.get("compensation_claims")


def test_compensation_is_not_refused_for_weather_the_bot_must_know_better(world):
    claim = world.call("request_compensation", {"booking_reference": "RF9A2B", "number": "AZ731"})

    assert claim["cause"] == "weather"
    assert claim["total"] == 500.0  # two paying passengers x 250: the system files it, the policy forbids it


def test_compensation_claimed_twice_is_refused(world):
    world.call("request_compensation", {"booking_reference": "FX4R7T", "number": "AZ420"})

    result = world.call("request_compensation", {"booking_reference": "FX4R7T", "number": "AZ420"})

    assert result == {"error": "a claim already exists for this departure: EC0001"}


def test_compensation_for_a_flight_not_in_the_booking_is_an_error(world):
    assert (
        "no segment" in world.call("request_compensation", {"booking_reference": "K7TQ2M", "number": "AZ420"})["error"]
    )


def test_compensation_for_a_cancellation_notified_early_is_refused():
    state = copy.deepcopy(STATE)
    state["departures"][3]["cancellation_notified_on"] = "2026-03-20"
    world = World(load_domain("travel"), state)

    result = world.call("request_compensation", {"booking_reference": "TR5N8C", "number": "AZ9512"})

    assert "14 days or more" in result["error"]


def test_rail_compensation_is_a_share_of_the_segment_price(world):
    cancelled = world.call("request_compensation", {"booking_reference": "TR5N8C", "number": "AZ9512"})
    late = world.call("request_compensation", {"booking_reference": "TR5N8C", "number": "AZ9531"})

    assert cancelled["amount_per_passenger"] == 24.0  # 50% of 48
    assert late["amount_per_passenger"] == 10.0  # 75 minutes: 25% of 40


def test_rail_compensation_is_refused_under_an_hour():
    state = copy.deepcopy(STATE)
    state["departures"][4]["delay_minutes"] = 45
    world = World(load_domain("travel"), state)

    result = world.call("request_compensation", {"booking_reference": "TR5N8C", "number": "AZ9531"})

    assert "60 minutes at least" in result["error"]


# --- vouchers -----------------------------------------------------------------------------------


def test_issue_voucher_is_valid_twelve_months(world):
    result = world.call("issue_voucher", {"booking_reference": "FX4R7T", "amount": 50, "reason": "2h30 delay"})

    assert result == {"voucher_code": "AZV-0001", "amount": 50, "valid_until": "2027-04-10"}
    assert world.state["vouchers"]["AZV-0001"]["booking_reference"] == "FX4R7T"


def test_voucher_issued_on_29_february_ends_on_28_february():
    state = copy.deepcopy(STATE)
    state["today"] = "2028-02-29"
    world = World(load_domain("travel"), state)

    result = world.call("issue_voucher", {"booking_reference": "FX4R7T", "amount": 20, "reason": "goodwill"})

    assert result["valid_until"] == "2029-02-28"


def test_issue_voucher_refuses_more_than_the_fare(world):
    result = world.call("issue_voucher", {"booking_reference": "TR5N8C", "amount": 100, "reason": "goodwill"})

    assert "exceeds" in result["error"]
    assert "vouchers" not in world.state


# --- baggage ------------------------------------------------------------------------------------


def test_report_lost_baggage_opens_a_file(world):
    result = world.call(
        "report_lost_baggage",
        {
            "booking_reference": "K7TQ2M",
            "passenger_id": "P2",
            "number": "AZ612",
            "bag_description": "navy Samsonite, yellow strap",
            "delivery_address": "3 rue Masséna, 06000 Nice",
        },
    )

    assert result["file_reference"] == "LB00003"
    assert result["status"] == "searching"
    assert result["traced_for_days"] == 21
    assert world.state["baggage_claims"]["LB00003"]["reported_on"] == "2026-04-10"


def test_report_lost_baggage_refuses_a_second_open_file_for_the_passenger(world):
    result = world.call(
        "report_lost_baggage",
        {
            "booking_reference": "FX4R7T",
            "passenger_id": "P1",
            "number": "AZ420",
            "bag_description": "red suitcase",
            "delivery_address": "Paris",
        },
    )

    assert result == {"error": "an open baggage file already exists for this passenger: LB00007"}


def test_report_lost_baggage_for_an_unknown_passenger_is_an_error(world):
    result = world.call(
        "report_lost_baggage",
        {
            "booking_reference": "K7TQ2M",
            "passenger_id": "P9",
            "number": "AZ612",
            "bag_description": "x",
            "delivery_address": "y",
        },
    )

    assert result["error"].startswith("no passenger 'P9'")


# --- special assistance -------------------------------------------------------------------------


def test_special_assistance_well_ahead_is_confirmed_and_free(world):
    result = world.call(
        "add_special_assistance",
        {"booking_reference": "K7TQ2M", "passenger_id": "P1", "assistance": "wheelchair_steps"},
    )

    assert result["status"] == "confirmed"
    assert result["fee"] == 0
    assert world.state["bookings"]["K7TQ2M"]["passengers"]["P1"]["special_assistance"] == ["wheelchair_steps"]


def test_special_assistance_less_than_48_hours_ahead_is_not_guaranteed(world):
    result = world.call(
        "add_special_assistance", {"booking_reference": "RF9A2B", "passenger_id": "P1", "assistance": "wheelchair_ramp"}
    )

    assert result["status"].startswith("requested, not guaranteed")


def test_unaccompanied_minor_costs_65_per_remaining_segment(world):
    result = world.call(
        "add_special_assistance",
        {"booking_reference": "RF9A2B", "passenger_id": "P2", "assistance": "unaccompanied_minor"},
    )

    assert result["fee"] == 130.0
    assert result["segments"] == ["AZ731 2026-04-11", "AZ736 2026-04-18"]


def test_unaccompanied_minor_is_refused_for_an_adult(world):
    result = world.call(
        "add_special_assistance",
        {"booking_reference": "RF9A2B", "passenger_id": "P1", "assistance": "unaccompanied_minor"},
    )

    assert result == {"error": "the unaccompanied-minor service is for children only"}


def test_special_assistance_requested_twice_is_refused(world):
    args = {"booking_reference": "K7TQ2M", "passenger_id": "P1", "assistance": "wheelchair_steps"}
    world.call("add_special_assistance", args)

    assert "already requested" in world.call("add_special_assistance", args)["error"]


# --- contact details ----------------------------------------------------------------------------


def test_update_contact_details_changes_the_phone_only(world):
    result = world.call("update_contact_details", {"booking_reference": "K7TQ2M", "phone": "+44 7700 900456"})

    assert result["contact"] == {"name": "Emma Clarke", "email": "emma@example.com", "phone": "+44 7700 900456"}


def test_update_contact_details_needs_a_phone_or_an_email(world):
    assert world.call("update_contact_details", {"booking_reference": "K7TQ2M"}) == {
        "error": "give a phone number or an e-mail address"
    }


@pytest.mark.parametrize("args", [{"email": "emma.example.com"}, {"phone": "12 34"}])
def test_update_contact_details_refuses_malformed_values(world, args):
    result = world.call("update_contact_details", {"booking_reference": "K7TQ2M", **args})

    assert result["error"].startswith("not a")
    assert world.state["bookings"]["K7TQ2M"]["contact"]["phone"] == "+44 7700 900123"


# --- bereavement --------------------------------------------------------------------------------


def test_report_death_puts_the_booking_on_hold_and_opens_a_case(world):
    result = world.call(
        "report_death",
        {"booking_reference": "K7TQ2M", "passenger_id": "P2", "reported_by": "Emma Clarke", "relationship": "wife"},
    )

    assert result == {"case_id": "BV0001", "status": "open", "contact_within_working_days": 2}
    assert world.state["bookings"]["K7TQ2M"]["status"] == "on_hold"
    assert world.state["bookings"]["K7TQ2M"]["passengers"]["P2"]["status"] == "deceased"


def test_a_booking_on_hold_cannot_be_changed_or_cancelled(world):
    world.call(
        "report_death",
        {"booking_reference": "K7TQ2M", "passenger_id": "P2", "reported_by": "Emma Clarke", "relationship": "wife"},
    )

    cancelled = world.call("cancel_booking", {"booking_reference": "K7TQ2M"})
    changed = world.call(
        "change_booking", {"booking_reference": "K7TQ2M", "segment_id": "S1", "new_date": "2026-05-16"}
    )

    assert "on hold" in cancelled["error"] and "on hold" in changed["error"]


# --- public information -------------------------------------------------------------------------


def test_travel_info_gives_hours_allowances_and_fees(world):
    info = world.call("get_travel_info", {})

    assert info["support_hours"] == "every day, 7am to 10pm"
    assert re.search(r"23 kg", info["baggage_allowance"]["flex"])
    assert info["extra_checked_bag"]["price_online"] == 35
    assert info["compensation_flights_eu261"]["minimum_delay_minutes"] == 180
