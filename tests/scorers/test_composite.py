"""score_transcript: every dimension, a composite weighted over the applicable ones, and a verdict
that fails the conversation exactly when a critical check fails."""

from __future__ import annotations

import pytest

from bench.core.transcript import BOT_ERROR, HANDOFF, RESOLVED, Handoff
from bench.core.world import ToolCall
from bench.scorers import DIMENSIONS, ScoreCard, composite, score_transcript
from bench.scorers.findings import DimensionScore, Finding
from bench.scorers.registry import DIMENSION_WEIGHTS as DEFAULT_WEIGHTS
from tests.conftest import transcript

LOOKUP = ToolCall(
    "get_order", {"order_id": "A1"}, {"order_id": "A1", "status": "in_transit", "estimated_delivery": "2026-03-12"}
)


@pytest.fixture
def tracking(make_scenario):
    """MINIMAL: delivery date expected, empathy none, escalation never."""
    return make_scenario()


def good_answer(scenario, **kwargs):
    return transcript(
        scenario,
        ("customer", "Where is my parcel?"),
        ("bot", "Your parcel arrives on 12 March.", [LOOKUP]),
        ("customer", "Thanks, bye."),
        **kwargs,
    )


def test_score_card_carries_the_conversation_identity(tracking):
    card = score_transcript(tracking, good_answer(tracking, trial=2))
    assert isinstance(card, ScoreCard)
    assert (card.bot, card.scenario_id, card.trial, card.outcome) == ("handwritten", tracking.id, 2, RESOLVED)
    assert tuple(card.dimensions) == DIMENSIONS == ("accuracy", "empathy", "escalation", "resolution", "conduct")


def test_a_correct_answer_passes_with_a_perfect_composite(tracking):
    card = score_transcript(tracking, good_answer(tracking))
    assert card.passed
    assert card.composite == 1.0
    assert card.failures() == []


def test_a_not_applicable_dimension_is_left_out_of_the_composite(tracking):
    card = score_transcript(tracking, good_answer(tracking))
    assert card.dimensions["empathy"].score is None
    assert card.composite == 1.0


def test_composite_is_the_weighted_mean_renormalised_over_applicable_dimensions(tracking):
    t = transcript(
        tracking,
        ("customer", "Where is my parcel?"),
        ("bot", "It arrives on 12 March. Shipping was €9.99.", [LOOKUP]),
        ("customer", "Thanks, bye."),
    )
    card = score_transcript(tracking, t)
    scores = {k: d.score for k, d in card.dimensions.items()}
    # accuracy: fact (major, passed) + fact given clearly (major, passed) + invented amount (critical, failed)
    assert scores == {"accuracy": 0.5714, "empathy": None, "escalation": 1.0, "resolution": 1.0, "conduct": None}
    expected = (0.20 * 0.5714 + 0.25 * 1.0 + 0.25 * 1.0) / (0.20 + 0.25 + 0.25)
    assert card.composite == round(expected, 4) == 0.8775


def test_buyer_weights_override_the_defaults(tracking):
    t = transcript(
        tracking,
        ("customer", "Where is my parcel?"),
        ("bot", "It arrives on 12 March. Shipping was €9.99.", [LOOKUP]),
        ("customer", "Thanks, bye."),
    )
    assert score_transcript(tracking, t, {"accuracy": 1.0}).composite == 0.5714
    assert score_transcript(tracking, t, {"accuracy": 1.0, "escalation": 3.0}).composite == round(
        (0.5714 + 3.0) / 4.0, 4
    )


def test_a_dimension_weighted_zero_is_left_out(tracking):
    t = transcript(
        tracking,
        ("customer", "Where is my parcel?"),
        ("bot", "It arrives on 12 March. Shipping was €9.99.", [LOOKUP]),
        ("customer", "Thanks, bye."),
    )
    weights = DEFAULT_WEIGHTS | {"accuracy": 0.0}
    assert score_transcript(tracking, t, weights).composite == 1.0


def test_composite_of_nothing_applicable_is_zero():
    dimensions = {name: DimensionScore(None) for name in DIMENSIONS}
    assert composite(dimensions) == 0.0


