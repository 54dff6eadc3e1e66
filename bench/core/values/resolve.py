"""Turning what a text says about a day into a calendar date: the year of "12 March", the month of
"the 14th", the day of "next Tuesday" or "le lendemain", from the conversation's date and the tense."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from bench.core.values.base import EXPLICIT
from bench.core.values.tense import FUTURE, PAST, tense


@dataclass
class Mention:
    """A date as written, before it is placed in the calendar."""

    start: int
    end: int
    kind: str  # full (a day and a month) | day (of a month) | weekday | offset (from today) | anchored | month
    month: int = 0
    day: int = 0
    year: int | None = None
    weekday: int | None = None
    shift: int = 0  # offset, anchored: days; weekday: extra weeks ("mardi en huit"); full: years ("next year")
    direction: int = 0  # weekday: FUTURE for "next Tuesday", PAST for "last Tuesday"
    strength: int = EXPLICIT


def place(mentions: list[Mention], text: str, folded: str, today: date | None) -> list[tuple[Mention, date]]:
    """Each mention (in text order) with its date; mentions that cannot be placed are left out. A bare day
    reads in the month last named ("le 2 octobre ... jusqu'au 10" is 10 October), and the tense of a
    mention is looked for between its neighbours."""
    out = []
    anchor: date | None = None
    stated_years = [m.year for m in mentions if m.kind == "full" and m.year]
    for i, m in enumerate(mentions):
        floor = mentions[i - 1].end if i else 0
        ceiling = mentions[i + 1].start if i + 1 < len(mentions) else None
        when = _place(m, text, folded, today, anchor, stated_years, (floor, ceiling))
        if when is None:
            continue
        if m.kind in ("full", "month"):
            anchor = when
        out.append((m, when))
    return out


def _place(
    m: Mention,
    text: str,
    folded: str,
    today: date | None,
    anchor: date | None,
    stated_years: list[int],
    bounds: tuple[int, int | None],
) -> date | None:
    if m.kind == "full" and m.year:
        return _date(m.year, m.month, m.day)
    if m.kind == "anchored":
        return anchor + timedelta(days=m.shift) if anchor else None
    if m.kind == "day" and anchor is not None:
        return _next_day_from(anchor, m.day, m.weekday)
    if today is None:
        return _without_today(m, stated_years)
    if m.kind == "offset":
        return today + timedelta(days=m.shift)
    if m.kind == "weekday":
        direction = m.direction or tense(folded, text, m.start, m.end, *bounds)[0] or FUTURE
        return _weekday_from(today, m.weekday or 0, direction) + timedelta(weeks=m.shift)
    if m.kind == "month":
        return _pick(today, [date(y, m.month, 1) for y in (today.year - 1, today.year, today.year + 1)], 0, False)
    if m.kind == "full" and m.shift:
        return _date(today.year + m.shift, m.month, m.day)  # "1 April next year"
    direction, weak = tense(folded, text, m.start, m.end, *bounds)
    if m.kind == "full":
        options = [d for y in range(today.year - 1, today.year + 2) if (d := _date(y, m.month, m.day))]
    else:
        options = [d for k in range(-12, 13) if (d := _day_in_month(today, k, m.day))]
        if m.weekday is None:
            options = [d for d in options if abs((d - today).days) < 62]
    if m.weekday is not None:  # "Thursday 12 March": the year whose 12 March is a Thursday
        options = [d for d in options if d.weekday() == m.weekday] or options
    return _pick(today, options, direction, weak) if options else None


def _without_today(m: Mention, stated_years: list[int]) -> date | None:
    """With no conversation date, a day and month take the first year the text writes, else 2000 (a leap
    year, so 29 February survives); anything relative is left out."""
    if m.kind not in ("full", "month"):
        return None
    year = (stated_years[0] if stated_years else 2000) + m.shift
    return _date(year, m.month, m.day or 1)


def _pick(today: date, options: list[date], direction: int, weak: bool) -> date:
    """The option the tense points to (the first on or after today, or the last on or before it), else
    the nearest. A weak cue gives way when it would land more than about half a year away."""
    nearest = min(options, key=lambda d: (abs((d - today).days), d < today))
    ahead = [d for d in options if d >= today]
    behind = [d for d in options if d <= today]
    choice = min(ahead) if direction == FUTURE and ahead else max(behind) if direction == PAST and behind else None
    if choice is None or (weak and abs((choice - today).days) > 200):
        return nearest
    return choice


def _weekday_from(today: date, weekday: int, direction: int) -> date:
    """The first such weekday after today, or the last one before it: never today itself."""
    if direction == PAST:
        return today - timedelta(days=(today.weekday() - weekday - 1) % 7 + 1)
    return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)


def _next_day_from(anchor: date, day: int, weekday: int | None) -> date | None:
    for k in range(13):
        candidate = _day_in_month(anchor, k, day)
        if candidate and candidate >= anchor and (weekday is None or candidate.weekday() == weekday):
            return candidate
    return None


def _day_in_month(origin: date, months_ahead: int, day: int) -> date | None:
    year, month = divmod(origin.year * 12 + origin.month - 1 + months_ahead, 12)
    return _date(year, month + 1, day)


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
