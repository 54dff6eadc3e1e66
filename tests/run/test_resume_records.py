"""`supportbench run` and `--resume` against hostile run directories: a conversation half written by a
kill is played again once, never on every resume; one process writes a run directory at a time; an
unusable `--out` or a writer that fails is a one-line error (exit 2), not a traceback; a reply with
Unicode line breaks leaves the run readable."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from bench.cli import main
from bench.rundir.files import LOCK, SCORES, TRANSCRIPTS
from bench.rundir.lock import locked
from bench.rundir.reader import read_jsonl, read_run
from tests.conftest import MINIMAL
from tests.run.test_resume import SLOW_BOT

REPO = Path(__file__).resolve().parents[2]

LINE_BREAKS_BOT = """\
class Bot:
    def respond(self, message, session):
        return "Noted.\\u2028Your parcel\\u2029is on its way\\x85today\\x1c\\x0b\\x0c."
"""


@pytest.fixture
def slow_bot(tmp_path) -> str:
    """The careful reference bot, SLOWBOT_DELAY seconds a reply (tests/run/test_resume.py)."""
    path = tmp_path / "slowbot.py"
    path.write_text(SLOW_BOT, encoding="utf-8")
    return f"{path}:Bot"


@pytest.fixture
def args(tmp_path) -> list[str]:
    """The options of a run of one small scenario by the careful reference bot."""
    suite = tmp_path / "suite"
    suite.mkdir()
    (suite / "case.yaml").write_text(yaml.safe_dump(MINIMAL), encoding="utf-8")
    return ["--bot", "builtin:careful", "--suite", str(suite), "--trials", "2", "-q"]


def _run(*args: str):
    return CliRunner().invoke(main, ["run", *args])


def _clean_error(result, says: str) -> None:
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)  # no traceback
    assert says in result.output


def test_a_transcript_orphaned_by_a_kill_is_scored_not_played_again(tmp_path, args):
    run_dir = tmp_path / "run"
    assert _run(*args, "--out", str(run_dir)).exit_code == 0
    whole = read_run(run_dir).conversations
    scores = (run_dir / SCORES).read_bytes().splitlines(keepends=True)
    (run_dir / SCORES).write_bytes(scores[0])  # killed after the second transcript, before its score
    (run_dir / "summary.json").unlink()

    first = _run(*args, "--resume", str(run_dir))
    second = _run(*args, "--resume", str(run_dir))

    assert first.exit_code == 0 and "2 of 2 conversations finished, 0 to play" in first.output
    assert second.exit_code == 0 and "2 of 2 conversations finished, 0 to play" in second.output
    assert len(read_jsonl(run_dir / TRANSCRIPTS)) == 2 and len(read_jsonl(run_dir / SCORES)) == 2
    run = read_run(run_dir)
    assert [c.card for c in run.conversations] == [c.card for c in whole]
    assert not run.unscored and not run.untold and (run_dir / "summary.json").is_file()


def test_an_orphan_written_before_record_ids_is_played_again_once_not_on_every_resume(tmp_path, args):
    run_dir = tmp_path / "run"
    assert _run(*args, "--out", str(run_dir)).exit_code == 0
    for name in (TRANSCRIPTS, SCORES):  # as an older version wrote them
        records = [{k: v for k, v in r.items() if k != "record_id"} for r in read_jsonl(run_dir / name)]
        (run_dir / name).write_text("".join(json.dumps(r) + "\n" for r in records[: 2 if name == TRANSCRIPTS else 1]))

    first = _run(*args, "--resume", str(run_dir))
    second = _run(*args, "--resume", str(run_dir))

    assert first.exit_code == 0 and "1 of 2 conversations finished, 1 to play (1 of them again" in first.output
    assert second.exit_code == 0 and "2 of 2 conversations finished, 0 to play" in second.output
    assert len(read_jsonl(run_dir / TRANSCRIPTS)) == 3 and len(read_jsonl(run_dir / SCORES)) == 2
    run = read_run(run_dir)
    assert len(run.conversations) == 2 and not run.unscored and not run.untold


def test_a_second_writer_of_a_run_directory_is_refused(tmp_path, args):
    run_dir = tmp_path / "run"
    with locked(run_dir):  # another supportbench process playing the run
        result = _run(*args, "--resume", str(run_dir))

    _clean_error(result, f"{run_dir} is in use by another supportbench process (pid {os.getpid()})")
    assert not (run_dir / TRANSCRIPTS).exists()


def test_a_resume_while_another_process_plays_the_run_is_refused(tmp_path, args, slow_bot):
    run_dir = tmp_path / "run"
    env = {**os.environ, "SLOWBOT_DELAY": "0.2", "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "bench.cli", "run", "--bot", slow_bot, *args[2:], "--out", str(run_dir)]
    process = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not (run_dir / LOCK).is_file() or not (run_dir / LOCK).read_text().strip():
            assert process.poll() is None and time.monotonic() < deadline, "the run ended before the test"
            time.sleep(0.02)

        result = _run("--bot", slow_bot, *args[2:], "--resume", str(run_dir))
    finally:
        process.kill()
        process.wait()

    _clean_error(result, f"{run_dir} is in use by another supportbench process (pid {process.pid})")


def test_out_pointing_at_a_file_is_a_clean_error(tmp_path, args):
    path = tmp_path / "file"
    path.write_text("not a directory")

    _clean_error(_run(*args, "--out", str(path)), f"{path}: cannot be a run directory: it is a file")


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores permissions")
def test_out_pointing_at_a_read_only_directory_is_a_clean_error(tmp_path, args):
    path = tmp_path / "read-only"
    path.mkdir()
    path.chmod(0o555)
    try:
        _clean_error(_run(*args, "--out", str(path)), f"{path}: cannot write in the run directory: Permission denied")
    finally:
        path.chmod(0o755)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_writer_that_fails_stops_the_run_saying_what_is_saved(tmp_path, args):
    run_dir = tmp_path / "full"
    run_dir.mkdir()
    (run_dir / TRANSCRIPTS).symlink_to("/dev/full")  # a disk that is full

    result = _run(*args, "--resume", str(run_dir))

    _clean_error(result, f"{run_dir}: cannot write records (OSError: No space left on device)")
    assert "0 finished conversation(s) saved there" in result.output
    assert "conversations, 1 scenarios" not in result.output  # no claim of a finished run


def test_replies_with_unicode_line_breaks_leave_the_run_readable(tmp_path, args):
    bot = tmp_path / "linebreaks.py"
    bot.write_text(LINE_BREAKS_BOT, encoding="utf-8")
    run_dir = tmp_path / "run"

    result = _run(*args[2:], "--bot", f"{bot}:Bot", "--out", str(run_dir))

    assert result.exit_code == 0, result.output
    run = read_run(run_dir)
    assert len(run.conversations) == 2 and not run.damaged
    assert "\u2028" in run.conversations[0].transcript.turns[1].text
    assert _run(*args[2:], "--bot", f"{bot}:Bot", "--resume", str(run_dir)).exit_code == 0
