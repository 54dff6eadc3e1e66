"""Run directories: `transcripts.jsonl` and `scores.jsonl`, appended and flushed to disk as each
conversation ends, so an interrupted run loses nothing that was finished."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import IO, Any

from bench.secrets import redact
from bench.transcript import Transcript

TRANSCRIPTS = "transcripts.jsonl"
SCORES = "scores.jsonl"
SUMMARY = "summary.json"
LEADERBOARD = "leaderboard.md"


class RunWriter:
    """Appends records to a run directory; use as a context manager."""

    def __init__(self, run_dir: Path):
        self.run_dir = run_dir
        run_dir.mkdir(parents=True, exist_ok=True)
        self._transcripts: IO[str] = open(run_dir / TRANSCRIPTS, "a", encoding="utf-8")
        self._scores: IO[str] = open(run_dir / SCORES, "a", encoding="utf-8")

    def write(self, transcript: Transcript, scores: dict) -> None:
        for stream, record in ((self._transcripts, transcript.to_dict()), (self._scores, scores)):
            stream.write(redact(json.dumps(record, ensure_ascii=False, default=str)) + "\n")
            stream.flush()
            os.fsync(stream.fileno())

    def close(self) -> None:
        self._transcripts.close()
        self._scores.close()

    def __enter__(self) -> RunWriter:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


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


def read_transcripts(run_dir: Path) -> list[Transcript]:
    return [Transcript.from_dict(r) for r in read_jsonl(run_dir / TRANSCRIPTS)]


def read_scores(run_dir: Path) -> list[dict]:
    return read_jsonl(run_dir / SCORES)
