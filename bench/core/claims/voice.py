"""The other voice of a pattern: "(bag|suitcase) (has been|was) (found|located)" also reads "we've found
your bag", and "(i've|we have) (blocked|frozen) (your|the) card" also reads "your card is blocked".

Only patterns of a plain shape are turned: a subject, an auxiliary, a participle, the rest; or a
first person, a participle, an object. Anything else has no other voice here."""

from __future__ import annotations

from bench.core.claims.forms import BE_EN, BE_FR, DONE_BY_ME_EN, DONE_BY_ME_FR, is_participle_en
from bench.core.claims.regex_tree import Group, Lit, Quant, Raw, group, join, literal, plain, units, words_of

_PRONOUNS = {"it", "they", "this", "that", "you", "il", "elle", "ils", "elles", "ce", "cela", "ca", "tout"}
_DETERMINER_EN = r"(?:(?:the|your|my|our|his|her|their|this|that|these|those) )?"
_DETERMINER_FR = r"(?:(?:le|la|les|votre|vos|son|sa|ses|ce|cet|cette|ces|un|une|des|du) |l')?"


def other_voices(seq: list) -> list[list]:
    """The patterns (as item sequences) saying what `seq` says in the other voice."""
    parts = units(seq)
    turned = _active(parts) or _passive(parts)
    return [turned] if turned else []


def _active(parts: list[list]) -> list | None:
    """Subject + auxiliary + participle (+ rest) -> first person + participle + subject (+ rest)."""
    for at in range(1, len(parts) - 1):
        optional, auxiliary = _leading_optional(parts[at])
        aux_words = words_of(auxiliary)
        two_words = plain(join(parts[at : at + 2])) if at + 2 < len(parts) else None
        if two_words in BE_EN or two_words in BE_FR:  # "will be", "a ete" written as plain words
            optional, aux_words = [], [two_words]
            parts = parts[: at + 1] + parts[at + 2 :]
        if not aux_words:
            continue
        french = all(w in BE_FR for w in aux_words)
        if not french and not all(w in BE_EN for w in aux_words):
            continue
        participle = _participle(parts[at + 1], french)
        subject = _without_pronouns(parts[:at] + ([optional] if optional else []))
        if participle is None or subject is None:
            return None
        me = group(DONE_BY_ME_FR if french else DONE_BY_ME_EN)
        determiner = Raw(_DETERMINER_FR if french else _DETERMINER_EN)
        return join([[Raw(r"\b"), me], participle, [determiner, *join(subject)], *parts[at + 2 :]])
    return None


def _passive(parts: list[list]) -> list | None:
    """First person + participle (+ object) -> object + auxiliary + participle."""
    if len(parts) < 2:
        return None
    me = words_of(parts[0])
    if not me:
        return None
    french = all(w in DONE_BY_ME_FR for w in me)
    if not french and not all(w in DONE_BY_ME_EN for w in me):
        return None
    participle = _participle(parts[1], french)
    if participle is None:
        return None
    auxiliary = [group(BE_FR if french else BE_EN)]
    return join([*parts[2:], auxiliary, participle])


def _leading_optional(unit: list) -> tuple[list, list]:
    """An auxiliary unit may carry optional words glued before it: "(de rejet )?(ont ete|sont)"."""
    at = 0
    while at < len(unit) and isinstance(unit[at], Quant) and unit[at].quantifier == "?":
        at += 1
    return unit[:at], unit[at:]


def _participle(unit: list, french: bool) -> list | None:
    """The participle unit without its optional adverbs ("(now )?", "(bien )?"), or None when it is not
    a participle (English ones must look like one; French ones must be plain words)."""
    _, rest = _leading_optional(unit)
    if len(rest) == 1 and isinstance(rest[0], Group):
        alts = [a for a in rest[0].alts if _is_participle(a, french)]
        return [Group(rest[0].head, alts)] if alts else None
    return rest if rest and _is_participle(rest, french) else None


def _is_participle(seq: list, french: bool) -> bool:
    if french:
        words = "".join(i.char if isinstance(i, Lit) else "e" for i in seq if isinstance(i, Lit | Quant))
        return bool(words) and not words.endswith((" le", " la", " les", " au", " du", " des", " un", " une"))
    word = plain(seq)
    return word is not None and is_participle_en(word.strip())


def _without_pronouns(parts: list[list]) -> list[list] | None:
    """The subject with "it", "elle"... left out (a pronoun means nothing once it follows the verb)."""
    if len(parts) == 1:
        found = words_of(parts[0])
        if found is not None:
            nouns = [w for w in found if w not in _PRONOUNS]
            return [[group(nouns)]] if nouns else None
    return [literal(plain(p)) if plain(p) else p for p in parts]
