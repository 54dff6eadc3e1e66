"""How a bot asks the customer for a fact, read by meaning rather than by one fixed wording. The
simulated customer answers such requests and the conduct scorer catches a request repeated; both
read it here.

A reply asks for a fact when one of its sentences names the fact (its concept words, in English or
French, typos of one letter forgiven) and is a request: a question, an imperative or polite request
("please send", "merci de m'indiquer"), or a statement of need ("I'll need", "il me faudrait"). A
list under a request ("please reply with:" then bullet lines) is part of it, and "could you send it
again?" asks again for the fact the sentence before it named. What only mentions a fact is not a
request: reading it back ("is your number still 07700...?"), thanking for it, a decision about it
("would you like to update the address?"), someone else's ("the payee's IBAN"), a channel ("by
e-mail"), or a warning ("never give your card number").

A scenario may hold any other fact if it says how the bot names it (`asked_by` patterns); those are
matched the same way."""

from __future__ import annotations

import re
from functools import lru_cache

from bench.core.text import matches_any, normalise

# The words that name each well-known fact, on normalised text (lower case, no accents). A sentence
# that names a fact this way and is a request asks for it.
FACT_REQUESTS: dict[str, list[str]] = {
    "order_number": [
        r"\bcommande\b.{0,40}\b(le|ce|votre|ton) numero\b",
        r"\b(le|ce|votre|ton) numero\b.{0,30}\bcommande\b",
        r"\border (number|no\b|n[°o]|#|id\b|ref\b|reference\b|code\b)",
        r"\bnumber (of|for|on) (the|your|that|this) order\b",
        r"\b(which|what) order\b(?! (status|date|total))",
        r"\bnum(ero)?s? (de |d')?(la |votre |ta |cette )?commande\b",
        r"\b(reference|n[°o]) (de |d')?(la |votre |ta )?commande\b",
        r"\bcommande n[°o]",
    ],
    "email": [
        r"\be-?mail (address|adress|adresse)\b",
        r"\b(your|the|which|what|an?) e-?mail\b(?! (you|them|it|him|her|me|us)\b)(?!ed\b)(?! (from|we|i) )",
        r"\be-?mail (you (used|registered|ordered|signed|gave)|on (the|your) (account|booking|file|order))",
        r"\badress?e? (e-?mail|mail|electronique|courriel)\b",
        r"\b(votre|ton|ta|quel|quelle|l') ?(e-?mail|mail|courriel)\b(?! (de confirmation|d'expedition))",
    ],
    "date_of_birth": [
        r"\b(vous etes|tu es) nee? quand\b",
        r"\bdate of birth\b",
        r"\bbirth ?date\b",
        r"\bd\.?o\.?b\b",
        r"\bwhen were you born\b",
        r"\bdate de naissance\b",
        r"\b(ne|nee|ne\(e\)) le\b",
        r"\bquand (etes-vous|es-tu) ne",
    ],
    "phone": [
        r"\b(line|mobile) number\b",
        r"\bnumber of (the|your) (line|mobile)\b",
        r"\bnumero (de |du )?(la |ta |votre )?ligne\b",
        r"\b(which|what) (mobile |phone )?number\b(?! of)",
        r"\b(phone|mobile|telephone|contact|cell|landline) (number|no\b|n[°o])",
        r"\b(best|good|which|what|a|the) (mobile|phone|contact )?number (to|for|we|the|can|i|on)\b(?! (of|items|digits))",
        r"\bnumero (de )?(telephone|portable|mobile|tel|fixe)\b",
        r"\b(votre|ton) (portable|telephone|tel|mobile)\b",
        r"\ba quel numero\b",
        r"\bquel numero (souhaitez|voulez|aimeriez|desirez)",
        r"\bun numero (de telephone |ou |auquel |pour )",
        r"\b(peut|pourra|peux|puisse)[- ](vous|te|on|il) (vous |te )?joindre\b",
    ],
    "postcode": [r"\bpost ?codes?\b", r"\bzip( code)?\b", r"\bcodes? posta(l|ux)\b", r"\bcp\b(?= ?\?)"],
    "address": [
        r"\b(new|delivery|postal|home|full|shipping|street|billing|correct|current|collection) address\b",
        r"(?<!mail )(?<!mail-)\baddress (you|the|it|to|where|for|on|of)\b(?! (book|the issue|this|that))",
        r"\b(your|the|which|what) address\b",
        r"\bfirst line of (the|your) address\b",
        r"\b(house|flat|street) (number|no\b|name)\b",
        r"\bnumero (de rue|et (le )?nom de (la )?rue)\b",
        r"\bwhere (should|shall|do|can|would) (we|i|you) (send|deliver|post|ship)",
        r"\badresse (de livraison|postale|complete|de facturation|exacte|du domicile)\b",
        r"\b(nouvelle|votre|ton|quelle|l') ?adresse\b(?! (e-?mail|mail|electronique|courriel))",
        r"\ba quelle adresse\b",
        r"\bou (doit-on|faut-il|devons-nous|peut-on|voulez-vous|souhaitez-vous) (vous |l'|la |le |les )?(envoyer|livrer|expedier)",
    ],
    "name": [
        r"\b(your|the) (full |first and last |last |family )?name\b(?! of (the|a|your) (person|payee|recipient|hotel))",
        r"\b(your|the) surname\b",
        r"\bsurname on (the|your)\b",
        r"\bname (on|under) (the|which|your|this)\b",
        r"\bwhat name\b",
        r"\b(under|in) (whose|which|what) name\b",
        r"\bwho (am i|i'm|i am) (speaking|talking|chatting|writing) (to|with)\b",
        r"\bwho is the (booking|reservation|hotel reservation|account) (under|in the name of)\b",
        r"\b(booking|reservation) under\b",
        r"\b(votre|ton|quel|le) nom\b(?! (de |du |d'))",
        r"\bnom de famille\b",
        r"\bnom complet\b",
        r"\bnom et prenom\b",
        r"\b(vos|tes) nom et prenom\b",
        r"\ba quel nom\b",
        r"\bde la part de qui\b",
        r"\bqui (est|etes-vous)\b.*\?",
    ],
    "account_number": [
        r"\b(acc|account) (number|no\b|n[°o])",
        r"(?<!phone )(?<!mobile )\bnumber of the (account|savings account|current account)\b",
        r"\bn[°o] (de |du )?compte\b",
        r"\bnumero (de |du )?compte\b",
        r"\bnumero du compte\b",
    ],
    "card_last4": [
        r"\b(last|final) (4|four) (digits|numbers)\b",
        r"\blast (4|four)\b",
        r"\b(4|four) (last|final) digits\b",
        r"\bwhat (does|do) (the|your|it|that) (card )?end (in|with)\b",
        r"\b(card|it) ends? (in|with)\b.*\?",
        r"\bwhat (does|do) it end in\b",
        r"\b(4|quatre) derniers? (chiffres?|numeros?)\b",
        r"\bse termine(nt)? par (quels|quel)\b",
        r"\bse termine par\b.*\?",
    ],
    "iban": [r"\bi-?b-?a-?n\b", r"\biban\b"],
    "tracking_number": [
        r"\b(parcel|package) (number|no\b|id\b)",
        r"\bnumero (de |du )?colis\b",
        r"\btracking (number|no\b|code|id\b|ref\b|reference)",
        r"\bconsignment (number|no\b|code)",
        r"\bnum(ero)? (de )?suivi\b",
        r"\bn[°o] de suivi\b",
        r"\bcode de suivi\b",
    ],
    "booking_reference": [
        r"\b(booking|reservation|dossier)s?\b.{0,25}\b(reference|ref)\b",
        r"\b(reference|ref)\b.{0,25}\b(booking|reservation|dossier)\b",
        r"\bbooking (reference|number|code|ref\b|no\b)",
        r"\bconfirmation (code|number)\b",
        r"\bpnr\b",
        r"\b(reservation|dossier) (reference|number|code)\b",
        r"\breference (for|of) (the|your) (hotel )?(booking|reservation)\b",
        r"\b(its|the) reference\b(?= ?\?| for| of)",
        r"\b(reference|numero|code) (de |du )?(la |votre |ta )?(reservation|dossier)\b",
        r"\breference de (votre |la )?reservation\b",
    ],
    "customer_number": [
        r"\b(customer|client|member|membership) (number|no\b|id\b|reference|ref\b|n[°o])",
        r"\baccount id\b",
        r"\b(numero|identifiant|reference|n[°o]) (de )?client\b",
        r"\bnum(ero)? client\b",
    ],
}

