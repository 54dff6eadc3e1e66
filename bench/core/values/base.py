"""What every reader of values shares: the Value type, the folded text the patterns run on, numbers
written in digits or in English and French words, and a look at the words around a match."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

# Patterns read the folded text in lower case, where every letter they look for is ASCII: matching without
# IGNORECASE is about twice as fast.
FLAGS = re.ASCII


@dataclass(frozen=True)
class Value:
    """One value a text states, in canonical form (see `bench.core.values.extract`)."""

    type: str
    value: str | int
    span: tuple[int, int]
    currency: str | None = None
    unit: str | None = None
    year_stated: bool = True


# How sure a reading is: an explicit form ("£8.50", "14:30") beats one read from the words around it
# ("on 18.03"), which beats a guess ("49.90" alone is probably money). Overlaps keep the surer one.
EXPLICIT, CONTEXT, GUESS = 3, 2, 1


class Found(NamedTuple):
    """A reading before overlaps are settled (a tuple: most readings lose, and are cheap to drop)."""

    start: int
    end: int
    strength: int
    type: str
    value: str | int
    currency: str | None = None
    unit: str | None = None
    year_stated: bool = True

    def to_value(self) -> Value:
        return Value(self.type, self.value, (self.start, self.end), self.currency, self.unit, self.year_stated)


def found(kind: str, value: str | int, start: int, end: int, strength: int = EXPLICIT, **extra) -> Found:
    return Found(start, end, strength, kind, value, **extra)


def _fold_table() -> dict[str, str]:
    table = {}
    for code in range(0xC0, 0x250):
        base = unicodedata.normalize("NFKD", chr(code))[0]
        if base != chr(code) and base.isascii() and base.isalpha():
            table[chr(code)] = base
    table.update(dict.fromkeys("\u00a0\u202f\u2009\u2007\u2002\u2003\u2004\u2005\u2006\u2008\u200a", " "))
    table.update(dict.fromkeys("\u2019\u2018\u02bc\u00b4", "'"))
    table.update(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212", "-"))
    table["\u00ba"] = "\u00b0"  # n° and nº
    return table


_FOLD = _fold_table()
_NOT_ASCII = re.compile(r"[^\x00-\x7f]")


def fold(text: str) -> str:
    """`text` with accents, odd spaces, quotes and dashes made plain, one character for one: a span
    found in the folded text is the same span in the original."""
    return text if text.isascii() else _NOT_ASCII.sub(lambda m: _FOLD.get(m[0], m[0]), text)


def lower(folded: str) -> str:
    """`folded` in lower case, still one character for one (the one letter whose lower case is two, "İ",
    is folded to "I" already; anything else that would grow is left as it is)."""
    low = folded.lower()
    return low if len(low) == len(folded) else "".join(c.lower() if len(c.lower()) == 1 else c for c in folded)


# A number in digits. Thousands are grouped by commas, dots or spaces (8,450 / 1.234,56 / 12 000); the
# decimal part has one or two digits. Never ends inside a longer number.
NUMBER = r"(?:\d{1,3}(?:(?:,\d{3})+|(?:\.\d{3})+|(?: \d{3})+)(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)(?![\d]|[.,]\d)"


def parse_number(raw: str) -> Decimal:
    """A number matched by NUMBER, in English or French writing (the last separator before one or two
    digits is the decimal one)."""
    raw = raw.replace(" ", "")
    cut = max(raw.rfind("."), raw.rfind(","))
    if cut != -1 and len(raw) - cut - 1 in (1, 2):
        return Decimal(raw[:cut].replace(".", "").replace(",", "") + "." + raw[cut + 1 :])
    return Decimal(raw.replace(".", "").replace(",", ""))


def trie(words, space: str = r"\s+") -> str:
    """A pattern matching any of `words`, shaped as a trie: the engine reads each letter once instead of
    trying the words one after the other, which keeps long lists of words cheap."""
    root: dict = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [(space if char == " " else re.escape(char)) + build(node[char]) for char in sorted(node) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and "" not in node else "(?:" + "|".join(branches) + ")"
        return body + "?" if "" in node else body

    return "(?:" + build(root) + ")"


# Numbers in words, English and French: "twenty-four", "four hundred", "deux cent quarante-neuf",
# "soixante-dix-huit", "mille deux cents".
_EN_UNITS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
_EN_UNITS += "sixteen seventeen eighteen nineteen"
_FR_UNITS = "zero un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize"
_WORD_VALUE = {
    **{word: n for n, word in enumerate(_EN_UNITS.split())},
    **dict(zip("twenty thirty forty fifty sixty seventy eighty ninety".split(), range(20, 100, 10), strict=True)),
    "fourty": 40,
    **{word: n for n, word in enumerate(_FR_UNITS.split())},
    **dict(zip("vingt trente quarante cinquante soixante".split(), range(20, 70, 10), strict=True)),
    "une": 1,
    "vingts": 20,
    "cent": 100,
}
_SCALES = ("hundred", "thousand", "mille")
# "cents" is a French hundred only after a multiplier ("deux cents"): alone it is the English coin.
_MULTIPLIERS = "deux trois quatre cinq six sept huit neuf".split()
_WORD = trie([*_WORD_VALUE, *_SCALES, *(f"{m} cents" for m in _MULTIPLIERS)], space="[ -]")
# words join with a space or a hyphen; "and" only after a hundred or a thousand, "et" only after a ten
_JOIN = r"(?:[ -]|(?<=hundred) and |(?<=thousand) and |(?:(?<=vingt)|(?<=ente)|(?<=ante))(?: et |-et-))"
WORDS = rf"\b{_WORD}(?:{_JOIN}{_WORD})*\b"  # a run of number words
_WORD_TOKEN = re.compile(rf"(?:{'|'.join(_MULTIPLIERS)})[ -]cents|[a-z]+", FLAGS)


def word_numbers(run: str) -> list[int]:
    """The numbers a run of number words says, in order: "twenty-four" is [24], "nine fifteen" is
    [9, 15], "zero six" is [0, 6], "soixante-dix-huit" is [78]."""
    out: list[int] = []
    current: int | None = None
    for token in _WORD_TOKEN.findall(run.lower()):
        if token in ("and", "et"):
            continue
        first = token.split()[0].split("-")[0]
        scale = 1000 if token in ("thousand", "mille") else 100 if token in ("hundred", "cent") else 0
        if token.endswith("cents") and first in _MULTIPLIERS:
            value = _WORD_VALUE[first] * 100
        elif scale and current is not None and 0 < current % scale < (10 if scale == 100 else 1000):
            current += (current % scale) * (scale - 1)  # four hundred, deux cent, two thousand
            continue
        elif scale or token in _WORD_VALUE:
            value = scale or _WORD_VALUE[token]
        else:  # not a number word: it ends the number being read
            out += [] if current is None else [current]
            current = None
            continue
        if current is None:
            current = value
        elif first.startswith("vingt") and current % 100 == 4:
            current += 76  # quatre-vingt
        elif _adds(current, value):
            current += value
        else:
            out.append(current)
            current = value
    if current is not None:
        out.append(current)
    return out


def _adds(current: int, value: int) -> bool:
    """Whether `value` continues the number `current` ("twenty" + "four") or starts a new one."""
    if current >= 1000 and current % 1000 == 0:
        return value < 1000
    if current >= 100 and current % 100 == 0:
        return value < 100
    low = current % 100
    if low in (60, 80) and 10 <= value <= 19:
        return True  # soixante-dix, quatre-vingt-seize
    if low == 10 and value in (7, 8, 9):
        return True  # dix-sept
    return low >= 20 and low % 10 == 0 and 1 <= value <= 9


def number_of(raw: str) -> int | None:
    """A whole number written in digits or words ("14", "fourteen", "quatorze", "a", "une"), or None
    when the words say more than one number."""
    raw = raw.strip().lower()
    if raw.isdigit():
        return int(raw)
    if raw in ("a", "an", "un", "une", "one"):
        return 1
    numbers = word_numbers(raw)
    return numbers[0] if len(numbers) == 1 else None


SENTENCE_END = re.compile(r"[.!?](?=\s|$)|[;\n]|:\s")
_ENDS = (". ", "! ", "? ", ": ", ";", "\n")


def clause_before(folded: str, start: int, reach: int = 80) -> str:
    """The words before `start` back to the start of its sentence (at most `reach` characters)."""
    cut = max(0, start - reach)
    for end in _ENDS:
        at = folded.rfind(end, cut, start)
        if at != -1:
            cut = at + len(end)
    return folded[cut:start]


def clause_after(folded: str, end: int, reach: int = 60) -> str:
    """The words after `end` up to the end of its sentence (at most `reach` characters)."""
    window = folded[end : end + reach]
    stop = SENTENCE_END.search(window)
    return window[: stop.start()] if stop else window
