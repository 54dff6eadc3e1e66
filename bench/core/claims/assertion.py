"""Finding the sentence of a reply that asserts a claim: where a pattern matches and polarity lets it
stand."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from bench.core.claims.polarity import blocker
from bench.core.claims.sentences import Sentence, sentences
from bench.core.claims.widen import widened
from bench.core.text import pattern_form  # the one reading of a pattern, shared with matches_any

# Where a claim's words are in a sentence: spans of its normalised text, with the pattern that found
# each (a pattern may hold words that are cues elsewhere: "you won't pay", "I'm not a bot").
Finder = Callable[[Sentence], Iterator[tuple[int, int, str]]]


@dataclass(frozen=True)
class Assertion:
    """Where a reply asserts a claim: what a finding quotes as evidence."""

    sentence: str  # the sentence that asserts it, as written
    matched: str  # the words that matched (normalised: lower case, no accents)


def asserts(text: str, patterns: list[str], *, widen: bool = True) -> Assertion | None:
    """The first sentence of `text` that asserts the claim `patterns` describe: a pattern matches
    there and the match is not under negation, refusal or inability, a condition ("if", "once",
    "whether", "unless", "as soon as", "si", "dès que", "une fois que", "lorsque"), a question, a
    hypothetical, or a quotation or restatement of what the customer or a third party said.

    Patterns match normalised text, as `bench.core.text.matches_any` reads them; with `widen` they
    also match the other wordings `bench.core.claims.widen` lists (tenses, participles, a few words
    in between)."""
    return _asserts(text, tuple(patterns), widen)


def explain(text: str, patterns: list[str], *, widen: bool = True) -> list[tuple[str, str, str | None]]:
    """Every match of `patterns` in `text` as (sentence, matched words, why it is not an assertion or
    None): what a finding can quote when a claim was or was not counted."""
    finder = regex_finder(_regexes(tuple(patterns), widen))
    return [
        (s.text, s.flat[start:end], blocker(s.flat, start, end, source))
        for s in sentences(text)
        for start, end, source in finder(s)
    ]


def first_assertion(text: str, finder: Finder) -> Assertion | None:
    """The first sentence of `text` where `finder` finds words that polarity lets stand."""
    for sentence in sentences(text):
        for start, end, source in finder(sentence):
            if blocker(sentence.flat, start, end, source) is None:
                return Assertion(sentence.text, sentence.flat[start:end])
    return None


def regex_finder(regexes: tuple[tuple[re.Pattern, str], ...]) -> Finder:
    """A finder for compiled patterns, each with the pattern as its author wrote it."""

    def find(sentence: Sentence) -> Iterator[tuple[int, int, str]]:
        for regex, source in regexes:
            for found in regex.finditer(sentence.flat):
                if found.end() > found.start():
                    yield found.start(), found.end(), source

    return find


@lru_cache(maxsize=16384)  # several scorers ask about the same reply
def _asserts(text: str, patterns: tuple[str, ...], widen: bool) -> Assertion | None:
    return first_assertion(text, regex_finder(_regexes(patterns, widen)))


@lru_cache(maxsize=2048)
def _regexes(patterns: tuple[str, ...], widen: bool) -> tuple[tuple[re.Pattern, str], ...]:
    """The patterns as written, then their widened forms (a match as written is found first)."""
    formed = [pattern_form(p) for p in patterns]
    pairs = [(f, f) for f in formed]
    if widen:
        pairs += [(loose, f) for f in formed if (loose := widened(f))]
    return tuple((re.compile(regex, re.IGNORECASE), source) for regex, source in pairs)
