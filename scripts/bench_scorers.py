"""How fast the deterministic scorers are: transcripts scored per second, all dimensions at once.

Plays every reference bot on the built-in suite once (not timed), then scores the transcripts
`--repeat` times and reports the rate. Usage:

    python scripts/bench_scorers.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import time

from bench.bots import load_bot
from bench.bots.reference import REFERENCE_BOTS
from bench.core.text import normalise
from bench.run.runner import RunOptions, run_suite
from bench.scorers import DIMENSIONS, score_transcript
from bench.suite.load import load_scenarios


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="Times each transcript is scored.")
    args = parser.parse_args()
    scenarios = load_scenarios()
    by_id = {s.id: s for s in scenarios}
    transcripts = []
    contestants = [load_bot(f"builtin:{name}") for name in REFERENCE_BOTS]
    asyncio.run(run_suite(contestants, scenarios, RunOptions(concurrency=8), "bench", transcripts.append))
    turns = sum(len(t.turns) for t in transcripts)
    score_transcript(by_id[transcripts[0].scenario_id], transcripts[0])  # warm caches (domains, langdetect)
    began = time.perf_counter()
    for _ in range(args.repeat):
        normalise.cache_clear()  # each pass reads the texts afresh, as a new run would
        for transcript in transcripts:
            score_transcript(by_id[transcript.scenario_id], transcript)
    elapsed = time.perf_counter() - began
    scored = len(transcripts) * args.repeat
    machine = platform.processor() or platform.machine()
    print(f"machine: {machine}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(
        f"{len(transcripts)} transcripts ({turns} turns, {len(scenarios)} scenarios x {len(contestants)} "
        f"reference bots), scored {args.repeat} times on {len(DIMENSIONS)} dimensions ({', '.join(DIMENSIONS)})"
    )
    print(f"{scored / elapsed:,.0f} transcripts/s, {elapsed / scored * 1000:.2f} ms per transcript (one process)")


if __name__ == "__main__":
    main()
