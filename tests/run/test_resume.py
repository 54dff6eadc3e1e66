"""`supportbench run --resume RUN_DIR`: a run killed midway and resumed yields the summary of an
uninterrupted run, with no conversation lost or doubled; bot_error conversations are played again;
a resume with other bots, scenarios or options is refused before anything runs."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from bench.bots import load_bot
from bench.bots.identity import bot_identity
from bench.cli import main
from bench.run.evaluation import evaluate
from bench.run.runner import RunOptions
from bench.rundir.files import MANIFEST, SCORES, TRANSCRIPTS
from bench.rundir.reader import latest, read_jsonl, read_scores, read_transcripts
from bench.rundir.writer import repair_tail
from bench.suite.load import check_paths
from tests.conftest import MINIMAL, merge

REPO = Path(__file__).resolve().parents[2]

# The careful reference bot, made slow (SLOWBOT_DELAY seconds a reply) or failing like a rate-limited
# API on the scenarios whose id contains SLOWBOT_FAIL; its spec, hence its identity, stays the same.
SLOW_BOT = """\
import os
import time

from bench.bots.reference import REFERENCE_BOTS


class Bot:
    def __init__(self):
        self.inner = REFERENCE_BOTS["careful"][1]()

    def respond(self, message, session):
        time.sleep(float(os.environ.get("SLOWBOT_DELAY") or 0))
        failing = os.environ.get("SLOWBOT_FAIL")
        if failing and failing in session.id:
            raise RuntimeError("429 Too Many Requests")
        return self.inner.respond(message, session)
