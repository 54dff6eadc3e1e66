"""The telecom domain (mobile and home internet): each tool's effect, its refusals, the figures the
billing system computes, and the state schema rejecting a malformed world."""

from __future__ import annotations

import copy

import pytest

from bench.core.world import HANDOFF_TOOL, World, load_domain

STATE = {
    "today": "2026-04-14",
    "operator": {
        "name": "Alizé Télécom",
        "currency": "EUR",
        "support_hours": "du lundi au samedi, de 8 h à 21 h",
        "goodwill_credit_cap": 20,
        "cooling_off_days": 14,
        "downgrade_fee": 15,
        "sim_swap_fee": 10,
        "early_termination_rate": 0.25,
    },
    "plans": {
        "M-20": {"name": "Forfait 20 Go", "type": "mobile", "monthly_price": 9.99, "data_gb": 20},
        "M-100": {"name": "Forfait 100 Go", "type": "mobile", "monthly_price": 24.99, "data_gb": 100},
        "M-UNL": {"name": "Forfait Illimité", "type": "mobile", "monthly_price": 34.99, "data_gb": None},
        "BOX-F": {"name": "Box Fibre", "type": "home_internet", "monthly_price": 29.99},
    },
    "options": {
        "PASS-USA": {"name": "Pass USA-Canada 5 Go", "price": 15.0, "validity_days": 7},
    },
    "customers": {
        "C-1": {
            "name": "Léa Fontaine",
            "date_of_birth": "1990-05-12",
            "pin": "4821",
            "email": "lea.fontaine@exemple.fr",
            "phone": "06 11 22 33 44",
            "address": "12 rue des Lilas, 69003 Lyon",
            "billing_day": 5,
            "balance_due": 45.0,
        },
        "C-2": {
            "name": "Tom Baker",
            "date_of_birth": "1985-01-30",
            "email": "tom.baker@example.com",
            "address": "3 quai Saint-Antoine, 69002 Lyon",
            "billing_day": 20,
        },
    },
    "lines": {
        "L-1": {
            "customer_id": "C-1",
            "type": "mobile",
            "number": "06 12 34 56 78",
            "plan_id": "M-100",
            "status": "active",
            "sim_status": "active",
            "contract_start": "2025-10-01",
            "contract_end": "2027-10-01",
            "data_used_gb": 62.5,
        },
        "L-2": {
            "customer_id": "C-1",
            "type": "home_internet",
            "number": "04 78 00 11 22",
            "plan_id": "BOX-F",
            "status": "active",
            "contract_start": "2024-01-10",
            "contract_end": "2025-01-10",
        },
        "L-3": {
            "customer_id": "C-2",
            "type": "mobile",
            "number": "07 98 76 54 32",
            "plan_id": "M-UNL",
            "status": "active",
            "sim_status": "active",
            "contract_start": "2026-04-05",
            "contract_end": "2028-04-05",
            "data_used_gb": 3,
        },
    },
    "bills": {
        "F-1": {
            "customer_id": "C-1",
            "issued_on": "2026-03-05",
            "amount": 54.98,
            "status": "paid",
            "items": [{"label": "Forfait 100 Go", "amount": 24.99}, {"label": "Box Fibre", "amount": 29.99}],
        },
        "F-2": {
            "customer_id": "C-1",
            "issued_on": "2026-04-05",
            "amount": 99.98,
            "status": "due",
            "items": [
                {"label": "Forfait 100 Go", "amount": 24.99},
                {"label": "Box Fibre", "amount": 29.99},
                {"label": "Roaming hors UE", "amount": 45.0, "line_id": "L-1"},
            ],
        },
        "F-3": {"customer_id": "C-2", "issued_on": "2026-04-05", "amount": 34.99, "status": "paid", "items": []},
    },
    "outages": {
        "INC-1": {
            "postcodes": ["69003", "69008"],
            "service": "home_internet",
            "description": "Câble de fibre sectionné",
            "started_at": "2026-04-14T06:30",
            "estimated_fix": "2026-04-15T18:00",
            "status": "ongoing",
        },
        "INC-0": {
            "postcodes": ["69003"],
            "service": "mobile",
            "description": "Antenne en maintenance",
            "status": "resolved",
        },
    },
    "tickets": {
        "T-7": {"line_id": "L-2", "opened_on": "2026-04-01", "description": "Pas de synchro", "status": "open"},
    },
}


