"""The words that keep a matched claim from being the bot's own assertion, in English and French, on
normalised text (lower case, no accents). `polarity` decides where each one reaches."""

from __future__ import annotations

import re

# Set phrases that look like a cue and are none ("don't worry", "no need", "à votre place, j'ouvrirais"):
# blanked before any cue is looked for.
IDIOMS = re.compile(
    r"\b(?:don't|do not|not to|no need to|never) worry\b|\bno (?:need|problem|doubt|question|worries|matter)\b"
    r"|\bnot only\b|\bno (?:extra |additional )?(?:cost|charge|fee)\b|\bat no (?:extra )?cost\b|\bno later than\b"
    r"|\bdon't hesitate\b|\bi won't lie\b|\bas soon as possible\b|\bonce (?:again|more)\b|\bat once\b"
    r"|\bne vous inquietez pas\b|\bne t'inquiete pas\b|\bpas d'inquietude\b|\bpas de (?:souci|soucis|probleme)\b"
    r"|\bpas (?:besoin|la peine)\b|\bsans (?:faute|frais|aucun doute)\b|\bn'hesitez pas\b|\bn'importe\b"
    r"|\bdes que possible\b|\bje ne vous cache pas\b|\b(?:rest|be) assured\b|\bnever fear\b|\bje ne doute pas\b"
    r"|\b(?:glad|happy|pleased|relieved|good) to (?:hear|know|read)\b|\b(?:il n'y a |je n'ai )?aucun doute\b"
    # "whenever you like", "if you need anything else": the bot's availability, not a condition
    r"|\b(?:when|whenever) you(?:'re| are)? (?:like|want|wish|ready)\b|\bquand vous (?:voulez|le souhaitez)\b"
    r"|\bif you (?:need anything|have (?:any )?(?:other |more |further )?questions)\b|\ba tout moment\b"
    r"|\bsi vous avez (?:des|d'autres) questions\b|\bsi vous avez besoin d'autre chose\b"
    # polite forms that still assert: "if you ask me", "my recommendation would be", "à votre place"
    r"|\bif you (?:want|would like) my (?:opinion|advice)\b|\bif you ask me\b|\bif i may\b|\bif i'm honest\b"
    r"|\bif i were you\b|\bin your shoes\b|\bmy (?:recommendation|advice|suggestion) would be\b"
    r"|\b(?:i|we)(?:'d| would) (?:recommend|suggest|advise|go for|say)\b|\bsi vous voulez mon avis\b"
    r"|\bsi je (?:peux|puis) me permettre\b|\bsi je puis dire\b|\ba votre place\b"
    r"|\bje vous (?:conseillerais|recommanderais|suggererais)\b"
    # formal notices, not wishes: "we'd like to inform you that..." (but "I'd love to tell you..., but")
    r"|\b(?:i|we)(?:'d| would) like to (?:inform you|confirm|let you know)\b"
    r"|\b(?:je|nous) (?:voudrais|voudrions|souhaiterais|souhaiterions) vous (?:informer|confirmer|signaler)\b"
)

# Clause boundaries: a strong one ends a clause, a weak one only a chunk of it.
STRONG = re.compile(
    r"[;:](?=\s|$)|\s[\u2014\u2013]\s|\s-\s(?!\d)|\b(?:but|however|yet|although|though|whereas|instead|except that"
    r"|mais|cependant|pourtant|toutefois|en revanche|par contre|alors que|tandis que|sauf que)\b"
)
WEAK = re.compile(
    r",|\b(?:and|so(?! that)|then|because|since|or|which|who|et|donc|puis|car|parce que|puisque|ou|qui)\b"
)

NEGATION = re.compile(
    r"\b(?:not|no|never|nothing|nobody|none|neither|nor|cannot|unable|impossible|refus\w*|decline[sd]?|declining"
    r"|doubts?|doubtful|ne|pas|jamais|rien|aucune?|nul(?:le)?|ni|non|guere|incapable|incapacite)\b|n't\b|\bn'"
)

