"""Agreement statistics for a scorer against human ratings: a stable half split, cut points fitted on
one half, Spearman's rho and quadratic-weighted kappa with bootstrap intervals on the other."""

from __future__ import annotations

import hashlib
import itertools
import math
import statistics
import warnings
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.stats import spearmanr
from sklearn.metrics import cohen_kappa_score

from bench.calibration.empathy_data import (
    BOOTSTRAP,
    CROWD,
    EXPERTS,
    LLMS,
    SEED,
    Corpus,
    Item,
    expert_mean,
    mean_of,
    target,
    word_count,
)


def split_key(corpus: str, item_id: str) -> str:
    return hashlib.sha256(f"{corpus}:{item_id}".encode()).hexdigest()


def split_half(keys: Iterable[tuple[str, str]]) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """(fit, held_out): per corpus, items sorted by split_key; the first floor(n/2) fit, the rest are held out.

    Depends only on the set of (corpus, item id) pairs, never on their order."""
    by_corpus: dict[str, set[str]] = defaultdict(set)
    for corpus, item_id in keys:
        by_corpus[corpus].add(item_id)
    fit: set[tuple[str, str]] = set()
    held: set[tuple[str, str]] = set()
    for corpus, ids in by_corpus.items():
        ordered = sorted(ids, key=lambda i: (split_key(corpus, i), i))
        half = len(ordered) // 2
        fit.update((corpus, i) for i in ordered[:half])
        held.update((corpus, i) for i in ordered[half:])
    return fit, held


def to_level(value: float, low: int, high: int) -> int:
    """Round half up and clip to the scale: 2.5 -> 3, 3.49 -> 3."""
    return int(min(high, max(low, math.floor(value + 0.5))))


def apply_cut_points(scores: Sequence[float], cuts: Sequence[float], levels: Sequence[int]) -> list[int]:
    """The level of each score: levels[number of cut points <= score]."""
    return [levels[bisect_right(cuts, s)] for s in scores]


def quadratic_kappa(a: Sequence[int], b: Sequence[int], levels: Sequence[int]) -> float:
    """Quadratic-weighted Cohen's kappa on the given scale; nan when undefined (both raters constant)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return float(cohen_kappa_score(list(a), list(b), labels=list(levels), weights="quadratic"))


def spearman(a: Sequence[float], b: Sequence[float]) -> float:
    """Spearman's rho; nan when either side is constant or there are fewer than three pairs."""
    if len(a) < 3 or len(set(a)) < 2 or len(set(b)) < 2:
        return math.nan
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return float(spearmanr(a, b).statistic)


