"""The files of a run directory."""

TRANSCRIPTS = "transcripts.jsonl"  # one conversation per line, appended as each ends
SCORES = "scores.jsonl"  # its score record, appended right after its transcript
SUMMARY = "summary.json"  # per bot aggregates, written when the run ends
LEADERBOARD = "leaderboard.md"  # the run's leaderboard, written with the summary
MANIFEST = "run.json"  # bots, options and scenario versions, written when the run starts
