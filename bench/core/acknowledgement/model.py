"""The acknowledgement model: two small linear models whose weights are data (weights.json, written
by scripts/train_acknowledgement.py from the project's own corpus).

- `emotion(customer)`: how likely the customer's message shows a feeling (logistic, 0..1).
- `acknowledgement(reply, customer, earlier)`: the expected label (0-3, scaled to 0..1) a labeller
  following docs/empathy-labelling.md would give the reply. Phrase weights only count in proportion
  to the customer's emotion, so sympathy where none was expressed earns nothing; formulae and lines
  repeated from earlier replies have weights of their own.

Pure Python: a reply is scored in tens of microseconds, so a full run is scored in well under a second.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bench.core.acknowledgement.features import customer_signals, phrases, quotable, signals, tfidf

WEIGHTS = Path(__file__).with_name("weights.json")


@dataclass(frozen=True)
class Linear:
    """A linear model over sublinear tf-idf phrases (and, for acknowledgement, signals)."""

    vocabulary: dict[str, int]
    idf: tuple[float, ...]
    phrase: tuple[float, ...]
    longest: int
    bias: float
    signal: dict[str, float]
    signal_x_emotion: dict[str, float]
    emotion: float

    @classmethod
    def from_dict(cls, data: dict) -> Linear:
        return cls(
            vocabulary={g: i for i, g in enumerate(data["vocabulary"])},
            idf=tuple(data["idf"]),
            phrase=tuple(data["phrase"]),
            longest=int(data["longest"]),
            bias=float(data["bias"]),
            signal=dict(data.get("signal", {})),
            signal_x_emotion=dict(data.get("signal_x_emotion", {})),
            emotion=float(data.get("emotion", 0.0)),
        )

    def value(self, reply: str, emotion: float, signals: dict[str, float]) -> float:
        """The linear predictor for a reply: phrases weighted by the customer's emotion, signals."""
        z = self.bias + self.emotion * emotion + emotion * self.phrase_sum(reply)
        return z + sum(
            self.signal.get(k, 0.0) * v + self.signal_x_emotion.get(k, 0.0) * v * emotion for k, v in signals.items()
        )

    def phrase_sum(self, text: str) -> float:
        row = tfidf(phrases(text, self.longest), self.vocabulary, self.idf)
        return sum(self.phrase[k] * v for k, v in row.items())


@dataclass(frozen=True)
class Model:
    customer: Linear  # does the customer show a feeling (logistic)
    reply: Linear  # the expected label / 3 (linear)
    provenance: dict
    calibration: dict  # cut points read off the training part (scripts/train_acknowledgement.py)

    @classmethod
    def from_dict(cls, data: dict) -> Model:
        return cls(
            Linear.from_dict(data["emotion"]),
            Linear.from_dict(data["acknowledgement"]),
            data["provenance"],
            data.get("calibration", {}),
        )

    def emotion(self, customer: str) -> float:
        """Probability that `customer` shows a feeling."""
        c = self.customer
        z = (
            c.bias
            + c.phrase_sum(customer)
            + sum(c.signal.get(k, 0.0) * v for k, v in customer_signals(customer).items())
        )
        return _sigmoid(z)

    def acknowledgement(self, reply: str, customer: str, earlier: Sequence[str] = ()) -> float:
        """0..1: how specifically `reply` acknowledges the feeling in `customer` (0 none, 1/3 generic,
        2/3 relevant in stock words, 1 specific)."""
        p = self.emotion(customer)
        s = signals(reply, customer, earlier)
        value = max(0.0, min(1.0, self.reply.value(reply, p, s)))
        # Phrases of helpful replies ("a colleague will call you back") are not acknowledgement: with
        # nothing to quote (no sympathy, no feeling named, no restatement) a reply reads at most as a
        # generic one, and cannot pass.
        return value if quotable(s) else min(value, self.calibration.get("generic", 1.0))


def _sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-max(-60.0, min(60.0, z))))


@lru_cache(maxsize=4)
def load(path: Path = WEIGHTS) -> Model:
    """The model stored at `path` (the shipped weights by default)."""
    return Model.from_dict(json.loads(path.read_text(encoding="utf-8")))
