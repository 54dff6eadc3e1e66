"""Sentences of a reply: the unit a claim is asserted in, each kept as written and normalised."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bench.core.text import normalise

# A sentence ends at . ! ? or … (closing quotes and brackets stay with it) before a space, or at a
# line break. "e.g." or "M. Martin" do not end one: the next word starts in lower case, or the word
# before the dot is a known abbreviation or an initial.
# (The lookbehinds and possessive quantifiers keep it linear: a run of 50,000 dots is tried once,
# not from each of its dots.)
_END = re.compile(r"(?<![.!?…])[.!?…]++[\"'’”»)\]]*+(?=\s)|(?<!\n)\n+")
_NEXT = re.compile(r"\s*+(\S?)")
_ABBREVIATIONS = {"e.g", "i.e", "etc", "mr", "mrs", "ms", "dr", "st", "vs", "approx", "m", "mme", "cf", "env"}


@dataclass(frozen=True)
class Sentence:
    text: str  # as written
    flat: str  # normalised: what patterns are matched against


@lru_cache(maxsize=8192)  # every scorer splits the same replies
def sentences(text: str) -> tuple[Sentence, ...]:
    """The sentences of `text`, in order, empty ones left out."""
    pieces, begin = [], 0
    for end in _END.finditer(text):
        if end[0][0] == "." and not _ends_sentence(text, end.start(), end.end()):
            continue
        pieces.append(text[begin : end.end()])
        begin = end.end()
    pieces.append(text[begin:])
    return tuple(Sentence(p.strip(), normalise(p)) for p in pieces if p.strip())


def _ends_sentence(text: str, dot: int, after: int) -> bool:
    if _NEXT.match(text, after)[1].islower():  # not text[after:].lstrip(): a copy of the rest per dot
        return False
    word = re.search(r"[\w.]*$", text[max(0, dot - 40) : dot])
    before = word[0].lower() if word else ""
    return before not in _ABBREVIATIONS and not (len(before) == 1 and before.isalpha())
