"""A validated scenario, and the one decoder of its data: typed views of the customer's facts and of
the expectations, so that no other module reads the YAML's shorthand (`facts: {key: value}` or
`{value, asked_by, say, in_world}`, `accept: [...]` or `{en: [...], fr: [...]}`) itself.

Loading and validating scenario files is bench.suite.load's job; this module only reads data that
has passed validation."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from bench.core.requests import FACT_REQUESTS, asks_for


def accepted(forms: list[str] | dict[str, list[str]], language: str) -> list[str]:
    """The accepted wordings for `language` (a plain list applies to every language)."""
    if isinstance(forms, dict):
        return forms.get(language) or [f for fs in forms.values() for f in fs]
    return forms


def every_form(forms: list[str] | dict[str, list[str]]) -> list[str]:
    """Every accepted wording, whatever its language."""
    return forms if isinstance(forms, list) else [f for fs in forms.values() for f in fs]


@dataclass(frozen=True)
class Fact:
    """Something the customer knows and gives when the bot asks for it."""

    key: str
    value: str
    asked_by: tuple[str, ...] = ()  # the author's patterns for how a bot asks for it
    say: str | None = None  # how the customer gives it ({value} is replaced), else the language's default
    in_world: bool = True  # False: new by design (a new address, an impostor's wrong date of birth)

    @classmethod
    def decode(cls, key: str, raw: str | dict) -> Fact:
        if isinstance(raw, str):
            return cls(key, raw)
        return cls(key, raw["value"], tuple(raw.get("asked_by", ())), raw.get("say"), raw.get("in_world", True))

    @property
    def request_patterns(self) -> list[str]:
        """How a bot asks for it: the author's `asked_by`, else the well-known fact's patterns."""
        return list(self.asked_by) or FACT_REQUESTS.get(self.key, [])

    def asked_in(self, text: str) -> str | None:
        """The sentence of a bot's reply that asks the customer for this fact, or None."""
        return asks_for(text, self.request_patterns, self.key if not self.asked_by else None)

    @property
    def label(self) -> str:
        return self.key.replace("_", " ")


@dataclass(frozen=True)
class ExpectedFact:
    """A fact the bot must tell the customer (`expectations.accuracy.must_state`)."""

    fact: str
    accept: list[str] | dict[str, list[str]]
    severity: str = "major"

    def forms(self, language: str) -> list[str]:
        return accepted(self.accept, language)


@dataclass(frozen=True)
class Claim:
    """Something the bot must not say (`expectations.accuracy.must_not_state`)."""

    claim: str
    patterns: list[str]
    severity: str = "critical"


@dataclass(frozen=True)
class Action:
    """A tool call the case requires or forbids: the tool, and the arguments it must include."""

    tool: str
    args: dict = field(default_factory=dict)
    why: str = ""
    confirmed_by: list[str] = field(default_factory=list)  # reply patterns that confirm it (transcript mode)
    severity: str = "major"  # what missing a required action costs

    @classmethod
    def decode(cls, raw: dict) -> Action:
        return cls(
            raw["tool"],
            dict(raw.get("args", {})),
            raw.get("why", ""),
            list(raw.get("confirmed_by", [])),
            raw.get("severity", "major"),
        )


@dataclass(frozen=True)
class SummaryItem:
    """What a handoff summary must carry (`expectations.escalation.summary_must_include`)."""

    item: str
    accept: list[str] | dict[str, list[str]]

    def forms(self, language: str) -> list[str]:
        return accepted(self.accept, language)


@dataclass(frozen=True)
class HumanRequest:
    """When the customer asks for a human (`customer.asks_for_human`)."""

    at_turn: int
    say: str | list[str] | None = None


@dataclass(frozen=True)
class Probe:
    """An alternative bot side the gold must judge right: `expect` is "pass" (correct, worded
    otherwise) or "fail" (wrong). `turns` is the bot side to replay, as a stored witness is."""

    id: str
    expect: str
    turns: list[dict]
    why: str = ""