@pytest.fixture
def world() -> World:
    return World(load_domain("telecom"), STATE)


def ok(world: World, tool: str, **arguments) -> dict:
    result = world.call(tool, arguments)
    assert "error" not in result, result
    return result


def refused(world: World, tool: str, **arguments) -> str:
    result = world.call(tool, arguments)
    assert set(result) == {"error"}, result
    return result["error"]


# -- the domain ----------------------------------------------------------------------------------
def test_the_telecom_domain_loads_with_its_tools_and_the_handoff_tool():
    domain = load_domain("telecom")

    assert {
        "find_customer",
        "verify_identity",
        "get_account",
        "get_bills",
        "list_plans",
        "change_plan",
        "add_option",
        "check_outage",
        "open_fault_ticket",
        "block_sim",
        "order_sim_swap",
        "apply_credit",
        "set_payment_plan",
        "cancel_contract",
        "update_address",
        "report_death",
        HANDOFF_TOOL,
    } == set(domain.tools)


def test_the_example_world_fits_the_state_schema():
    assert load_domain("telecom").check_state(STATE) == []


def test_the_policy_states_the_goodwill_cap_and_the_cooling_off_period():
    policy = load_domain("telecom").policy

    assert "20 €" in policy and "14 days" in policy and "verify_identity" in policy


# -- identity ------------------------------------------------------------------------------------
def test_find_customer_by_name_ignores_case(world):
    assert ok(world, "find_customer", name="léa FONTAINE") == {"customer_ids": ["C-1"]}


def test_find_customer_by_email(world):
    assert ok(world, "find_customer", email="Tom.Baker@example.com") == {"customer_ids": ["C-2"]}


@pytest.mark.parametrize("phone", ["06 12 34 56 78", "0612345678", "+33 6 12 34 56 78", "06 11 22 33 44"])
def test_find_customer_by_a_line_number_or_contact_number_in_any_format(world, phone):
    assert ok(world, "find_customer", phone=phone) == {"customer_ids": ["C-1"]}


def test_find_customer_with_every_criterion_must_match_them_all(world):
    assert ok(world, "find_customer", name="Tom Baker", phone="06 12 34 56 78") == {"customer_ids": []}


def test_find_customer_without_any_criterion_is_refused(world):
    assert "name" in refused(world, "find_customer")


def test_verify_identity_with_the_date_of_birth(world):
    assert ok(world, "verify_identity", customer_id="C-1", date_of_birth="1990-05-12")["verified"] is True
    assert world.state["verified"] == ["C-1"]


def test_verify_identity_with_the_pin(world):
    assert ok(world, "verify_identity", customer_id="C-1", pin="4821")["verified"] is True


def test_an_empty_pin_next_to_a_date_of_birth_is_ignored(world):
    assert ok(world, "verify_identity", customer_id="C-1", date_of_birth="1990-05-12", pin="")["verified"] is True


def test_a_pin_that_is_not_four_digits_is_an_invalid_argument(world):
    assert "invalid arguments" in refused(world, "verify_identity", customer_id="C-1", pin="482")


def test_a_wrong_pin_fails_and_counts_the_attempts_left(world):
    assert ok(world, "verify_identity", customer_id="C-1", pin="1234") == {"verified": False, "attempts_left": 2}
    assert "verified" not in world.state


def test_verify_identity_needs_a_date_of_birth_or_a_pin(world):
    assert "date of birth or a PIN" in refused(world, "verify_identity", customer_id="C-1")


def test_identity_checks_lock_after_three_failures_even_for_the_right_answer(world):
    for _ in range(3):
        ok(world, "verify_identity", customer_id="C-1", date_of_birth="1990-01-01")

    assert "locked" in refused(world, "verify_identity", customer_id="C-1", date_of_birth="1990-05-12")


def test_verify_identity_of_an_unknown_customer_is_refused(world):
    assert "no customer 'C-9'" in refused(world, "verify_identity", customer_id="C-9", pin="0000")


# -- reading -------------------------------------------------------------------------------------
def test_get_account_never_returns_the_pin_or_the_date_of_birth(world):
    account = ok(world, "get_account", customer_id="C-1")

    assert "pin" not in account and "date_of_birth" not in account
    assert account["address"] == "12 rue des Lilas, 69003 Lyon" and account["balance_due"] == 45.0


