"""Hostile inputs: mutate the built-in library and the example files, run each mutant through the
real command line and count how each ended. Every mutant should end in a clean exit (0 to 3, one
message per problem); a Python traceback, no answer within the time limit, a crash or a message
over 10 kB is a bug.

    python scripts/mutate_inputs.py [--seed 0] [--scenario 150] [--bot 80] [--weights 60]
                                    [--gate 60] [--replay 50] [--timeout 20] [--show 3]

Kinds and the command each mutant goes through (in-process, click.testing.CliRunner):

    scenario  scenarios/**/*.yaml            supportbench validate FILE
    bot       examples/bots/*.yaml, ci/bot   supportbench validate FILE
    weights   two weights files (YAML, JSON) supportbench leaderboard RUN --weights FILE
    gate      examples/ci/gate.yaml          supportbench gate RUN --gate FILE -q
    replay    examples/replay/sample.jsonl   supportbench replay FILE --out DIR
              (and the same as CSV)

The mutants run in a worker process, one `signal.alarm` per file; a worker that dies (a segfault)
is counted as a crash of the file it was on and a new worker takes the next file.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import re
import signal
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KINDS = ("scenario", "bot", "weights", "gate", "replay")
LONG_MESSAGE = 10_000

WEIGHTS_SOURCES = {
    "weights.yaml": "# how this buyer weighs things\ndimensions:\n  accuracy: 0.3\n  empathy: 0.1\n"
    "  escalation: 0.2\n  resolution: 0.3\n  conduct: 0.1\nseverities: {critical: 5, major: 2, minor: 1}\n",
    "weights.json": json.dumps(
        {"dimensions": {"accuracy": 0.3, "escalation": 0.3, "resolution": 0.4}, "severities": {"critical": 4}},
        indent=2,
    )
    + "\n",
}

# values written in place of a value: what the hostile tester found
YAML_VALUES = [
    ".inf",
    "-.inf",
    ".nan",
    "1" + "0" * 400,
    "0x" + "f" * 60,
    "2026-03-10",
    "2026-03-10T10:00:00Z",
    "!!binary aGVsbG8=",
    "!!python/object/apply:os.system ['true']",
    "!!set {a, b}",
    "!!omap [a: 1]",
    "~",
    "yes",
    "''",
    "x" * 300,
    "'" + "é" * 5000 + "'",
    "[" * 70 + "]" * 70,
    "[" * 1200 + "]" * 1200,
    "{a: " * 80 + "1" + "}" * 80,
    "[1, 2, 3]",
    "{}",
    "-1",
    "1.0e999",
    "12:30:45",
    "*undefined",
    '"\\0\\x07"',
    "retail.a" + "b" * 300,
    "a" * 300 + ".b",
]
JSON_VALUES = [
    "NaN",
    "Infinity",
    "-Infinity",
    "1e400",
    "1" + "0" * 400,
    '"' + "x" * 20000 + '"',
    "[" * 100_000 + "]" * 100_000,
    "[" * 70 + "]" * 70,
    '{"a": ' * 80 + "1" + "}" * 80,
    "null",
    "true",
    "-5",
    "{}",
    "[]",
    '"agent"',
    '"retail.' + "x" * 300 + '"',
    '"' + "\\ud800" + '"',
]
KEYS = ["1", "true", "~", "[a, b]", "{a: 1}", "'" + "k" * 300 + "'", "<<", "2026-01-01", "1.5", "? complex"]
ALIAS_BOMB = "a: &a ['lol','lol','lol','lol','lol','lol','lol','lol','lol']\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{','.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
)


# -- mutations --------------------------------------------------------------------------------------


def _value_spots(text: str) -> list[re.Match]:
    return list(re.finditer(r"^([ \t]*(?:- )?[\w.-]+:[ \t]+)(\S.*)$", text, re.M))


def mutate_yaml(text: str, rng: random.Random) -> str:
    """One or two hostile edits of a YAML file."""
    for _ in range(rng.choice((1, 1, 2))):
        text = rng.choice(_YAML_EDITS)(text, rng)
    return text


def _yaml_value(text: str, rng: random.Random) -> str:
    spots = _value_spots(text)
    if not spots:
        return text
    m = rng.choice(spots)
    return text[: m.start(2)] + rng.choice(YAML_VALUES) + text[m.end(2) :]


def _yaml_key(text: str, rng: random.Random) -> str:
    spots = list(re.finditer(r"^([ \t]*(?:- )?)([\w.-]+)(:)", text, re.M))
    if not spots:
        return text
    m = rng.choice(spots)
    return text[: m.start(2)] + rng.choice(KEYS) + text[m.end(2) :]


def _duplicate_line(text: str, rng: random.Random) -> str:
    lines = text.splitlines(keepends=True)
    keyed = [i for i, line in enumerate(lines) if re.match(r"^\s*[\w.-]+:", line)] or [0]
    i = rng.choice(keyed)
    return "".join(lines[: i + 1] + [lines[i]] + lines[i + 1 :])


def _alias_bomb(text: str, rng: random.Random) -> str:
    return ALIAS_BOMB + text if rng.random() < 0.5 else ALIAS_BOMB


def _alias_in_a_value(text: str, rng: random.Random) -> str:
    """The bomb's anchors first, then a field set to its largest alias: a printed value explodes."""
    spots = _value_spots(text)
    if not spots:
        return ALIAS_BOMB + text
    m = rng.choice(spots)
    return ALIAS_BOMB + text[: m.start(2)] + "*i" + text[m.end(2) :]


