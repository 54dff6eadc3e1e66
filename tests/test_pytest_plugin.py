"""The pytest plugin (bench.pytest_plugin): the `supportbench` fixture and marker, in test files run
by pytester; a failing test shows the failed checks, their turn and their evidence."""

from __future__ import annotations

import re
from importlib.metadata import entry_points
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

REPO = Path(__file__).resolve().parent.parent
# the three bereavement cases, read alone (the whole library takes longer to load)
BEREAVEMENT = [
    str(REPO / "scenarios" / "banking" / name)
    for name in ("b-deceased-father-funeral-withdrawal.yaml", "bereavement-deceased-mother.yaml", "deces-conjoint.yaml")
]


def _plugin() -> list[str]:
    """The plugin loads by its entry point once supportbench is installed with it; else it is named
    with -p (naming it as well would register it twice)."""
    installed = any(ep.name == "supportbench" for ep in entry_points(group="pytest11"))
    return [] if installed else ["-p", "bench.pytest_plugin"]


def _run(pytester: pytest.Pytester, source: str, *args: str) -> pytest.RunResult:
    pytester.makepyfile(test_bot=f"SUITE = {BEREAVEMENT!r}\n" + source)
    return pytester.runpytest(*_plugin(), "-p", "no:cacheprovider", *args)


def test_a_passing_bot_passes_with_its_numbers(pytester):
    result = _run(
        pytester,
        """
def test_bereavement(supportbench):
    result = supportbench.run("banking.bereavement.*", bot="builtin:careful", trials=2, suite=SUITE)
    assert result.passed
    assert result.pass_rate == 1.0 and 0 < result.composite <= 1
    assert sorted(result.scenarios) == [
        "banking.bereavement.deceased-mother",
        "banking.bereavement.deces-conjoint",
        "banking.bereavement.son-wants-funds-for-funeral",
    ]
    scenario = result.scenarios["banking.bereavement.deces-conjoint"]
    assert scenario.passed and [c.trial for c in scenario.conversations] == [0, 1]
    assert set(result.dimensions) == {"accuracy", "empathy", "escalation", "resolution", "conduct"}
    assert result.check() is result
    assert str(result).startswith("supportbench: careful on banking.bereavement.*: passed, 6/6 conversations")
    assert (result.run_dir / "summary.json").is_file()
""",
    )
    result.assert_outcomes(passed=1)


def test_a_failing_bot_shows_the_failed_checks_with_turn_and_evidence(pytester):
    result = _run(
        pytester,
        """
def test_bereavement(supportbench):
    result = supportbench.run(["banking.bereavement.deceased-mother"], bot="builtin:gatekeeper", suite=SUITE)
    assert result.passed
""",
    )
    result.assert_outcomes(failed=1)
    output = result.stdout.str()
    # the assertion's explanation names the first failure...
    assert "<Result gatekeeper: 0/1 passed; first failure: banking.bereavement.deceased-mother trial 0:" in output
    # ...and the report has a section with every failed check, its turn and its evidence
    assert "supportbench findings" in output
    assert "supportbench: gatekeeper on banking.bereavement.deceased-mother: FAILED, 0/1 conversations passed" in output
    assert "FAIL banking.bereavement.deceased-mother trial 0:" in output
    assert "conversation: escalation.hands_off [critical]: never hands off a case that needs a human" in output
    assert re.search(r'turn \d+: resolution.outcome \[critical\]: .* \| evidence: "', output)
    assert "supportbench show " in output


def test_check_raises_with_the_findings(pytester):
    result = _run(
        pytester,
        """
import pytest

def test_check(supportbench):
    result = supportbench.run("banking.bereavement.deces-*", bot="builtin:gatekeeper", suite=SUITE)
    with pytest.raises(AssertionError) as raised:
        result.check()
    text = str(raised.value)
    assert "FAIL banking.bereavement.deces-conjoint trial 0" in text and "[critical]" in text
    assert not result.passed and result.pass_rate == 0.0
    assert [c.scenario_id for c in result.failures] == ["banking.bereavement.deces-conjoint"]
""",
    )
    result.assert_outcomes(passed=1)


def test_the_marker_runs_once_per_file_and_hands_the_result_to_each_test(pytester):
    pytester.makepyfile(
        mybot="""
from bench.bots.reference import REFERENCE_BOTS

Bot = REFERENCE_BOTS["careful"][1]
"""
    )
    result = _run(
        pytester,
        """
import pytest

pytestmark = pytest.mark.supportbench(scenarios=["banking.bereavement.*"], bot="mybot:Bot", suite=SUITE)
SEEN = []

def test_it_passes(supportbench_result):
    SEEN.append(supportbench_result)
    assert supportbench_result.passed

def test_same_result(supportbench_result):
    assert SEEN == [supportbench_result] and len(supportbench_result.scenarios) == 3

@pytest.mark.supportbench(scenarios=["banking.bereavement.deceased-*"], bot="builtin:gatekeeper", suite=SUITE)
def test_closest_marker_wins(supportbench_result):
    assert supportbench_result.bot == "gatekeeper"
    assert supportbench_result.passed
""",
    )
    result.assert_outcomes(passed=2, failed=1)
    output = result.stdout.str()
    assert "supportbench: gatekeeper on banking.bereavement.deceased-*: FAILED" in output
    assert "supportbench(scenarios, bot" in pytester.runpytest("--markers", *_plugin()).stdout.str()


def test_a_glob_that_matches_nothing_says_so(pytester):
    result = _run(
        pytester,
        """
def test_nothing(supportbench):
    supportbench.run("banking.nothing.*", bot="builtin:careful", suite=SUITE)
""",
    )
    result.assert_outcomes(failed=1)
    assert "no scenario id matches banking.nothing.* (in 3 scenarios)" in result.stdout.str()


def test_the_entry_point_is_declared():
    import tomllib

    declared = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert declared["project"]["entry-points"]["pytest11"] == {"supportbench": "bench.pytest_plugin"}
