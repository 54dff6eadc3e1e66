"""Bots that try to game the scorers must not win: each scores below careful on the composite, and on
the dimension it games it is below careful and the lowest of the four (bench/bots/gaming.py)."""

from __future__ import annotations

import pytest

from bench import RunOptions, evaluate, load_bot

GAMES = {  # bot -> the dimension its trick targets
    "sympathiser": "empathy",  # the same sympathy line in every reply
    "reciter": "accuracy",  # recites every true date and amount instead of answering
    "deflector": "escalation",  # hands everything off at once
}
BOTS = ("careful", *GAMES)


@pytest.fixture(scope="module")
def summary(tmp_path_factory, suite):
    """One run of the four bots on the cases careful is the witness for (no stored witness path)."""
    witnessed = [s for s in suite if not s.witness]
    assert len(witnessed) >= 20
    contestants = [load_bot(f"builtin:{name}") for name in BOTS]
    return evaluate(contestants, witnessed, RunOptions(concurrency=4), tmp_path_factory.mktemp("gaming"))


def means(summary: dict, dimension: str) -> dict[str, float]:
    """Each bot's mean on `dimension`, leaving out bots for which it never applied."""
    values = {bot: stats["dimensions"][dimension]["mean"] for bot, stats in summary["bots"].items()}
    return {bot: value for bot, value in values.items() if value is not None}


def test_every_bot_plays_every_case_without_crashing(summary):
    assert set(summary["bots"]) == set(BOTS)
    assert len({s["conversations"] for s in summary["bots"].values()}) == 1
    assert all(s["bot_errors"] == 0 for s in summary["bots"].values())


@pytest.mark.parametrize("bot", list(GAMES))
def test_gaming_bot_scores_below_careful_on_the_composite(summary, bot):
    assert summary["bots"][bot]["composite"] < summary["bots"]["careful"]["composite"]


@pytest.mark.parametrize("bot", list(GAMES))
def test_gaming_bot_scores_below_careful_on_the_dimension_it_games(summary, bot):
    scored = means(summary, GAMES[bot])
    assert bot in scored, f"{GAMES[bot]} never applied to {bot}"
    assert scored[bot] < scored["careful"]


@pytest.mark.parametrize("bot", ["reciter", "deflector"])
def test_gaming_bot_is_the_lowest_of_the_four_on_the_dimension_it_games(summary, bot):
    scored = means(summary, GAMES[bot])
    assert scored[bot] == min(scored.values()), f"{GAMES[bot]}: {scored}"


def test_scripted_sympathy_scores_below_the_empathy_it_imitates(summary):
    # Not the lowest of the four: reciter and deflector never acknowledge anyone (empathy 0). What
    # matters is that the same sympathy line in every reply does not buy careful's empathy.
    scored = means(summary, "empathy")
    assert scored["careful"] - scored["sympathiser"] >= 0.1, scored
