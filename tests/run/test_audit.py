"""The audit: a witness must pass each scenario, null bots must fail it where their flaw matters, the
customer's facts must exist in the world, gold facts must be true, the customer must speak the
scenario's language, and no two scenarios may be the same case."""

from __future__ import annotations

import yaml
from click.testing import CliRunner

from bench.cli import main
from bench.core.language import language_of
from bench.run.audit import audit
from tests.conftest import MINIMAL, merge

GOOD_WITNESS = [
    {
        "calls": [{"tool": "get_order", "args": {"order_id": "A1"}}],
        "say": "Your order A1 is in transit with DHL and should arrive on 12 March.",
    }
]


def _row(make_scenario, changes: dict):
    (row,) = audit([make_scenario(changes)])
    return row


def test_a_stored_witness_path_is_replayed_and_passes(make_scenario):
    row = _row(make_scenario, {"witness": GOOD_WITNESS})
    assert row.witness == "stored"
    assert row.verdicts["witness"] is True
    assert row.problems == []


def test_the_careful_bot_is_the_witness_when_none_is_stored(by_id):
    (row,) = audit([by_id["retail.tracking.in-transit"]])
    assert row.witness == "careful"
    assert row.verdicts["witness"] is True


def test_a_case_its_witness_cannot_pass_is_reported_as_not_solvable(make_scenario):
    row = _row(make_scenario, {"witness": [{"say": "It should arrive soon."}]})
    assert row.verdicts["witness"] is False
    assert any(p.startswith("not solvable as written: the stored witness path") for p in row.problems)


def test_a_case_that_doing_nothing_passes_is_reported_with_the_bot_that_passed(make_scenario):
    row = _row(make_scenario, {"expectations": {"accuracy": None, "escalation": {"expect": "optional"}}})
    assert row.verdicts["silent"] is True
    assert any(p.startswith("silent (does nothing) passes") for p in row.problems)


def test_a_deflector_passing_an_optional_case_is_not_a_problem(make_scenario):
    row = _row(
        make_scenario,
        {
            "witness": GOOD_WITNESS,
            "expectations": {"escalation": {"expect": "optional"}},
        },
    )
    assert not any(p.startswith("deflector") for p in row.problems)


def test_the_gatekeeper_must_fail_a_case_that_needs_a_human(make_scenario):
    row = _row(
        make_scenario,
        {
            "customer": {"asks_for_human": {"at_turn": 1}},
            "witness": [{"say": "Of course, I am transferring you now.", "handoff": {"summary": "Order A1."}}],
            "expectations": {"accuracy": None, "escalation": {"expect": "on_request"}},
        },
    )
    assert row.verdicts["witness"] is True
    assert row.verdicts["gatekeeper"] is False
    assert row.problems == []


def test_a_customer_fact_missing_from_the_world_is_reported(make_scenario):
    row = _row(make_scenario, {"witness": GOOD_WITNESS, "customer": {"facts": {"email": "nobody@example.com"}}})
    assert any(p.startswith("customer.facts.email: 'nobody@example.com' is nowhere") for p in row.problems)


def test_a_fact_marked_not_in_world_is_not_reported(make_scenario):
    facts = {"address": {"value": "1 New Street, Leeds", "in_world": False}}
    row = _row(make_scenario, {"witness": GOOD_WITNESS, "customer": {"facts": facts}})
    assert row.problems == []


def test_a_date_of_birth_written_the_french_way_is_found_as_an_iso_date(make_scenario):
    world = {"customers": {"C1": {"name": "Ann Test", "email": "ann@example.com", "phone": "1980-05-04"}}}
    row = _row(
        make_scenario,
        {"witness": GOOD_WITNESS, "world": world, "customer": {"facts": {"date_of_birth": "04/05/1980"}}},
    )
    assert not any("date_of_birth" in p for p in row.problems)


