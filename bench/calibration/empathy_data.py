"""The expert-rated corpora (EmpatheticDialogues, EPITOME, Lend an Ear; Kumar et al., 2025 replication
package, not shipped with supportbench): how each is read, what its rating target is, and how a
supporter's reply becomes a supportbench transcript the empathy scorer can grade."""

from __future__ import annotations

import csv
import re
import statistics
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bench.core.scenario import Scenario
from bench.core.transcript import RESOLVED, Transcript, Turn
from bench.scorers import empathy
from bench.suite.load import check_file

EXPERTS = ("expert1", "expert2", "expert3")
LLMS = ("gpt", "claude", "gemini")
CROWD = "crowd"
RATERS = EXPERTS + LLMS + (CROWD,)
BOOTSTRAP = 2000
SEED = 20250101
COMMON = (1, 5)  # the scale every corpus is put on for the pooled ("overall") figures


# --------------------------------------------------------------------------------------------------
# Corpora and targets


@dataclass(frozen=True)
class Corpus:
    key: str  # folder under annotations/
    name: str  # the Dataset column of table_kappa.csv
    source: str  # file under original_data/
    id_column: str
    dimensions: tuple[str, ...]  # the raw dimensions rated for this corpus
    target_dimensions: tuple[str, ...]  # those the target is built from (table_kappa rows to show)
    low: int
    high: int
    target: Callable[[dict[str, float]], float]
    target_label: str
    default_emotion: str


CORPORA = (
    Corpus(
        key="empatheticdialogues",
        name="Empathetic Dialogues",
        source="sample_empatheticdialogues.csv",
        id_column="conv_id",
        dimensions=("empathy", "relevance", "fluency"),
        target_dimensions=("empathy",),
        low=1,
        high=5,
        target=lambda d: d["empathy"],
        target_label="`empathy` (1..5)",
        default_emotion="vulnerable",
    ),
    Corpus(
        key="epitome",
        name="EPITOME",
        source="sample_epitome.csv",
        id_column="sp_id",
        dimensions=("level_emotional_reactions", "level_interpretations", "level_explorations"),
        target_dimensions=("level_emotional_reactions", "level_interpretations", "level_explorations"),
        low=0,
        high=6,
        target=lambda d: d["level_emotional_reactions"] + d["level_interpretations"] + d["level_explorations"],
        target_label="sum of the three levels (0..6)",
        default_emotion="vulnerable",
    ),
    Corpus(
        key="lend_an_ear",
        name="Lend an Ear",
        source="sample_lend_an_ear_conversations.csv",
        id_column="conversation_id",
        dimensions=(
            "validating_emotions",
            "encouraging_elaboration",
            "demonstrating_understanding",
            "dismissing_emotions",
            "advice_giving",
            "self_oriented",
        ),
        target_dimensions=(
            "validating_emotions",
            "encouraging_elaboration",
            "demonstrating_understanding",
            "dismissing_emotions",
        ),
        low=1,
        high=5,
        target=lambda d: (
            (
                d["validating_emotions"]
                + d["encouraging_elaboration"]
                + d["demonstrating_understanding"]
                + (6 - d["dismissing_emotions"])
            )
            / 4
        ),
        target_label="mean of validating_emotions, encouraging_elaboration, demonstrating_understanding "
        "and 6 - dismissing_emotions (1..5)",
        default_emotion="frustrated",
    ),
)

# EmpatheticDialogues labels each conversation with the seeker's emotion; the scenario schema has
# seven. Only two distinctions change the empathy score: grieving (condolences become a critical
# check) and upset-or-not (cheerfulness and minimising are checked for upset customers).
ED_EMOTIONS = {
    **dict.fromkeys(("anxious", "afraid", "terrified", "apprehensive"), "anxious"),
    **dict.fromkeys(("angry", "furious"), "angry"),
    **dict.fromkeys(("annoyed", "disgusted", "disappointed", "jealous"), "frustrated"),
    **dict.fromkeys(("sad", "devastated", "embarrassed", "ashamed", "guilty", "lonely"), "vulnerable"),
    **dict.fromkeys(
        (
            "joyful",
            "excited",
            "proud",
            "grateful",
            "content",
            "hopeful",
            "confident",
            "impressed",
            "caring",
            "faithful",
            "trusting",
            "nostalgic",
            "prepared",
            "anticipating",
            "surprised",
            "sentimental",
        ),
        "neutral",
    ),
}
_CLOSE = (
    r"(mom|mum|mother|dad|father|parents?|wife|husband|partner|son|daughter|child|baby|brother|sister|"
    r"grand\w+|uncle|aunt|cousin|friend|boyfriend|girlfriend|dog|cat|pet|hamster)"
)
# Someone close died: not "I want to die" or "dead inside", which are common in mental-health posts.
BEREAVEMENT = re.compile(
    r"\bpassed away\b|\bfuneral\b|\bgrie(f|ve|ving)\b|\bbereave|\b(death|loss) of (my|our|his|her|a)\b|"
    rf"\b(my|our)\s+(\w+\s+){{0,2}}{_CLOSE}\b[^.!?]{{0,80}}?\b(died|dies|die|dying|death)\b|"
    rf"\blost (my|our) (\w+ ){{0,2}}{_CLOSE}\b",
    re.IGNORECASE,
)


@dataclass
class Item:
    corpus: str
    item_id: str
    turns: list[tuple[str, str]]  # (role, text): role is "customer" or "bot"
    label: str  # the emotion the corpus gives, or the corpus default
    emotion: str = ""  # the scenario emotion used for scoring
    ratings: dict[str, dict[str, float]] = field(default_factory=dict)  # rater -> dimension -> value
    score: float | None = None
    findings: list = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str]:
        return (self.corpus, self.item_id)

    def bot_text(self) -> list[str]:
        return [t for r, t in self.turns if r == "bot"]


