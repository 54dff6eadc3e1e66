"""The `supportbench` command, run as users run it: the installed console script in a subprocess."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench.bots.reference import REFERENCE_BOTS

EXTERNAL_BOT = '''
from bench import BotReply


class EchoBot:
    """Written against the public bot contract only (bench.BotReply, docs/architecture.md)."""

    def respond(self, message, session):
        if "human" in message.lower() or "conseiller" in message.lower():
            return BotReply("Transferring you.", handoff=True, handoff_summary=message, handoff_reason="asked")
        return "Thanks, let me check."


class Raises:
    def respond(self, message, session):
        raise RuntimeError("model crashed")


class Hangs:
    def respond(self, message, session):
        import time
        time.sleep(3600)
'''


ROOT = Path(__file__).resolve().parents[2]


def supportbench(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """The command line of this checkout (not whichever copy is installed), run elsewhere."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    return subprocess.run(
        [sys.executable, "-m", "bench.cli", *args], cwd=cwd, capture_output=True, text=True, timeout=120, env=env
    )


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    (tmp_path / "vendor_bots.py").write_text(EXTERNAL_BOT)
    return tmp_path


def test_console_script_is_installed(workdir):
    done = subprocess.run(["supportbench", "--help"], cwd=workdir, capture_output=True, text=True)
    assert done.returncode == 0 and "run" in done.stdout


def test_run_without_arguments_writes_the_run_directory_and_prints_the_leaderboard(workdir):
    done = supportbench("run", "-q", cwd=workdir)
    assert done.returncode == 0, done.stderr
    (run_dir,) = (workdir / "runs").iterdir()
    assert {p.name for p in run_dir.iterdir()} == {
        "run.json",
        "transcripts.jsonl",
        "scores.jsonl",
        "summary.json",
        "leaderboard.md",
    }
    summary = json.loads((run_dir / "summary.json").read_text())
    assert set(summary["bots"]) == {
        "careful",
        "cold",
        "gatekeeper",
        "deflector",
        "fabulist",
        "silent",
        "apologiser",
        "sympathiser",
        "reciter",
    }
    for bot in summary["ranking"]:
        assert bot in done.stdout
    assert "composite" in done.stdout and "pass rate" in done.stdout
    transcripts = (run_dir / "transcripts.jsonl").read_text().splitlines()
    assert len(transcripts) == summary["bots"]["careful"]["conversations"] * len(REFERENCE_BOTS)
    assert json.loads(transcripts[0])["version"] == 1


def test_leaderboard_markdown_records_the_command(workdir):
    supportbench("run", "-q", "--bot", "builtin:careful", "--filter", "retail.*", "--out", "r", cwd=workdir)
    text = (workdir / "r" / "leaderboard.md").read_text()
    assert "| careful" in text and "Produced by: `supportbench run -q --bot builtin:careful" in text


def test_external_bot_module_runs_and_appears_in_the_leaderboard(workdir):
    done = supportbench("run", "--bot", "vendor_bots:EchoBot", "--bot", "builtin:careful", "--out", "r", cwd=workdir)
    assert done.returncode == 0, done.stderr
    assert "vendor_bots:EchoBot" in done.stdout
    summary = json.loads((workdir / "r" / "summary.json").read_text())
    assert summary["bots"]["vendor_bots:EchoBot"]["bot_errors"] == 0


