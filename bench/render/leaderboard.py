"""Leaderboards rendered from the leaderboard document (bench.analysis.board): a rich table for the
terminal, Markdown (tabulate) for a README or a pull-request comment, CSV for spreadsheets, JSON."""

from __future__ import annotations

import csv
import io
import json

from tabulate import tabulate

from bench.core.secrets import redact
from bench.render.safe import csv_cell, for_terminal, md_code, md_prose, md_text, shown
from bench.scorers import DIMENSIONS

SIGNIFICANT = 0.05  # Holm-adjusted p below this: marked * in the pairwise table


def interval_cell(interval: dict | None) -> str:
    """ "0.812 [0.781, 0.840]", or "n/a" when the dimension never applies."""
    if interval is None:
        return "n/a"
    return f"{interval['mean']:.3f} [{interval['low']:.3f}, {interval['high']:.3f}]"


def _pass_k_cell(bot: dict) -> str:
    if bot["pass_k"] is None:
        return "n/a (1 trial)" if bot["trials"] == 1 else "n/a"
    return f"{bot['pass_k']['value']:.3f} (k={bot['pass_k']['k']})"


def _latency_cell(bot: dict) -> str:
    latency = bot["latency"]
    if latency["p50"] is None:
        return "n/a"
    return f"{latency['p50']:.3f} / {latency['p95']:.3f}"


def _cost_cell(bot: dict) -> str:
    cost = bot.get("cost")
    if not cost:
        return "n/a"
    if cost["total"] is None:
        return ", ".join(f"{v:.4g} {k}" for k, v in cost["by_currency"].items())
    return f"{cost['total']:.4g} {cost['currency']}"


def rows(document: dict) -> tuple[list[str], list[list[str]]]:
    """The main table, as strings: one row per bot, in ranking order."""
    bots = document["bots"]
    varied = any(b.get("consistency") for b in bots.values())
    costed = any(b.get("cost") for b in bots.values())
    headers = ["rank", "bot", "composite", *DIMENSIONS, "pass rate", "pass^k"]
    headers += ["consistency"] * varied + ["latency p50 / p95 (s)"] + ["cost"] * costed
    headers += ["conversations", "bot errors"]
    table = []
    for name in document["ranking"]:
        bot = bots[name]
        steady = bot.get("consistency")
        table.append(
            [
                bot["rank"],
                name,
                interval_cell(bot["composite"]),
                *(interval_cell(bot["dimensions"].get(d)) for d in DIMENSIONS),
                f"{bot['pass_rate']:.0%}",
                _pass_k_cell(bot),
                *([f"{steady['rate']:.0%}" if steady else "n/a"] if varied else []),
                _latency_cell(bot),
                *([_cost_cell(bot)] if costed else []),
                str(bot["conversations"]),
                str(bot["bot_errors"]),
            ]
        )
    return headers, table


def _significant(row: dict) -> bool:
    return row["p_adjusted"] is not None and row["p_adjusted"] < SIGNIFICANT


def pairwise_rows(document: dict, metric: str = "composite") -> tuple[list[str], list[list[str]]]:
    """Row bot minus column bot on `metric`, upper triangle; * when the Holm-adjusted p < 0.05."""
    ranking = document["ranking"]
    found = {(c["a"], c["b"]): c for c in document["comparisons"] if c["metric"] == metric}
    table = []
    for i, a in enumerate(ranking[:-1]):
        cells = []
        for j, b in enumerate(ranking[1:], 1):
            row = found.get((a, b))
            if j <= i or row is None:
                cells.append("")
            elif row["diff"] is None:
                cells.append("n/a")
            else:
                cells.append(f"{round(row['diff'], 3) + 0.0:+.3f}{'*' if _significant(row) else ''}")
        table.append([a, *cells])
    return ["", *ranking[1:]], table


def breakdown_rows(document: dict, key: str) -> tuple[list[str], list[list[str]]]:
    """One row per value of `key` (domain, category...): each bot's composite mean and pass rate."""
    ranking = document["ranking"]
    values = sorted({v for b in document["bots"].values() for v in b["breakdowns"][key]})
    table = []
    for value in values:
        cells = []
        for name in ranking:
            group = document["bots"][name]["breakdowns"][key].get(value)
            cells.append(f"{group['composite']:.3f} ({group['pass_rate']:.0%})" if group else "")
        n = max((document["bots"][b]["breakdowns"][key].get(value) or {}).get("n", 0) for b in ranking)
        table.append([value, str(n), *cells])
    return [key, "n", *ranking], table


def _trials(document: dict) -> str:
    trials = sorted({b["trials"] for b in document["bots"].values()})
    return "/".join(map(str, trials))


def footnotes(document: dict) -> list[str]:
    """The sentences every rendering carries under its table."""
    stats = document.get("statistics", {})
    weights = document["weights"]
    lines = [
        f"Scenarios: {len(document['scenarios'])} (suite digest `{document['suite_digest']}`), "
        f"trials: {_trials(document)}, runs: {', '.join(document['runs'])}.",
        f"Scores: mean and {stats.get('level', 0.95):.0%} confidence interval "
        f"({stats.get('interval', 'bootstrap over scenarios')}). "
        "Dimensions are averaged over the conversations where they apply. "
        "A conversation passes when no critical check fails; pass^k (tau-bench) is the chance that k trials "
        "of a scenario all pass.",
        "Ranks: a bot that the paired test on the composite cannot tell from the best bot of the group above "
        "(Holm-adjusted p of 0.05 or more) shares its rank (=); the pairwise table below gives every pair.",
        "Composite weights: "
        + ", ".join(f"{k} {v:g}" for k, v in weights["dimensions"].items())
        + "; severities: "
        + ", ".join(f"{k} {v:g}" for k, v in weights["severities"].items())
        + ".",
    ]
    if any(b.get("consistency") for b in document["bots"].values()):
        lines.append("Consistency: share of scenarios whose metamorphic variants all got the same verdict.")
    return lines + [f"{note[0].upper()}{note[1:]}." for note in document.get("notes", [])]


