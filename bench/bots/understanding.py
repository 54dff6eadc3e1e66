"""What the rule-based reference bots understand of a customer message: signals (intents, emotional
cues, requests) recognised by keyword in English and French, and the identifiers it contains.
Deliberately simple: these bots exist to exercise the scorers, not to be good NLU."""

from __future__ import annotations

import re
from datetime import date

from bench.core.text import find_dates, matches_any

SIGNALS: dict[str, list[str]] = {
    # requests about the conversation itself
    "human": [
        r"\b(human|real person|an agent|a person|someone real|representative|operator|supervisor|manager)\b",
        r"\b(un|une|a un|a une) (humain|conseill|vraie personne|personne reelle|agent|operat|responsable)",
        r"\bparler a quelqu'un\b",
    ],
    "robot": [
        r"\b(are you|am i (talking|speaking|chatting) (to|with)) (a |an )?(robot|bot|machine|ai|human|real)",
        r"\bis this (a )?(bot|robot|an ai|automated)\b",
        r"\b(etes-vous|vous etes|tu es|es-tu) (un )?(robot|bot|humain|une ia|une machine|une vraie)",
        r"\b(je parle|suis-je en train de parler) (a|avec) (un|une) (robot|bot|machine|ia|humain)",
    ],
    # emotional and sensitive cues
    "bereavement": [
        r"\b(passed away|died|death|deceased|funeral|late (husband|wife|mother|father))\b",
        r"\b(decede|deces|mort|disparu|obseques|feu mon|feue ma)\b",
    ],
    "fraud": [
        r"\b(don'?t|do not|didn'?t|did not|never) (recogni[sz]e|make|authori[sz]e)",
        r"\b(fraud|scam|unauthori[sz]ed|hacked|someone (used|took))\b",
        r"\b(fraude|arnaque|pirate|je ne reconnais pas|je n'ai (pas|jamais) (fait|effectue|autorise))",
    ],
    "lost_card": [
        r"\b(lost|stolen|lose) (my )?(bank )?card\b",
        r"\bcard (was |has been )?(lost|stolen)\b",
        r"\b(perdu|vole|egare) (ma )?carte\b",
        r"\bcarte (bancaire )?(perdue|volee|egaree)\b",
        r"\bon m'a vole\b",
        r"\bbloquer (ma|la) carte\b",
        r"\bblock (my|the) card\b",
    ],
    "hardship": [
        r"\b(can'?t|cannot|unable to) (pay|afford)\b",
        r"\b(lost my job|redundan|debt|struggling financially)\b",
        r"\b(je ne peux (pas|plus) payer|difficultes financieres|perdu mon (emploi|travail)|surendett)",
    ],
    "vulnerable": [
        r"\b(hospital|carer|disabilit|dementia|chemotherapy|cancer)\b",
        r"\b(hopital|handicap|maladie|aidant|chimio)",
    ],
    "repeat": [
        r"\b(third|3rd|fourth|several|many) (time|contact|call)",
        r"\b(again and again|already (called|contacted|written))\b",
        r"\b(troisieme|3e|quatrieme|plusieurs) fois\b",
        r"\bdeja (appele|ecrit|contacte)",
    ],
    "anger": [
        r"\b(ridiculous|unacceptable|furious|disgrace|fed up|joke|useless|outrageous)\b",
        r"\b(inadmissible|scandaleux|ras le bol|marre|honteux|n'importe quoi|inacceptable|furieux|furieuse)\b",
    ],
    "frustration": [
        r"\b(still (not|no|haven'?t)|late|delayed|waiting for ages|annoy|frustrat)",
        r"\b(toujours pas|en retard|j'attends depuis|agace|frustr|pas normal)",
    ],
    "anxiety": [
        r"\b(worried|anxious|scared|panic|urgent|need it (for|by))\b",
        r"\b(inquiet|inquiete|angoiss|peur|urgent|panique|stresse)",
    ],
    "confusion": [
        r"\b(confused|don'?t understand|not sure how|what does .* mean)\b",
        r"\b(perdu|je ne comprends pas|je comprends rien|pas sur de comprendre)\b",
    ],
    # distress shown without naming a feeling: caps and "!!!", insults, calls for help. It only
    # changes what the bot says, never when it hands off.
    "distress": [
        r"[!?]{3,}",
        r"\b(crooks?|thieves|incompetent|seriously\?|help|asap|what if|freaking|stuck|stranded|in a rush)\b",
        r"\b(sorry to bother|not proud|delicate|what should i do|can'?t make head nor tail|no idea how)\b",
        r"\b(twice|cancell?ed|nothing (has )?(arrived|came)|never (arrived|received)|promised)\b",
        r"\b(escrocs?|voleurs?|incapables?|bordel|serieusement ?\?|c'est clair ?\?|urgence|au secours|aidez-moi)",
        r"\b(bloque|coince|desole de vous deranger|delicat|embetant|je fais comment|que (dois|faut)-(je|il) faire)\b",
        r"\b(deux fois|annule|supprime|rien recu|jamais recu|promis|retard|je n'arrive (plus|pas)|perdue|"
        r"je comprends pas)\b",
    ],
    # what they want done
    "tracking": [
        r"\b(where is|track|tracking|parcel|package|delivery|deliver|arrive|shipped)\b",
        r"\b(ou en est|suivi|colis|livraison|livre|arrive|expedi)",
    ],
    "return": [r"\b(return|send (it|them) back)\b", r"\b(retour|retourner|renvoyer)\b"],
    "refund": [r"\b(refund|money back|reimburse)\b", r"\b(rembours)"],
    "address_change": [
        r"\b(change|update|modify|wrong) (the |my )?(delivery |shipping )?address\b",
        r"\b(changer|modifier) (l'|mon |d')?adresse\b",
        r"\bnouvelle adresse\b",
    ],
    "cancel": [r"\bcancel\b", r"\bannul"],
    "hours": [
        r"\b(opening hours|open until|what time|when are you open|business hours)\b",
        r"\bwhen (can|could|do) i (call|reach|contact|phone|talk)",
        r"\b(horaires|heures d'ouverture|ouvert jusqu|a quelle heure)\b",
        r"\bquand (est-ce que )?(puis-je|je peux|peut-on|on peut) (joindre|appeler|contacter)",
    ],
    "balance": [r"\b(balance|how much (money|is (in|on)))\b", r"\b(solde|combien (il me reste|j'ai))\b"],
    "thanks": [r"^(thanks|thank you|merci)\b"],
}