# A sentence is a request when it asks, tells or needs: a question, an imperative or polite request,
# or a statement of need (normalised text).
_REQUEST = re.compile(
    r"\?|"
    r"\b(please|pls|plz|could you|can you|can u|could u|would you|will you|kindly|would you mind|mind (giving|sending)|"
    r"tell me|reply with|let me know|let us know|read (me|out)|"
    r"i('ll| will)? (also )?need|we('ll| will)? (also )?need|(i )?just need|"
    r"i('d| would) need|we('d| would) need|need your|i'?m going to need|gonna need|can i (have|get|ask)|"
    r"may i (have|ask)|could i (have|get)|what('s| is| are)|which|whats|have you got|do you have|do you know|"
    r"(is|are|will be|would be) (enough|fine|quickest|best)|will do|i('ll| will) (also )?have to ask|"
    r"(also )?need (the|your))\b|"
    r"\b(pouvez[- ]vous|pourriez[- ]vous|pourrais[- ]tu|peux[- ]tu|tu peux|tu peu|vous pouvez|merci de|merci d'|"
    r"veuillez|indiquez|indique[- ](moi|nous)|donnez|donne[- ](moi|nous)|communiquez|confirmez|confirme[- ](moi|nous)|"
    r"envoyez|envoie[- ](moi|nous)|precisez|rappelez|transmettez|tapez|saisissez|renvoyez|lisez|dictez|"
    r"il me faut|il me faudrait|il nous faut|il nous faudrait|j'ai (juste |simplement |seulement )?besoin|"
    r"nous avons besoin|j'aurais besoin|j'aurai (aussi |egalement )?besoin|nous aurions besoin|vous auriez|vous avez|"
    r"t'as|auriez-vous|avez-vous|as-tu|quel|quelle|quels|quelles|c quoi|c'est quoi|c koi|s'il vous plait|"
    r"s'il te plait|svp|stp|ecrivez-(le|la|les|moi|nous)|ecris-(le|la|les|moi)|suffit|suffisent|suffira|feront l'affaire|ca ira|"
    r"(je dois|je vais|permettez-moi de) vous (poser|demander)|bien vouloir|nous vous invitons a)\b|"
    r"\b(m'|me |nous )(transmettre|communiquer|communique|indiquer|preciser|envoyer|envoye|donner|fournir|confirmer|"
    r"rappeler|dire|renvoyer|lire|dicter|ecrire|repondre)\b|"
    # an English imperative: at the start of a clause, or after "please", "just", "and"...
    r"(^|[,;:.!?]\s*|\b(please|pls|plz|just|simply|and|then|so|now)\s+)"
    r"(provide|confirm|send|give|share|type|enter|pop|paste|drop|include|quote|spell|read|check|reply|write)\b"
)
# A sentence that opens with a decision ("would you like to update the address?") asks for a choice,
# not for the fact, unless it also asks to be given it.
_DECISION = re.compile(
    r"^\W*((and|so|ok|okay|right|et|alors|d'accord)\W+)?(would you like|do you want|would you prefer|shall i|"
    r"should i|should we|do you wish|voulez-vous|souhaitez-vous|vous voulez|vous souhaitez|tu veux|desirez-vous|"
    r"preferez-vous|dois-je|devons-nous|faut-il que je)\b(?!.*\b(give|send|provide|tell|share|type|confirm)\b (me|us) )"
    r"(?!.* (me|nous) (donner|communiquer|indiquer|envoyer|preciser))"
)
# A clause that names a fact without asking for it.
_NOT_ASKED = [
    r"\b(never|don'?t|do not|ne) (give|share|send|communiquez|donnez|jamais)",  # a warning
    r"\bne (communiquez|donnez|transmettez|partagez|envoyez) jamais\b",
    r"\bn'(envoyez|indiquez|communiquez) (pas|jamais)\b",
    r"\bne nous envoyez (pas|jamais)\b",
    r"\bno need (to|for)\b",
    r"\b(i|we) (don'?t|do not) need\b",
    r"\bpas besoin\b",
    r"\b(have|keep) (your|the) .{0,40}\bready\b",  # later, not now
    r"\b(write|put|note|mark) (your|the) .{0,40} on (the|your)\b",
    r"\b(ecrivez|notez|inscrivez|indiquez) (votre|le) .{0,40} sur (le|la|votre)\b",
    r"\b(munissez-vous|gardez|preparez)\b",
    r"^\W*(pour|to|in order to|afin de|so that|so as to) (change|update|modify|changer|modifier|mettre a jour)\b",
    # someone else's
    r"\b(of|for) the (person|payee|recipient|beneficiary|landlord|company)\b",
    r"\b(payee|recipient|beneficiary|landlord)'?s\b",
    r"\b(du|de la|de votre) (beneficiaire|personne|destinataire|proprietaire|bailleur)\b",
    r"\bde la personne\b|\bnom de jeune fille\b|\bmaiden name\b",
]
# Per fact: a mention that is not the fact (a channel, a part named of another fact, a place).
_NOT_THIS_FACT: dict[str, list[str]] = {
    "email": [
        r"\b(by|via|par) (e-?mail|mail|courriel)\b",
        r"\binbox\b|\bboite (mail|de reception)\b",
        r"\b(from|in|on|dans|sur) (the|your|le|votre) .{0,20}(e-?mail|mail) (de confirmation|d'expedition)?",
    ],
    "address": [r"\b(post ?code|code postal|zip)( code)? (of|de|du) (the |l'|la )?"],
    "phone": [r"\b(by|via|par) (phone|telephone)\b"],
}
# A clause that states something rather than asks ("je ne retrouve rien avec votre nom").
_STATEMENT_CLAUSE = re.compile(
    r"^\W*((but|and|or|so|mais|et|ou|donc)\s+)?(i|we|je|nous|il|elle|on|it|this|that|c'est|it's|ce|cela|ca|there)\b"
    r"(?! (need|will need|'ll need|would))"
)
# A sentence whose value is read back for a yes/no check: "is your number still 07700 900547?".
_READ_BACK = re.compile(r"\b(still|toujours|bien|correct|right)\b[^?]{0,30}\d{3}|\bconfirmez le \d")
# A request that refers back: "could you send it again?", "donnez-moi son numero".
_REFERS_BACK = re.compile(
    r"\b(it|them|that|that one|its)\b|\b(le|la|les|l')\s?\w+(er|ir|re)\b|\b(me|nous) (le|la|les)\b|"
    r"\b(son|sa) (numero|reference)\b|-(le|la|les)\b"
)
# What the sentence before such a request names, when it only names the thing the fact belongs to.
_BELONGS_TO: dict[str, str] = {
    "order_number": r"\b(order|commande)s?\b",
    "account_number": r"\b(account|compte)s?\b",
    "booking_reference": r"\b(booking|reservation|dossier)s?\b",
    "phone": r"\b(line|ligne)s?\b",
}
_ITS = re.compile(r"\b(its|their) (number|reference)\b|\b(son|sa|leur) (numero|reference)\b")
# A sentence before a request that states the fact or what the bot does with it is no referent for "it".
_NO_REFERENT = re.compile(
    r"\d{3}|\b(i('ll| will)|we('ll| will)|je vais|nous allons|i('ve| have)|we('ve| have)|j'ai|nous avons|"
    r"thanks for|merci pour|on file|enregistre)\b"
)
# "and your postcode." after a request continues it.
_CONTINUES = re.compile(
    r"^\W*(and|et|also|aussi|plus|ainsi que)\W+([\w' ]{0,30}, )?(your|the|votre|ton|ta|tes|vos|le|la)\b"
)
_SENTENCES = re.compile(r"(?<=[!?])\s+|(?<=[^.]\.)\s+|\n+")
_CLAUSES = re.compile(r"[,;:()\u2013\u2014]|\s-\s|[\U0001F300-\U0001FAFF\u2600-\u27BF]")
_LIST_ITEM = re.compile(r"^\s*([-*•·]|\d+[.)]|[a-z][.)])\s+")
# The nouns that name facts, for forgiving one-letter typos ("emial adress", "date of brith"). Only these
# are corrected: a real word one letter away ("contract", "souhaite") must stay what it is.
_VOCABULARY = sorted(
    "email address adress adresse number numero birth naissance tracking postcode account compte customer client "
    "booking reference reservation dossier telephone mobile portable commande surname consignment suivi".split()
)
_REAL_WORDS = frozenset("contract contrat contacts numbers adresses accounts clients bookings comptes".split())
_VOCABULARY_SET = frozenset(_VOCABULARY)


