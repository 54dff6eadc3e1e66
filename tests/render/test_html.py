"""The HTML leaderboard: one self-contained page (nothing fetched), everything from a run escaped,
findings under the turns they concern; and, in a real headless Chromium, the page renders, its
table sorts by mouse and keyboard, it logs no console error, and a bot reply carrying a script
runs nothing and shows as text.

The browser tests skip when Chromium or chromedriver is missing on a developer's machine, never in
CI (CI=true): there they fail, so a CI without the browser cannot pass by skipping."""

from __future__ import annotations

import html
import os
import re
import shutil
from pathlib import Path

import pytest

from bench import RunOptions, evaluate, load_bot, load_scenarios
from bench.analysis.board import Board, assemble
from bench.bots import Contestant
from bench.core.transcript import Transcript, Turn
from bench.render.html import SCRIPT, render
from bench.rundir.reader import read_run, read_transcripts
from bench.rundir.writer import RunWriter
from bench.scorers import DIMENSIONS, score_transcript
from bench.scorers.weights import Weights

PAYLOAD = '<script>window.__pwned=1</script> and <img src=x onerror="window.__pwned=2"> sorted'


class InjectingBot:
    """A bot whose every reply tries to run code on the leaderboard page."""

    def respond(self, message, session):
        return f"Hello {PAYLOAD}"


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory) -> Path:
    """careful, cold and the injecting bot, two trials on three scenarios of different categories."""
    chosen, categories = [], set()
    for scenario in sorted(load_scenarios(), key=lambda s: s.id):
        if scenario.category not in categories and "~" not in scenario.id:
            chosen.append(scenario)
            categories.add(scenario.category)
        if len(chosen) == 3:
            break
    out = tmp_path_factory.mktemp("html") / "run"
    bots = [load_bot("builtin:careful"), load_bot("builtin:cold"), Contestant("injector", InjectingBot())]
    evaluate(bots, chosen, RunOptions(trials=2, concurrency=4), out)
    return out


@pytest.fixture(scope="module")
def board(run_dir) -> Board:
    return assemble([run_dir])


@pytest.fixture(scope="module")
def document(board) -> dict:
    return board.document


@pytest.fixture(scope="module")
def page(board) -> str:
    return render(board)


@pytest.fixture(scope="module")
def page_file(page, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("page") / "leaderboard.html"
    path.write_text(page, encoding="utf-8")
    return path


# --- without a browser ---------------------------------------------------------------------------


def test_the_page_fetches_nothing(page):
    assert "<script src" not in page.lower()
    assert not re.search(r"<link[^>]+href=[\"']?(https?:)?//", page, re.IGNORECASE)
    assert not re.search(r"\b(src|href)=[\"']?(https?:)?//", page, re.IGNORECASE)
    assert not re.search(r"url\(\s*[\"']?(https?:)?//", page, re.IGNORECASE)
    assert "@import" not in page


def test_a_bot_reply_with_markup_is_escaped(page):
    assert html.escape(PAYLOAD) in page
    assert "window.__pwned=1</script>" not in page
    assert "<img" not in page
    assert page.lower().count("<script") == 1  # the page's own sorting script


def test_the_script_never_writes_markup():
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "Function("):
        assert sink not in SCRIPT


def test_names_and_values_from_the_document_are_escaped(board, document):
    doc = {**document, "bots": dict(document["bots"]), "ranking": [*document["ranking"], '"><b>x</b>']}
    doc["bots"]['"><b>x</b>'] = document["bots"]["careful"]
    doc["command"] = "supportbench <i>leaderboard</i>"
    page = render(Board(doc, board.conversations))
    assert "<b>x</b>" not in page and "<i>leaderboard</i>" not in page
    assert html.escape('"><b>x</b>') in page


def test_the_table_has_one_row_per_bot_in_ranking_order(page, document):
    assert re.findall(r'<tr data-bot="([^"]*)"', page) == document["ranking"]


def test_each_interval_is_printed_with_its_mean(page, document):
    composite = document["bots"]["careful"]["composite"]
    assert f'{composite["mean"]:.3f}<span class="ci">[{composite["low"]:.3f}, {composite["high"]:.3f}]</span>' in page