def _github(headers: list[str], table: list[list[str]]) -> str:
    """A Markdown table whose every cell (bot names, breakdown values) is inert text."""
    return tabulate(
        [[md_text(cell) for cell in row] for row in table],
        [md_text(h) for h in headers],
        tablefmt="github",
        disable_numparse=True,
    )


def markdown(document: dict, title: str = "supportbench leaderboard") -> str:
    """The Markdown leaderboard: table, notes, pairwise composite differences, breakdowns, command."""
    stats = document.get("statistics", {})
    out = [f"# {md_text(title)}", "", _github(*rows(document)), ""]
    out += [" ".join(md_prose(line) for line in footnotes(document)), ""]
    if len(document["ranking"]) > 1:
        out += [
            "## Pairwise differences (composite)",
            "",
            f"Row bot minus column bot on the scenarios both played; * marks a Holm-adjusted p below {SIGNIFICANT} "
            f"({stats.get('test', 'paired test')}; {stats.get('correction', 'Holm')}). Every dimension's "
            "comparison, with its interval and p-values, is in the JSON output (`--format json`).",
            "",
            _github(*pairwise_rows(document)),
            "",
        ]
    for key in ("domain", "category", "emotion", "language", "channel"):
        out += [
            f"## By {key}",
            "",
            "Composite mean (pass rate); n: conversations per bot.",
            "",
            _github(*breakdown_rows(document, key)),
            "",
        ]
    made = [c for c in dict.fromkeys((document.get("run_commands") or {}).values()) if c and c != document["command"]]
    out += [
        f"Produced by: `{md_code(document['command'])}`" + "".join(f" from a run made by `{md_code(c)}`" for c in made),
        "",
    ]
    return redact("\n".join(out))


def plain(document: dict) -> str:
    """The main table as plain text (tabulate), for logs."""
    headers, table = rows(document)
    return redact(for_terminal(tabulate(table, headers, disable_numparse=True)))


def _stacked(interval: dict | None) -> str:
    """Mean over its interval on a second line, for the narrow cells of a terminal."""
    if interval is None:
        return "n/a"
    return f"{interval['mean']:.3f}\n{interval['low']:.2f}-{interval['high']:.2f}"


def terminal_rows(document: dict) -> tuple[list[str], list[list[str]]]:
    """The terminal's table: the main table with each interval stacked under its mean."""
    headers, table = rows(document)
    bots = document["bots"]
    stacked = []
    for name, row in zip(document["ranking"], table, strict=True):
        bot = bots[name]
        intervals = [bot["composite"], *(bot["dimensions"].get(d) for d in DIMENSIONS)]
        stacked.append([row[0], row[1], *(_stacked(i) for i in intervals), *row[2 + len(intervals) :]])
    short = {"latency p50 / p95 (s)": "latency (s)\np50 / p95", "conversations": "convs", "bot errors": "errors"}
    headers = [short.get(h, h) for h in headers]
    return headers, stacked


def terminal(document: dict, console=None) -> None:
    """Print the leaderboard as a rich table with its footnotes (an unwrapped 200 columns when the
    output is not a terminal)."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    if console is None:
        console = Console()
        if not console.is_terminal:
            console = Console(width=200)
    headers, table = terminal_rows(document)
    grid = Table(title="supportbench leaderboard", title_justify="left", caption_justify="left")
    for header in headers:
        grid.add_column(header, no_wrap=header in ("rank", "bot"))
    for row in table:
        grid.add_row(*(Text(shown(cell)) for cell in row))  # Text: a bot's name is never read as markup
    console.print(grid)
    for line in footnotes(document):
        console.print(Text(shown(line.replace("`", ""))), style="dim")


def csv_text(document: dict) -> str:
    """One row per bot: each interval as mean, low and high columns."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    metrics = ["composite", *DIMENSIONS]
    writer.writerow(
        ["rank", "bot", *(f"{m}{part}" for m in metrics for part in ("", "_low", "_high"))]
        + ["pass_rate", "pass_k", "k", "trials", "scenarios", "conversations", "bot_errors"]
        + ["latency_p50_s", "latency_p95_s", "cost", "currency", "run"]
    )
    for name in document["ranking"]:
        bot = document["bots"][name]
        intervals = [bot["composite"], *(bot["dimensions"].get(d) for d in DIMENSIONS)]
        cost = bot.get("cost") or {}
        writer.writerow(
            [csv_cell(bot["rank"]), csv_cell(name)]
            + [("" if i is None else i[part]) for i in intervals for part in ("mean", "low", "high")]
            + [bot["pass_rate"], *(((bot["pass_k"] or {}).get(k, "")) for k in ("value", "k"))]
            + [bot["trials"], bot.get("scenarios", ""), bot["conversations"], bot["bot_errors"]]
            + [_blank(bot["latency"]["p50"]), _blank(bot["latency"]["p95"])]
            + [_blank(cost.get("total")), csv_cell(_blank(cost.get("currency"))), csv_cell(bot.get("run", ""))]
        )
    return redact(out.getvalue())


def _blank(value) -> object:
    return "" if value is None else value


def json_text(document: dict) -> str:
    return redact(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"
