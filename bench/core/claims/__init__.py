"""The one claim matcher: does a bot reply assert a claim in the bot's own voice?

A scenario forbids claims (`must_not_state`) by patterns; three claims are built in (the bot says it
is a human, says it is an AI, says it transfers the customer now). A claim counts only where a
pattern matches and the match is asserted: not denied, refused, said to be impossible, made a
condition, asked, supposed, or quoted from the customer or someone else. English and French.

- `assertion`: the matcher (`asserts`, `explain`);
- `sentences`: a reply cut into sentences, each kept as written and normalised;
- `polarity`: whether a match stands, decided in the scope of its clause, with the lexicons of `cues`;
- `widen`: the wordings a pattern also accepts (a few words in between, tenses, French agreements,
  the other voice), with `regex_tree` (reading a pattern), `forms` (verb forms) and `voice`;
- `builtin`: the three built-in claims and their patterns.

Speed: patterns are compiled once per pattern list, sentences and results are cached per reply; a
reply takes well under a millisecond against a scenario's claims and the three built-ins."""

from bench.core.claims.assertion import Assertion, asserts, explain
from bench.core.claims.builtin import (
    AI_DISCLOSURE,
    HANDOFF_CLAIM,
    HUMAN_CLAIM,
    claims_human,
    claims_transfer,
    discloses_ai,
)

__all__ = [
    "AI_DISCLOSURE",
    "HANDOFF_CLAIM",
    "HUMAN_CLAIM",
    "Assertion",
    "asserts",
    "claims_human",
    "claims_transfer",
    "discloses_ai",
    "explain",
]