def _bytes_noise(text: str, rng: random.Random) -> str:
    # a surrogate escape stands for one raw byte (written with errors="surrogateescape")
    raw = bytearray(text.encode("utf-8", "surrogateescape"))
    for _ in range(rng.randint(1, 4)):
        if not raw:
            break
        i = rng.randrange(len(raw))
        raw[i] = rng.choice([0xFF, 0xC3, 0x00, 0x80, rng.randrange(256)])
    return raw.decode("utf-8", "surrogateescape")


def _truncate(text: str, rng: random.Random) -> str:
    return text[: rng.randrange(len(text) + 1)]


def _shuffle_lines(text: str, rng: random.Random) -> str:
    lines = text.splitlines(keepends=True)
    if len(lines) > 2:
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    return "".join(lines)


def _deep(text: str, rng: random.Random) -> str:
    return rng.choice(
        ["- " * 3000 + "x\n", "[" * 100_000 + "\n", "a:\n" + "".join(" " * i + "b:\n" for i in range(1, 300))]
    )


def _latin1(text: str, rng: random.Random) -> str:
    raw = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return raw.encode("latin-1", "replace").decode("utf-8", "surrogateescape")


_YAML_EDITS = [
    _yaml_value,
    _yaml_value,
    _yaml_value,
    _yaml_key,
    _duplicate_line,
    _alias_bomb,
    _alias_in_a_value,
    _bytes_noise,
    _truncate,
    _shuffle_lines,
    _deep,
    _latin1,
]


def mutate_jsonl(text: str, rng: random.Random) -> str:
    edit = rng.randrange(8)
    if edit < 4:
        spots = list(re.finditer(r'(":\s*)("(?:[^"\\]|\\.)*"|-?\d[\d.eE+-]*|true|false|null)', text))
        if spots:
            m = rng.choice(spots)
            return text[: m.start(2)] + rng.choice(JSON_VALUES) + text[m.end(2) :]
    if edit == 4:  # a duplicate key
        return re.sub(r"\{", '{"scenario_id": "retail.x", ', text, count=1)
    if edit == 5:
        return _bytes_noise(text, rng)
    if edit == 6:
        return _truncate(text, rng)
    lines = text.splitlines(keepends=True)
    return "".join(line for line in lines if rng.random() < 0.6) or text  # uneven bots


def mutate_csv(text: str, rng: random.Random) -> str:
    rows = list(csv.reader(io.StringIO(text)))
    edit = rng.randrange(6)
    if edit < 3 and len(rows) > 1:
        r = rng.randrange(1, len(rows))
        c = rng.randrange(len(rows[r]))
        rows[r][c] = rng.choice(JSON_VALUES + ["not json", "[" + "{" * 100, "a\x00b"])
    elif edit == 3:
        rows[0].append(rows[0][0])  # a duplicate column
    elif edit == 4:
        rows = [row for i, row in enumerate(rows) if i == 0 or rng.random() < 0.6]
    else:
        out = io.StringIO()
        csv.writer(out).writerows(rows)
        return _bytes_noise(out.getvalue(), rng)
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


