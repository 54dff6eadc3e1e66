"""Verb forms that say the same thing for a claim: auxiliaries of every tense, first persons, French
futures. "would be" is in none of these lists: it does not assert (polarity deals with it)."""

from __future__ import annotations

import re

# A form starting with an apostrophe is glued to the word before it ("it'll", "you're going to").
BE_EN = [
    "is", "are", "was", "were", "has been", "have been", "will be", "'ll be", "is being", "are being", "'s been",
    "'ve been", "is going to be", "are going to be", "'s going to be", "'re going to be",
]  # fmt: skip
BE_FR = ["est", "sont", "a ete", "ont ete", "sera", "seront", "va etre", "vont etre", "vient d'etre", "viennent d'etre"]
BE_FR_YOU = ["etes", "avez ete", "serez", "allez etre", "venez d'etre"]
WILL_EN = ["will", "'ll", "is going to", "are going to", "am going to", "'s going to", "'re going to", "'m going to"]
DONE_BY_ME_EN = ["i've", "i have", "we've", "we have", "i", "we"]
DONE_BY_ME_FR = ["j'ai", "nous avons", "je vous ai", "nous vous avons", "on a", "on vous a"]

_CLASSES = [BE_EN, BE_FR, BE_FR_YOU, WILL_EN, DONE_BY_ME_EN, DONE_BY_ME_FR]
_CLASS_OF = {form: forms for forms in _CLASSES for form in forms}

# "arrivera" is also "va arriver", "finiront" also "vont finir", "prendra" also "va prendre".
_FUTURE_FR = re.compile(r"^(\w{3,}?)(er|ir|r)(a|ont)$")


def equivalents(word: str) -> list[str] | None:
    """The forms interchangeable with `word` (itself included), or None when it has none."""
    if word in _CLASS_OF:
        return _CLASS_OF[word]
    future = _FUTURE_FR.match(word)
    if future and word not in {"sera", "seront", "aura", "auront", "fera", "feront"}:
        stem, ending, person = future.groups()
        if stem.endswith("iend") and ending == "r":  # viendra, interviendra, tiendra
            infinitive = stem[:-4] + "enir"
        else:
            infinitive = stem + (ending if ending != "r" else "re")
        return [word, ("va " if person == "a" else "vont ") + infinitive]
    return None


# English past participles: regular ones end in -ed; these are the irregular ones support replies use.
_IRREGULAR_EN = set(
    "found paid sent made done put set shut cut given taken brought bought lost kept told sold held built won "
    "frozen chosen written withdrawn shown known seen got gotten spent lent".split()
)


def is_participle_en(word: str) -> bool:
    """Whether an English pattern word reads as a past participle ("blocked", "sent", "taken")."""
    first = word.split(" ")[0]
    return first.endswith("ed") or first in _IRREGULAR_EN or first.endswith("en")