def test_get_account_gives_the_data_left_and_the_next_bill_date(world):
    account = ok(world, "get_account", customer_id="C-1")
    mobile = next(line for line in account["lines"] if line["line_id"] == "L-1")

    assert account["next_bill_date"] == "2026-05-05"
    assert (mobile["data_allowance_gb"], mobile["data_used_gb"], mobile["data_left_gb"]) == (100, 62.5, 37.5)
    assert mobile["plan"] == {
        "plan_id": "M-100",
        "name": "Forfait 100 Go",
        "type": "mobile",
        "monthly_price": 24.99,
        "data_gb": 100,
    }


def test_get_account_says_unlimited_data_for_an_unlimited_plan(world):
    line = ok(world, "get_account", customer_id="C-2")["lines"][0]

    assert line["data_allowance_gb"] == "unlimited" and line["data_left_gb"] is None


def test_the_next_bill_date_is_this_month_when_the_billing_day_is_still_ahead(world):
    assert ok(world, "get_account", customer_id="C-2")["next_bill_date"] == "2026-04-20"


def test_the_early_termination_fee_counts_full_fees_to_month_12_and_a_quarter_after(world):
    mobile = ok(world, "get_account", customer_id="C-1")["lines"][0]

    # 6 monthly fees left to month 12 (1 October 2026), then 12 more at 25%: 6 x 24.99 + 12 x 24.99 x 0.25
    assert mobile["early_termination_fee_if_cancelled_today"] == 224.91
    assert mobile["contract_end"] == "2027-10-01" and mobile["cooling_off_until"] == "2025-10-15"


def test_no_early_termination_fee_after_the_contract_end_or_within_cooling_off(world):
    box = ok(world, "get_account", customer_id="C-1")["lines"][1]
    new = ok(world, "get_account", customer_id="C-2")["lines"][0]

    assert box["early_termination_fee_if_cancelled_today"] == 0
    assert new["early_termination_fee_if_cancelled_today"] == 0 and new["cooling_off_until"] == "2026-04-19"


def test_get_account_lists_the_open_tickets_of_each_line(world):
    box = ok(world, "get_account", customer_id="C-1")["lines"][1]

    assert [t["ticket_id"] for t in box["open_tickets"]] == ["T-7"]


def test_get_bills_newest_first_with_their_items(world):
    bills = ok(world, "get_bills", customer_id="C-1")["bills"]

    assert [b["bill_id"] for b in bills] == ["F-2", "F-1"]
    assert {"label": "Roaming hors UE", "amount": 45.0, "line_id": "L-1"} in bills[0]["items"]


def test_get_bills_keeps_to_the_limit_and_to_the_customer(world):
    assert [b["bill_id"] for b in ok(world, "get_bills", customer_id="C-1", limit=1)["bills"]] == ["F-2"]
    assert [b["bill_id"] for b in ok(world, "get_bills", customer_id="C-2")["bills"]] == ["F-3"]


def test_list_plans_gives_the_tariff_sheet_and_filters_by_type(world):
    sheet = ok(world, "list_plans", type="home_internet")

    assert [p["plan_id"] for p in sheet["plans"]] == ["BOX-F"]
    assert sheet["operator"]["downgrade_fee"] == 15 and sheet["operator"]["goodwill_credit_cap"] == 20
    assert sheet["options"][0]["option_id"] == "PASS-USA"


def test_check_outage_gives_ongoing_incidents_at_the_postcode_only(world):
    incidents = ok(world, "check_outage", postcode="69 003")["incidents"]

    assert [i["incident_id"] for i in incidents] == ["INC-1"]
    assert incidents[0]["estimated_fix"] == "2026-04-15T18:00"


def test_check_outage_elsewhere_finds_nothing(world):
    assert ok(world, "check_outage", postcode="75011")["incidents"] == []


# -- plans and options ---------------------------------------------------------------------------
def test_an_upgrade_is_free_and_starts_on_the_next_bill_date(world):
    done = ok(world, "change_plan", line_id="L-1", plan_id="M-UNL")

    assert (done["effective_date"], done["fee"], done["new_monthly_price"]) == ("2026-05-05", 0, 34.99)
    assert world.state["lines"]["L-1"]["plan_id"] == "M-100"  # not before the next cycle
    assert world.state["lines"]["L-1"]["pending_plan"] == {"plan_id": "M-UNL", "effective_date": "2026-05-05"}


