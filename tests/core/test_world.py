"""Worlds: each domain's policy, state shape and tools, and one conversation's private copy of the
state. A tool call never raises and never touches the scenario; the domain rules the systems
enforce are enforced."""

from __future__ import annotations

import copy

import jsonschema
import pytest

from bench.core.world import HANDOFF_TOOL, World, available_domains, load_domain

RETAIL_STATE = {
    "today": "2026-03-10",
    "store": {"name": "Shop", "currency": "EUR", "return_window_days": 30},
    "customers": {"C1": {"name": "Ann Test", "email": "ann@example.com"}},
    "orders": {
        "P1": {
            "customer_id": "C1",
            "status": "processing",
            "placed_on": "2026-03-09",
            "items": [{"name": "Mug", "price": 12.5}],
            "total": 12.5,
            "shipping_address": "1 Old Street",
        },
        "S1": {
            "customer_id": "C1",
            "status": "shipped",
            "placed_on": "2026-03-05",
            "items": [{"name": "Lamp", "price": 40.0}],
            "total": 40.0,
            "shipping_address": "1 Old Street",
        },
        "T1": {
            "customer_id": "C1",
            "status": "in_transit",
            "placed_on": "2026-03-04",
            "items": [{"name": "Vase", "price": 30.0}],
            "total": 30.0,
        },
        "D1": {
            "customer_id": "C1",
            "status": "delivered",
            "placed_on": "2026-02-25",
            "delivered_on": "2026-03-01",
            "items": [{"name": "Rug", "price": 60.0}, {"name": "Cushion", "price": 20.0}],
            "total": 80.0,
        },
        "OLD": {
            "customer_id": "C1",
            "status": "delivered",
            "placed_on": "2026-01-10",
            "delivered_on": "2026-01-15",
            "items": [{"name": "Chair", "price": 90.0}],
            "total": 90.0,
        },
    },
}

BANKING_STATE = {
    "today": "2026-04-02",
    "bank": {"name": "Bank", "currency": "GBP"},
    "customers": {
        "P1": {"name": "Margaret Moore", "date_of_birth": "1948-06-21", "email": "m@example.com"},
        "P2": {"name": "David Moore", "date_of_birth": "1975-02-11", "email": "d@example.com", "phone": "0700"},
    },
    "accounts": {
        "ACC-1": {"customer_id": "P1", "type": "current", "iban": "GB01", "balance": 100.0, "status": "open"},
        "ACC-2": {"customer_id": "P1", "type": "savings", "iban": "GB02", "balance": 900.0, "status": "open"},
        "ACC-3": {"customer_id": "P1", "type": "current", "iban": "GB03", "balance": 0.0, "status": "closed"},
        "ACC-4": {"customer_id": "P2", "type": "current", "iban": "GB04", "balance": 50.0, "status": "open"},
    },
    "cards": {"CARD-1": {"account_id": "ACC-1", "last4": "4821", "status": "active"}},
}


@pytest.fixture
def retail() -> World:
    domain = load_domain("retail")
    assert domain.check_state(RETAIL_STATE) == []
    return World(domain, RETAIL_STATE)


@pytest.fixture
def banking() -> World:
    domain = load_domain("banking")
    assert domain.check_state(BANKING_STATE) == []
    return World(domain, BANKING_STATE)


# --- domains ------------------------------------------------------------------------------------


def test_the_shipped_domains_are_available():
    assert set(available_domains()) >= {"retail", "banking"}


@pytest.mark.parametrize("name", available_domains())
def test_every_domain_has_a_policy(name):
    domain = load_domain(name)

    assert domain.name == name
    assert len(domain.policy.strip()) > 100


@pytest.mark.parametrize("name", available_domains())
def test_every_domain_has_a_valid_object_state_schema(name):
    schema = load_domain(name).state_schema

    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["type"] == "object"
    assert "today" in schema["required"]


@pytest.mark.parametrize("name", available_domains())
def test_every_domain_tool_has_a_description_and_a_json_schema_parameters_object(name):
    tools = load_domain(name).tools

    assert len(tools) > 3
    for tool_name, tool in tools.items():
        spec = tool.spec()
        assert spec["name"] == tool_name
        assert spec["description"].strip(), tool_name
        parameters = spec["parameters"]
        jsonschema.Draft202012Validator.check_schema(parameters)
        assert parameters["type"] == "object", tool_name
        assert parameters["additionalProperties"] is False, tool_name
        assert set(parameters["required"]) <= set(parameters["properties"]), tool_name