def test_a_gold_date_the_world_contradicts_is_reported(make_scenario):
    accept = ["13 March"]
    witness = [dict(GOOD_WITNESS[0], say="It should arrive on 13 March.")]
    row = _row(
        make_scenario,
        {"witness": witness, "expectations": {"accuracy": {"must_state": [{"fact": "eta", "accept": accept}]}}},
    )
    assert any("'13 March' says '13 march'" in p for p in row.problems)


def test_a_gold_amount_the_world_contradicts_is_reported(make_scenario):
    must_state = [{"fact": "total", "accept": ["€15.00"]}, {"fact": "eta", "accept": ["12 March"]}]
    witness = [dict(GOOD_WITNESS[0], say="It arrives on 12 March; you paid €15.00.")]
    row = _row(make_scenario, {"witness": witness, "expectations": {"accuracy": {"must_state": must_state}}})
    assert any("must_state.0 (total)" in p for p in row.problems)
    assert not any("must_state.1" in p for p in row.problems)


def test_a_number_backed_by_the_witnesss_tool_results_is_true(make_scenario):
    must_state = [{"fact": "tracking", "accept": ["tracking number T1"]}, {"fact": "eta", "accept": ["12 March"]}]
    witness = [dict(GOOD_WITNESS[0], say="Tracking number T1, arriving 12 March.")]
    row = _row(make_scenario, {"witness": witness, "expectations": {"accuracy": {"must_state": must_state}}})
    assert row.problems == []


def test_a_customer_line_in_the_other_language_is_reported(make_scenario):
    followups = [{"say": "Je voudrais aussi savoir quand ma commande sera livrée, s'il vous plaît."}]
    row = _row(make_scenario, {"witness": GOOD_WITNESS, "customer": {"followups": followups}})
    assert any(p.startswith("customer.followups.0.say: reads as fr, the scenario is en") for p in row.problems)


def test_language_is_told_apart_on_natural_lines_and_left_open_on_short_ones():
    assert language_of("slt, je voudrais savoir où en est ma commande B3090 svp") == "fr"
    assert language_of("Don't give me a script. I want this sorted today.") == "en"
    assert language_of("ok merci") is None
    assert language_of("A1042 jane@example.com 12/03/2026") is None


def _write(folder, name: str, changes: dict) -> None:
    (folder / name).write_text(yaml.safe_dump(merge(MINIMAL, changes), allow_unicode=True), encoding="utf-8")


def test_two_cases_with_the_same_world_and_opening_are_near_duplicates(tmp_path):
    from bench.suite.load import load_scenarios

    _write(tmp_path, "a.yaml", {"id": "retail.test.a", "witness": GOOD_WITNESS})
    _write(
        tmp_path,
        "b.yaml",
        {"id": "retail.test.b", "witness": GOOD_WITNESS, "customer": {"opening": "Where is my parcel??"}},
    )
    rows = {r.scenario.id: r for r in audit(load_scenarios([tmp_path]))}
    assert rows["retail.test.a"].problems == []
    assert any(p.startswith("near-duplicate of retail.test.a") for p in rows["retail.test.b"].problems)


def test_the_same_world_with_another_request_is_not_a_duplicate(tmp_path):
    from bench.suite.load import load_scenarios

    _write(tmp_path, "a.yaml", {"id": "retail.test.a", "witness": GOOD_WITNESS})
    _write(
        tmp_path,
        "b.yaml",
        {"id": "retail.test.b", "witness": GOOD_WITNESS, "customer": {"opening": "Can I still cancel my order A1?"}},
    )
    assert all(not r.problems for r in audit(load_scenarios([tmp_path])))


def test_variants_of_one_case_are_not_duplicates_of_it(tmp_path):
    from bench.suite.load import load_scenarios

    variants = [{"id": "again", "set": {"customer.patience": 5}}]
    _write(tmp_path, "a.yaml", {"id": "retail.test.a", "witness": GOOD_WITNESS, "variants": variants})
    rows = audit(load_scenarios([tmp_path]))
    assert [r.scenario.id for r in rows] == ["retail.test.a", "retail.test.a~again"]
    assert all(not r.problems for r in rows)


