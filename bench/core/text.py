"""Text matching shared by the simulated customer and the scorers.

Everything matches on a normalised form (case-folded, accents and thin spaces removed) so that
"14 Mars", "14 mars" and "14\u202fmars" are one thing, and a scenario author never has to list
typography variants.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_CURRENCY_GAP = re.compile(r"(\d)\s*([€$£])|([€$£])\s*(\d)")


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=16384)  # scorers and the customer normalise the same replies many times
def normalise(text: str) -> str:
    """Lower-case, strip accents, unify quotes and spaces, glue currency symbols to numbers."""
    text = strip_accents(text).casefold()
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = _SPACES.sub(" ", text).strip()
    return _CURRENCY_GAP.sub(lambda m: (m[1] or m[3]) + (m[2] or m[4]), text)


def mentions(text: str, form: str) -> bool:
    """True when `form` appears in `text` as a whole word or phrase, after normalisation."""
    needle = normalise(form)
    if not needle:
        return False
    return re.search(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", normalise(text)) is not None


def mentions_any(text: str, forms: list[str]) -> str | None:
    """The first of `forms` that `text` mentions, or None."""
    return next((f for f in forms if mentions(text, f)), None)


def matches_any(text: str, patterns: list[str]) -> re.Match | None:
    """First match of any regular expression in normalised `text`. Patterns match case-insensitively
    and without accents (only accents are stripped from them: lower-casing would turn \\S into \\s)."""
    haystack = normalise(text)
    for pattern in patterns:
        found = _compiled(pattern).search(haystack)
        if found:
            return found
    return None


@lru_cache(maxsize=8192)
def _compiled(pattern: str) -> re.Pattern:
    return re.compile(pattern_form(pattern), re.IGNORECASE)


@lru_cache(maxsize=4096)
def pattern_form(pattern: str) -> str:
    """A pattern as normalised text is: no accents, plain spaces, € and £ glued to their number
    ($ is left alone: in a pattern it is the end anchor)."""
    pattern = _SPACES.sub(" ", strip_accents(pattern))
    return re.sub(r"(\d) ?([€£])|([€£]) ?(\d)", lambda m: (m[1] or m[3]) + (m[2] or m[4]), pattern)


def excerpt(text: str, needle: str = "", width: int = 160) -> str:
    """The sentence of `text` that contains `needle` (compared normalised), for quoting as evidence."""
    sentences, joined, starts = _sentences(text)
    wanted = normalise(needle)
    # one search of the joined sentences (split by a newline, which no normalised sentence holds)
    # rather than one per sentence: a long reply has as many findings as sentences
    found = joined.find(wanted) if wanted and "\n" not in wanted else -1
    chosen = sentences[bisect_right(starts, found) - 1] if found >= 0 else sentences[0]
    # spaces collapsed in a prefix that is long enough, not in the whole of a sentence that may be huge
    span = 2 * width
    while True:
        shown = _SPACES.sub(" ", chosen[:span])
        if len(shown) > width or span >= len(chosen):
            break
        span *= 4
    if span < len(chosen):
        shown += " "  # something follows: the quote is cut below whatever its length
    return shown if len(shown) <= width else shown[: width - 1] + "…"


@lru_cache(maxsize=64)
def _sentences(text: str) -> tuple[list[str], str, list[int]]:
    """The sentences of `text`, their normalised forms joined by newlines, and where each starts."""
    sentences = [s.strip() for s in _SENTENCE_END.split(text) if s.strip()] or [text]
    forms = [normalise.__wrapped__(s) for s in sentences]  # not cached: a long reply would flush the cache
    starts, at = [], 0
    for form in forms:
        starts.append(at)
        at += len(form) + 1
    return sentences, "\n".join(forms), starts


_SENTENCE_END = re.compile(r"(?<=[.!?\n])\s+")


_EN_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_FR_MONTHS = [
    "janvier",
    "fevrier",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "aout",
    "septembre",
    "octobre",
    "novembre",
    "decembre",
]
_MONTH = {name: i + 1 for names in (_EN_MONTHS, _FR_MONTHS) for i, name in enumerate(names)}
_MONTH_NAMES = "|".join(sorted(_MONTH, key=len, reverse=True))
_DATE_PATTERNS = [
    # 2026-03-14
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})(?!\d)"), lambda m: (int(m[1]), int(m[2]), int(m[3]))),
    # 14/03/2026 (European order; the benchmark's locales are en-GB style and fr)
    (re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b"), lambda m: (int(m[3]), int(m[2]), int(m[1]))),
    # 14 March 2026, 14 mars, 1er mars
    (
        re.compile(rf"\b(\d{{1,2}})(er|st|nd|rd|th)? (of )?({_MONTH_NAMES})\b(?:,? (\d{{4}})(?![-/]?\d))?"),
        lambda m: (
            (int(m[5]) if m[5] else None, _MONTH[m[4]], int(m[1]))
            # "2 may arrive": English "may" is a date only with a year, an ordinal or "of"
            if m[4] != "may" or m[2] or m[3] or m[5]
            else None
        ),
    ),
    # March 14, 2026 / March 14th
    (
        re.compile(rf"\b({_MONTH_NAMES}) (\d{{1,2}})(?:st|nd|rd|th)?\b(?:,? (\d{{4}})(?![-/]?\d))?"),
        lambda m: (int(m[3]) if m[3] else None, _MONTH[m[1]], int(m[2])),
    ),
]


def find_dates(text: str) -> list[tuple[int | None, int, int, str]]:
    """Calendar dates written in `text` as (year or None, month, day, the words), EN and FR forms."""
    flat = normalise(text)
    found: list[tuple[int | None, int, int, str]] = []
    taken: list[range] = []
    for pattern, parts in _DATE_PATTERNS:
        for m in pattern.finditer(flat):
            if any(m.start() < span.stop and span.start < m.end() for span in taken):
                continue
            read = parts(m)
            if read is None or not _is_calendar_date(*read):
                continue
            found.append((*read, m[0]))
            taken.append(range(m.start(), m.end()))
    return found


def _is_calendar_date(year: int | None, month: int, day: int) -> bool:
    try:
        date(year or 2000, month, day)  # 2000 was a leap year: 29 February stays possible
    except ValueError:
        return False
    return True


# 8,450.00 / 8 450,00 / 8450.00 / 49,9: thousands groups only when there is one, so "8450.00" is not "845"
NUMBER = r"(?:\d{1,3}(?:[ ,.]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)(?![\d])"
_AMOUNT = re.compile(rf"(?:[€$£]\s?({NUMBER}))|(?:({NUMBER})\s?(?:[€$£]|eur\b|euros?\b|usd\b|gbp\b))")


def find_amounts(text: str) -> list[tuple[Decimal, str]]:
    """Money amounts written with a currency in `text`: (value, the words). 49,90 € and €49.90 alike."""
    out = []
    for m in _AMOUNT.finditer(normalise(text)):
        raw = m[1] or m[2]
        value = parse_number(raw)
        if value is not None:
            out.append((value, m[0]))
    return out


def parse_number(raw: str) -> Decimal | None:
    """A number as written in English or French (8,450.00 or 8 450,00), or None."""
    raw = raw.replace(" ", "")
    if re.search(r"[.,]\d{1,2}$", raw):  # last separator is the decimal one
        whole, frac = raw[: -len(re.search(r"[.,](\d{1,2})$", raw)[0])], re.search(r"(\d{1,2})$", raw)[0]
        raw = re.sub(r"[.,]", "", whole) + "." + frac
    else:
        raw = re.sub(r"[.,]", "", raw)
    try:
        return Decimal(raw)
    except InvalidOperation:
        return None


def leaves(node: Any) -> Iterator[Any]:
    """The scalar values of a JSON-like value (a world, a tool result), depth first."""
    if isinstance(node, dict):
        for value in node.values():
            yield from leaves(value)
    elif isinstance(node, list):
        for value in node:
            yield from leaves(value)
    else:
        yield node


def texts_in(node: Any) -> Iterator[str]:
    """Every mapping key and scalar of a JSON-like value as text (booleans and nulls left out):
    what a bot could cite from a world or a tool result."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield str(key)
            yield from texts_in(value)
    elif isinstance(node, list):
        for value in node:
            yield from texts_in(value)
    elif node is not None and not isinstance(node, bool):
        yield str(node)
