"""How well the runner overlaps slow bots: conversations against the example HTTP bot with an
artificial latency per reply, at several concurrency levels.

For each level it reports the wall time, the ideal (bot turns x latency / concurrency: what a
harness with no overhead would take), the share of ideal reached, and the harness's own CPU time per
turn (the bot runs in another process, so its time is not counted). Usage:

    python scripts/bench_concurrency.py [--conversations 1000] [--latency 0.1] [--levels 1,16,64,256]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tabulate import tabulate

from bench.bots import load_bot
from bench.run.evaluation import evaluate
from bench.run.runner import RunOptions
from bench.suite.load import load_scenarios

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = "retail.tracking.in-transit"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(port: int, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"the example bot did not start on port {port}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=0.1, help="Seconds the bot waits before each reply.")
    parser.add_argument("--levels", default="1,16,64,256", help="Concurrency levels, comma-separated.")
    args = parser.parse_args()
    port = _free_port()
    bot = [sys.executable, str(ROOT / "examples/servers/http_bot.py"), "--port", str(port)]
    server = subprocess.Popen(
        [*bot, "--latency", str(args.latency)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(port)
        config = Path(tempfile.mkdtemp()) / "http-bench.yaml"
        example = (ROOT / "examples/bots/http.yaml").read_text(encoding="utf-8")
        config.write_text(re.sub(r"127\.0\.0\.1:\d+", f"127.0.0.1:{port}", example), encoding="utf-8")
        scenario = next(s for s in load_scenarios() if s.id == SCENARIO)
        rows = []
        for level in [int(x) for x in args.levels.split(",")]:
            contestant = load_bot(str(config))
            out = Path(tempfile.mkdtemp()) / f"c{level}"
            cpu, wall = time.process_time(), time.perf_counter()
            options = RunOptions(trials=args.conversations, concurrency=level, turn_timeout=30.0)
            summary = evaluate([contestant], [scenario], options, out)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            conversations, bot_turns = _counts(out / "transcripts.jsonl")
            ideal = bot_turns * args.latency / level
            errors = summary["bots"][contestant.name]["bot_errors"]
            per_turn = f"{cpu / bot_turns * 1000:.2f}"
            rows.append(
                [
                    level,
                    conversations,
                    bot_turns,
                    f"{wall:.1f}",
                    f"{ideal:.1f}",
                    f"{ideal / wall:.0%}",
                    per_turn,
                    errors,
                ]
            )
            print(f"concurrency {level}: {wall:.1f} s", file=sys.stderr)
    finally:
        server.terminate()
        server.wait(timeout=10)
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print(f"machine: {machine}; bot latency {args.latency * 1000:.0f} ms per reply")
    headers = ["concurrency", "conversations", "bot turns", "wall s", "ideal s", "of ideal", "harness CPU ms/turn"]
    print(tabulate(rows, [*headers, "bot errors"], tablefmt="github"))


def _counts(path: Path) -> tuple[int, int]:
    """Conversations and bot turns in a run's transcripts."""
    records = [json.loads(line) for line in path.open(encoding="utf-8")]
    return len(records), sum(sum(1 for t in r["turns"] if t["role"] == "bot") for r in records)


if __name__ == "__main__":
    main()
