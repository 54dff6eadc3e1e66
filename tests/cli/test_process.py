"""How the `supportbench` process ends: documented exit codes, one line instead of a traceback,
and signals that stop a run without losing what it finished."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import click
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.cli import main as group
from bench.cli.process import INTERNAL_ERROR, run_cli

ROOT = Path(__file__).resolve().parents[2]

SLOW_BOT = """
import time
from bench.bots.rulebot import RuleBot


class Slow(RuleBot):
    def respond(self, message, session):
        time.sleep(0.05)
        return super().respond(message, session)
"""


def cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run_cli(list(args))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def broken_command():
    """A command with a bug in it, added to the real group for one test."""

    @click.command("explode")
    def explode() -> None:
        {}["missing"]

    group.add_command(explode)
    yield
    group.commands.pop("explode")


@pytest.fixture
def interrupted_command():
    @click.command("wait")
    def wait() -> None:
        raise KeyboardInterrupt

    group.add_command(wait)
    yield
    group.commands.pop("wait")


def test_an_internal_error_is_one_line_and_exit_70(broken_command):
    code, _, err = cli("explode")
    assert code == INTERNAL_ERROR == 70
    assert "Traceback" not in err
    assert err.count("\n") == 1
    assert "internal error at " in err and "test_process.py:" in err
    assert "KeyError: 'missing'" in err


def test_the_traceback_of_an_internal_error_is_shown_on_request(broken_command, monkeypatch):
    monkeypatch.setenv("SUPPORTBENCH_DEBUG", "1")
    _, _, err = cli("explode")
    assert "Traceback" in err and "KeyError" in err


def test_ctrl_c_outside_a_run_exits_130_with_one_line(interrupted_command):
    code, _, err = cli("wait")
    assert code == 130
    assert "stopped by Ctrl-C" in err and "Aborted" not in err and "Traceback" not in err


def test_a_usage_error_exits_2():
    code, _, err = cli("run", "--no-such-option")
    assert code == 2 and "No such option" in err


def test_help_exits_0():
    code, out, _ = cli("--help")
    assert code == 0 and "run" in out


WORDS = ["run", "validate", "list", "show", "leaderboard", "gate", "compare", "audit", "replay"]
OPTIONS = ["--bot", "--suite", "--filter", "--trials", "--weights", "--format", "--out", "--lang", "--gate", "-q"]
VALUES = ["builtin:nobody", "nope.yaml", "0", "-1", "x", "banking.*", "md", "{}", "fr", "\x00", "é", "a" * 300]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(WORDS + OPTIONS + VALUES), min_size=1, max_size=5))
def test_no_command_line_ends_in_a_traceback(args):
    if args[0] == "run" and not any(a.startswith("builtin:") or a in ("nope.yaml", "0", "-1") for a in args):
        args = [*args, "--bot", "builtin:nobody"]  # a real run of the whole suite is not what this checks
    code, _, err = cli(*args)
    assert code in (0, 1, 2, 3), (args, err)
    assert "Traceback" not in err


def _start_run(tmp_path: Path, out: Path) -> subprocess.Popen:
    (tmp_path / "slow.py").write_text(SLOW_BOT)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    command = [sys.executable, "-m", "bench.cli", "run", "--bot", "slow.py:Slow", "--domain", "retail"]
    command += ["--concurrency", "2", "--out", str(out), "-q"]
    # SIGINT is ignored in background children of a non-interactive shell: give it back its default.
    return subprocess.Popen(
        command,
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def _records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _wait_for_records(out: Path, at_least: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    scores = out / "scores.jsonl"
    while time.monotonic() < deadline and process.poll() is None:
        if scores.is_file() and len(scores.read_text(encoding="utf-8").splitlines()) >= at_least:
            return
        time.sleep(0.05)
    raise AssertionError("the run did not get going")


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_stops_a_run_with_one_line_and_keeps_what_it_finished(tmp_path, signum, code):
    out = tmp_path / "run"
    process = _start_run(tmp_path, out)
    _wait_for_records(out, 3, process)
    process.send_signal(signum)
    _, err = process.communicate(timeout=60)
    assert process.returncode == code
    assert "Traceback" not in err
    saved = len(_records(out / "scores.jsonl"))
    assert f"stopped: {saved} conversation(s) saved in {out}" in err
    assert len(_records(out / "transcripts.jsonl")) == saved


def test_the_printed_resume_command_finishes_the_run_without_playing_anything_twice(tmp_path):
    out = tmp_path / "run"
    process = _start_run(tmp_path, out)
    _wait_for_records(out, 3, process)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    saved = {(r["scenario_id"], r["trial"]) for r in _records(out / "scores.jsonl")}
    again = err.split("resume with: ", 1)[1].strip()
    words = shlex.split(again)
    assert words[0] == "supportbench"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run(
        [sys.executable, "-m", "bench.cli", *words[1:]], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    records = _records(out / "scores.jsonl")
    assert (out / "summary.json").is_file()
    replayed = [(r["scenario_id"], r["trial"]) for r in records if (r["scenario_id"], r["trial"]) in saved]
    assert len(replayed) == len(saved)  # nothing finished before the stop was played again