def asks_for(text: str, patterns: list[str], key: str | None = None) -> str | None:
    """The sentence of `text` that asks the customer for the fact `patterns` name (`key`, for a
    well-known fact, adds what only looks like it), or the sentence before a request that refers
    back to it ("could you send it again?"). None when no sentence does."""
    if not patterns or not text:
        return None
    units = _units(text)
    for i, (sentence, requesting) in enumerate(units):
        flat = _corrected(sentence)
        if not requesting or _DECISION.search(flat) or _READ_BACK.search(flat):
            continue
        if _names(flat, patterns, key):
            return sentence
        if _REFERS_BACK.search(flat):
            for before, _ in reversed(units[max(0, i - 2) : i]):
                earlier = _corrected(before)
                if _NO_REFERENT.search(earlier) and not _ITS.search(flat):
                    break
                if _names(earlier, patterns, key, asked=False) or (
                    key in _BELONGS_TO and _ITS.search(flat) and re.search(_BELONGS_TO[key], earlier)
                ):
                    return sentence
    return None


def _names(flat: str, patterns: list[str], key: str | None, asked: bool = True) -> bool:
    """Whether a clause of the sentence names the fact as the customer's own, to be given now. A
    clause that only states something ("je ne retrouve rien avec votre nom") does not, unless the
    sentence is a question about it."""
    question = flat.rstrip().endswith("?")
    for clause in _CLAUSES.split(flat):
        if not matches_any(clause, patterns):
            continue
        if asked and not question and _STATEMENT_CLAUSE.search(clause) and not _REQUEST.search(clause):
            continue
        if matches_any(clause, _NOT_ASKED) or (key and matches_any(clause, _NOT_THIS_FACT.get(key, []))):
            continue
        return True
    return False


