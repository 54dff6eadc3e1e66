"""The run manifest (`run.json`), written when a run starts: its bots with their identities, its
options and every scenario's version. `--resume` must match it, and the gate reads what the run
planned from it."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from bench.core.secrets import redact_json
from bench.rundir.files import MANIFEST, write_document
from bench.rundir.lock import prepare_dir

MANIFEST_VERSION = 1
COMPARED = ("trials", "seed", "resolution", "weights")  # options a resume must keep


def suite_digest(pairs: Iterable[tuple[str, str]]) -> str:
    """The scenario set's version: a hash of every (scenario id, scenario digest)."""
    return hashlib.sha256("".join(sorted(i + d for i, d in pairs)).encode()).hexdigest()[:16]


def build_manifest(
    *,
    run_id: str,
    command: str,
    bots: dict[str, str],
    scenarios: dict[str, str],
    trials: int,
    seed: int,
    resolution: str,
    weights: dict,
) -> dict:
    """The run's identity: `bots` maps each name to its identity, `scenarios` each id to its digest."""
    return {
        "record": "run",
        "version": MANIFEST_VERSION,
        "run_id": run_id,
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": command,
        "bots": bots,
        "trials": trials,
        "seed": seed,
        "resolution": resolution,
        "weights": weights,
        "suite_digest": suite_digest(scenarios.items()),
        "scenarios": scenarios,
    }


def write_manifest(run_dir: Path, document: dict) -> None:
    """Write run.json; RunDirError naming the directory when it cannot be written (a file, read-only, full)."""
    prepare_dir(run_dir)
    text = redact_json(document, indent=2, ensure_ascii=False) + "\n"
    write_document(run_dir / MANIFEST, text)


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
    for option in COMPARED:
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
