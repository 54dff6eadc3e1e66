"""A bot with a hostile name and hostile replies, through a real run: the terminal (`run`, `show`,
the leaderboard), the Markdown leaderboard and gate, the CSV leaderboard and the HTML page show its
words as inert text."""

from __future__ import annotations

import csv
import io
from io import StringIO
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from rich.console import Console

from bench.analysis.board import assemble
from bench.bots import Contestant
from bench.cli import main
from bench.core.contract import BotReply
from bench.gate.verdict import evaluate_gate
from bench.render import gate as gate_report
from bench.render import leaderboard as boards
from bench.render.html import render as render_html
from bench.run.evaluation import evaluate
from bench.run.runner import RunOptions
from tests.conftest import MINIMAL

NAME = '=HYPERLINK("http://evil.example","x")<b>bold</b>[x](javascript:alert(1))\x1b]0;owned\x07'
SAID = (
    "Hello\x1b[2J\x1b]0;title\x07 \x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\ "
    "<script>alert(1)</script> [click](javascript:alert(1)) [b]bold[/b] a|b\u202etxt"
)


class Hostile:
    def respond(self, message: str, session) -> BotReply:
        return BotReply(SAID)


@pytest.fixture
def run_dir(tmp_path: Path, make_scenario) -> tuple[Path, object]:
    scenario = make_scenario()
    out = tmp_path / "run"
    evaluate([Contestant(NAME, Hostile())], [scenario], RunOptions(), out, on_leaderboard=lambda d: None)
    return out, scenario


def no_escape(text: str) -> bool:
    return not any(c in text for c in "\x1b\x07\x9b\x9d\u202e\r")


def test_show_prints_no_escape_sequence(run_dir):
    out = CliRunner().invoke(main, ["show", str(run_dir[0])]).output
    assert "Hello" in out and "link" in out and no_escape(out)


def test_the_terminal_leaderboard_prints_no_escape_sequence_and_no_markup(run_dir):
    console = Console(file=StringIO(), width=300)
    boards.terminal(assemble([run_dir[0]], scenarios=[run_dir[1]]).document, console)
    assert no_escape(console.file.getvalue()) and "<b>bold</b>" in console.file.getvalue()


def test_the_csv_leaderboard_quotes_a_formula_name_and_keeps_numbers(run_dir):
    text = boards.csv_text(assemble([run_dir[0]], scenarios=[run_dir[1]]).document)
    header, row = list(csv.reader(io.StringIO(text)))
    cells = dict(zip(header, row, strict=True))
    assert cells["bot"].startswith("'=HYPERLINK(")
    assert cells["rank"] == "1" and float(cells["pass_rate"]) == 0.0


def test_the_markdown_leaderboard_shows_the_name_as_inert_text(run_dir):
    text = boards.markdown(assemble([run_dir[0]], scenarios=[run_dir[1]]).document)
    assert "&lt;b&gt;bold&lt;/b&gt;" in text and "\\[x\\](javascript:" in text
    assert "<b>" not in text and "[x](javascript:" not in text and no_escape(text)


def test_the_markdown_gate_quotes_the_bot_as_inert_text(run_dir):
    text = gate_report.markdown(evaluate_gate(run_dir[0], scenarios=[run_dir[1]]).document)
    for raw in ("<b>", "<script>", "[x](javascript:", "[click](javascript:"):
        assert raw not in text
    assert no_escape(text)


def test_the_html_page_escapes_the_name_and_the_replies(run_dir):
    page = render_html(assemble([run_dir[0]], scenarios=[run_dir[1]]))
    assert "<b>bold" not in page and "<script>alert" not in page and "&lt;script&gt;alert(1)" in page


def test_run_prints_progress_without_escape_sequences(tmp_path, monkeypatch):
    scenario = tmp_path / "case.yaml"
    scenario.write_text(yaml.safe_dump(MINIMAL), encoding="utf-8")
    program = tmp_path / "bot\x1b]0;owned\x07\x1b[2J.py"  # the spec is the name: a file may be called anything
    program.write_text(
        "from bench import BotReply\n\n\ndef respond(message, session):\n    return BotReply('hello')\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    args = ["run", "--bot", f"{program.name}:respond", "--suite", str(scenario), "--out", str(tmp_path / "run")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "[1/1] bot.py:respond" in result.output and no_escape(result.output)