def fast_quadratic_kappa(mapped: np.ndarray, ratings: np.ndarray) -> np.ndarray:
    """Quadratic kappa of each row of `mapped` (integer levels) against `ratings`, vectorised.

    With weights (i - j)^2 the chance term needs only the means and variances:
    kappa = 1 - sum (m - r)^2 / (n var(m) + n var(r) + n (mean m - mean r)^2); the same value as
    cohen_kappa_score(..., weights="quadratic") on consecutive integer levels; nan when undefined."""
    mapped = np.atleast_2d(np.asarray(mapped, dtype=float))
    ratings = np.asarray(ratings, dtype=float)
    n = ratings.size
    observed = ((mapped - ratings) ** 2).sum(axis=1)
    chance = n * (mapped.var(axis=1) + ratings.var() + (mapped.mean(axis=1) - ratings.mean()) ** 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(chance > 0, 1 - observed / np.where(chance > 0, chance, 1), np.nan)


def fit_cut_points(
    scores: Sequence[float], ratings: Sequence[int], levels: Sequence[int], max_candidates: int = 20
) -> list[float]:
    """len(levels) - 1 nondecreasing cut points mapping scores to levels, chosen among the midpoints
    between distinct scores (and -inf/+inf, for a level nobody gets) to maximise the quadratic kappa
    against `ratings`; ties go to the smaller squared error, then to the first in lexicographic order.
    Exhaustive, so deterministic; when there are more than `max_candidates` distinct scores, only
    evenly spaced ones among them are used."""
    if len(scores) != len(ratings) or not scores:
        raise ValueError("need as many ratings as scores, and at least one")
    levels = list(levels)
    distinct = sorted(set(scores))
    if len(distinct) > max_candidates:  # keep evenly spaced order statistics
        picks = np.linspace(0, len(distinct) - 1, max_candidates).round().astype(int)
        distinct = sorted({distinct[i] for i in picks})
    candidates = [-math.inf] + [(a + b) / 2 for a, b in itertools.pairwise(distinct)] + [math.inf]
    below = np.array([bisect_right(candidates, s) for s in scores])  # candidates <= each score
    combos = np.array(
        list(itertools.combinations_with_replacement(range(len(candidates)), len(levels) - 1)), dtype=np.int16
    ).reshape(-1, len(levels) - 1)
    truth = np.array(ratings, dtype=float)
    best_kappa, best_error, best_index = -math.inf, math.inf, 0
    for start in range(0, len(combos), 50_000):  # chunks keep memory small
        chunk = combos[start : start + 50_000]
        # the level index of each score is the number of chosen cut points at or below it
        index = (chunk[:, :, None] < below[None, None, :]).sum(axis=1)
        mapped = np.asarray(levels, dtype=float)[index]
        kappa = np.nan_to_num(fast_quadratic_kappa(mapped, truth), nan=-2.0)
        error = ((mapped - truth) ** 2).sum(axis=1)
        for i in np.lexsort((np.arange(len(chunk)), error, -kappa))[:1]:
            if (kappa[i], -error[i]) > (best_kappa, -best_error):
                best_kappa, best_error, best_index = kappa[i], error[i], start + int(i)
    return [candidates[i] for i in combos[best_index]]


def bootstrap_ci(
    x: Sequence[float], y: Sequence[float], stat: Callable[[list, list], float], n: int = BOOTSTRAP, seed: int = SEED
) -> tuple[float, float]:
    """Percentile 95% interval of stat(x, y) over resampled pairs (undefined resamples are dropped)."""
    rng = np.random.default_rng(seed)
    size = len(x)
    values = []
    for _ in range(n):
        idx = rng.integers(0, size, size)
        value = stat([x[i] for i in idx], [y[i] for i in idx])
        if not math.isnan(value):
            values.append(value)
    if not values:
        return math.nan, math.nan
    low, high = np.percentile(values, [2.5, 97.5])
    return float(low), float(high)


# --------------------------------------------------------------------------------------------------
# Analysis


@dataclass
class Agreement:
    n: int
    rho: float
    rho_ci: tuple[float, float]
    kappa: float
    kappa_ci: tuple[float, float]


@dataclass
class Analysis:
    name: str
    levels: list[int]
    n_items: int
    n_not_applicable: int
    n_fit: int
    cuts: list[float]
    scorer: Agreement
    baseline: Agreement  # supporter word count through the same procedure
    experts_loo: tuple[float, float]  # mean over experts of (kappa, rho) against the other two's mean
    others: dict[str, tuple[float, float]]  # rater -> (kappa, rho) against the expert mean
    fit_kappa: float
    mapped: dict[tuple[str, str], int]  # held-out item -> the scorer's mapped level
    by_corpus: dict[str, float]  # held-out kappa of the scorer within each corpus, under this mapping


def _agreement(scores: list[float], means: list[float], mapped: list[int], truth: list[int], levels) -> Agreement:
    def kappa(a, b):
        return quadratic_kappa(a, b, levels)

    return Agreement(
        n=len(scores),
        rho=spearman(scores, means),
        rho_ci=bootstrap_ci(scores, means, spearman),
        kappa=kappa(mapped, truth),
        kappa_ci=bootstrap_ci(mapped, truth, kappa),
    )


def analyse(
    name: str,
    items: list[Item],
    fit: set[tuple[str, str]],
    scale: Callable[[Item, float], float],
    levels: list[int],
    corpora: dict[str, Corpus],
) -> Analysis:
    """Fit cut points on the fit half, report agreement on the held-out half. `scale` puts a
    corpus-scale value on the scale of `levels` (identity per corpus, to_common when pooled)."""
    lo, hi = levels[0], levels[-1]
    scored = [i for i in items if i.score is not None]
    fit_items = [i for i in scored if i.key in fit]
    held = [i for i in scored if i.key not in fit]

    def reference(item: Item) -> float:
        return scale(item, expert_mean(item, corpora[item.corpus]))

    def through_cuts(score_of: Callable[[Item], float]) -> tuple[Agreement, list[float], float, list[int]]:
        cuts = fit_cut_points(
            [score_of(i) for i in fit_items], [to_level(reference(i), lo, hi) for i in fit_items], levels
        )
        fit_kappa = quadratic_kappa(
            apply_cut_points([score_of(i) for i in fit_items], cuts, levels),
            [to_level(reference(i), lo, hi) for i in fit_items],
            levels,
        )
        scores = [score_of(i) for i in held]
        mapped = apply_cut_points(scores, cuts, levels)
        truth = [to_level(reference(i), lo, hi) for i in held]
        return _agreement(scores, [reference(i) for i in held], mapped, truth, levels), cuts, fit_kappa, mapped

    scorer, cuts, fit_kappa, mapped = through_cuts(lambda i: i.score)
    baseline, _, _, _ = through_cuts(word_count)

    loo_kappas, loo_rhos = [], []
    for expert in EXPERTS:
        pairs = [
            (scale(i, t), scale(i, m))
            for i in held
            if (t := target(i, corpora[i.corpus], expert)) is not None
            and (m := mean_of(i, corpora[i.corpus], [e for e in EXPERTS if e != expert])) is not None
        ]
        one, rest = [p[0] for p in pairs], [p[1] for p in pairs]
        loo_kappas.append(
            quadratic_kappa([to_level(v, lo, hi) for v in one], [to_level(v, lo, hi) for v in rest], levels)
        )
        loo_rhos.append(spearman(one, rest))
    others = {}
    for rater in (*LLMS, "llm-mean", CROWD):
        raters = LLMS if rater == "llm-mean" else (rater,)
        pairs = [(scale(i, v), reference(i)) for i in held if (v := mean_of(i, corpora[i.corpus], raters)) is not None]
        if len(pairs) < 3:
            continue
        theirs, ref = [p[0] for p in pairs], [p[1] for p in pairs]
        others[rater] = (
            quadratic_kappa([to_level(v, lo, hi) for v in theirs], [to_level(v, lo, hi) for v in ref], levels),
            spearman(theirs, ref),
        )
    by_corpus = {}
    for corpus in sorted({i.corpus for i in held}):
        pairs = [(m, to_level(reference(i), lo, hi)) for i, m in zip(held, mapped, strict=True) if i.corpus == corpus]
        by_corpus[corpus] = quadratic_kappa([p[0] for p in pairs], [p[1] for p in pairs], levels)
    return Analysis(
        name=name,
        levels=levels,
        n_items=len(items),
        n_not_applicable=len(items) - len(scored),
        n_fit=len(fit_items),
        cuts=cuts,
        scorer=scorer,
        baseline=baseline,
        experts_loo=(statistics.fmean(loo_kappas), statistics.fmean(loo_rhos)),
        others=others,
        fit_kappa=fit_kappa,
        mapped={i.key: m for i, m in zip(held, mapped, strict=True)},
        by_corpus=by_corpus,
    )
