"""What a reply does with the customer's feeling, as numbers the acknowledgement model weighs.

Two kinds of feature, both on normalised text (bench.core.text.normalise):
- **Signals** (`signals`), each in [0, 1], read meaning rather than vocabulary: whether the reply
  reacts to a feeling, names the customer's own feeling, reuses the customer's words where it
  sympathises (specificity), falls back on a formula, repeats what an earlier reply said, or
  minimises.
- **Phrases** (`phrases`): the word 1-3-grams of a text. The trained model keeps only phrases every
  writer of its training corpus used, so that domain nouns ("parcel", "SIM") and one writer's habits
  never carry weight: a model trained on retail, banking and telecom replies reads a travel one, or a
  conversation outside support, the same way.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from bench.core.acknowledgement import lexicon
from bench.core.text import normalise

SIGNALS = (
    "sympathy",
    "generic",
    "feeling",
    "feeling_match",
    "reflect",
    "you",
    "first",
    "repeat",
    "minimising",
    "cheerful",
    "restates",
)

_SENTENCE = re.compile(r"(?<=[.!?;:])\s+|\n+")
_TOKEN = re.compile(r"[a-z]+'(?=[a-z])|[a-z']+")  # "d'apprendre" is "d'" and "apprendre"
_WORD = re.compile(r"[a-z0-9']+")
_REFLECT_CAP = 4  # customer words reused where the reply sympathises: four is plainly specific
_RESTATES = 3  # customer words a first sentence must reuse to restate their situation


def _one(patterns: list[str]) -> re.Pattern:
    # One alternation per list: a reply is searched once per list, not once per pattern (15x faster
    # on the corpus than a loop of searches).
    return re.compile("|".join(f"(?:{p})" for p in patterns))


_SYMPATHY = _one(lexicon.SYMPATHY)
_GENERIC = _one(lexicon.GENERIC)
_FAMILIES = {name: _one(patterns) for name, patterns in lexicon.FEELINGS.items()}
_MINIMISING = _one(lexicon.MINIMISING)
_CHEERFUL = _one(lexicon.CHEERFUL)
_YOU = re.compile(lexicon.SECOND_PERSON)
_ACTION = re.compile(lexicon.ACTION_OPENERS)
_INTENSITY = [re.compile(p) for p in lexicon.INTENSITY]
_SHARED = {word: token for token, words in lexicon.SHARED_WORDS.items() for word in words}


CUSTOMER_SIGNALS = ("named", "signs", "shouting")


def customer_signals(customer: str) -> dict[str, float]:
    """How a customer shows a feeling: naming it (frustrated, worried, grieving...), signs of it
    (repeated "!", urgency, "third time") and writing in capitals."""
    told = normalise(customer)
    letters = [c for c in customer if c.isalpha()]
    return {
        "named": min(2, len(families(told))) / 2,
        "signs": min(3, sum(1 for p in _INTENSITY if p.search(told))) / 3,
        "shouting": float(len(letters) >= 12 and sum(c.isupper() for c in letters) / len(letters) > 0.5),
    }


def sentences(text: str) -> list[str]:
    """The sentences of `text`, normalised."""
    return [s for s in _SENTENCE.split(normalise(text)) if s.strip()]


@lru_cache(maxsize=16384)
def stems(text: str) -> frozenset[str]:
    """Content words of normalised `text`, cut to five letters so that "cancelled" meets "cancel" and
    "annulé" meets "annulation"."""
    return frozenset(w[:5] for w in _WORD.findall(text.replace("'", " ")) if len(w) > 2 and w not in lexicon.STOPWORDS)


def families(text: str) -> frozenset[str]:
    """The feeling families normalised `text` names (anger, worry, sadness...)."""
    return frozenset(name for name, pattern in _FAMILIES.items() if pattern.search(text))


def warm(sentence: str) -> bool:
    """Does this normalised sentence react to a feeling (sympathy, or a feeling named)?"""
    return bool(_SYMPATHY.search(sentence)) or bool(families(sentence))


@lru_cache(maxsize=16384)
def phrases(text: str, longest: int = 3) -> tuple[str, ...]:
    """The word n-grams (1..`longest`) of `text`, normalised, in order."""
    words = [_SHARED.get(w, w) for w in _TOKEN.findall(normalise(text))]
    return tuple(" ".join(words[i : i + n]) for n in range(1, longest + 1) for i in range(len(words) - n + 1))


def tfidf(grams: Sequence[str], vocabulary: dict[str, int], idf: Sequence[float]) -> dict[int, float]:
    """Sublinear tf-idf of the known `grams`, unit length: {column: value}."""
    counts = Counter(g for g in grams if g in vocabulary)
    row = {vocabulary[g]: (1 + math.log(c)) * idf[vocabulary[g]] for g, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in row.values())) or 1.0
    return {k: v / norm for k, v in row.items()}


def signals(reply: str, customer: str, earlier: Sequence[str] = ()) -> dict[str, float]:
    """The signals of `reply`, given the customer message it answers and the bot's earlier replies."""
    said = sentences(reply)
    warmth = [s for s in said if warm(s)]
    told = normalise(customer)
    reflected = stems(told) & stems(" ".join(warmth))
    before = [stems(s) for text in earlier for s in sentences(text)]
    return {
        "sympathy": min(2, sum(1 for s in said if _SYMPATHY.search(s))) / 2,
        "generic": float(any(_GENERIC.search(s) for s in said)),
        "feeling": float(bool(warmth) and bool(families(" ".join(warmth)))),
        "feeling_match": float(bool(families(" ".join(warmth)) & families(told))),
        "reflect": min(_REFLECT_CAP, len(reflected)) / _REFLECT_CAP,
        "you": float(any(_YOU.search(s) for s in warmth)),
        "first": float(bool(warmth) and said[0] == warmth[0]),
        "repeat": max((overlap(stems(s), b) for s in warmth for b in before), default=0.0),
        "minimising": float(any(_MINIMISING.search(s) for s in said)),
        "cheerful": float(any(_CHEERFUL.search(s) for s in said) or bool(_CHEERFUL.search(reply))),
        "restates": float(restates(said, told)),
    }


def restates(said: list[str], told: str) -> bool:
    """Does the reply open by restating the customer's situation in their words ("Three delays in one
    evening and five hours at the gate...")? Not a question, not an action, and three or more of the
    customer's content words."""
    if not said or said[0].endswith("?") or _ACTION.match(said[0]):
        return False
    return len(stems(said[0]) & stems(told)) >= _RESTATES


def quotable(s: dict[str, float]) -> bool:
    """Is there something in the reply to quote as acknowledgement: sympathy, a feeling named, or the
    customer's situation restated?"""
    return bool(s["sympathy"] or s["feeling"] or s["restates"])


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Share of the smaller sentence's words found in the other: 1.0 for a repeated or templated line."""
    if len(a) < 3 or len(b) < 3:
        return 0.0
    return len(a & b) / min(len(a), len(b))
