"""The one reader of a run directory. Every consumer (summary, leaderboard, compare, gate, HTML,
`show`, the pytest plugin, `--resume`) reads runs through here.

The files are append-only: a conversation played again by `run --resume` (it ended as `bot_error`,
or a crash cut its records) is appended, and the last record of each (bot, scenario, trial) wins,
so a resumed run reads like an uninterrupted one. A conversation is its transcript joined with its
score record: on their shared `record_id` (bench.rundir.writer), or, for records written before
record ids, on (bot, scenario, trial) when both files hold as many records of it.

Records are split on b"\\n" only (a reply may hold U+2028 or U+0085 unescaped in runs written
before every line was ASCII). A line that is not JSON is skipped and reported (`Run.damaged`, and
a warning logged), never a reason to refuse the whole directory."""

from __future__ import annotations

import json
import logging
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from bench.core.transcript import Transcript
from bench.rundir.files import MANIFEST, RECORD_ID, SCORES, SUMMARY, TRANSCRIPTS, RunDirError

SEVERITY_ORDER = {"critical": 0, "major": 1, "minor": 2}
_QUOTED = 200  # characters of a turn quoted with a failed finding
log = logging.getLogger(__name__)


def read_records(path: Path) -> tuple[list[dict], list[str]]:
    """Records of a JSONL file, and its damaged lines ("file: line N: why"). A last line without its
    newline was cut short by a crash: skipped, not damage."""
    lines = path.read_bytes().split(b"\n")
    records, damaged = [], []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line.decode("utf-8"))
        except ValueError as bad:  # JSONDecodeError or UnicodeDecodeError
            if number == len(lines):
                break
            why = bad.msg if isinstance(bad, json.JSONDecodeError) else "not UTF-8"
            damaged.append(f"{path}: line {number}: not valid JSON: {why}")
            continue
        if not isinstance(record, dict):
            damaged.append(f"{path}: line {number}: not a JSON object")
            continue
        records.append(record)
    return records, damaged


def read_jsonl(path: Path) -> list[dict]:
    """Records of a JSONL file; damaged lines are skipped (read_records says which)."""
    return read_records(path)[0]


def slot(record: dict) -> tuple:
    """What a conversation's records are superseded on: (bot, scenario id, trial)."""
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


@dataclass
class Joined:
    """A run's records paired: the last whole conversation of each slot, in the order written, and
    the halves without a partner in slots that have no whole conversation."""

    pairs: list[tuple[dict, dict]]
    unscored: list[dict]  # transcript records
    untold: list[dict]  # score records


def join(transcripts: list[dict], scores: list[dict]) -> Joined:
    """Pair transcript and score records. Records with a record id pair on it; older records pair on
    their slot, only when both files hold as many records of it (else a crash cut one, and the last
    transcript and the last score may be of different attempts). A pair supersedes earlier ones of
    its slot; records written with ids come after those without."""
    pairs: dict[tuple, tuple[dict, dict]] = {}
    old_t = [r for r in transcripts if RECORD_ID not in r]
    old_s = [r for r in scores if RECORD_ID not in r]
    counted_t, counted_s = Counter(map(slot, old_t)), Counter(map(slot, old_s))
    last_s = {slot(r): r for r in old_s}
    for record in latest(old_t):
        key = slot(record)
        if key in last_s and counted_t[key] == counted_s[key]:
            pairs[key] = (record, last_s[key])
    by_id = {r[RECORD_ID]: r for r in scores if RECORD_ID in r}
    for record in transcripts:
        card = by_id.get(record.get(RECORD_ID))
        if card is not None:
            pairs.pop(slot(record), None)
            pairs[slot(record)] = (record, card)
    paired_t = {id(t) for t, _ in pairs.values()}
    paired_s = {id(s) for _, s in pairs.values()}
    return Joined(
        list(pairs.values()),
        [r for r in latest([r for r in transcripts if id(r) not in paired_t]) if slot(r) not in pairs],
        [r for r in latest([r for r in scores if id(r) not in paired_s]) if slot(r) not in pairs],
    )


def _without_id(record: dict) -> dict:
    return {k: v for k, v in record.items() if k != RECORD_ID}


def _read(run_dir: Path) -> tuple[Joined, list[str]]:
    transcripts, damaged = read_records(run_dir / TRANSCRIPTS) if (run_dir / TRANSCRIPTS).is_file() else ([], [])
    scores, damaged_s = read_records(run_dir / SCORES) if (run_dir / SCORES).is_file() else ([], [])
    return join(transcripts, scores), damaged + damaged_s


def read_transcripts(run_dir: Path) -> list[Transcript]:
    """The run's conversations, the last record of each (with or without its score record)."""
    joined, _ = _read(run_dir)
    return [Transcript.from_dict(_without_id(t)) for t in [t for t, _ in joined.pairs] + joined.unscored]


def read_scores(run_dir: Path) -> list[dict]:
    """The run's score records, the last of each conversation (with or without its transcript)."""
    joined, _ = _read(run_dir)
    return [_without_id(s) for s in [s for _, s in joined.pairs] + joined.untold]


def read_joined(run_dir: Path) -> tuple[Joined, list[str]]:
    """For `--resume`: the run's records paired (what is whole, what lacks a partner), and the damaged lines."""
    return _read(run_dir)


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
    damaged: list[str] = field(default_factory=list)  # "file: line N: why" of each line skipped as not JSON

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
    without the two JSONL files reads as a Run with `has_records` False and no conversation. Damaged
    lines are skipped, listed in `Run.damaged` and logged as a warning."""
    path = Path(run_dir)
    if not path.is_dir():
        raise RunDirError(f"{path}: no such run directory")
    has_records = (path / TRANSCRIPTS).is_file() and (path / SCORES).is_file()
    if not has_records:
        return Run(str(run_dir), [], None, False)
    try:
        joined, damaged = _read(path)
        conversations = [
            Conversation(str(run_dir), Transcript.from_dict(_without_id(t)), _without_id(s)) for t, s in joined.pairs
        ]
        unscored = [Transcript.from_dict(_without_id(t)) for t in joined.unscored]
        summary = json.loads((path / SUMMARY).read_text(encoding="utf-8")) if (path / SUMMARY).is_file() else None
    except (OSError, ValueError, KeyError, TypeError) as bad:
        raise RunDirError(f"{path}: cannot read the run: {bad}") from None
    if damaged:
        log.warning("warning: %d damaged line(s) skipped in %s: %s", len(damaged), path, "; ".join(damaged))
    return Run(
        str(run_dir),
        conversations,
        summary,
        True,
        unscored=unscored,
        untold=sorted({slot(s) for s in joined.untold}, key=str),
        damaged=damaged,
    )
