"""The acknowledgement model's validation helpers: length held constant, pooling by ranks, and the
French check's input errors."""

from __future__ import annotations

import math
import random

import pytest

from bench.calibration.acknowledgement_check import french_check, partial_spearman, within_ranks


def test_a_score_that_is_only_length_has_no_partial_correlation():
    rng = random.Random(0)
    length = [rng.randint(5, 200) for _ in range(200)]
    truth = [n + rng.gauss(0, 40) for n in length]
    assert abs(partial_spearman(length, truth, length)) < 0.05


def test_a_score_that_knows_more_than_length_keeps_a_partial_correlation():
    rng = random.Random(1)
    length = [rng.randint(5, 200) for _ in range(200)]
    signal = [rng.gauss(0, 1) for _ in range(200)]
    truth = [n / 100 + s for n, s in zip(length, signal, strict=True)]
    assert partial_spearman(signal, truth, length) > 0.5


def test_too_few_items_give_no_partial_correlation():
    assert math.isnan(partial_spearman([1, 2, 3], [1, 2, 3], [3, 2, 1]))


def test_ranks_within_a_corpus_run_from_above_zero_to_one():
    assert within_ranks([10.0, 30.0, 20.0]) == pytest.approx([1 / 3, 1.0, 2 / 3])


def test_a_malformed_translation_line_is_named_by_file_and_line(tmp_path):
    path = tmp_path / "fr.jsonl"
    path.write_text('{"corpus": "epitome", "item_id": "1", "turns": [["customer", "Salut"]]}\n{"corpus": 1}\n')
    with pytest.raises(ValueError, match=r"fr\.jsonl:2: not a translated item"):
        french_check([], {}, path, set())
