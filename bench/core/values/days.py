"""Dates: numeric ("12/03/2026", "18.03"), written ("Thursday 12 March", "le 1er avril", "the 14th"),
weekdays and relative dates ("tomorrow", "dans 3 jours"). `resolve` places them in the calendar."""

from __future__ import annotations

import re
from datetime import date

from bench.core.values.base import CONTEXT, EXPLICIT, FLAGS, WORDS, Found, clause_before, found, number_of, trie
from bench.core.values.resolve import Mention, place
from bench.core.values.tense import FUTURE, PAST

MONTHS = {
    **dict.fromkeys(["january", "jan", "janvier", "janv"], 1),
    **dict.fromkeys(["february", "feb", "fevrier", "fevr", "fev", "febuary"], 2),
    **dict.fromkeys(["march", "mar", "mars"], 3),
    **dict.fromkeys(["april", "apr", "avril", "avr"], 4),
    **dict.fromkeys(["may", "mai"], 5),
    **dict.fromkeys(["june", "jun", "juin"], 6),
    **dict.fromkeys(["july", "jul", "juillet", "juil"], 7),
    **dict.fromkeys(["august", "aug", "aout"], 8),
    **dict.fromkeys(["september", "sept", "sep", "septembre"], 9),
    **dict.fromkeys(["october", "oct", "octobre"], 10),
    **dict.fromkeys(["november", "nov", "novembre"], 11),
    **dict.fromkeys(["december", "dec", "decembre"], 12),
}
_EN_MONTHS = "january february march april may june july august september october november december jan feb mar "
_EN_MONTHS += "apr jun jul aug sept sep oct nov dec"
WEEKDAYS = {
    **dict.fromkeys(["monday", "lundi"], 0),
    **dict.fromkeys(["tuesday", "mardi"], 1),
    **dict.fromkeys(["wednesday", "mercredi", "wensday", "wendsday"], 2),
    **dict.fromkeys(["thursday", "jeudi"], 3),
    **dict.fromkeys(["friday", "vendredi"], 4),
    **dict.fromkeys(["saturday", "samedi"], 5),
    **dict.fromkeys(["sunday", "dimanche"], 6),
}
_SHORT_WEEKDAYS = {
    **dict.fromkeys(["mon", "lun"], 0),
    **dict.fromkeys(["tue", "tues", "mar"], 1),
    **dict.fromkeys(["wed", "mer"], 2),
    **dict.fromkeys(["thu", "thur", "thurs", "jeu"], 3),
    **dict.fromkeys(["fri", "ven"], 4),
    **dict.fromkeys(["sat", "sam"], 5),
    **dict.fromkeys(["sun", "dim"], 6),
}
_ORDINALS = "first second third fourth fifth sixth seventh eighth ninth".split()
_TEENS = "tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth"
_EN_ORDINAL_DAYS = {
    **{word: n for n, word in enumerate(_ORDINALS, 1)},
    **{word: n for n, word in enumerate(_TEENS.split(), 10)},
    **{f"twenty{sep}{word}": n for n, word in enumerate(_ORDINALS, 21) for sep in (" ", "-")},
    "twentieth": 20,
    "thirtieth": 30,
    "thirty first": 31,
    "thirty-first": 31,
}

_MONTH = trie(MONTHS)
_WEEKDAY = trie([*WEEKDAYS, *_SHORT_WEEKDAYS])
_FULL_WEEKDAY = trie(WEEKDAYS)
_ORDINAL_WORD = trie(_EN_ORDINAL_DAYS)
_YEAR = r"(?:19|20)\d\d(?![\d/.,:]\d)"
_RELATIVE_YEAR = r"next\s+year|last\s+year|l'annee\s+prochaine|l'an\s+prochain|l'annee\s+derniere|l'an\s+dernier"