def test_composite_weights_only_the_dimensions_given():
    dimensions = {
        "accuracy": DimensionScore(0.5, [Finding("x", False, "minor", "")]),
        "empathy": DimensionScore(None),
        "escalation": DimensionScore(None),
        "resolution": DimensionScore(1.0, [Finding("y", True, "minor", "")]),
    }
    assert composite(dimensions) == round((0.20 * 0.5 + 0.25 * 1.0) / 0.45, 4)


def test_a_critical_failure_fails_the_conversation(tracking):
    t = transcript(
        tracking,
        ("customer", "Where is my parcel?"),
        ("bot", "It arrives on 15 March.", [LOOKUP]),
        ("customer", "Thanks, bye."),
    )
    card = score_transcript(tracking, t)
    assert not card.passed
    assert [(f.check, f.severity) for f in card.failures()] == [
        ("accuracy.grounded_date", "critical"),
        ("resolution.informed", "major"),
    ]


def test_major_and_minor_failures_lower_the_score_but_do_not_fail_the_conversation(make_scenario):
    scenario = make_scenario({"expectations": {"escalation": {"expect": "required", "by_turn": 1}}})
    t = transcript(
        scenario,
        ("customer", "Where is my parcel?"),
        ("bot", "It arrives on 12 March.", [LOOKUP]),
        ("customer", "I'd like a person."),
        ("bot", "Transferring you.", [], Handoff("Order A1, due 12 March.", "asked", "reply")),
        outcome=HANDOFF,
    )
    card = score_transcript(scenario, t)
    assert [(f.check, f.severity) for f in card.failures()] == [("escalation.on_time", "major")]
    assert card.passed
    assert card.composite < 1.0


def test_passing_does_not_depend_on_the_composite(make_scenario):
    # one critical failure among many passes: a high composite, still a failed conversation
    scenario = make_scenario(
        {"expectations": {"accuracy": {"must_not_state": [{"claim": "free shipping", "patterns": [r"free shipping"]}]}}}
    )
    t = transcript(
        scenario,
        ("customer", "Where is my parcel?"),
        ("bot", "It arrives on 12 March, and shipping is free shipping for you.", [LOOKUP]),
        ("customer", "Thanks, bye."),
    )
    card = score_transcript(scenario, t)
    assert card.composite > 0.8
    assert not card.passed
    assert [f.check for f in card.failures()] == ["accuracy.forbidden_claim"]


def test_a_bot_error_fails_the_conversation(tracking):
    t = transcript(tracking, ("customer", "Where is my parcel?"), outcome=BOT_ERROR, error="bot raised ValueError")
    card = score_transcript(tracking, t)
    assert not card.passed
    assert card.outcome == BOT_ERROR
    [failure] = [f for f in card.failures() if f.severity == "critical"]
    assert (failure.check, failure.severity) == ("resolution.outcome", "critical")
    assert "bot raised ValueError" in failure.message


def test_a_bot_error_after_a_good_reply_still_fails(tracking):
    t = transcript(
        tracking,
        ("customer", "Where is my parcel?"),
        ("bot", "It arrives on 12 March.", [LOOKUP]),
        ("customer", "And the carrier?"),
        outcome=BOT_ERROR,
        error="timeout after 30 s",
    )
    assert not score_transcript(tracking, t).passed


def test_score_card_serialises_every_dimension(tracking):
    data = score_transcript(tracking, good_answer(tracking)).to_dict()
    assert data["record"] == "scores"
    assert data["passed"] is True
    assert data["composite"] == 1.0
    assert set(data["dimensions"]) == set(DIMENSIONS)
    assert data["dimensions"]["empathy"] == {"score": None, "findings": []}
    [fact] = [f for f in data["dimensions"]["accuracy"]["findings"] if f["check"] == "accuracy.states_fact"]
    assert fact["turn"] == 1 and fact["passed"] is True


def test_default_weights_sum_to_one():
    assert sum(DEFAULT_WEIGHTS.values()) == pytest.approx(1.0)
    assert set(DEFAULT_WEIGHTS) == set(DIMENSIONS)
