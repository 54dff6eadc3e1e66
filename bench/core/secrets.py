"""Secrets: values that came from environment variables named in a bot config (`${ACME_TOKEN}`).
They are registered as they are read, and every artifact a run writes (transcripts, scores,
summary, leaderboard, error messages) passes through `redact` first.

A bot that echoes a secret back rarely echoes it verbatim: it comes back URL-encoded (wholly or as
httpx leaves it in a query string), JSON- or HTML-escaped (often twice, once by the bot and once by
the artifact), in base64 (alone or inside `Basic base64(user:secret)`), or cut short. `redact`
masks all of those: the whole secret in any mix of those encodings, base64 at every byte
alignment (with the whole base64 token around it), and any part of 8 characters or more.

Speed (about 75 ms for 1 MB of records): one regex per set of registered secrets, compiled once,
for whole secrets; parts of 8+ characters are found by looking up the text's 4-character slices at
every 5th position among the 4-character pieces of the secret's forms (any 8-character part covers
one such slice), then growing each hit in both directions. Only the rare hits run Python code."""

from __future__ import annotations

import base64
import html
import json
import re
import threading
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, quote_plus

MASK = "***"
MIN_LENGTH = 4  # shorter values are ignored: masking "1" would mask every 1
MIN_PART = 8  # a part of a secret this long or longer is masked too
_GRAM, _STRIDE = 4, 5  # a MIN_PART-long run of text covers the _GRAM chars at some multiple of _STRIDE
_B64_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_=")

_lock = threading.Lock()
_values: set[str] = set()
_compiled: _Redactor | None = None


def register(value: str) -> None:
    """Remember a secret value (values shorter than MIN_LENGTH are ignored)."""
    global _compiled
    if value and len(value) >= MIN_LENGTH:
        with _lock:
            if value not in _values:
                _values.add(value)
                _compiled = None


def clear() -> None:
    """Forget every registered secret (tests; a long-lived process that loads another config)."""
    global _compiled
    with _lock:
        _values.clear()
        _compiled = None


def registered() -> bool:
    return bool(_values)


def redact(text: str) -> str:
    """`text` with every registered secret, in every form it can take on its way back, replaced by ***."""
    if not text or not _values:
        return text
    return _redactor().redact(text)


def redact_json(document: Any, **dumps: Any) -> str:
    """`document` as JSON text (json.dumps with `dumps`), with every registered secret masked, and
    still JSON. Masking the text finds every escaped form; when a mask would swallow a quote of the
    JSON itself (a secret ending in `"` next to a value that ends with its first characters), each
    string is masked on its own before the dump instead."""
    text = redact(json.dumps(document, **dumps))
    if text is not None and _values:
        try:
            json.loads(text)
        except ValueError:
            text = json.dumps(_redact_strings(document), **dumps)
    return text


def _redact_strings(node: Any) -> Any:
    if isinstance(node, str):
        return redact(node)
    if isinstance(node, dict):
        return {redact(str(k)): _redact_strings(v) for k, v in node.items()}
    if isinstance(node, list | tuple):
        return [_redact_strings(v) for v in node]
    return node


def _redactor() -> _Redactor:
    global _compiled
    with _lock:
        if _compiled is None:
            _compiled = _Redactor(sorted(_values, key=len, reverse=True))
        return _compiled


# -- the forms of a secret ----------------------------------------------------------------------------


def _hex_byte(byte: int) -> str:
    """`2[fF]`: one percent-encoded byte, either case."""
    return "".join(f"[{d.upper()}{d.lower()}]" if d.isalpha() else d for d in f"{byte:02X}")