def parse_conversation(text: str) -> list[tuple[str, str]]:
    """'Seeker: ...' / 'Supporter: ...' lines as (customer|bot, text); continuation lines join the turn."""
    turns: list[list[str]] = []
    for line in text.replace("_comma_", ",").splitlines():
        line = line.strip()
        if not line:
            continue
        said = re.match(r"(Seeker|Supporter)\s*:\s*(.*)", line)
        if said:
            turns.append(["customer" if said[1] == "Seeker" else "bot", said[2].strip()])
        elif turns:
            turns[-1][1] = (turns[-1][1] + " " + line).strip()
    return [(role, text) for role, text in turns if text]


def infer_emotion(item: Item, corpus: Corpus) -> str:
    """The corpus label mapped to a scenario emotion; grieving when the seeker mentions a death."""
    customer = " ".join(t for r, t in item.turns if r == "customer")
    if BEREAVEMENT.search(customer):
        return "grieving"
    if corpus.key == "empatheticdialogues":
        return ED_EMOTIONS.get(item.label, corpus.default_emotion)
    return corpus.default_emotion


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_corpus(data: Path, corpus: Corpus) -> list[Item]:
    items: dict[str, Item] = {}
    for row in read_rows(data / "original_data" / corpus.source):
        item_id = row[corpus.id_column]
        if item_id in items:  # EmpatheticDialogues repeats the conversation on every utterance row
            continue
        if corpus.key == "epitome":
            turns = [("customer", row["seeker_post"].strip()), ("bot", row["response_post"].strip())]
            label = corpus.default_emotion
        else:
            turns = parse_conversation(row["full_conversation"])
            label = row.get("context") or corpus.default_emotion
        items[item_id] = Item(corpus.key, item_id, turns, label)
    for rater in RATERS:
        for row in read_rows(data / "annotations" / corpus.key / f"{rater}_ratings.csv"):
            item = items.get(row[corpus.id_column])
            if item is None:
                continue
            try:
                item.ratings[rater] = {d: float(row[d]) for d in corpus.dimensions}
            except (KeyError, ValueError):  # a missing or blank rating: that rater is left out for the item
                pass
    for item in items.values():
        item.emotion = infer_emotion(item, corpus)
    return list(items.values())


def target(item: Item, corpus: Corpus, rater: str) -> float | None:
    dims = item.ratings.get(rater)
    return corpus.target(dims) if dims else None


def mean_of(item: Item, corpus: Corpus, raters: Sequence[str]) -> float | None:
    values = [v for r in raters if (v := target(item, corpus, r)) is not None]
    return statistics.fmean(values) if values else None


def expert_mean(item: Item, corpus: Corpus) -> float:
    value = mean_of(item, corpus, EXPERTS)
    if value is None:
        raise ValueError(f"{item.corpus} {item.item_id}: no expert rating")
    return value


def to_common(value: float, corpus: Corpus) -> float:
    """A corpus-scale value on the common 1..5 scale (linear)."""
    lo, hi = COMMON
    return lo + (hi - lo) * (value - corpus.low) / (corpus.high - corpus.low)


# --------------------------------------------------------------------------------------------------
# Scoring with supportbench


def synthetic_scenario(emotion: str, folder: Path) -> Scenario:
    """A small retail scenario: English chat, empathy expected, the given emotion. Validated like any file."""
    data = {
        "schema_version": 1,
        "id": f"retail.validation.empathy-{emotion}",
        "title": f"Replayed support conversation ({emotion} customer)",
        "language": "en",
        "channel": "chat",
        "domain": "retail",
        "category": "emotional",
        "difficulty": 3,
        "customer": {
            "persona": {"name": "Sam Seeker"},
            "emotion": emotion,
            "opening": "I need to talk to someone.",
            "patience": 10,
        },
        "world": {
            "today": "2026-03-10",
            "store": {"name": "Shop", "currency": "EUR", "return_window_days": 30},
            "customers": {"C1": {"name": "Sam Seeker", "email": "sam@example.com"}},
            "orders": {},
        },
        "expectations": {"empathy": "expected", "escalation": {"expect": "optional"}},
    }
    path = folder / f"{emotion}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    scenario, problems = check_file(path)
    if problems:
        raise SystemExit("synthetic scenario is invalid:\n" + "\n".join(map(str, problems)))
    return scenario


def to_transcript(item: Item, scenario: Scenario) -> Transcript:
    return Transcript(
        run_id="empathy-validation",
        bot=f"{item.corpus}-supporter",
        scenario_id=scenario.id,
        scenario_digest=scenario.digest,
        trial=0,
        seed=0,
        language=scenario.language,
        channel=scenario.channel,
        turns=[Turn(role, text) for role, text in item.turns],
        outcome=RESOLVED,
        final_state=dict(scenario.world),
    )


def score_items(items: list[Item]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        scenarios: dict[str, Scenario] = {}
        for item in items:
            if item.emotion not in scenarios:
                scenarios[item.emotion] = synthetic_scenario(item.emotion, Path(tmp))
            result = empathy.score(scenarios[item.emotion], to_transcript(item, scenarios[item.emotion]))
            item.score, item.findings = result.score, result.findings


def word_count(item: Item) -> float:
    """The baseline: how many words the supporter wrote."""
    return float(sum(len(t.split()) for t in item.bot_text()))


# --------------------------------------------------------------------------------------------------
# Pure helpers: split, rounding, cut points, agreement
