"""Durations: "14 jours", "5 working days", "48h", "two weeks", "a fortnight", "30-day", "3 to 5 days",
"3 hours 40 minutes" (220 minutes), "une demi-heure". Not frequencies ("every 15 minutes", "24 hours a
day"), rates ("£38 a month"), ages ("82 ans", "a 7-year-old") or vague spans ("a few days")."""

from __future__ import annotations

import re

from bench.core.values.base import EXPLICIT, FLAGS, WORDS, Found, clause_before, found, number_of, trie
from bench.core.values.times import hours_are_a_duration

# The words of each unit; "clock" is the French hour ("2 h", "48 heures"), which may be a time of day too.
_UNIT_WORDS = {
    "working_day": "working day,working days,working-day,business day,business days,business-day,jour ouvre,"
    "jours ouvres,jour ouvrable,jours ouvrables",
    "minute": "minute,minutes,min,mins,mn",
    "hour": "hour,hours,hr,hrs",
    "clock": "h,heure,heures",
    "day": "day,days,jour,jours,journee,journees",
    "week": "week,weeks,semaine,semaines",
    "fortnight": "fortnight,fortnights",
    "month": "month,months,mois",
    "year": "year,years,an,ans,annee,annees",
}
_UNIT_OF = {word: unit for unit, words in _UNIT_WORDS.items() for word in words.split(",")}
_COUNT = rf"\d+(?:[.,]5)?|{WORDS}|an?|une?"
# A duration is read from its unit ("days", "48h", "30-day") back to its count: units are rarer than words.
_UNIT_WORD = re.compile(rf"{trie(_UNIT_OF)}(?:\b|(?<=h)(?=\d))", FLAGS)
_COUNT_BEFORE = re.compile(rf"(?<![\w.,£€$/])(?P<n>{_COUNT})(?:\s*-\s*|\s?)$", FLAGS)
# The first number of a range shares the unit of the second: "3 to 5 working days", "3-5 jours".
_RANGE_FIRST = re.compile(rf"(?<![\w.,£€$/-])(?P<n>\d+|{WORDS})\s*(?:-|to|a|and|et|or|ou)\s*$", FLAGS)
# "3 hours 40 minutes"; "4 h 05" when the words around it make it a length of time
_MINUTES_AFTER = re.compile(
    rf"\s?(?:and\s+|et\s+)?(?P<m>\d\d?|{WORDS})(?:\s?(?P<unit>minutes?|mins?|mn)\b|(?!\w))", FLAGS
)
_HALVES = re.compile(
    rf"\b(?:(?P<half>half\s+an\s+hour|a\s+half[\s-]hour|une\s+demi-?heure|(?<!une )demi-heure)"
    rf"|(?P<h>{_COUNT})\s+(?:hours?\s+and\s+a\s+half|heures?\s+et\s+demie)"
    rf"|(?P<h2>{_COUNT})\s+and\s+a\s+half\s+hours?)\b",
    FLAGS,
)
_FREQUENCY_BEFORE = re.compile(
    r"\b(?:every|each|per|par|tous\s+les|toutes\s+les|chaque|once|twice|times|fois)\s+$", FLAGS
)
_FREQUENCY_AFTER = re.compile(
    r"\s*(?:(?:a|an|per|par|each|every)\s+|/\s*)(?:day|week|month|year|jour|semaine|mois|an|hour|heure|24|7|j)\b",
    FLAGS,
)
# "£38 a month", "twice a day", "24 hours a day": the article is a rate, not one month or one day
_RATE_BEFORE = re.compile(
    r"(?:[\d€£$%]|\b(?:once|twice|times|fois|per|par|hours?|minutes?|days?|weeks?|heures?|jours?))\s*$", FLAGS
)
_PERSON = (
    r"fille|fils|mere|pere|enfant|bebe|mari|femme|epouse|epoux|grand-mere|grand-pere|personne|passager|jeune"
    r"|soeur|frere|homme|garcon|client|cliente|daughter|son|child|kid|mother|father|mum|mom|dad|wife|husband"
)
_AGE_BEFORE = re.compile(
    rf"(?:\b(?:j'ai|ai|as|a|avons|avez|ont|agee?s?\s+de|age\s+de|aged|age)|\b(?:{_PERSON})s?\s+(?:de|d'|agee?s?\s+de)"
    r"(?:\s+(?:moins|plus)\s+de)?|\bmoins\s+de|\bunder|\bover)\s*$",
    FLAGS,
)
_BOUND = re.compile(
    r"\b(?:minimum|maximum|min|max|limit|at\s+least|at\s+most|au\s+moins|au\s+plus|au\s+minimum|au\s+maximum)"
    r"(?:\s+\w+)?\s*(?:is|est\s+de|est|of|:)?\s+(?P<n>\d+)(?=\s*(?:[.;!?)]|$))",
    FLAGS,
)
_OLD = re.compile(r"[\s-]*old\b", FLAGS)
_SOME_DAY = re.compile(r"\b(?:sous|en|dans|pendant|durant|d'|de|delai\s+d'|delai\s+de)\s*$", FLAGS)
_ARTICLES = ("a", "an", "un", "une")


