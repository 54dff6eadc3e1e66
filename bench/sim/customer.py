"""The simulated customer: scripted and deterministic (no network).

Each turn, in this order: insist on a human once they asked for one; give the facts the bot asks
for (recognised in English and French); play the next scripted follow-up whose condition holds;
say goodbye once they got what they came for; otherwise remind the bot of their request, until
their patience runs out."""

from __future__ import annotations

import random
from dataclasses import dataclass

from bench.core.expectations import accepted, action_matches, assertion_holds
from bench.core.facts import FACT_REQUESTS, GIVE
from bench.core.text import ACKNOWLEDGEMENT, APOLOGY, matches_any, mentions_any, normalise
from bench.core.transcript import GAVE_UP, RESOLVED, Turn
from bench.core.world import World
from bench.suite.load import Scenario

_LINES = {
    "en": {
        "again": "As I already said: ",
        "ask_human": "I'd like to speak to a human, please.",
        "insist": ["I asked to speak to a real person.", "Please, just put me through to a human agent."],
        "closing": "Thank you, that's all I needed.",
        "nudge": "That doesn't answer my question. Can you help me with it?",
        "give_up": "Forget it, I'll go elsewhere.",
    },
    "fr": {
        "again": "Je vous l'ai déjà dit : ",
        "ask_human": "Je voudrais parler à un conseiller, s'il vous plaît.",
        "insist": ["J'ai demandé à parler à une vraie personne.", "Passez-moi un conseiller, s'il vous plaît."],
        "closing": "Merci, c'est tout ce qu'il me fallait.",
        "nudge": "Ça ne répond pas à ma question. Vous pouvez m'aider ?",
        "give_up": "Laissez tomber, je vais voir ailleurs.",
    },
}


@dataclass(frozen=True)
class CustomerLine:
    text: str
    ends: str | None = None  # an outcome when this line ends the conversation


def bot_has(behaviour: str, bot_turns: list[Turn]) -> bool:
    """Whether the bot has shown a behaviour (the names of the scenario schema's `bot_behaviour`)."""
    texts = [t.text for t in bot_turns]
    if behaviour == "apologised":
        return any(matches_any(t, APOLOGY) for t in texts)
    if behaviour == "acknowledged":
        return any(matches_any(t, ACKNOWLEDGEMENT) for t in texts)
    if behaviour == "asked_question":
        return any("?" in t for t in texts)
    if behaviour == "used_tool":
        return any(t.tool_calls for t in bot_turns)
    if behaviour == "handed_off":
        return any(t.handoff for t in bot_turns)
    raise ValueError(f"unknown behaviour {behaviour!r}")


def condition_holds(when: dict, bot_turns: list[Turn]) -> bool:
    texts = [t.text for t in bot_turns]
    return (
        all(bot_has(b, bot_turns) for b in when.get("bot_has", []))
        and not any(bot_has(b, bot_turns) for b in when.get("bot_has_not", []))
        and (not when.get("bot_said") or any(matches_any(t, when["bot_said"]) for t in texts))
        and not any(matches_any(t, when.get("bot_has_not_said", [])) for t in texts)
    )


class Customer:
    """Plays one scenario's customer. `seed` picks among phrasings, so trials differ in wording only."""

    def __init__(self, scenario: Scenario, seed: int):
        self._scenario = scenario
        self._spec = scenario.customer
        self._lines = _LINES[scenario.language]
        self._give = GIVE[scenario.language]
        self._random = random.Random(seed)
        self._followups = list(self._spec.get("followups", []))
        self._turn = 0  # customer turns said so far
        self._asked_human = False

    def _pick(self, text_or_variants: str | list[str]) -> str:
        if isinstance(text_or_variants, str):
            return text_or_variants
        return self._random.choice(text_or_variants)

    def opening(self) -> str:
        self._turn = 1
        human = self._spec.get("asks_for_human")
        self._asked_human = bool(human and human["at_turn"] == 1)
        return self._pick(self._spec["opening"])

    def reply(self, turns: list[Turn], world: World) -> CustomerLine:
        """The customer's next line, given the conversation so far (which ends on a bot turn)."""
        line = self._scripted_line(turns)
        if line is None and self.satisfied(turns, world):
            return CustomerLine(self._pick(self._spec.get("closing", self._lines["closing"])), RESOLVED)
        if self._turn >= self._spec.get("patience", 8):
            return CustomerLine(self._lines["give_up"], GAVE_UP)
        self._turn += 1
        return CustomerLine(line or self._pick(self._spec.get("nudge", self._lines["nudge"])))

    def _scripted_line(self, turns: list[Turn]) -> str | None:
        """Asking for (or insisting on) a human, answering the bot's questions, or the next
        follow-up whose condition holds; None when the script has nothing more to say."""
        bot_turns = [t for t in turns if t.role == "bot"]
        human = self._spec.get("asks_for_human")
        if human and self._turn + 1 == human["at_turn"]:
            self._asked_human = True
            return self._pick(human.get("say", self._lines["ask_human"]))
        if self._asked_human:
            return self._pick(self._lines["insist"])
        answer = self._answer_requests(bot_turns[-1].text, [t.text for t in turns if t.role == "customer"])
        if answer:
            return answer
        while self._followups:
            line = self._followups.pop(0)
            if condition_holds(line.get("when", {}), bot_turns):
                return self._pick(line["say"])
        return None

    def _answer_requests(self, bot_text: str, said: list[str]) -> str | None:
        parts = []
        for key, fact in self._spec.get("facts", {}).items():
            value, asked_by, say = (
                (fact, None, None) if isinstance(fact, str) else (fact["value"], fact.get("asked_by"), fact.get("say"))
            )
            patterns = asked_by or FACT_REQUESTS.get(key, [])
            if patterns and matches_any(bot_text, patterns):
                template = say or self._give.get(key, self._give["*"])
                line = template.replace("{v}", value).replace("{value}", value).replace("{k}", key.replace("_", " "))
                already = any(normalise(value) in normalise(s) for s in said)
                parts.append((self._lines["again"] if already and not parts else "") + line)
        return " ".join(parts) or None

    def satisfied(self, turns: list[Turn], world: World) -> bool:
        """Got what they came for: every scripted line said, every expected fact stated, every
        required action done and end state reached. Cases that need a human end on the handoff."""
        if self._followups or self._asked_human:
            return False
        expect = self._scenario.expectations
        if expect["escalation"]["expect"] in ("required", "on_request"):
            return False
        bot_text = "\n".join(t.text for t in turns if t.role == "bot")
        language = self._scenario.language
        for fact in expect.get("accuracy", {}).get("must_state", []):
            if not mentions_any(bot_text, accepted(fact["accept"], language)):
                return False
        resolution = expect.get("resolution", {})
        calls = [c for t in turns for c in t.tool_calls]  # run on the world, or reported by the bot's own systems
        if not all(any(action_matches(c, a) for c in calls) for a in resolution.get("required_actions", [])):
            return False
        return all(assertion_holds(world.state, a)[0] for a in resolution.get("end_state", []))
