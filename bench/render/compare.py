"""A comparison document (bench.analysis.compare) for people: a rich table in the terminal, or
Markdown."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text
from tabulate import tabulate

from bench.core.secrets import redact
from bench.render.findings import text_lines
from bench.render.safe import md_code, md_text, shown


def _num(value: float | None, sign: bool = False) -> str:
    if value is None:
        return "n/a"
    value = round(value, 3) + 0.0  # no "-0.000"
    return f"{value:+.3f}" if sign else f"{value:.3f}"


def _change(row: dict) -> str:
    if row["p_adjusted"] is None or row["diff"] is None:
        return ""
    if row["p_adjusted"] >= 0.05:
        return "no clear change"
    return "better in B" if row["diff"] > 0 else "worse in B"


def metric_rows(pair: dict) -> tuple[list[str], list[list[str]]]:
    headers = ["metric", "n", "A", "B", "B - A", "95% interval", "p", "p (Holm)", "change"]
    table = [
        [
            "pass rate" if m["metric"] == "pass" else m["metric"],
            str(m["n"]),
            _num(m["a"]),
            _num(m["b"]),
            _num(m["diff"], sign=True),
            "n/a" if m["low"] is None else f"[{_num(m['low'], True)}, {_num(m['high'], True)}]",
            "n/a" if m["p"] is None else f"{m['p']:.4f}",
            "n/a" if m["p_adjusted"] is None else f"{m['p_adjusted']:.4f}",
            _change(m),
        ]
        for m in pair["metrics"]
    ]
    return headers, table


_LEGEND = (
    "Each metric on the scenarios where it applies to both (n): the means of A and B, the paired difference "
    "B - A with its 95% bootstrap interval, and a paired sign-flip permutation p-value (Holm-adjusted over "
    "the metrics)."
)


def _title(pair: dict) -> str:
    a, b = pair["a"], pair["b"]
    return (
        f"A = {a['bot']} ({a['run']}), B = {b['bot']} ({b['run']}): {pair['scenarios']} shared scenario(s), "
        f"{a['conversations']} and {b['conversations']} conversations"
    )


def flip_lines(pair: dict) -> list[str]:
    """Each flipped verdict, with the failed critical findings that decided it (turns numbered as `show` does)."""
    lines = [
        f"Verdicts flipped: {len(pair['flipped'])} ({pair['now_passing']} now pass, {pair['now_failing']} now fail)"
    ]
    for flip in pair["flipped"]:
        verdict = "FAIL -> pass" if flip["b_passed"] else "pass -> FAIL"
        lines.append(
            f"  {flip['scenario_id']} #{flip['trial']}: {verdict} "
            f"(outcome {flip['outcome_a']} -> {flip['outcome_b']}; failed in {flip['failed_in'].upper()})"
        )
        lines += text_lines(flip["decided_by"], indent="    ")
        if not flip["decided_by"]:
            lines.append("    (no failed critical finding recorded)")
    return lines


def _extra_lines(pair: dict) -> list[str]:
    lines = []
    for side in ("a", "b"):
        only = pair[f"only_in_{side}"]
        if only:
            lines.append(f"Only in {side.upper()} (left out): {len(only)} scenario(s): {', '.join(only[:8])}")
    return lines


def markdown(document: dict) -> str:
    """The comparison in Markdown: names and quoted words inert (no HTML, no links, no fence broken out
    of), secrets masked."""
    out = ["# supportbench compare", ""]
    for note in document["notes"]:
        out += [f"Note: {md_text(note)}.", ""]
    for pair in document["pairs"]:
        headers, table = metric_rows(pair)
        out += [f"## {md_text(_title(pair))}", "", _LEGEND, ""]
        out += [tabulate(table, headers, tablefmt="github", disable_numparse=True), ""]
        out += [md_text(line) for line in _extra_lines(pair)] + [""] * bool(_extra_lines(pair))
        out += ["```", *(md_code(line) for line in flip_lines(pair)), "```", ""]
    return redact("\n".join(out))


def terminal(document: dict, console: Console | None = None) -> None:
    if console is None:
        console = Console()
        if not console.is_terminal:
            console = Console(width=200)
    for note in document["notes"]:
        console.print(Text(shown(f"Note: {note}.")), style="yellow")
    for pair in document["pairs"]:
        headers, table = metric_rows(pair)
        grid = Table(title=Text(shown(_title(pair))), title_justify="left")
        for header in headers:
            grid.add_column(header, no_wrap=header != "change")
        for row in table:
            style = "green" if row[-1] == "better in B" else "red" if row[-1] == "worse in B" else None
            grid.add_row(*(Text(cell) for cell in row), style=style)
        console.print(grid)
        for line in _extra_lines(pair) + flip_lines(pair):
            console.print(Text(shown(line)))
        console.print()
