"""The reference bots on the built-in suite: careful ranks first, and each planted flaw is caught by
the scorer that exists for it (the acceptance check of the harness)."""

from __future__ import annotations

import pytest

from bench import RunOptions, evaluate, load_bot
from bench.bots.reference import REFERENCE_BOTS
from bench.rundir.reader import read_scores

FLAWS = {  # bot -> (dimension of its flaw, a check that must catch it)
    "cold": ("empathy", "empathy.acknowledgement"),
    "gatekeeper": ("escalation", "escalation.hands_off_when_asked"),
    "deflector": ("escalation", "escalation.contained"),
    "fabulist": ("accuracy", "accuracy.grounded_date"),
    "silent": ("resolution", "resolution.outcome"),
}


NULL_BOTS = ("silent", "apologiser")
GRADED = ("empathy.acknowledgement",)
GAMING_BOTS = ("sympathiser", "reciter")


@pytest.fixture(scope="module")
def witnessed(suite):
    """The cases careful is the witness for (no stored witness path): there it is known to pass, so a
    check that fails elsewhere is the flaw's doing. Cases with a stored witness may need skills
    (telecom, travel) the rule-based bots do not have."""
    return [s for s in suite if not s.witness]


@pytest.fixture(scope="module")
def run(tmp_path_factory, witnessed):
    run_dir = tmp_path_factory.mktemp("run")
    contestants = [load_bot(f"builtin:{name}") for name in REFERENCE_BOTS]
    summary = evaluate(contestants, witnessed, RunOptions(concurrency=4), run_dir)
    return summary, read_scores(run_dir)


def test_careful_ranks_first_on_the_composite(run):
    summary, _ = run
    composites = {bot: s["composite"] for bot, s in summary["bots"].items()}
    assert summary["ranking"][0] == "careful"
    assert all(composites["careful"] > value for bot, value in composites.items() if bot != "careful")


@pytest.mark.parametrize("bot", list(FLAWS))
def test_flawed_bot_is_lowest_or_near_lowest_on_the_dimension_of_its_flaw(run, bot):
    """Among the bots that act in good faith (silent and apologiser do nothing, so every dimension they
    are graded on is at the bottom: the audit proves they fail every case; the gaming bots are judged
    in tests/bots/test_gaming.py: a sympathy line on every reply is scripted, below cold)."""
    summary, _ = run
    dimension = FLAWS[bot][0]
    rivals = {
        b: s for b, s in summary["bots"].items() if (bot in NULL_BOTS or b not in NULL_BOTS) and b not in GAMING_BOTS
    }
    means = {b: s["dimensions"][dimension]["mean"] for b, s in rivals.items()}
    scored = sorted(v for v in means.values() if v is not None)
    assert means[bot] is not None
    assert means[bot] <= scored[1], f"{bot} {dimension}={means[bot]} vs {sorted(means.items(), key=str)}"
    assert means["careful"] - means[bot] >= 0.25


@pytest.mark.parametrize("bot", list(FLAWS))
def test_the_check_made_for_the_flaw_catches_it(run, bot):
    _, scores = run
    dimension, check = FLAWS[bot]
    failed = [
        f
        for record in scores
        if record["bot"] == bot
        for f in record["dimensions"][dimension]["findings"]
        if f["check"] == check and not f["passed"]
    ]
    careful_failed = [
        f
        for record in scores
        if record["bot"] == "careful"
        for f in record["dimensions"][dimension]["findings"]
        if f["check"] == check and not f["passed"]
    ]
    assert failed, f"{check} never caught {bot}"
    if check in GRADED:  # a model's reading: careful may fall short of it too, but far less often
        assert len(careful_failed) * 3 <= len(failed), (len(careful_failed), len(failed))
    else:
        assert not careful_failed


def test_no_reference_bot_crashes(run):
    summary, _ = run
    assert all(s["bot_errors"] == 0 for s in summary["bots"].values())


def test_every_conversation_is_counted(run, witnessed):
    summary, _ = run
    assert len(witnessed) >= 20
    assert all(s["conversations"] == len(witnessed) for s in summary["bots"].values())
