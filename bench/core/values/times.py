"""Times of day, as "HH:MM" on a 24-hour clock: "14:30", "2.30pm", "7 am", "14h30", "9 h", "midi",
"nine fifteen", "half past two in the afternoon", "quatorze heures trente", and bare hours the context
makes times ("call me after 5", "between 12 and 4", "by 10 tonight")."""

from __future__ import annotations

import re

from bench.core.values.base import CONTEXT, EXPLICIT, FLAGS, WORDS, Found, clause_before, found, trie, word_numbers

_AMPM = r"[ap])(?:\.\s?m\.|\s?m\b)"
# Every time written with digits, in one pass: "14:30", "2.30pm", "7 am", "14h30", "16 heures", "5 o'clock".
_DIGITS = re.compile(
    rf"(?=\d)(?<![\d.:/,])(?P<h>[01]?\d|2[0-3])(?:"
    rf":(?P<clock>[0-5]\d)(?![\d:])(?:\s?(?P<ap1>{_AMPM})?"
    rf"|\.(?P<dot>[0-5]\d)(?![\d]|[.,]\d)(?:\s?(?P<ap2>{_AMPM})?"
    rf"|\s?(?P<ap3>{_AMPM}"
    rf"|\s?h(?:\s?(?P<hm>[0-5]\d))?(?![\w/])"
    rf"|\s?(?P<word>heures?)(?:\s(?P<wm>[0-5]\d))?(?![\w/])"
    rf"|\s+(?P<oclock>o'clock)\b"
    r"|(?P<bare>)(?![\w:%/€£$]|[.,]\d))",  # a bare hour: a time only after "after", "between"... (_bare_hour)
    FLAGS,
)
_NOON = re.compile(r"\b(?:(?P<noon>midday|noon|(?<!apres-)(?<!apres )midi)|(?P<midnight>midnight|minuit))\b", FLAGS)
# Hours in English words are read from the hour outwards: "half past two", "at nine fifteen", "at ten o'clock".
_HOUR_WORDS = "one two three four five six seven eight nine ten eleven twelve".split()
_HOUR_WORD = re.compile(rf"\b{trie(_HOUR_WORDS)}\b", FLAGS)
_FRACTION_BEFORE = re.compile(
    r"\b(?P<frac>half|(?:a\s+)?quarter|(?:twenty[\s-])?five|ten|twenty)(?:\s+minutes)?\s+(?P<rel>past|to)\s+$", FLAGS
)
_AT_BEFORE = re.compile(rf"\b{trie('at around about by from until till before after to'.split())}\s+$", FLAGS)
_AFTER_HOUR_WORD = re.compile(rf"\s+(?P<oclock>o'clock)\b|[\s-]+(?P<mins>{WORDS})", FLAGS)
_SPAN_UNIT = re.compile(r"\s+(?:working|business|days?|weeks?|months?|years?|hours?|minutes?|jours?)\b", FLAGS)
_FR_HOUR_WORD = (
    r"une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|dix-sept|dix-huit"
    r"|dix-neuf|vingt|vingt\s+et\s+une|vingt-deux|vingt-trois|zero"
)
_FR_SPOKEN = re.compile(
    rf"\b(?P<h>{_FR_HOUR_WORD})\s+heures?"
    rf"(?:\s+(?P<half>et\s+demie|et\s+quart|moins\s+le\s+quart)|\s+(?P<mins>{WORDS}))?",
    FLAGS,
)
_FR_AT = re.compile(r"(?<!')\b(?:a|vers|des|de|avant|apres)\s+$", FLAGS)
_BARE_CUE = re.compile(
    rf"\b(?P<cue>{trie('after before by at around about from until till between'.split())})\s+$", FLAGS
)
_FIRST_HOUR = re.compile(r"\b(?:entre|de|between|from)\s+(?P<h>[01]?\d|2[0-3])\s+(?:et|a|and|to)\s+$", FLAGS)
_SECOND_HOUR = re.compile(r"\s+(?:and|to|-|et|a)\s+(?P<h>1[0-2]|0?[1-9])(?![\w:%/€£$]|[.,]\d)", FLAGS)
_MORNING = r"in\s+the\s+morning|this\s+morning|du\s+matin|ce\s+matin|le\s+matin|am\b"
_EVENING = (
    r"in\s+the\s+(?:afternoon|evening)|this\s+(?:afternoon|evening)|at\s+night|tonight|de\s+l'apres-midi"
    r"|du\s+soir|ce\s+soir|cet\s+apres-midi|le\s+soir|pm\b"
)
_PART_OF_DAY = re.compile(rf"\s*(?:(?P<am>{_MORNING})|(?P<pm>{_EVENING}))", FLAGS)
# What may follow a bare hour that is a time: "after 5, please", "between 12 and 4."
_FOLLOWS_BARE = re.compile(
    r"\s*(?:[.,;!?)]|$|please|tonight|today|tomorrow|ish|or\b|and\b|pm|am|o'clock|in\s+the|this)", FLAGS
)
_TIME_CUE = re.compile(r"\b(?:at|a|from|vers|des|until|till|leaves?|departs?|arrives?)\s+$", FLAGS)
# What makes "2 h" a length of time rather than a time of day.
_DURATION_BEFORE = re.compile(
    r"\b(?:sous|en|dans|pendant|durant|plus\s+de|moins\s+de|au\s+moins|au\s+bout\s+de|environ|within|for|in|up\s+to"
    r"|retard\s+de|delai\s+de|soit|de\s+plus\s+de|jusqu'a|(?:delayed|late|early)\s+by)\s+$",
    FLAGS,
)
_DURATION_AFTER = re.compile(
    r"\s*(?:de\s+retard|d'attente|de\s+trajet|de\s+vol|de\s+route|apres|plus\s+tard|late)", FLAGS
)
_AT_CLOCK = re.compile(r"\b(?:a|vers|des|de|et|jusqu'a|avant|apres)\s+$", FLAGS)


