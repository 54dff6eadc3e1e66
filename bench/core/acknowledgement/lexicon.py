"""The words of empathy, in English and French, on normalised text (lower case, no accents): what
recognises a feeling in a customer's message, and what a reply does with it. The acknowledgement
model (bench.core.acknowledgement) turns matches into features; the empathy scorer's flags use the
tone lists. English and French lists are kept side by side so that a translated reply reads the same.
"""

from __future__ import annotations

# A reaction to what the person said: sorrow, concern, recognition. Stock or not; the model weighs
# stock wording with GENERIC and specificity with the customer's own words.
SYMPATHY = [
    # en
    r"\b(so |very |really |truly |terribly |deeply )?sorry\b",
    r"\bapologi[sz]",
    r"\bapologies\b",
    r"\bregrett?",
    r"\b(that|this|it) (sounds|seems|looks|must (be|have been|feel)|can be|is|was) (so |really |very |incredibly |"
    r"truly |pretty |quite |such |kinda |kind of |a bit |a little )?(a |an )?(hard|tough|rough|awful|terrible|"
    r"horrible|difficult|stressful|upsetting|worrying|frightening|scary|painful|exhausting|draining|unsettling|"
    r"unfair|sad|heartbreaking|devastating|overwhelming|frustrating|annoying|disappointing|lonely|nightmare|shock|"
    r"blow|a lot|infuriating|hurtful|embarrassing|maddening|humiliating|awkward|stressful)",
    r"\bsounds (really |so |very )?(hard|tough|rough|awful|terrible|difficult|stressful|frustrating|"
    r"overwhelming|painful|exhausting|like a lot)",
    r"\b(that|this|it)'?s (so |really |very |such |just |absolutely |pretty |quite |kinda |kind of |a bit |"
    r"a little )?(a |an )?(hard|tough|rough|awful|terrible|horrible|difficult|stressful|upsetting|worrying|"
    r"frightening|scary|painful|exhausting|unfair|sad|heartbreaking|devastating|overwhelming|frustrating|"
    r"disappointing|nightmare|shock|blow|a lot|not ok|infuriating|hurtful|embarrassing|maddening|humiliating|"
    r"awkward|annoying|a shame)\b",
    r"\bi can (only )?(imagine|see|hear|tell|understand)\b",
    r"\bi can'?t imagine\b",
    r"\bi (completely |totally |fully |really |do )?understand\b",
    r"\bi (completely |totally )?get (it|that|why)\b",
    r"\bunderstandabl",
    r"\bi hear you\b",
    r"\bi feel (for )?you\b(?! (should|need|could|might|have|must|are|were))",
    r"\bmy heart goes out\b",
    r"\b(big |virtual )?hugs?\b",
    r"\boh no\b|\bugh\b|\bouch\b|\boh dear\b|\boh man\b|\bgeez\b|\bdang\b|\bwhat a shame\b",
    r"\bwhat a (nightmare|shame|pain|mess|relief|blow|shock|worry)\b",
    r"\bno wonder\b",
    r"\bof course you('re| are| feel)\b",
    r"\byou('ve| have) (every|a) right\b",
    r"\b(it'?s|it is) (completely |totally |perfectly )?(ok|okay|normal|natural|understandable|fine) to "
    r"(feel|be)\b",
    r"\byou'?re not alone\b|\byou are not alone\b",
    r"\bi('?m| am) (here|glad you)\b",
    r"\bcondolence",
    r"\bsympath",
    r"\b(thank you|thanks) for (telling|sharing|being|letting|explaining|your patience|bearing)\b",
    r"\btakes courage\b",
    r"\bthe last thing you need\b",
    r"\b(that|this|it) (really |just |totally )?(sucks|stinks)\b|\bthat'?s (rough|the worst|not fair|so unfair)\b",
    r"\bi know (how|what) (you|that) (feel|must|are going)|\bi('ve| have) been (there|through)|"
    r"\b(that|it)('s| has) happened to me\b|\bwe('ve| have) all been there\b",
    r"\bhang (in there|on)\b|\bstay strong\b|\byou('ve| have) got this\b|\bbe (kind|gentle) (to|with) yourself\b",
    r"\b(i )?hope (things|it|everything|you) (gets?|will get|feel|works?) (better|out)\b",
    r"\bsending (you )?(love|hugs|strength|good vibes)\b|\btake care of yourself\b",
    r"\byou (deserve|did nothing wrong|haven'?t done anything wrong|shouldn'?t have to)\b",
    r"\byou('re| are) (right to|not (wrong|overreacting|being unreasonable))\b",
    r"\b(isn'?t|is not|not) a small thing\b|\bshould never have (had to|happened)\b",
    r"\b(not|never) your fault\b",
    # fr
    r"\b(vraiment |sincerement |profondement |tellement |tres |si )?(desole|navre)e?s?\b",
    r"\b(nous nous|je m'|je vous prie de m')excus|\bexcuse[sz]?\b|\b(toutes nos|mes|nos) excuses\b",
    r"\bregrett?",
    r"\b(ca|cela|c'|ce) (doit|devait|a du|peut|semble) (etre|etre vraiment|etre tres|etre si|vraiment etre)? ?"
    r"(tellement |vraiment |tres |si |bien |assez )?(une )?(dur|difficile|penible|eprouvant|epuisant|stressant|"
    r"inquietant|angoissant|effrayant|douloureux|injuste|triste|bouleversant|decourageant|frustrant|agacant|"
    r"decevant|lourd|cauchemar|choc|coup dur|beaucoup)",
    r"\b(ca|c') a l'air (tellement |vraiment |tres |si |bien |assez |un peu )?(dur|difficile|penible|horrible|"
    r"terrible|affreux|stressant|angoissant|effrayant|genant|blessant|agacant|exasperant|injuste|triste|lourd)",
    r"\bc'est (tellement |vraiment |tres |si |bien |assez |franchement |un peu )?(un |une )?(dur|difficile|penible|"
    r"eprouvant|epuisant|stressant|inquietant|angoissant|effrayant|douloureux|injuste|triste|bouleversant|"
    r"decourageant|frustrant|agacant|decevant|lourd|cauchemar|choc|coup dur|horrible|terrible|affreux|"
    r"galere|pas normal|exasperant|blessant|genant|humiliant|rageant|enervant|dommage)",
    r"\bj'imagine\b|\bje peux (imaginer|voir|entendre)\b|\bje n'ose (pas )?imaginer\b|\bje ne peux (pas )?"
    r"imaginer\b",
    r"\bje (te |vous )?comprends\b|\bje (le )?comprends (tout a fait|parfaitement|bien)\b",
    r"\bcomprehensible\b",
    r"\bje (t'|vous )?entends\b",
    r"\bje (pense|suis) (de tout coeur )?avec (toi|vous)\b|\bde tout coeur\b",
    r"\b(gros )?calins?\b",
    r"\boh non\b|\baie\b|\bmince\b|\bpf+\b|\boh la la\b|\bdommage\b",
    r"\bquel(le)? (cauchemar|dommage|galere|horreur|coup dur|soulagement|choc)\b",
    r"\bpas etonnant\b|\brien d'etonnant\b",
    r"\b(bien sur|evidemment) que (vous etes|tu es|vous vous sentez|tu te sens)\b",
    r"\b(vous avez|tu as) (tout a fait |bien )?(le droit|raison d'etre)\b",
    r"\b(c'est|il est) (tout a fait |parfaitement |completement )?(normal|naturel|comprehensible|legitime) (de|d')",
    r"\b(vous n'etes|tu n'es) pas seule?s?\b",
    r"\bje suis (la|content que|contente que|heureux que)\b",
    r"\bcondoleances\b",
    r"\bsympathie\b",
    r"\bmerci (de|pour) (m'avoir|nous avoir|votre confiance|ta confiance|avoir partage|votre patience|"
    r"votre franchise|ta franchise|me l'avoir dit|nous l'avoir dit)",
    r"\b(ca|cela) (demande|prend) du courage\b",
    r"\bla derniere chose dont (vous avez|tu as) besoin\b",
    r"\b(ca|c'est) (craint|nul|moche|pas juste|dur)\b|\bc'est le pire\b",
    r"\bje (sais|vois) (ce que|comment) (tu ressens|vous ressentez|c'est|tu te sens|vous vous sentez)\b|"
    r"\bje suis (deja )?passee? par la\b|\b(ca|cela) m'est (deja )?arrive\b|\bon est (tous|toutes) passes par la\b",
    r"\btiens bon\b|\btenez bon\b|\bcourage\b|\btu vas y arriver\b|\bprends soin de toi\b|"
    r"\bprenez soin de vous\b",
    r"\bj'espere que (ca|cela|les choses|tout) (va|vont|ira|iront) (s'arranger|aller mieux|mieux)\b",
    r"\bje (t'|vous )envoie (plein de |beaucoup de |tout mon )?(amour|force|courage|calins|soutien)\b",
    r"\b(tu merites|vous meritez|tu n'as rien fait de mal|vous n'avez rien fait de mal|vous n'avez pas a|"
    r"tu n'as pas a)\b",
    r"\b(vous avez|tu as) (bien )?raison de\b|\b(vous avez|tu as) toutes les raisons\b",
    r"\b(n'est|ce n'est) pas (une )?(petite chose|rien)\b|\bn'aurai(en)?t jamais du\b",
    r"\bpas (de )?(votre|ta) faute\b",
]

