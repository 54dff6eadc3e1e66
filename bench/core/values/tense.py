"""Whether a date with no year points to the future or to the past, from the words around it.

"delivered on 24 March" is the last 24 March, "until 23 April" the next 23 April. Strong cues (auxiliaries,
"since", "until", "will", the French future) decide; weak cues (a bare English past, a passive, a present
verb of schedule such as "ends" or "repart", any cue after the date) decide only when the date they give
is not far off (see `resolve._pick`).
"""

from __future__ import annotations

import re

from bench.core.values.base import FLAGS, clause_after, clause_before, trie

FUTURE, PAST, UNKNOWN = 1, -1, 0

_FUTURE_STRONG = (
    "will,'ll,shall,won't,going to,gonna,until,till,due,next,scheduled,expected,planned,booked,valid,jusqu'au,"
    "jusqu'a,jusqu'en,d'ici,prochain,prochaine,prochains,prochaines,a partir,a compter,au plus tard,prevu,prevue,"
    "prevus,prevues,sera,seront,serez,serons,aura,auront,va,vont,allez"
)
_FUTURE_WEAK = (
    "ends,starts,begins,resets,renews,expires,runs,closes,opens,leaves,departs,arrives,lands,changes,rises,goes,"
    "comes,moves,applies,kicks in,takes effect,repart,part,partent,arrive,arrivent,commence,commencent,expire,"
    "expirent,termine,terminent,passe,passent,court,reprend"
)
_PAST_STRONG = (
    "was due,were due,was expected,was scheduled,was booked,was planned,was,were,had,did,didn't,ago,since,last,"
    "yesterday,earlier,already,been,should have,would have,could have,must have,supposed to,meant to,sent,paid,"
    "made,went,came,got,took,told,said,left,gave,bought,spoke,saw,rang,brought,wrote,broke,found,heard,lost,sold,"
    "spent,depuis,hier,dernier,derniere,il y a,etait,etaient,avait,avaient,devait,devaient"
)
_NOT_PAST = "need,speed,seed,feed,bed,red,shed,hundred,indeed,exceed,proceed,succeed,used to,limited,based"
# An English participle after "is" or "be" is a passive present ("is booked for", "will be dispatched").
_PASSIVE = re.compile(r"\b(?:is|are|am|be|being|get|gets|'s|'re)\s+(?:\w+\s+)?$", FLAGS)
# After "was" or "had", a participle is surely past: "was delivered on 20 May".
_PAST_AUXILIARY = re.compile(r"\b(?:was|were|had|has|have|been)\s+$", FLAGS)
# A verb after "to" is an infinitive, not a present: "was supposed to arrive on Friday".
_INFINITIVE = re.compile(r"\bto\s+$", FLAGS)
# The French perfect: "avoir" makes it a past ("a quitté"), "être" may be a passive present ("est fixé").
_FR_AUXILIARY = (
    r"\b(?P<aux>ai|as|a|avons|avez|ont|avait|avaient|ayant|est|sont|suis|es|etes|sommes|etait|etaient)\s+"
    r"(?:(?:bien|pas|deja|jamais|ete|plus|toujours)\s+)*"
)
_IRREGULAR = "recu remis mis fait pris parti sorti souscrit ecrit promis ouvert offert perdu rendu attendu venu vendu"
_FR_PARTICIPLE = rf"(?:{trie(_IRREGULAR.split())})(?:e|s|es)?\b"
# Every cue in one pass; French perfects ("a quitté", "est parti") come first, their participle checked after.
_CUES = re.compile(
    rf"\b(?:(?P<perfect>{_FR_AUXILIARY}(?P<pp>{_FR_PARTICIPLE}|[a-z]+))"
    rf"|(?P<fs>{trie(_FUTURE_STRONG.split(','))}|\w{{3,}}(?:ra|ras|rez|rons|ront|rai|rait|raient))"
    rf"|(?P<ps>{trie(_PAST_STRONG.split(','))})|(?P<fw>{trie(_FUTURE_WEAK.split(','))})"
    rf"|(?P<no>{trie(_NOT_PAST.split(','))})|(?P<bare>{_FR_PARTICIPLE})|(?P<pw>\w+ed))\b",
    FLAGS,
)
# A bare participle before the date: "parti le 22 décembre", "livré le 20 mars". Nouns that end like
# participles ("année", "qualité") are left out, and so is a participle after a future ("sera livrée").
_FR_BARE = re.compile(rf"\b{_FR_PARTICIPLE}", FLAGS)
_FR_ACCENTED_PARTICIPLE = re.compile(
    r"\b(?!(?:ann|journ|dur|entr|id|soir|matin|arriv|pens)ées?\b)\w{2,}(?<!it)(?:é|ée|és|ées)\b"
)
_FR_FUTURE_PASSIVE = re.compile(r"\b(?:sera|seront|serez|serons|serai|etre|soit|soient)\s+(?:\w+\s+)?$", FLAGS)
_BEING = {"est", "sont", "suis", "es", "etes", "sommes", "etait", "etaient"}
# A preposition right before the date says it all: "by Friday", "since Tuesday", "jusqu'au 19 avril",
# "moved to 3 December".
_PREPOSITION = re.compile(
    r"\b(?:(?P<future>by|before|until|till|from|starting|for|jusqu'(?:au|a|en)|d'ici|avant|pour|a\s+partir\s+d[ue]"
    r"|a\s+compter\s+d[ue]|des|au\s+plus\s+tard|no\s+later\s+than"
    r"|(?:rescheduled|moved|changed|postponed|pushed\s+back|brought\s+forward|extended|delayed|switched)\s+(?:to|until)"
    r"|(?:reporte|decale|avance|repousse|deplace)e?s?\s+(?:au|a))|(?P<past>since|depuis))"
    r"\s+(?:(?:the|le|la|l'|on|next|ce|this|du)\s+)?$",
    FLAGS,
)
_CONDITION = re.compile(r"\b(?:if|unless|si|s'il|s'ils|s'elle|s'elles)\b", FLAGS)