@pytest.mark.parametrize("name", available_domains())
def test_every_domain_has_transfer_to_human_with_summary_and_reason(name):
    tool = load_domain(name).tools[HANDOFF_TOOL]

    assert HANDOFF_TOOL == "transfer_to_human"
    assert set(tool.parameters["properties"]) == {"summary", "reason"}
    assert sorted(tool.parameters["required"]) == ["reason", "summary"]


def test_unknown_domain_is_a_key_error_naming_the_known_ones():
    with pytest.raises(KeyError) as raised:
        load_domain("airline")

    assert "airline" in str(raised.value)
    for known in available_domains():
        assert known in str(raised.value)


def test_transfer_to_human_records_the_handoff_in_the_state(retail):
    result = retail.call(HANDOFF_TOOL, {"summary": "Ann, order P1, wants a human", "reason": "customer asked"})

    assert result["status"] == "transferred"
    assert retail.state["handoffs"] == [{"summary": "Ann, order P1, wants a human", "reason": "customer asked"}]


# --- the conversation's private copy ------------------------------------------------------------


def test_a_tool_call_never_mutates_the_scenarios_world(make_scenario):
    scenario = make_scenario({"world": {"orders": {"A1": {"status": "processing"}}}})
    before = copy.deepcopy(scenario.world)
    world = World(load_domain("retail"), scenario.world)

    world.call("change_shipping_address", {"order_id": "A1", "address": "2 New Road"})
    world.call("cancel_order", {"order_id": "A1"})

    assert world.state["orders"]["A1"]["status"] == "cancelled"
    assert world.state["orders"]["A1"]["shipping_address"] == "2 New Road"
    assert scenario.world == before


def test_two_worlds_of_one_scenario_do_not_share_state(banking):
    other = World(load_domain("banking"), BANKING_STATE)

    banking.call("block_card", {"card_id": "CARD-1", "reason": "lost"})

    assert banking.state["cards"]["CARD-1"]["status"] == "blocked"
    assert other.state["cards"]["CARD-1"]["status"] == "active"
    assert BANKING_STATE["cards"]["CARD-1"]["status"] == "active"


def test_changing_a_returned_result_does_not_change_the_state(retail):
    info = retail.call("get_store_info", {})
    info["return_window_days"] = 365
    order = retail.call("get_order", {"order_id": "D1"})
    order["items"].clear()

    assert retail.state["store"]["return_window_days"] == 30
    assert len(retail.state["orders"]["D1"]["items"]) == 2


# --- recording ----------------------------------------------------------------------------------


def test_each_call_is_recorded_with_arguments_and_result(retail):
    result = retail.call("get_order", {"order_id": "T1"})

    assert result["status"] == "in_transit"
    assert len(retail.calls) == 1
    call = retail.calls[0]
    assert call.name == "get_order"
    assert call.arguments == {"order_id": "T1"}
    assert call.result == result
    assert call.error is None


def test_a_refused_call_is_recorded_with_its_error_and_no_result(retail):
    result = retail.call("cancel_order", {"order_id": "S1"})

    assert set(result) == {"error"}
    call = retail.calls[0]
    assert call.error == result["error"]
    assert call.result is None
    assert call.to_dict() == {
        "name": "cancel_order",
        "arguments": {"order_id": "S1"},
        "result": None,
        "error": result["error"],
    }


def test_calls_are_recorded_in_order(retail):
    retail.call("get_store_info", {})
    retail.call("get_order", {"order_id": "nope"})
    retail.call("get_order", {"order_id": "P1"})

    assert [(c.name, c.error is None) for c in retail.calls] == [
        ("get_store_info", True),
        ("get_order", False),
        ("get_order", True),
    ]


def test_recorded_arguments_are_a_copy_of_what_the_bot_passed(retail):
    arguments = {"order_id": "P1"}
    retail.call("get_order", arguments)

    arguments["order_id"] = "changed later"

    assert retail.calls[0].arguments == {"order_id": "P1"}


def test_a_recorded_result_is_what_the_bot_saw_at_the_time(banking):
    seen = banking.call("get_accounts", {"customer_id": "P1"})
    assert seen["accounts"]["ACC-1"]["status"] == "open"

    banking.call("report_death", {"customer_id": "P1", "reported_by": "David Moore", "relationship": "son"})

    assert banking.calls[0].result["accounts"]["ACC-1"]["status"] == "open"


# --- bad calls come back as errors, never raised ------------------------------------------------


