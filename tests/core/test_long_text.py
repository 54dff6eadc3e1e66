"""Text machinery stays linear on long and hostile texts (a 1 MB reply, a run of 50,000 dots) and
reads ordinary replies exactly as before."""

from __future__ import annotations

import re
import time

import pytest

from bench.core.claims.sentences import sentences
from bench.core.text import _SPACES, excerpt, normalise

ORDINARY = [
    "I am so sorry. Your parcel left on 12 March!  It should arrive by March 14, 2026.\nAnything else?",
    "Je suis désolé. Votre colis arrive le 14 mars 2026. Puis-je vous aider ?",
    'M. Martin wrote, e.g. about order A1. Then he called... Twice?! "Yes." (Really.) Done',
    "",
    "one sentence only",
    "Email me at ann@example.com or see https://example.com/track?id=1 for details, thanks a lot",
    "Write to support@shop.fr, le suivi est sur http://shop.fr/suivi : merci de votre patience",
]


def old_excerpt(text: str, needle: str = "", width: int = 160) -> str:
    sentences_ = [s.strip() for s in re.split(r"(?<=[.!?\n])\s+", text) if s.strip()] or [text]
    wanted = normalise(needle)
    chosen = next((s for s in sentences_ if wanted and wanted in normalise(s)), sentences_[0])
    chosen = _SPACES.sub(" ", chosen)
    return chosen if len(chosen) <= width else chosen[: width - 1] + "…"


@pytest.mark.parametrize("text", ORDINARY)
@pytest.mark.parametrize("needle", ["", "14 march", "arrive", "14 mars", "twice", "nowhere", "a"])
def test_excerpt_quotes_the_same_sentence_as_before(text, needle):
    assert excerpt(text, needle) == old_excerpt(text, needle)
    assert excerpt(text, needle, width=20) == old_excerpt(text, needle, width=20)


def test_excerpt_of_a_long_reply_costs_little_per_finding():
    text = "Your refund of 24.99 EUR on 12 March. " * 2_500  # about 100 kB, 2,500 sentences
    started = time.perf_counter()
    for day in range(2_000):
        excerpt(text, f"{day} eur")
    assert time.perf_counter() - started < 2.0


def test_excerpt_of_one_huge_sentence_is_cut_to_width():
    assert excerpt("word   " * 100_000, "word") == ("word " * 40)[:159] + "…"


def old_sentences(text: str) -> list[str]:
    end = re.compile(r"[.!?…]+[\"'’”»)\]]*(?=\s)|\n+")
    abbreviations = {"e.g", "i.e", "etc", "mr", "mrs", "ms", "dr", "st", "vs", "approx", "m", "mme", "cf", "env"}
    pieces, begin = [], 0
    for found in end.finditer(text):
        if found[0][0] == "." and text[found.end() :].lstrip()[:1].islower():
            continue
        if found[0][0] == ".":
            word = re.search(r"[\w.]*$", text[max(0, found.start() - 40) : found.start()])
            before = word[0].lower() if word else ""
            if before in abbreviations or (len(before) == 1 and before.isalpha()):
                continue
        pieces.append(text[begin : found.end()])
        begin = found.end()
    pieces.append(text[begin:])
    return [p.strip() for p in pieces if p.strip()]


@pytest.mark.parametrize("text", ORDINARY + ['Stop.. Go!!! Now?" Then\n\n\nmore. a. B. ...x. Yes…  ok'])
def test_sentences_split_ordinary_replies_as_before(text):
    assert [s.text for s in sentences(text)] == old_sentences(text)


@pytest.mark.parametrize("unit", [".", "!?", "a. ", "\n", '."', "…x"])
def test_sentences_are_linear_on_runs_of_sentence_ends(unit):
    text = unit * (200_000 // len(unit))
    started = time.perf_counter()
    sentences(text)
    assert time.perf_counter() - started < 2.0
