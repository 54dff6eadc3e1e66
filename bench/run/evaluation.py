"""One evaluation, end to end: run the bots on the scenarios, score each conversation as it ends,
write the run directory, and summarise it. The command line and the Python API both use this."""

from __future__ import annotations

import asyncio
import json
import secrets
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from bench.analysis import board
from bench.analysis.summary import summarise
from bench.bots import Contestant
from bench.core.scenario import Scenario
from bench.core.secrets import redact
from bench.core.transcript import Transcript
from bench.render import leaderboard
from bench.run import resume as resuming
from bench.run.keys import contestant_identity
from bench.run.runner import RunOptions, run_suite
from bench.rundir.files import LEADERBOARD, RECORD_ID, SUMMARY, write_document
from bench.rundir.lock import locked
from bench.rundir.manifest import build_manifest, write_manifest
from bench.rundir.manifest import suite_digest as digest_of
from bench.rundir.reader import read_scores
from bench.rundir.writer import RunWriter
from bench.scorers import score_transcript
from bench.scorers.weights import Weights


def new_run_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%d-%H%M%S-") + secrets.token_hex(2)


def suite_digest(scenarios: list[Scenario]) -> str:
    """The version of a set of scenarios (recorded in run.json, summary.json and leaderboards)."""
    return digest_of((s.id, s.digest) for s in scenarios)


def evaluate(
    contestants: list[Contestant],
    scenarios: list[Scenario],
    options: RunOptions,
    run_dir: Path,
    *,
    run_id: str | None = None,
    command: str = "supportbench run",
    on_conversation: Callable[[Transcript, dict], None] | None = None,
    weights: Weights | None = None,
    transcript_only: bool = False,
    on_leaderboard: Callable[[dict], None] | None = None,
    resume: bool = False,
    on_resume: Callable[[resuming.ResumePlan], None] | None = None,
) -> dict:
    """Run, score and summarise; returns the summary (also written to run_dir/summary.json). The
    run's leaderboard document (bench.analysis.board) is rendered to run_dir/leaderboard.md and handed
    to `on_leaderboard`.

    The run's manifest (run.json: bots, scenario versions, options) is written first. With
    `resume`, run_dir's run is continued instead: only the conversations missing or ended as
    `bot_error` are played and appended (one whose score a crash cut off is only scored);
    `bench.run.resume.ResumeError` is raised, before anything
    runs, when the bots, the scenario versions or the options differ from the run's. The plan
    (what is already done) is handed to `on_resume`."""
    run_id = run_id or run_dir.name
    by_id = {s.id: s for s in scenarios}
    document = build_manifest(
        run_id=run_id,
        command=command,
        bots={c.name: contestant_identity(c) for c in contestants},
        scenarios={s.id: s.digest for s in scenarios},
        trials=options.trials,
        seed=options.seed,
        resolution="transcript" if transcript_only else "tools",
        weights=(weights or Weights()).to_dict(),
    )
    with locked(run_dir):  # one writer per run directory, from the manifest to the summary
        done: set[str] = set()
        to_score: list[dict] = []
        if resume:
            plan = resuming.prepare(run_dir, document)
            run_id, done, to_score = plan.run_id, plan.done, plan.to_score
            if len(done) - len(to_score) < len(contestants) * len(scenarios) * options.trials:
                for stale in (SUMMARY, LEADERBOARD):  # until the run is whole again, it has no summary
                    (run_dir / stale).unlink(missing_ok=True)
            if on_resume:
                on_resume(plan)
        else:
            write_manifest(run_dir, document)
        with RunWriter(run_dir, lock=False) as writer:
            for record in to_score:  # its transcript is on disk: only its score record is written
                transcript = Transcript.from_dict({k: v for k, v in record.items() if k != RECORD_ID})
                card = score_transcript(
                    by_id[transcript.scenario_id], transcript, weights, transcript_only=transcript_only
                ).to_dict()
                writer.write_score(record[RECORD_ID], card)

            def finished(transcript: Transcript) -> None:
                card = score_and_write(writer, by_id[transcript.scenario_id], transcript, weights, transcript_only)
                if on_conversation:
                    on_conversation(transcript, card)

            asyncio.run(run_suite(contestants, scenarios, options, run_id, finished, skip=done))
        return write_summary(
            run_dir,
            run_id=run_id,
            scenarios=scenarios,
            options={
                "trials": options.trials,
                "seed": options.seed,
                "concurrency": options.concurrency,
                "turn_timeout": options.turn_timeout,
                "scenarios": len(scenarios),
                "bots": [c.name for c in contestants],
                "resolution": "transcript" if transcript_only else "tools",
            },
            weights=weights,
            command=command,
            on_leaderboard=on_leaderboard,
        )


def score_and_write(
    writer: RunWriter, scenario: Scenario, transcript: Transcript, weights: Weights | None, transcript_only: bool
) -> dict:
    """Score one finished conversation and append it and its scores to the run directory (run and replay)."""
    card = score_transcript(scenario, transcript, weights, transcript_only=transcript_only).to_dict()
    writer.write(transcript, card)
    return card


def write_summary(
    run_dir: Path,
    *,
    run_id: str,
    scenarios: list[Scenario],
    options: dict,
    weights: Weights | None,
    command: str,
    on_leaderboard: Callable[[dict], None] | None = None,
) -> dict:
    """Summarise the run directory's scores.jsonl into summary.json and leaderboard.md (run and replay);
    the run's leaderboard document is handed to `on_leaderboard` (the command line prints it)."""
    summary = summarise(
        read_scores(run_dir),
        run_id=run_id,
        suite_digest=suite_digest(scenarios),
        options=options,
        weights=(weights or Weights()).to_dict(),
    )
    summary["command"] = command
    write_document(run_dir / SUMMARY, redact(json.dumps(summary, indent=2, ensure_ascii=False)) + "\n")
    document = board.build([run_dir], command=command, scenarios=scenarios)
    title = f"supportbench leaderboard: run {run_id}"
    write_document(run_dir / LEADERBOARD, redact(leaderboard.markdown(document, title)))
    if on_leaderboard:
        on_leaderboard(document)
    return summary
