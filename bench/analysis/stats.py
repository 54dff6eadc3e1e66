"""Statistics for leaderboards: pure functions over per-scenario values, tested against hand-computed cases.

The unit of resampling is the scenario: a bot's trials of one scenario are not independent (same
customer, same world), so they stay together. Methods, as the leaderboards print them:
- `bootstrap_mean`: percentile bootstrap interval of the mean over every conversation, resampling
  scenarios with replacement (numpy's default, linear-interpolated quantiles).
- `pass_hat_k`: tau-bench's pass^k, the mean over scenarios of C(c, k) / C(n, k) with n trials and
  c passes: the chance that k trials drawn from a scenario's n all pass.
- `paired_difference`: on the scenarios both sides played, the difference of the per-scenario means
  (a - b); its interval is a paired percentile bootstrap over scenarios, its two-sided p-value a
  paired sign-flip permutation test (under "no difference" the sign of each scenario's difference
  is a coin toss): exact over every sign pattern up to 15 scenarios, else `permutations` random
  patterns with p = (1 + hits) / (1 + permutations).
- `holm`: Holm-Bonferroni adjusted p-values (leaderboards adjust within each metric).
- `ranks_with_ties`: competition ranks where a bot that cannot be told apart from the best bot of the
  group above (by a paired test when given, else by overlapping intervals) shares that group's rank
  ("1", "2=", "2=", "4", ...).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import lru_cache
from math import comb

import numpy as np

EXACT_PERMUTATION_LIMIT = 15  # up to 2**15 sign patterns are enumerated exactly


@dataclass(frozen=True)
class Interval:
    """A mean with its confidence interval; n is the number of scenarios it rests on."""

    mean: float
    low: float
    high: float
    n: int

    def to_dict(self, digits: int = 4) -> dict:
        return {k: round(v, digits) + 0.0 if isinstance(v, float) else v for k, v in asdict(self).items()}

    def overlaps(self, other: Interval) -> bool:
        return self.low <= other.high and other.low <= self.high


@dataclass(frozen=True)
class Difference:
    """The mean paired difference a - b over n shared scenarios, its interval and two-sided p-value."""

    diff: float
    low: float
    high: float
    p: float
    n: int

    def to_dict(self, digits: int = 4) -> dict:
        return {k: round(v, digits) + 0.0 if isinstance(v, float) else v for k, v in asdict(self).items()}


@lru_cache(maxsize=32)
def _resample_indices(n: int, resamples: int, seed: int) -> np.ndarray:
    """Which scenarios each bootstrap resample draws (the same draws for the same n and seed)."""
    indices = np.random.default_rng(seed).integers(0, n, size=(resamples, n))
    indices.setflags(write=False)
    return indices


@lru_cache(maxsize=8)
def _random_signs(permutations: int, seed: int, width: int) -> np.ndarray:
    signs = np.where(np.random.default_rng(seed).random((permutations, width)) < 0.5, -1.0, 1.0).astype(np.float32)
    signs.setflags(write=False)
    return signs


@lru_cache(maxsize=16)
def _exact_signs(n: int) -> np.ndarray:
    signs = 1.0 - 2.0 * (np.arange(2**n)[:, None] >> np.arange(n)[None, :] & 1)
    signs.setflags(write=False)
    return signs


def _sign_patterns(n: int, permutations: int, seed: int) -> np.ndarray:
    """Every sign pattern over n scenarios (exact), or `permutations` random ones (the first n
    columns of one random matrix per seed, so many comparisons share the draws)."""
    if n <= EXACT_PERMUTATION_LIMIT:
        return _exact_signs(n)
    width = 1 << (n - 1).bit_length()
    return _random_signs(permutations, seed, width)[:, :n]


def _quantiles(values: np.ndarray, level: float) -> tuple[float, float]:
    tail = (1 - level) / 2
    low, high = np.quantile(values, [tail, 1 - tail])
    return float(low), float(high)


def bootstrap_mean(
    values_by_scenario: dict[str, list[float]], *, resamples: int = 2000, seed: int = 0, level: float = 0.95
) -> Interval:
    """Mean of every value (every conversation) with a percentile bootstrap interval that resamples
    scenarios with replacement, each scenario's trials together. Scenarios without values are left out."""
    groups = [list(v) for _, v in sorted(values_by_scenario.items()) if len(v)]
    if not groups:
        raise ValueError("bootstrap_mean: no values")
    sums = np.array([sum(g) for g in groups], dtype=float)
    counts = np.array([len(g) for g in groups], dtype=float)
    mean = float(sums.sum() / counts.sum())
    if len(groups) == 1:
        return Interval(mean, mean, mean, 1)
    indices = _resample_indices(len(groups), resamples, seed)
    means = sums[indices].sum(axis=1) / counts[indices].sum(axis=1)
    low, high = _quantiles(means, level)
    return Interval(mean, min(low, mean), max(high, mean), len(groups))