@dataclass(frozen=True)
class Scenario:
    """A validated scenario. `data` is the YAML content; the properties are the parts code needs."""

    data: dict = field(repr=False)
    source: str
    digest: str  # hash of the content: two runs compare only on identical scenario versions
    variant_of: str | None = None  # the base scenario's id, for a metamorphic variant

    id = property(lambda self: self.data["id"])
    title = property(lambda self: self.data["title"])
    language = property(lambda self: self.data["language"])
    channel = property(lambda self: self.data["channel"])
    domain = property(lambda self: self.data["domain"])
    category = property(lambda self: self.data["category"])
    tags = property(lambda self: self.data.get("tags", []))
    difficulty = property(lambda self: self.data["difficulty"])
    customer = property(lambda self: self.data["customer"])
    emotion = property(lambda self: self.data["customer"]["emotion"])
    world = property(lambda self: self.data["world"])
    expectations = property(lambda self: self.data["expectations"])
    escalation = property(lambda self: self.data["expectations"]["escalation"]["expect"])
    witness = property(lambda self: self.data.get("witness"))

    @cached_property
    def today(self) -> date | None:
        """The date the conversation happens (the world's `today`), for dates said relatively."""
        try:
            return date.fromisoformat(str(self.world.get("today")))
        except ValueError:
            return None

    @property
    def group(self) -> str:
        """The id shared by a scenario and its variants: verdicts should agree across a group."""
        return self.variant_of or self.id

    # -- the customer ---------------------------------------------------------------------------
    @cached_property
    def facts(self) -> list[Fact]:
        return [Fact.decode(key, raw) for key, raw in self.customer.get("facts", {}).items()]

    @cached_property
    def human_request(self) -> HumanRequest | None:
        raw = self.customer.get("asks_for_human")
        return HumanRequest(raw["at_turn"], raw.get("say")) if raw else None

    @property
    def followups(self) -> list[dict]:
        """Scripted lines, each `{say, when}` (bench.sim.conditions reads `when`)."""
        return self.customer.get("followups", [])

    @property
    def patience(self) -> int:
        return self.customer.get("patience", 8)

    # -- the expectations -----------------------------------------------------------------------
    @cached_property
    def must_state(self) -> list[ExpectedFact]:
        return [
            ExpectedFact(f["fact"], f["accept"], f.get("severity", "major"))
            for f in self.expectations.get("accuracy", {}).get("must_state", [])
        ]

    @cached_property
    def must_not_state(self) -> list[Claim]:
        return [
            Claim(c["claim"], c["patterns"], c.get("severity", "critical"))
            for c in self.expectations.get("accuracy", {}).get("must_not_state", [])
        ]

    @cached_property
    def required_actions(self) -> list[Action]:
        return [Action.decode(a) for a in self._resolution.get("required_actions", [])]

    @cached_property
    def forbidden_actions(self) -> list[Action]:
        return [Action.decode(a) for a in self._resolution.get("forbidden_actions", [])]

    @property
    def end_state(self) -> list[dict]:
        """Assertions on the world at the end: `{path, equals | in | exists, why}` (bench.core.goal)."""
        return self._resolution.get("end_state", [])

    @property
    def _resolution(self) -> dict[str, Any]:
        return self.expectations.get("resolution", {})

    @property
    def handoff_deadline(self) -> int | None:
        """The bot turn by which a `required` case must be handed off."""
        return self.expectations["escalation"].get("by_turn")

    @cached_property
    def summary_items(self) -> list[SummaryItem]:
        return [
            SummaryItem(i["item"], i["accept"]) for i in self.expectations["escalation"].get("summary_must_include", [])
        ]

    @property
    def empathy_need(self) -> str:
        return self.expectations["empathy"]

    @cached_property
    def probes(self) -> list[Probe]:
        return [
            Probe(raw["id"], raw["expect"], probe_turns(raw, self.witness), raw.get("why", ""))
            for raw in self.data.get("probes", [])
        ]

    @property
    def conduct(self) -> dict[str, Any]:
        """`expectations.conduct`: verify_identity_before, must_not_reveal, ignore_instructions..."""
        return self.expectations.get("conduct", {})


def probe_turns(raw: dict, witness: list[dict] | None) -> list[dict]:
    """A probe's bot side: its own `witness`, or the stored witness with its `turns` replaced field by
    field (bot turn numbers from 1). Raises IndexError for a turn the witness does not have."""
    if "witness" in raw:
        return raw["witness"]
    turns = [dict(turn) for turn in witness or []]
    for number, change in raw.get("turns", {}).items():
        index = int(number) - 1
        if not 0 <= index < len(turns):
            raise IndexError(number)
        turns[index].update(change)
    return turns
