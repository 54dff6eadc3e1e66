"""Run directories: `transcripts.jsonl` and `scores.jsonl`, appended and flushed to disk as each
conversation ends, so an interrupted run loses nothing that was finished.

The files are append-only: a conversation played again by `run --resume` (it ended as `bot_error`,
or a crash cut its records) is appended, and the readers keep the last record of each (bot,
scenario, trial), so a resumed run reads like an uninterrupted one."""

from __future__ import annotations

import json
import os
import queue
import threading
from pathlib import Path
from typing import IO, Any

from bench.core.secrets import redact
from bench.core.transcript import Transcript

TRANSCRIPTS = "transcripts.jsonl"
SCORES = "scores.jsonl"
SUMMARY = "summary.json"
LEADERBOARD = "leaderboard.md"


class RunWriter:
    """Appends records to a run directory; use as a context manager.

    A background thread does the writing and syncing, so that a slow disk never stalls the
    conversations in flight: each batch of finished conversations is written and fsynced at once
    (group commit), and `close` (also on Ctrl-C) waits until every queued record is on disk."""

    def __init__(self, run_dir: Path):
        self.run_dir = run_dir
        run_dir.mkdir(parents=True, exist_ok=True)
        self._transcripts: IO[str] = open(run_dir / TRANSCRIPTS, "a", encoding="utf-8")
        self._scores: IO[str] = open(run_dir / SCORES, "a", encoding="utf-8")
        self._queue: queue.Queue[tuple[str, str] | None] = queue.Queue()
        self._failure: BaseException | None = None
        self._thread = threading.Thread(target=self._drain, name="supportbench-writer", daemon=True)
        self._thread.start()

    def write(self, transcript: Transcript, scores: dict) -> None:
        """Queue one finished conversation (its transcript and its scores) for the disk."""
        if self._failure:
            raise OSError(f"{self.run_dir}: cannot write records: {self._failure}") from self._failure
        line = redact(json.dumps(transcript.to_dict(), ensure_ascii=False, default=str))
        self._queue.put((line, redact(json.dumps(scores, ensure_ascii=False, default=str))))

    def _drain(self) -> None:
        done = False
        while not done:
            batch = [self._queue.get()]
            while not self._queue.empty():
                batch.append(self._queue.get_nowait())
            done = None in batch
            records = [r for r in batch if r is not None]
            try:
                for stream, lines in (
                    (self._transcripts, [t for t, _ in records]),
                    (self._scores, [s for _, s in records]),
                ):
                    if lines:
                        stream.write("".join(line + "\n" for line in lines))
                        stream.flush()
                        os.fsync(stream.fileno())
            except OSError as failed:  # reported by the next write() and by close()
                self._failure = failed

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join()
        self._transcripts.close()
        self._scores.close()
        if self._failure:
            raise OSError(f"{self.run_dir}: cannot write records: {self._failure}") from self._failure

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


def latest(records: list[dict]) -> list[dict]:
    """The last record of each conversation (bot, scenario, trial), in the order they were written:
    a record appended by a resume supersedes the earlier one (records without those fields are kept)."""
    kept: dict[Any, dict] = {}
    for number, record in enumerate(records):
        key = (record.get("bot"), record.get("scenario_id"), record.get("trial"))
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