# Sympathy that fits any customer: the formulae of scripted support.
GENERIC = [
    r"\b(sorry|apologi[sz]e|apologies|regret) for (any|the|all the|this) (inconvenience|trouble|"
    r"frustration|confusion|delay|disruption|issue)",
    r"\b(thank you|thanks) for (your|you) (patience|understanding)\b",
    r"\bi (completely |totally |fully )?understand (how you (must )?feel|your (frustration|concern|concerns|"
    r"worry|situation|feelings))\b",
    r"\bwe (understand|appreciate) (your|how)\b",
    r"\b(please )?accept (our|my) (sincere |sincerest )?apologies\b",
    r"\b(valued|valuable) customer\b",
    r"\bwe (sincerely |deeply )?apologi[sz]e\b",
    r"\bwe('re| are) (sorry|sorry to hear)\b",
    r"\byour (satisfaction|experience) (is|matters)",
    r"\bnous (nous excusons|sommes desoles|comprenons|regrettons)\b",
    r"\b(desole|navre|excuses?|excusez-nous|veuillez nous excuser) (pour|de|du) (la |le |ce |cet |cette |"
    r"tout |les |tous )?(gene|desagrement|desagrements|inconvenient|inconvenients|contretemps|"
    r"retard occasionne)",
    r"\bmerci (de|pour) (votre|ta) (patience|comprehension)\b",
    r"\bje comprends (ce que (vous ressentez|tu ressens)|votre (frustration|inquietude|situation|"
    r"mecontentement)|ta (frustration|situation))\b",
    r"\b(veuillez )?accepte[rz] (nos|mes) (sinceres )?excuses\b",
    r"\bvotre satisfaction\b",
]

