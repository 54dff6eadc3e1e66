"""Loading bots from --bot specs: builtin:NAME, module:attr, file.py:attr."""

from __future__ import annotations

import sys

import pytest

from bench.bots import BotSpecError, load_bot
from bench.bots.reference import REFERENCE_BOTS


def test_every_reference_bot_loads_by_builtin_name():
    for name in REFERENCE_BOTS:
        contestant = load_bot(f"builtin:{name}")
        assert contestant.name == name and callable(contestant.bot.respond)


def test_unknown_builtin_names_the_known_ones():
    with pytest.raises(BotSpecError, match="no built-in bot 'nope'.*careful"):
        load_bot("builtin:nope")


@pytest.fixture
def module_dir(tmp_path, monkeypatch):
    (tmp_path / "mybots.py").write_text(
        "class Bot:\n"
        "    def respond(self, message, session):\n"
        "        return 'hi'\n"
        "def answer(message, session):\n"
        "    return 'hello'\n"
        "class NeedsArgs:\n"
        "    def __init__(self, key):\n"
        "        pass\n"
        "NOT_A_BOT = 3\n"
    )
    monkeypatch.chdir(tmp_path)
    yield tmp_path
    sys.modules.pop("mybots", None)


def test_class_is_instantiated_from_a_module_in_the_working_directory(module_dir):
    contestant = load_bot("mybots:Bot")
    assert contestant.name == "mybots:Bot"
    assert contestant.bot.respond("x", None) == "hi"


def test_plain_function_stands_for_respond(module_dir):
    assert load_bot("mybots:answer").bot.respond("x", None) == "hello"


def test_bot_loads_from_a_file_path(module_dir):
    assert load_bot(f"{module_dir / 'mybots.py'}:Bot").bot.respond("x", None) == "hi"


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("nocolon", "expected builtin:NAME"),
        ("mybots:Missing", "has no attribute 'Missing'"),
        ("no_such_module_xyz:Bot", "cannot import no_such_module_xyz"),
        ("mybots:NeedsArgs", "NeedsArgs\\(\\) failed"),
        ("mybots:NOT_A_BOT", "has no respond"),
        ("missing.py:Bot", "no file missing.py"),
    ],
)
def test_bad_spec_says_what_is_wrong(module_dir, spec, message):
    with pytest.raises(BotSpecError, match=message):
        load_bot(spec)