# -- sources and jobs -------------------------------------------------------------------------------


def sources() -> dict[str, list[tuple[str, str]]]:
    """(file name, text) of each file a kind mutates."""
    sample = (ROOT / "examples" / "replay" / "sample.jsonl").read_text(encoding="utf-8")
    records = [json.loads(line) for line in sample.splitlines() if line.strip()]
    out = io.StringIO()
    writer = csv.DictWriter(out, ["conversation_id", "bot", "scenario_id", "turns"], extrasaction="ignore")
    writer.writeheader()
    writer.writerows({**r, "turns": json.dumps(r["turns"], ensure_ascii=False)} for r in records)
    bots = sorted((ROOT / "examples" / "bots").glob("*.yaml")) + [ROOT / "examples" / "ci" / "bot.yaml"]
    return {
        "scenario": [
            (p.name, p.read_text(encoding="utf-8"))
            for p in sorted((ROOT / "scenarios").rglob("*.yaml"))
            if "schema" not in p.parts
        ],
        "bot": [(p.name, p.read_text(encoding="utf-8")) for p in bots],
        "weights": list(WEIGHTS_SOURCES.items()),
        "gate": [("gate.yaml", (ROOT / "examples" / "ci" / "gate.yaml").read_text(encoding="utf-8"))],
        "replay": [("sample.jsonl", sample), ("sample.csv", out.getvalue())],
    }


def make_jobs(counts: dict[str, int], seed: int, folder: Path) -> list[dict]:
    rng = random.Random(seed)
    found = sources()
    jobs = []
    for kind in KINDS:
        for n in range(counts[kind]):
            name, text = rng.choice(found[kind])
            if name.endswith(".jsonl") or name.endswith(".json") and kind == "replay":
                mutant = mutate_jsonl(text, rng)
            elif name.endswith(".csv"):
                mutant = mutate_csv(text, rng)
            elif name.endswith(".json"):
                mutant = mutate_jsonl(text, rng)
            else:
                mutant = mutate_yaml(text, rng)
            path = folder / kind / f"{n:05d}-{name}"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(mutant.encode("utf-8", "surrogateescape"))
            jobs.append({"kind": kind, "file": str(path)})
    return jobs


def command(kind: str, file: str, run_dir: Path, out: Path) -> list[str]:
    if kind in ("scenario", "bot"):
        return ["validate", file]
    if kind == "weights":
        return ["leaderboard", str(run_dir), "--weights", file, "--format", "json"]
    if kind == "gate":
        return ["gate", str(run_dir), "--gate", file, "-q"]
    return ["replay", file, "--out", str(out)]


# -- the worker -------------------------------------------------------------------------------------


class _NoAnswer(BaseException):
    """Raised by the alarm; a BaseException so that CliRunner does not catch it as the command's."""


def worker(jobs_file: Path, start: int, results: Path, timeout: int, run_dir: Path) -> None:
    from click.testing import CliRunner

    from bench.cli import main

    def alarm(signum, frame):
        raise _NoAnswer

    signal.signal(signal.SIGALRM, alarm)
    jobs = json.loads(jobs_file.read_text())
    runner = CliRunner()
    with open(results, "a", encoding="utf-8") as sink:
        for index in range(start, len(jobs)):
            job = jobs[index]
            out = Path(job["file"]).with_suffix(".out")
            sink.write(json.dumps({"index": index, "started": True}) + "\n")
            sink.flush()
            signal.alarm(timeout)
            try:
                done = runner.invoke(main, command(job["kind"], job["file"], run_dir, out))
            except _NoAnswer:
                outcome, text = "no answer", ""
            else:
                text = done.output
                if done.exception is not None and not isinstance(done.exception, SystemExit):
                    outcome = "traceback"
                    text += f"\n{type(done.exception).__name__}: {str(done.exception)[:300]}"
                else:
                    outcome = "clean exit"
            finally:
                signal.alarm(0)
            longest = max((len(line) for line in text.splitlines()), default=0)
            sink.write(
                json.dumps({"index": index, "outcome": outcome, "long": longest > LONG_MESSAGE, "text": text[-600:]})
                + "\n"
            )
            sink.flush()


