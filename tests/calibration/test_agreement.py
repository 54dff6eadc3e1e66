"""The helpers behind scripts/validate_empathy.py (split, rounding, cut points, kappa, parsing), on
tiny synthetic data. Never reads the expert data set."""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score

from bench.calibration import agreement, empathy_data

KEYS = [("alpha", f"a{i}") for i in range(10)] + [("beta", f"b{i}") for i in range(7)]


def test_split_halves_each_corpus():
    fit, held = agreement.split_half(KEYS)
    assert not fit & held and fit | held == set(KEYS)
    for corpus, n in (("alpha", 10), ("beta", 7)):
        assert sum(c == corpus for c, _ in fit) == n // 2
        assert sum(c == corpus for c, _ in held) == n - n // 2


def test_split_is_deterministic_whatever_the_order():
    shuffled = KEYS[:]
    random.Random(3).shuffle(shuffled)
    assert agreement.split_half(shuffled) == agreement.split_half(KEYS) == agreement.split_half(list(reversed(KEYS)))


def test_split_of_one_corpus_ignores_the_others():
    fit, _ = agreement.split_half(KEYS)
    alone, _ = agreement.split_half([k for k in KEYS if k[0] == "alpha"])
    assert {k for k in fit if k[0] == "alpha"} == alone


def test_split_depends_on_the_corpus_name_too():
    ids = [f"x{i}" for i in range(20)]
    fit_a, _ = agreement.split_half(("a", i) for i in ids)
    fit_b, _ = agreement.split_half(("b", i) for i in ids)
    assert {i for _, i in fit_a} != {i for _, i in fit_b}


def test_to_level_rounds_half_up_and_clips():
    assert [agreement.to_level(v, 1, 5) for v in (0.2, 1.49, 1.5, 2.5, 3.499, 4.6, 7.0)] == [1, 1, 2, 3, 3, 5, 5]
    assert agreement.to_level(5 / 3, 0, 6) == 2


def test_kappa_of_identical_ratings_is_one():
    ratings = [1, 2, 3, 4, 5, 3, 2]
    assert agreement.quadratic_kappa(ratings, ratings, [1, 2, 3, 4, 5]) == pytest.approx(1.0)
    assert agreement.fast_quadratic_kappa([ratings], ratings)[0] == pytest.approx(1.0)


def test_kappa_is_undefined_when_both_raters_are_constant():
    assert math.isnan(agreement.quadratic_kappa([3, 3, 3], [3, 3, 3], [1, 2, 3, 4, 5]))


def test_fast_kappa_agrees_with_scikit_learn():
    rng = random.Random(7)
    for _ in range(50):
        a = [rng.randint(0, 6) for _ in range(12)]
        b = [rng.randint(0, 6) for _ in range(12)]
        expected = cohen_kappa_score(a, b, labels=list(range(7)), weights="quadratic")
        assert agreement.fast_quadratic_kappa([a], b)[0] == pytest.approx(expected)


def test_cut_points_recover_a_perfect_monotone_relation():
    scores = [0.1, 0.2, 0.35, 0.5, 0.55, 0.7, 0.9, 0.95]
    ratings = [1, 1, 2, 3, 3, 4, 5, 5]
    cuts = agreement.fit_cut_points(scores, ratings, [1, 2, 3, 4, 5])
    assert agreement.apply_cut_points(scores, cuts, [1, 2, 3, 4, 5]) == ratings


def test_cut_points_leave_unused_levels_empty():
    cuts = agreement.fit_cut_points([0.2, 0.8], [2, 4], [1, 2, 3, 4, 5])
    assert len(cuts) == 4
    assert agreement.apply_cut_points([0.0, 0.2, 0.5, 0.8, 1.0], cuts, [1, 2, 3, 4, 5])[1::2] == [2, 4]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from([0.0, 0.25, 1 / 3, 0.5, 2 / 3, 0.75, 1.0]), st.integers(0, 6)),
        min_size=2,
        max_size=25,
    )
)
def test_cut_point_mapping_is_monotonic(pairs):
    scores, ratings = [p[0] for p in pairs], [p[1] for p in pairs]
    levels = list(range(7))
    cuts = agreement.fit_cut_points(scores, ratings, levels)
    assert len(cuts) == len(levels) - 1
    assert cuts == sorted(cuts)
    grid = [i / 100 for i in range(-10, 111)]
    mapped = agreement.apply_cut_points(grid, cuts, levels)
    assert mapped == sorted(mapped)
    assert set(mapped) <= set(levels)


def test_cut_points_are_deterministic():
    rng = random.Random(11)
    scores = [rng.choice([0.3, 0.5, 0.6, 0.8]) for _ in range(30)]
    ratings = [rng.randint(1, 5) for _ in range(30)]
    assert agreement.fit_cut_points(scores, ratings, [1, 2, 3, 4, 5]) == agreement.fit_cut_points(
        scores, ratings, [1, 2, 3, 4, 5]
    )


def test_spearman_is_undefined_for_a_constant_side():
    assert math.isnan(agreement.spearman([0.5, 0.5, 0.5], [1, 2, 3]))
    assert agreement.spearman([0.1, 0.2, 0.3], [1, 2, 3]) == pytest.approx(1.0)


def test_parse_conversation_roles_commas_and_continuations():
    text = "Seeker: I lost it_comma_ sadly \n Seeker: again\nSupporter: Oh no.\nwhat happened?\n\nSupporter:   \n"
    assert empathy_data.parse_conversation(text) == [
        ("customer", "I lost it, sadly"),
        ("customer", "again"),
        ("bot", "Oh no. what happened?"),
    ]


@pytest.mark.parametrize(
    ("said", "grieving"),
    [
        ("my sister, who loved life, had to die first", True),
        ("Yesterday my pet hamster died.", True),
        ("She passed away in February.", True),
        ("I lost my dad last week", True),
        ("I'm so ready to die.", False),
        ("Feeling dead inside.", False),
        ("I lost my job today.", False),
    ],
)
def test_bereavement_rule(said, grieving):
    corpus = empathy_data.CORPORA[1]  # EPITOME: default emotion vulnerable
    item = empathy_data.Item(corpus.key, "x", [("customer", said), ("bot", "I hear you.")], corpus.default_emotion)
    assert (empathy_data.infer_emotion(item, corpus) == "grieving") is grieving


def test_scoring_a_synthetic_item_through_the_scenario():
    items = [
        empathy_data.Item(
            "synthetic",
            "ack",
            [
                ("customer", "I feel awful, my dog died yesterday."),
                ("bot", "I'm so sorry about your dog. Losing him so suddenly, only yesterday, must be awful."),
            ],
            "",
        ),
        empathy_data.Item(
            "synthetic", "cold", [("customer", "I feel awful, my dog died yesterday."), ("bot", "Why?")], ""
        ),
    ]
    for item in items:
        item.emotion = "vulnerable"
    empathy_data.score_items(items)
    assert items[0].score > 0
    assert items[1].score < items[0].score
    assert empathy_data.word_count(items[0]) == 15