def hours_are_a_duration(low: str, start: int, end: int, hour: int) -> bool:
    """Whether "2 h", "48h", "4 h 05" or "16 heures" at low[start:end] is a length of time."""
    if hour > 23:
        return True
    before = clause_before(low, start, 30)
    if _DURATION_BEFORE.search(before) or _DURATION_AFTER.match(low, end):
        return True
    if low.startswith("heure", end - 6) or low.startswith("heure", end - 5):  # "48 heures", but "à 16 heures"
        return not _AT_CLOCK.search(before)
    return False


def read_times(text: str, low: str) -> list[Found]:
    out: list[Found] = []
    for m in _DIGITS.finditer(low):
        hour, ap = int(m["h"]), m["ap1"] or m["ap2"] or m["ap3"]
        if ap and not 1 <= hour <= 12 and not m["clock"]:
            continue
        if m["clock"]:
            out.append(_time(low, m.start(), m.end(), hour, int(m["clock"]), ap))
        elif m["dot"] and (ap or _TIME_CUE.search(clause_before(low, m.start(), 20))):
            out.append(_time(low, m.start(), m.end(), hour, int(m["dot"]), ap, EXPLICIT if ap else CONTEXT))
        elif m["ap3"]:
            out.append(_time(low, m.start(), m.end(), hour, 0, ap))
        elif m["oclock"] and 1 <= hour <= 12:
            out.append(found("time", f"{_afternoon(low, m.end(), hour):02d}:00", m.start(), m.end()))
        elif m["bare"] is not None:
            if 1 <= hour <= 12:
                out += _bare_hour(low, m)
        elif not (m["dot"] or m["oclock"]) and not hours_are_a_duration(low, m.start(), m.end(), hour):
            out.append(_time(low, m.start(), m.end(), hour, int(m["hm"] or m["wm"] or 0), None))
            first = _FIRST_HOUR.search(low, max(0, m.start() - 16), m.start())  # "entre 7 et 9 heures"
            if first and int(first["h"]) < hour:
                out.append(_time(low, first.start("h"), first.end("h"), int(first["h"]), 0, None))
    if "mid" in low or "noon" in low or "minuit" in low:
        out += [found("time", "12:00" if m["noon"] else "00:00", m.start(), m.end()) for m in _NOON.finditer(low)]
    out += _english_words(low)
    if "heure" in low:
        out += _french_words(low)
    return out


def _time(low: str, start: int, end: int, hour: int, minute: int, ap: str | None, strength: int = EXPLICIT) -> Found:
    if ap:
        hour = hour % 12 + (12 if ap == "p" else 0)
    elif hour <= 12:
        hour = _with_part_of_day(low, end, hour)
    return found("time", f"{hour:02d}:{minute:02d}", start, end, strength)


