"""A real run whose bot echoes a registered secret back in every form (raw, URL-encoded, base64,
Basic auth, JSON- and HTML-escaped, cut short): no form reaches any file of the run directory, nor
the leaderboard (Markdown, CSV, JSON, HTML), the gate (Markdown, JUnit, JSON) or `show`."""

from __future__ import annotations

import base64
import html
import json
import string
from io import StringIO
from pathlib import Path
from urllib.parse import quote, quote_plus

import httpx
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rich.console import Console

from bench.analysis.board import assemble
from bench.bots import Contestant
from bench.cli import main
from bench.core import secrets
from bench.core.contract import BotReply
from bench.gate.verdict import evaluate_gate
from bench.render import gate as gate_report
from bench.render import leaderboard as boards
from bench.render.html import render as render_html
from bench.run.evaluation import evaluate
from bench.run.runner import RunOptions

ALPHABET = string.ascii_letters + string.digits + "-_.~+/=:@!$&'()*,;% \"<>\\?#"


def forms(secret: str) -> list[str]:
    """Every form the secret can take on its way back, computed here with the standard library."""
    raw = secret.encode()
    b64 = [base64.b64encode(raw).decode(), base64.urlsafe_b64encode(raw).decode()]
    return [
        secret,
        quote(secret),
        quote(secret, safe=""),
        quote_plus(secret),
        httpx.URL("http://bot.example/chat?key=" + secret).raw_path.decode().split("key=")[1],  # up to a #
        *b64,
        *(b.rstrip("=") for b in b64),
        base64.b64encode(b"support-user:" + raw).decode(),
        *(base64.b64encode(b"x" * shift + raw + b"!").decode()[2:-2] for shift in range(3)),
        json.dumps(secret)[1:-1],
        json.dumps(secret, ensure_ascii=False)[1:-1],
        html.escape(secret),
        secret[:8],
        secret[: len(secret) // 2 + 4],
        secret[-8:],
    ]


def leaks(secret: str, text: str) -> list[str]:
    """The forms (and the 8-character parts of the secret) found in `text`."""
    found = [f for f in forms(secret) if len(f) >= 8 and f in text]
    return found + [secret[i : i + 8] for i in range(len(secret) - 7) if secret[i : i + 8] in text]


class Echo:
    """A bot that repeats the secret back in every form, in its reply and in its handoff."""

    def __init__(self, secret: str):
        self.said = "I received " + " / ".join(forms(secret))

    def respond(self, message: str, session) -> BotReply:
        return BotReply(self.said, handoff=True, handoff_summary=self.said, handoff_reason=self.said[:300])


def strings_in(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings_in(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings_in(v)]
    return []


def outputs(run_dir: Path, scenario) -> dict[str, str]:
    """Every artifact of the run and every rendering of it, as text (JSON files also as their values)."""
    texts = {p.name: p.read_text(encoding="utf-8") for p in run_dir.iterdir() if p.is_file()}
    for name in [n for n in texts if n.endswith((".json", ".jsonl"))]:
        lines = texts[name].splitlines() if name.endswith(".jsonl") else [texts[name]]
        texts[name + " (values)"] = "\n".join(s for line in lines if line for s in strings_in(json.loads(line)))
    board = assemble([run_dir], scenarios=[scenario])
    console = Console(file=StringIO(), width=200)
    boards.terminal(board.document, console)
    texts |= {
        "leaderboard terminal": console.file.getvalue(),
        "leaderboard md": boards.markdown(board.document),
        "leaderboard csv": boards.csv_text(board.document),
        "leaderboard json": boards.json_text(board.document),
        "leaderboard html": render_html(board),
    }
    gated = evaluate_gate(run_dir, scenarios=[scenario])
    texts |= {
        "gate md": gate_report.markdown(gated.document),
        "gate junit": gate_report.junit_xml(gated),
        "gate json": gate_report.json_text(gated.document),
        "show": CliRunner().invoke(main, ["show", str(run_dir)]).output,
    }
    return texts


secret_text = st.text(ALPHABET, min_size=8, max_size=40).filter(lambda s: len(set(s)) >= 6)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(secret=secret_text)
@example(secret='00000123":')  # a quote at the end: masking the JSON text would eat a quote of the JSON
def test_no_form_of_an_echoed_secret_reaches_any_artifact(tmp_path_factory, make_scenario, secret):
    scenario = make_scenario()
    run_dir = tmp_path_factory.mktemp("run") / "run"
    secrets.clear()
    secrets.register(secret)
    try:
        evaluate([Contestant("echo", Echo(secret))], [scenario], RunOptions(), run_dir, on_leaderboard=lambda d: None)
        texts = outputs(run_dir, scenario)
    finally:
        secrets.clear()
    assert "***" in texts["transcripts.jsonl"]
    assert {name: leaks(secret, text) for name, text in texts.items() if leaks(secret, text)} == {}
