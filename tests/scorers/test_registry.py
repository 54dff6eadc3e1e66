"""The registry is the one list of dimensions and checks: the scorers record only registered checks, a
watching check never records a pass, and the documents and schemas that name dimensions or checks
agree with it (a new dimension fails here until every one of them lists it)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bench import RunOptions, evaluate, load_bot
from bench.core.scenario import Scenario
from bench.rundir.reader import read_run
from bench.scorers.registry import CHECKS, DIMENSION_WEIGHTS, DIMENSIONS, REGISTRY, WATCHING
from bench.scorers.weights import Weights
from bench.suite.load import load_scenarios

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "bench" / "schemas"


@pytest.fixture(scope="module")
def findings(tmp_path_factory) -> list[tuple[str, dict]]:
    """Every finding of the reference bots on a slice of the library that touches every category."""
    chosen: list[Scenario] = []
    seen: set[tuple[str, str]] = set()
    for scenario in load_scenarios():
        key = (scenario.category, scenario.escalation)
        if key not in seen:
            seen.add(key)
            chosen.append(scenario)
    bots = [load_bot(f"builtin:{name}") for name in ("careful", "fabulist", "deflector", "sympathiser", "reciter")]
    out = tmp_path_factory.mktemp("registry")
    evaluate(bots, chosen, RunOptions(concurrency=8), out)
    return [
        (dimension, f)
        for c in read_run(out).conversations
        for dimension, score in c.card["dimensions"].items()
        for f in score["findings"]
    ]


def test_dimensions_are_named_once_each():
    assert len(DIMENSIONS) == len(set(DIMENSIONS)) and len(CHECKS) == sum(len(d.checks) for d in REGISTRY)


def test_every_check_belongs_to_its_dimension_by_name():
    for dimension in REGISTRY:
        assert all(c.name.startswith(f"{dimension.name}.") for c in dimension.checks), dimension.name


def test_the_default_weights_are_the_registry_weights():
    assert Weights().dimensions == DIMENSION_WEIGHTS and sum(DIMENSION_WEIGHTS.values()) == pytest.approx(1.0)


def test_the_scorers_record_only_registered_checks(findings):
    recorded = {f["check"] for _, f in findings}
    assert recorded - set(CHECKS) == set()
    assert {dimension for dimension, _ in findings} <= set(DIMENSIONS)


def test_a_watching_check_only_ever_records_a_failure(findings):
    passed = sorted({f["check"] for _, f in findings if f["check"] in WATCHING and f["passed"]})
    assert passed == []


def test_the_slice_exercises_checks_of_every_dimension(findings):
    """Guards the two tests above: they mean something only if findings of each dimension occur."""
    assert {dimension for dimension, _ in findings} == set(DIMENSIONS)
    assert len({f["check"] for _, f in findings}) >= 20


def _documented_checks() -> set[str]:
    text = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    return set(re.findall(r"^\| `([a-z]+\.[a-z_]+)` \|", text, flags=re.M))


def test_docs_checks_lists_exactly_the_registered_checks():
    documented = _documented_checks()
    assert set(CHECKS) - documented == set(), "add these checks to docs/checks.md"
    assert documented - set(CHECKS) == set(), "docs/checks.md lists checks no scorer has"


def test_docs_checks_says_which_checks_only_watch():
    text = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `([a-z]+\.[a-z_]+)` \|([^\n]*)$", text, flags=re.M))
    watching_in_docs = {name for name, row in rows.items() if "(watches" in row}
    assert watching_in_docs == set(WATCHING)


def test_the_gate_file_schema_names_exactly_the_dimensions():
    schema = json.loads((SCHEMAS / "gate.v1.schema.json").read_text(encoding="utf-8"))
    enums = [node["propertyNames"]["enum"] for node in _walk(schema) if "propertyNames" in node]
    assert enums and all(enum == list(DIMENSIONS) for enum in enums)


def test_the_leaderboard_schema_names_exactly_the_dimensions():
    schema = json.loads((SCHEMAS / "leaderboard.v1.schema.json").read_text(encoding="utf-8"))
    metric_enums = [node["metric"]["enum"] for node in _walk(schema) if isinstance(node.get("metric"), dict)]
    assert metric_enums == [["composite", *DIMENSIONS]]


def _walk(node):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)
