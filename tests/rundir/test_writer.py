"""The one writer of a run directory: any text a bot sends is stored losslessly on one ASCII line,
and a writer that cannot write says so on the next write and on close instead of dropping records."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.core.transcript import Transcript, Turn
from bench.rundir.files import SCORES, TRANSCRIPTS, RunDirError
from bench.rundir.reader import read_run
from bench.rundir.writer import RunWriteError, RunWriter

UTF16 = ("utf-16-le", "surrogatepass")


def _transcript(text: str, scenario: str = "retail.x") -> Transcript:
    return Transcript(
        run_id="r",
        bot="b",
        scenario_id=scenario,
        scenario_digest="d",
        trial=0,
        seed=0,
        language="en",
        channel="chat",
        turns=[Turn("customer", "Hi"), Turn("bot", text)],
        outcome="resolved",
    )


def _card(scenario: str = "retail.x", note: str = "") -> dict:
    return {
        "bot": "b",
        "scenario_id": scenario,
        "trial": 0,
        "outcome": "resolved",
        "composite": 1.0,
        "passed": True,
        "note": note,
        "dimensions": {},
    }


def _round_trip(directory: Path, text: str) -> tuple[str, str]:
    with RunWriter(directory) as writer:
        writer.write(_transcript(text), _card(note=text))
    (conversation,) = read_run(directory).conversations
    return conversation.transcript.turns[1].text, conversation.card["note"]


@pytest.mark.parametrize(
    "text",
    ["\ud800", "a\udfffb", "one\u2028two\u2029three", "next\x85line", "\x1c\x1d\x1e\x0b\x0c\r\n", "😀 é ß"],
    ids=["lone-high-surrogate", "lone-low-surrogate", "unicode-line-separators", "nel", "control", "astral"],
)
def test_awkward_reply_text_round_trips_through_writer_and_reader(tmp_path, text):
    assert _round_trip(tmp_path, text) == (text, text)
    for name in (TRANSCRIPTS, SCORES):
        lines = (tmp_path / name).read_bytes().split(b"\n")
        assert len(lines) == 2 and lines[1] == b"" and lines[0].isascii()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(st.characters(blacklist_categories=())))
def test_any_reply_text_round_trips_through_writer_and_reader(tmp_path_factory, text):
    got, noted = _round_trip(tmp_path_factory.mktemp("run"), text)
    # JSON strings are UTF-16 code units: a high surrogate followed by a low one reads back as the one
    # character they encode. Such text never comes from a bot over HTTP (its JSON already joined them).
    assert got.encode(*UTF16) == noted.encode(*UTF16) == text.encode(*UTF16)
    if text.encode(*UTF16).decode(*UTF16) == text:
        assert got == noted == text


def test_a_writer_thread_failure_is_raised_by_the_next_write_and_by_close(tmp_path, monkeypatch):
    with RunWriter(tmp_path) as writer:
        writer.write(_transcript("saved"), _card())
    writer = RunWriter(tmp_path)

    def refuse(line: str) -> int:  # not an OSError: any failure of the thread counts
        raise UnicodeEncodeError("ascii", line, 0, 1, "cannot be written")

    monkeypatch.setattr(writer._transcripts, "write", refuse)
    writer.write(_transcript("lost", "retail.y"), _card("retail.y"))
    writer._thread.join(timeout=0.5)  # the thread keeps running; give it the time to fail the batch
    while writer._failure is None:
        writer._thread.join(timeout=0.01)

    with pytest.raises(RunWriteError, match=r"cannot write records \(UnicodeEncodeError: .*saved there"):
        writer.write(_transcript("after", "retail.z"), _card("retail.z"))
    with pytest.raises(RunWriteError, match=str(tmp_path)):
        writer.close()
    assert [c.scenario_id for c in read_run(tmp_path).conversations] == ["retail.x"]


def test_a_record_that_cannot_be_encoded_is_an_error_naming_it(tmp_path):
    circular: dict = {}
    circular["self"] = circular
    with RunWriter(tmp_path) as writer, pytest.raises(RunWriteError, match=r"cannot encode the records of b/retail\.x"):
        writer.write(_transcript("x"), _card() | {"extra": circular})


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_disk_fails_the_close_with_the_directory_named(tmp_path):
    (tmp_path / TRANSCRIPTS).symlink_to("/dev/full")  # every write: ENOSPC

    writer = RunWriter(tmp_path)
    writer.write(_transcript("x"), _card())
    with pytest.raises(RunWriteError, match=rf"{tmp_path}: cannot write records \(OSError: No space left on device\)"):
        writer.close()


def test_a_file_cannot_be_a_run_directory(tmp_path):
    path = tmp_path / "file"
    path.write_text("")
    with pytest.raises(RunDirError, match=rf"{path}: cannot be a run directory: it is a file"):
        RunWriter(path)
