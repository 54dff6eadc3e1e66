"""Hostile replay logs: each is a clean message (exit 2) and no run directory, never a traceback, a
crash or a partial directory; logs where the bots have different scenarios are refused up front."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.cli import main
from bench.run import replay as replaying
from bench.run.replay import ReplayError, replay
from bench.suite.load import load_scenarios

SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "replay" / "sample.jsonl"
SCENARIO = "retail.cancel.before-shipping"
TURNS = [{"role": "customer", "text": "cancel my order"}, {"role": "bot", "text": "Which order?"}]


def record(**fields) -> str:
    return json.dumps({"scenario_id": SCENARIO, "bot": "acme", "turns": TURNS, **fields}, ensure_ascii=False)


def replay_cli(tmp_path: Path, path: Path, *extra: str):
    out = tmp_path / "out"
    done = CliRunner().invoke(main, ["replay", str(path), "--out", str(out), *extra])
    assert done.exception is None or isinstance(done.exception, SystemExit), done.exception
    return done, out


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("deep.jsonl", ("[" * 100_000 + "]" * 100_000 + "\n").encode(), "1: nested deeper than 64 levels"),
        ("latin1.jsonl", record(bot="Ren\xe9e").encode("latin-1") + b"\n", "not UTF-8 text (byte 0xe9"),
        ("nan.jsonl", record().replace('"turns"', '"latency_s": NaN, "turns"').encode() + b"\n", "NaN is not a"),
        (
            "dup.jsonl",
            record().replace('{"scenario_id"', '{"bot": "x", "scenario_id"').encode() + b"\n",
            "duplicate key",
        ),
        ("list.jsonl", b"[1, 2]\n", "not a JSON object"),
        ("long.jsonl", record(scenario_id="retail." + "x" * 20000).encode() + b"\n", "unknown scenario"),
        ("name.jsonl", record(bot="a/" * 200).encode() + b"\n", "bot: "),
        ("dup.csv", b"scenario_id,scenario_id\nx,y\n", "duplicate column name"),
        ("deep.csv", b"scenario_id,turns\n" + SCENARIO.encode() + b"," + b"[" * 5000 + b"\n", "nested deeper"),
        ("trial.csv", b"scenario_id,trial,turns\n" + SCENARIO.encode() + b',-1,"[]"\n', "turns"),
    ],
)
def test_a_hostile_log_is_a_clean_exit_2_and_no_directory(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    done, out = replay_cli(tmp_path, path)
    assert done.exit_code == 2 and message in done.output, done.output
    assert max(len(line) for line in done.output.splitlines()) < 1000
    assert not out.exists()


def test_bots_with_different_scenarios_are_refused_before_anything_is_written(tmp_path):
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if not (json.loads(line)["bot"] == "acme-v1" and "bereavement" in line)]
    path = tmp_path / "uneven.jsonl"
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    done, out = replay_cli(tmp_path, path)
    assert done.exit_code == 2, done.output
    assert "bot 'acme-v1': no conversation for 1 scenario(s) others have: banking.bereavement" in done.output
    assert not out.exists()


def test_a_replay_failing_while_writing_leaves_no_partial_directory(tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk gone")

    monkeypatch.setattr(replaying, "write_summary", broken)
    out = tmp_path / "out"
    with pytest.raises(RuntimeError):
        replay([SAMPLE], load_scenarios(), out)
    assert not out.exists()


def test_a_csv_trial_column_is_read_as_a_number(tmp_path):
    path = tmp_path / "log.csv"
    turns = json.dumps(TURNS).replace('"', '""')
    path.write_text(f'scenario_id,bot,trial,turns\n{SCENARIO},acme,3,"{turns}"\n', encoding="utf-8")
    transcripts = replaying.load_transcripts([path], load_scenarios(), "r")
    assert [t.trial for t in transcripts] == [3]


def test_the_example_log_still_replays(tmp_path):
    done, out = replay_cli(tmp_path, SAMPLE)
    assert done.exit_code == 0, done.output
    assert (out / "summary.json").is_file()


def test_an_error_names_the_file_and_row(tmp_path):
    path = tmp_path / "log.jsonl"
    path.write_text(record() + "\n" + record(outcome="exploded") + "\n", encoding="utf-8")
    with pytest.raises(ReplayError) as bad:
        replaying.load_transcripts([path], load_scenarios(), "r")
    assert bad.value.problems == [
        f"{path}: row 2: outcome: must be one of resolved, handoff, gave_up, bot_error, not 'exploded'"
    ]


LINE = record().encode()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=1000), cut=st.integers(0, len(LINE)), insert=st.binary(max_size=6))
def test_any_bytes_or_mutated_log_read_or_give_a_replay_error(tmp_path, data, cut, insert):
    for suffix in (".jsonl", ".csv"):
        for content in (data, LINE[:cut] + insert + LINE[cut:]):
            path = tmp_path / f"log{suffix}"
            path.write_bytes(content)
            try:
                records = replaying.load_records(path)
            except ReplayError as bad:
                assert all(p.startswith(str(path)) for p in bad.problems)
            else:
                assert all(isinstance(r, dict) for r in records)


def test_an_out_name_too_long_for_a_file_name_is_refused(tmp_path):
    done = CliRunner().invoke(main, ["replay", str(SAMPLE), "--out", str(tmp_path / ("r" * 300))])
    assert done.exit_code == 2 and "--out: " in done.output and len(done.output) < 500


def test_an_out_inside_a_file_is_a_clean_error_and_leaves_nothing(tmp_path):
    (tmp_path / "plain").write_text("not a folder")
    done = CliRunner().invoke(main, ["replay", str(SAMPLE), "--out", str(tmp_path / "plain" / "run")])
    assert done.exit_code == 2 and "--out " in done.output, done.output
    assert done.exception is None or isinstance(done.exception, SystemExit)
    assert (tmp_path / "plain").read_text() == "not a folder"