# Verbs of saying, writing or believing: the claim is someone's word, unless the bot is the subject.
SPEECH = re.compile(
    r"\b(?:say|says|said|saying|tell|tells|told|telling|mention(?:s|ed)?|wrote|write|writes|written|claim(?:s|ed)?"
    r"|state[sd]?|report(?:s|ed)|indicate[sd]?|confirm(?:s|ed)?|assure[sd]?|promise[sd]?|read|heard|hear|think"
    r"|thinks|thought|believe[sd]?|assume[sd]?|insist(?:s|ed)?|suggest(?:s|ed)|guarantee[sd]?|certif(?:y|ies|ied)"
    r"|inform(?:s|ed)?|notif(?:y|ies|ied)|explain(?:s|ed)?|warn(?:s|ed)?|allege[sd]?"
    r"|dit|dites|disent|disait|dire|indique(?:z|nt)?|indiquait|ecrit|ecrivez|ecrivait|affirme(?:z|nt)?"
    r"|pretend(?:ez|ent)?|assure(?:z|nt)?|confirme(?:z|nt)?|annonce(?:z|nt)?|signale(?:z|nt)?|pense(?:z|nt)?"
    r"|pensiez|pensait|croyez|croyiez|croit|parle|parlez|mentionne(?:z|nt)?|explique(?:z|nt)?|raconte(?:z|nt)?|lu"
    r"|entendu|precise(?:z|nt)?|evoque(?:z|nt)?|confirmer|affirmer|garantir|promettre|assurer|indiquer|certifier"
    r"|informe(?:z|nt)?|prevenu|previent|averti|promis|annonc\w*)\b"
)
# The bot as the subject: "I can confirm", "je vous l'assure", "let me tell you".
FIRST_PERSON_BEFORE = re.compile(
    r"(?:\b(?:i|i've|i'm|i'll|i'd|we|we've|we're|we'll|we'd|je|nous|on|let me)\s+(?:\S+\s+){0,2}|\bj'(?:\S+\s+){0,2})$"
)
# What the bot's own records or message confirm or show, it endorses ("our records confirm", "this
# confirms", "notre système indique").
OUR_RECORDS = re.compile(r"\b(?:our|my|this|these|notre|nos|mon|ma|mes|ce|cet|cette)\s+(?:\S+\s+){0,2}$")
CHECKING_VERB = re.compile(r"confirm|indicat|indiqu|show")

# What the customer wants, asks or believes, and sources the bot does not speak for.
_NOT_OURS = r"(?! (?:our|my|nos|notre|mes|mon|ma)\b)"
RESTATED = re.compile(
    r"\byou(?:'d| would) like\b|\byou (?:want|wanted|need|needed|asked|wonder|hope|expect|expected|wish|thought"
    r"|believe|assumed|fear|feel)\b|\byou(?:'re| are| were) (?:asking|wondering|hoping|expecting|looking|saying"
    r"|telling|worried|concerned|afraid|under the impression)\b"
    r"|\bvous (?:souhaitez|souhaiteriez|voulez|voudriez|aimeriez|desirez|avez besoin|demandez|me demandez|esperez"
    r"|attendez|pensez|pensiez|croyez|croyiez|imaginez|avez cru|avez lu|avez entendu|craignez|avez peur"
    r"|vous demandez|avez l'impression)\b"
    rf"|\b(?:according to|selon|d'apres)\b{_NOT_OURS}|\b(?:apparently|supposedly|il parait)\b"
)
_REPORTED_OPENING = (
    r"\b(?:according to|selon|d'apres|apparently|il parait|from what you|if i understand|si je comprends bien"
    rf"|si j'ai bien compris)\b{_NOT_OURS}"
)

CONDITION = re.compile(
    r"\b(?:if|whether|once|unless|as soon as|as long as|provided|providing|in case|in the event|whenever|when"
    r"|assuming|otherwise|si|s'il|s'ils|des que|des qu'|une fois|lorsque|lorsqu'|quand|au cas ou|a condition"
    r"|pourvu que|(?<!en )tant que|a moins|sauf si|en cas|sinon|chaque fois|a partir du moment|dans le cas ou"
    r"|dans l'hypothese ou|pour peu que|only (?:for|to|with)|uniquement (?:pour|aux?)|seulement (?:pour|aux?)"
    r"|reservee?s? aux?)\b"
)
# "When", "once" about the past tell when something happened, not on what condition: "when you called,
# I blocked the card" (a subject and a past verb, or a past auxiliary, follow them closely).
TEMPORAL = re.compile(r"\b(?:when|whenever|once|as soon as|quand|lorsque|lorsqu'|des que|des qu'|une fois)\b")
PAST = re.compile(
    r"\b(?:was|were|did|had)\b|\b(?:you|we|i|they|he|she)\s+\w+ed\b|\b(?:avez|ai|avons|a|ont)\s+\w+(?:e|i|u|is|it)\b"
    r"|\b\w+(?:ait|aient)\b"
)
# "Should the parcel arrive damaged, ...": a condition by inversion, when it opens a chunk.
_INVERTED_CONDITION = r"\b(?:should|had|were) (?:you|it|the|your|we|i|this|that|they)\b"

