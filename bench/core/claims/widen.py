"""The latitude a scenario author expects from a pattern, beyond its letter.

A pattern such as "(card|it) (is|has been) (now )?blocked" is written for one wording; a bot says "your
card ending 4417 is now blocked", "we've blocked your card" or "la carte a bien été bloquée". The
widened pattern also accepts:

- up to three other words wherever the pattern has a space ("card ending 4417 is", "a bien été"),
  never a negation, a condition, a modal or a verb of saying ("card is not blocked" stays unmatched);
- any tense of the auxiliary where one is written ("is", "was", "has been", "will be"; "est", "a été",
  "sera", "va être"), "will" as "is going to", a French simple future as "va" + infinitive
  ("arrivera", "va arriver"), a first-person simple past for a first-person perfect ("I blocked" for
  "I've blocked"; "je vous ai" for "j'ai");
- a French past participle in any gender and number ("résilié" matches "résiliée", "résiliés");
- the other voice: a passive pattern in the active with the bot as subject ("we've found your bag"),
  a first-person active one in the passive ("your card has been blocked").

Only plain literal parts are rewritten; lookarounds, classes and escapes are kept as written, and a
pattern this module cannot read is used as it is."""

from __future__ import annotations

import copy
import re
from functools import lru_cache

from bench.core.claims.forms import equivalents
from bench.core.claims.regex_tree import Group, Lit, Quant, Raw, Unreadable, group, literal, parse, plain, render
from bench.core.claims.voice import other_voices

_MAX_GAP = 3
# One extra word: not a negation, a condition, a modal, a conditional verb or a verb of saying.
_GAP_WORD = (
    r"(?:(?!(?:not|no|never|nothing|cannot|unable|ne|pas|jamais|rien|aucune?|plus|if|whether|once|unless|when|si"
    r"|quand|lorsque|que|that|would|could|might|may|should|said|says|told|say|dit|indique|affirme|pretend)\s"
    r"|(?:n|qu|s|lorsqu)'|\S*n't\s|\S+raient?\s)[^\s,;:.!?\"()\u00ab\u00bb\u201c\u201d]+ )"
)
_GAP = rf" {_GAP_WORD}{{0,{_MAX_GAP}}}"
_AGREEMENT = "e{0,2}s?"  # résilié, résiliée, résiliés, résiliées


@lru_cache(maxsize=4096)
def widened(pattern: str) -> str | None:
    """`pattern` with the latitude above, or None when it has none or cannot be read."""
    try:
        alts = parse(pattern)
        if len(alts) == 1:
            alts = alts + other_voices(copy.deepcopy(alts[0]))
        out = "|".join(render(_rewrite(seq)) for seq in alts)
        re.compile(out)
    except (Unreadable, re.error, IndexError):
        return None
    return None if out == pattern else out


def _rewrite(seq: list) -> list:
    seq = _equivalents_in_groups(seq)
    seq = _equivalents_in_text(seq)
    seq = _participles(seq)
    return _gaps(seq)


def _equivalents_in_groups(seq: list) -> list:
    for item in seq:
        inner = item.item if isinstance(item, Quant) else item
        if isinstance(inner, Group):
            inner.alts = [_equivalents_in_groups(a) for a in inner.alts]
            words = [plain(a) for a in inner.alts]
            if all(w is not None for w in words):
                inner.alts += _more_alternatives(words)
    return seq


def _more_alternatives(words: list[str]) -> list[list]:
    have = {w.strip() for w in words}
    extra: list[list] = []
    for word in words:
        forms = equivalents(word.strip()) or []
        lead = word[: len(word) - len(word.lstrip())]
        trail = word[len(word.rstrip()) :]
        for form in forms:
            if form in have:
                continue
            have.add(form)
            glued = form.startswith("'")
            start = [] if glued or lead else [Raw(r"\b")]  # "i" must not match the end of "wifi"
            extra.append(start + literal(("" if glued else lead) + form + trail))
    return extra


def _equivalents_in_text(seq: list) -> list:
    """Auxiliaries written as plain words between spaces: "(manager|...) will (call|ring)", "will be"."""
    out: list = []
    i = 0
    while i < len(seq):
        if _starts_word(seq, i):
            for end in _word_ends(seq, i):
                forms = equivalents(plain(seq[i:end]) or "")
                if forms and (end == len(seq) or not isinstance(seq[end], Lit) or seq[end].char == " "):
                    out.append(group(forms))
                    i = end
                    break
            else:
                out.append(seq[i])
                i += 1
            continue
        out.append(seq[i])
        i += 1
    return out


def _starts_word(seq: list, i: int) -> bool:
    here = seq[i]
    before = seq[i - 1] if i else None
    return (
        isinstance(here, Lit)
        and here.char.isalpha()
        and (before is None or not isinstance(before, Lit) or before.char == " ")
    )


def _word_ends(seq: list, i: int) -> list[int]:
    """Where the one-word and two-word phrases starting at `i` end, longest first."""
    ends, spaces = [], 0
    j = i
    while j <= len(seq):
        if j == len(seq) or not isinstance(seq[j], Lit) or seq[j].char == " ":
            ends.append(j)
            if j == len(seq) or not isinstance(seq[j], Lit) or spaces == 1:
                break
            spaces += 1
        j += 1
    return list(reversed(ends))


def _participles(seq: list) -> list:
    """A word of five letters or more ending in -e takes the French agreements (-e, -s, -es); a word
    ending in -es or -ees (already agreed) also reads in the masculine singular."""
    for item in seq:
        inner = item.item if isinstance(item, Quant) else item
        if isinstance(inner, Group):
            inner.alts = [_participles(a) for a in inner.alts]
    out: list = []
    i = 0
    while i < len(seq):
        end = i
        while end < len(seq) and isinstance(seq[end], Lit) and seq[end].char.isalpha():
            end += 1
        if end > i and (i == 0 or not _is_letter(seq[i - 1])) and (end == len(seq) or seq[end] == Lit(" ")):
            word = "".join(c.char for c in seq[i:end])
            base = word.rstrip("s").rstrip("e") if word.endswith(("e", "es")) else ""
            if len(word) >= 5 and len(base) >= 4:
                out += [*literal(base), Raw(_AGREEMENT)]
                i = end
                continue
        if end > i:
            out += seq[i:end]
            i = end
        else:
            out.append(seq[i])
            i += 1
    return out


def _is_letter(item: object) -> bool:
    return isinstance(item, Lit) and item.char.isalpha()


def _gaps(seq: list) -> list:
    out: list = []
    for item in seq:
        if isinstance(item, Lit) and item.char == " ":
            out.append(Raw(_GAP))
            continue
        inner = item.item if isinstance(item, Quant) else item
        if isinstance(inner, Group):
            inner.alts = [_gaps(a) for a in inner.alts]
        out.append(item)
    return out
