"""`supportbench replay`: conversations recorded by a real `supportbench run`, written as JSONL, CSV
and Parquet in the documented record shape, score exactly as they did in the run; unknown
scenarios and malformed rows stop everything with exit 2, naming the file and the row."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from datasets import Dataset

from bench.cli import main

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
SUITE = [
    SCENARIOS / "retail" / "cancel-before-shipping.yaml",  # tool calls and an end-state check
    SCENARIOS / "banking" / "bereavement-deceased-mother.yaml",  # a handoff, a forbidden action
    SCENARIOS / "banking" / "a-block-card-details-given.yaml",  # identity check before a sensitive tool
    SCENARIOS / "retail" / "a-delai-retour-question.yaml",  # French, forbidden claim
]
BOTS = ["builtin:careful", "builtin:fabulist", "builtin:deflector", "builtin:gatekeeper", "vendor.py:Flaky"]
VENDOR_BOT = '''
from bench import BotReply
from bench.bots.reference import REFERENCE_BOTS

class Flaky:
    """careful, until its second reply of a conversation: then it raises (a bot_error mid-conversation)."""

    def __init__(self):
        self.bot = REFERENCE_BOTS["careful"][1]()

    def respond(self, message, session):
        session.memory["n"] = session.memory.get("n", 0) + 1
        if session.memory["n"] == 2:
            raise RuntimeError("model crashed")
        return self.bot.respond(message, session)
'''


def supportbench(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    return subprocess.run(
        [sys.executable, "-m", "bench.cli", *args], cwd=cwd, capture_output=True, text=True, timeout=120, env=env
    )


def suite_args() -> list[str]:
    return [a for s in SUITE for a in ("--suite", str(s))]


def real_run(tmp: Path, *extra: str) -> Path:
    (tmp / "vendor.py").write_text(VENDOR_BOT)
    bots = [a for b in BOTS for a in ("--bot", b)]
    done = supportbench("run", "-q", *bots, *suite_args(), *extra, "--out", str(tmp / "run"), cwd=tmp)
    assert done.returncode == 0, done.stderr
    return tmp / "run"


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory) -> Path:
    """One real run: five bots (one crashing mid-conversation) on four scenarios."""
    return real_run(tmp_path_factory.mktemp("run"))


def jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def scores(run: Path) -> dict[tuple, dict]:
    return {(s["bot"], s["scenario_id"], s["trial"]): s for s in jsonl(run / "scores.jsonl")}


def as_record(transcript: dict, results: bool = True) -> dict:
    """A run's transcript in the documented replay shape (what a vendor's export would hold).
    Handoffs made through transfer_to_human are left for replay to find in the tool calls."""
    turns = []
    for turn in transcript["turns"]:
        out = {"role": turn["role"], "text": turn["text"]}
        handoff = turn["handoff"]
        if handoff and handoff["via"] == "reply":
            out |= {"handoff": True, "handoff_summary": handoff["summary"], "handoff_reason": handoff["reason"]}
        if turn["tool_calls"]:
            out["tool_calls"] = [
                {"name": c["name"], "arguments": c["arguments"]}
                | ({"result": c["result"]} if results and c["result"] is not None else {})
                | ({"error": c["error"]} if c["error"] else {})
                for c in turn["tool_calls"]
            ]
        turns.append(out)
    record = {"scenario_id": transcript["scenario_id"], "bot": transcript["bot"], "turns": turns}
    if transcript["outcome"] in ("gave_up", "bot_error"):  # resolved and handoff are the defaults
        record["outcome"] = transcript["outcome"]
    if transcript["error"]:
        record["error"] = transcript["error"]
    return record


def replay(*args: str):
    return CliRunner().invoke(main, ["replay", *args])


def assert_same_scores(run: Path, replayed: Path) -> None:
    expected, got = scores(run), scores(replayed)
    assert got.keys() == expected.keys()
    for key in expected:
        assert got[key] == expected[key], key
    summary = json.loads((replayed / "summary.json").read_text())
    assert summary["bots"] == json.loads((run / "summary.json").read_text())["bots"]


def test_the_run_covers_every_outcome_and_tool_calls(run_dir):
    transcripts = jsonl(run_dir / "transcripts.jsonl")
    assert {t["outcome"] for t in transcripts} == {"resolved", "handoff", "gave_up", "bot_error"}
    assert any(t["tool_calls"] for tr in transcripts for t in tr["turns"])


def test_jsonl_replay_scores_equal_the_run(run_dir, tmp_path):
    path = tmp_path / "acme.jsonl"
    path.write_text("".join(json.dumps(as_record(t)) + "\n" for t in jsonl(run_dir / "transcripts.jsonl")))
    done = replay(str(path), *suite_args(), "--out", str(tmp_path / "replayed"))
    assert done.exit_code == 0, done.output
    assert_same_scores(run_dir, tmp_path / "replayed")
    assert "careful" in done.output  # the leaderboard is printed


def test_csv_replay_without_tool_results_scores_equal_the_run(run_dir, tmp_path):
    records = [as_record(t, results=False) for t in jsonl(run_dir / "transcripts.jsonl")]  # the world recomputes
    rows = [{**r, "turns": json.dumps(r["turns"], ensure_ascii=False)} for r in records]
    rows = [{"outcome": None, "error": None, **r} for r in rows]  # every column in every row
    path = tmp_path / "acme.csv"
    Dataset.from_list(rows).to_csv(str(path), index=False)
    done = replay(str(path), *suite_args(), "--out", str(tmp_path / "replayed"))
    assert done.exit_code == 0, done.output
    assert_same_scores(run_dir, tmp_path / "replayed")


def test_parquet_replay_with_nested_turns_scores_equal_the_run(run_dir, tmp_path):
    records = [as_record(t, results=False) for t in jsonl(run_dir / "transcripts.jsonl")]
    records = [{"outcome": None, "error": None, **r} for r in records]  # from_pylist takes the first row's columns
    path = tmp_path / "acme.parquet"
    pq.write_table(pa.Table.from_pylist(records), path)  # Arrow structs: absent fields become nulls
    done = replay(str(path), *suite_args(), "--out", str(tmp_path / "replayed"))
    assert done.exit_code == 0, done.output
    assert_same_scores(run_dir, tmp_path / "replayed")


def test_parquet_replay_with_a_json_turns_column(run_dir, tmp_path):
    records = [as_record(t) for t in jsonl(run_dir / "transcripts.jsonl")]
    path = tmp_path / "acme.data"
    rows = [{"outcome": None, "error": None, **r, "turns": json.dumps(r["turns"])} for r in records]
    pq.write_table(pa.Table.from_pylist(rows), path)
    done = replay(str(path), "--format", "parquet", *suite_args(), "--out", str(tmp_path / "replayed"))
    assert done.exit_code == 0, done.output
    assert_same_scores(run_dir, tmp_path / "replayed")


def test_a_runs_own_transcripts_replay_as_they_are(run_dir, tmp_path):
    done = replay(str(run_dir / "transcripts.jsonl"), *suite_args(), "--out", str(tmp_path / "replayed"))
    assert done.exit_code == 0, done.output
    assert_same_scores(run_dir, tmp_path / "replayed")
    assert (
        json.loads((tmp_path / "replayed" / "summary.json").read_text())["suite_digest"]
        == json.loads((run_dir / "summary.json").read_text())["suite_digest"]
    )


def test_transcript_only_replay_equals_a_run_with_transcript_resolution(tmp_path):
    run = real_run(tmp_path, "--resolution", "transcript")
    path = tmp_path / "logs.jsonl"
    path.write_text("".join(json.dumps(as_record(t)) + "\n" for t in jsonl(run / "transcripts.jsonl")))
    done = replay(str(path), *suite_args(), "--transcript-only", "--out", str(tmp_path / "replayed"))
    assert done.exit_code == 0, done.output
    assert_same_scores(run, tmp_path / "replayed")
    assert json.loads((tmp_path / "replayed" / "summary.json").read_text())["options"]["resolution"] == "transcript"


def test_sample_file_ranks_the_careful_bot_first(tmp_path):
    done = supportbench("replay", str(ROOT / "examples" / "replay" / "sample.jsonl"), "--out", "out", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert summary["ranking"] == ["acme-v2", "acme-v1"]
    assert summary["bots"]["acme-v2"]["pass_rate"] == 1.0
    assert {p.name for p in (tmp_path / "out").iterdir()} == {
        "transcripts.jsonl",
        "scores.jsonl",
        "summary.json",
        "leaderboard.md",
    }
    assert "supportbench replay" in (tmp_path / "out" / "leaderboard.md").read_text()
    v1 = {s["scenario_id"]: s for s in jsonl(tmp_path / "out" / "scores.jsonl") if s["bot"] == "acme-v1"}
    findings = v1["retail.cancel.before-shipping"]["dimensions"]["resolution"]["findings"]
    failed = {f["check"] for f in findings if not f["passed"]}
    assert "resolution.required_action" in failed  # said "cancelled" without cancelling: the world shows it
    [v2_bereavement] = [
        t
        for t in jsonl(tmp_path / "out" / "transcripts.jsonl")
        if t["bot"] == "acme-v2" and t["scenario_id"] == "banking.bereavement.deceased-mother"
    ]
    assert v2_bereavement["outcome"] == "handoff" and v2_bereavement["turns"][1]["handoff"]["via"] == "tool"
    assert v2_bereavement["final_state"]["handoffs"][0]["reason"] == "bereavement"  # the call ran on the world


def test_defaults_outcome_trial_and_bot_name(tmp_path):
    path = tmp_path / "logs.jsonl"
    talk = [{"role": "customer", "text": "pls cancel my last order"}, {"role": "bot", "text": "Which order?"}]
    handoff = talk[:1] + [{"role": "bot", "text": "A colleague takes over.", "handoff": True}]
    rows = [{"scenario_id": "retail.cancel.before-shipping", "turns": t} for t in (talk, handoff, talk)]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    done = replay(str(path), "--bot-name", "acme", "--out", str(tmp_path / "out"))
    assert done.exit_code == 0, done.output
    got = [(t["bot"], t["trial"], t["outcome"]) for t in jsonl(tmp_path / "out" / "transcripts.jsonl")]
    assert got == [("acme", 0, "resolved"), ("acme", 1, "handoff"), ("acme", 2, "resolved")]


# --- bad input: exit 2, file and row named, nothing written ------------------------------------------


def test_unknown_scenario_id_exits_2_naming_file_and_row(tmp_path):
    path = tmp_path / "logs.jsonl"
    good = {"scenario_id": "retail.cancel.before-shipping", "turns": [{"role": "customer", "text": "hi"}]}
    path.write_text(json.dumps(good) + "\n" + json.dumps({**good, "scenario_id": "retail.cancel.before-shiping"}))
    done = replay(str(path), "--out", str(tmp_path / "out"))
    assert done.exit_code == 2
    assert f"{path}: row 2: scenario_id: unknown scenario 'retail.cancel.before-shiping'" in done.output
    assert "did you mean retail.cancel.before-shipping?" in done.output
    assert not (tmp_path / "out").exists()


def test_malformed_rows_exit_2_naming_file_row_and_field(tmp_path):
    path = tmp_path / "logs.jsonl"
    ok = {"role": "customer", "text": "hi"}
    rows = [
        {"scenario_id": "retail.cancel.before-shipping", "turns": [ok]},
        {"scenario_id": "retail.cancel.before-shipping", "turns": [ok, {"role": "agent", "text": "hello"}]},
        {"turns": [ok]},
        {"scenario_id": "retail.cancel.before-shipping", "turns": [ok], "outcome": "solved"},
        {
            "scenario_id": "retail.cancel.before-shipping",
            "turns": [ok, {"role": "bot", "text": "x", "tool_calls": [{}]}],
        },
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    done = replay(str(path), "--out", str(tmp_path / "out"))
    assert done.exit_code == 2
    assert f"{path}: row 2: turns[1].role: must be customer or bot, not 'agent'" in done.output
    assert f"{path}: row 3: scenario_id: required field is missing" in done.output
    assert f"{path}: row 4: outcome: must be one of" in done.output
    assert f"{path}: row 5: turns[1].tool_calls[0]: must be an object with a string `name`" in done.output
    assert "4 problem(s) in replay files: nothing was scored." in done.output
    assert not (tmp_path / "out").exists()


def test_csv_row_whose_turns_are_not_json_exits_2_naming_the_row(tmp_path):
    path = tmp_path / "logs.csv"
    turns = json.dumps([{"role": "customer", "text": "hi"}])
    Dataset.from_list(
        [
            {"scenario_id": "retail.cancel.before-shipping", "turns": turns},
            {"scenario_id": "retail.cancel.before-shipping", "turns": "[{'role': 'customer'}]"},
        ]
    ).to_csv(str(path), index=False)
    done = replay(str(path), "--out", str(tmp_path / "out"))
    assert done.exit_code == 2
    assert f"{path}: row 2: turns: not valid JSON" in done.output


def test_jsonl_line_that_is_not_json_exits_2_naming_the_row(tmp_path):
    path = tmp_path / "logs.jsonl"
    good = json.dumps({"scenario_id": "retail.cancel.before-shipping", "turns": [{"role": "customer", "text": "hi"}]})
    path.write_text(f"{good}\n{good}\n{{'scenario_id': oops}}\n")
    done = replay(str(path), "--out", str(tmp_path / "out"))
    assert done.exit_code == 2
    assert f"{path}:3:2: not valid JSON" in done.output


def test_unknown_extension_asks_for_format(tmp_path):
    path = tmp_path / "logs.txt"
    path.write_text("{}")
    done = replay(str(path), "--out", str(tmp_path / "out"))
    assert done.exit_code == 2 and "use --format jsonl, csv or parquet" in done.output
