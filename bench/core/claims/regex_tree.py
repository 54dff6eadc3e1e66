"""A small reader for the regular expressions scenario authors write, so that they can be rewritten:
literal characters, groups, alternatives and quantifiers become a tree; classes, escapes and
lookarounds are kept as opaque pieces. A pattern it cannot read raises `Unreadable`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bench.core.text import strip_accents


@dataclass
class Lit:
    char: str


@dataclass
class Raw:
    text: str


@dataclass
class Group:
    head: str  # "(" or "(?:" or "(?P<name>"
    alts: list[list]


@dataclass
class Quant:
    item: Lit | Raw | Group
    quantifier: str


class Unreadable(Exception):
    pass


def parse(pattern: str) -> list[list]:
    """The top-level alternatives of `pattern`, each a sequence of items."""
    alts, end = _alternatives(pattern, 0)
    if end != len(pattern):
        raise Unreadable(pattern)
    return alts


def render(seq: list) -> str:
    out = []
    for item in seq:
        if isinstance(item, Lit):
            out.append(item.char)
        elif isinstance(item, Raw):
            out.append(item.text)
        elif isinstance(item, Group):
            out.append(item.head + "|".join(render(a) for a in item.alts) + ")")
        else:
            out.append(render([item.item]) + item.quantifier)
    return "".join(out)


def plain(seq: list) -> str | None:
    """The words of a sequence of literal letters, spaces and apostrophes ("i'?ve" reads "i've"), or
    None when it holds anything else."""
    out = []
    for item in seq:
        if isinstance(item, Lit) and (item.char.isalpha() or item.char in " '-"):
            out.append(item.char)
        elif isinstance(item, Quant) and isinstance(item.item, Lit) and item.item.char == "'":
            out.append("'")
        else:
            return None
    return "".join(out)


def literal(text: str) -> list:
    return [Lit(c) for c in text]


def group(words: list[str]) -> Group:
    return Group("(?:", [literal(w) for w in words])


def words_of(unit: list) -> list[str] | None:
    """The alternatives of a unit that is one group of plain words, or one plain word."""
    if len(unit) == 1 and isinstance(unit[0], Group):
        found = [plain(a) for a in unit[0].alts]
        return None if any(w is None for w in found) else [w.strip() for w in found]
    word = plain(unit)
    return [word] if word else None


def units(seq: list) -> list[list]:
    """`seq` cut at its spaces (those outside groups and not optional): the words of a pattern."""
    out: list[list] = [[]]
    for item in seq:
        if isinstance(item, Lit) and item.char == " ":
            out.append([])
        else:
            out[-1].append(item)
    return [u for u in out if u]


def join(parts: list[list]) -> list:
    out: list = []
    for part in parts:
        if out:
            out.append(Lit(" "))
        out.extend(part)
    return out


def _alternatives(s: str, i: int) -> tuple[list[list], int]:
    alts: list[list] = [[]]
    while i < len(s) and s[i] != ")":
        if s[i] == "|":
            alts.append([])
            i += 1
            continue
        item, i = _atom(s, i)
        quantifier = re.match(r"(?:[?*+]|\{\d*,?\d*\})[?+]?", s[i:])
        if quantifier:
            item = Quant(item, quantifier[0])
            i += len(quantifier[0])
        alts[-1].append(item)
    return alts, i


def _atom(s: str, i: int) -> tuple[Lit | Raw | Group, int]:
    c = s[i]
    if c == "\\":
        return Raw(s[i : i + 2]), i + 2
    if c == "[":
        close = re.match(r"\[\^?\]?(?:\\.|[^\]\\])*\]", s[i:])
        if not close:
            raise Unreadable(s)
        return Raw(close[0]), i + len(close[0])
    if c == "(":
        if s.startswith(("(?=", "(?!", "(?<=", "(?<!"), i):
            end = _closing(s, i)
            return Raw(s[i:end]), end
        head = re.match(r"\((?:\?:|\?P<\w+>)?", s[i:])[0]
        if s.startswith("(?", i) and head == "(":
            raise Unreadable(s)  # inline flags and the like
        alts, j = _alternatives(s, i + len(head))
        if j >= len(s) or s[j] != ")":
            raise Unreadable(s)
        return Group(head, alts), j + 1
    if c in ".^$":
        return Raw(c), i + 1
    if c in "*+?{)":
        raise Unreadable(s)
    return Lit(strip_accents(c)), i + 1


def _closing(s: str, i: int) -> int:
    depth, j = 0, i
    while j < len(s):
        if s[j] == "\\":
            j += 2
            continue
        if s[j] == "(":
            depth += 1
        elif s[j] == ")":
            depth -= 1
            if depth == 0:
                return j + 1
        j += 1
    raise Unreadable(s)