@lru_cache(maxsize=256)  # one reply is asked for each fact in turn, and for information at all
def _units(text: str) -> tuple[tuple[str, bool], ...]:
    """The reply's sentences, each with whether it is a request. The lines of a list under a request
    ending with a colon are requests too, and so is "and your postcode." right after a request."""
    out: list[tuple[str, bool]] = []
    under_request = False
    for line in text.split("\n"):
        if not line.strip():
            under_request = False
            continue
        if under_request and _LIST_ITEM.match(line):
            out.append((line.strip(), True))
            continue
        under_request = False
        for sentence in _SENTENCES.split(line):
            if sentence.strip():
                flat = normalise(sentence)
                requesting = _REQUEST.search(flat) is not None or bool(out and out[-1][1] and _CONTINUES.search(flat))
                out.append((sentence.strip(), requesting))
        if line.rstrip().endswith(":") and out and out[-1][1]:
            under_request = True
    return tuple(out)


@lru_cache(maxsize=8192)
def _corrected(sentence: str) -> str:
    """The sentence normalised, with words one typo away from a concept word corrected."""
    return " ".join(_closest(w) for w in normalise(sentence).split(" "))


@lru_cache(maxsize=16384)
def _closest(word: str) -> str:
    core = word.strip(".,;:!?()\"'")
    if len(core) < 5 or core in _VOCABULARY_SET or core in _REAL_WORDS or not core.isalpha():
        return word
    for known in _VOCABULARY:
        if abs(len(known) - len(core)) <= 1 and _one_edit(core, known):
            return word.replace(core, known)
    return word


