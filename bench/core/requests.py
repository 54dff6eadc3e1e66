"""How a bot asks the customer for a fact: the words that name each well-known fact (English and
French, on normalised text: lower case, no accents), and whether a reply asks for it. The simulated
customer answers such requests and the conduct scorer catches a request repeated; both read it here.
A scenario may use any other fact key if it says how the bot asks for it (`asked_by`)."""

from __future__ import annotations

import re

from bench.core.text import matches_any

# How a bot asks for each well-known fact, on normalised text (lower case, no accents).
FACT_REQUESTS: dict[str, list[str]] = {
    "order_number": [
        r"order (number|no\b|#|id|reference)",
        r"numero de (la |votre )?commande",
        r"reference de (la |votre )?commande",
        r"n[°o] de commande",
    ],
    "email": [r"e-?mail", r"courriel", r"adresse (electronique|mail)"],
    "date_of_birth": [
        r"date of birth",
        r"\bdob\b",
        r"birth ?date",
        r"when were you born",
        r"date de naissance",
        r"\bnee? le\b",
    ],
    "phone": [r"phone", r"mobile number", r"telephone", r"numero de (portable|mobile)"],
    "postcode": [r"post ?code", r"\bzip\b", r"code postal"],
    "address": [
        r"(new|delivery|postal|home|full|shipping) address",
        r"adresse (de livraison|postale|complete)",
        r"nouvelle adresse",
        r"votre adresse\b(?! (e-?mail|electronique|mail))",
    ],
    "name": [r"your (full )?name", r"name on the (account|order)", r"votre nom", r"nom complet", r"nom et prenom"],
    "account_number": [r"account number", r"numero de compte"],
    "card_last4": [r"last (4|four) digits", r"(4|quatre) derniers chiffres"],
    "iban": [r"\biban\b"],
    "tracking_number": [r"tracking (number|code)", r"numero de suivi"],
    "booking_reference": [
        r"booking (reference|number|code|ref)",
        r"confirmation (code|number)",
        r"\bpnr\b",
        r"(reference|numero) de (la |votre )?(reservation|dossier)",
    ],
    "customer_number": [r"customer (number|id|reference)", r"account id", r"(numero|identifiant|reference) client"],
}

_ASKING = [  # a sentence asks for something when it is a question or a request
    r"\?",
    r"\b(please|could you|can you|would you|kindly|provide|confirm|send me|give me|tell me|share)\b",
    r"\b(pouvez-vous|pourriez-vous|merci de|veuillez|indiquez|donnez|communiquez|confirmez|envoyez|"
    r"precisez|rappelez)",
]


def asks_for(text: str, patterns: list[str]) -> str | None:
    """The sentence of `text` that asks for the fact `patterns` recognise: one that names it and is a
    question or a request. None when no sentence does."""
    for sentence in re.split(r"(?<=[.!?])\s+|\n+", text):
        if matches_any(sentence, patterns) and matches_any(sentence, _ASKING):
            return sentence
    return None
