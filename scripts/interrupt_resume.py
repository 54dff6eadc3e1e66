"""Stop runs at random moments and resume them: does every run end with the summary of an
uninterrupted run, without playing a finished conversation twice?

    python scripts/interrupt_resume.py [--rounds 20] [--seed 1] [--domain retail]

Each round starts `supportbench run` on one domain with two reference bots, sends SIGKILL, SIGTERM
or SIGINT after a random delay (sometimes twice, on the resumed run too), then resumes until the run
is whole. It compares the summary's scores with an uninterrupted run's and counts conversations
whose records appear more than once although the first had finished (bot errors are played again
by design and are not counted). Prints one line per round and a table at the end."""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BOTS = ["builtin:careful", "builtin:gatekeeper"]
SIGNALS = {"SIGKILL": signal.SIGKILL, "SIGTERM": signal.SIGTERM, "SIGINT": signal.SIGINT}


def command(out: Path, domain: str, resume: bool) -> list[str]:
    words = [sys.executable, "-m", "bench.cli", "run", "--domain", domain, "--trials", "2", "-q"]
    for bot in BOTS:
        words += ["--bot", bot]
    return words + (["--resume", str(out)] if resume else ["--out", str(out)])


def start(words: list[str]) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        words,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def records(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    out = []
    for line in path.read_bytes().split(b"\n"):
        try:
            out.append(json.loads(line))
        except ValueError:
            continue  # a line cut by SIGKILL
    return out


def scores_of(summary: dict) -> str:
    """What must not change with interruptions: every bot's scores (not timings or the run's id)."""
    keep = {}
    for name, bot in summary.get("bots", {}).items():
        keep[name] = {k: v for k, v in bot.items() if "latency" not in k and "duration" not in k}
    return json.dumps(keep, sort_keys=True)


def replayed(out: Path) -> int:
    """Conversations recorded more than once although the earlier record had finished normally."""
    seen: Counter = Counter()
    finished_before: set = set()
    twice = 0
    for record in records(out / "transcripts.jsonl"):
        key = (record.get("bot"), record.get("scenario_id"), record.get("trial"))
        if key in finished_before:
            twice += 1
        seen[key] += 1
        if record.get("outcome") != "bot_error":
            finished_before.add(key)
    return twice


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--domain", default="retail")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="interrupt-resume-"))

    reference = work / "reference"
    began = time.monotonic()
    subprocess.run(
        command(reference, args.domain, False),
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=True,
        stdout=subprocess.DEVNULL,
    )
    full = time.monotonic() - began
    expected = scores_of(json.loads((reference / "summary.json").read_text(encoding="utf-8")))

    rows = Counter()
    for round_ in range(args.rounds):
        out = work / f"round-{round_}"
        stops, tracebacks, resumes = [], 0, 0
        process = start(command(out, args.domain, False))
        for attempt in range(3):
            name = rng.choice(list(SIGNALS))
            time.sleep(rng.uniform(0.2, full * 0.8))
            if process.poll() is None:
                process.send_signal(SIGNALS[name])
                stops.append(name)
            _, err = process.communicate(timeout=600)
            tracebacks += "Traceback" in err
            if (out / "summary.json").is_file():
                break
            process = start(command(out, args.domain, True))
            resumes += 1
            if attempt == 2:
                _, err = process.communicate(timeout=600)
                tracebacks += "Traceback" in err
        while not (out / "summary.json").is_file() and resumes < 6:
            done = subprocess.run(
                command(out, args.domain, True),
                env={**os.environ, "PYTHONPATH": str(ROOT)},
                capture_output=True,
                text=True,
            )
            tracebacks += "Traceback" in done.stderr
            resumes += 1
        summary = out / "summary.json"
        same = summary.is_file() and scores_of(json.loads(summary.read_text(encoding="utf-8"))) == expected
        twice = replayed(out)
        print(
            f"round {round_:2}: stops {'+'.join(stops) or 'none':24} resumes {resumes} "
            f"same summary {same!s:5} replayed {twice} tracebacks {tracebacks}"
        )
        rows["rounds"] += 1
        rows["stops"] += len(stops)
        rows["same summary"] += same
        rows["replayed conversations"] += twice
        rows["tracebacks"] += tracebacks
    print()
    print("| rounds | stops sent | same summary as uninterrupted | finished conversations replayed | tracebacks |")
    print("|---|---|---|---|---|")
    print(
        f"| {rows['rounds']} | {rows['stops']} | {rows['same summary']} | {rows['replayed conversations']} "
        f"| {rows['tracebacks']} |"
    )
    return 0 if rows["same summary"] == rows["rounds"] and not rows["replayed conversations"] else 1


if __name__ == "__main__":
    sys.exit(main())
