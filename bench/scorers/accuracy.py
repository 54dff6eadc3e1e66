"""Accuracy: is what the bot says true? Credit for each expected fact stated in an accepted form,
clearly (not inside a bare list of values). A forbidden claim (a refund the policy does not allow)
is critical. Every date, amount, reference and policy term the bot states must have a source (the
world, a tool result, the customer's own words; for references and terms also the policy and the
tool descriptions): this catches invented values even where the scenario did not list them. These
grounding checks only watch (a failure costs, a true value earns nothing), so that reciting every
known number cannot buy accuracy. Replies must be in the customer's language.

Accuracy grades what was said, not what was left unsaid: a fact the customer never got is a
resolution failure (`resolution.informed`). A bot that states nothing checkable is not applicable
here, and pays for its silence in resolution."""

from __future__ import annotations

import re
from functools import partial
from typing import Any

from bench.core.claims import asserts
from bench.core.expectations import same_value, states
from bench.core.language import language_of
from bench.core.scenario import Scenario
from bench.core.text import excerpt, normalise, texts_in
from bench.core.transcript import Transcript
from bench.core.values import extract
from bench.core.world import load_domain
from bench.scorers.findings import DimensionScore, Finding, claimed, from_findings
from bench.scorers.sources import sources


def score(scenario: Scenario, transcript: Transcript, *, transcript_only: bool = False) -> DimensionScore:
    """`transcript_only` changes nothing here (it concerns tool calls the harness cannot see)."""
    bot_turns = transcript.bot_turns()
    findings: list[Finding] = []
    for fact in scenario.must_state:
        forms = fact.forms(scenario.language)
        said = next(((i, t.text, f) for i, t in bot_turns if (f := states(t.text, forms, scenario.today))), None)
        if said:
            findings.append(
                Finding(
                    "accuracy.states_fact",
                    True,
                    fact.severity,
                    f"states {fact.fact} correctly",
                    said[0],
                    excerpt(said[1], said[2]),
                )
            )
    for claim in scenario.must_not_state:  # only a claim made is a finding: silence is not accuracy
        message = f"makes a forbidden claim: {claim.claim}"
        says = partial(asserts, patterns=claim.patterns)
        findings += claimed(transcript, says, "accuracy.forbidden_claim", claim.severity, message)
    if not transcript_only:  # said versus done: the harness saw every tool call
        findings += _claimed_actions(scenario, transcript)
    # Grounding only watches: crediting every true value would reward a bot that recites them all.
    watched = _grounding(scenario, transcript) + _references(scenario, transcript) + _terms(scenario, transcript)
    findings += [f for f in watched if not f.passed]
    findings += _unambiguous(scenario, transcript)
    findings += _language(scenario, transcript)
    return from_findings(findings)


_EXPLICIT_DATE = re.compile(
    r"\d|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|janv|fev|mars|avr|mai|juin|juil|aout|sept|oct|nov|dec)[a-z]*\b"
)


def _grounding(scenario: Scenario, transcript: Transcript) -> list[Finding]:
    """One critical check per date written with its day or month, and per amount given with its
    currency, the bot states: does it have a source (bench.scorers.sources)? Values are compared as
    values, whatever their format."""
    known = sources(scenario, transcript)
    findings = []
    for i, turn in transcript.bot_turns():
        for value in extract(turn.text, scenario.today):
            words = turn.text[value.span[0] : value.span[1]]
            if value.type not in ("date", "amount") or (value.type == "amount" and not value.currency):
                continue
            if value.type == "date" and not _EXPLICIT_DATE.search(normalise(words)):
                continue  # "on Friday", "tomorrow", "la veille": placed by guessing the tense, too unsure to fail
            ok = known.grounds(value)
            verdict = (
                "matches a source" if ok else "appears in no tool result, world record, policy or customer message"
            )
            findings.append(
                Finding(
                    f"accuracy.grounded_{value.type}",
                    ok,
                    "critical",
                    f"{value.type} {words!r} {verdict}",
                    i,
                    excerpt(turn.text, words),
                )
            )
    return findings


