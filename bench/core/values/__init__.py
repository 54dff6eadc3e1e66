"""Every value a reply states, read into typed canonical values, so that a scorer compares "12.03.2026",
"12 March" and "Thursday 12 March" with the customer's record 2026-03-12, and "8,450 pounds" with 8450.00.

Seven types, in English and French as customers and bots write them (the corpus in
validation/corpora/values/README.md sets the rules):

- date: "YYYY-MM-DD" (`year_stated` is False when the text does not write the year)
- time: "HH:MM" on a 24-hour clock
- amount: a decimal string with two decimals, `currency` "GBP", "EUR", "USD" or None
- percentage: a decimal string as written ("20", "2.5")
- phone: the digits, with a leading + when a country code is given
- duration: an int, with its `unit` (minute, hour, day, working_day, week, month, year)
- reference: upper case without spaces or hyphens (orders, bookings, cases, accounts...)

The reader is rules and regular expressions over the text folded to plain ASCII (accents, odd spaces and
dashes made plain, one character for one, so spans stay true). One module per family: `days` and
`resolve` (dates, with `tense` for the year of "12 March"), `times`, `money` (amounts and percentages),
`durations`, `ids` (phones and references); `base` holds what they share.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from bench.core.values.base import Found, Value, fold, lower
from bench.core.values.days import read_dates
from bench.core.values.durations import read_durations
from bench.core.values.ids import read_phones, read_references
from bench.core.values.money import read_money
from bench.core.values.times import read_times

__all__ = ["Value", "amounts", "dates", "extract", "of_type"]


def extract(text: str, today: date | None = None, language: str | None = None) -> list[Value]:
    """Every value `text` states, in order of appearance.

    `today` (the conversation's date) resolves dates without a year, by the tense around them ("was
    delivered on 24 March" is the last 24 March, "until 23 April" the next one, the nearest when nothing
    says), and relative dates ("tomorrow", "next Tuesday", "dans 3 jours"). Without it, a date without a
    year takes the first year the text writes, else 2000 (a leap year, so 29 February survives): its
    `year_stated` is False, so compare its month and day only. Relative dates are then skipped.

    `language` ("en" or "fr") is accepted for the callers' convenience but not needed: both languages are
    read whatever it says, since replies mix them (a French customer quoting an English booking).
    """
    return list(_extract_cached(text, today, language))


def of_type(values: list[Value], kind: str) -> list[Value]:
    """The values of one type ("date", "amount"...), in text order."""
    return [v for v in values if v.type == kind]


def amounts(text: str, today: date | None = None, language: str | None = None) -> list[Value]:
    """The amounts `text` states, to compare with the customer's records."""
    return of_type(extract(text, today, language), "amount")


def dates(text: str, today: date | None = None, language: str | None = None) -> list[Value]:
    """The dates `text` states, relative ones resolved against `today`."""
    return of_type(extract(text, today, language), "date")


@lru_cache(maxsize=8192)  # every scorer reads the same replies: read each once
def _extract_cached(text: str, today: date | None, language: str | None) -> tuple[Value, ...]:
    return _extract_uncached(text, today, language)


def _extract_uncached(text: str, today: date | None, language: str | None) -> tuple[Value, ...]:
    folded = fold(text)
    low = lower(folded)
    candidates: list[Found] = read_dates(text, low, today) + read_times(text, low) + read_money(text, low)
    candidates += read_durations(text, low) + read_phones(text, low) + read_references(text, folded, low)
    return tuple(c.to_value() for c in _settle(candidates))


def _settle(candidates: list[Found]) -> list[Found]:
    """Where readings overlap, the surer one stays, then the longer one ("£8,450.00" over "8,450.00")."""
    taken = bytearray(max((c.end for c in candidates), default=0))
    kept: list[Found] = []
    for c in sorted(candidates, key=lambda c: (-c.strength, c.start - c.end, c.start)):
        if taken.find(1, c.start, c.end) == -1:
            taken[c.start : c.end] = b"\x01" * (c.end - c.start)
            kept.append(c)
    kept.sort()
    return kept
