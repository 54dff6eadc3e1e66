"""The summary: per bot, the confusion matrix of "should hand off" (required, on_request cases)
against "did hand off", optional cases apart; and summary.json carries it with the weights used."""

from __future__ import annotations

import json

import pytest

from bench import RunOptions, evaluate, load_bot
from bench.analysis.summary import handoff_matrix, summarise
from bench.scorers import DIMENSIONS
from bench.scorers.weights import Weights


def record(expected: str, happened: bool, bot: str = "b", scenario_id: str = "s") -> dict:
    return {
        "bot": bot,
        "scenario_id": scenario_id,
        "passed": True,
        "composite": 1.0,
        "outcome": "handoff" if happened else "resolved",
        "handoff": {"expected": expected, "happened": happened},
        "dimensions": {d: {"score": 1.0} for d in DIMENSIONS},
    }


def test_each_case_lands_in_its_cell():
    matrix = handoff_matrix(
        [
            record("required", True),
            record("on_request", True),
            record("required", False),
            record("never", True),
            record("never", False),
            record("never", False),
        ]
    )
    assert matrix == {
        "should_handed_off": 2,
        "should_kept": 1,
        "should_not_handed_off": 1,
        "should_not_kept": 2,
        "optional_handed_off": 0,
        "optional_kept": 0,
        "precision": round(2 / 3, 4),
        "recall": round(2 / 3, 4),
    }


def test_on_request_cases_count_as_should_hand_off():
    matrix = handoff_matrix([record("on_request", True), record("on_request", False)])
    assert (matrix["should_handed_off"], matrix["should_kept"]) == (1, 1)


def test_optional_cases_count_apart_and_weigh_on_neither_precision_nor_recall():
    base = [record("required", True), record("never", True)]
    matrix = handoff_matrix(base + [record("optional", True), record("optional", False), record("optional", False)])
    assert (matrix["optional_handed_off"], matrix["optional_kept"]) == (1, 2)
    assert (matrix["precision"], matrix["recall"]) == (0.5, 1.0)
    assert {k: v for k, v in matrix.items() if not k.startswith("optional")} == {
        k: v for k, v in handoff_matrix(base).items() if not k.startswith("optional")
    }


def test_precision_is_the_share_of_handoffs_that_were_needed():
    matrix = handoff_matrix([record("required", True), record("never", True), record("never", True)])
    assert matrix["precision"] == round(1 / 3, 4)


def test_recall_is_the_share_of_needed_handoffs_that_happened():
    matrix = handoff_matrix([record("required", True), record("required", False), record("on_request", False)])
    assert matrix["recall"] == round(1 / 3, 4)


def test_precision_is_none_when_the_bot_never_hands_off():
    matrix = handoff_matrix([record("required", False), record("never", False)])
    assert matrix["precision"] is None
    assert matrix["recall"] == 0.0


def test_recall_is_none_when_no_case_needs_a_handoff():
    matrix = handoff_matrix([record("never", True), record("optional", True)])
    assert matrix["recall"] is None
    assert matrix["precision"] == 0.0


def test_an_empty_matrix_has_zero_counts_and_no_rates():
    matrix = handoff_matrix([])
    assert matrix["precision"] is None and matrix["recall"] is None
    assert sum(v for k, v in matrix.items() if k not in ("precision", "recall")) == 0


def test_records_without_a_handoff_entry_are_left_out():
    older = record("required", True)
    del older["handoff"]
    assert handoff_matrix([older, record("never", False)]) == handoff_matrix([record("never", False)])


def test_the_summary_gives_each_bot_its_own_matrix():
    summary = summarise(
        [record("required", True, bot="a"), record("required", False, bot="b")],
        run_id="r",
        suite_digest="d",
        options={},
    )
    assert summary["bots"]["a"]["handoffs"]["should_handed_off"] == 1
    assert summary["bots"]["b"]["handoffs"]["should_kept"] == 1


def test_the_summary_records_the_default_weights_when_none_are_given():
    summary = summarise([record("never", False)], run_id="r", suite_digest="d", options={})
    assert summary["weights"] == Weights().to_dict()


def test_the_summary_records_the_weights_given():
    weights = Weights(dimensions={"accuracy": 1.0}).to_dict()
    summary = summarise([record("never", False)], run_id="r", suite_digest="d", options={}, weights=weights)
    assert summary["weights"] == weights


@pytest.fixture
def run_dir(tmp_path, make_scenario):
    """careful and deflector on one `never` case and one `required` case, written to disk."""
    never = make_scenario(name="never.yaml")
    required = make_scenario(
        {"id": "retail.test.required", "expectations": {"escalation": {"expect": "required"}}}, name="required.yaml"
    )
    bots = [load_bot("builtin:careful"), load_bot("builtin:deflector")]
    evaluate(bots, [never, required], RunOptions(concurrency=2), tmp_path / "run", weights=Weights({"accuracy": 1.0}))
    return tmp_path / "run"


def test_summary_json_carries_the_handoffs_and_the_weights(run_dir):
    summary = json.loads((run_dir / "summary.json").read_text(encoding="utf-8"))
    assert summary["weights"] == Weights({"accuracy": 1.0}).to_dict()
    deflector = summary["bots"]["deflector"]["handoffs"]
    assert (deflector["should_handed_off"], deflector["should_not_handed_off"]) == (1, 1)
    assert deflector["precision"] == 0.5 and deflector["recall"] == 1.0
    for stats in summary["bots"].values():
        counts = [v for k, v in stats["handoffs"].items() if k not in ("precision", "recall")]
        assert sum(counts) == stats["conversations"] == 2
