"""Leaderboards rendered from a summary (tabulate): plain text for the terminal, Markdown for files."""

from __future__ import annotations

from tabulate import tabulate

from scorers import DIMENSIONS


def _cell(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def rows(summary: dict) -> tuple[list[str], list[list[str]]]:
    varied = any(s.get("consistency") for s in summary["bots"].values())
    headers = ["rank", "bot", "composite", *DIMENSIONS, "pass rate", *(["consistency"] if varied else [])]
    headers += ["conversations", "bot errors"]
    table = []
    for rank, bot in enumerate(summary["ranking"], 1):
        s = summary["bots"][bot]
        steady = s.get("consistency")
        table.append(
            [
                str(rank),
                bot,
                _cell(s["composite"]),
                *(_cell(s["dimensions"][d]["mean"]) for d in DIMENSIONS),
                f"{s['pass_rate']:.0%}",
                *([f"{steady['rate']:.0%}" if steady else "n/a"] if varied else []),
                str(s["conversations"]),
                str(s["bot_errors"]),
            ]
        )
    return headers, table


def render(summary: dict, fmt: str = "simple") -> str:
    headers, table = rows(summary)
    return tabulate(table, headers, tablefmt=fmt, disable_numparse=True)


def markdown(summary: dict, command: str) -> str:
    """The leaderboard.md of a run: the table, then how it was produced."""
    options = summary["options"]
    return "\n".join(
        [
            f"# supportbench leaderboard: run {summary['run_id']}",
            "",
            render(summary, "github"),
            "",
            f"Scenarios: {options.get('scenarios')} (suite digest `{summary['suite_digest']}`), "
            f"trials: {options.get('trials')}, seed: {options.get('seed')}. "
            "Scores are means over conversations where the dimension applies; composite weights: "
            + ", ".join(f"{k} {v:g}" for k, v in summary["weights"]["dimensions"].items())
            + "; severities: "
            + ", ".join(f"{k} {v:g}" for k, v in summary["weights"]["severities"].items())
            + ". "
            "A conversation passes when no critical check fails."
            + (
                " Consistency: share of scenarios whose metamorphic variants all got the same verdict."
                if "consistency" in rows(summary)[0]
                else ""
            ),
            "",
            f"Produced by: `{command}`",
            "",
        ]
    )