def test_there_is_a_chart_for_the_composite_and_each_dimension(page):
    captions = re.findall(r"<figure><figcaption>([^<]*)</figcaption><svg", page)
    assert captions == ["composite", *DIMENSIONS]


def test_the_heat_map_prints_the_composite_of_each_category_and_bot(page, document):
    heat = page.split('data-breakdown="category"')[1].split("</table>")[0]
    for bot in document["ranking"]:
        for category, cell in document["bots"][bot]["breakdowns"]["category"].items():
            assert re.search(rf"{html.escape(bot)}, category {category}: [^>]*>{cell['composite']:.3f}</td>", heat)


def test_every_scenario_has_the_transcripts_of_every_bot(page, document):
    for sid in document["scenarios"]:
        section = page.split(f'data-scenario="{sid}"')[1].split('<details class="scenario"')[0]
        for bot in document["ranking"]:
            assert section.count(f'data-bot="{bot}"') == 2  # two trials


def _one_conversation(tmp_path: Path) -> Path:
    transcript = Transcript(
        run_id="r",
        bot="b",
        scenario_id="retail.test.one",
        scenario_digest="d",
        trial=0,
        seed=0,
        language="en",
        channel="chat",
        turns=[Turn("customer", "Where is my parcel?"), Turn("bot", "It arrives on <12 March>.", latency_s=0.5)],
        outcome="resolved",
    )
    finding = {"passed": False, "severity": "critical", "message": "states the date", "evidence": "on <12 March>"}
    card = {
        "bot": "b",
        "scenario_id": "retail.test.one",
        "trial": 0,
        "outcome": "resolved",
        "composite": 0.5,
        "passed": False,
        "dimensions": {
            "accuracy": {"score": 0.0, "findings": [{**finding, "check": "accuracy.states_date", "turn": 1}]},
            "resolution": {
                "score": 1.0,
                "findings": [
                    {
                        "check": "resolution.state",
                        "passed": True,
                        "severity": "major",
                        "message": "the order is untouched",
                        "turn": None,
                        "evidence": "",
                    }
                ],
            },
        },
    }
    with RunWriter(tmp_path) as writer:
        writer.write(transcript, card)
    return tmp_path


def test_each_finding_is_shown_under_the_turn_it_concerns(tmp_path):
    document = {"scenarios": ["retail.test.one"], "ranking": ["b"], "bots": {"b": {"rank": "1"}}}
    page = render(Board(document, {"b": read_run(_one_conversation(tmp_path)).conversations}))
    bot_turn = page.split('data-turn="1"')[1].split("</ol>")[0]
    assert "FAIL" in bot_turn and "[critical]" in bot_turn and "accuracy.states_date" in bot_turn
    assert "states the date" in bot_turn and html.escape("on <12 March>") in bot_turn
    assert "accuracy.states_date" not in page.split('data-turn="1"')[0]
    whole = page.split("whole conversation")[1]
    assert "PASS" in whole and "resolution.state" in whole and "the order is untouched" in whole


# --- in a real headless Chromium -----------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium through chromedriver (Debian's `chromium` and `chromium-driver`)."""
    in_ci = os.environ.get("CI") == "true"
    missing = [name for name in ("chromium", "chromedriver") if not shutil.which(name)]
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        missing.append("the selenium package")
    if missing:
        message = f"the browser tests need {', '.join(missing)} (apt-get install chromium chromium-driver)"
        if in_ci:
            pytest.fail(message + ": CI must run them")
        pytest.skip(message)
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=shutil.which("chromedriver")))
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


@pytest.fixture
def opened(browser, page_file):
    browser.get(page_file.as_uri())
    browser.get_log("browser")  # start each test with an empty log
    return browser


def _row_bots(driver) -> list[str]:
    from selenium.webdriver.common.by import By

    return [row.get_attribute("data-bot") for row in driver.find_elements(By.CSS_SELECTOR, "#board tbody tr")]


def _header_button(driver, label: str):
    from selenium.webdriver.common.by import By

    [button] = [b for b in driver.find_elements(By.CSS_SELECTOR, "#board thead th button") if b.text.strip() == label]
    return button


def _composite(document: dict, bot: str) -> float:
    return document["bots"][bot]["composite"]["mean"]


def test_the_page_renders_its_title_and_a_row_per_bot(opened, document):
    assert opened.title == "supportbench leaderboard"
    assert _row_bots(opened) == document["ranking"]


