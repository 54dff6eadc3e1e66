"""The one reader of a run directory: conversations are a transcript joined with its score record,
the last record of each (bot, scenario, trial) wins, and records without a partner are reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.core.transcript import Transcript, Turn
from bench.rundir.files import MANIFEST, SCORES, TRANSCRIPTS
from bench.rundir.reader import RunDirError, read_run
from bench.rundir.writer import RunWriter


def _transcript(
    scenario: str = "retail.x", trial: int = 0, outcome: str = "resolved", text: str = "Hello"
) -> Transcript:
    return Transcript(
        run_id="r",
        bot="b",
        scenario_id=scenario,
        scenario_digest="d",
        trial=trial,
        seed=0,
        language="en",
        channel="chat",
        turns=[Turn("customer", "Hi"), Turn("bot", text)],
        outcome=outcome,
    )


def _card(scenario: str = "retail.x", trial: int = 0, findings: list[dict] | None = None) -> dict:
    return {
        "bot": "b",
        "scenario_id": scenario,
        "trial": trial,
        "outcome": "resolved",
        "composite": 1.0,
        "passed": not findings,
        "dimensions": {"accuracy": {"score": 1.0, "findings": findings or []}},
    }


def _finding(check: str, severity: str, turn: int | None) -> dict:
    return {"check": check, "passed": False, "severity": severity, "message": "m", "turn": turn, "evidence": "e"}


def test_a_conversation_is_a_transcript_joined_with_its_score_record(tmp_path):
    with RunWriter(tmp_path) as writer:
        writer.write(_transcript("retail.x"), _card("retail.x"))
        writer.write(_transcript("retail.y"), _card("retail.y"))

    run = read_run(tmp_path)

    assert [(c.scenario_id, c.card["scenario_id"]) for c in run.conversations] == [
        ("retail.x", "retail.x"),
        ("retail.y", "retail.y"),
    ]
    assert run.bots == ["b"] and run.has_records and not run.unscored and not run.untold


def test_a_conversation_recorded_again_reads_as_its_last_record(tmp_path):
    with RunWriter(tmp_path) as writer:
        writer.write(_transcript(outcome="bot_error", text="first"), _card())
        writer.write(_transcript(text="second"), _card())

    run = read_run(tmp_path)

    assert len(run.conversations) == 1
    assert run.conversations[0].transcript.turns[1].text == "second"


def test_records_without_a_partner_are_reported_not_joined(tmp_path):
    with RunWriter(tmp_path) as writer:
        writer.write(_transcript("retail.x"), _card("retail.x"))
    with open(tmp_path / TRANSCRIPTS, "a", encoding="utf-8") as stream:  # a crash between the two writes
        stream.write(json.dumps(_transcript("retail.y").to_dict()) + "\n")
    with open(tmp_path / SCORES, "a", encoding="utf-8") as stream:
        stream.write(json.dumps(_card("retail.z")) + "\n")

    run = read_run(tmp_path)

    assert [c.scenario_id for c in run.conversations] == ["retail.x"]
    assert [t.scenario_id for t in run.unscored] == ["retail.y"]
    assert run.untold == [("b", "retail.z", 0)]


def test_failed_findings_come_most_severe_first_with_what_the_turn_said(tmp_path):
    findings = [_finding("accuracy.minor", "minor", None), _finding("accuracy.bad", "critical", 1)]
    with RunWriter(tmp_path) as writer:
        writer.write(_transcript(text="It arrives on 14 March."), _card(findings=findings))

    failed = read_run(tmp_path).conversations[0].failed_findings()

    assert [f["check"] for f in failed] == ["accuracy.bad", "accuracy.minor"]
    assert failed[0]["role"] == "bot" and failed[0]["text"] == "It arrives on 14 March."
    assert failed[1]["turn"] is None and failed[1]["text"] is None
    assert [f["check"] for f in read_run(tmp_path).conversations[0].failed_findings(critical_only=True)] == [
        "accuracy.bad"
    ]


def test_a_directory_without_records_reads_as_a_run_without_conversations(tmp_path):
    run = read_run(tmp_path)

    assert not run.has_records and run.conversations == [] and not run.started


def test_a_missing_directory_is_an_error_naming_it(tmp_path):
    with pytest.raises(RunDirError, match="no such run directory"):
        read_run(tmp_path / "nowhere")


def test_a_damaged_middle_line_is_skipped_and_reported(tmp_path, caplog):
    with RunWriter(tmp_path) as writer:
        writer.write(_transcript("retail.x"), _card("retail.x"))
        writer.write(_transcript("retail.y"), _card("retail.y"))
    first, second = (tmp_path / SCORES).read_bytes().splitlines(keepends=True)
    (tmp_path / SCORES).write_bytes(first + b"{not json\n" + second)

    run = read_run(tmp_path)

    assert [c.scenario_id for c in run.conversations] == ["retail.x", "retail.y"]
    assert len(run.damaged) == 1 and run.damaged[0].endswith(
        "scores.jsonl: line 2: not valid JSON: Expecting property name enclosed in double quotes"
    )
    assert "1 damaged line(s) skipped" in caplog.text


def test_records_written_with_raw_unicode_line_breaks_still_read(tmp_path):
    """Runs written before every line was ASCII hold U+2028, U+0085 and the like unescaped."""
    text = "a\u2028b\u2029c\x85d\x1ce\x0bf\x0cg"
    with open(tmp_path / TRANSCRIPTS, "w", encoding="utf-8") as stream:
        stream.write(json.dumps(_transcript(text=text).to_dict(), ensure_ascii=False) + "\n")
    with open(tmp_path / SCORES, "w", encoding="utf-8") as stream:
        stream.write(json.dumps(_card(), ensure_ascii=False) + "\n")

    run = read_run(tmp_path)

    assert [c.transcript.turns[1].text for c in run.conversations] == [text] and not run.damaged


def test_an_unpaired_transcript_is_superseded_by_a_later_whole_conversation(tmp_path):
    with RunWriter(tmp_path) as writer:
        writer.write(_transcript(text="first"), _card())
    transcript = (tmp_path / TRANSCRIPTS).read_bytes()
    (tmp_path / SCORES).write_bytes(b"")  # killed between the two files: only the transcript is on disk
    with RunWriter(tmp_path) as writer:
        writer.write(_transcript(text="second"), _card())
    assert (tmp_path / TRANSCRIPTS).read_bytes().startswith(transcript)

    run = read_run(tmp_path)

    assert [c.transcript.turns[1].text for c in run.conversations] == ["second"]
    assert not run.unscored and not run.untold


def test_a_last_line_cut_short_by_a_crash_is_skipped(tmp_path):
    with RunWriter(tmp_path) as writer:
        writer.write(_transcript(), _card())
    with open(tmp_path / SCORES, "a", encoding="utf-8") as stream:
        stream.write('{"bot": "b", "scen')

    assert len(read_run(tmp_path).conversations) == 1


def test_an_unreadable_manifest_is_an_error_naming_it(tmp_path: Path):
    (tmp_path / MANIFEST).write_text("{broken")

    run = read_run(tmp_path)

    assert run.started
    with pytest.raises(RunDirError, match=r"run\.json: cannot read the run manifest"):
        _ = run.manifest
