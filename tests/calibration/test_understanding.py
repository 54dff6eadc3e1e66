"""Counting the understanding layer's hits and misses against labelled items (tiny synthetic corpora;
the real ones are measured by scripts/validate_understanding.py)."""

from __future__ import annotations

from bench.calibration import understanding
from bench.calibration.understanding import Tally


def test_a_tally_gives_precision_recall_and_f1():
    tally = Tally()
    for predicted, wanted in [(True, True), (True, False), (False, True), (True, True)]:
        tally.add(predicted, wanted)
    assert (tally.tp, tally.fp, tally.fn) == (2, 1, 1)
    assert (round(tally.precision, 3), round(tally.recall, 3), round(tally.f1, 3)) == (0.667, 0.667, 0.667)


def test_fact_requests_count_each_fact_asked_and_each_missed():
    items = [
        {"text": "Could you give me your order number?", "asks_for": ["order_number"]},
        {"text": "Your order shipped today.", "asks_for": []},
        {"text": "Hmm.", "asks_for": ["email"]},
    ]
    tallies = understanding.fact_requests(items)
    assert (tallies["all"].tp, tallies["all"].fp, tallies["all"].fn) == (1, 0, 1)


def test_claims_measure_polarity_only_where_a_pattern_matches():
    items = [
        {"claim": "refund", "patterns": ["refunded"], "text": "You've been refunded.", "asserted": True},
        {"claim": "refund", "patterns": ["refunded"], "text": "You can't be refunded yet.", "asserted": False},
        {"claim": "refund", "patterns": ["refunded"], "text": "The money is back on your card.", "asserted": True},
    ]
    tallies = understanding.claims(items)
    assert (tallies["polarity"].tp, tallies["polarity"].fp, tallies["polarity"].n) == (1, 0, 1)
    assert tallies["pattern claims"].fn == 1


def test_values_compare_type_value_and_currency():
    items = [
        {
            "today": "2026-03-10",
            "text": "£12.50 on 12 March",
            "values": [
                {"type": "amount", "value": "12.50", "currency": "GBP"},
                {"type": "date", "value": "2026-03-12", "year_stated": False},
            ],
        }
    ]
    tallies = understanding.values(items)
    assert tallies["all"].tp == 2 and tallies["all"].fp == 0 and tallies["all"].fn == 0