def tense(folded: str, text: str, start: int, end: int, floor: int = 0, ceiling: int | None = None) -> tuple[int, bool]:
    """(FUTURE, PAST or UNKNOWN, whether the cue is weak) for the date at text[start:end]: the nearest
    cue before it in its sentence, else the first one after it in its clause. `floor` and `ceiling`
    bound the search: a cue beyond the neighbouring dates belongs to them."""
    before = clause_before(folded, start)[-(start - floor) :] if start > floor else ""
    preposition = _PREPOSITION.search(before, max(0, len(before) - 40))
    if preposition:
        return (FUTURE if preposition["future"] else PAST), False
    cues = _cues(before, text[start - len(before) : start])
    if cues:
        _, direction, weak = cues[-1]
    else:
        after = clause_after(folded, end, 40).split(",")[0]
        if ceiling is not None:
            after = after[: max(0, ceiling - end)]
        cues = _cues(after, text[end : end + len(after)])
        if not cues:
            return UNKNOWN, False
        # a verb after the date may speak of something else: "your flight on 2 December has been moved"
        direction, weak = cues[0][1], True
    if direction == PAST and _CONDITION.search(before):
        return FUTURE, weak  # "if it hasn't arrived by the 23rd": a perfect in a condition looks ahead
    return direction, weak


def _cues(folded: str, original: str) -> list[tuple[int, int, bool]]:
    """(position, direction, weak) of every tense cue in a window of the text, in order."""
    out = []
    accented = "é" in original or "É" in original
    perfects = set()
    for m in _CUES.finditer(folded):
        kind, at = m.lastgroup, m.start()
        if kind in ("perfect", "pp"):
            participle = original[m.start("pp") : m.end("pp")].lower()
            if _FR_BARE.fullmatch(m["pp"]) or (accented and participle.endswith(("é", "ée", "és", "ées"))):
                out.append((m.end(), PAST, m["aux"] in _BEING))
                perfects.add(m.end())
            continue
        if kind == "bare":
            if not _FR_FUTURE_PASSIVE.search(folded, max(0, at - 20), at):
                out.append((m.end(), PAST, True))
            continue
        if kind == "no" or (kind == "pw" and _PASSIVE.search(folded, max(0, at - 20), at)):
            continue
        if kind == "fw" and _INFINITIVE.search(folded, max(0, at - 4), at):
            continue
        weak = kind == "fw" or (kind == "pw" and not _PAST_AUXILIARY.search(folded, max(0, at - 12), at))
        out.append((at, FUTURE if kind in ("fs", "fw") else PAST, weak))
    if accented:
        for m in _FR_ACCENTED_PARTICIPLE.finditer(original.lower()):
            if m.end() not in perfects and not _FR_FUTURE_PASSIVE.search(folded, max(0, m.start() - 20), m.start()):
                out.append((m.end(), PAST, True))
    out.sort()
    return out
