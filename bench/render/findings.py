"""The one findings formatter: how a failed check reads in the terminal, in Markdown, in JUnit and
in a test report. A finding here is a dict as bench.rundir.reader.Conversation.failed_findings gives
it: dimension, check, severity, message, turn (0-based; shown 1-based, as `show` numbers turns),
role, text (what was said at that turn) and evidence (the quoted words that decided it)."""

from __future__ import annotations

from bench.render.safe import md_code, md_text, shown


def where(finding: dict) -> str:
    """ "at turn 3 (bot)", or "over the whole conversation" for a finding about no single turn."""
    if finding["turn"] is None:
        return "over the whole conversation"
    return f"at turn {finding['turn'] + 1} ({finding['role']})"


def text_lines(findings: list[dict], indent: str = "") -> list[str]:
    """Plain text: each finding on a line, its evidence and (once per turn) what the turn said below."""
    lines, quoted = [], set()
    for f in findings:
        lines.append(f"{indent}{f['check']} [{f['severity']}] {where(f)}: {f['message']}")
        if f["evidence"]:
            lines.append(f"{indent}  evidence: «{f['evidence']}»")
        if f["text"] and f["text"] != f["evidence"] and f["turn"] not in quoted:
            quoted.add(f["turn"])
            lines.append(f"{indent}  turn {f['turn'] + 1} said: «{f['text']}»")
    return lines


def inline(text: str) -> str:
    """Words a bot or customer said, on one line, unable to open code spans, HTML or links in Markdown."""
    return md_text(text)


def markdown_lines(findings: list[dict], indent: str = "  ") -> list[str]:
    """A Markdown list: each finding an item, its evidence and what the turn said quoted beneath."""
    lines = []
    for f in findings:
        lines.append(f"{indent}- `{md_code(f['check'])}` ({f['severity']}) {where(f)}: {inline(f['message'])}")
        if f["evidence"]:
            lines.append(f"{indent}  > evidence: {inline(f['evidence'])}")
        if f["text"] and f["text"] != f["evidence"]:
            lines.append(f"{indent}  > turn {f['turn'] + 1} said: {inline(f['text'])}")
    return lines


def one_line(finding: dict) -> str:
    """A single line, for a test report: "turn 3: check [severity]: message | evidence: "..."."""
    place = f"turn {finding['turn'] + 1}" if finding["turn"] is not None else "conversation"
    evidence = f' | evidence: "{finding["evidence"]}"' if finding["evidence"] else ""
    return shown(f"{place}: {finding['check']} [{finding['severity']}]: {finding['message']}{evidence}")
