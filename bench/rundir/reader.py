"""The one reader of a run directory. Every consumer (summary, leaderboard, compare, gate, HTML,
`show`, the pytest plugin, `--resume`) reads runs through here.

The files are append-only: a conversation played again by `run --resume` (it ended as `bot_error`,
or a crash cut its records) is appended, and the last record of each (bot, scenario, trial) wins,
so a resumed run reads like an uninterrupted one. A conversation is its transcript joined with its
score record on (bot, scenario, trial)."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from bench.core.transcript import Transcript
from bench.rundir.files import MANIFEST, SCORES, SUMMARY, TRANSCRIPTS

SEVERITY_ORDER = {"critical": 0, "major": 1, "minor": 2}
_QUOTED = 200  # characters of a turn quoted with a failed finding


class RunDirError(ValueError):
    """A directory that is not a run, or whose files cannot be read; the message names the path."""


def read_jsonl(path: Path) -> list[dict]:
    """Records of a JSONL file. A last line cut short by a crash is skipped; any other bad line
    is an error naming the file and line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    records = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError as bad:
            if number == len(lines):
                break
            raise ValueError(f"{path}: line {number}: not valid JSON: {bad.msg}") from None
    return records


def slot(record: dict) -> tuple:
    """What a conversation's records are joined and superseded on: (bot, scenario id, trial)."""
    return record.get("bot"), record.get("scenario_id"), record.get("trial")


def latest(records: list[dict]) -> list[dict]:
    """The last record of each conversation (bot, scenario, trial), in the order they were written:
    a record appended by a resume supersedes the earlier one (records without those fields are kept)."""
    kept: dict[Any, dict] = {}
    for number, record in enumerate(records):
        key = slot(record)
        key = number if None in key else key
        kept.pop(key, None)
        kept[key] = record
    return list(kept.values())


def read_transcripts(run_dir: Path) -> list[Transcript]:
    """The run's conversations, the last record of each."""
    return [Transcript.from_dict(r) for r in latest(read_jsonl(run_dir / TRANSCRIPTS))]


def read_scores(run_dir: Path) -> list[dict]:
    """The run's score records, the last of each conversation."""
    return latest(read_jsonl(run_dir / SCORES))


def record_counts(run_dir: Path) -> tuple[Counter, Counter, dict[tuple, dict]]:
    """For `--resume`: how many transcript and score records each (bot, scenario, trial) has on disk
    (superseded ones included), and the last transcript record of each."""
    transcripts = read_jsonl(run_dir / TRANSCRIPTS) if (run_dir / TRANSCRIPTS).is_file() else []
    scores = read_jsonl(run_dir / SCORES) if (run_dir / SCORES).is_file() else []
    return Counter(map(slot, transcripts)), Counter(map(slot, scores)), {slot(r): r for r in transcripts}


@dataclass(frozen=True)
class Conversation:
    """One finished conversation: its transcript and its score record (scores.jsonl)."""

    run: str  # the run directory, as it was given
    transcript: Transcript
    card: dict

    @property
    def scenario_id(self) -> str:
        return self.transcript.scenario_id

    @property
    def bot(self) -> str:
        return self.transcript.bot

    @property
    def trial(self) -> int:
        return self.transcript.trial

    def failed_findings(self, critical_only: bool = False) -> list[dict]:
        """The failed findings, most severe first, each with its dimension, its turn (0-based index;
        None for the whole conversation), who spoke there, what was said and the quoted evidence."""
        turns = self.transcript.turns
        out = []
        for dimension, score in self.card["dimensions"].items():
            for f in score["findings"]:
                if f["passed"] or (critical_only and f["severity"] != "critical"):
                    continue
                turn = f.get("turn")
                said = turns[turn] if isinstance(turn, int) and 0 <= turn < len(turns) else None
                out.append(
                    {
                        "dimension": dimension,
                        "check": f["check"],
                        "severity": f["severity"],
                        "message": f["message"],
                        "turn": turn if said else None,
                        "role": said.role if said else None,
                        "text": said.text[:_QUOTED] if said else None,
                        "evidence": f.get("evidence", "") or "",
                    }
                )
        return sorted(out, key=lambda f: SEVERITY_ORDER.get(f["severity"], 3))


@dataclass
class Run:
    """A run directory as read: its conversations (the last record of each, joined), the records
    that have no partner (a crash between the two writes), its summary and its manifest."""

    path: str
    conversations: list[Conversation]
    summary: dict | None
    has_records: bool  # both JSONL files exist
    unscored: list[Transcript] = field(default_factory=list)  # a transcript without its score record
    untold: list[tuple] = field(default_factory=list)  # (bot, scenario, trial) of a score record without transcript

    @cached_property
    def bots(self) -> list[str]:
        return sorted({c.bot for c in self.conversations})

    def of(self, bot: str) -> list[Conversation]:
        return [c for c in self.conversations if c.bot == bot]

    def trials(self, bot: str) -> int:
        counts = Counter(c.scenario_id for c in self.of(bot))
        return max(counts.values()) if counts else 0

    @property
    def weights(self) -> dict | None:
        return (self.summary or {}).get("weights")

    @property
    def transcript_only(self) -> bool:
        return ((self.summary or {}).get("options") or {}).get("resolution") == "transcript"

    @property
    def started(self) -> bool:
        """Whether `supportbench run` started here (it writes run.json first)."""
        return (Path(self.path) / MANIFEST).is_file()

    @cached_property
    def manifest(self) -> dict | None:
        """run.json (bench.rundir.manifest), or None when the run has none."""
        path = Path(self.path) / MANIFEST
        if not path.is_file():
            return None
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as bad:
            raise RunDirError(f"{path}: cannot read the run manifest: {bad}") from None
        return document if isinstance(document, dict) else None


def read_run(run_dir: Path | str) -> Run:
    """Read a run directory. RunDirError when it does not exist or a file cannot be read; a directory
    without the two JSONL files reads as a Run with `has_records` False and no conversation."""
    path = Path(run_dir)
    if not path.is_dir():
        raise RunDirError(f"{path}: no such run directory")
    has_records = (path / TRANSCRIPTS).is_file() and (path / SCORES).is_file()
    if not has_records:
        return Run(str(run_dir), [], None, False)
    try:
        transcripts = read_transcripts(path)
        cards = {slot(c): c for c in read_scores(path)}
        summary = json.loads((path / SUMMARY).read_text(encoding="utf-8")) if (path / SUMMARY).is_file() else None
    except (OSError, ValueError, KeyError, TypeError) as bad:
        raise RunDirError(f"{path}: cannot read the run: {bad}") from None
    told = {(t.bot, t.scenario_id, t.trial) for t in transcripts}
    conversations = [
        Conversation(str(run_dir), t, cards[(t.bot, t.scenario_id, t.trial)])
        for t in transcripts
        if (t.bot, t.scenario_id, t.trial) in cards
    ]
    return Run(
        str(run_dir),
        conversations,
        summary,
        True,
        unscored=[t for t in transcripts if (t.bot, t.scenario_id, t.trial) not in cards],
        untold=sorted(set(cards) - told, key=str),
    )
