"""The files of a run directory, the error that names one that cannot be read or written, and how
its documents (run.json, summary.json, leaderboard.md) are written."""

import os
from pathlib import Path

TRANSCRIPTS = "transcripts.jsonl"  # one conversation per line, appended as each ends
SCORES = "scores.jsonl"  # its score record, appended right after its transcript
SUMMARY = "summary.json"  # per bot aggregates, written when the run ends
LEADERBOARD = "leaderboard.md"  # the run's leaderboard, written with the summary
MANIFEST = "run.json"  # bots, options and scenario versions, written when the run starts
LOCK = "run.lock"  # held (flock) by the one process writing the run; holds its pid
RECORD_ID = "record_id"  # the same in a conversation's transcript and score records: what pairs them


class RunDirError(ValueError):
    """A directory that is not a run, or whose files cannot be read or written; the message names the path."""


def write_document(path: Path, text: str) -> None:
    """Write a whole document atomically (a temporary file renamed over it), so a kill never leaves
    half of one; RunDirError naming it when the disk refuses (read-only, full)."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        # a lone surrogate (only ever inside a JSON string) becomes its JSON escape, \\udXXX
        temporary.write_text(text, encoding="utf-8", errors="backslashreplace")
        os.replace(temporary, path)
    except OSError as bad:
        temporary.unlink(missing_ok=True)
        raise RunDirError(f"{path}: cannot write: {bad.strerror or bad}") from None