def test_clicking_the_bot_header_sorts_by_name_then_reverses(opened, document):
    _header_button(opened, "bot").click()
    assert _row_bots(opened) == sorted(document["ranking"])
    _header_button(opened, "bot").click()
    assert _row_bots(opened) == sorted(document["ranking"], reverse=True)


def test_clicking_a_score_header_sorts_best_first_then_worst_first(opened, document):
    by_score = sorted(document["ranking"], key=lambda b: _composite(document, b))
    _header_button(opened, "bot").click()  # away from the ranking order first
    _header_button(opened, "composite").click()
    assert _row_bots(opened) == by_score[::-1]
    assert _header_button(opened, "composite").find_element("xpath", "..").get_attribute("aria-sort") == "descending"
    _header_button(opened, "composite").click()
    assert _row_bots(opened) == by_score


def test_the_keyboard_sorts_too(opened, document):
    from selenium.webdriver.common.keys import Keys

    _header_button(opened, "bot").send_keys(Keys.ENTER)
    assert _row_bots(opened) == sorted(document["ranking"])
    _header_button(opened, "bot").send_keys(Keys.SPACE)
    assert _row_bots(opened) == sorted(document["ranking"], reverse=True)


def test_the_page_logs_no_console_error(opened):
    from selenium.webdriver.common.by import By

    _header_button(opened, "composite").click()
    for summary in opened.find_elements(By.CSS_SELECTOR, "details.scenario > summary")[:2]:
        summary.click()
    errors = [entry for entry in opened.get_log("browser") if entry["level"] in ("SEVERE", "WARNING")]
    assert errors == []


def test_an_injected_script_does_not_run_and_shows_as_text(opened, document):
    from selenium.webdriver.common.by import By

    sid = document["scenarios"][0]
    opened.find_element(By.CSS_SELECTOR, f'details.scenario[data-scenario="{sid}"] > summary').click()
    conversation = opened.find_element(
        By.CSS_SELECTOR, f'details.scenario[data-scenario="{sid}"] details.conversation[data-bot="injector"]'
    )
    conversation.find_element(By.TAG_NAME, "summary").click()
    replies = [e.text for e in conversation.find_elements(By.CSS_SELECTOR, "li.turn.bot .said")]
    assert replies and all(PAYLOAD in reply for reply in replies)
    assert opened.execute_script("return typeof window.__pwned") == "undefined"
    assert opened.find_elements(By.TAG_NAME, "img") == []
    assert opened.find_elements(By.TAG_NAME, "script")[0].get_attribute("src") in ("", None)
    assert len(opened.find_elements(By.TAG_NAME, "script")) == 1


def _conversation_summary(page: str, sid: str, bot: str, trial: int) -> str:
    section = page.split(f'data-scenario="{sid}"')[1].split('<details class="scenario"')[0]
    return section.split(f'data-bot="{bot}" data-trial="{trial}">')[1].split("</summary>")[0]


def test_a_bot_in_two_runs_with_the_same_results_is_shown_once(run_dir, tmp_path):
    copy = tmp_path / "again"
    shutil.copytree(run_dir, copy)
    both = assemble([run_dir, copy])
    document, page = both.document, render(both)
    for sid in document["scenarios"]:
        section = page.split(f'data-scenario="{sid}"')[1].split('<details class="scenario"')[0]
        assert section.count('data-bot="careful"') == 2


def test_conversation_scores_follow_the_leaderboard_weights(run_dir):
    weights = Weights(dimensions={"accuracy": 0.0, "empathy": 1.0, "escalation": 0.0, "resolution": 0.0, "conduct": 0})
    page = render(assemble([run_dir], weights=weights))
    scenarios = {s.id: s for s in load_scenarios()}
    for t in read_transcripts(run_dir):
        expected = score_transcript(scenarios[t.scenario_id], t, weights).composite
        assert f"composite {expected:.3f}" in _conversation_summary(page, t.scenario_id, t.bot, t.trial)


def test_the_notes_of_the_document_are_shown(board, document):
    page = render(Board({**document, "notes": ["1 trial: pass^k needs <repeated> trials"]}, board.conversations))
    assert "<li>1 trial: pass^k needs &lt;repeated&gt; trials</li>" in page