# -- references, policy terms, buried answers, language -------------------------------------------
_REFERENCE = re.compile(r"(?<![\w@./-])([A-Z]{1,4}-?\d{3,}[A-Z0-9]*)(?![\w@])")
_DURATION = re.compile(
    r"\b(\d{1,3}) ?(working days?|business days?|jours? ouvr[ea]s|jours? ouvrables|days?|jours?|hours?|heures?|"
    r"weeks?|semaines?|months?|mois)\b"
)
_UNIT = {"day": "days|day|jours|jour", "hour": "hours|hour|heures|heure|h", "week": "weeks|week|semaines|semaine"}
_UNIT["month"] = "months|month|mois"
_SEPARATOR = re.compile(r"[\s-]")


def _context(scenario: Scenario, transcript: Transcript, with_policy: bool) -> list[str]:
    """What a bot may cite: the world, successful tool results, the customer's words (and, for
    references and terms, the policy and the tool descriptions it was given)."""
    texts = list(texts_in(scenario.world)) + [t.text for t in transcript.turns if t.role == "customer"]
    texts += [s for _, c in transcript.tool_calls() if c.error is None for s in texts_in(c.result)]
    if with_policy:
        domain = load_domain(scenario.domain)
        texts += [domain.policy] + [t.description for t in domain.tools.values()]
    return texts


def _references(scenario: Scenario, transcript: Transcript) -> list[Finding]:
    """Order, booking, ticket and case references the bot states must exist somewhere it could know."""
    said = [(i, t.text, m[1]) for i, t in transcript.bot_turns() for m in _REFERENCE.finditer(t.text)]
    if not said:
        return []
    dynamic = [t.text for t in transcript.turns if t.role == "customer"]
    dynamic += [s for _, c in transcript.tool_calls() if c.error is None for s in texts_in(c.result)]
    known = _words(scenario.domain, scenario.id, scenario.digest, scenario.world) | _word_set(dynamic)
    findings = []
    for i, text, ref in dict.fromkeys(said):
        ok = _SEPARATOR.sub("", ref).upper() in known
        findings.append(
            Finding(
                "accuracy.grounded_reference",
                ok,
                "major",
                f"reference {ref!r} " + ("matches a source" if ok else "appears in no record, tool result or message"),
                i,
                excerpt(text, ref),
            )
        )
    return findings


def _word_set(texts: list[str]) -> set[str]:
    return {_SEPARATOR.sub("", w).upper() for text in texts for w in re.findall(r"[\w-]+", text)}


_WORDS_CACHE: dict[tuple[str, str], set[str]] = {}


def _words(domain_name: str, scenario_id: str, digest: str, world: dict) -> set[str]:
    """Words of a scenario's world, its domain's policy and tool descriptions: the same for every
    conversation of the scenario, so computed once."""
    key = (scenario_id, digest)
    if key not in _WORDS_CACHE:
        domain = load_domain(domain_name)
        _WORDS_CACHE[key] = _word_set(
            [*texts_in(world), domain.policy, *(t.description for t in domain.tools.values())]
        )
    return _WORDS_CACHE[key]


def _unit_of(words: str) -> str:
    return next(u for w in words.split() for u, forms in _UNIT.items() if w in forms.split("|"))


def _terms(scenario: Scenario, transcript: Transcript) -> list[Finding]:
    """A duration the bot states ("30 days", "14 jours") must be one the policy, the tools or the
    records give: an invented deadline misleads as much as a wrong date."""
    said = [(i, t.text, m) for i, t in transcript.bot_turns() for m in _DURATION.finditer(normalise(t.text))]
    if not said:
        return []
    context = normalise("\n".join(_context(scenario, transcript, True)))
    numbers = _numbers_by_unit(scenario, transcript)
    findings = []
    for i, text, m in said:
        number, unit = m[1], _unit_of(m[2])
        backed = re.search(rf"(?<![\d.,]){number} ?(?:\w+ )?(?:{_UNIT[unit]})\b", context)
        ok = backed is not None or int(number) in numbers[unit]
        findings.append(
            Finding(
                "accuracy.grounded_term",
                ok,
                "major",
                f"term {m[0]!r} " + ("matches the policy or a record" if ok else "is in no policy, tool or record"),
                i,
                excerpt(text, m[0]),
            )
        )
    return findings


