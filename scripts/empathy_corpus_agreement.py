"""How far the empathy corpus's labellers agree, and what their scores say about each kind of reply.

    python scripts/empathy_corpus_agreement.py [validation/corpora/empathy]

For every pair of labellers who labelled the same items: quadratic-weighted Cohen's kappa on the
0-3 acknowledgement score, exact agreement, and agreement within one point, overall and per
language; then the mean label per writer's intended kind (a check of the items, not of the
labellers) and how often each flag was given by both labellers of an item."""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from itertools import combinations
from pathlib import Path
from statistics import mean

from sklearn.metrics import cohen_kappa_score
from tabulate import tabulate


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main(folder: Path) -> None:
    items = {i["id"]: i for path in sorted(folder.glob("items-*.jsonl")) for i in read_jsonl(path)}
    labels = {
        path.stem.removeprefix("labels-"): {r["id"]: r for r in read_jsonl(path)}
        for path in sorted(folder.glob("labels-*.jsonl"))
    }
    print(f"{len(items)} items; labellers: " + ", ".join(f"{k} ({len(v)})" for k, v in labels.items()))

    rows = []
    for a, b in combinations(sorted(labels), 2):
        shared = sorted(set(labels[a]) & set(labels[b]) & set(items))
        if not shared:
            continue
        for language in ("all", "en", "fr"):
            ids = [i for i in shared if language == "all" or items[i]["language"] == language]
            x = [labels[a][i]["acknowledgement"] for i in ids]
            y = [labels[b][i]["acknowledgement"] for i in ids]
            rows.append(
                [
                    f"{a} / {b}",
                    language,
                    len(ids),
                    f"{cohen_kappa_score(x, y, weights='quadratic'):.3f}",
                    f"{mean(p == q for p, q in zip(x, y, strict=True)):.2f}",
                    f"{mean(abs(p - q) <= 1 for p, q in zip(x, y, strict=True)):.2f}",
                ]
            )
    print("\n## Agreement on the acknowledgement score (0-3)\n")
    print(tabulate(rows, ["labellers", "language", "items", "quadratic kappa", "exact", "within 1"], "github"))

    by_kind: dict[str, list[float]] = defaultdict(list)
    for item_id, item in items.items():
        given = [v[item_id]["acknowledgement"] for v in labels.values() if item_id in v]
        if given:
            by_kind[item["kind"]].append(mean(given))
    print("\n## Mean label per intended kind\n")
    print(
        tabulate(
            [[k, len(v), f"{mean(v):.2f}"] for k, v in sorted(by_kind.items(), key=lambda kv: -mean(kv[1]))],
            ["kind", "items", "mean acknowledgement"],
            "github",
        )
    )

    flags: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # [given by one labeller, given by both]
    for item_id in items:
        sets = [set(v[item_id].get("flags", [])) for v in labels.values() if item_id in v]
        if len(sets) < 2:
            continue
        for flag in set().union(*sets):
            flags[flag][0] += 1
            flags[flag][1] += all(flag in s for s in sets)
    print("\n## Flags: items flagged by any labeller, and by all of an item's labellers\n")
    print(tabulate([[f, n, both] for f, (n, both) in sorted(flags.items())], ["flag", "any", "all"], "github"))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1] / "validation/corpora/empathy")