# Emotional cues, most pressing first: the bot acknowledges the first one it sees.
EMOTIONAL = (
    "bereavement",
    "fraud",
    "hardship",
    "vulnerable",
    "anger",
    "repeat",
    "frustration",
    "anxiety",
    "confusion",
    "distress",
)
INTENTS = (
    "lost_card",
    "fraud",
    "bereavement",
    "hardship",
    "address_change",
    "cancel",
    "return",
    "refund",
    "tracking",
    "balance",
    "hours",
)

_ORDER = re.compile(r"(?<![\w@.])#?([A-Z]{1,3}-?\d{3,8})\b")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_NAME = re.compile(r"(?i:my name is|this is|i am|i'm|je m'appelle|je suis)\s+((?:[A-Z][\w'-]+)(?: [A-Z][\w'-]+)+)")
_LAST4 = re.compile(
    r"(?:ends? (?:in|with)|ending in|termine par|finit par|last (?:4|four) digits[^\d]{0,12})\s*(\d{4})\b",
    re.IGNORECASE,
)


def signals(text: str) -> set[str]:
    found = {name for name, patterns in SIGNALS.items() if matches_any(text, patterns)}
    if "hours" in found or "robot" in found:  # "when can I reach an adviser?", "a robot or a real person?"
        found.discard("human")
    return found


def intent_of(found: set[str]) -> str | None:
    return next((i for i in INTENTS if i in found), None)


def extract(text: str) -> dict[str, str]:
    """Identifiers in a message: order number, e-mail, name, card's last four digits, date of birth."""
    facts: dict[str, str] = {}
    if m := _EMAIL.search(text):
        facts["email"] = m[0]
    if m := _ORDER.search(_EMAIL.sub(" ", text)):
        facts["order_number"] = m[1]
    if m := _LAST4.search(text):
        facts["card_last4"] = m[1]
    if m := _NAME.search(text):
        facts["name"] = m[1]
    for year, month, day, _ in find_dates(text):
        if year and year < 2010:  # a date of birth, not an order date
            facts["date_of_birth"] = date(year, month, day).isoformat()
    return facts