# A written date is read from its month outwards: the day before it ("12 March", "1er avril", "the
# seventeenth of july"), or after it in English ("July 24th"), then a year ("4 oct. 2026", "1 April next
# year") and a weekday or an article before it all ("Thursday 12 March", "lun. 4 oct.").
_MONTH_NAMED = re.compile(rf"\b{_MONTH}\b", FLAGS)
_DAY_BEFORE = re.compile(
    rf"(?:(?<![\w.,/:£€$])(?P<day>[0-3]?\d)(?P<suf>st|nd|rd|th|er|eme|e)?|\b(?P<dayw>{_ORDINAL_WORD}|premier|{WORDS}))"
    r"(?:\s+(?P<of>of\s+)?|-)$",
    FLAGS,
)
_DAY_AFTER = re.compile(r"\.?\s+(?:the\s+)?(?P<day>[0-3]?\d)(?P<suf>st|nd|rd|th)?\b(?![.,:]\d)", FLAGS)
_EN_MONTH = set(_EN_MONTHS.split())
_ABBREVIATED = {m for m in MONTHS if len(m) <= 4 and m not in ("may", "mai", "juin", "aout", "june", "july", "mars")}
_YEAR_AFTER = re.compile(rf"\.?(?:(?:,?\s+|-)(?P<year>{_YEAR})\b|\s+(?P<rel>{_RELATIVE_YEAR})\b)?", FLAGS)
_PREFIX = re.compile(rf"(?:\b(?P<wd>{_WEEKDAY})\.?,?\s+)?(?:\b(?:the|le)\s+)?$", FLAGS)
# "2026-03-12", "12/03/2026", "12.03.2026", "2/1/26", "12/03", "18.03"
_NUMERIC = re.compile(
    r"(?=\d)(?<![\w/.,:-])(?:(?P<iso>(?:19|20)\d\d)-(?P<isomon>[01]?\d)-(?P<isoday>[0-3]?\d)(?![\w/-]|\.\d)"
    r"|(?P<day>[0-3]?\d)(?P<sep>[/.-])(?P<mon>[01]?\d)(?:(?P=sep)(?P<year>(?:19|20)?\d\d))?"
    r"(?![\w/-]|[.,:]?\d|\s?(?:%|€|£|\$|[ap]\.?m\b)))",
    FLAGS,
)
# "the 14th", "the fourteenth" (a weekday before it is read apart: "Thursday the 9th", "tusday the 1st")
_ORDINAL = re.compile(rf"\bthe\s+(?:(?P<day>[0-3]?\d)(?:st|nd|rd|th)|(?P<dayw>{_ORDINAL_WORD}))\b", FLAGS)
_WORD_BEFORE = re.compile(r"([a-z]{3,10})\s+$", FLAGS)
# French "le 18", "jusqu'au 10", "celui du 4", "mardi 12"
_BARE_DAY = re.compile(
    rf"\b(?:(?:le|du|au|jusqu'au|jusqu'a|celui\s+du|celle\s+du)\s+(?:(?P<wd>{_FULL_WEEKDAY})\s+)?"
    rf"|(?P<wd2>{_FULL_WEEKDAY})\s+)(?P<day>[0-3]?\d|1er|premier)(?:(?<=\d)(?:st|nd|rd|th))?\b(?!\s*[.,:/h]\d)",
    FLAGS,
)
_WEEKDAY_BEFORE = re.compile(rf"\b{_WEEKDAY}\.?,?\s+$", FLAGS)
_FRENCH_DAY_CUE = re.compile(r"\b(?:le|du|au|jusqu'au|jusqu'a)\s+(?:1er|\d)", FLAGS)
_WEEKDAY_ALONE = re.compile(rf"\b(?:{_FULL_WEEKDAY}|[mtwfs][a-z]{{2,7}}d[a-z]?y)\b", FLAGS)
_HABIT_AFTER = re.compile(r"\s+(?:mornings|afternoons|evenings|nights)\b", FLAGS)
_WEEKDAY_MODIFIER = re.compile(r"\b(?:next|this|last|coming|ce)\s+$", FLAGS)
_WEEKDAY_AFTER = re.compile(r"\s+(?:prochain|dernier|en\s+huit|week)\b", FLAGS)
_WEEKDAY_RANGE = re.compile(
    rf"\b{_WEEKDAY}\.?\s*(?:-|to|through|thru|till|until|au|a|jusqu'au|and|&)\s*{_WEEKDAY}\b", FLAGS
)
_HABIT = re.compile(r"\b(?:every|each|le|tous\s+les|chaque|black|cyber|good|easter|boxing)\s+$", FLAGS)
_FIXED = {
    "today": 0, "aujourd'hui": 0, "aujourd hui": 0, "ce jour": 0, "tomorrow": 1, "demain": 1, "tmrw": 1,
    "tomorow": 1, "tommorow": 1, "tommorrow": 1,
    "apres-demain": 2, "apres demain": 2, "the day after tomorrow": 2, "yesterday": -1, "hier": -1,
    "avant-hier": -2, "avant hier": -2, "the day before yesterday": -2,
}  # fmt: skip
_RELATIVE = re.compile(rf"\b{trie(_FIXED)}\b(?!-la)", FLAGS)
# "in 3 days", "dans 4 jours", "two weeks from today", "45 days ago", "il y a 3 jours", read from the unit
_DAYS = re.compile(r"\b(?:days?|weeks?|jours?|semaines?)\b(?!\s+(?:ouvr|working|business))", FLAGS)
_COUNT_BEFORE = re.compile(
    rf"(?:\b(?P<ahead>in|dans)\s+|\b(?P<back>il\s+y\s+a)\s+)?(?<![\w.,])(?P<n>\d+|{WORDS}|an?|une?)\s+$", FLAGS
)
_DAYS_AFTER = re.compile(r"'?s?\s+time\b|\s+(?P<ago>ago)\b|\s+(?P<from>from\s+(?:today|now))\b", FLAGS)
_AFTER_ANCHOR = {
    "le lendemain": 1, "le surlendemain": 2, "la veille": -1, "the next day": 1, "the following day": 1,
    "the day after": 1, "the day before": -1, "the previous day": -1,
}  # fmt: skip
_ANCHORED = re.compile(rf"\b{trie(_AFTER_ANCHOR)}\b(?!\s+(?:tomorrow|yesterday))", FLAGS)
_MONTH_ALONE = re.compile(rf"\b{trie(m for m in MONTHS if len(m) > 3 and m != 'sept')}\b", FLAGS)
_PHATIC = re.compile(r"\b(?:help|assist|do\s+for\s+you|how\s+are\s+you|aider|faire\s+pour\s+vous)\b", FLAGS)
_DATE_CUE = re.compile(
    r"\b(?:on|by|until|till|since|from|before|after|of|dated?|le|du|au|jusqu'au|depuis|avant|apres|des)\s+$", FLAGS
)
# "between 16 and 19 October", "du 3 au 6 août", "12-19 Feb", "du lundi 8 au vendredi 12 mars"
_RANGE_START = re.compile(
    rf"(?:\b(?P<wd>{_FULL_WEEKDAY})\s+)?(?<![\w.,£€$])(?P<day>[0-3]?\d)(?:st|nd|rd|th|er)?\s*"
    rf"(?:-|to|and|au|et|a|&|or|ou)\s*(?:(?:the|le)\s+)?(?:{_FULL_WEEKDAY}\s+)?$",
    FLAGS,
)
# After "the 14th" or "le 18", a noun makes an ordinal ("the 2nd floor", "le 5 de chaque mois"); these do not.
_FOLLOWERS = set(
    "at and or but by before after so then in on from to until till which that is was will would should could "
    "can according if as please when between around i we you it he she they the latest instead because since "
    "with via for morning afternoon evening night onwards too also already still not et ou a au mais car donc "
    "je j vous nous il elle on ils elles prochain dernier inclus matin soir midi avant apres si se sera puis "
    "alors ce c comme".split()
)
_RECURRING = re.compile(r"\s+(?:of\s+)?(?:(?:every|each|the)\s+month|every|each|de\s+chaque|de\s+tous|du\s+mois)\b")
_NEXT_WORD = re.compile(r"\s*([a-z]+)'?", FLAGS)
_THEN_DIGIT = re.compile(r"\s+\d", FLAGS)
_SENTENCE_STOP = re.compile(r"\s*[?.!]", FLAGS)
_DIGIT = re.compile(r"\d")
_DAY_WORDS = ("today", "tom", "tmrw", "yesterday", "aujourd", "demain", "hier", "ce jour")