@pytest.mark.parametrize(
    "arguments, names",
    [
        ({"card_id": 5, "reason": "lost"}, ["card_id", "not of type 'string'"]),
        ({"reason": "lost"}, ["'card_id'", "required"]),
        ({"card_id": "CARD-1", "reason": "lost", "pin": "1234"}, ["'pin'", "unexpected"]),
        ({"card_id": "CARD-1", "reason": "bored"}, ["reason", "'bored'"]),
    ],
    ids=["wrong-type", "missing-required", "unknown-extra", "not-in-enum"],
)
def test_invalid_arguments_come_back_as_an_error_naming_the_problem(banking, arguments, names):
    result = banking.call("block_card", arguments)

    assert set(result) == {"error"}
    assert result["error"].startswith("invalid arguments")
    for name in names:
        assert name in result["error"]
    assert banking.calls[-1].error == result["error"]
    assert banking.calls[-1].arguments == arguments
    assert banking.state["cards"]["CARD-1"]["status"] == "active"  # the tool did not run


def test_a_date_in_the_wrong_format_is_an_invalid_argument(banking):
    result = banking.call("verify_identity", {"customer_id": "P1", "date_of_birth": "21/06/1948"})

    assert "date_of_birth" in result["error"]
    assert "verified" not in banking.state


def test_impossible_calendar_date_in_a_world_is_a_state_problem():
    state = copy.deepcopy(RETAIL_STATE)
    state["orders"]["D1"]["delivered_on"] = "2026-02-30"
    assert load_domain("retail").check_state(state) == [("orders.D1.delivered_on", "'2026-02-30' is not a 'date'")]


def test_a_tool_failing_on_odd_world_data_comes_back_as_an_error_not_an_exception():
    # worlds are validated before a run; this guards the World itself, used directly
    state = copy.deepcopy(RETAIL_STATE)
    state["orders"]["D1"]["delivered_on"] = "2026-02-30"
    world = World(load_domain("retail"), state)

    result = world.call("check_return_eligibility", {"order_id": "D1"})

    assert set(result) == {"error"}
    assert world.calls[0].error == result["error"]


def test_an_unknown_tool_is_an_error_listing_the_available_tools(retail):
    result = retail.call("teleport_parcel", {"order_id": "T1"})

    assert "unknown tool 'teleport_parcel'" in result["error"]
    for name in retail.domain.tools:
        assert name in result["error"]
    assert retail.calls[0].name == "teleport_parcel"
    assert retail.calls[0].error == result["error"]


def test_an_unknown_identifier_is_an_error_not_an_exception(banking):
    assert "no card 'CARD-9'" in banking.call("block_card", {"card_id": "CARD-9", "reason": "lost"})["error"]
    assert "no customer 'P9'" in banking.call("get_accounts", {"customer_id": "P9"})["error"]


# --- retail rules -------------------------------------------------------------------------------


def test_order_ids_are_found_whatever_their_case_or_hash_sign(retail):
    assert retail.call("get_order", {"order_id": " #d1 "})["order_id"] == "D1"


def test_change_shipping_address_works_before_shipping(retail):
    result = retail.call("change_shipping_address", {"order_id": "P1", "address": "2 New Road"})

    assert result == {"order_id": "P1", "shipping_address": "2 New Road"}
    assert retail.state["orders"]["P1"]["shipping_address"] == "2 New Road"


@pytest.mark.parametrize("order_id", ["S1", "T1", "D1"])
def test_change_shipping_address_is_refused_once_shipped(retail, order_id):
    status = RETAIL_STATE["orders"][order_id]["status"]

    result = retail.call("change_shipping_address", {"order_id": order_id, "address": "2 New Road"})

    assert f"order is {status}" in result["error"]
    assert "address can no longer be changed" in result["error"]
    assert retail.state["orders"][order_id].get("shipping_address") != "2 New Road"


@pytest.mark.parametrize("order_id", ["P1", "T1"])
def test_create_return_is_refused_when_not_delivered(retail, order_id):
    result = retail.call("create_return", {"order_id": order_id, "reason": "changed my mind"})

    assert "not delivered" in result["error"]
    assert "returns" not in retail.state


def test_create_return_on_a_delivered_order_opens_a_return(retail):
    result = retail.call("create_return", {"order_id": "D1", "reason": "too small"})

    assert result["return_id"] == "R0001"
    assert result["refund_amount"] == 80.0
    assert retail.state["returns"]["R0001"] == {"order_id": "D1", "reason": "too small", "status": "label_sent"}