def _with_part_of_day(low: str, end: int, hour: int) -> int:
    """The part of the day after an hour sets it: "10 tonight" is 22:00, "6 in the morning" 06:00."""
    part = _PART_OF_DAY.match(low, end)
    if part and part["pm"] and hour < 12:
        return hour + 12
    if part and part["am"] and hour == 12:
        return 0
    return hour


def _afternoon(low: str, end: int, hour: int) -> int:
    """An hour said without am or pm: the words after it decide, else office hours run from 8 to 7, so 1
    to 7 are afternoon hours ("call me after 5", "at half past two")."""
    if _PART_OF_DAY.match(low, end):
        return _with_part_of_day(low, end, hour)
    return hour + 12 if 1 <= hour <= 7 else hour


def _english_words(low: str) -> list[Found]:
    out = []
    for m in _HOUR_WORD.finditer(low):
        hour = _HOUR_WORDS.index(m[0]) + 1
        fraction = _FRACTION_BEFORE.search(low, max(0, m.start() - 30), m.start())
        if fraction and not _SPAN_UNIT.match(low, m.end()):  # "half past two", not "three to five days"
            frac, end = fraction["frac"], m.end()
            minutes = 30 if frac == "half" else 15 if "quarter" in frac else _minutes(frac)
            if fraction["rel"] == "to":
                hour, minutes = (hour - 2) % 12 + 1, 60 - minutes
            start = fraction.start()
        elif cue := _AT_BEFORE.search(low, max(0, m.start() - 8), m.start()):  # "at nine fifteen", "at ten o'clock"
            after = _AFTER_HOUR_WORD.match(low, m.end())
            minutes = _minutes(after["mins"]) if after and after["mins"] else 0
            if not after and not _FOLLOWS_BARE.match(low, m.end()):
                continue
            if cue[0].startswith(("by", "around", "about")) and not (after or _PART_OF_DAY.match(low, m.end())):
                continue  # "one by one"; "by ten tonight" is a time
            start, end = m.start(), after.end() if after and minutes is not None else m.end()
        else:
            continue
        hour = _afternoon(low, end, hour)
        out.append(found("time", f"{hour % 24:02d}:{minutes or 0:02d}", start, end, CONTEXT))
    return out


def _french_words(low: str) -> list[Found]:
    """French hours in words after "à" or "vers": "à quatorze heures trente", "vers seize heures et demie"."""
    out = []
    for m in _FR_SPOKEN.finditer(low):
        hour = (word_numbers(m["h"]) or [None])[0]
        if hour is None or not _FR_AT.search(clause_before(low, m.start(), 25)):
            continue  # without "à", "seize heures" may be a length of time
        half, end = m["half"] or "", m.end()
        minutes = (30 if "demie" in half else 15 if half.startswith("et") else -15) if half else 0
        if m["mins"]:
            minutes = _minutes(m["mins"])
            if minutes is None:
                minutes, end = 0, m.start("mins") - 1
        if minutes < 0:
            hour, minutes = hour - 1, 60 + minutes
        out.append(found("time", f"{hour % 24:02d}:{minutes:02d}", m.start(), end, CONTEXT))
    return out


def _minutes(words: str) -> int | None:
    numbers = word_numbers(words)
    return numbers[0] if len(numbers) == 1 and 0 <= numbers[0] < 60 else None


def _bare_hour(low: str, m: re.Match) -> list[Found]:
    """A bare hour after "after", "at", "between"... when nothing after it makes it a count."""
    cue = _BARE_CUE.search(low, max(0, m.start() - 9), m.start())
    if not cue:
        return []
    hours = [(int(m["h"]), m.start(), m.end())]
    second = _SECOND_HOUR.match(low, m.end()) if cue["cue"] in ("between", "from") else None
    if second:
        hours.append((int(second["h"]), second.start("h"), second.end()))
    last = hours[-1][2]
    if not _FOLLOWS_BARE.match(low, last) or (cue["cue"] == "between" and not second):
        return []
    if cue["cue"] in ("by", "around", "about") and not _PART_OF_DAY.match(low, last):
        return []  # "reduced by 5." is no time; "by 10 tonight" is
    return [found("time", f"{_afternoon(low, last, hour):02d}:00", start, end, CONTEXT) for hour, start, end in hours]
