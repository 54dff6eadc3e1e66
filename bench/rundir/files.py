"""The files of a run directory, and the error that names one that cannot be read or written."""

TRANSCRIPTS = "transcripts.jsonl"  # one conversation per line, appended as each ends
SCORES = "scores.jsonl"  # its score record, appended right after its transcript
SUMMARY = "summary.json"  # per bot aggregates, written when the run ends
LEADERBOARD = "leaderboard.md"  # the run's leaderboard, written with the summary
MANIFEST = "run.json"  # bots, options and scenario versions, written when the run starts
LOCK = "run.lock"  # held (flock) by the one process writing the run; holds its pid
RECORD_ID = "record_id"  # the same in a conversation's transcript and score records: what pairs them


class RunDirError(ValueError):
    """A directory that is not a run, or whose files cannot be read or written; the message names the path."""
