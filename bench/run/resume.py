"""What `supportbench run --resume RUN_DIR` still has to play.

The run directory stays append-only; a conversation played again (it ended as `bot_error`, or its
records were cut by a crash) is appended, and readers keep the last record of each (bot, scenario,
trial) (bench.rundir.reader). A conversation is done only when both its transcript and its score
record are on disk; a transcript whose score a crash cut off is scored again from the transcript (the
bot is not called), and one written before record ids is played again once, then superseded. The run's
manifest (bench.rundir.manifest) says what the run is; a resume with other bots, scenario versions
or options is refused before anything runs. The caller holds the directory's lock (bench.rundir.lock)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from bench.rundir.files import MANIFEST, RECORD_ID, SCORES, TRANSCRIPTS
from bench.rundir.manifest import differences, write_manifest
from bench.rundir.reader import read_joined
from bench.rundir.writer import repair_tail


class ResumeError(ValueError):
    """The run directory cannot be resumed with these bots, scenarios or options; the message says why."""


@dataclass
class ResumePlan:
    """What a resume found: the run's id, the keys already finished, what was repaired."""

    run_id: str
    done: set[str] = field(default_factory=set)
    to_redo: int = 0  # conversations recorded but to be played again (bot_error, or records cut short)
    fresh: bool = False  # nothing to resume: a new run starts in the directory
    repaired: list[str] = field(default_factory=list)
    damaged: list[str] = field(default_factory=list)  # lines skipped as not JSON (bench.rundir.reader)
    to_score: list[dict] = field(default_factory=list)  # transcript records whose score a crash cut off


def prepare(run_dir: Path, document: dict) -> ResumePlan:
    """Check that `run_dir` can be continued as the run `document` (its manifest) describes, and say
    what is done. A directory without a run starts a new one there (so a CI job can always pass
    --resume). Raises ResumeError, before anything runs, when the bots, the scenario versions or the
    options differ."""
    path = run_dir / MANIFEST
    has_records = any((run_dir / f).is_file() and (run_dir / f).stat().st_size for f in (TRANSCRIPTS, SCORES))
    if not path.is_file():
        if has_records:
            raise ResumeError(
                f"{run_dir} has no {MANIFEST}: it was not written by `supportbench run` with resume support "
                "(or by replay), so what it holds cannot be checked; start a new run instead"
            )
        write_manifest(run_dir, document)
        return ResumePlan(document["run_id"], fresh=True)
    try:
        started = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as bad:
        raise ResumeError(f"{path}: cannot read the run manifest: {bad}") from None
    if not isinstance(started, dict) or started.get("record") != "run":
        raise ResumeError(f"{path}: not a supportbench run manifest")
    problems = differences(started, document)
    if problems:
        command = started.get("command")
        raise ResumeError(
            f"cannot resume {run_dir}: it was started with other bots, scenarios or options:\n"
            + "".join(f"  - {p}\n" for p in problems)
            + (f"The run was started with: {command}" if command else "").rstrip()
        )
    plan = ResumePlan(started.get("run_id") or document["run_id"])
    for name in (TRANSCRIPTS, SCORES):
        if repair_tail(run_dir / name):
            plan.repaired.append(name)
    joined, plan.damaged = read_joined(run_dir)
    for record, _ in joined.pairs:
        if record.get("key") and record.get("outcome") != "bot_error":
            plan.done.add(record["key"])
        else:
            plan.to_redo += 1
    for record in joined.unscored:  # a crash between its two records
        if record.get(RECORD_ID) and record.get("key") and record.get("outcome") != "bot_error":
            plan.done.add(record["key"])  # scored from its transcript, not played again
            plan.to_score.append(record)
        else:
            plan.to_redo += 1  # written before record ids: played again, once
    return plan
