"""Polarity: whether the words a pattern matched are the bot's own assertion, decided in the scope of
the clause they sit in.

A sentence is cut into clauses at strong boundaries (; : a dash, "but", "mais", "however"...) and a
clause into chunks at weak ones (a comma, "and", "so", "because", "et", "donc", "qui"...).

- What comes before the match in its chunk decides most cases: "I can't tell you whether", "you say
  that", "the shop told you", "if", "would".
- A condition, a "normally" or an "according to" that opens an earlier chunk of the clause governs
  the whole clause: "Once you have confirmed, I'll make sure the card is blocked".
- A condition or a conditional verb just after the match governs it: "will be refunded if...",
  "serait possible".
- A question mark ending the clause (unless it ends a question of its own: "I'm Alex, how can I
  help?"), quotation marks around the match, and a general rule stated without "I", "we" or "you"
  ("that's the rule for every customer") stop it too.
- A cue inside the match stops it, unless the pattern holds the word itself ("you won't pay").

A refusal or a condition in another clause or sentence changes nothing: "I've blocked your card. If
you find it later, call us" asserts the block."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bench.core.claims import cues

# Why a match is not an assertion (what `explain` reports).
QUOTE = "quote"
QUESTION = "question"
NEGATION = "negation, refusal or inability"
REPORTED = "reported or restated"
CONDITION = "condition"
HYPOTHETICAL = "hypothetical or general"
REQUEST = "request, purpose or self-service"

_INSIDE = [
    (cues.NEGATION, NEGATION),
    (cues.SPEECH, REPORTED),
    (cues.RESTATED, REPORTED),
    (cues.CONDITION, CONDITION),
    (cues.HYPOTHETICAL, HYPOTHETICAL),
]


@dataclass(frozen=True)
class _Layout:
    """A normalised sentence with its idioms blanked, its boundaries and its quotations."""

    masked: str
    strong: tuple[tuple[int, int], ...]
    weak: tuple[tuple[int, int], ...]  # the strong ones included
    quoted: tuple[tuple[int, int], ...]


@lru_cache(maxsize=8192)
def _layout(flat: str) -> _Layout:
    masked = cues.IDIOMS.sub(lambda m: "_" * len(m[0]), flat)
    strong = tuple(m.span() for m in cues.STRONG.finditer(masked))
    weak = tuple(sorted(strong + tuple(m.span() for m in cues.WEAK.finditer(masked))))
    return _Layout(masked, strong, weak, tuple(m.span() for m in cues.QUOTED.finditer(flat)))


def blocker(flat: str, start: int, end: int, pattern: str = "") -> str | None:
    """Why the match at [start, end) of the normalised sentence `flat` is not the bot asserting it, or
    None when it is. `pattern` is the pattern that matched, as its author wrote it."""
    layout = _layout(flat)
    text = layout.masked
    clause_start = max((e for s, e in layout.strong if e <= start), default=0)
    clause_end = min((s for s, e in layout.strong if s >= end), default=len(text))
    openings = [clause_start] + [e for s, e in layout.weak if clause_start <= s and e <= start]
    chunk_end = min((s for s, e in layout.weak if end <= s < clause_end), default=clause_end)
    before, after = text[openings[-1] : start], text[end:chunk_end]

    if any(s <= start and end <= e for s, e in layout.quoted):
        return QUOTE
    if _asked(layout, clause_start, chunk_end, clause_end, end):
        return QUESTION
    inside = _cue_inside(text[start:end], pattern)
    if inside:
        return inside
    if cues.NEGATION.search(before):
        return NEGATION
    if cues.RESTATED.search(before) or _reported(before) or _opens(cues.OPENS_REPORTED, text, openings):
        return REPORTED
    if _conditional(before) or _conditional(after) or _opens_condition(text, openings, start):
        return CONDITION
    if (
        cues.HYPOTHETICAL.search(before)
        or cues.HYPOTHETICAL_AFTER.search(after)
        or _opens(cues.OPENS_GENERALLY, text, openings)
    ):
        return HYPOTHETICAL
    if cues.REQUEST.search(before):
        return REQUEST
    if cues.POLICY.search(text) and not cues.PERSONAL.search(text[clause_start:clause_end]):
        return HYPOTHETICAL
    return None


def _opens(cue: re.Pattern, text: str, openings: list[int]) -> bool:
    return any(cue.match(text, at) for at in openings)


def _conditional(words: str) -> bool:
    """A condition among `words`, "when" and "once" about the past left out."""
    return any(not _about_the_past(cue[0], words[cue.end() :]) for cue in cues.CONDITION.finditer(words))


def _opens_condition(text: str, openings: list[int], start: int) -> bool:
    """A chunk of the clause before the match opens with a condition: "If it fails, the fee is refunded"."""
    for at, until in zip(openings, [*openings[1:], start], strict=True):
        opening = cues.OPENS_CONDITION.match(text, at)
        if opening and not _about_the_past(opening["cue"], text[opening.end() : until]):
            return True
    return False


def _about_the_past(cue: str, following: str) -> bool:
    return bool(cues.TEMPORAL.fullmatch(cue)) and bool(cues.PAST.search(" ".join(following.split()[:4])))


def _asked(layout: _Layout, clause_start: int, chunk_end: int, clause_end: int, end: int) -> bool:
    """A question mark ends the match's clause and the question is about the match: it is in the
    match's chunk, or the clause opens as a question, or the question comes as a tag ("..., c'est bien
    cela ?"), not as a question of its own ("I'm Alex, how can I help?")."""
    text = layout.masked
    mark = text.find("?", end, clause_end)
    if mark < 0:
        return False
    if mark < chunk_end or cues.OPENS_QUESTION.match(text, clause_start):
        return True
    asking_from = max((e for s, e in layout.weak if e <= mark), default=clause_start)
    return not cues.OPENS_QUESTION.match(text, asking_from)


def _cue_inside(words: str, pattern: str) -> str | None:
    """A cue among the matched words that the pattern does not hold itself ("the courier claims your
    order was refunded", found with a few words in between), as the reason it stops the match."""
    own = pattern.replace("'?", "'")
    for cue, reason in _INSIDE:
        for found in cue.finditer(words):
            head = re.search(r"[\w']*$", words[: found.start()])[0]
            tail = re.match(r"[\w']*", words[found.end() :])[0]
            token = (head + found[0] + tail).strip()
            # the pattern's own word, maybe written with its agreement: "confirmee?" holds "confirme"
            if not re.search(r"(?<![\w'])" + re.escape(token) + r"(?:[es]{0,2}\??)?(?![a-z])", own):
                return reason
    return None


def _reported(before: str) -> bool:
    """A verb of saying or believing whose subject is not the bot: "the shop told you", "vous m'écrivez"
    (what the bot's own records confirm or show, it endorses)."""
    for verb in cues.SPEECH.finditer(before):
        subject = before[: verb.start()]
        if cues.FIRST_PERSON_BEFORE.search(subject):
            continue
        if cues.CHECKING_VERB.match(verb[0]) and cues.OUR_RECORDS.search(subject):
            continue
        return True
    return False
