"""The one writer of a run directory: `transcripts.jsonl` and `scores.jsonl`, appended and flushed to
disk as each conversation ends, so an interrupted run loses nothing that was finished.

Every line is pure ASCII JSON: any text a bot sends (lone surrogates, U+2028, U+0085, control
characters) is escaped, so a line always encodes and never splits. A conversation's transcript and
score records carry the same `record_id` (a digest of the score record): the reader pairs them on
it and ignores a half whose partner a crash (even SIGKILL between the two files) never wrote."""

from __future__ import annotations

import hashlib
import os
import queue
import re
import threading
from contextlib import ExitStack
from json.encoder import encode_basestring_ascii
from pathlib import Path
from typing import IO, Any

from bench.core.secrets import redact_json
from bench.core.transcript import Transcript
from bench.rundir.files import RECORD_ID, SCORES, TRANSCRIPTS, RunDirError
from bench.rundir.lock import locked

_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


class RunWriteError(RunDirError):
    """Records could not be encoded or written; the message names the directory and what is saved."""


def encode(record: dict) -> str:
    """One JSONL line, ASCII only. Secrets are redacted on the readable text, then what is not ASCII
    (only ever inside JSON strings) is escaped the way json.dumps(ensure_ascii=True) escapes it."""
    text = redact_json(record, ensure_ascii=False, default=str)
    return _NON_ASCII.sub(lambda found: encode_basestring_ascii(found.group())[1:-1], text)


class RunWriter:
    """Appends records to a run directory; use as a context manager. Holds the directory's lock
    (bench.rundir.lock) while open, unless `lock` is False because the caller holds it already.

    A background thread does the writing and syncing, so that a slow disk never stalls the
    conversations in flight: each batch of finished conversations is written and fsynced at once
    (group commit), and `close` (also on Ctrl-C) waits until every queued record is on disk. Any
    failure of that thread stops the writing; the next `write` and `close` raise RunWriteError."""

    def __init__(self, run_dir: Path, *, lock: bool = True):
        self.run_dir = run_dir
        self.written = 0  # conversations on disk
        self._resources = ExitStack()
        try:
            if lock:
                self._resources.enter_context(locked(run_dir))
            self._transcripts: IO[str] = self._resources.enter_context(self._open(TRANSCRIPTS))
            self._scores: IO[str] = self._resources.enter_context(self._open(SCORES))
        except BaseException:
            self._resources.close()
            raise
        self._queue: queue.Queue[tuple[str | None, str] | None] = queue.Queue()
        self._failure: BaseException | None = None
        self._thread = threading.Thread(target=self._drain, name="supportbench-writer", daemon=True)
        self._thread.start()

    def _open(self, name: str) -> IO[str]:
        try:
            return open(self.run_dir / name, "a", encoding="ascii")
        except OSError as bad:
            raise RunDirError(f"{self.run_dir / name}: cannot open for writing: {bad.strerror or bad}") from None

    def write(self, transcript: Transcript, scores: dict) -> None:
        """Queue one finished conversation (its transcript and its scores) for the disk."""
        self._raise_failure()
        try:
            # the score record's digest: it names the pair, and a conversation scored the same
            # (run, resume, replay) writes the same lines
            record_id = hashlib.sha256(encode(scores).encode("ascii")).hexdigest()[:20]
            lines = (encode({**transcript.to_dict(), RECORD_ID: record_id}), encode({**scores, RECORD_ID: record_id}))
        except (ValueError, TypeError) as bad:
            name = f"{transcript.bot}/{transcript.scenario_id} #{transcript.trial}"
            raise RunWriteError(f"{self.run_dir}: cannot encode the records of {name}: {bad}") from bad
        self._queue.put(lines)

    def write_score(self, record_id: str, scores: dict) -> None:
        """Queue the score record of a conversation whose transcript (`record_id`) is on disk alone."""
        self._raise_failure()
        try:
            line = encode({**scores, RECORD_ID: record_id})
        except (ValueError, TypeError) as bad:
            raise RunWriteError(f"{self.run_dir}: cannot encode a score record: {bad}") from bad
        self._queue.put((None, line))

    def _drain(self) -> None:
        done = False
        while not done:
            batch = [self._queue.get()]
            while not self._queue.empty():
                batch.append(self._queue.get_nowait())
            done = None in batch
            records = [r for r in batch if r is not None]
            if self._failure or not records:
                continue  # after a failure nothing more is written: the error is raised to the run
            try:
                for stream, lines in zip((self._transcripts, self._scores), zip(*records, strict=True), strict=True):
                    stream.write("".join(line + "\n" for line in lines if line is not None))
                    stream.flush()
                    os.fsync(stream.fileno())
                self.written += len(records)
            except Exception as failed:  # noqa: BLE001 - any failure, reported by the next write() and by close()
                self._failure = failed

    def _raise_failure(self) -> None:
        if self._failure is not None:
            failed = self._failure
            reason = failed.strerror if isinstance(failed, OSError) and failed.strerror else str(failed)
            raise RunWriteError(
                f"{self.run_dir}: cannot write records ({type(failed).__name__}: {reason}); the run stopped with "
                f"{self.written} finished conversation(s) saved there (`--resume {self.run_dir}` plays the rest "
                "once the cause is fixed)"
            ) from failed

    def close(self) -> None:
        """Wait until every queued record is on disk, then release the directory; RunWriteError when
        some could not be written."""
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()
        try:
            self._resources.close()
        except OSError as failed:  # flushing what a failed write left buffered fails again
            self._failure = self._failure or failed
        self._raise_failure()

    def __enter__(self) -> RunWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, traceback: Any) -> None:
        try:
            self.close()
        except RunWriteError:
            if not isinstance(error, RunWriteError):  # already on its way up
                raise


def repair_tail(path: Path) -> bool:
    """Cut a last line that a crash left unfinished (no reader counts it), so that appended records
    start on a line of their own. True when something was cut. RunDirError when it cannot."""
    try:
        return _repair_tail(path)
    except OSError as bad:
        raise RunDirError(f"{path}: cannot repair its last line: {bad.strerror or bad}") from None


def _repair_tail(path: Path) -> bool:
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
