"""Phone numbers ("+44 20 7946 0321", "06 22 47 90 15", "au 3611", "oh seven seven double oh...") and
references of orders, bookings, cases and accounts ("order A-1042", "dossier n° 58 442", an IBAN).

Flight and train numbers, seats, gates, promo codes, models, card endings and postcodes are not read.
"""

from __future__ import annotations

import re

from bench.core.values.base import CONTEXT, FLAGS, GUESS, WORDS, Found, clause_before, found, trie, word_numbers

_INTERNATIONAL = re.compile(
    r"(?=[+0])(?<![\w+])(?:\+|00)\s?(?P<cc>[1-9]\d{0,2})(?P<rest>(?:[\s.-]?\(0\))?(?:[\s.-]?\d{1,4}){2,6})(?!\d)", FLAGS
)
_NATIONAL = re.compile(
    r"(?=0)(?<![\w+.,/-])(?:0[1-9](?:[\s.-]?\d\d){4}|0\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}|0\d{9,10})(?![\d]|[.,/-]\d)",
    FLAGS,
)
_SHORT_NUMBER = re.compile(r"(?=\d)(?<![\w.,+/-])\d{3,5}(?![\w/-]|[.,]\d|\s?[%€£$])", FLAGS)
_CALL_CUE = re.compile(
    r"\b(?:call(?:ing)?|ring(?:ing)?|dial(?:ling)?|phone|(?:text|sms|envoye[rz])\s+\S+\s+(?:to|au)|text|sms|appele[rz]"
    r"|appelez-nous|compose[rz]|rappele[rz](?:-nous)?|joindre|joignables?|hotline|helpline)"
    r"(?:\s+(?:us|nous|the\s+\w+\s+line))?\s*:?\s+(?:on\s+|at\s+|le\s+|au\s+)?$",
    FLAGS,
)
_CALL_WORDS = ("call", "ring", "dial", "phone", "text", "sms", "appel", "compos", "joign", "joindre", "line", "envoy")
_NOT_DIGIT = re.compile(r"\D")
_SPOKEN_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")
_DIGIT_WORDS = {"oh": "0", "o": "0", "zero": "0", "nought": "0"}
_SPOKEN_PHONE = re.compile(
    rf"\b(?P<plus>plus\s+)?(?:zero|oh|(?<=plus )\w+)\b(?:[\s,-]+(?:double|triple|oh|o|nought|{WORDS})\b){{4,}}", FLAGS
)
_ENDING = re.compile(
    r"\b(?:ending(?:\s+in)?|ends\s+in|terminant\s+par|finissant\s+par|last\s+(?:four|4)\s+digits|code|pin"
    r"|otp|passcode|password)\s*(?::\s*)?$",
    FLAGS,
)

_REF_CUE = trie(
    "order orders booking reservation ref reference case ticket incident claim dispute return parcel package "
    "tracking consignment account customer membership contract policy loan invoice complaint request iban "
    "commande cde cmd resa dossier reclamation sinistre litige contestation retour colis suivi compte client "
    "contrat police pret facture demande intervention indemnisation abonne".split()
)
_REF_LINK = (
    r"(?:\s+|\s*[:#]\s*|\s+(?:number|no\.?|n°|nº|num(?:ero)?|nbr|nr|id|is|was|under|ref\.?|reference|est|c'est"
    r"|porte\s+(?:le\s+numero|la\s+reference)|le|la|du|de|d')\s*|\s*(?:n°|no\.|#)\s*)"
)
_REF_CUE_WORD = re.compile(rf"\b{_REF_CUE}\b", FLAGS)
# The words between a cue and its reference, read in any case up to a token that has a digit
_AFTER_CUE = re.compile(rf"\.?(?:{_REF_LINK}){{1,4}}(?-i:(?=(?:[A-Z]{{2,4}}\s)?[A-Za-z0-9/-]*\d))", re.I | re.A)
_NOT_REF_BEFORE = re.compile(
    r"\b(?:flight|vol|train|tgv|ter|bus|coach|car|seat|siege|gate|porte|platform|quai|voie|terminal|voiture"
    r"|code|promo|coupon|model|modele|size|taille|pin|room|chambre|floor|etage|ending|terminant|finissant"
    r"|version|pass)\b[^.;:]{0,12}$",
    FLAGS,
)
_TOKEN = re.compile(
    r"(?=[A-Za-z0-9])\b(?<![@/.-])(?:[A-Z]{2,4}\s(?=\d))?(?=[A-Za-z0-9/-]*\d)[A-Za-z0-9]+(?:[-/][A-Za-z0-9]+)*"
    r"(?:\s(?:\d{3,4}|(?=[A-Z]*\d)[A-Z0-9]{3,4})(?![\w@]))*(?![\w@])"
)
# A code that is a reference even without a word before it: "INC-55120", "M3TZ9P", "1Z999AA10123456784"
_CODE = re.compile(
    r"(?=[A-Z0-9])\b(?<![@/.-])(?:[A-Z]{1,5}-\d{3,}[A-Z0-9-]*|(?=[A-Z]*\d)(?=\d*[A-Z])[A-Z0-9]{6,20})(?![\w@-])"
)
_CODE_HINT = re.compile(r"[A-Z]-?\d|\d[A-Z]")
_DIGIT = re.compile(r"\d")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,3})?\b")


