"""How far the acknowledgement model (bench.core.acknowledgement) agrees with the expert ratings, on
the held-out half: Spearman per corpus and pooled, with bootstrap intervals, next to reply length;
the partial correlation with length held constant; and the French check (the same conversations
translated: do they read like their originals?). Nothing here is fitted on the expert ratings."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.stats import rankdata

from bench.calibration.agreement import bootstrap_ci, spearman
from bench.calibration.empathy_data import LLMS, Corpus, Item, expert_mean, mean_of, to_common, word_count
from bench.core import acknowledgement


def reading(turns: Sequence[tuple[str, str]]) -> float:
    """The model's conversation reading; every seeker in these corpora shares a feeling at the start."""
    found = acknowledgement.read(turns, feeling_at_opening=True)
    return found.value if found else 0.0


def partial_spearman(x: Sequence[float], y: Sequence[float], z: Sequence[float]) -> float:
    """Spearman's rho of x and y with z held constant (ranks, linear residuals)."""
    if len(x) < 4:
        return math.nan
    rx, ry, rz = (rankdata(v) for v in (x, y, z))
    ex = rx - np.polyval(np.polyfit(rz, rx, 1), rz)
    ey = ry - np.polyval(np.polyfit(rz, ry, 1), rz)
    if ex.std() == 0 or ey.std() == 0:
        return math.nan
    return float(np.corrcoef(ex, ey)[0, 1])


def within_ranks(values: Sequence[float]) -> list[float]:
    """Ranks scaled to (0, 1]: puts corpora on one footing when pooling (their scales differ)."""
    return list(rankdata(values) / len(values))


@dataclass(frozen=True)
class Row:
    name: str
    n: int
    rho: float
    ci: tuple[float, float]
    words: float  # word count's rho
    partial: float  # rho with length held constant
    llm: float  # the mean of the three LLM judges' rho, the bar the issue aims at


def row(name: str, scores: list[float], truth: list[float], words: list[float], llm: list[float]) -> Row:
    return Row(
        name,
        len(scores),
        spearman(scores, truth),
        bootstrap_ci(scores, truth, spearman),
        spearman(words, truth),
        partial_spearman(scores, truth, words),
        _rated(llm, truth),
    )


def _rated(llm: list[float], truth: list[float]) -> float:
    """Spearman over the items the LLM judges rated (a judge may have skipped one)."""
    pairs = [(v, t) for v, t in zip(llm, truth, strict=True) if not math.isnan(v)]
    return spearman([v for v, _ in pairs], [t for _, t in pairs]) if pairs else math.nan


def held_out_rows(items: list[Item], corpora: dict[str, Corpus], fit: set) -> list[Row]:
    """One row per corpus, then pooled (within-corpus ranks) and pooled (common 1..5 scale)."""
    rows = []
    pooled: dict[str, list[float]] = {k: [] for k in ("s", "t", "w", "l", "cs", "ct", "cw", "cl")}
    for key, corpus in corpora.items():
        held = [i for i in items if i.corpus == key and i.key not in fit]
        scores = [reading(i.turns) for i in held]
        truth = [expert_mean(i, corpus) for i in held]
        words = [word_count(i) for i in held]
        llm = [math.nan if (v := mean_of(i, corpus, LLMS)) is None else v for i in held]
        rows.append(row(corpus.name, scores, truth, words, llm))
        pooled["s"] += within_ranks(scores)
        pooled["t"] += within_ranks(truth)
        pooled["w"] += within_ranks(words)
        pooled["l"] += within_ranks(llm)
        pooled["cs"] += scores
        pooled["ct"] += [to_common(t, corpus) for t in truth]
        pooled["cw"] += words
        pooled["cl"] += [to_common(v, corpus) for v in llm]
    rows.append(row("Pooled (ranks within corpus)", pooled["s"], pooled["t"], pooled["w"], pooled["l"]))
    rows.append(row("Pooled (common 1..5 scale)", pooled["cs"], pooled["ct"], pooled["cw"], pooled["cl"]))
    return rows


def french_check(items: list[Item], corpora: dict[str, Corpus], path: Path, fit: set) -> list[tuple[str, int, float]]:
    """Spearman between the readings of each conversation and of its French translation, per corpus,
    over all, and over the held-out half (the fit half was read to even out the two lexicons):
    (name, n, rho). The file holds one JSON object per line: corpus, item_id, turns."""
    english = {i.key: reading(i.turns) for i in items}
    french: dict[tuple[str, str], float] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row_ = json.loads(line)
            turns = [(str(role), str(text)) for role, text in row_["turns"]]
            french[(row_["corpus"], str(row_["item_id"]))] = reading(turns)
        except (ValueError, KeyError, TypeError) as error:
            raise ValueError(f"{path}:{number}: not a translated item ({error})") from None
    groups = [(c.name, lambda k, key=key: k[0] == key) for key, c in corpora.items()]
    groups += [("All", lambda k: True), ("All, held-out half", lambda k: k not in fit)]
    out = []
    for name, chosen in groups:
        keys = [k for k in english if k in french and chosen(k)]
        out.append((name, len(keys), spearman([english[k] for k in keys], [french[k] for k in keys])))
    return out