def test_a_downgrade_before_the_contract_end_costs_the_downgrade_fee(world):
    assert ok(world, "change_plan", line_id="L-1", plan_id="M-20")["fee"] == 15
    assert world.state["customers"]["C-1"]["balance_due"] == 60.0


def test_a_downgrade_after_the_contract_end_is_free(world):
    world.state["lines"]["L-1"]["contract_end"] = "2026-04-01"

    assert ok(world, "change_plan", line_id="L-1", plan_id="M-20")["fee"] == 0


def test_change_plan_refuses_a_plan_of_another_type_or_the_same_plan(world):
    assert "home_internet plan" in refused(world, "change_plan", line_id="L-1", plan_id="BOX-F")
    assert "already has" in refused(world, "change_plan", line_id="L-1", plan_id="M-100")
    assert "no plan" in refused(world, "change_plan", line_id="L-1", plan_id="M-999")


def test_add_option_starts_today_with_its_validity(world):
    done = ok(world, "add_option", line_id="L-1", option_id="PASS-USA")

    assert done == {
        "line_id": "L-1",
        "option": "Pass USA-Canada 5 Go",
        "price": 15.0,
        "starts_on": "2026-04-14",
        "valid_until": "2026-04-21",
    }
    assert world.state["lines"]["L-1"]["options"] == ["PASS-USA"]


def test_add_option_refuses_a_duplicate_or_a_home_internet_line(world):
    ok(world, "add_option", line_id="L-1", option_id="PASS-USA")

    assert "already active" in refused(world, "add_option", line_id="L-1", option_id="PASS-USA")
    assert "mobile lines only" in refused(world, "add_option", line_id="L-2", option_id="PASS-USA")


# -- faults --------------------------------------------------------------------------------------
def test_open_fault_ticket_opens_a_ticket_and_reports_those_already_open(world):
    done = ok(world, "open_fault_ticket", line_id="L-2", symptoms="box light red")

    assert done["already_open"] == ["T-7"] and done["callback_within_hours"] == 48
    assert world.state["tickets"][done["ticket_id"]]["status"] == "open"


# -- SIM -----------------------------------------------------------------------------------------
def test_block_sim_blocks_the_sim_and_keeps_the_number(world):
    assert ok(world, "block_sim", line_id="L-1", reason="lost")["sim_status"] == "blocked"
    assert world.state["lines"]["L-1"]["status"] == "active"


def test_block_sim_twice_or_on_home_internet_is_refused(world):
    ok(world, "block_sim", line_id="L-1", reason="stolen")

    assert "already blocked" in refused(world, "block_sim", line_id="L-1", reason="stolen")
    assert "SIM" in refused(world, "block_sim", line_id="L-2", reason="lost")


def test_a_sim_swap_goes_to_the_address_on_file_and_charges_the_fee(world):
    done = ok(world, "order_sim_swap", line_id="L-1", reason="lost")

    assert done["sent_to"] == "12 rue des Lilas, 69003 Lyon" and done["fee"] == 10
    assert world.state["lines"]["L-1"]["sim_status"] == "replacement_ordered"
    assert world.state["customers"]["C-1"]["balance_due"] == 55.0


def test_a_sim_swap_for_a_faulty_sim_is_free_and_cannot_be_ordered_twice(world):
    assert ok(world, "order_sim_swap", line_id="L-1", reason="faulty", delivery="shop")["fee"] == 0
    assert "already on its way" in refused(world, "order_sim_swap", line_id="L-1", reason="faulty")


def test_a_sim_swap_has_no_argument_for_another_delivery_address(world):
    error = refused(world, "order_sim_swap", line_id="L-1", reason="lost", address="1 rue X, 75001 Paris")

    assert "invalid arguments" in error


# -- money ---------------------------------------------------------------------------------------
def test_apply_credit_lowers_the_balance_due(world):
    done = ok(world, "apply_credit", customer_id="C-1", amount=20, reason="outage")

    assert done["balance_due"] == 25.0
    assert world.state["credits"][done["credit_id"]] == {"customer_id": "C-1", "amount": 20, "reason": "outage"}


def test_apply_credit_refuses_a_zero_amount(world):
    assert "invalid arguments" in refused(world, "apply_credit", customer_id="C-1", amount=0, reason="x")