def read_dates(text: str, low: str, today: date | None) -> list[Found]:
    """Dates in `low` (the text folded and lower-cased); `text` keeps the case ("May" or "may")."""
    mentions = _longest(_mentions(text, low))
    return [
        found("date", when.isoformat(), m.start, m.end, m.strength, year_stated=m.kind == "full" and bool(m.year))
        for m, when in place(mentions, text, low, today)
        if m.kind != "month"
    ]


def _longest(mentions: list[Mention]) -> list[Mention]:
    """Overlapping readings keep the longest: "Thursday 12 March" over "Thursday" and "12"."""
    taken = bytearray(max((m.end for m in mentions), default=0) + 1)
    kept: list[Mention] = []
    for m in sorted(mentions, key=lambda m: (m.start - m.end, m.start)):
        if taken.find(1, m.start, max(m.end, m.start + 1)) == -1:  # a month named alone has an empty span
            taken[m.start : m.end] = b"\x01" * (m.end - m.start)
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)


def _mentions(text: str, low: str) -> list[Mention]:
    """Every way of writing a day, each looked for only when a cheap test says it may be there."""
    digits = _DIGIT.search(low) is not None
    out = _written(text, low)
    if digits:
        out += _numeric(low)
    if "the " in low:
        out += _ordinals(low)
    weekdays = _weekdays(low) if "di" in low or "day" in low or "dy" in low else []
    if digits and (weekdays or _FRENCH_DAY_CUE.search(low)):
        out += _bare_days(low)
    out += weekdays
    if any(word in low for word in _DAY_WORDS):
        out += _fixed(low)
    if "day" in low or "week" in low or "jour" in low or "semaine" in low:
        out += _counted(low)
    if "lendemain" in low or "veille" in low or " day " in low:
        out += [
            Mention(m.start(), m.end(), "anchored", shift=_AFTER_ANCHOR[_words(m[0])]) for m in _ANCHORED.finditer(low)
        ]
    if any(m.kind == "day" for m in out):  # a month named alone sets the month of a bare day: "en février ... le 9"
        out += [Mention(m.start(), m.start(), "month", month=MONTHS[m[0]]) for m in _MONTH_ALONE.finditer(low)]
    return out