def test_raising_and_hanging_bots_show_up_as_failed_conversations_and_the_run_completes(workdir):
    done = supportbench(
        "run", "-q", "--bot", "vendor_bots:Raises", "--bot", "vendor_bots:Hangs", "--bot", "builtin:careful",
        "--filter", "retail.tracking.in-transit", "--timeout", "0.3", "--out", "r", cwd=workdir,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    bots = json.loads((workdir / "r" / "summary.json").read_text())["bots"]
    for name in ("vendor_bots:Raises", "vendor_bots:Hangs"):
        assert bots[name]["bot_errors"] == bots[name]["conversations"] == 1
        assert bots[name]["pass_rate"] == 0
    assert bots["careful"]["bot_errors"] == 0
    errors = [json.loads(line)["error"] for line in (workdir / "r" / "transcripts.jsonl").read_text().splitlines()]
    assert any("RuntimeError: model crashed" in (e or "") for e in errors)
    assert any((e or "").startswith("timeout") for e in errors)


def test_broken_scenario_gives_file_field_message_and_exit_code_2(workdir):
    bad = workdir / "bad.yaml"
    bad.write_text("schema_version: 1\nid: retail.x.y\n")
    done = supportbench("run", "--suite", str(bad), cwd=workdir)
    assert done.returncode == 2
    assert f"{bad}: title: required field is missing" in done.stderr
    assert not (workdir / "runs").exists()


def test_bad_bot_spec_exits_2_before_running(workdir):
    done = supportbench("run", "--bot", "builtin:nobody", cwd=workdir)
    assert done.returncode == 2 and "no built-in bot 'nobody'" in done.stderr
    assert not (workdir / "runs").exists()


def test_out_directory_holding_a_run_is_refused(workdir):
    assert (
        supportbench(
            "run", "-q", "--bot", "builtin:silent", "--filter", "retail.hours.*", "--out", "r", cwd=workdir
        ).returncode
        == 0
    )
    done = supportbench("run", "-q", "--bot", "builtin:silent", "--out", "r", cwd=workdir)
    assert done.returncode == 2 and "already holds a run" in done.stderr


def test_lang_keeps_only_that_language(workdir):
    supportbench("run", "-q", "--bot", "builtin:careful", "--lang", "fr", "--out", "r", cwd=workdir)
    lines = (workdir / "r" / "transcripts.jsonl").read_text().splitlines()
    assert lines and {json.loads(line)["language"] for line in lines} == {"fr"}


def test_trials_give_each_scenario_several_seeded_conversations(workdir):
    supportbench(
        "run",
        "-q",
        "--bot",
        "builtin:careful",
        "--filter",
        "retail.tracking.in-transit",
        "--trials",
        "3",
        "--out",
        "r",
        cwd=workdir,
    )
    records = [json.loads(line) for line in (workdir / "r" / "transcripts.jsonl").read_text().splitlines()]
    assert sorted(r["trial"] for r in records) == [0, 1, 2]
    assert len({r["seed"] for r in records}) == 3


def test_filter_by_key_and_unknown_key(workdir):
    listed = supportbench("list", "--filter", "escalation=required", cwd=workdir)
    assert listed.returncode == 0
    rows = [line for line in listed.stdout.splitlines() if line.startswith(("retail.", "banking."))]
    assert rows and all(" required " in row for row in rows)
    bad = supportbench("list", "--filter", "colour=red", cwd=workdir)
    assert bad.returncode == 2 and "KEY must be one of" in bad.stderr


def test_filter_matching_nothing_exits_2(workdir):
    done = supportbench("run", "--filter", "nothing.*", cwd=workdir)
    assert done.returncode == 2 and "No scenario matches" in done.stderr


def test_show_prints_turns_with_findings_next_to_them(workdir):
    supportbench(
        "run", "-q", "--bot", "builtin:gatekeeper", "--filter", "retail.human.first-turn", "--out", "r", cwd=workdir
    )
    done = supportbench("show", "r", "--scenario", "retail.human.first-turn", cwd=workdir)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    asked = next(i for i, line in enumerate(lines) if "customer:" in line)
    first_reply = next(i for i, line in enumerate(lines) if "bot:" in line)
    # the missed request is shown under the customer's request, the acknowledgement under the reply
    assert "FAIL [critical] escalation: the customer asked for a human and never got one" in lines[asked + 1]
    assert re.search(r"(ok  |FAIL) \[major\] empathy: acknowledg", lines[first_reply + 1])


def test_show_unknown_scenario_lists_the_known_ones(workdir):
    supportbench("run", "-q", "--bot", "builtin:careful", "--filter", "retail.hours.*", "--out", "r", cwd=workdir)
    done = supportbench("show", "r", "--scenario", "nope", cwd=workdir)
    assert done.returncode == 2 and "retail.hours.horaires-service-client" in done.stderr


def test_list_filters_by_key_options_any_value_of_a_key_matching(workdir):
    done = supportbench("list", "--domain", "retail", "--escalation", "never", "--escalation", "required", cwd=workdir)
    ids = [line.split()[0] for line in done.stdout.splitlines() if line.startswith("retail.")]
    assert ids and all(line.startswith("retail.") for line in ids)
    rows = [line for line in done.stdout.splitlines() if line.startswith("retail.")]
    assert {r.split()[5] for r in rows} == {"never", "required"}


def test_list_filters_by_category_emotion_and_language(workdir):
    done = supportbench("list", "--category", "sensitive", "--emotion", "grieving", "--lang", "fr", cwd=workdir)
    rows = [line.split() for line in done.stdout.splitlines() if "." in line.split(" ")[0]]
    assert rows and all(r[1] == "fr" and r[3] == "sensitive" and r[4] == "grieving" for r in rows)


def test_list_coverage_counts_categories_by_language_and_emotion(workdir):
    done = supportbench("list", "--coverage", "--domain", "banking", cwd=workdir)
    listed = supportbench("list", "--domain", "banking", cwd=workdir)
    total = sum(1 for line in listed.stdout.splitlines() if line.startswith("banking.") and "~" not in line.split()[0])
    all_row = next(line for line in done.stdout.splitlines() if line.startswith("all"))
    assert int(all_row.split()[-1]) == total
    assert "grieving" in done.stdout.splitlines()[0]
