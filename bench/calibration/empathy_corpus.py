"""The project's own empathy corpus (validation/corpora/empathy): support-bot replies in context,
each with two or more independent acknowledgement labels, and translations of the training part
into the other language (`translated-*.jsonl`), which carry the labels of their originals. The one
reader of its files, for the training script, the agreement script and the tests."""

from __future__ import annotations

import json
import statistics
from dataclasses import dataclass, field
from pathlib import Path

FOLDER = Path(__file__).resolve().parents[2] / "validation" / "corpora" / "empathy"
HELD_OUT_WRITERS = ("w4",)  # never trained or tuned on: the corpus's test part (one writer, one domain)


@dataclass(frozen=True)
class CorpusItem:
    id: str
    language: str
    domain: str
    emotion: str
    context: tuple[tuple[str, str], ...]  # (role, text), oldest first, ending with the customer
    reply: str
    kind: str
    labels: tuple[int, ...] = field(default=())  # acknowledgement 0-3, one per labeller
    translation_of: str | None = None  # the original's id, for a translated item (labels are its)

    @property
    def writer(self) -> str:
        return self.id.split("-")[1]

    @property
    def held_out(self) -> bool:
        return self.writer in HELD_OUT_WRITERS

    @property
    def customer(self) -> str:
        """The customer's words since the bot last spoke: what the reply answers."""
        said: list[str] = []
        for role, text in reversed(self.context):
            if role != "customer":
                break
            said.insert(0, text)
        return "\n".join(said)

    @property
    def earlier(self) -> list[str]:
        """The bot's earlier replies in the context."""
        return [text for role, text in self.context if role == "bot"]

    @property
    def label(self) -> float:
        """Mean acknowledgement label, 0-3."""
        return statistics.fmean(self.labels)


def read_jsonl(path: Path) -> list[dict]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as error:
                raise ValueError(f"{path}:{number}: not JSON: {error.msg}") from None
    return rows


def load(folder: Path = FOLDER, *, translations: bool = False) -> list[CorpusItem]:
    """Every item with its labels, in file order; with `translations`, the translated items after
    them. Items nobody labelled are left out."""
    labels: dict[str, list[int]] = {}
    for path in sorted(folder.glob("labels-*.jsonl")):
        for row in read_jsonl(path):
            labels.setdefault(row["id"], []).append(int(row["acknowledgement"]))
    items = []
    for path in sorted(folder.glob("items-*.jsonl")):
        for row in read_jsonl(path):
            if row["id"] in labels:
                items.append(
                    CorpusItem(
                        id=row["id"],
                        language=row["language"],
                        domain=row["domain"],
                        emotion=row["emotion"],
                        context=tuple((t["role"], t["text"]) for t in row["context"]),
                        reply=row["reply"],
                        kind=row["kind"],
                        labels=tuple(labels[row["id"]]),
                    )
                )
    if translations:
        items += _translated(folder, {i.id: i for i in items})
    return items


def _translated(folder: Path, originals: dict[str, CorpusItem]) -> list[CorpusItem]:
    out = []
    for path in sorted(folder.glob("translated-*.jsonl")):
        for number, row in enumerate(read_jsonl(path), 1):
            source = originals.get(row.get("translation_of", ""))
            if source is None:
                raise ValueError(
                    f"{path}:{number}: translation_of names no labelled item ({row.get('translation_of')!r})"
                )
            out.append(
                CorpusItem(
                    id=row["id"],
                    language=row["language"],
                    domain=source.domain,
                    emotion=source.emotion,
                    context=tuple((t["role"], t["text"]) for t in row["context"]),
                    reply=row["reply"],
                    kind=source.kind,
                    labels=source.labels,
                    translation_of=source.id,
                )
            )
    return out
