"""Measure the scorers against the labelled set: precision and recall of each check's failures.

The labelled set (validation/labelled/<lang>/*.yaml) holds hand-written conversations attached to
library scenarios, each labelled per check by a person who read only docs/checks.md. Tool calls are
replayed against the scenario's world, so results and the final state are real. A check's verdict
on an item is `fail` when any of its findings failed, `pass` when it has findings and all passed, and
`absent` when it recorded nothing. For a watching check (bench.scorers.WATCHING: it records only
violations), a labelled `pass` means "nothing wrong" and counts as `absent`.

Items are split in two halves by a hash of their id: `dev` (read when improving a scorer) and
`held-out` (never read for that; the headline figures). Usage:

    python scripts/validate_scorers.py [--labelled validation/labelled] [--out reports/scorer-validation.md]
"""

from __future__ import annotations

import argparse
import sys
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml
from tabulate import tabulate

from bench.core.transcript import Transcript
from bench.run.replay import transcript_of
from bench.scorers import WATCHING, score_transcript
from bench.suite.load import load_scenarios

VERDICTS = ("pass", "fail", "absent")


@dataclass(frozen=True)
class Outcome:
    item: str
    language: str
    half: str
    check: str
    expected: str
    got: str


def half_of(item_id: str) -> str:
    """A fixed split: the same item is always in the same half, whatever else the set holds."""
    return "dev" if zlib.crc32(item_id.encode()) % 2 == 0 else "held-out"


def load_items(folder: Path) -> list[tuple[Path, dict]]:
    items = []
    for path in sorted(folder.rglob("*.yaml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            items.append((path, item))
    return items


def replay(item: dict, scenario) -> Transcript:
    """The item's conversation as a transcript, its tool calls run against the scenario's world
    (bench.run.replay's own replay of a recorded conversation, fed the item in that shape)."""
    turns = []
    for raw in item["turns"]:
        if "customer" in raw:
            turns.append({"role": "customer", "text": raw["customer"]})
            continue
        calls = [{"name": call["tool"], "arguments": call.get("args", {})} for call in raw.get("calls", [])]
        turns.append({"role": "bot", "text": raw["bot"], "tool_calls": calls, "handoff": raw.get("handoff")})
    return transcript_of(scenario, {"turns": turns, "outcome": item.get("outcome")}, "labelled", "labelled")


def verdicts(card) -> dict[str, str]:
    seen: dict[str, str] = {}
    for dimension in card.dimensions.values():
        for finding in dimension.findings:
            if not finding.passed:
                seen[finding.check] = "fail"
            else:
                seen.setdefault(finding.check, "pass")
    return seen


def evaluate(folder: Path) -> tuple[list[Outcome], list[str]]:
    scenarios = {s.id: s for s in load_scenarios()}
    outcomes: list[Outcome] = []
    problems: list[str] = []
    seen_ids: set[str] = set()
    for path, item in load_items(folder):
        where = f"{path}: {item.get('id', '?')}"
        if item.get("id") in seen_ids:
            problems.append(f"{where}: duplicate id")
            continue
        seen_ids.add(item.get("id"))
        scenario = scenarios.get(item.get("scenario"))
        if scenario is None:
            problems.append(f"{where}: unknown scenario {item.get('scenario')!r}")
            continue
        try:
            got = verdicts(score_transcript(scenario, replay(item, scenario)))
        except (KeyError, TypeError, ValueError) as bad:
            problems.append(f"{where}: cannot replay: {type(bad).__name__}: {bad}")
            continue
        for check, expected in item.get("labels", {}).items():
            if expected not in VERDICTS:
                problems.append(f"{where}: labels.{check}: {expected!r} is not one of {', '.join(VERDICTS)}")
                continue
            if check in WATCHING and expected == "pass":
                expected = "absent"  # a watching check records nothing when nothing is wrong
            outcomes.append(
                Outcome(item["id"], scenario.language, half_of(item["id"]), check, expected, got.get(check, "absent"))
            )
    return outcomes, problems


def table(outcomes: list[Outcome]) -> tuple[list[list], dict]:
    """Per check: counts, agreement, and precision/recall of detecting a failure."""
    by_check: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        by_check[o.check].append(o)
    rows = []
    total = Counter()
    for check in sorted(by_check):
        got = by_check[check]
        tp = sum(o.expected == "fail" and o.got == "fail" for o in got)
        fp = sum(o.expected != "fail" and o.got == "fail" for o in got)
        fn = sum(o.expected == "fail" and o.got != "fail" for o in got)
        agree = sum(o.expected == o.got for o in got)
        total.update(tp=tp, fp=fp, fn=fn, agree=agree, n=len(got))
        rows.append([check, len(got), tp + fn, _ratio(tp, tp + fp), _ratio(tp, tp + fn), _ratio(agree, len(got))])
    overall = {
        "labels": total["n"],
        "precision": _ratio(total["tp"], total["tp"] + total["fp"]),
        "recall": _ratio(total["tp"], total["tp"] + total["fn"]),
        "agreement": _ratio(total["agree"], total["n"]),
    }
    return rows, overall


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "n/a"


def disagreements(outcomes: list[Outcome], limit: int = 40) -> list[list[str]]:
    wrong = [o for o in outcomes if o.expected != o.got]
    return [[o.item, o.check, o.expected, o.got] for o in wrong[:limit]]


def report(outcomes: list[Outcome], problems: list[str], command: str) -> str:
    headers = ["check", "labels", "labelled fail", "precision", "recall", "agreement"]
    parts = ["# Scorers against the labelled set", "", f"Produced by `{command}`.", ""]
    items = {o.item for o in outcomes}
    langs = Counter(o.language for o in {(o.item, o.language): o for o in outcomes}.values())
    parts.append(
        f"{len(items)} labelled conversations ({', '.join(f'{k} {v}' for k, v in sorted(langs.items()))}), "
        f"{len(outcomes)} labelled verdicts. Precision and recall are those of detecting a failure "
        "(a labelled `fail`); agreement counts all three verdicts (pass, fail, absent)."
    )
    for name, subset in (
        ("Held-out half (never read to improve a scorer)", [o for o in outcomes if o.half == "held-out"]),
        ("Dev half", [o for o in outcomes if o.half == "dev"]),
        ("English, both halves", [o for o in outcomes if o.language == "en"]),
        ("French, both halves", [o for o in outcomes if o.language == "fr"]),
    ):
        rows, overall = table(subset)
        parts += ["", f"## {name}", "", tabulate(rows, headers, tablefmt="github", disable_numparse=True), ""]
        parts.append(
            f"Overall: {overall['labels']} verdicts, precision {overall['precision']}, recall {overall['recall']}, "
            f"agreement {overall['agreement']}."
        )
    held_out_wrong = disagreements([o for o in outcomes if o.half == "held-out"])
    if held_out_wrong:
        parts += [
            "",
            "## Held-out disagreements (first 40)",
            "",
            tabulate(held_out_wrong, ["item", "check", "label", "scorer"], tablefmt="github"),
        ]
    if problems:
        parts += ["", "## Items that could not be used", ""] + [f"- {p}" for p in problems]
    return "\n".join(parts) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labelled", type=Path, default=Path("validation/labelled"))
    parser.add_argument("--out", type=Path, default=Path("reports/scorer-validation.md"))
    args = parser.parse_args()
    outcomes, problems = evaluate(args.labelled)
    command = "python scripts/validate_scorers.py" + (
        f" --labelled {args.labelled}" if args.labelled != Path("validation/labelled") else ""
    )
    text = report(outcomes, problems, command)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
