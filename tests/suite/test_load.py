"""The scenario loader and validator, and `supportbench validate`: every problem in every file is
reported at once as `file: field.path: message`, and a bad suite stops everything with exit code 2."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from bench.cli import main
from bench.core.world import available_domains
from bench.suite.load import (
    Problem,
    ScenarioError,
    builtin_suite,
    check_file,
    check_paths,
    load_scenarios,
)
from tests.conftest import MINIMAL, merge


def write(folder: Path, name: str, changes: dict | None = None) -> Path:
    """MINIMAL with deep-merged `changes`, written as YAML (it may well be invalid)."""
    path = folder / name
    path.write_text(yaml.safe_dump(merge(MINIMAL, changes or {}), allow_unicode=True), encoding="utf-8")
    return path


def write_text(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def only_problem(path: Path) -> Problem:
    scenario, problems = check_file(path)
    assert scenario is None
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def suite_files() -> list[Path]:
    return sorted(p for p in builtin_suite().rglob("*.yaml") if "schema" not in p.parts)


# --- the built-in suite -------------------------------------------------------------------------


def test_builtin_suite_validates_with_no_problems():
    scenarios, problems = check_paths([builtin_suite()])

    assert [str(p) for p in problems] == []
    assert len([s for s in scenarios if not s.variant_of]) == len(suite_files()) > 0


def test_load_scenarios_defaults_to_the_builtin_suite():
    ids = {s.id for s in load_scenarios() if not s.variant_of}

    assert len(ids) == len(suite_files())
    assert "retail.human.first-turn" in ids


def test_a_valid_file_loads_as_a_scenario_with_its_fields(tmp_path):
    scenario, problems = check_file(write(tmp_path, "ok.yaml"))

    assert problems == []
    assert scenario.id == "retail.test.minimal"
    assert scenario.domain == "retail"
    assert scenario.emotion == "neutral"
    assert scenario.escalation == "never"
    assert scenario.source == str(tmp_path / "ok.yaml")


# --- how problems are reported ------------------------------------------------------------------


def test_a_problem_reads_file_then_field_path_then_message(tmp_path):
    path = write(tmp_path, "bad.yaml", {"customer": {"emotion": "happy"}})

    problem = only_problem(path)

    assert str(problem) == f"{path}: {problem.field}: {problem.message}"
    assert str(problem).startswith(f"{path}: customer.emotion: ")


def test_a_problem_about_the_whole_file_says_top_instead_of_a_field(tmp_path):
    path = write_text(tmp_path, "list.yaml", "- one\n- two\n")

    assert str(only_problem(path)).startswith(f"{path}: (top): ")


def test_missing_required_field_names_its_dotted_path_and_says_it_is_missing(tmp_path):
    path = write(tmp_path, "bad.yaml", {"expectations": {"escalation": None}})

    problem = only_problem(path)

    assert problem.field == "expectations.escalation"
    assert "missing" in problem.message


def test_missing_top_level_field_is_named(tmp_path):
    problem = only_problem(write(tmp_path, "bad.yaml", {"title": None}))

    assert problem.field == "title"
    assert "missing" in problem.message


def test_unknown_field_is_reported_with_the_allowed_fields(tmp_path):
    problem = only_problem(write(tmp_path, "bad.yaml", {"customer": {"mood": "grumpy"}}))

    assert problem.field == "customer.mood"
    assert "unknown field" in problem.message
    for allowed in ("persona", "emotion", "opening", "facts", "followups", "asks_for_human", "patience"):
        assert allowed in problem.message


def test_unknown_top_level_field_is_reported_with_the_allowed_fields(tmp_path):
    problem = only_problem(write(tmp_path, "bad.yaml", {"colour": "red"}))

    assert problem.field == "colour"
    assert "unknown field" in problem.message
    assert "expectations" in problem.message and "world" in problem.message


def test_bad_enum_value_names_the_field_and_the_value(tmp_path):
    problem = only_problem(write(tmp_path, "bad.yaml", {"customer": {"emotion": "happy"}}))

    assert problem.field == "customer.emotion"
    assert "'happy'" in problem.message
    assert "grieving" in problem.message  # the allowed values are listed


def test_invalid_yaml_reports_the_line(tmp_path):
    path = write_text(tmp_path, "broken.yaml", "schema_version: 1\nid: retail.x.y\ncustomer: [a, b\ntitle: t\n")

    problem = only_problem(path)

    assert problem.line in (3, 4)
    assert "not valid YAML" in problem.message
    assert str(problem).startswith(f"{path}:{problem.line}:{problem.column}: not valid YAML")


def test_a_file_holding_a_list_instead_of_a_mapping_is_rejected(tmp_path):
    problem = only_problem(write_text(tmp_path, "list.yaml", yaml.safe_dump([MINIMAL])))

    assert problem.field == ""
    assert "mapping" in problem.message


def test_an_empty_file_is_rejected(tmp_path):
    problem = only_problem(write_text(tmp_path, "empty.yaml", ""))

    assert "mapping" in problem.message


def test_world_not_fitting_the_domain_state_schema_names_the_world_path(tmp_path):
    path = write(tmp_path, "bad.yaml", {"world": {"orders": {"A1": {"status": "teleported"}}}})

    problem = only_problem(path)

    assert problem.field == "world.orders.A1.status"
    assert "'teleported'" in problem.message


def test_world_missing_a_required_part_of_the_domain_state_is_reported(tmp_path):
    problem = only_problem(write(tmp_path, "bad.yaml", {"world": {"store": None}}))

    assert problem.field == "world.store"
    assert problem.message == "required field is missing"


def test_a_world_date_that_is_not_a_calendar_date_is_reported(tmp_path):
    problem = only_problem(write(tmp_path, "bad.yaml", {"world": {"today": "2026-02-30"}}))

    assert problem.field == "world.today"
    assert "2026-02-30" in problem.message


def test_unknown_domain_lists_the_known_ones(tmp_path):
    problem = only_problem(write(tmp_path, "bad.yaml", {"domain": "airline", "id": "airline.test.minimal"}))

    assert problem.field == "domain"
    assert "unknown domain" in problem.message
    assert {"banking", "retail", "telecom", "travel"} <= set(available_domains())
    for known in available_domains():
        assert known in problem.message


def test_id_must_start_with_the_domain(tmp_path):
    problem = only_problem(write(tmp_path, "bad.yaml", {"id": "banking.test.minimal"}))

    assert problem.field == "id"
    assert "retail." in problem.message


def test_on_request_escalation_needs_customer_asks_for_human(tmp_path):
    problem = only_problem(write(tmp_path, "bad.yaml", {"expectations": {"escalation": {"expect": "on_request"}}}))

    assert problem.field == "customer.asks_for_human"
    assert "on_request" in problem.message


def test_on_request_escalation_with_asks_for_human_is_valid(tmp_path):
    path = write(
        tmp_path,
        "ok.yaml",
        {"customer": {"asks_for_human": {"at_turn": 2}}, "expectations": {"escalation": {"expect": "on_request"}}},
    )

    scenario, problems = check_file(path)

    assert problems == []
    assert scenario.escalation == "on_request"


@pytest.mark.parametrize("expect", ["never", "optional"])
def test_by_turn_on_a_non_required_escalation_is_reported(tmp_path, expect):
    path = write(tmp_path, "bad.yaml", {"expectations": {"escalation": {"expect": expect, "by_turn": 2}}})

    problem = only_problem(path)

    assert problem.field == "expectations.escalation.by_turn"
    assert "required" in problem.message


@pytest.mark.parametrize("kind", ["required_actions", "forbidden_actions"])
def test_an_action_naming_a_tool_the_domain_lacks_is_reported(tmp_path, kind):
    path = write(
        tmp_path,
        "bad.yaml",
        {"expectations": {"resolution": {kind: [{"tool": "get_order"}, {"tool": "block_card"}]}}},
    )

    problem = only_problem(path)

    assert problem.field == f"expectations.resolution.{kind}.1.tool"
    assert "'block_card'" in problem.message
    assert "retail" in problem.message


def test_invalid_regex_in_must_not_state_patterns_is_reported(tmp_path):
    claims = [{"claim": "a refund", "patterns": [r"\brefund", "(unclosed"]}]
    path = write(tmp_path, "bad.yaml", {"expectations": {"accuracy": {"must_not_state": claims}}})

    problem = only_problem(path)

    assert problem.field == "expectations.accuracy.must_not_state.0.patterns.1"
    assert "invalid regular expression" in problem.message


@pytest.mark.parametrize("key", ["bot_said", "bot_has_not_said"])
def test_invalid_regex_in_a_followup_condition_is_reported(tmp_path, key):
    followups = [{"say": "Hello?"}, {"say": "Well?", "when": {key: ["[unclosed"]}}]
    path = write(tmp_path, "bad.yaml", {"customer": {"followups": followups}})

    problem = only_problem(path)

    assert problem.field == f"customer.followups.1.when.{key}.0"
    assert "invalid regular expression" in problem.message


def test_invalid_regex_in_a_facts_asked_by_is_reported(tmp_path):
    facts = {"pet_name": {"value": "Rex", "asked_by": ["*pet"]}}
    path = write(tmp_path, "bad.yaml", {"customer": {"facts": facts}})

    problem = only_problem(path)

    assert problem.field == "customer.facts.pet_name.asked_by.0"
    assert "invalid regular expression" in problem.message


def test_a_custom_fact_without_asked_by_is_reported(tmp_path):
    path = write(tmp_path, "bad.yaml", {"customer": {"facts": {"loyalty_card": "LC-77"}}})

    problem = only_problem(path)

    assert problem.field.startswith("customer.facts.loyalty_card")
    assert "asked_by" in problem.message


def test_several_problems_in_one_file_are_all_reported(tmp_path):
    path = write(tmp_path, "bad.yaml", {"colour": "red", "customer": {"emotion": "happy"}, "difficulty": 9})

    scenario, problems = check_file(path)

    assert scenario is None
    assert {p.field for p in problems} == {"colour", "customer.emotion", "difficulty"}


# --- several files and paths --------------------------------------------------------------------


def test_duplicate_ids_across_two_files_are_reported_naming_both(tmp_path):
    first = write(tmp_path, "a.yaml")
    second = write(tmp_path, "b.yaml", {"title": "Another case, same id"})

    scenarios, problems = check_paths([tmp_path])

    assert [s.source for s in scenarios] == [str(first)]
    assert len(problems) == 1
    assert problems[0].file == str(second)
    assert problems[0].field == "id"
    assert "duplicate id 'retail.test.minimal'" in problems[0].message
    assert str(first) in problems[0].message


def test_a_path_that_does_not_exist_is_reported(tmp_path):
    missing = tmp_path / "nowhere.yaml"

    scenarios, problems = check_paths([missing])

    assert scenarios == []
    assert problems
    assert all(p.file == str(missing) for p in problems)
    assert any("no such file or folder" in p.message for p in problems)


def test_a_path_that_does_not_exist_is_reported_once(tmp_path):
    _, problems = check_paths([tmp_path / "nowhere.yaml"])

    assert [p.message for p in problems] == ["no such file or folder"]


def test_a_folder_with_no_yaml_files_is_reported(tmp_path):
    (tmp_path / "notes.txt").write_text("not a scenario")

    scenarios, problems = check_paths([tmp_path])

    assert scenarios == []
    assert len(problems) == 1
    assert problems[0].file == str(tmp_path)
    assert "no scenario files" in problems[0].message


def test_yaml_under_a_schema_folder_is_not_taken_for_a_scenario(tmp_path):
    write(tmp_path, "ok.yaml")
    (tmp_path / "schema").mkdir()
    write_text(tmp_path / "schema", "not-a-scenario.yaml", "type: object\n")

    scenarios, problems = check_paths([tmp_path])

    assert problems == []
    assert [s.id for s in scenarios] == ["retail.test.minimal"]


def test_all_problems_of_several_files_are_reported_at_once(tmp_path):
    write(tmp_path, "a-good.yaml")
    bad_enum = write(tmp_path, "b-enum.yaml", {"id": "retail.test.b", "customer": {"emotion": "happy"}})
    bad_tool = write(
        tmp_path,
        "c-tool.yaml",
        {"id": "retail.test.c", "expectations": {"resolution": {"required_actions": [{"tool": "fly"}]}}},
    )
    bad_yaml = write_text(tmp_path, "d-yaml.yaml", "id: [oops\n")

    scenarios, problems = check_paths([tmp_path])

    assert [s.id for s in scenarios] == ["retail.test.minimal"]
    assert [(p.file, p.field) for p in problems] == [
        (str(bad_enum), "customer.emotion"),
        (str(bad_tool), "expectations.resolution.required_actions.0.tool"),
        (str(bad_yaml), problems[2].field),
    ]
    assert problems[2].line == 2


def test_load_scenarios_raises_scenario_error_listing_every_problem(tmp_path):
    first = write(tmp_path, "a.yaml", {"customer": {"emotion": "happy"}})
    second = write(tmp_path, "b.yaml", {"id": "airline.test.b", "domain": "airline"})

    with pytest.raises(ScenarioError) as raised:
        load_scenarios([tmp_path])

    assert [p.file for p in raised.value.problems] == [str(first), str(second)]
    lines = str(raised.value).splitlines()
    assert lines == [str(p) for p in raised.value.problems]


def test_load_scenarios_accepts_several_paths(tmp_path):
    a = write(tmp_path, "a.yaml")
    b = write(tmp_path, "b.yaml", {"id": "retail.test.other"})

    assert [s.id for s in load_scenarios([a, b])] == ["retail.test.minimal", "retail.test.other"]


# --- supportbench validate ----------------------------------------------------------------------


def test_validate_builtin_suite_exits_0_with_the_count():
    result = CliRunner().invoke(main, ["validate"])

    assert result.exit_code == 0, result.output
    assert f"{len(suite_files())} scenario(s) and " in result.stdout
    assert "variant(s), no problems." in result.stdout


def test_validate_clean_files_exits_0_with_the_count(tmp_path):
    write(tmp_path, "a.yaml")
    write(tmp_path, "b.yaml", {"id": "retail.test.b"})

    result = CliRunner().invoke(main, ["validate", str(tmp_path)])

    assert result.exit_code == 0, result.output
    assert "2 scenario(s) and 0 variant(s), no problems." in result.stdout


def test_validate_exits_2_and_prints_each_problem(tmp_path):
    bad = write(tmp_path, "a.yaml", {"customer": {"emotion": "happy"}})
    missing = write(tmp_path, "b.yaml", {"id": "retail.test.b", "expectations": {"escalation": None}})

    result = CliRunner().invoke(main, ["validate", str(tmp_path)])

    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    assert any(line.startswith(f"{bad}: customer.emotion: ") for line in lines)
    assert f"{missing}: expectations.escalation: required field is missing" in lines
    assert "2 problem(s)." in result.stderr


def test_validate_exits_2_when_one_of_several_paths_is_bad(tmp_path):
    good = write(tmp_path, "good.yaml")

    result = CliRunner().invoke(main, ["validate", str(good), str(tmp_path / "missing.yaml")])

    assert result.exit_code == 2
    assert f"{tmp_path / 'missing.yaml'}: (top): no such file or folder" in result.stdout


def test_installed_supportbench_validate_exits_2_on_a_bad_file(tmp_path):
    bad = write(tmp_path, "bad.yaml", {"customer": {"emotion": "happy"}})
    script = shutil.which("supportbench", path=str(Path(sys.executable).parent)) or shutil.which("supportbench")
    assert script, "the supportbench console script is not installed (pip install -e .)"

    done = subprocess.run([script, "validate", str(bad)], capture_output=True, text=True, timeout=120)

    assert done.returncode == 2, done.stderr
    assert f"{bad}: customer.emotion: " in done.stdout
    assert "1 problem(s)." in done.stderr


# --- supportbench run on a bad suite ------------------------------------------------------------


def test_run_on_a_bad_suite_exits_2_prints_the_problem_and_creates_no_run_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    bad = write(tmp_path, "bad.yaml", {"customer": {"emotion": "happy"}})

    result = CliRunner().invoke(main, ["run", "--suite", str(bad), "--quiet"])

    assert result.exit_code == 2
    assert f"{bad}: customer.emotion: " in result.stderr
    assert "nothing was run" in result.stderr
    assert not (tmp_path / "runs").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml"]


def test_run_with_an_explicit_out_on_a_bad_suite_creates_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    bad = write_text(tmp_path, "bad.yaml", "- not\n- a mapping\n")

    result = CliRunner().invoke(main, ["run", "--suite", str(bad), "--out", "myrun", "--quiet"])

    assert result.exit_code == 2
    assert f"{bad}: (top): " in result.stderr
    assert not (tmp_path / "myrun").exists()


# probes


WITNESS = [{"say": "It arrives on 12 March."}]


def test_a_probe_changing_a_witness_turn_it_does_not_have_is_reported(tmp_path):
    probe = {"id": "p", "expect": "pass", "turns": {"3": {"say": "x"}}}
    problem = only_problem(write(tmp_path, "bad.yaml", {"witness": WITNESS, "probes": [probe]}))
    assert (problem.field, problem.message) == ("probes.0.turns.3", "the witness has 1 bot turns")


def test_a_probe_changing_a_witness_the_scenario_does_not_store_is_reported(tmp_path):
    probe = {"id": "p", "expect": "pass", "turns": {"1": {"say": "x"}}}
    problem = only_problem(write(tmp_path, "bad.yaml", {"probes": [probe]}))
    assert (problem.field, problem.message) == ("probes.0.turns", "changes a witness, but the scenario stores none")


def test_two_probes_with_one_id_are_reported(tmp_path):
    probe = {"id": "p", "expect": "pass", "witness": WITNESS}
    problem = only_problem(write(tmp_path, "bad.yaml", {"witness": WITNESS, "probes": [probe, probe]}))
    assert (problem.field, problem.message) == ("probes.1.id", "duplicate probe id 'p'")


def test_a_probe_needs_a_witness_or_turns(tmp_path):
    problem = only_problem(write(tmp_path, "bad.yaml", {"probes": [{"id": "p", "expect": "pass"}]}))
    assert problem.field.startswith("probes.0")


def test_a_probe_turn_replaces_only_the_fields_it_gives(tmp_path):
    witness = [{"say": "First.", "calls": [{"tool": "get_order", "args": {"order_id": "A1"}}]}]
    scenario, problems = check_file(
        write(
            tmp_path,
            "ok.yaml",
            {"witness": witness, "probes": [{"id": "p", "expect": "pass", "turns": {"1": {"say": "Other words."}}}]},
        )
    )
    assert not problems
    assert scenario.probes[0].turns == [{"say": "Other words.", "calls": witness[0]["calls"]}]