def read_durations(text: str, low: str) -> list[Found]:
    out: list[Found] = []
    for u in _UNIT_WORD.finditer(low):
        if u.start() and low[u.start() - 1].isalpha():
            continue  # inside a word: "the", "mission"
        m = _COUNT_BEFORE.search(low, max(0, u.start() - 40), u.start())
        kind, count, end = _UNIT_OF[" ".join(u[0].replace("-", " ").split())], _count(m["n"]) if m else None, u.end()
        if count is None:
            continue
        unit = "hour" if kind == "clock" else "week" if kind == "fortnight" else kind
        if unit == "hour" and isinstance(count, int) and (minutes := _MINUTES_AFTER.match(low, end)):
            extra = _count(minutes["m"])  # "3 hours 40 minutes", "4 h 05 de retard"
            if isinstance(extra, int) and extra < 60 and (minutes["unit"] or kind == "clock"):
                count, unit, end = count * 60 + extra, "minute", minutes.end()
        if _excluded(low, m, u[0], kind, end):
            continue
        if isinstance(count, float):  # "1.5 hours"
            if unit == "hour":
                out.append(found("duration", int(count * 60), m.start(), end, unit="minute"))
            continue
        if kind == "fortnight":
            count *= 2
        out.append(found("duration", count, m.start(), end, unit=unit))
        first = _RANGE_FIRST.search(low, max(0, m.start() - 25), m.start())
        if first and isinstance(low_end := _count(first["n"]), int) and low_end < count:
            out.append(found("duration", low_end, first.start("n"), first.end("n"), unit=unit))
    if out and ("min" in low or "max" in low or "least" in low or "most" in low or "moins" in low):
        out += _elided(low, out)
    if "half" in low or "demi" in low:
        for m in _HALVES.finditer(low):
            hours = 0 if m["half"] else _count(m["h"] or m["h2"])
            if isinstance(hours, int):
                out.append(found("duration", hours * 60 + 30, m.start(), m.end(), EXPLICIT + 1, unit="minute"))
    return out


def _elided(low: str, spans: list[Found]) -> list[Found]:
    """A bare bound after a duration keeps its unit: "the connection is 50 minutes; the minimum is 40"."""
    out = []
    for m in _BOUND.finditer(low):
        before = [d for d in spans if d.end <= m.start() and m.start() - d.end < 80 and isinstance(d.value, int)]
        if before:
            nearest = max(before, key=lambda d: d.end)
            out.append(found("duration", int(m["n"]), m.start("n"), m.end("n"), unit=nearest.unit))
    return out


def _count(raw: str) -> int | float | None:
    if raw[0].isdigit() and not raw.isdigit():
        return float(raw.replace(",", "."))  # "1.5", "2,5"
    return number_of(raw)


def _excluded(low: str, m: re.Match, unit_word: str, kind: str, end: int) -> bool:
    before = clause_before(low, m.start(), 40)
    if _FREQUENCY_BEFORE.search(before) or _FREQUENCY_AFTER.match(low, end):
        return True  # "every 15 minutes", "24 hours a day", "24h/24"
    article = m["n"] in _ARTICLES
    if article and _RATE_BEFORE.search(before):
        return True
    if kind == "year" and (_AGE_BEFORE.search(before) or _OLD.match(low, end)):
        return True  # "j'ai 82 ans", "a 7-year-old"
    if article and unit_word == "jour" and not _SOME_DAY.search(before):
        return True  # "un jour" is "some day" unless a span is meant ("sous un jour")
    if kind == "clock":  # "9 h", "à 16 heures" are times of day
        hours = _count(m["n"])
        return isinstance(hours, int) and not hours_are_a_duration(low, m.start("n"), end, hours)
    return False