def read_phones(text: str, low: str) -> list[Found]:
    """Phones in `low` (the text folded and lower-cased): international, national, short numbers after a
    word that calls them, and numbers said digit by digit."""
    out: list[Found] = []
    if "+" in low or "00" in low:
        for m in _INTERNATIONAL.finditer(low):
            rest = _NOT_DIGIT.sub("", m["rest"].replace("(0)", ""))  # the trunk 0 goes with a country code
            if 8 <= len(m["cc"] + rest) <= 15:
                out.append(found("phone", "+" + m["cc"] + rest, m.start(), m.end()))
    if "0" in low:
        for m in _NATIONAL.finditer(low):
            digits = _NOT_DIGIT.sub("", m[0])
            if len(digits) in (10, 11) and not _ENDING.search(clause_before(low, m.start(), 30)):
                out.append(found("phone", digits, m.start(), m.end()))
    if any(word in low for word in _CALL_WORDS):  # "calling 150", "text STOP to 2020", "au 3611"
        for m in _SHORT_NUMBER.finditer(low):
            if _CALL_CUE.search(_sentence_before(low, m.start())):
                out.append(found("phone", m[0], m.start(), m.end(), CONTEXT))
    if "zero" in low or "oh " in low or "plus " in low:
        for m in _SPOKEN_PHONE.finditer(low):
            digits = _spoken_digits(m[0])
            if len(digits) >= 9:
                out.append(found("phone", "+" + digits if m["plus"] else digits, m.start(), m.end()))
    return out


def _spoken_digits(words: str) -> str:
    """The digits said: "oh seven seven double oh" is "07700"; "zero six, douze, trente-quatre" is "061234"."""
    out, repeat = "", 1
    for word in _SPOKEN_WORD.findall(words):
        if word in ("double", "triple"):
            repeat = 2 if word == "double" else 3
            continue
        if word == "plus":
            continue
        digits = _DIGIT_WORDS.get(word) or "".join(str(n) for n in word_numbers(word))
        if not digits:
            return ""
        out += digits * repeat
        repeat = 1
    return out


def read_references(text: str, folded: str, low: str) -> list[Found]:
    """References in `folded` (case kept: "ENG 448 201" is a reference, "eng 448" need not be); `low`
    is the same text in lower case, where the words before them are read."""
    if not _DIGIT.search(low):
        return []
    coded = _CODE_HINT.search(folded) is not None  # a capital next to a digit: "INC-55120", "FR76", "M3TZ9P"
    ibans = _IBAN.finditer(folded) if coded else ()
    out = [found("reference", _compact(m[0]), m.start(), m.end()) for m in ibans]
    for cue in _REF_CUE_WORD.finditer(low):  # "order A-1042", "dossier n° 58 442", "case reference is 77812"
        link = _AFTER_CUE.match(folded, cue.end())
        token = _TOKEN.match(folded, link.end()) if link else None
        if token and len(compact := _compact(token[0])) >= 4:
            out.append(found("reference", compact, token.start(), token.end(), CONTEXT))
    for m in _CODE.finditer(folded) if coded else ():
        if _looks_like_a_reference(m[0]) and not _NOT_REF_BEFORE.search(_sentence_before(low, m.start())):
            out.append(found("reference", _compact(m[0]), m.start(), m.end(), GUESS))
    return out


def _compact(token: str) -> str:
    return _SEPARATORS.sub("", token).upper()


_SEPARATORS = re.compile(r"[\s/-]")
_LETTERS_THEN_DIGITS = re.compile(r"[A-Z]+\d+")
_SENTENCE_END = re.compile(r"(?<!\bref)(?<!\bno)(?<!\bn°)(?<!\bnum)[.!?](?=\s)|\n|;", FLAGS)


def _sentence_before(folded: str, start: int) -> str:
    """The words before `start` in its sentence ("réf. SK-77D2": the dot of "réf." ends nothing)."""
    window = folded[max(0, start - 50) : start]
    ends = list(_SENTENCE_END.finditer(window))
    return window[ends[-1].end() :] if ends else window


def _looks_like_a_reference(token: str) -> bool:
    """A code with letters and digits mixed ("M3TZ9P") or hyphenated ("INC-55120"); letters then digits are
    flights, laws and promo codes ("AZ480", "UK261", "MERCI15")."""
    if "-" in token:
        return True
    letters = sum(c.isalpha() for c in token)
    return not _LETTERS_THEN_DIGITS.fullmatch(token) and letters >= 2 and len(token) - letters >= 2
