"""Reflecting the customer's words back, as a careful human agent does ("your parcel still hasn't
arrived and this is the third time you write"): first person turned into second, in English and
French. Rule-based and conservative: a sentence it cannot turn cleanly is not reflected."""

from __future__ import annotations

import re
from collections.abc import Callable

_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_EN = {
    "i'm": "you're",
    "i am": "you are",
    "i was": "you were",
    "i've": "you've",
    "i'd": "you'd",
    "i'll": "you'll",
    "i": "you",
    "me": "you",
    "my": "your",
    "mine": "yours",
    "myself": "yourself",
    "we're": "you're",
    "we": "you",
    "our": "your",
    "us": "you",
}
_FR = {
    "je suis": "vous êtes",
    "j'ai": "vous avez",
    "je n'ai": "vous n'avez",
    "je ne suis": "vous n'êtes",
    "mon": "votre",
    "ma": "votre",
    "mes": "vos",
    "me": "vous",
    "m'": "vous ",
    "moi": "vous",
    "nous": "vous",
    "notre": "votre",
    "nos": "vos",
}
_WORDS = {
    lang: re.compile(
        r"(?<![\w'])(" + "|".join(sorted(map(re.escape, table), key=len, reverse=True)) + r")(?![\w])", re.I
    )
    for lang, table in (("en", _EN), ("fr", _FR))
}
_FR_LEFT = re.compile(r"(?<![\w'])(je|j'|jai|jsuis|chuis)(?=\s|\w)", re.I)  # a first person it cannot conjugate
_GREETING = re.compile(
    r"^\s*(hi|hello|hey|good (morning|afternoon|evening)|bonjour|bonsoir|salut|bjr|coucou)\b[\s,.!:-]*", re.I
)
_MIN_WORDS = 4
_MAX_WORDS = 30


def reflect(message: str, lang: str, cue: Callable[[str], object] | None = None) -> str | None:
    """The customer's sentence (the first that matches `cue`, else the first statement) in the second
    person, or None when none can be turned cleanly. Questions are never reflected."""
    statements = [
        s.strip()
        for s in _SENTENCE.split(_GREETING.sub("", message))
        if len(s.split()) >= _MIN_WORDS and not s.strip().endswith("?")
    ]
    picked = next((s for s in statements if cue is None or cue(s)), None) or next(iter(statements), None)
    if picked is None or len(picked.split()) > _MAX_WORDS:
        return None
    if sum(c.isupper() for c in picked) > sum(c.islower() for c in picked):  # shouting is not quoted back
        picked = picked.lower()
    table = _EN if lang == "en" else _FR
    turned = _WORDS[lang].sub(lambda m: table[m[1].lower()], picked.rstrip(".!? "))
    if lang == "fr" and _FR_LEFT.search(turned):
        return None
    if lang == "en":
        turned = re.sub(r"\byou (am|was)\b", lambda m: "you " + {"am": "are", "was": "were"}[m[1]], turned)
    return turned[:1].upper() + turned[1:]