# Words that name a feeling, grouped by family so that a reply can be matched to the customer's.
FEELINGS: dict[str, list[str]] = {
    "anger": [
        r"\b(angry|anger|furious|fuming|livid|outrag|mad at|rage|infuriat|unacceptable|ridiculous|disgrace)",
        r"\b(colere|furieu|enrage|scandal|inadmissible|inacceptable|honteu|ridicule|n'importe quoi)",
    ],
    "frustration": [
        r"\b(frustrat|annoy|irritat|fed up|sick of|tired of|exasperat|had enough|hassle|runaround)",
        r"\b(frustr|agac|enerv|ras le bol|marre|exasper|penible|galere)",
    ],
    "worry": [
        r"\b(worr|anxi|nervous|scared|afraid|fear|frighten|panic|stress|terrified|uneasy|on edge|alarm|concern)",
        r"\b(inqui|angoiss|anxi|nerveu|peur|effray|panique|stress|terrifi|crain|affol)",
    ],
    "sadness": [
        r"\b(sad|sorrow|heartbr|devastat|grie|mourn|depress|down|low|hopeless|miserable|lonely|alone|hurt|"
        r"crying|tears|loss|lost|passed away|died|death|dead|funeral|awful|terrible|horrible|miserable)",
        r"\b(triste|chagrin|effondr|devast|deuil|deprim|desespe|malheureu|seul|blesse|pleur|larmes|perte|"
        r"perdu|decede|deces|disparu|obseques|mort|mourir|mourrai|je me sens (tres )?mal|horrible|affreu)",
    ],
    "overwhelm": [
        r"\b(overwhelm|exhaust|drained|burn(ed|t)? out|too much|struggl|can'?t cope|at a loss|stuck|helpless|"
        r"confus|lost|don'?t understand|no idea)",
        r"\b(deborde|epuis|vide|a bout|trop|du mal|je n'en peux plus|perdu|bloque|impuissant|confus|"
        r"je ne comprends (pas|rien)|aucune idee)",
    ],
    "disappointment": [
        r"\b(disappoint|let down|letdown|discourag|unfair|betray|embarrass|ashamed|humiliat|guilt|mortified|shame|"
        r"hurtful)",
        r"\b(decu|decevant|deception|decourag|injuste|trahi|gene|genant|honte|humili|coupable|dommage|bless)",
    ],
}

