"""bench.render.safe: text from a bot, a scenario or a name cannot act on the terminal, the Markdown
page or the spreadsheet it is shown in."""

from __future__ import annotations

import pytest

from bench.render.safe import csv_cell, for_terminal, md_code, md_text


@pytest.mark.parametrize(
    "sequence",
    [
        "\x1b[2J\x1b[H",  # clear the screen, cursor home
        "\x1b]0;owned\x07",  # window title
        "\x1b]8;;https://evil.example\x1b\\",  # OSC 8 hyperlink
        "\x1b]52;c;ZXZpbA==\x07",  # write the clipboard
        "\x9b31m",  # C1 CSI
        "\x1bP1$r\x1b\\",  # DCS
        "\x1b(0",  # charset switch
    ],
)
def test_escape_sequences_are_removed_for_the_terminal(sequence):
    assert for_terminal(f"a{sequence}b") == "ab"


def test_an_unterminated_title_sequence_ends_at_the_end_of_its_line():
    assert for_terminal("a\x1b]0;owned\nnext line") == "a\nnext line"


def test_controls_and_bidi_overrides_are_removed_but_newlines_and_tabs_kept():
    assert for_terminal("a\rb\x00c\x07d\x7fe\u202ef\u2066g\n\th") == "abcdefg\n\th"


def test_plain_text_is_unchanged_for_the_terminal():
    assert for_terminal("Votre colis arrive jeudi — 12,50 € [ok]") == "Votre colis arrive jeudi — 12,50 € [ok]"


def test_html_in_markdown_text_is_escaped():
    assert md_text('<img src=x onerror="alert(1)"> & co') == '&lt;img src=x onerror="alert(1)"&gt; &amp; co'


@pytest.mark.parametrize("scheme", ["javascript", "JavaScript", "data", "vbscript", " javascript"])
def test_a_link_to_a_dangerous_scheme_is_inert_text_in_markdown(scheme):
    out = md_text(f"[click me]({scheme}:alert(1))")
    assert out.startswith("\\[click me\\](")


def test_an_ordinary_link_stays_a_link_in_markdown():
    assert md_text("[docs](https://example.com)") == "[docs](https://example.com)"


def test_a_markdown_cell_stays_one_cell_on_one_line():
    assert md_text("a | b\nc") == "a \\| b c"


def test_backticks_cannot_open_a_code_span():
    assert md_text("`x`") == "'x'" and md_code("a`b\nc") == "a'b c"


@pytest.mark.parametrize("text", ['=HYPERLINK("http://evil","x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "  =1+1"])
def test_a_csv_cell_that_could_be_a_formula_is_quoted(text):
    assert csv_cell(text) == "'" + text


def test_a_csv_cell_starting_with_a_carriage_return_is_quoted_and_loses_it():
    assert csv_cell("\r=1+1") == "'=1+1"


def test_a_csv_cell_loses_escape_sequences():
    assert csv_cell("bot\x1b]0;owned\x07") == "bot"


@pytest.mark.parametrize("value", [0.25, -1, 3, None, True, "careful", "n/a"])
def test_numbers_and_ordinary_text_stay_as_they_are_in_csv(value):
    assert csv_cell(value) == value
