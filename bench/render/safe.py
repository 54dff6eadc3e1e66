"""Text that came from a bot, a scenario or a name, made harmless for where it is shown: a terminal
(no escape sequences: screen clears, window titles, OSC 8 links), Markdown (no HTML, no links to
javascript:, no broken tables), a CSV cell (no formulas, per OWASP's CSV injection advice). Every
renderer and every command that prints goes through these, and through `secrets.redact`."""

from __future__ import annotations

import html
import re

from bench.core.secrets import redact

# ESC sequences: CSI (ESC [ ... final), OSC/DCS/SOS/PM/APC strings up to BEL or ST (or the end of the
# line: an unterminated one would swallow the rest of the screen), then any other two-character escape; the
# same introducers as single C1 characters (0x9b CSI, 0x9d OSC...).
_ESCAPES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
)
# C0 and C1 controls but \t and \n (\r too: it rewrites the line), and the bidi overrides and
# isolates that make a terminal show text in another order than it is (Trojan Source).
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINK = re.compile(r"\[([^\]]*)\]\(\s*(?:<|&lt;)?\s*(?:javascript|data|vbscript|file)\s*:", re.IGNORECASE)
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def for_terminal(text: object) -> str:
    """`text` with every control character and escape sequence removed, only \\n and \\t kept."""
    return _CONTROLS.sub("", _ESCAPES.sub("", str(text)))


def shown(text: object) -> str:
    """A line for the terminal: secrets masked, escape sequences gone."""
    return for_terminal(redact(str(text)))


def md_text(text: object) -> str:
    """Untrusted words inline in Markdown, on one line: HTML special characters escaped (no tag, no
    entity gets through), backticks made quotes (no code span opens), pipes escaped (a table cell
    stays one cell), and a link to javascript:, data:, vbscript: or file: shown as plain text."""
    flat = " ".join(for_terminal(text).split())
    flat = html.escape(flat, quote=False).replace("`", "'").replace("|", "\\|")
    return _LINK.sub(lambda m: "\\[" + m[1] + "\\](" + m[0][m[0].index("(") + 1 :], flat)


def md_prose(text: object) -> str:
    """A sentence of ours that quotes names (notes, footnotes): like md_text, but its code spans kept."""
    flat = " ".join(for_terminal(text).split())
    return _LINK.sub(lambda m: "\\[" + m[1] + "\\](" + m[0][m[0].index("(") + 1 :], html.escape(flat, quote=False))


def md_code(text: object) -> str:
    """Words to put inside a `code span`: one line, no backtick to close it early."""
    return " ".join(for_terminal(text).split()).replace("`", "'")


def csv_cell(value: object) -> object:
    """A spreadsheet cell that is never a formula: text starting with = + - @ tab or CR (after any
    spaces) gets a leading quote; no escape sequence either. Numbers stay numbers."""
    if isinstance(value, bool) or not isinstance(value, str):
        return value
    formula = value.lstrip(" ").startswith(_FORMULA) or value.startswith(_FORMULA)
    return "'" * formula + for_terminal(value)