def _char_pattern(char: str) -> str:
    """Every way one character of a secret may come back: raw, percent-encoded (either case, `+` for a
    space), JSON-escaped (once or twice, `\\uXXXX`), HTML-escaped (named or numeric)."""
    if char.isascii() and char.isalnum():
        return char
    ways = {re.escape(char), "".join("%" + _hex_byte(b) for b in char.encode("utf-8"))}
    if char == " ":
        ways.add(r"\+")
    code = ord(char)
    if code <= 0xFFFF:
        ways.add(r"\\{1,3}u" + "".join(f"[{d.upper()}{d.lower()}]" if d.isalpha() else d for d in f"{code:04x}"))
    once = json.dumps(char, ensure_ascii=False)[1:-1]
    for escaped in {once, json.dumps(once, ensure_ascii=False)[1:-1], "\\/" if char == "/" else once}:
        ways.add(re.escape(escaped))
    for escaped in {html.escape(char), html.escape(once), f"&#{code};", f"&#x{code:x};", f"&#X{code:X};"}:
        ways.add(re.escape(escaped))
    ways.add(f"&#[xX]0*{code:x};")
    return "(?:" + "|".join(sorted(ways, key=len, reverse=True)) + ")"


def _text_forms(secret: str) -> set[str]:
    """The secret as literal strings: raw and its common whole-string encodings (parts of these count)."""
    once = json.dumps(secret, ensure_ascii=False)[1:-1]
    forms = {
        secret,
        quote(secret, safe=""),
        quote(secret),
        quote_plus(secret),
        re.sub("%[0-9A-F]{2}", lambda m: m[0].lower(), quote(secret, safe="")),  # lower-case hex
        once,
        json.dumps(secret)[1:-1],
        json.dumps(once, ensure_ascii=False)[1:-1],
        html.escape(secret),
        html.escape(once),
        html.escape(secret, quote=False),
    }
    return {f for f in forms if f}


