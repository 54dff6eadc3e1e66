"""`supportbench leaderboard` and `supportbench compare`, run as users run them, on real runs of the
reference bots (a few retail scenarios, two trials)."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml

from bench.analysis.board import schema
from tests.cli.test_cli import supportbench

PICK = ["--filter", "retail.*", "--category", "human-request", "--category", "sensitive"]
INTERVAL = re.compile(r"\d\.\d{3} \[\d\.\d{3}, \d\.\d{3}\]")


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> Path:
    """runs/pair: careful and cold; runs/silent: silent on the same scenarios; both with two trials."""
    root = tmp_path_factory.mktemp("cli")
    for out, bots in (("runs/pair", ["careful", "cold"]), ("runs/silent", ["silent"])):
        args = [a for b in bots for a in ("--bot", f"builtin:{b}")]
        done = supportbench("run", "-q", *args, *PICK, "--trials", "2", "--out", out, cwd=root)
        assert done.returncode == 0, done.stderr
    return root


def leaderboard(work: Path, *args: str):
    return supportbench("leaderboard", "runs/pair", "runs/silent", *args, cwd=work)


def test_leaderboard_prints_a_rich_table_of_every_bot_of_the_merged_runs(work):
    done = leaderboard(work)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "supportbench leaderboard" in lines[0] and "┃ rank" in done.stdout
    for bot in ("careful", "cold", "silent"):
        assert any(f"│ {bot} " in line for line in lines)
    assert "pass rate" in done.stdout and "pass^k" in done.stdout


def test_markdown_shows_each_interval_the_ranks_the_suite_digest_and_the_command(work):
    done = leaderboard(work, "--format", "md")
    assert done.returncode == 0, done.stderr
    table = [line for line in done.stdout.splitlines() if line.startswith("| ") and "silent" in line][0]
    assert len(INTERVAL.findall(table)) >= 4
    assert re.match(r"\| \d+=? +\| silent", table)
    summary = json.loads((work / "runs/pair/summary.json").read_text())
    assert f"suite digest `{summary['suite_digest']}`" in done.stdout
    assert "Produced by: `supportbench leaderboard runs/pair runs/silent --format md`" in done.stdout
    assert "## Pairwise differences (composite)" in done.stdout and "## By category" in done.stdout


def test_json_is_the_document_and_validates_against_the_published_schema(work):
    done = leaderboard(work, "--format", "json", "--out", "board.json")
    assert done.returncode == 0, done.stderr
    document = json.loads((work / "board.json").read_text())
    jsonschema.Draft202012Validator(schema()).validate(document)
    assert document["ranking"][0] == "careful" and document["bots"]["careful"]["pass_k"]["k"] == 2


def test_csv_has_one_row_per_bot_with_each_interval_bound(work):
    done = leaderboard(work, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [r["bot"] for r in rows] == ["careful", "cold", "silent"]
    for row in rows:
        assert float(row["composite_low"]) <= float(row["composite"]) <= float(row["composite_high"])
        assert row["k"] == "2" and row["empathy_high"] != ""


def test_html_is_one_page_from_the_html_report(work):
    done = leaderboard(work, "--format", "html", "--out", "page.html")
    assert done.returncode == 0, done.stderr
    assert "<html" in (work / "page.html").read_text(encoding="utf-8").lower()


def test_different_scenario_sets_exit_2_naming_the_scenarios(work):
    done = supportbench("run", "-q", "--bot", "builtin:deflector", "--filter", "retail.human.*", "--out", "s", cwd=work)
    assert done.returncode == 0, done.stderr
    refused = supportbench("leaderboard", "runs/pair", "s", cwd=work)
    assert refused.returncode == 2
    assert "cannot rank bots on different scenario sets" in refused.stderr
    assert "deflector (s) lacks" in refused.stderr
    assert "retail.vulnerable.retour-lourd-fauteuil-roulant" in refused.stderr
    assert refused.stdout == ""
    shared = supportbench("leaderboard", "runs/pair", "s", "--shared-only", "--format", "json", cwd=work)
    assert shared.returncode == 0, shared.stderr
    assert all(s.startswith("retail.human.") for s in json.loads(shared.stdout)["scenarios"])


def test_different_scenario_versions_exit_2_naming_the_scenario_and_the_runs(work, by_id):
    listed = supportbench("list", *PICK, cwd=work).stdout
    ids = [line.split()[0] for line in listed.splitlines() if line.startswith("retail.")]
    suite = work / "edited-suite"
    suite.mkdir()
    for i in ids:
        shutil.copy(by_id[i].source, suite / f"{i}.yaml")
    edited = suite / f"{ids[0]}.yaml"
    data = yaml.safe_load(edited.read_text(encoding="utf-8"))
    data["title"] += " (edited)"
    edited.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    done = supportbench("run", "-q", "--bot", "builtin:apologiser", "--suite", str(suite), "--out", "edited", cwd=work)
    assert done.returncode == 0, done.stderr
    refused = supportbench("leaderboard", "runs/pair", "edited", cwd=work)
    assert refused.returncode == 2
    assert "different versions of 1 scenario(s)" in refused.stderr
    line = next(line for line in refused.stderr.splitlines() if ids[0] in line)
    assert "runs/pair" in line and "edited" in line


def test_weights_rescore_and_a_bad_weights_file_exits_2(work):
    (work / "w.yaml").write_text("dimensions: {accuracy: 0, empathy: 1, escalation: 0, resolution: 0, conduct: 0}\n")
    done = leaderboard(work, "--format", "json", "--weights", "w.yaml")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["weights"]["dimensions"]["empathy"] == 1
    bots = document["bots"]
    assert bots["cold"]["composite"]["mean"] < bots["careful"]["composite"]["mean"] - 0.2  # cold has no empathy
    (work / "bad.yaml").write_text("dimensions: {kindness: 1}\n")
    bad = leaderboard(work, "--weights", "bad.yaml")
    assert bad.returncode == 2 and "dimensions.kindness: unknown" in bad.stderr


def test_a_missing_run_directory_exits_2(work):
    assert supportbench("leaderboard", "nowhere", cwd=work).returncode == 2


def test_compare_shows_each_dimension_and_the_flipped_verdicts_with_the_findings_that_decided_them(work):
    done = supportbench("compare", "runs/pair", "runs/pair", "--bot-a", "careful", "--bot-b", "cold", cwd=work)
    assert done.returncode == 0, done.stderr
    assert "A = careful (runs/pair), B = cold (runs/pair)" in done.stdout
    for metric in ("composite", "empathy", "pass rate"):
        assert f"│ {metric} " in done.stdout
    assert re.search(r"Verdicts flipped: [1-9]\d* \(0 now pass, [1-9]\d* now fail\)", done.stdout)
    assert "retail.vulnerable.retour-lourd-fauteuil-roulant #0: pass -> FAIL" in done.stdout
    assert re.search(r"empathy\.\w+ \[critical\] at turn \d+ \(bot\)", done.stdout)
    assert "evidence: «" in done.stdout


def test_compare_json_carries_the_paired_differences_and_the_flips(work):
    done = supportbench(
        "compare", "runs/pair", "runs/pair", "--bot-a", "careful", "--bot-b", "cold", "--format", "json", cwd=work
    )
    pair = json.loads(done.stdout)["pairs"][0]
    empathy = next(m for m in pair["metrics"] if m["metric"] == "empathy")
    assert empathy["diff"] < 0 and empathy["low"] <= empathy["diff"] <= empathy["high"]
    flip = pair["flipped"][0]
    assert (flip["a_passed"], flip["b_passed"], flip["failed_in"]) == (True, False, "b")
    finding = flip["decided_by"][0]
    assert finding["turn"] is not None and finding["check"].count(".") == 1 and finding["role"] in ("bot", "customer")


def test_compare_of_a_run_with_itself_changes_nothing(work):
    done = supportbench("compare", "runs/pair", "runs/pair", "--format", "json", cwd=work)
    pairs = json.loads(done.stdout)["pairs"]
    assert [(p["a"]["bot"], p["b"]["bot"]) for p in pairs] == [("careful", "careful"), ("cold", "cold")]
    for pair in pairs:
        assert pair["flipped"] == [] and all(m["diff"] in (0, None) for m in pair["metrics"])


def test_compare_of_runs_without_a_common_bot_asks_which_to_compare(work):
    done = supportbench("compare", "runs/pair", "runs/silent", cwd=work)
    assert done.returncode == 2 and "--bot-a NAME --bot-b NAME" in done.stderr
    named = supportbench("compare", "runs/pair", "runs/silent", "--bot-a", "careful", cwd=work)
    assert named.returncode == 0 and "B = silent (runs/silent)" in named.stdout


def test_run_prints_the_terminal_table_and_writes_leaderboard_md_with_intervals(work):
    text = (work / "runs/pair/leaderboard.md").read_text(encoding="utf-8")
    assert text.startswith("# supportbench leaderboard: run pair")
    assert INTERVAL.search(text) and "pass^k" in text
    assert "Produced by: `supportbench run -q --bot builtin:careful --bot builtin:cold" in text