def base_run(folder: Path) -> Path:
    """A run to gate and rank: the example replay log, replayed."""
    run_dir = folder / "base-run"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.cli",
            "replay",
            str(ROOT / "examples" / "replay" / "sample.jsonl"),
            "--out",
            str(run_dir),
        ],
        capture_output=True,
        text=True,
        cwd=folder,
    )
    if done.returncode != 0:
        sys.exit(f"cannot make the base run: {done.stderr}")
    return run_dir


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    defaults = {"scenario": 150, "bot": 80, "weights": 60, "gate": 60, "replay": 50}
    for kind in KINDS:
        parser.add_argument(f"--{kind}", type=int, default=defaults[kind], help=f"Mutants of {kind} files.")
    parser.add_argument("--timeout", type=int, default=20, help="Seconds a file may take.")
    parser.add_argument("--show", type=int, default=3, help="Examples shown of each kind of failure.")
    parser.add_argument("--worker", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        jobs_file, start, results, run_dir = args.worker
        worker(Path(jobs_file), int(start), Path(results), args.timeout, Path(run_dir))
        return
    with tempfile.TemporaryDirectory(prefix="mutate-inputs-") as tmp:
        folder = Path(tmp)
        jobs = make_jobs({k: getattr(args, k) for k in KINDS}, args.seed, folder)
        run_dir = base_run(folder)
        jobs_file, results = folder / "jobs.json", folder / "results.jsonl"
        jobs_file.write_text(json.dumps(jobs))
        outcomes: dict[int, dict] = {}
        start = 0
        while start < len(jobs):
            worker_args = [str(jobs_file), str(start), str(results), str(run_dir)]
            cmd = [sys.executable, __file__, "--timeout", str(args.timeout), "--worker", *worker_args]
            done = subprocess.run(cmd, cwd=folder, capture_output=True, text=True)
            started = None
            if not results.exists():
                sys.exit(f"worker failed: {done.stderr[-2000:]}")
            for line in results.read_text().splitlines():
                record = json.loads(line)
                if "outcome" in record:
                    outcomes[record["index"]] = record
                else:
                    started = record["index"]
            if done.returncode == 0:
                break
            if started is None or started in outcomes:  # the worker could not even start
                sys.exit(f"worker failed: {done.stderr[-2000:]}")
            outcomes[started] = {"outcome": f"crash ({done.returncode})", "long": False, "text": done.stderr[-600:]}
            start = started + 1
        report(jobs, outcomes, args)


def report(jobs: list[dict], outcomes: dict[int, dict], args: argparse.Namespace) -> None:
    columns = ["clean exit", "traceback", f"no answer in {args.timeout} s", "crash", "message > 10 kB"]
    print(f"seed {args.seed}\n")
    print("| input | tried | " + " | ".join(columns) + " |")
    print("|---" * (len(columns) + 2) + "|")
    examples: dict[str, list[str]] = {}
    for kind in KINDS:
        mine = [(i, outcomes.get(i, {"outcome": "missing"})) for i, j in enumerate(jobs) if j["kind"] == kind]
        counts = Counter()
        for i, o in mine:
            name = o["outcome"]
            name = f"no answer in {args.timeout} s" if name == "no answer" else name
            name = "crash" if name.startswith("crash") else name
            counts[name] += 1
            counts["message > 10 kB"] += bool(o.get("long"))
            if name != "clean exit" or o.get("long"):
                examples.setdefault(f"{kind}: {name}", []).append(f"{jobs[i]['file']}\n{o.get('text', '')[-400:]}")
        print(f"| {kind} | {len(mine)} | " + " | ".join(str(counts[c]) for c in columns) + " |")
    for title, shown in examples.items():
        print(f"\n## {title} ({len(shown)})")
        for example in shown[: args.show]:
            print(example.strip() + "\n")


if __name__ == "__main__":
    main()