def test_issue_refund_up_to_what_remains(retail):
    first = retail.call("issue_refund", {"order_id": "D1", "amount": 60.0, "reason": "damaged rug"})
    second = retail.call("issue_refund", {"order_id": "D1", "amount": 20.0, "reason": "damaged cushion"})

    assert first["refund_id"] == "F0001" and second["refund_id"] == "F0002"
    assert retail.state["orders"]["D1"]["refunded"] == 80.0


def test_issue_refund_refuses_more_than_remains(retail):
    retail.call("issue_refund", {"order_id": "D1", "amount": 60.0, "reason": "damaged rug"})

    result = retail.call("issue_refund", {"order_id": "D1", "amount": 20.01, "reason": "goodwill"})

    assert "exceeds" in result["error"]
    assert "(20.0)" in result["error"]  # what is left
    assert retail.state["orders"]["D1"]["refunded"] == 60.0
    assert len(retail.state["refunds"]) == 1


def test_issue_refund_refuses_a_zero_amount(retail):
    result = retail.call("issue_refund", {"order_id": "D1", "amount": 0, "reason": "nothing"})

    assert result["error"].startswith("invalid arguments at amount")
    assert "refunds" not in retail.state


def test_return_eligibility_within_the_window_gives_the_deadline(retail):
    assert retail.call("check_return_eligibility", {"order_id": "D1"}) == {"eligible": True, "deadline": "2026-03-31"}


def test_return_eligibility_outside_the_window_says_so_with_the_deadline(retail):
    result = retail.call("check_return_eligibility", {"order_id": "OLD"})

    assert result["eligible"] is False
    assert "window" in result["reason"] and "30 days" in result["reason"]
    assert result["deadline"] == "2026-02-14"


def test_return_eligibility_of_an_undelivered_order_says_not_delivered(retail):
    result = retail.call("check_return_eligibility", {"order_id": "T1"})

    assert result == {"eligible": False, "reason": "not delivered yet"}


def test_cancel_order_before_shipping_refunds_in_full(retail):
    result = retail.call("cancel_order", {"order_id": "P1"})

    assert result == {"order_id": "P1", "status": "cancelled", "refunded": 12.5}
    assert retail.state["orders"]["P1"]["status"] == "cancelled"


# --- banking rules ------------------------------------------------------------------------------


def test_block_card_blocks_an_active_card(banking):
    result = banking.call("block_card", {"card_id": "CARD-1", "reason": "stolen"})

    assert result["status"] == "blocked"
    assert banking.state["cards"]["CARD-1"]["status"] == "blocked"


def test_block_card_twice_is_refused(banking):
    banking.call("block_card", {"card_id": "CARD-1", "reason": "lost"})

    result = banking.call("block_card", {"card_id": "CARD-1", "reason": "lost"})

    assert result == {"error": "card is already blocked"}
    assert [c.error is None for c in banking.calls] == [True, False]


def test_verify_identity_with_the_right_date_of_birth_is_true_and_remembered(banking):
    result = banking.call("verify_identity", {"customer_id": "P1", "date_of_birth": "1948-06-21"})

    assert result == {"verified": True}
    assert banking.state["verified"] == ["P1"]


def test_verify_identity_with_a_wrong_date_of_birth_is_false(banking):
    result = banking.call("verify_identity", {"customer_id": "P1", "date_of_birth": "1948-06-22"})

    assert result == {"verified": False}
    assert "P1" not in banking.state.get("verified", [])


def test_report_death_freezes_the_holders_open_accounts_only(banking):
    result = banking.call("report_death", {"customer_id": "P1", "reported_by": "David Moore", "relationship": "son"})

    statuses = {aid: a["status"] for aid, a in banking.state["accounts"].items()}
    assert statuses == {"ACC-1": "frozen", "ACC-2": "frozen", "ACC-3": "closed", "ACC-4": "open"}
    assert result == {"case_id": "B0001", "status": "open"}
    assert banking.state["bereavement_cases"]["B0001"]["reported_by"] == "David Moore"


def test_find_customer_needs_at_least_one_criterion(banking):
    assert banking.call("find_customer", {}) == {"error": "give a name, an e-mail or a phone number"}
    assert "error" in banking.call("find_customer", {"name": "   "})


def test_find_customer_matches_every_given_criterion(banking):
    assert banking.call("find_customer", {"name": "david moore"}) == {"customer_ids": ["P2"]}
    assert banking.call("find_customer", {"name": "David Moore", "phone": "0700"}) == {"customer_ids": ["P2"]}
    assert banking.call("find_customer", {"name": "David Moore", "email": "m@example.com"}) == {"customer_ids": []}