def pass_hat_k(passes_by_scenario: dict[str, list[bool]], k: int) -> float | None:
    """tau-bench's pass^k: mean over scenarios of C(c, k) / C(n, k), with n trials and c passes.
    None when there is no scenario or one has fewer than k trials."""
    if k < 1:
        raise ValueError(f"pass_hat_k: k must be at least 1, got {k}")
    if not passes_by_scenario or any(len(p) < k for p in passes_by_scenario.values()):
        return None
    return sum(comb(sum(map(bool, p)), k) / comb(len(p), k) for p in passes_by_scenario.values()) / len(
        passes_by_scenario
    )


def paired_difference(
    a: dict[str, list[float]],
    b: dict[str, list[float]],
    *,
    resamples: int = 2000,
    seed: int = 0,
    level: float = 0.95,
    permutations: int = 10000,
) -> Difference:
    """a - b on the scenarios both have values for: the mean of per-scenario differences of means,
    a paired bootstrap interval and a two-sided paired sign-flip permutation p-value (see the module)."""
    shared = sorted(s for s in set(a) & set(b) if len(a[s]) and len(b[s]))
    if not shared:
        raise ValueError("paired_difference: no scenario has values on both sides")
    d = np.array([sum(a[s]) / len(a[s]) - sum(b[s]) / len(b[s]) for s in shared], dtype=float)
    diff = float(d.mean())
    n = len(d)
    if n == 1:
        return Difference(diff, diff, diff, 1.0, 1)
    low, high = _quantiles(d[_resample_indices(n, resamples, seed)].mean(axis=1), level)
    signs = _sign_patterns(n, permutations, seed)
    flipped = np.abs(signs @ d.astype(signs.dtype)) / n  # float32 for the random patterns: half the memory traffic
    hits = int(np.sum(flipped >= abs(diff) - 1e-6))
    p = hits / len(signs) if n <= EXACT_PERMUTATION_LIMIT else (1 + hits) / (1 + len(signs))
    return Difference(diff, min(low, diff), max(high, diff), min(1.0, p), n)


def holm(pvalues: list[float]) -> list[float]:
    """Holm-Bonferroni adjusted p-values, in the order given: the i-th smallest of m is multiplied by
    m - i + 1, then made non-decreasing and capped at 1."""
    order = sorted(range(len(pvalues)), key=lambda i: pvalues[i])
    adjusted = [0.0] * len(pvalues)
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (len(pvalues) - rank) * pvalues[i]))
        adjusted[i] = running
    return adjusted


def ranks_with_ties(
    intervals: dict[str, Interval], differs: Callable[[str, str], bool] | None = None
) -> dict[str, str]:
    """Competition ranks by mean (ties broken by name for the order only): a bot that cannot be told
    apart from the best bot of the group above it shares the group's rank, marked "="; otherwise it
    starts a new group at its position. Example: "1=", "1=", "3", "4". Told apart: by
    `differs(leader, bot)` when given (the leaderboard passes its paired test, whose interval of the
    difference is far tighter than two separate intervals), else by non-overlapping intervals."""
    order = sorted(intervals, key=lambda name: (-intervals[name].mean, name))
    numbers: dict[str, int] = {}
    leader = None
    for position, name in enumerate(order, 1):
        apart = (
            differs(leader, name) if differs and leader else leader and not intervals[name].overlaps(intervals[leader])
        )
        if leader is None or apart:
            leader = name
        numbers[name] = numbers.get(leader, position)
    shared = {r for r in numbers.values() if list(numbers.values()).count(r) > 1}
    return {name: f"{r}=" if r in shared else str(r) for name, r in numbers.items()}


def percentile(values, q: float) -> float | None:
    """The q-th percentile (0-100, linear interpolation) of the values; None when there are none."""
    values = [v for v in values if v is not None]
    return float(np.percentile(values, q)) if values else None


def trial_noise_interval(
    values_by_scenario: dict[str, list[float]], *, resamples: int = 2000, seed: int = 0, level: float = 0.95
) -> Interval:
    """The mean of every value with a percentile bootstrap interval of its trial-to-trial noise: each
    scenario's values (its trials) are resampled with replacement, the scenarios held fixed (the suite
    is what it is). A scenario with one value contributes no noise; with one trial everywhere the
    interval has no width. n is the number of scenarios."""
    groups = [np.asarray(v, dtype=float) for _, v in sorted(values_by_scenario.items()) if len(v)]
    if not groups:
        raise ValueError("trial_noise_interval: no values")
    count = sum(len(g) for g in groups)
    mean = float(sum(g.sum() for g in groups) / count)
    rng = np.random.default_rng(seed)
    totals = np.zeros(resamples)
    for g in groups:
        if len(g) == 1 or np.all(g == g[0]):
            totals += g.sum()
        else:
            totals += g[rng.integers(0, len(g), size=(resamples, len(g)))].sum(axis=1)
    tail = (1 - level) / 2
    low, high = np.quantile(totals / count, [tail, 1 - tail])
    return Interval(mean, min(float(low), mean), max(float(high), mean), len(groups))
