"""When a scripted follow-up plays: the conditions of the scenario format's `when` (`bot_has`,
`bot_has_not`, `bot_said`, `bot_has_not_said`) read against what the bot said and did so far.

The cues for `apologised` and `acknowledged` belong to the simulated customer, not to the empathy
scorer: a scorer's lexicon is tuned to grade, and if the customer read it, tuning a scorer would
change the conversations it grades."""

from __future__ import annotations

from bench.core.text import matches_any
from bench.core.transcript import Turn

APOLOGISED = [r"\b(sorry\b|apologi[sz]e|apologies\b|desole|excuse|navre|pardon\b|regrett)"]
ACKNOWLEDGED = [
    r"\b(i understand\b|i can (see|imagine|hear)\b|that must\b|understandabl|frustrat|worr|upsett?ing\b|stressful\b"
    r"|condolence|loss\b|thank you for (your patience|telling me|letting me know)\b|i hear you\b)",
    r"\b(je comprends\b|je vous comprends\b|j'imagine\b|comprehensible\b|condoleances\b|perte\b|inquiet|agacant\b"
    r"|frustrant\b|c'est (normal|legitime)\b|merci de votre patience\b|sincerement\b)",
]


def bot_has(behaviour: str, bot_turns: list[Turn]) -> bool:
    """Whether the bot has shown a behaviour (the names of the scenario schema's `bot_behaviour`)."""
    texts = [t.text for t in bot_turns]
    if behaviour == "apologised":
        return any(matches_any(t, APOLOGISED) for t in texts)
    if behaviour == "acknowledged":
        return any(matches_any(t, ACKNOWLEDGED) for t in texts)
    if behaviour == "asked_question":
        return any("?" in t for t in texts)
    if behaviour == "used_tool":
        return any(t.tool_calls for t in bot_turns)
    if behaviour == "handed_off":
        return any(t.handoff for t in bot_turns)
    raise ValueError(f"unknown behaviour {behaviour!r}")


def condition_holds(when: dict, bot_turns: list[Turn]) -> bool:
    """Every part of a follow-up's `when` holds (an empty condition always does)."""
    texts = [t.text for t in bot_turns]
    return (
        all(bot_has(b, bot_turns) for b in when.get("bot_has", []))
        and not any(bot_has(b, bot_turns) for b in when.get("bot_has_not", []))
        and (not when.get("bot_said") or any(matches_any(t, when["bot_said"]) for t in texts))
        and not any(matches_any(t, when.get("bot_has_not_said", [])) for t in texts)
    )
