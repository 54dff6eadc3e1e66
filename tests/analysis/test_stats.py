"""Statistics against cases small enough to compute by hand or by enumerating every resample."""

from __future__ import annotations

import itertools
from math import comb

import numpy as np
import pytest

from bench.analysis.stats import (
    Interval,
    bootstrap_mean,
    holm,
    paired_difference,
    pass_hat_k,
    percentile,
    ranks_with_ties,
)


def test_the_bootstrap_interval_of_four_passes_in_five_scenarios_is_binomial():
    # A resample draws 5 scenarios; its mean is K/5 with K ~ Binomial(5, 0.8): P(K <= 1) = 0.0067 and
    # P(K <= 2) = 0.0579 put the 2.5% quantile at 2/5; P(K = 5) = 0.328 puts the 97.5% quantile at 1.
    interval = bootstrap_mean({"a": [1.0], "b": [1.0], "c": [1.0], "d": [1.0], "e": [0.0]})
    assert interval == Interval(0.8, 0.4, 1.0, 5)


def test_the_bootstrap_keeps_the_trials_of_a_scenario_together():
    # Two scenarios: a resample is (a, a), (a, b) or (b, b), so its mean is 1, 0.5 or 0 and the interval is
    # [0, 1]. Resampling the eight conversations one by one would give a far narrower interval.
    interval = bootstrap_mean({"a": [1.0] * 4, "b": [0.0] * 4})
    assert (interval.mean, interval.low, interval.high, interval.n) == (0.5, 0.0, 1.0, 2)


def test_the_bootstrap_interval_matches_the_exact_bootstrap_distribution():
    values = {"a": [0.2], "b": [0.4, 0.6], "c": [0.9], "d": [1.0, 0.0, 0.5]}
    groups = list(values.values())
    means = sorted(
        sum(sum(groups[i]) for i in pick) / sum(len(groups[i]) for i in pick)
        for pick in itertools.product(range(4), repeat=4)
    )  # all 256 equally likely resamples
    exact_low, exact_high = means[int(0.025 * 256)], means[int(0.975 * 256)]
    interval = bootstrap_mean(values, resamples=40000)
    assert interval.mean == pytest.approx(3.6 / 7)
    assert interval.low == pytest.approx(exact_low, abs=0.01)
    assert interval.high == pytest.approx(exact_high, abs=0.01)


def test_the_bootstrap_mean_weighs_every_conversation():
    assert bootstrap_mean({"a": [1.0, 1.0, 1.0], "b": [0.0]}).mean == 0.75


def test_the_bootstrap_is_deterministic_for_a_seed():
    values = {str(i): [i % 3 / 2, i % 5 / 4] for i in range(30)}
    assert bootstrap_mean(values, seed=7) == bootstrap_mean(values, seed=7)
    assert bootstrap_mean(values, seed=7) != bootstrap_mean(values, seed=8)


def test_the_bootstrap_leaves_out_scenarios_without_values():
    assert bootstrap_mean({"a": [0.5], "b": []}) == Interval(0.5, 0.5, 0.5, 1)


def test_the_bootstrap_refuses_no_values():
    with pytest.raises(ValueError):
        bootstrap_mean({})


def test_the_level_widens_the_interval():
    values = {str(i): [float(i % 2)] for i in range(40)}
    narrow, wide = bootstrap_mean(values, level=0.5), bootstrap_mean(values, level=0.99)
    assert wide.low < narrow.low < narrow.high < wide.high


def test_pass_hat_k_is_the_mean_of_c_choose_k_over_n_choose_k():
    passes = {"a": [True, True, False], "b": [True, True, True], "c": [False, False, False]}
    assert pass_hat_k(passes, 2) == pytest.approx((comb(2, 2) / comb(3, 2) + 1 + 0) / 3)  # 4/9
    assert pass_hat_k(passes, 3) == pytest.approx(1 / 3)


def test_pass_hat_1_is_the_mean_per_scenario_pass_rate():
    assert pass_hat_k({"a": [True, False], "b": [True, True]}, 1) == 0.75


def test_pass_hat_k_is_none_when_a_scenario_has_fewer_than_k_trials():
    assert pass_hat_k({"a": [True, True], "b": [True]}, 2) is None
    assert pass_hat_k({}, 1) is None


def test_pass_hat_k_falls_as_k_grows():
    passes = {"a": [True, True, False, True], "b": [True, False, True, True]}
    values = [pass_hat_k(passes, k) for k in (1, 2, 3, 4)]
    assert values == sorted(values, reverse=True) and values[-1] == 0


def test_a_difference_on_every_one_of_five_scenarios_has_the_exact_sign_flip_p_value():
    # Of the 2**5 sign patterns only "all +" and "all -" reach |mean| = 1: p = 2/32.
    a = {s: [1.0] for s in "abcde"}
    b = {s: [0.0] for s in "abcde"}
    result = paired_difference(a, b)
    assert (result.diff, result.low, result.high, result.n) == (1.0, 1.0, 1.0, 5)
    assert result.p == pytest.approx(2 / 32)


