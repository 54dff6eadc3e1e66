"""Amounts and percentages: "£8,450", "GBP 424.99", "49,90 €", "1 234,56 €", "49 euros 90", "99p",
"250 quid", "fifty pounds", "deux cent quarante-neuf euros", a bare "49.90"; "20 %", "1,5 %", "20 per cent"."""

from __future__ import annotations

import re
from decimal import Decimal

from bench.core.values.base import EXPLICIT, FLAGS, GUESS, NUMBER, WORDS, Found, found, parse_number, word_numbers

CURRENCIES = {
    "£": "GBP", "gbp": "GBP", "pound": "GBP", "pounds": "GBP", "quid": "GBP", "livre sterling": "GBP",
    "livres sterling": "GBP", "€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR", "balles": "EUR",
    "$": "USD", "us$": "USD", "usd": "USD", "dollar": "USD", "dollars": "USD",
}  # fmt: skip
_WORD_CURRENCY = r"pounds?|quid|euros?|dollars?|balles|livres?\s+sterling"
# Words after "49 euros 90" that make the 90 something else than cents ("12 € 30 jours").
_NOT_CENTS = (
    r"(?!\s?(?:[£€$%]|eur|euros?|jours?|days?|mois|months?|ans?|years?|min|h\b|heures?|hours?|weeks?|fois|x\b))"
)
# A unit or a letter after a number with two decimals makes it a size, a weight, a time...: not money.
_NOT_MONEY = r"(?!\s?(?:%|[kmgt]?[bo]\b|[kmgt]?b/s|kg|g\b|km|m\b|cm|mm|ml|l\b|h\b|[ap]\.?m\b|\d|go\b|mo\b))"
_SYMBOL_FIRST = re.compile(rf"(?P<cur>[£€$])\s?-?(?P<num>{NUMBER})(?P<k>k\b)?", FLAGS)
_CODE_FIRST = re.compile(rf"\b(?P<cur>gbp|eur|usd)\s?-?(?P<num>{NUMBER})(?P<k>k\b)?", FLAGS)
# Everything that starts with the number, in one pass: "49,90 €", "99p", "50 cents", "20 %", a bare "49.90".
_NUMBER_FIRST = re.compile(
    rf"(?=\d)(?<![\w.,€£$/:])(?P<num>\d+[.,]\d{{3,}}(?=\s?%)|{NUMBER})(?:"
    rf"(?P<k>k)?\s?(?P<cur>[£€$]|(?:eur|gbp|usd|{_WORD_CURRENCY})\b)"
    rf"(?:\s?(?P<cents>\d\d)\b(?![.,]\d){_NOT_CENTS}|\s+(?:and|et)\s+(?P<coins>\d\d?)\s?(?:p|pence|cents?|centimes?)\b)?"
    r"|(?P<pence>p|\s?pence)\b|\s?(?P<coin>cents?|centimes?)\b"
    r"|\s?(?P<percent>%|per\s?cent\b|percent\b|pour\s?cent\b|pourcents?\b)"
    rf"|(?<=[.,]\d\d)(?P<bare>){_NOT_MONEY})",
    FLAGS,
)
_IN_WORDS = re.compile(
    rf"(?P<whole>(?:\ba\s+)?{WORDS})\s+(?P<cur>{_WORD_CURRENCY})\b"
    rf"(?:\s+(?:and\s+)?(?P<cents>{WORDS})(?:\s+(?:pence|p|cents?|centimes?)\b)?{_NOT_CENTS})?",
    FLAGS,
)
_VERSION = re.compile(r"\b(?:version|v|ios|android|model|modele|release)\s*$", FLAGS)
_PERCENT_WORDS = re.compile(rf"\b(?P<words>{WORDS})\s+(?:per\s?cent|percent|pour\s?cent)\b", FLAGS)
_CURRENCY_WORDS = ("pound", "quid", "euro", "dollar", "balles", "livre")


_WRITTEN_CENTS = re.compile(r"[.,]\d{1,2}$")


def read_money(text: str, low: str) -> list[Found]:
    """Amounts and percentages in `low` (the text folded and lower-cased)."""
    out: list[Found] = []
    if "£" in low or "€" in low or "$" in low:
        out += [_amount(m, parse_number(m["num"]), m["cur"]) for m in _SYMBOL_FIRST.finditer(low)]
    if "gbp" in low or "eur" in low or "usd" in low:
        out += [_amount(m, parse_number(m["num"]), m["cur"]) for m in _CODE_FIRST.finditer(low)]
    for m in _NUMBER_FIRST.finditer(low):
        if m["cur"]:
            value = parse_number(m["num"])
            cents = m["cents"] or m["coins"]
            if cents and value == int(value) and not _WRITTEN_CENTS.search(m["num"]):
                value += Decimal(cents) / 100  # "49 euros 90", "1 € 90", "89 euros et 50 centimes"
            elif cents:  # "20,00 € 24 mars": the cents are written already, so the 24 is something else
                end = m.end("cur")
                out.append(found("amount", _money(value), m.start(), end, EXPLICIT, currency=_currency(m["cur"])))
                continue
            out.append(_amount(m, value, m["cur"]))
        elif m["pence"] or m["coin"]:
            if m["num"].isdigit():  # "99p" is GBP; "50 cents" says no currency
                value, currency = Decimal(m["num"]) / 100, "GBP" if m["pence"] else None
                out.append(found("amount", _money(value), m.start(), m.end(), currency=currency))
        elif m["percent"]:
            out.append(found("percentage", m["num"].replace(",", "."), _minus(low, m.start()), m.end()))
        elif not _VERSION.search(low, max(0, m.start() - 12), m.start()):
            out.append(found("amount", _money(parse_number(m["num"])), m.start(), m.end(), GUESS))
    if any(word in low for word in _CURRENCY_WORDS):
        out += _in_words(low)
    if "cent" in low:
        for m in _PERCENT_WORDS.finditer(low):
            numbers = word_numbers(m["words"])
            if len(numbers) == 1:
                out.append(found("percentage", str(numbers[0]), m.start(), m.end()))
    return out


def _in_words(low: str) -> list[Found]:
    """Amounts in words: "fifty pounds", "twenty-four pounds ninety-nine", "deux cent quarante-neuf euros"."""
    out = []
    for m in _IN_WORDS.finditer(low):
        whole = word_numbers(m["whole"])
        cents = word_numbers(m["cents"]) if m["cents"] else [0]
        if len(whole) == 1 and len(cents) == 1 and cents[0] < 100:
            value = Decimal(whole[0]) + Decimal(cents[0]) / 100
            out.append(found("amount", _money(value), m.start("whole"), m.end(), currency=_currency(m["cur"])))
    return out


def _minus(low: str, start: int) -> int:
    """A discount "-20 %" is read as 20; the span keeps its sign."""
    return start - 1 if start and low[start - 1] == "-" else start


def _amount(m: re.Match, value: Decimal, currency: str) -> Found:
    if m["k"]:
        value *= 1000  # "£2k"
    return found("amount", _money(value), m.start(), m.end(), EXPLICIT, currency=_currency(currency))


def _currency(word: str) -> str | None:
    return CURRENCIES.get(" ".join(word.lower().split()))


def _money(value: Decimal) -> str:
    return f"{value:.2f}"