def _one_edit(a: str, b: str) -> bool:
    """a and b differ by one insertion, deletion, substitution or transposition of neighbours."""
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        return len(diff) == 1 or (
            len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


# Words for a piece of information a customer could be asked to give.
_INFORMATION = re.compile(
    r"\b(number|name|address|date|code|reference|ref|details?|information|info|pin|password|id|identifier|"
    r"numero|nom|adresse|reference|coordonnees|informations?|identifiant|mot de passe|code)\b"
)


def asks_for_information(text: str) -> str | None:
    """The sentence of `text` that asks the customer to give some piece of information (whichever it
    is), or None: what the customer answers when it holds the fact, and asks about when it does not."""
    for sentence, requesting in _units(text):
        flat = _corrected(sentence)
        if not (requesting and _TO_ME.search(flat) and _INFORMATION.search(flat)):
            continue
        if not _DECISION.search(flat) and not _READ_BACK.search(flat) and not matches_any(flat, _NOT_ASKED):
            return sentence
    return None


# A request to give the bot something: a question, or "give me", "me donner", "I need"... ("vous pouvez
# communiquer ce montant à votre propriétaire" asks nothing of the bot's).
_TO_ME = re.compile(
    r"\?|\b(give|send|tell|show|read|spell) (me|us)\b|\blet (me|us) (know|have)\b|\b(i|we)('ll| will| would|'d)? "
    r"(also )?need\b|\b(please|pls|kindly) (provide|send|give|confirm|enter|type|share|reply)\b|"
    r"\b(m'|me |nous )(donner|communiquer|indiquer|preciser|envoyer|transmettre|confirmer|rappeler|dire|fournir)\b|"
    r"\b(il me faut|il me faudrait|j'ai besoin|nous avons besoin|merci de (me|nous)|veuillez (me|nous))\b"
)