# How the customer shows a feeling without naming it.
INTENSITY = [
    r"[!?]{2,}",
    r"\b(please|help|urgent|asap|immediately|now|again|third time|still|never|nobody|no one)\b",
    r"\b(aidez|aide-moi|au secours|urgent|tout de suite|maintenant|encore|troisieme fois|toujours pas|jamais|"
    r"personne)\b",
]

# Asking about the person, not the case.
ASKS_AFTER = [
    r"\bhow are you (feeling|doing|holding up|coping)\b",
    r"\bare you (ok|okay|alright|all right|safe)\b",
    r"\bhow (do|did) (you|that) (feel|make you feel)\b",
    r"\bdo you want to talk\b|\bwant to talk about it\b",
    r"\bcomment (vous sentez-vous|te sens-tu|tu te sens|vous vous sentez|allez-vous|vas-tu|tu vas|tu tiens le coup|"
    r"vous tenez le coup)\b",
    r"\b(ca va|tout va bien) \?|\b(vous allez|tu vas) bien\b",
    r"\b(tu veux|vous voulez|voulez-vous|veux-tu) en parler\b",
]

MINIMISING = [
    r"\bcalm down\b",
    r"\bno need to (get )?(upset|angry|worry|panic|stress)\b",
    r"\bit'?s (not|no) (a |that |such a )?big deal\b",
    r"\b(just )?relax\b",
    r"\bthese things happen\b",
    r"\bdon'?t (be|get) (so )?(upset|worked up|dramatic|angry|sad)\b",
    r"\b(don'?t|do not) feel (so )?down\b",
    r"\bcheer up\b|\blook on the bright side\b|\bcould be worse\b|\bget over it\b",
    r"\bcalmez-vous\b|\bcalme-toi\b",
    r"\bpas la peine de (vous |t')?(enerver|inquieter|paniquer|stresser)\b",
    r"\bce n'est pas (si |bien |bien )?grave\b|\bc'est pas (si )?grave\b",
    r"\bdetendez-vous\b|\bdetends-toi\b",
    r"\bca arrive\b|\bca arrive a tout le monde\b",
    r"\bne (soyez|sois) pas (si )?(triste|contrarie|en colere)\b|\bne (vous|te) (laissez|laisse) pas abattre\b",
    r"\bvoyez le bon cote\b|\bvois le bon cote\b|\bca pourrait etre pire\b",
]

CHEERFUL = [
    r"\b(great|awesome|fantastic|amazing|wonderful|perfect|yay|cool)\s*!",
    r"[\U0001F300-\U0001FAFF\u2600-\u27BF]",
    r"(:|;)-?[)D]",
    r"\b(super|genial|parfait|top|excellent|cool|chouette)\s*!",
    r"\bhappy to help!|\bravi de (vous|t')aider ?!",
]