def _words(raw: str) -> str:
    return " ".join(raw.split())


def _written(text: str, low: str) -> list[Mention]:
    out = []
    for name in _MONTH_NAMED.finditer(low):
        month = MONTHS[name[0]]
        day_first = _DAY_BEFORE.search(low, max(0, name.start() - 30), name.start())
        if day_first:
            start, end, day = day_first.start(), name.end(), _day(day_first)
            tail = _YEAR_AFTER.match(low, end)
            end = (
                tail.end()
                if tail["year"] or tail["rel"]
                else end + (name[0] in _ABBREVIATED and low[end : end + 1] == ".")
            )
        elif name[0] in _EN_MONTH and (day_after := _DAY_AFTER.match(low, name.end())):
            start, end, day = name.start(), day_after.end(), int(day_after["day"])
            tail = _YEAR_AFTER.match(low, end)
            if not tail["year"] and not _ends_a_date(low, end):
                continue
            end = tail.end() if tail["year"] else end
        else:
            continue
        prefix = _PREFIX.search(low, max(0, start - 16), start)
        weekday = _weekday_of(prefix["wd"]) if prefix else None
        suffixed = bool((day_first or day_after)["suf"] or (day_first and day_first["of"]))
        if (
            day is None
            or not _exists(month, day)
            or not _month_is_meant(name, text, low, start, weekday, suffixed, tail)
        ):
            continue
        shift = 0 if not tail["rel"] else (1 if "next" in tail["rel"] or "proch" in tail["rel"] else -1)
        year = int(tail["year"]) if tail["year"] else None
        out.append(Mention(prefix.start() if prefix else start, end, "full", month, day, year, weekday, shift))
        if day_first:  # the first day of a range is in the same month: "between 16 and 19 October"
            first = _RANGE_START.search(low, max(0, start - 36), start)
            if first and int(first["day"]) < day:
                begin = first.start("wd") if first["wd"] else first.start("day")
                wd = _weekday_of(first["wd"])
                out.append(Mention(begin, first.end("day"), "full", month, int(first["day"]), year, wd))
    return out