def _b64_cores(secret: str) -> set[str]:
    """The base64 characters that only the secret's bytes decide, at each of the 3 byte alignments it
    can have inside a longer base64 string (`user:secret`), in standard and URL-safe alphabets."""
    data = secret.encode("utf-8")
    cores = set()
    for shift in range(3):
        encoded = base64.b64encode(bytes(shift) + data).decode("ascii")
        core = encoded[-(-8 * shift // 6) : 8 * (shift + len(data)) // 6]
        cores |= {core, core.translate(str.maketrans("+/", "-_"))}
    return {c for c in cores if len(c) >= MIN_PART}


def _b64_whole(secret: str) -> set[str]:
    data = secret.encode("utf-8")
    forms = {base64.b64encode(data).decode("ascii"), base64.urlsafe_b64encode(data).decode("ascii")}
    return forms | {f.rstrip("=") for f in forms}


@dataclass
class _Part:
    """A form whose parts are masked; `b64`: a hit is widened to the whole base64 token around it."""

    text: str
    b64: bool


class _Redactor:
    """The compiled masks of one set of secrets."""

    def __init__(self, values: list[str]):
        whole: list[str] = []  # regexes for a whole secret
        b64_whole: set[str] = set()
        parts: list[_Part] = []
        for value in values:
            whole.append("".join(_char_pattern(c) for c in value))
            b64_whole |= _b64_whole(value)
            if len(value) >= MIN_PART:
                parts += [_Part(f, False) for f in _text_forms(value) if len(f) >= MIN_PART]
                parts += [_Part(f, True) for f in _b64_cores(value)]
        self._parts = parts
        self._grams: dict[str, list[tuple[int, int]]] = {}  # 4 chars -> (part index, offset) of each
        for index, part in enumerate(parts):
            for offset in range(len(part.text) - _GRAM + 1):
                self._grams.setdefault(part.text[offset : offset + _GRAM], []).append((index, offset))
        b64 = sorted((w for w in b64_whole if len(w) >= MIN_LENGTH), key=len, reverse=True)
        alternatives = [f"(?P<whole>{'|'.join(whole)})"]
        if b64:
            alternatives.append(f"(?P<b64>{'|'.join(map(re.escape, b64))})")
        self._regex = re.compile("|".join(alternatives))

    def redact(self, text: str) -> str:
        spans: list[tuple[int, int]] = []
        for found in self._regex.finditer(text):
            start, end = found.span()
            if found.lastgroup == "b64":
                start, end = _b64_token(text, start, end)
            spans.append((start, end))
        spans += self._parts_in(text)
        if not spans:
            return text
        out, last = [], 0
        for start, end in _merged([_outside_escapes(text, *span) for span in spans]):
            out += [text[last:start], MASK]
            last = end
        out.append(text[last:])
        return "".join(out)

    def _parts_in(self, text: str) -> list[tuple[int, int]]:
        """Parts of MIN_PART characters or more. Such a part covers the _GRAM characters that start at
        a multiple of _STRIDE, so only those slices of the text are looked up (one set intersection
        at C speed, nearly always empty); each hit is grown to the longest part around it."""
        if not self._grams:
            return []
        slices = [text[i : i + _GRAM] for i in range(0, len(text), _STRIDE)]
        hits = self._grams.keys() & set(slices)
        if not hits:
            return []
        spans: list[tuple[int, int]] = []
        covered = 0
        for i in [i for i, piece in enumerate(slices) if piece in hits]:
            at = i * _STRIDE
            if at < covered:
                continue
            grown = self._grow(text, at, slices[i])
            if grown is not None:
                spans.append(grown)
                covered = grown[1]
        return spans

    def _grow(self, text: str, at: int, gram: str) -> tuple[int, int] | None:
        """The longest run of text around the gram at `at` that is a part of a form, if MIN_PART long."""
        best: tuple[int, int] | None = None
        for index, offset in self._grams[gram]:
            form = self._parts[index].text
            left = 0
            while left < offset and at - left > 0 and text[at - left - 1] == form[offset - left - 1]:
                left += 1
            right = _GRAM
            while offset + right < len(form) and at + right < len(text) and text[at + right] == form[offset + right]:
                right += 1
            if left + right >= MIN_PART and (best is None or left + right > best[1] - best[0]):
                best = (at - left, at + right)
                if self._parts[index].b64:
                    best = _b64_token(text, *best)
        return best


def _b64_token(text: str, start: int, end: int) -> tuple[int, int]:
    """The whole base64 token around a hit: its other characters also carry bits of the secret."""
    while start > 0 and text[start - 1] in _B64_CHARS:
        start -= 1
    while end < len(text) and text[end] in _B64_CHARS:
        end += 1
    return start, end


def _escape_at(text: str, i: int) -> tuple[int, int] | None:
    """The backslash escape (`\\"`, `\\uXXXX`) that covers position i, if any, so that a mask never cuts
    one in half (a JSON record must stay JSON)."""
    for k in range(i, max(-1, i - 6), -1):
        if text[k] != "\\":
            continue
        run = 0
        while k - run >= 0 and text[k - run] == "\\":
            run += 1
        if run % 2 == 0:  # this backslash is itself escaped
            continue
        length = 6 if text[k + 1 : k + 2] == "u" else 2
        return (k, k + length) if k < i < k + length or k == i else None
    return None


_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _entity_at(text: str, i: int) -> tuple[int, int] | None:
    """The HTML/XML entity (`&quot;`) that covers position i, if any: XML must stay well-formed."""
    for found in _ENTITY.finditer(text, max(0, i - 40), i + 40):
        if found.start() <= i < found.end():
            return found.span()
    return None


def _outside_escapes(text: str, start: int, end: int) -> tuple[int, int]:
    """The span grown so that it does not cut a JSON escape or an HTML entity in half."""
    for covering in (_escape_at(text, start), _entity_at(text, start)):
        if covering is not None:
            start = min(start, covering[0])
    if end > start:
        for covering in (_escape_at(text, end - 1), _entity_at(text, end - 1)):
            if covering is not None:
                end = max(end, min(covering[1], len(text)))
    return start, end


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out