# A reply that says sorry (the scorer asks that it also acts).
APOLOGY = [
    r"\bsorry\b",
    r"\bapologi[sz]e",
    r"\bapologies\b",
    r"\bdesole",
    r"\bexcuse",
    r"\bnavre",
    r"\bpardon\b",
    r"\bregrett",
]
# Telling a customer how they must feel: right when they show it, a formula when they do not.
TELLS_FEELING = [
    r"\b(completely |totally |fully )?understand how you (must )?feel\b",
    r"\bunderstand (your|the) (frustration|worry|worries|concern|anger|disappointment|annoyance|distress|upset)\b",
    r"\b(that|this|it) must be (so |really |very |incredibly )?(frustrating|stressful|hard|difficult|upsetting|"
    r"worrying|annoying)",
    r"\bi can (only )?imagine (how|what)\b",
    r"\bsorry (that )?you('re| are) going through\b",
    r"\bi hear you\b",
    r"\bje comprends (tout a fait |parfaitement )?(ce que vous ressentez|votre (frustration|inquietude|colere|"
    r"agacement))",
    r"\b(cela|ca) doit etre (tres |vraiment |si )?(frustrant|stressant|difficile|penible|inquietant)",
    r"\bj'imagine (combien|a quel point|ce que)\b",
]
CONDOLENCES = [
    r"\b(deepest|heartfelt|sincere|sincerest) (sympathy|sympathies|condolences)\b",
    r"\bsorry (about|for) (the loss of )?your (late )?(dad|mum|mom|father|mother|husband|wife|partner|son|daughter|"
    r"brother|sister|grandfather|grandmother|grandad|grandma)\b",
    r"\bsorry (about|for|to hear about) [A-Za-z]+\b.{0,30}\b(passing|death|loss)\b",
    r"\b(sinceres|toutes mes|toutes nos|nos sinceres) (condoleances|sympathies)\b",
    r"\b(desole|desolee|navre|navree) pour (votre|ton) (pere|mere|mari|epoux|epouse|femme|compagnon|compagne|fils|"
    r"fille|frere|soeur|papa|maman)\b",
    r"\b(sorry|sad) (for|about|to hear about) (your|the) loss\b",
    r"\bcondolence",
    r"\bsorry to hear (that|about|of) .{0,40}(passed|died|death|loss)",
    r"\bcondoleances\b",
    r"\bdesole(e)? pour votre perte\b",
    r"\b(triste|navre)s? (d'apprendre|pour) .{0,40}(deces|perte|disparition)",
]
BLAME = [
    r"\byou should have (read|checked|ordered|looked|contacted|called|known|kept|paid|noticed|followed|thought|"
    r"asked|sent|returned|told|been)\b",
    r"\bit would have been (better|wiser) (if you|to)\b",
    r"\bil (aurait|fallait) (fallu|mieux)\b",
    r"\bil aurait fallu\b",
    r"\b(it'?s|it is|that'?s|that is) your (own )?(fault|responsibility|mistake)\b",
    r"\byou (didn'?t|did not|failed to) (read|check|follow)\b",
    r"\bas (clearly )?stated in (our|the) (terms|conditions)\b",
    r"\bvous auriez (du|pu)\b",
    r"\bc'est (de )?votre (faute|responsabilite|erreur)\b",
    r"\bvous n'avez pas (lu|verifie|respecte)\b",
]
UPSELL = [
    r"\b(have you (thought about|considered)|why not (take out|try|switch to|upgrade)|you could (also )?(take out|"
    r"upgrade|switch to|buy|order another))\b",
    r"\bour \w+( \w+)? (loan|credit card|premium|package|bundle|protection plan|insurance)\b",
    r"\b(je peux vous proposer|je vous propose|pourquoi ne pas|avez-vous pense a) (notre|nos|un|une|le|la) "
    r"(credit|pret|offre|forfait|abonnement|assurance|carte premium|option)",
    r"\b(credit renouvelable|pret personnel|offre premium)\b",
    r"\bcommander (une|un) autre\b",
    r"\b(upgrade|upsell|premium|special offer|discount on your next|promo(tion)? code|check out our|"
    r"don'?t miss|exclusive offer|why not try|you might also like)\b",
    r"\b(profitez|offre speciale|code promo|decouvrez nos|reduction sur votre prochaine|passez a l'offre|"
    r"ne manquez pas|vous aimerez aussi)\b",
]
# Offering the customer a person: a question or an offer, which claims of a transfer do not cover.
OFFERS_PERSON = [
    r"\b(would you like|would you rather|would you prefer|do you want|would it help|i can|i could|shall i|happy to|"
    r"want me to|prefer to)\b.{0,40}\b(speak|talk|chat|put you through|connect you|transfer you|pass you)\b.{0,30}"
    r"\b(person|human|colleague|advis[eo]r|agent|someone|member of (our )?(staff|team)|specialist|team)s?\b",
    r"\b(a|one of our) (colleague|adviser|advisor|specialist|human|person|member of staff)\b.{0,40}\b(can|could|"
    r"will) (call|contact|ring|help|talk|speak)",
    r"\b(voulez-vous|souhaitez-vous|vous voulez|vous souhaitez|je peux|je pourrais|preferez-vous|aimeriez-vous)\b"
    r".{0,40}\b(parler|echanger|vous mettre en relation|vous passer|vous transferer)\b.{0,30}\b(conseill|personne|"
    r"humain|collegue|quelqu'un|specialiste|equipe)",
    r"\b(un|une|l'un de nos|l'une de nos) (collegue|conseill\w*|specialiste|personne)\b.{0,40}\b(peut|pourra|va) "
    r"(vous )?(rappeler|appeler|contacter|aider|parler)",
]

