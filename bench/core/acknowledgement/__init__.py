"""Acknowledgement: does a bot recognise this customer's situation and feeling, specifically, at the
right moment, and without formula?

A deterministic model (`model.py`, weights in `weights.json`) trained on the project's own labelled
corpus (validation/corpora/empathy, labelling guide docs/empathy-labelling.md) scores each reply
against the customer message it answers; `read` turns a conversation into one reading: the best
acknowledgement the bot gave once the customer showed a feeling, discounted for every reply it came
late. The empathy scorer grades with it; the rule-based flags (condolences, minimising, blame...)
live beside it in the scorer and use the same lexicon.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bench.core.acknowledgement.model import Model, load

LATE = 0.8  # each reply that leaves a shown feeling unacknowledged costs a fifth of the credit

__all__ = ["LATE", "Model", "Reading", "acknowledgement", "credit", "emotion", "load", "passes", "read"]


@dataclass(frozen=True)
class Reading:
    """How a conversation's bot acknowledged the customer's feeling."""

    value: float  # 0..1 after the lateness discount: 0 none, 1/3 generic, 2/3 relevant, 1 specific
    turn: int | None  # index of the reply that earned it (None when no reply earned anything)
    moment: int  # index of the first customer turn whose feeling called for acknowledgement
    replies: int  # bot replies after that moment


def acknowledgement(reply: str, customer: str, earlier: Sequence[str] = ()) -> float:
    """0..1: how specifically `reply` acknowledges the feeling `customer` shows (shipped model)."""
    return load().acknowledgement(reply, customer, earlier)


def credit(value: float, model: Model | None = None) -> float:
    """The share of the acknowledgement check a reading earns: nothing at the level of replies that
    acknowledge nothing, all of it at the level of specific acknowledgement, linear between."""
    cut = (model or load()).calibration
    return max(0.0, min(1.0, (value - cut["none"]) / (cut["full"] - cut["none"])))


def passes(value: float, model: Model | None = None) -> bool:
    """Is the reading better than generic (a label above 1.5 of 3)?"""
    return value >= (model or load()).calibration["passes"]


def emotion(customer: str) -> float:
    """Probability that a customer message shows a feeling (shipped model)."""
    return load().emotion(customer)


def read(
    turns: Sequence[tuple[str, str]], *, feeling_at_opening: bool = False, model: Model | None = None
) -> Reading | None:
    """The acknowledgement reading of a conversation given as (role, text) turns ("customer" or "bot";
    other roles are skipped), or None when the customer never showed a feeling. `feeling_at_opening`
    says the customer arrives upset whatever their first words (a scenario's declared emotion)."""
    model = model or load()
    told: list[str] = []
    earlier: list[str] = []
    moment: int | None = None
    felt = ""
    best, where, late = 0.0, None, 0
    for i, (role, text) in enumerate(turns):
        if role == "customer":
            told.append(text)
            shows = model.emotion(text) >= model.calibration["shows_feeling"]
            if moment is None and ((feeling_at_opening and not earlier) or shows):
                moment, felt = i, text
            continue
        if role != "bot":
            continue
        if moment is not None:
            # a late reply answers the feeling still waiting, not only the last words ("OK.")
            said = told if told and told[0] == felt else [felt, *told]
            value = model.acknowledgement(text, "\n".join(said), earlier) * LATE**late
            if value > best:
                best, where = value, i
            late += 1
        earlier.append(text)
        told = []
    if moment is None:
        return None
    return Reading(round(best, 4), where, moment, late)
