"""The simulated customer: scripted and deterministic (no network).

Each turn, in this order: insist on a human once they asked for one; give the facts the bot asks
for (bench.core.requests); play the next scripted follow-up whose condition holds
(bench.sim.conditions); say goodbye once they got what they came for (bench.core.expectations.progress,
which the resolution scorer reads too); otherwise remind the bot of their request, until their
patience runs out."""

from __future__ import annotations

import random
from dataclasses import dataclass

from bench.core.expectations import progress
from bench.core.requests import asks_for_information
from bench.core.scenario import Fact, Scenario
from bench.core.text import normalise
from bench.core.transcript import GAVE_UP, RESOLVED, Turn
from bench.core.world import World
from bench.sim.conditions import condition_holds
from bench.sim.lines import FACT_NAMES, GIVE, LINES


@dataclass(frozen=True)
class CustomerLine:
    text: str
    ends: str | None = None  # an outcome when this line ends the conversation


class Customer:
    """Plays one scenario's customer. `seed` picks among phrasings, so trials differ in wording only."""

    def __init__(self, scenario: Scenario, seed: int):
        self._scenario = scenario
        self._spec = scenario.customer
        self._lines = LINES[scenario.language]
        self._give = GIVE[scenario.language]
        self._random = random.Random(seed)
        self._followups = list(scenario.followups)
        self._turn = 0  # customer turns said so far
        self._asked_human = False
        self._asked_back = False  # the last line asked the bot what it wants

    def _pick(self, text_or_variants: str | list[str]) -> str:
        if isinstance(text_or_variants, str):
            return text_or_variants
        return self._random.choice(text_or_variants)

    def opening(self) -> str:
        self._turn = 1
        human = self._scenario.human_request
        self._asked_human = bool(human and human.at_turn == 1)
        return self._pick(self._spec["opening"])

    def reply(self, turns: list[Turn], world: World) -> CustomerLine:
        """The customer's next line, given the conversation so far (which ends on a bot turn)."""
        line = self._scripted_line(turns)
        if line is None and self.satisfied(turns, world):
            return CustomerLine(self._pick(self._spec.get("closing", self._lines["closing"])), RESOLVED)
        if self._turn >= self._scenario.patience:
            return CustomerLine(self._lines["give_up"], GAVE_UP)
        self._turn += 1
        return CustomerLine(line or self._pick(self._spec.get("nudge", self._lines["nudge"])))

    def _scripted_line(self, turns: list[Turn]) -> str | None:
        """Asking for (or insisting on) a human, answering the bot's questions, or the next
        follow-up whose condition holds; None when the script has nothing more to say."""
        bot_turns = [t for t in turns if t.role == "bot"]
        human = self._scenario.human_request
        if human and self._turn + 1 == human.at_turn:
            self._asked_human = True
            return self._pick(human.say or self._lines["ask_human"])
        if self._asked_human:
            return self._pick(self._lines["insist"])
        answer = self._answer_requests(bot_turns[-1].text, [t.text for t in turns if t.role == "customer"])
        if answer:
            return answer
        if asks_for_information(bot_turns[-1].text) and not self._asked_back:
            self._asked_back = True  # once: asked again, the customer goes back to its request
            return self._ask_back()
        self._asked_back = False
        while self._followups:
            line = self._followups.pop(0)
            if condition_holds(line.get("when", {}), bot_turns):
                return self._pick(line["say"])
        return None

    def _answer_requests(self, bot_text: str, said: list[str]) -> str | None:
        parts = []
        for fact in self._scenario.facts:
            if fact.asked_in(bot_text):
                already = any(normalise(fact.value) in normalise(s) for s in said)
                parts.append((self._lines["again"] if already and not parts else "") + self._gives(fact))
        return " ".join(parts) or None

    def _ask_back(self) -> str:
        """Asked for something it cannot place, the customer says so and offers what it holds."""
        names = FACT_NAMES[self._scenario.language]
        offered = [names.get(f.key, f.label) for f in self._scenario.facts if f.in_world]
        if not offered:
            return self._lines["unclear_nothing"]
        joined = offered[0] if len(offered) == 1 else ", ".join(offered[:-1]) + self._lines["or"] + offered[-1]
        return self._lines["unclear"].format(facts=joined)

    def _gives(self, fact: Fact) -> str:
        template = fact.say or self._give.get(fact.key, self._give["*"])
        return template.replace("{v}", fact.value).replace("{value}", fact.value).replace("{k}", fact.label)

    def satisfied(self, turns: list[Turn], world: World) -> bool:
        """Got what they came for: every scripted line said, and the scenario's goal met (every
        expected fact told, every required action done, the end state reached). Cases that need a
        human end on the handoff."""
        if self._followups or self._asked_human:
            return False
        if self._scenario.escalation in ("required", "on_request"):
            return False
        return progress(self._scenario, turns, world.state).met
