"""The one writer of a run directory: `transcripts.jsonl` and `scores.jsonl`, appended and flushed to
disk as each conversation ends, so an interrupted run loses nothing that was finished."""

from __future__ import annotations

import json
import os
import queue
import threading
from pathlib import Path
from typing import IO, Any

from bench.core.secrets import redact
from bench.core.transcript import Transcript
from bench.rundir.files import SCORES, TRANSCRIPTS


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


def repair_tail(path: Path) -> bool:
    """Cut a last line that a crash left unfinished (no reader counts it), so that appended records
    start on a line of their own. True when something was cut."""
    if not path.is_file():
        return False
    with open(path, "rb+") as stream:
        size = stream.seek(0, 2)
        if size == 0:
            return False
        stream.seek(size - 1)
        if stream.read(1) == b"\n":
            return False
        keep, position = 0, size
        while position > 0:  # find the last newline, reading backwards in blocks
            start = max(0, position - 65536)
            stream.seek(start)
            block = stream.read(position - start)
            cut = block.rfind(b"\n")
            if cut >= 0:
                keep = start + cut + 1
                break
            position = start
        stream.truncate(keep)
    return True