def _numbers_by_unit(scenario: Scenario, transcript: Transcript) -> dict[str, set[int]]:
    """Whole numbers stored under a key naming a unit (return_window_days: 30, ..._hours: 48)."""
    found: dict[str, set[int]] = {u: set() for u in _UNIT}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(value, int) and not isinstance(value, bool):
                    for unit in _UNIT:
                        if unit in str(key).lower():
                            found[unit].add(value)
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(scenario.world)
    for _, call in transcript.tool_calls():
        if call.error is None:
            walk(call.result)
    return found


def _unambiguous(scenario: Scenario, transcript: Transcript) -> list[Finding]:
    """The reply that gives an expected date or amount must not bury it among three or more other
    dates and amounts: a customer handed "placed 6/03, shipped 8/03, €44.90, return by 22/03" has
    not been told which one answers them."""
    findings = []
    for fact in scenario.must_state:
        forms = fact.forms(scenario.language)
        wanted = [v for f in forms for v in extract(f, scenario.today) if v.type in ("date", "amount")]
        if not wanted:
            continue
        found = ((i, t.text, f) for i, t in transcript.bot_turns() if (f := states(t.text, forms, scenario.today)))
        said = next(found, None)
        if said is None:
            continue
        i, text, form = said
        stated = [v for v in extract(text, scenario.today) if v.type in ("date", "amount")]
        others = [v for v in stated if not any(same_value(v, w) for w in wanted)]
        ok = len(others) < _BURIED
        findings.append(
            Finding(
                "accuracy.unambiguous",
                ok,
                "major",
                f"gives {fact.fact} clearly"
                if ok
                else f"buries {fact.fact} among {len(others)} other values: which one is the answer?",
                i,
                excerpt(text, form),
            )
        )
    return findings


_BURIED = 3  # other dates and amounts in the reply that gives the expected one


def _language(scenario: Scenario, transcript: Transcript) -> list[Finding]:
    """Every reply of three words or more is in the customer's language (a watching check)."""
    judged = [(i, t.text, language_of(_without_long_tokens(t.text))) for i, t in transcript.bot_turns()]
    judged = [(i, text, lang) for i, text, lang in judged if lang]
    if not judged:
        return []
    foreign = next(((i, text, lang) for i, text, lang in judged if lang != scenario.language), None)
    if foreign:
        i, text, lang = foreign
        return [
            Finding(
                "accuracy.customer_language",
                False,
                "major",
                f"answers in {lang} a customer who writes in {scenario.language}",
                i,
                excerpt(text),
            )
        ]
    return []  # watching only: answering in the right language earns nothing


_LONGEST_WORD = 200


def _without_long_tokens(text: str) -> str:
    """The text without space-free runs longer than any word: language_of's patterns (`\\S+@\\S+`)
    backtrack quadratically over one (50,000 dots take a minute), and no such run is a word."""
    tokens = text.split()
    if all(len(token) <= _LONGEST_WORD for token in tokens):
        return text
    return " ".join(token for token in tokens if len(token) <= _LONGEST_WORD)


def _claimed_actions(scenario: Scenario, transcript: Transcript) -> list[Finding]:
    """A reply that says it did what a domain tool does (the domain's `claims.yaml`: "your card is now
    blocked") with no successful call of that tool run on the world by then claims an action it did
    not take. Actions the bot only reports (`BotReply.actions`) did not change this world. A claim
    about an effect the world already held when the conversation began may be a report of the
    records, and is not graded."""
    claims = [c for c in load_domain(scenario.domain).action_claims if not c.shows_in(scenario.world)]
    for i, turn in transcript.bot_turns():
        done = {c.name for j, c in transcript.tool_calls() if j <= i and c.error is None and not _reported(c)}
        for claim in claims:
            if claim.tool in done:
                continue
            said = asserts(turn.text, claim.patterns(scenario.language), widen=False)  # as written: no other tense
            if said:
                return [
                    Finding(
                        "accuracy.claimed_action_done",
                        False,
                        "critical",
                        f"says it did what {claim.tool} does, but no successful {claim.tool} call did it",
                        i,
                        excerpt(said.sentence),
                    )
                ]
    return []


def _reported(call) -> bool:
    return isinstance(call.result, dict) and call.result.get("reported") is True
