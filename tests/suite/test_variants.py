"""Metamorphic variants: declared in a scenario, expanded at load time into cases of their own, and
summarised as how often a bot's verdict holds within a group."""

from __future__ import annotations

import yaml

from bench import RunOptions, evaluate, load_bot
from bench.analysis.summary import consistency
from bench.scorers import DIMENSIONS
from bench.suite.load import check_paths
from bench.suite.variants import apply_variant
from tests.conftest import MINIMAL, merge


def test_replace_changes_strings_and_mapping_keys_everywhere():
    data = apply_variant(MINIMAL, {"id": "v", "replace": {"A1": "B7", "Ann Test": "Zoé Petit"}})
    assert "B7" in data["world"]["orders"] and "A1" not in data["world"]["orders"]
    assert data["customer"]["facts"]["order_number"] == "B7"
    assert data["world"]["customers"]["C1"]["name"] == "Zoé Petit"


def test_longer_replacements_win_over_their_prefixes():
    data = apply_variant({"a": "A10 and A1"}, {"id": "v", "replace": {"A1": "X", "A10": "Y"}})
    assert data["a"] == "Y and X"


def test_a_numeric_replacement_changes_amounts_stored_as_numbers():
    data = apply_variant(MINIMAL, {"id": "v", "replace": {"12.5": 30.0}})
    assert data["world"]["orders"]["A1"]["total"] == 30.0


def test_set_overrides_dotted_paths_including_list_items():
    spec = {"id": "v", "set": {"customer.opening": "wher is my parcle", "expectations.accuracy.must_state.0.fact": "x"}}
    data = apply_variant(MINIMAL, spec)
    assert data["customer"]["opening"] == "wher is my parcle"
    assert data["expectations"]["accuracy"]["must_state"][0]["fact"] == "x"
    assert MINIMAL["customer"]["opening"] == "Where is my parcel?"  # the base is untouched


def _load(tmp_path, variants: list[dict]):
    path = tmp_path / "case.yaml"
    path.write_text(yaml.safe_dump(merge(MINIMAL, {"variants": variants}), allow_unicode=True), encoding="utf-8")
    return check_paths([path])


def test_each_variant_is_a_case_of_its_own_in_the_base_group(tmp_path):
    scenarios, problems = _load(tmp_path, [{"id": "typos", "set": {"customer.opening": "wher is my parcle"}}])
    assert problems == []
    base, variant = scenarios
    assert variant.id == "retail.test.minimal~typos"
    assert variant.variant_of == base.id and variant.group == base.group == base.id
    assert variant.title == "A minimal tracking case (typos)"
    assert variant.digest != base.digest


def test_a_set_path_that_does_not_exist_is_reported_with_its_field(tmp_path):
    _, problems = _load(tmp_path, [{"id": "bad", "set": {"customer.nothing.here": 1}}])
    assert [p.field for p in problems] == ["variants.0.set.customer.nothing.here"]


def test_a_variant_that_breaks_the_schema_is_reported_under_its_id(tmp_path):
    _, problems = _load(tmp_path, [{"id": "german", "set": {"language": "de"}}])
    assert len(problems) == 1
    assert problems[0].file.endswith("case.yaml (variants.0: german)")
    assert problems[0].field == "language"


def _record(scenario_id: str, passed: bool, bot: str = "b") -> dict:
    dims = {d: {"score": 1.0} for d in DIMENSIONS}
    return {
        "bot": bot,
        "scenario_id": scenario_id,
        "passed": passed,
        "composite": 1.0,
        "outcome": "resolved",
        "dimensions": dims,
    }


def test_consistency_is_the_share_of_variant_groups_with_one_verdict():
    records = [_record("x", True), _record("x~v", True), _record("y", True), _record("y~v", False), _record("z", False)]
    assert consistency(records) == {"groups": 2, "consistent": 1, "rate": 0.5, "changed": ["y"]}


def test_consistency_is_none_without_variants():
    assert consistency([_record("x", True), _record("y", False)]) is None


def test_the_leaderboard_shows_consistency_only_when_the_run_has_variants(tmp_path):
    scenarios, _ = _load(tmp_path, [{"id": "other-name", "replace": {"Ann Test": "Zoe Petit"}}])
    bot = [load_bot("builtin:careful")]
    evaluate(bot, scenarios, RunOptions(), tmp_path / "varied")
    evaluate(bot, scenarios[:1], RunOptions(), tmp_path / "plain")
    assert "| consistency" in (tmp_path / "varied" / "leaderboard.md").read_text(encoding="utf-8")
    assert "consistency" not in (tmp_path / "plain" / "leaderboard.md").read_text(encoding="utf-8")
