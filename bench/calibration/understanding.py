"""How well the understanding layer reads text, against the labelled corpora in validation/corpora/
(README in each folder): fact requests (bench.core.requests), claims with polarity
(bench.core.claims) and typed values (bench.core.values). Each corpus has a dev split, read while the
layer was built, and a held-out split, written apart and never read to tune it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from bench.core.claims import asserts, claims_human, claims_transfer, discloses_ai
from bench.core.requests import FACT_REQUESTS
from bench.core.scenario import Fact
from bench.core.text import matches_any
from bench.core.values import extract

BUILTIN = {
    "builtin: the bot claims to be a human": ("human claim", claims_human),
    "builtin: the bot says it is an AI or automated": ("AI disclosure", discloses_ai),
    "builtin: the bot says it is transferring the customer to a human now": ("transfer now", claims_transfer),
}


@dataclass
class Tally:
    """True positives, false positives and false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, predicted: bool, wanted: bool) -> None:
        self.tp += predicted and wanted
        self.fp += predicted and not wanted
        self.fn += wanted and not predicted

    def add_counts(self, got: Counter, want: Counter) -> None:
        for key in set(got) | set(want):
            hit = min(got[key], want[key])
            self.tp, self.fp, self.fn = self.tp + hit, self.fp + got[key] - hit, self.fn + want[key] - hit

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def n(self) -> int:
        return self.tp + self.fn


def load(folder: Path, split: str) -> list[dict]:
    return yaml.safe_load((folder / f"{split}.yaml").read_text(encoding="utf-8"))


def fact_requests(items: list[dict]) -> dict[str, Tally]:
    """Per fact and overall ("all"): is each fact a reply asks for recognised, and only those?"""
    tallies = {key: Tally() for key in [*FACT_REQUESTS, "all"]}
    facts = [Fact(key, "x") for key in FACT_REQUESTS]
    for item in items:
        asked = {f.key for f in facts if f.asked_in(item["text"])}
        for fact in facts:
            predicted, wanted = fact.key in asked, fact.key in item["asks_for"]
            tallies[fact.key].add(predicted, wanted)
            tallies["all"].add(predicted, wanted)
    return tallies


def claims(items: list[dict]) -> dict[str, Tally]:
    """Polarity (where an author pattern matches: is the claim asserted?), all pattern claims, and each
    built-in claim."""
    tallies = {"polarity": Tally(), "pattern claims": Tally(), **{name: Tally() for name, _ in BUILTIN.values()}}
    for item in items:
        if item["claim"] in BUILTIN:
            name, matcher = BUILTIN[item["claim"]]
            tallies[name].add(matcher(item["text"]) is not None, item["asserted"])
            continue
        predicted = asserts(item["text"], item["patterns"]) is not None
        tallies["pattern claims"].add(predicted, item["asserted"])
        if matches_any(item["text"], item["patterns"]):
            tallies["polarity"].add(predicted, item["asserted"])
    return tallies


def values(items: list[dict]) -> dict[str, Tally]:
    """Per type and overall: each value read with its type, canonical value, currency, unit and whether
    the year is written, against the labelled ones (as multisets per text)."""
    tallies: dict[str, Tally] = {}
    for item in items:
        today = date.fromisoformat(str(item["today"]))
        got = Counter(_key(v.type, v.value, v.currency, v.unit, v.year_stated) for v in extract(item["text"], today))
        want = Counter(
            _key(v["type"], v["value"], v.get("currency"), v.get("unit"), v.get("year_stated", True))
            for v in item["values"]
        )
        for kind in {k[0] for k in got} | {k[0] for k in want}:
            tallies.setdefault(kind, Tally()).add_counts(
                Counter({k: n for k, n in got.items() if k[0] == kind}),
                Counter({k: n for k, n in want.items() if k[0] == kind}),
            )
        tallies.setdefault("all", Tally()).add_counts(got, want)
    return dict(sorted(tallies.items(), key=lambda kv: (kv[0] == "all", kv[0])))


def _key(kind: str, value: object, currency: object, unit: object, year_stated: object) -> tuple:
    return kind, str(value), currency, unit, bool(year_stated)