def _numeric(low: str) -> list[Mention]:
    out = []
    for m in _NUMERIC.finditer(low):
        if m["iso"]:
            day, month, year = int(m["isoday"]), int(m["isomon"]), int(m["iso"])
        else:
            day, month, year = int(m["day"]), int(m["mon"]), _full_year(m["year"]) if m["year"] else None
        if not _exists(month, day) or (year is None and not _bare_numeric_is_date(m, low)):
            continue
        strength = EXPLICIT if year or m["sep"] == "/" else CONTEXT
        prefix = _PREFIX.search(low, max(0, m.start() - 16), m.start())  # "Sat 11/10" is one date
        weekday = _weekday_of(prefix["wd"]) if prefix and prefix["wd"] else None
        start = prefix.start() if weekday is not None else m.start()
        out.append(Mention(start, m.end(), "full", month, day, year, weekday, strength=strength))
    return out


def _ordinals(low: str) -> list[Mention]:
    out = []
    for m in _ORDINAL.finditer(low):
        day = _day(m)
        if day is None or day > 31 or not _ends_a_date(low, m.end()):
            continue
        before = _WORD_BEFORE.search(low, max(0, m.start() - 12), m.start())
        weekday = _weekday_of(before[1], fuzzy=True) if before else None
        start = before.start(1) if before and weekday is not None else m.start()
        out.append(Mention(start, m.end(), "day", day=day, weekday=weekday))
    return out


def _bare_days(low: str) -> list[Mention]:
    out = []
    for m in _BARE_DAY.finditer(low):
        day = 1 if m["day"] in ("1er", "premier") else int(m["day"])
        if 1 <= day <= 31 and _ends_a_date(low, m.end()):
            start = m.start("wd") if m["wd"] else m.start("wd2") if m["wd2"] else m.start("day")
            out.append(Mention(start, m.end(), "day", day=day, weekday=_weekday_of(m["wd"] or m["wd2"])))
    return out


def _weekdays(low: str) -> list[Mention]:
    named = [(m, day) for m in _WEEKDAY_ALONE.finditer(low) if (day := _weekday_of(m[0], fuzzy=True)) is not None]
    ranges = [m.span() for m in _WEEKDAY_RANGE.finditer(low)] if len(named) > 1 else []
    out = []
    for m, weekday in named:
        if any(s <= m.start() < e for s, e in ranges):
            continue  # "Monday to Friday" are opening hours
        modifier = _WEEKDAY_MODIFIER.search(low, max(0, m.start() - 8), m.start())
        if (
            not modifier
            and _HABIT.search(low, max(0, m.start() - 12), m.start())
            and not _THEN_DIGIT.match(low, m.end())
        ):
            continue  # "every Monday", "Black Friday"
        if _HABIT_AFTER.match(low, m.end()):
            continue  # "Saturday mornings" come every week
        after = _WEEKDAY_AFTER.match(low, m.end())
        mod, post = modifier[0].split()[0] if modifier else "", _words(after[0]) if after else ""
        direction = PAST if mod == "last" or post == "dernier" else FUTURE if mod or post else 0
        extra = 1 if post in ("en huit", "week") else 0
        start, end = modifier.start() if modifier else m.start(), after.end() if after else m.end()
        out.append(Mention(start, end, "weekday", weekday=weekday, shift=extra, direction=direction))
    return out


def _fixed(low: str) -> list[Mention]:
    out = []
    for m in _RELATIVE.finditer(low):
        word = _words(m[0])
        if not (word in ("today", "aujourd'hui") and _is_phatic(low, m.end())):
            out.append(Mention(m.start(), m.end(), "offset", shift=_FIXED[word]))
    return out


def _counted(low: str) -> list[Mention]:
    out = []
    for unit in _DAYS.finditer(low):
        count = _COUNT_BEFORE.search(low, max(0, unit.start() - 40), unit.start())
        after = _DAYS_AFTER.match(low, unit.end())
        n = number_of(count["n"]) if count else None
        ago, ahead = bool(after and after["ago"]), bool(after and after["from"])
        if n is None or not (count["ahead"] or count["back"] or ago or ahead):
            continue  # a span, not a date: "within 14 days"
        days = n * (7 if unit[0].startswith(("week", "semaine")) else 1)
        start = count.start() if count["ahead"] or count["back"] else count.start("n")
        out.append(
            Mention(
                start, after.end() if after else unit.end(), "offset", shift=-days if count["back"] or ago else days
            )
        )
    return out