def test_the_audit_command_exits_1_and_lists_each_problem(tmp_path):
    _write(tmp_path, "a.yaml", {"witness": [{"say": "Soon."}]})
    result = CliRunner().invoke(main, ["audit", str(tmp_path)])
    assert result.exit_code == 1
    assert "FAIL (stored)" in result.output
    assert "not solvable as written" in result.output
    assert "1 scenario(s) audited, 1 with problems." in result.output


def test_the_audit_command_exits_0_on_a_sound_case_and_keeps_the_conversations(tmp_path):
    _write(tmp_path, "a.yaml", {"witness": GOOD_WITNESS})
    result = CliRunner().invoke(main, ["audit", str(tmp_path / "a.yaml"), "--out", str(tmp_path / "run")])
    assert result.exit_code == 0, result.output
    assert "pass (stored)" in result.output
    shown = CliRunner().invoke(main, ["show", str(tmp_path / "run"), "--bot", "witness"])
    assert "arrive on 12 March" in shown.output


def test_the_audit_command_refuses_invalid_scenarios_with_exit_2(tmp_path):
    _write(tmp_path, "a.yaml", {"language": "de"})
    result = CliRunner().invoke(main, ["audit", str(tmp_path)])
    assert result.exit_code == 2
    assert "language" in result.output


def test_a_long_number_is_backed_however_it_is_spaced(make_scenario):
    world = {
        "customers": {"C1": {"name": "Ann Test", "email": "ann@example.com", "phone": "FR7630004000031234567890143"}}
    }
    must_state = [
        {"fact": "iban", "accept": ["FR76 3000 4000 0312 3456 7890 143"]},
        {"fact": "eta", "accept": ["12 March"]},
    ]
    witness = [dict(GOOD_WITNESS[0], say="Arriving 12 March. IBAN FR76 3000 4000 0312 3456 7890 143.")]
    row = _row(
        make_scenario, {"witness": witness, "world": world, "expectations": {"accuracy": {"must_state": must_state}}}
    )
    assert not any("iban" in p for p in row.problems)


# probes: alternative bot sides the gold must judge right


def _probed(make_scenario, *probes: dict):
    expect_date = {"must_state": [{"fact": "the delivery date", "accept": ["12 March"]}]}
    return _row(
        make_scenario, {"witness": GOOD_WITNESS, "expectations": {"accuracy": expect_date}, "probes": list(probes)}
    )


def test_a_probe_judged_as_expected_is_no_problem(make_scenario):
    row = _probed(
        make_scenario, {"id": "silent", "expect": "fail", "turns": {"1": {"say": "Let me see.", "calls": []}}}
    )
    assert row.probes == {"silent": False} and row.problems == []


def test_a_correct_probe_the_gold_fails_is_reported_with_the_checks_that_failed_it(make_scenario):
    row = _probed(
        make_scenario,
        {"id": "no-date", "expect": "pass", "why": "says nothing", "turns": {"1": {"say": "It is on its way."}}},
    )
    assert row.probes == {"no-date": False}
    (problem,) = row.problems
    assert problem.startswith("probe no-date (says nothing) should pass but fails:")


def test_a_wrong_probe_the_gold_passes_is_reported(make_scenario):
    row = _probed(make_scenario, {"id": "same", "expect": "fail", "turns": {"1": {"say": GOOD_WITNESS[0]["say"]}}})
    assert row.probes == {"same": True}
    assert row.problems[0].startswith("probe same (a wrong bot side) should fail but passes")


def test_a_probe_may_bring_a_whole_bot_side(make_scenario):
    row = _probed(make_scenario, {"id": "own", "expect": "pass", "witness": GOOD_WITNESS})
    assert row.probes == {"own": True} and row.problems == []