"""
# the retail tracking cases: 6 scenarios (4 files, 2 metamorphic variants), read alone to keep tests fast
TRACKING = ["a-cliente-agee-perdue", "a-delivery-date-gift", "colis-en-retard", "tracking-in-transit"]
SUITE = [arg for name in TRACKING for arg in ("--suite", str(REPO / "scenarios" / "retail" / f"{name}.yaml"))]
SELECTION = [*SUITE, "--trials", "2", "--concurrency", "2", "-q"]
CONVERSATIONS = 12  # 6 scenarios x 2 trials


@pytest.fixture(scope="module")
def slow_bot(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("bot") / "slowbot.py"
    path.write_text(SLOW_BOT, encoding="utf-8")
    return f"{path}:Bot"


def _run(*args: str):
    return CliRunner().invoke(main, ["run", *args])


def _comparable(run_dir: Path) -> dict:
    """summary.json without what differs from one run to another by nature."""
    summary = json.loads((run_dir / "summary.json").read_text(encoding="utf-8"))
    for field in ("run_id", "command"):
        summary.pop(field)
    return summary


def _keys(run_dir: Path) -> list[str]:
    return sorted(t.key for t in read_transcripts(run_dir))


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory, slow_bot) -> Path:
    run_dir = tmp_path_factory.mktemp("uninterrupted") / "whole"
    result = _run("--bot", slow_bot, *SELECTION, "--out", str(run_dir))
    assert result.exit_code == 0, result.output
    return run_dir


def _kill_midway(run_dir: Path, bot: str, how: signal.Signals) -> None:
    """Start the run in a subprocess and kill it once a few conversations are on disk."""
    env = {**os.environ, "SLOWBOT_DELAY": "0.05", "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "bench.cli", "run", "--bot", bot, *SELECTION, "--out", str(run_dir)]
    process = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            path = run_dir / SCORES
            if path.is_file() and len(path.read_text(encoding="utf-8").splitlines()) >= 3:
                break
            time.sleep(0.02)
        assert process.poll() is None, "the run ended before it could be interrupted"
        process.send_signal(how)
        _, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    if how == signal.SIGINT:
        assert process.returncode == 130, err
        assert b"--resume" in err
    else:
        assert process.returncode == -signal.SIGKILL


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT], ids=["SIGKILL", "SIGINT"])
def test_a_run_killed_midway_and_resumed_equals_an_uninterrupted_run(tmp_path, slow_bot, uninterrupted, how):
    run_dir = tmp_path / "killed"
    _kill_midway(run_dir, slow_bot, how)
    finished = len(read_transcripts(run_dir))  # one whose score a kill cut off is scored, not played
    assert 0 < finished < CONVERSATIONS
    assert not (run_dir / "summary.json").exists()
    if how == signal.SIGKILL:  # a crash in the middle of a write leaves a line cut short
        with open(run_dir / TRANSCRIPTS, "a", encoding="utf-8") as stream:
            stream.write('{"record": "transcript", "version": 1, "bot": "sl')

    result = _run("--bot", slow_bot, *SELECTION, "--resume", str(run_dir))

    assert result.exit_code == 0, result.output
    assert f"Resuming {run_dir}: {finished} of {CONVERSATIONS} conversations finished" in result.output
    assert _comparable(run_dir) == _comparable(uninterrupted)
    assert len(read_transcripts(run_dir)) == len(read_scores(run_dir)) == CONVERSATIONS
    assert _keys(run_dir) == _keys(uninterrupted)  # none lost, none doubled
    lines = read_jsonl(run_dir / TRANSCRIPTS)
    assert len(lines) == CONVERSATIONS  # only what was missing was played
    assert json.loads((run_dir / "summary.json").read_text())["run_id"] == "killed"


def test_bot_error_conversations_are_played_again_on_resume(tmp_path, slow_bot, uninterrupted, monkeypatch):
    run_dir = tmp_path / "flaky"
    monkeypatch.setenv("SLOWBOT_FAIL", "gift-before-birthday")
    assert _run("--bot", slow_bot, *SELECTION, "--out", str(run_dir)).exit_code == 0
    errors = [s for s in read_scores(run_dir) if s["outcome"] == "bot_error"]
    assert len(errors) == 6  # 3 scenarios (the case and two variants) x 2 trials
    monkeypatch.delenv("SLOWBOT_FAIL")

    result = _run("--bot", slow_bot, *SELECTION, "--resume", str(run_dir))

    assert result.exit_code == 0, result.output
    assert "6 to play (6 of them again" in result.output
    assert _comparable(run_dir) == _comparable(uninterrupted)
    assert not [s for s in read_scores(run_dir) if s["outcome"] == "bot_error"]
    raw = read_jsonl(run_dir / SCORES)
    assert len(raw) == CONVERSATIONS + 6  # append-only: the superseded records stay on disk
    assert sorted(t.key for t in read_transcripts(run_dir)) == _keys(uninterrupted)


def test_a_resume_stopped_midway_leaves_no_stale_summary_then_completes(tmp_path, slow_bot, uninterrupted, monkeypatch):
    run_dir = tmp_path / "flaky"
    monkeypatch.setenv("SLOWBOT_FAIL", "gift-before-birthday")
    assert _run("--bot", slow_bot, *SELECTION, "--out", str(run_dir)).exit_code == 0
    assert (run_dir / "summary.json").is_file()
    monkeypatch.delenv("SLOWBOT_FAIL")
    scenarios, problems = check_paths([Path(a) for a in SUITE if a != "--suite"])
    assert not problems

    def stop(transcript, card):
        raise RuntimeError("stopped")

    with pytest.raises(RuntimeError, match="stopped"):  # the Python API resumes as --resume does
        evaluate([load_bot(slow_bot)], scenarios, RunOptions(trials=2), run_dir, resume=True, on_conversation=stop)
    assert not (run_dir / "summary.json").exists() and not (run_dir / "leaderboard.md").exists()

    assert _run("--bot", slow_bot, *SELECTION, "--resume", str(run_dir)).exit_code == 0
    assert _comparable(run_dir) == _comparable(uninterrupted)
    assert len(read_scores(run_dir)) == CONVERSATIONS


def test_resuming_a_finished_run_plays_nothing(tmp_path, uninterrupted, slow_bot):
    run_dir = tmp_path / "copy"
    shutil.copytree(uninterrupted, run_dir)
    before = (run_dir / TRANSCRIPTS).read_text(encoding="utf-8")
    result = _run("--bot", slow_bot, *SELECTION, "--resume", str(run_dir))
    assert result.exit_code == 0, result.output
    assert "0 to play" in result.output
    assert (run_dir / TRANSCRIPTS).read_text(encoding="utf-8") == before
    assert _comparable(run_dir) == _comparable(uninterrupted)


def test_trials_have_keys_of_their_own(uninterrupted):
    keys = _keys(uninterrupted)
    assert len(set(keys)) == CONVERSATIONS
    trials = {k.rsplit("/", 2)[1] for k in keys}
    assert trials == {"0", "1"}


@pytest.fixture
def minimal_suite(tmp_path) -> Path:
    """A suite of one small scenario."""
    suite = tmp_path / "suite"
    suite.mkdir()
    (suite / "case.yaml").write_text(yaml.safe_dump(MINIMAL), encoding="utf-8")
    return suite


@pytest.mark.parametrize(
    "change, says",
    [
        (["--bot", "builtin:cold"], "bot cold is not in the run"),
        (["--trials", "3"], "trials: 2 in the run, 3 now (--trials)"),
        (["--seed", "7"], "seed: 0 in the run, 7 now"),
        (["--resolution", "transcript"], "resolution: tools in the run, transcript now"),
    ],
)
def test_resume_with_other_bots_or_options_is_refused(tmp_path, minimal_suite, change, says):
    run_dir = tmp_path / "run"
    base = ["--bot", "builtin:careful", "--suite", str(minimal_suite), "--trials", "2", "-q"]
    assert _run(*base, "--out", str(run_dir)).exit_code == 0
    before = (run_dir / TRANSCRIPTS).read_text(encoding="utf-8")
    changed = [*base, *change] if change[0] != "--bot" else [*change, *base[2:]]

    result = _run(*changed, "--resume", str(run_dir))

    assert result.exit_code == 2
    assert f"cannot resume {run_dir}" in result.output and says in result.output
    assert "The run was started with: supportbench" in result.output
    assert (run_dir / TRANSCRIPTS).read_text(encoding="utf-8") == before


def test_resume_after_a_scenario_changed_is_refused(tmp_path, minimal_suite):
    run_dir = tmp_path / "run"
    args = ["--bot", "builtin:careful", "--suite", str(minimal_suite), "-q"]
    assert _run(*args, "--out", str(run_dir)).exit_code == 0
    changed = merge(MINIMAL, {"customer": {"patience": 6}})
    (minimal_suite / "case.yaml").write_text(yaml.safe_dump(changed), encoding="utf-8")

    result = _run(*args, "--resume", str(run_dir))

    assert result.exit_code == 2
    assert "scenarios changed since the run started: retail.test.minimal" in result.output


def test_a_bot_config_keeps_its_identity_when_a_secret_changes_not_when_its_content_does(tmp_path, monkeypatch):
    path = tmp_path / "acme.yaml"
    config = "adapter: http\nhttp:\n  request: {url: 'http://127.0.0.1:9/', headers: {A: '${SB_RESUME_TOKEN}'}}\n"
    path.write_text(config, encoding="utf-8")
    monkeypatch.setenv("SB_RESUME_TOKEN", "first-secret")
    first = bot_identity(str(path))
    monkeypatch.setenv("SB_RESUME_TOKEN", "rotated-secret")
    assert bot_identity(str(path)) == first
    path.write_text("# a comment\n" + config, encoding="utf-8")
    assert bot_identity(str(path)) == first
    path.write_text(config.replace("9/", "10/"), encoding="utf-8")
    assert bot_identity(str(path)) != first
    assert bot_identity("builtin:careful") != bot_identity("builtin:cold")


def test_resume_starts_a_run_in_an_empty_directory_and_refuses_records_without_a_manifest(tmp_path, minimal_suite):
    run_dir = tmp_path / "new"
    args = ["--bot", "builtin:careful", "--suite", str(minimal_suite), "-q"]
    result = _run(*args, "--resume", str(run_dir))
    assert result.exit_code == 0, result.output
    assert "no run there yet; starting it" in result.output
    assert len(read_scores(run_dir)) == 1 and (run_dir / MANIFEST).is_file()

    (run_dir / MANIFEST).unlink()
    result = _run(*args, "--resume", str(run_dir))
    assert result.exit_code == 2 and f"{run_dir} has no run.json" in result.output


def test_out_and_resume_must_name_the_same_directory(tmp_path):
    result = _run("--bot", "builtin:careful", "--out", str(tmp_path / "a"), "--resume", str(tmp_path / "b"))
    assert result.exit_code == 2 and "a resumed run stays in its directory" in result.output


def test_readers_keep_the_last_record_of_each_conversation():
    records = [
        {"bot": "a", "scenario_id": "s", "trial": 0, "outcome": "bot_error"},
        {"bot": "a", "scenario_id": "s", "trial": 1, "outcome": "resolved"},
        {"bot": "a", "scenario_id": "s", "trial": 0, "outcome": "handoff"},
        {"note": "no conversation fields"},
    ]
    assert [r.get("outcome") for r in latest(records)] == ["resolved", "handoff", None]


def test_a_cut_last_line_is_removed_before_appending(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text('{"a": 1}\n{"b": 2}\n{"c"', encoding="utf-8")
    assert repair_tail(path)
    assert path.read_text(encoding="utf-8") == '{"a": 1}\n{"b": 2}\n'
    assert not repair_tail(path)
    path.write_text('{"cut', encoding="utf-8")
    assert repair_tail(path) and path.read_text(encoding="utf-8") == ""


def test_records_written_before_keys_existed_still_read(tmp_path, uninterrupted):
    lines = (uninterrupted / TRANSCRIPTS).read_text(encoding="utf-8").splitlines()
    old = [json.loads(line) for line in lines]
    for record in old:
        del record["key"]
    (tmp_path / TRANSCRIPTS).write_text("".join(json.dumps(r) + "\n" for r in old), encoding="utf-8")
    transcripts = read_transcripts(tmp_path)
    assert len(transcripts) == CONVERSATIONS and all(t.key == "" for t in transcripts)