def test_the_sign_flip_p_value_counts_patterns_at_least_as_extreme():
    # d = (1, 1, 1, -1): |sum| is 4 for 2 of 16 patterns, 2 for 8, 0 for 6; observed 2, so p = 10/16.
    a = {"a": [1.0], "b": [1.0], "c": [1.0], "d": [0.0]}
    b = {"a": [0.0, 0.0], "b": [0.0], "c": [0.0], "d": [1.0]}
    result = paired_difference(a, b)
    assert result.diff == 0.5
    assert result.p == pytest.approx(10 / 16)


def test_two_identical_bots_differ_by_nothing():
    scores = {str(i): [i / 10, 1 - i / 10] for i in range(10)}
    result = paired_difference(scores, dict(scores))
    assert (result.diff, result.low, result.high, result.p) == (0.0, 0.0, 0.0, 1.0)


def test_a_known_difference_between_two_bots_is_significant():
    rng = np.random.default_rng(1)
    base = {str(i): list(rng.uniform(0.3, 0.7, size=2)) for i in range(40)}
    better = {s: [v + 0.15 + rng.normal(0, 0.05) for v in vs] for s, vs in base.items()}
    result = paired_difference(better, base)
    assert result.diff == pytest.approx(0.15, abs=0.03)
    assert 0 < result.low < result.diff < result.high
    assert result.p < 0.001


def test_many_scenarios_use_random_sign_patterns_with_the_plus_one_rule():
    a = {str(i): [1.0] for i in range(20)}
    result = paired_difference(a, {s: [0.0] for s in a}, permutations=999)
    assert result.p == pytest.approx(1 / 1000)


def test_the_paired_difference_uses_only_the_shared_scenarios():
    result = paired_difference({"a": [1.0], "b": [0.5], "only_a": [0.0]}, {"a": [0.5], "b": [0.5], "only_b": [1.0]})
    assert (result.diff, result.n) == (0.25, 2)


def test_the_paired_difference_is_deterministic_for_a_seed():
    a = {str(i): [i % 4 / 3] for i in range(30)}
    b = {str(i): [i % 5 / 4] for i in range(30)}
    assert paired_difference(a, b, seed=3) == paired_difference(a, b, seed=3)


def test_the_paired_difference_refuses_no_shared_scenario():
    with pytest.raises(ValueError):
        paired_difference({"a": [1.0]}, {"b": [1.0]})


def test_holm_multiplies_the_ith_smallest_by_m_minus_i_plus_one_and_keeps_the_order():
    # sorted: 0.005*4 = 0.02, 0.01*3 = 0.03, 0.03*2 = 0.06, 0.04*1 = 0.04 -> raised to 0.06
    assert holm([0.01, 0.04, 0.03, 0.005]) == pytest.approx([0.03, 0.06, 0.06, 0.02])


def test_holm_caps_at_one():
    assert holm([0.5, 0.6]) == [1.0, 1.0]
    assert holm([]) == []


def test_overlapping_intervals_share_the_rank_of_the_best_bot_of_their_group():
    ranks = ranks_with_ties(
        {
            "a": Interval(0.85, 0.80, 0.90, 10),
            "b": Interval(0.80, 0.75, 0.85, 10),  # overlaps a
            "c": Interval(0.70, 0.65, 0.78, 10),  # overlaps b, not a: a group of its own at position 3
            "d": Interval(0.60, 0.50, 0.66, 10),  # overlaps c
            "e": Interval(0.20, 0.10, 0.30, 10),
        }
    )
    assert ranks == {"a": "1=", "b": "1=", "c": "3=", "d": "3=", "e": "5"}


def test_separate_intervals_get_plain_ranks():
    ranks = ranks_with_ties({"x": Interval(0.2, 0.1, 0.3, 5), "y": Interval(0.9, 0.8, 1.0, 5)})
    assert ranks == {"y": "1", "x": "2"}


def test_identical_intervals_tie():
    same = Interval(0.5, 0.4, 0.6, 5)
    assert ranks_with_ties({"p": same, "q": same}) == {"p": "1=", "q": "1="}


def test_percentile_interpolates_linearly_and_ignores_missing_values():
    assert percentile([1, 2, 3, 4], 50) == 2.5
    assert percentile([4, None, 1, 3, 2], 95) == pytest.approx(3.85)
    assert percentile([], 50) is None


def test_ranks_follow_the_paired_test_when_it_is_given():
    # separate intervals overlap, but a paired test can tell a from b (and not b from c)
    intervals = {"a": Interval(0.8, 0.6, 0.9, 10), "b": Interval(0.7, 0.5, 0.85, 10), "c": Interval(0.69, 0.5, 0.8, 10)}
    assert ranks_with_ties(intervals) == {"a": "1=", "b": "1=", "c": "1="}
    told_apart = {("a", "b"), ("a", "c")}
    assert ranks_with_ties(intervals, lambda x, y: (x, y) in told_apart) == {"a": "1", "b": "2=", "c": "2="}


def test_a_leaderboard_ranks_a_better_bot_alone_when_the_paired_test_says_so(tmp_path):
    from bench import RunOptions, evaluate, load_bot
    from bench.analysis.board import build
    from bench.suite.load import load_scenarios

    scenarios = [s for s in load_scenarios() if not s.witness][:12]
    evaluate([load_bot("builtin:careful"), load_bot("builtin:silent")], scenarios, RunOptions(), tmp_path / "r")
    document = build([tmp_path / "r"], scenarios=scenarios)
    assert document["bots"]["careful"]["rank"] == "1"
    assert document["bots"]["silent"]["rank"] == "2"
