"""Shared fixtures and builders: the built-in suite, small scenarios written to tmp_path, and
hand-written transcripts for the scorer tests."""

from __future__ import annotations

import copy
import signal
from pathlib import Path

import pytest
import yaml

from bench.core.scenario import Scenario
from bench.core.transcript import RESOLVED, Transcript, Turn
from bench.suite.load import builtin_suite, check_file, load_scenarios

# Tests that stop a run with Ctrl-C send SIGINT to a child process. A child inherits an ignored
# SIGINT, and background jobs of a non-interactive shell start with it ignored (so do some CI
# runners): give the session Python's default handler so that its children can be interrupted.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

SUITE = builtin_suite()


@pytest.fixture(scope="session")
def suite() -> list[Scenario]:
    return load_scenarios()


@pytest.fixture(scope="session")
def by_id(suite: list[Scenario]) -> dict[str, Scenario]:
    return {s.id: s for s in suite}


MINIMAL = {
    "schema_version": 1,
    "id": "retail.test.minimal",
    "title": "A minimal tracking case",
    "language": "en",
    "channel": "chat",
    "domain": "retail",
    "category": "informational",
    "difficulty": 1,
    "customer": {
        "persona": {"name": "Ann Test"},
        "emotion": "neutral",
        "opening": "Where is my parcel?",
        "facts": {"order_number": "A1"},
        "patience": 4,
    },
    "world": {
        "today": "2026-03-10",
        "store": {"name": "Shop", "currency": "EUR", "return_window_days": 30},
        "customers": {"C1": {"name": "Ann Test", "email": "ann@example.com"}},
        "orders": {
            "A1": {
                "customer_id": "C1",
                "status": "in_transit",
                "placed_on": "2026-03-01",
                "items": [{"name": "Mug", "price": 12.5}],
                "total": 12.5,
                "shipment": {
                    "carrier": "DHL",
                    "tracking_number": "T1",
                    "status": "in_transit",
                    "estimated_delivery": "2026-03-12",
                },
            }
        },
    },
    "expectations": {
        "accuracy": {"must_state": [{"fact": "delivery date", "accept": ["12 March", "March 12"]}]},
        "empathy": "none",
        "escalation": {"expect": "never"},
    },
}


def merge(base: dict, changes: dict) -> dict:
    """Deep-merge `changes` into a copy of `base`; a value of None deletes the key."""
    out = copy.deepcopy(base)
    for key, value in changes.items():
        if value is None:
            out.pop(key, None)
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


@pytest.fixture
def make_scenario(tmp_path: Path):
    """make_scenario(**changes) -> Scenario: MINIMAL with deep-merged changes, written and loaded."""

    def make(changes: dict | None = None, name: str = "case.yaml") -> Scenario:
        path = tmp_path / name
        path.write_text(yaml.safe_dump(merge(MINIMAL, changes or {}), allow_unicode=True), encoding="utf-8")
        scenario, problems = check_file(path)
        assert not problems, problems
        return scenario

    return make


def transcript(scenario, *turns, outcome=RESOLVED, final_state=None, error=None, trial=0) -> Transcript:
    """A hand-written conversation: each turn is (role, text[, tool_calls[, handoff]])."""
    return Transcript(
        run_id="test",
        bot="handwritten",
        scenario_id=scenario.id,
        scenario_digest=scenario.digest,
        trial=trial,
        seed=0,
        language=scenario.language,
        channel=scenario.channel,
        turns=[t if isinstance(t, Turn) else Turn(*t) for t in turns],
        outcome=outcome,
        error=error,
        final_state=copy.deepcopy(scenario.world) if final_state is None else final_state,
    )


def only(findings, check):
    """The one finding of `check`."""
    [found] = [f for f in findings if f.check == check]
    return found


def failures(findings, check):
    """The failed findings of `check` (watching checks record nothing when all is well)."""
    return [f for f in findings if f.check == check and not f.passed]


def checks(findings):
    return [f.check for f in findings]
