"""Resumable runs: what keys a finished conversation, the run manifest (`run.json`) written when a
run starts, and what `supportbench run --resume RUN_DIR` still has to play.

A finished conversation is keyed by (bot identity, scenario id and digest, trial, seed). The bot
identity is a hash of the spec (`builtin:careful`, `mypkg.bot:Bot`) or, for a bot config file, of
its content with `${VAR}` references left unresolved, so a rotated secret keeps the identity and no
secret ever reaches a record. Each trial has its own key: a repeated trial is never served from an
earlier one. The run directory stays append-only; a conversation played again (it ended as
`bot_error`, or its records were cut by a crash) is appended, and readers keep the last record of
each (bot, scenario, trial) (bench.rundir.records)."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import yaml

from bench.core.secrets import redact

MANIFEST = "run.json"
MANIFEST_VERSION = 1
_COMPARED = ("trials", "seed", "resolution", "weights")


class ResumeError(ValueError):
    """The run directory cannot be resumed with these bots, scenarios or options; the message says why."""


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def bot_identity(spec: str) -> str:
    """The identity of the bot a --bot spec names: for a bot config file, a hash of its content as
    written (parsed, so comments and layout do not count; `${VAR}` references unresolved); for
    `builtin:NAME`, `module:attr` and `file.py:attr`, a hash of the spec itself."""
    path = Path(spec)
    if spec.endswith((".yaml", ".yml")) and path.is_file():
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError):
            data = None
        if data is not None:
            return _hash("config:" + json.dumps(data, sort_keys=True, ensure_ascii=False, default=str))
    return _hash("spec:" + spec)


def contestant_identity(contestant) -> str:
    """A loaded bot's identity (a Contestant built by hand, without load_bot, is known by its name)."""
    return getattr(contestant, "identity", "") or _hash("name:" + contestant.name)


def conversation_key(identity: str, scenario_id: str, digest: str, trial: int, seed: int) -> str:
    """What a finished conversation is cached under: readable, and stored in its transcript record."""
    return f"{identity}/{scenario_id}@{digest}/{trial}/{seed}"


def manifest(contestants, scenarios, options, *, run_id: str, resolution: str, weights: dict, command: str) -> dict:
    """The run's identity, written to run.json when it starts: what a resume must match."""
    from bench.run.evaluation import suite_digest  # late: bench.run.evaluation imports this module

    return {
        "record": "run",
        "version": MANIFEST_VERSION,
        "run_id": run_id,
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": command,
        "bots": {c.name: contestant_identity(c) for c in contestants},
        "trials": options.trials,
        "seed": options.seed,
        "resolution": resolution,
        "weights": weights,
        "suite_digest": suite_digest(scenarios),
        "scenarios": {s.id: s.digest for s in scenarios},
    }


def write_manifest(run_dir: Path, document: dict) -> None:
    run_dir.mkdir(parents=True, exist_ok=True)
    text = redact(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"
    (run_dir / MANIFEST).write_text(text, encoding="utf-8")


def differences(started: dict, now: dict) -> list[str]:
    """Why a run started as `started` cannot be continued as `now` (empty when it can)."""
    found = []
    old_bots, new_bots = started.get("bots", {}), now["bots"]
    for name in sorted(set(old_bots) | set(new_bots)):
        if name not in new_bots:
            found.append(f"bot {name} is in the run but not given now")
        elif name not in old_bots:
            found.append(f"bot {name} is not in the run")
        elif old_bots[name] != new_bots[name]:
            found.append(f"bot {name} has changed (its spec or config file differs)")
    for option in _COMPARED:
        if started.get(option) != now[option]:
            if option == "weights":
                found.append("weights: not the run's (--weights)")
            else:
                found.append(f"{option}: {started.get(option)} in the run, {now[option]} now (--{option})")
    if started.get("suite_digest") != now["suite_digest"]:
        old, new = started.get("scenarios", {}), now["scenarios"]
        changed = sorted(i for i in set(old) & set(new) if old[i] != new[i])
        for label, ids in (
            ("changed since the run started", changed),
            ("not in the run", sorted(set(new) - set(old))),
            ("in the run but not selected now", sorted(set(old) - set(new))),
        ):
            if ids:
                more = f" and {len(ids) - 5} more" if len(ids) > 5 else ""
                found.append(f"scenarios {label}: {', '.join(ids[:5])}{more}")
        if not (changed or set(new) ^ set(old)):
            found.append("the scenario set differs")
    return found


@dataclass
class ResumePlan:
    """What a resume found: the run's id, the keys already finished, what was repaired."""

    run_id: str
    done: set[str] = field(default_factory=set)
    to_redo: int = 0  # conversations recorded but to be played again (bot_error, or records cut short)
    fresh: bool = False  # nothing to resume: a new run starts in the directory
    repaired: list[str] = field(default_factory=list)


def prepare(run_dir: Path, document: dict) -> ResumePlan:
    """Check that `run_dir` can be continued as the run `document` describes, and say what is done.
    A directory without a run starts a new one there (so a CI job can always pass --resume). Raises
    ResumeError, before anything runs, when the bots, the scenario versions or the options differ."""
    from bench.rundir.records import SCORES, TRANSCRIPTS, read_jsonl

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
        if _repair_tail(run_dir / name):
            plan.repaired.append(name)
    transcripts = read_jsonl(run_dir / TRANSCRIPTS) if (run_dir / TRANSCRIPTS).is_file() else []
    scores = read_jsonl(run_dir / SCORES) if (run_dir / SCORES).is_file() else []
    # Both records of a conversation are appended together, its transcript first: a conversation is
    # finished when its last transcript has its score record, i.e. when the counts agree.
    scored = Counter((r.get("bot"), r.get("scenario_id"), r.get("trial")) for r in scores)
    written = Counter((r.get("bot"), r.get("scenario_id"), r.get("trial")) for r in transcripts)
    last = {(r.get("bot"), r.get("scenario_id"), r.get("trial")): r for r in transcripts}
    for triple, record in last.items():
        if record.get("key") and record.get("outcome") != "bot_error" and scored[triple] == written[triple]:
            plan.done.add(record["key"])
        else:
            plan.to_redo += 1
    return plan


def _repair_tail(path: Path) -> bool:
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