def _day(m: re.Match) -> int | None:
    if m["day"]:
        return int(m["day"])
    word = _words(m["dayw"])
    if word in _EN_ORDINAL_DAYS:
        return _EN_ORDINAL_DAYS[word]
    return 1 if word == "premier" else number_of(word)


def _exists(month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= (29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31)


def _month_is_meant(
    name: re.Match, text: str, low: str, start: int, weekday: int | None, suffixed: bool, tail: re.Match
) -> bool:
    """English "may" is a month only when it reads like one: "12 May", "the 2nd of may", "on 2 may"
    ("2 may arrive" is a verb)."""
    if name[0] != "may" or text[name.start()] == "M":
        return True
    cue = _DATE_CUE.search(low, max(0, start - 12), start)
    return bool(suffixed or tail["year"] or weekday is not None or cue)


def _ends_a_date(low: str, end: int) -> bool:
    """Whether what follows a day leaves it a date: the end, punctuation, or a small word."""
    if _RECURRING.match(low, end):
        return False
    word = _NEXT_WORD.match(low, end)
    if word is None:
        rest = low[end : end + 3].lstrip()
        return not rest or not (rest[0].isalnum() or rest[0] in "€£$%/")
    if low.startswith("of", word.start(1)):
        return False
    return word[1] in _FOLLOWERS or word[1].endswith("ed")  # "the 28th bounced", not "the 2nd floor"


def _bare_numeric_is_date(m: re.Match, low: str) -> bool:
    """Day and month alone: "12/03" and "8/3" are dates, "18.03" only after "on" or "le"; "24/7", expiry
    dates and fractions are not."""
    day, month = m["day"], m["mon"]
    cue = _DATE_CUE.search(clause_before(low, m.start(), 30)) is not None or _WEEKDAY_BEFORE.search(
        low, max(0, m.start() - 12), m.start()
    )
    if (day, month) in (("24", "7"), ("7", "7")) or (not cue and "exp" in low[max(0, m.start() - 15) : m.start()]):
        return False  # "24/7", "exp. 01/12"
    if m["sep"] == ".":
        return bool(cue) and len(day) == 2 and len(month) == 2
    return m["sep"] == "/" and bool(cue or (len(day) == 2 and len(month) == 2))


def _full_year(raw: str) -> int:
    year = int(raw)
    return year if year >= 100 else 2000 + year if year < 70 else 1900 + year


def _weekday_of(word: str | None, fuzzy: bool = False) -> int | None:
    """The weekday a word names: "Thursday", "jeudi", "Thu" (before a date only), or a one-letter slip of
    an English one ("tusday") when `fuzzy`."""
    if not word:
        return None
    word = word.rstrip(".")
    if word in WEEKDAYS:
        return WEEKDAYS[word]
    if word in _SHORT_WEEKDAYS and not fuzzy:
        return _SHORT_WEEKDAYS[word]
    if fuzzy and word.endswith("y"):
        close = [d for name, d in WEEKDAYS.items() if name.endswith("day") and _one_letter_off(word, name)]
        return close[0] if close else None
    return None


def _one_letter_off(a: str, b: str) -> bool:
    """One letter added, dropped, changed or swapped with the next, never the first."""
    if abs(len(a) - len(b)) > 1 or a[0] != b[0] or a == b:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    swapped = len(a) == len(b) and a[i + 2 :] == b[i + 2 :] and a[i : i + 2] == b[i : i + 2][::-1]
    return swapped or a[i + 1 :] == b[i + 1 :] or a[i:] == b[i + 1 :] or a[i + 1 :] == b[i:]


def _is_phatic(low: str, end: int) -> bool:
    """A polite "today" speaks of no date: "Anything else I can help you with today?"."""
    return bool(_SENTENCE_STOP.match(low, end) and _PHATIC.search(clause_before(low, end)))
