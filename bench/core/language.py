"""Which language a line is written in, English or French (langdetect, seeded so it is stable).
The audit checks the simulated customer with it; the accuracy scorer checks the bot's replies."""

from __future__ import annotations

import re
from functools import lru_cache

from langdetect import DetectorFactory, LangDetectException, detect_langs

DetectorFactory.seed = 0  # langdetect is random unless seeded
_MIN_WORDS = 3  # shorter lines ("ok merci") are too short to tell
_MIN_WORDS_FOR_STATISTICS = 6  # below this, langdetect errs too often; only function words decide
# E-mails, anything with a digit, links: judged a token at a time (a pattern such as \S+@\S+ over
# the whole text backtracks quadratically on one huge token).
_NOT_A_WORD = re.compile(r".+@.+|.*\d|https?://")


# Function words: on short lines langdetect errs ("Let me transfer you to an agent." reads as French
# to it), while a clear majority of English or French function words does not.
_FUNCTION_WORDS = {
    "en": set(
        "the a an and or to of in on for with you your i me my we our it is are was be this that have has not "
        "can will please thanks thank what when where how".split()
    ),
    "fr": set(
        "le la les un une des de du et ou à au aux pour avec vous votre vos je me mon ma mes nous notre il elle "
        "est sont être ce cette ne pas plus merci bonjour que qui quand où comment".split()
    ),
}


@lru_cache(maxsize=8192)
def language_of(text: str) -> str | None:
    """ "en", "fr", or None when the line is too short or neither (ids, numbers and e-mails ignored)."""
    words = [w for w in text.split() if not _NOT_A_WORD.match(w) and re.search(r"[^\W\d_]", w)]
    if len(words) < _MIN_WORDS:
        return None
    tokens = re.findall(r"[^\W\d_]+", text.casefold())
    votes = {lang: sum(t in vocabulary for t in tokens) for lang, vocabulary in _FUNCTION_WORDS.items()}
    en, fr = votes["en"], votes["fr"]
    if max(en, fr) >= 2 and max(en, fr) >= 3 * min(en, fr):
        return "en" if en > fr else "fr"
    if len(words) < _MIN_WORDS_FOR_STATISTICS:
        return None
    try:
        found = {lang.lang: lang.prob for lang in detect_langs(" ".join(words))}
    except LangDetectException:
        return None
    best = max(("en", "fr"), key=lambda lang: found.get(lang, 0.0))
    against = fr if best == "en" else en
    mine = en if best == "en" else fr
    return best if found.get(best, 0.0) >= 0.9 and against <= mine else None
