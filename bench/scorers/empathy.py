"""Empathy: judged against the customer's emotion. Credit for acknowledging the feeling or
situation in the first reply, and condolences for a bereavement; penalties for tone-deaf
cheerfulness, minimising, script-like repetition, and apologising without ever acting.

Lexicon-based (EN and FR): deterministic and explainable. Its agreement with people is measured
on data it was not written from (see the scorer-validation issue)."""

from __future__ import annotations

import re

from bench.core.scenario import Scenario
from bench.core.text import excerpt, matches_any, normalise
from bench.core.transcript import Transcript
from bench.scorers.findings import DimensionScore, Finding, from_findings, violation

# What the empathy checks recognise, on normalised text (no accents). The simulated customer has cues
# of its own (bench.sim.conditions), so tuning these never changes a conversation.
APOLOGY = [
    r"\bsorry\b",
    r"\bapologi[sz]e",
    r"\bapologies\b",
    r"\bmy apologies\b",
    r"\bdesole",
    r"\bexcuse",
    r"\bnavre",
    r"\bpardon\b",
    r"\bregrett",
]
ACKNOWLEDGEMENT = [
    r"\bi understand\b",
    r"\bi can (see|imagine|hear)\b",
    r"\bthat must\b",
    r"\bunderstandabl",
    r"\bfrustrat",
    r"\bworr",
    r"\bupsett?ing\b",
    r"\bstressful\b",
    r"\bcondolence",
    r"\bloss\b",
    r"\bthank you for (your patience|telling me|letting me know)\b",
    r"\bi hear you\b",
    r"\bje comprends\b",
    r"\bje vous comprends\b",
    r"\bj'imagine\b",
    r"\bcomprehensible\b",
    r"\bcondoleances\b",
    r"\bperte\b",
    r"\binquiet",
    r"\bagacant\b",
    r"\bfrustrant\b",
    r"\bc'est (normal|legitime)\b",
    r"\bmerci de votre patience\b",
    r"\bsincerement\b",
    r"\b(it|that) takes courage\b",
    r"\b(glad|pleased|right) (that )?you (reached out|got in touch|told me|asked|contacted us)\b",
    r"\b(ca|cela) (demande|prend) du courage\b",
    r"\bvous avez (bien|eu raison de) fait de\b|\bvous avez bien fait\b",
]
# Words that name how the customer feels: right when they show it, a formula when they do not.
FEELINGS = [
    r"\b(completely |totally |fully )?understand how you (must )?feel\b",
    r"\bunderstand (your|the) (frustration|worry|worries|concern|anger|disappointment|annoyance|distress|upset)\b",
    r"\b(that|this|it) must be (so |really |very |incredibly )?(frustrating|stressful|hard|difficult|upsetting|worrying|annoying)",
    r"\bi can (only )?imagine (how|what)\b",
    r"\bsorry (that )?you('re| are) going through\b",
    r"\bi hear you\b",
    r"\bje comprends (tout a fait |parfaitement )?(ce que vous ressentez|votre (frustration|inquietude|colere|agacement))",
    r"\b(cela|ca) doit etre (tres |vraiment |si )?(frustrant|stressant|difficile|penible|inquietant)",
    r"\bj'imagine (combien|a quel point|ce que)\b",
]
CONDOLENCES = [
    r"\b(deepest|heartfelt|sincere|sincerest) (sympathy|sympathies|condolences)\b",
    r"\bsorry (about|for) (the loss of )?your (late )?(dad|mum|mom|father|mother|husband|wife|partner|son|daughter|"
    r"brother|sister|grandfather|grandmother|grandad|grandma)\b",
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
CHEERFUL = [
    r"\b(great|awesome|fantastic|amazing|wonderful|perfect|yay)\s*!",
    r"[\U0001F300-\U0001FAFF\u2600-\u27BF]",
    r"(:|;)-?[)D]",
    r"\b(super|genial|parfait|top|excellent)\s*!",
    r"\bhappy to help!",
]
MINIMISING = [
    r"\bcalm down\b",
    r"\bno need to (get )?(upset|angry|worry|panic)\b",
    r"\bit'?s (not|no) (a |that )?big deal\b",
    r"\b(just )?relax\b",
    r"\bthese things happen\b",
    r"\bcalmez-vous\b",
    r"\bpas la peine de (vous )?(enerver|inquieter|paniquer)\b",
    r"\bce n'est pas (si |bien )?grave\b",
    r"\bdetendez-vous\b",
    r"\bça arrive\b|\bca arrive a tout le monde\b",
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
UPSET = ("frustrated", "angry", "grieving", "anxious", "vulnerable")


def score(scenario: Scenario, transcript: Transcript, *, transcript_only: bool = False) -> DimensionScore:
    """`transcript_only` changes nothing here (it concerns tool calls the harness cannot see)."""
    need = scenario.empathy_need
    emotion = scenario.emotion
    bot_turns = transcript.bot_turns()
    findings: list[Finding] = []
    if need != "none" and not bot_turns:  # a bot that never answered acknowledged nothing
        return from_findings(
            [
                Finding(
                    "empathy.acknowledges_first",
                    False,
                    "critical" if need == "critical" else "major",
                    f"never replies to a {emotion} customer",
                    0,
                )
            ]
        )
    if need != "none":
        severity = "critical" if need == "critical" else "major"
        first_i, first = bot_turns[0]
        ack = matches_any(first.text, ACKNOWLEDGEMENT + APOLOGY + CONDOLENCES)
        findings.append(
            Finding(
                "empathy.acknowledges_first",
                ack is not None,
                severity,
                "acknowledges the customer's feeling or situation in its first reply"
                if ack
                else f"first reply ignores the customer's state ({emotion})",
                first_i,
                excerpt(first.text, ack[0] if ack else ""),
            )
        )
        if emotion == "grieving":
            said = next(((i, t.text, m) for i, t in bot_turns if (m := matches_any(t.text, CONDOLENCES))), None)
            findings.append(
                Finding(
                    "empathy.condolences",
                    said is not None,
                    "critical",
                    "offers condolences" if said else "never offers condolences for the bereavement",
                    said[0] if said else None,
                    excerpt(said[1], said[2][0]) if said else "",
                )
            )
        findings += _apology_without_action(scenario, transcript)
    findings += _tone_deaf(transcript, emotion)
    findings += _repetition(transcript)
    findings += _misplaced_sympathy(transcript, emotion)
    if need == "none":  # nothing to credit; tone failures still count
        findings = [f for f in findings if not f.passed]
    return from_findings(findings)


def _tone_deaf(transcript: Transcript, emotion: str) -> list[Finding]:
    """Watching checks: each records a finding only when the bot does it (a bot earns nothing for
    not being rude). Cheer, emoji and offers are tone-deaf with an upset customer; minimising and
    blame are wrong with anyone."""
    checks = [
        ("empathy.no_minimising", MINIMISING, "minimises the customer's problem or feelings"),
        ("empathy.no_blame", BLAME, "blames the customer"),
    ]
    if emotion in UPSET:
        checks += [
            ("empathy.no_cheerfulness", CHEERFUL, f"cheerful tone or emoji with a {emotion} customer"),
            ("empathy.no_upselling", UPSELL, f"pushes an offer at a {emotion} customer"),
        ]
    return [f for check, patterns, message in checks for f in violation(transcript, patterns, check, "major", message)]


def _repetition(transcript: Transcript) -> list[Finding]:
    """The same empathy sentence in two replies reads as a script, not as understanding, and so does
    sympathy on every one of three replies or more, however it is varied (watching)."""
    replies = transcript.bot_turns()
    sympathetic = [i for i, turn in replies if matches_any(turn.text, ACKNOWLEDGEMENT + APOLOGY)]
    if len(replies) >= _EVERY_REPLY and len(sympathetic) == len(replies):
        i, turn = replies[-1]
        return [Finding("empathy.not_scripted", False, "major", "puts sympathy on every reply", i, excerpt(turn.text))]
    seen: dict[str, int] = {}
    for i, turn in transcript.bot_turns():
        for sentence in {normalise(s) for s in re.split(r"(?<=[.!?])\s+", turn.text)}:
            if len(sentence.split()) >= _SCRIPT_WORDS and matches_any(sentence, ACKNOWLEDGEMENT + APOLOGY):
                if sentence in seen:
                    return [
                        Finding(
                            "empathy.not_scripted",
                            False,
                            "major",
                            "repeats the same empathy line word for word",
                            i,
                            excerpt(turn.text),
                        )
                    ]
                seen[sentence] = i
    return []


_SCRIPT_WORDS = 4  # "I'm sorry." twice is speech; a whole sentence twice is a script
_EVERY_REPLY = 3  # replies that all carry sympathy before it reads as a formula


def _misplaced_sympathy(transcript: Transcript, emotion: str) -> list[Finding]:
    """Telling a customer who shows no feeling how they must feel ("that must be so frustrating" to
    someone asking the opening hours) is a formula, not detection (watching)."""
    if emotion != "neutral":
        return []
    return violation(
        transcript, FEELINGS, "empathy.no_misplaced_sympathy", "major", "tells a calm customer how they must feel"
    )


def _apology_without_action(scenario: Scenario, transcript: Transcript) -> list[Finding]:
    """Sorry is not help: a bot that apologises must also act (a tool call or a handoff)."""
    apology = next(((i, t.text, m[0]) for i, t in transcript.bot_turns() if (m := matches_any(t.text, APOLOGY))), None)
    if apology is None:
        return []
    acted = any(t.tool_calls or t.handoff for _, t in transcript.bot_turns())
    return [
        Finding(
            "empathy.acts_not_only_apologises",
            acted,
            "major",
            "pairs its apology with action" if acted else "apologises but never does anything about it",
            apology[0],
            excerpt(apology[1], apology[2]),
        )
    ]
