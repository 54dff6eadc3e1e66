"""Weights: a buyer's file of dimension and severity weights (YAML or JSON). A bad file is an error
that names the file and the field; severities change dimension scores, dimension weights change the
composite, and a run records the weights it used."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bench.core.world import ToolCall
from bench.scorers import score_transcript
from bench.scorers.findings import SEVERITY_WEIGHTS
from bench.scorers.registry import DIMENSION_WEIGHTS
from bench.scorers.weights import Weights, WeightsError, load_weights
from tests.conftest import MINIMAL, transcript

ROOT = Path(__file__).resolve().parents[2]


def write(tmp_path: Path, text: str, name: str = "weights.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def refused(path: Path) -> str:
    with pytest.raises(WeightsError) as bad:
        load_weights(path)
    return str(bad.value)


# load_weights


def test_a_yaml_file_sets_dimensions_and_severities(tmp_path):
    path = write(
        tmp_path,
        "dimensions: {accuracy: 0.3, empathy: 0.1, escalation: 0.2, resolution: 0.3, conduct: 0.1}\n"
        "severities: {critical: 5, major: 2, minor: 1}\n",
    )
    weights = load_weights(path)
    assert weights.dimensions == {"accuracy": 0.3, "empathy": 0.1, "escalation": 0.2, "resolution": 0.3, "conduct": 0.1}
    assert weights.severities == {"critical": 5.0, "major": 2.0, "minor": 1.0}


def test_a_json_file_is_read_too(tmp_path):
    path = write(tmp_path, json.dumps({"dimensions": {"empathy": 0.4}, "severities": {"minor": 0.5}}), "w.json")
    weights = load_weights(path)
    assert weights.dimensions == DIMENSION_WEIGHTS | {"empathy": 0.4}
    assert weights.severities == SEVERITY_WEIGHTS | {"minor": 0.5}


def test_a_partial_file_keeps_the_defaults_for_the_rest(tmp_path):
    weights = load_weights(write(tmp_path, "dimensions:\n  accuracy: 0.5\n"))
    assert weights.dimensions == DIMENSION_WEIGHTS | {"accuracy": 0.5}
    assert weights.severities == SEVERITY_WEIGHTS


def test_severities_alone_keep_the_default_dimensions(tmp_path):
    weights = load_weights(write(tmp_path, "severities: {critical: 10}\n"))
    assert weights.dimensions == DIMENSION_WEIGHTS
    assert weights.severities == SEVERITY_WEIGHTS | {"critical": 10.0}


def test_a_zero_weight_is_allowed(tmp_path):
    assert load_weights(write(tmp_path, "dimensions: {empathy: 0}\n")).dimensions["empathy"] == 0.0


@pytest.mark.parametrize(
    "text, field",
    [
        ("dimensions: {speed: 1}\n", "dimensions.speed: unknown"),
        ("severities: {fatal: 9}\n", "severities.fatal: unknown"),
        ("colours: {accuracy: 1}\n", "colours: unknown field"),
        ("dimensions: {accuracy: -0.1}\n", "dimensions.accuracy: must be a number >= 0, got -0.1"),
        ("severities: {major: -2}\n", "severities.major: must be a number >= 0, got -2"),
        ("dimensions: {accuracy: high}\n", "dimensions.accuracy: must be a number >= 0, got 'high'"),
        ("dimensions: {accuracy: true}\n", "dimensions.accuracy: must be a number >= 0, got True"),
        ("dimensions: [accuracy, empathy]\n", "dimensions: expected a mapping"),
    ],
)
def test_a_bad_field_is_an_error_naming_the_file_and_the_field(tmp_path, text, field):
    path = write(tmp_path, text)
    message = refused(path)
    assert message.startswith(f"{path}: ")
    assert field in message


def test_all_dimensions_at_zero_is_an_error(tmp_path):
    path = write(
        tmp_path, "dimensions: {accuracy: 0, empathy: 0, escalation: 0, resolution: 0, conduct: 0}\n", "zero.yaml"
    )
    message = refused(path)
    assert message.startswith(f"{path}: dimensions: ")
    assert "above 0" in message


@pytest.mark.parametrize("text", ["", "- accuracy\n", "just words\n"])
def test_a_file_that_is_not_a_mapping_is_an_error(tmp_path, text):
    path = write(tmp_path, text)
    assert refused(path).startswith(f"{path}: expected a mapping")


def test_a_file_that_is_not_yaml_is_an_error_naming_it(tmp_path):
    path = write(tmp_path, "dimensions: {accuracy: [0.5\n")
    assert refused(path).startswith(f"{path}:2:1: not valid YAML")


def test_a_missing_file_is_an_error_naming_it(tmp_path):
    path = tmp_path / "nowhere.yaml"
    assert refused(path).startswith(f"{path}: cannot read")


# what the weights change

LOOKUP = ToolCall(
    "get_order", {"order_id": "A1"}, {"order_id": "A1", "status": "in_transit", "estimated_delivery": "2026-03-12"}
)


@pytest.fixture
def invented_amount(make_scenario):
    """Accuracy: the delivery date stated (major, passed) and clearly (major, passed), an invented
    amount (critical, failed); escalation and resolution perfect."""
    scenario = make_scenario()
    t = transcript(
        scenario,
        ("customer", "Where is my parcel?"),
        ("bot", "It arrives on 12 March. Shipping was €9.99.", [LOOKUP]),
        ("customer", "Thanks, bye."),
    )
    return scenario, t


def test_severity_weights_change_the_dimension_scores(invented_amount):
    scenario, t = invented_amount
    default = score_transcript(scenario, t)
    heavy = score_transcript(scenario, t, Weights(severities={"critical": 6.0, "major": 2.0, "minor": 1.0}))
    assert default.dimensions["accuracy"].score == round(4 / 7, 4)
    assert heavy.dimensions["accuracy"].score == round(4 / 10, 4)
    assert heavy.composite < default.composite


def test_severity_weights_do_not_change_the_verdict(invented_amount):
    scenario, t = invented_amount
    card = score_transcript(scenario, t, Weights(severities={"critical": 0.0, "major": 2.0, "minor": 1.0}))
    assert card.dimensions["accuracy"].score == 1.0
    assert not card.passed  # a failed critical check fails the conversation whatever it weighs


def test_dimension_weights_from_a_file_change_the_composite(tmp_path, invented_amount):
    scenario, t = invented_amount
    only_accuracy = load_weights(
        write(tmp_path, "dimensions: {accuracy: 1, empathy: 0, escalation: 0, resolution: 0, conduct: 0}\n")
    )
    assert score_transcript(scenario, t).composite == 0.8775
    assert score_transcript(scenario, t, only_accuracy).composite == round(4 / 7, 4)


def test_weights_are_renormalised_so_they_need_not_sum_to_one(invented_amount):
    scenario, t = invented_amount
    doubled = Weights(dimensions={k: 2 * v for k, v in DIMENSION_WEIGHTS.items()})
    assert score_transcript(scenario, t, doubled).composite == score_transcript(scenario, t).composite


# the command line


def supportbench(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """`python -m bench.cli` on this checkout's code (PYTHONPATH), whatever copy is installed."""
    env = os.environ | {"PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    return subprocess.run(
        [sys.executable, "-m", "bench.cli", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    (tmp_path / "case.yaml").write_text(yaml.safe_dump(MINIMAL, allow_unicode=True), encoding="utf-8")
    return tmp_path


def test_run_with_a_bad_weights_file_exits_2_naming_the_field(workdir):
    write(workdir, "dimensions: {speed: 1}\n", "bad.yaml")
    done = supportbench(
        "run",
        "-q",
        "--suite",
        "case.yaml",
        "--bot",
        "builtin:careful",
        "--weights",
        "bad.yaml",
        "--out",
        "r",
        cwd=workdir,
    )
    assert done.returncode == 2
    assert "--weights bad.yaml: dimensions.speed: unknown" in done.stderr
    assert not (workdir / "r").exists()


def test_a_run_records_its_weights_in_the_summary(workdir):
    write(workdir, "dimensions: {accuracy: 0.5}\nseverities: {critical: 5}\n", "mine.yaml")
    done = supportbench(
        "run",
        "-q",
        "--suite",
        "case.yaml",
        "--bot",
        "builtin:careful",
        "--weights",
        "mine.yaml",
        "--out",
        "r",
        cwd=workdir,
    )
    assert done.returncode == 0, done.stderr
    summary = json.loads((workdir / "r" / "summary.json").read_text(encoding="utf-8"))
    assert summary["weights"] == {
        "dimensions": DIMENSION_WEIGHTS | {"accuracy": 0.5},
        "severities": SEVERITY_WEIGHTS | {"critical": 5.0},
    }


def test_a_run_without_weights_records_the_defaults(workdir):
    done = supportbench("run", "-q", "--suite", "case.yaml", "--bot", "builtin:careful", "--out", "r", cwd=workdir)
    assert done.returncode == 0, done.stderr
    summary = json.loads((workdir / "r" / "summary.json").read_text(encoding="utf-8"))
    assert summary["weights"] == {"dimensions": DIMENSION_WEIGHTS, "severities": SEVERITY_WEIGHTS}