# How a sentence that does the work (an action, a request) starts: such a first sentence is not a
# restatement of the customer's situation, however many of their words it repeats.
ACTION_OPENERS = (
    r"^(i've|i have|i will|i'll|i can|i'm going|let me|let's|please|could you|can you|would you|"
    r"j'ai|je vais|je vous|je peux|pouvez|pourriez|voulez|merci de|veuillez)\b"
)

SECOND_PERSON = r"\b(you|your|you'?re|you'?ve|yours|yourself|vous|votre|vos|tu|ton|ta|tes|toi|t')"

# Words that say nothing of a situation: skipped when reply and customer words are compared.
STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before being below
    between both but by can cannot could did do does doing down during each few for from further had has
    have having he her here hers herself him himself his how i if in into is it its itself just let me more
    most my myself no nor not of off on once only or other ought our ours ourselves out over own same she
    should so some such than that the their theirs them themselves then there these they this those through
    to too under until up very was we were what when where which while who whom why will with would you
    your yours yourself yourselves im ive dont cant didnt doesnt isnt wasnt thats its youre youve ill id
    get got also really please thanks thank hi hello yes yeah okay ok one would like know need want
    au aux avec ce ces cet cette dans de des du elle elles en et eux il ils je la le les leur leurs lui ma
    mais me meme mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes
    toi ton tu un une vos votre vous c d j l m n s t y ete etre avoir ai as avons avez ont est sont suis
    etes fait faire plus tres bien aussi alors donc car si ca cela merci bonjour oui non tout tous toute
    toutes comme peut peux veux voudrais""".split()
)

# Words that mean the same in English and French, read as one token by the phrase model so that a
# reply and its translation share their weights: who is addressed, who speaks, and the commonest
# words of sympathy. Elided French forms ("t'", "d'") are tokens of their own.
SHARED_WORDS: dict[str, list[str]] = {
    "_you_": "you your yours yourself you're you've you'll you'd vous votre vos tu ton ta tes toi te t'".split(),
    "_i_": "i me my mine myself i'm i've i'll i'd je j' moi mon ma mes m'".split(),
    "_we_": "we us our ours nous notre nos".split(),
    "_sorry_": "sorry apologise apologize apologies desole desolee desoles navre navree excuses".split(),
    "_very_": "so very really truly such tellement vraiment tres".split(),
    "_hard_": "hard difficult tough rough dur dure difficile penible eprouvant".split(),
    "_awful_": "awful terrible horrible dreadful affreux terrible horrible atroce".split(),
    "_hear_": "hear heard entendre apprendre".split(),
    "_understand_": "understand understandable comprends comprendre comprehensible".split(),
    "_imagine_": "imagine imagine imaginer".split(),
    "_feel_": "feel feeling feelings felt ressentez ressens ressentir sentiment sentez sens".split(),
    "_must_": "must doit devait".split(),
    "_not_": "not no never don't didn't isn't pas jamais ne n'".split(),
    "_thank_": "thank thanks merci".split(),
    "_help_": "help aider aide".split(),
    "_loss_": "loss perte".split(),
    "_worry_": "worry worried worrying inquiet inquiete inquietude inquietant".split(),
    "_frustrating_": "frustrating frustrated frustration frustrant frustre frustree".split(),
}