def test_set_payment_plan_spreads_the_balance_over_the_next_bill_dates(world):
    world.state["customers"]["C-1"]["balance_due"] = 100.0
    plan = ok(world, "set_payment_plan", customer_id="C-1", instalments=3)["instalments"]

    assert plan == [
        {"date": "2026-05-05", "amount": 33.33},
        {"date": "2026-06-05", "amount": 33.33},
        {"date": "2026-07-05", "amount": 33.34},
    ]
    assert "already running" in refused(world, "set_payment_plan", customer_id="C-1", instalments=2)


def test_set_payment_plan_with_nothing_due_is_refused(world):
    assert "nothing is due" in refused(world, "set_payment_plan", customer_id="C-2", instalments=2)


# -- contracts -----------------------------------------------------------------------------------
def test_cancelling_within_the_cooling_off_period_is_free(world):
    done = ok(world, "cancel_contract", line_id="L-3", reason="changed my mind")

    assert (done["within_cooling_off"], done["early_termination_fee"]) == (True, 0)
    assert world.state["lines"]["L-3"]["status"] == "cancelled"


def test_cancelling_during_the_commitment_adds_the_early_termination_fee_to_the_balance(world):
    done = ok(world, "cancel_contract", line_id="L-1", reason="moving abroad")

    assert (done["within_cooling_off"], done["early_termination_fee"]) == (False, 224.91)
    assert world.state["customers"]["C-1"]["balance_due"] == 269.91


def test_cancelling_a_cancelled_line_is_refused(world):
    ok(world, "cancel_contract", line_id="L-2", reason="moving")

    assert "cancelled" in refused(world, "cancel_contract", line_id="L-2", reason="moving")


def test_update_address_changes_it_and_moves_the_home_internet_line(world):
    done = ok(world, "update_address", customer_id="C-1", address="8 rue Nationale, 59000 Lille")

    assert done["previous_address"] == "12 rue des Lilas, 69003 Lyon"
    assert done["home_internet_move"]["lines"] == ["L-2"]
    assert world.state["customers"]["C-1"]["address"] == "8 rue Nationale, 59000 Lille"


def test_update_address_without_home_internet_moves_nothing(world):
    assert "home_internet_move" not in ok(world, "update_address", customer_id="C-2", address="1 rue A, 75001 Paris")


# -- bereavement ---------------------------------------------------------------------------------
def test_report_death_freezes_the_lines_and_opens_a_case_with_fees_waived(world):
    done = ok(world, "report_death", customer_id="C-1", reported_by="Marc Fontaine", relationship="brother")

    assert done["frozen_lines"] == ["L-1", "L-2"] and done["fees_waived"] is True
    assert world.state["customers"]["C-1"]["status"] == "deceased"
    assert world.state["bereavement_cases"][done["case_id"]]["status"] == "open"


def test_a_deceased_holders_lines_cannot_be_cancelled_changed_or_credited(world):
    ok(world, "report_death", customer_id="C-1", reported_by="Marc Fontaine", relationship="brother")

    assert "frozen" in refused(world, "cancel_contract", line_id="L-1", reason="death")
    assert "frozen" in refused(world, "change_plan", line_id="L-1", plan_id="M-20")
    assert "deceased" in refused(world, "apply_credit", customer_id="C-1", amount=5, reason="x")
    assert "already recorded" in refused(
        world, "report_death", customer_id="C-1", reported_by="Marc Fontaine", relationship="brother"
    )


# -- the state schema ----------------------------------------------------------------------------
def problems(change) -> list[tuple[str, str]]:
    state = copy.deepcopy(STATE)
    change(state)
    return load_domain("telecom").check_state(state)


def test_the_schema_rejects_a_world_without_an_operator():
    assert ("operator", "required field is missing") in problems(lambda s: s.pop("operator"))


def test_the_schema_rejects_a_pin_that_is_not_four_digits():
    found = problems(lambda s: s["customers"]["C-1"].update(pin="12345"))

    assert [where for where, _ in found] == ["customers.C-1.pin"]


def test_the_schema_rejects_another_currency():
    found = problems(lambda s: s["operator"].update(currency="GBP"))

    assert [where for where, _ in found] == ["operator.currency"]


def test_the_schema_rejects_an_unknown_field_on_a_line():
    found = problems(lambda s: s["lines"]["L-1"].update(colour="blue"))

    assert [where for where, _ in found] == ["lines.L-1.colour"]


def test_the_schema_rejects_an_impossible_contract_end_date():
    found = problems(lambda s: s["lines"]["L-1"].update(contract_end="2027-02-30"))

    assert [where for where, _ in found] == ["lines.L-1.contract_end"]