_GENERALLY = (
    r"normally|usually|generally|typically|ordinarily|in general|in principle|in theory|theoretically|as a rule"
    r"|hypothetically|normalement|generalement|habituellement|en general|en principe|en theorie|en temps normal"
    r"|d'habitude|d'ordinaire|theoriquement|en regle generale|in most cases|most of the time|dans la plupart des cas"
    r"|la plupart du temps|hopefully|avec un peu de chance"
)
# Modals, hedges and the French conditional ("serait", "pourrais"; not "frais", "vrais").
HYPOTHETICAL = re.compile(
    r"\b(?:would|could|might|should|ought to|supposed to|wish|wished|hope|hoping|suppose|supposing|imagine|perhaps"
    r"|maybe|possibly|possible|cense|censee|peut-etre|eventuellement|il se peut|j'espere|esperons|imaginons"
    r"|supposons|admettons|la plupart|most (?:customers|clients|people|orders|passengers)"
    rf"|{_GENERALLY})\b|'d\b"
    r"|(?<!\d )\bmay\b|\b\w+(?:rait|raient|rions|riez)\b|\b(?!frais\b|vrais\b)\w+rais\b"
)
# A conditional verb just after the match: "un geste commercial de 50 € serait possible".
HYPOTHETICAL_AFTER = re.compile(r"^\W*(?:\S+\s+){0,2}?(?:would|could|might|\w+rait|\w+raient)\b")

# A request, a purpose or a self-service instruction, not the thing done: "votre demande de geste
# commercial", "so that the fee is waived", "you can cancel the subscription yourself".
REQUEST = re.compile(
    r"\b(?:demande|demandes|request|requests) (?:de|d'|du|des|for|to) ?$|\b(?:asked|ask|requested) (?:\S+ ){1,4}to\b"
    r"|\bdemande (?:a|au|aux) (?:\S+ ){0,4}de\b|\b(?:so that|in order to|in order for|pour que|pour qu'|afin que"
    r"|afin qu'|afin de)\b|\b(?:you can|you could|you may|you just need to|you only need to|vous pouvez|vous pourrez"
    r"|il vous suffit|il suffit|vous n'avez qu'a)\b"
)

# A rule for everyone, not an outcome for this customer ("that's the rule for every customer").
POLICY = re.compile(
    r"\b(?:our|the|this|that's the|that is the) (?:policy|rule|rules|procedure|standard process)\b|\bpolicy is\b"
    r"|\b(?:la|notre|nos|les|c'est la) (?:regle|regles|politique|procedure)\b"
    r"|\b(?:for|on) (?:all|every|any) (?:customers?|clients?|members?|passengers?|orders?|accounts?|cards?)\b"
    r"|\bpour (?:tous|toutes|tout|toute) (?:les |nos )?\w+"
    r"|\b(?:chaque|every|each) (?:annee|an|mois|semaine|fois|year|month|week|time)\b|\bby default\b|\bpar defaut\b"
)
# A clause naming the customer or the bot is about this case, not a general rule.
PERSONAL = re.compile(
    r"\b(?:i|i've|i'm|i'll|we|we've|we're|we'll|you|your|you're|you'll|je|nous|vous|votre|vos)\b|\bj'"
)

QUOTED = re.compile(
    r"\"[^\"]*\"|\u201c[^\u201d]*\u201d|\u00ab[^\u00bb]*\u00bb"
    r"|(?<![\w'])'(?=\w)(?:[^']|'(?=\w))*?(?<=[\w.!?,])'(?!\w)"  # 'single quotes', not apostrophes
)

# What may come before the cue that opens a chunk ("and if", "mais si"). Not "even": "even if X, Y"
# concedes X and still asserts Y.
_DISCOURSE = r"[\s,_]*(?:(?:and|but|so|then|only|et|mais|donc|alors|ou|or|well|oh|ok|okay|yes|no|oui|non|bon|just)\s+)*"
OPENS_CONDITION = re.compile(_DISCOURSE + rf"(?P<cue>{CONDITION.pattern}|{_INVERTED_CONDITION})")
OPENS_GENERALLY = re.compile(_DISCOURSE + rf"\b(?:{_GENERALLY})\b")
OPENS_REPORTED = re.compile(_DISCOURSE + _REPORTED_OPENING)
OPENS_QUESTION = re.compile(
    _DISCOURSE + r"(?:how|what|where|who|whom|why|which|when|is there|are there|anything|can i|may i|could i"
    r"|shall|would you|do you|did you|can you|could you|will you|have you|are you|comment|que|qu'|quoi|quel"
    r"|quelle|quels|quelles|ou|quand|pourquoi|puis-je|est-ce|y a-t-il|\w+-(?:vous|tu|t-il|t-elle|je|il|elle)\b)"
)
