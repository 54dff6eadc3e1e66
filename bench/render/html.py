"""The HTML leaderboard: one self-contained page that works offline (inline CSS, inline SVG, a few
lines of inline JavaScript, nothing fetched). It shows the leaderboard document of bench.analysis.board
(`render(board)`):

- the table of bots with their intervals, sortable by any column (the headers are buttons, so the
  keyboard sorts too);
- a chart per dimension: each bot's mean with its 95% interval as an error bar;
- a category x bot heat map (composite per category, the value printed on its colour), and the
  other breakdowns (domain, emotion, language, channel) the same way;
- the pairwise comparisons;
- for every scenario, each bot's transcripts (collapsible), every finding under the turn it concerns.

Everything that comes from a run (what a bot or a customer said, evidence, names, tool results) is
escaped with html.escape. The script only reorders rows that are already on the page (it never
writes markup), and a Content-Security-Policy lets the page run that one script and nothing else:
a reply carrying `<script>` is text twice over.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from collections import defaultdict
from pathlib import Path

from bench.analysis.board import Board
from bench.core.secrets import redact
from bench.core.transcript import Transcript
from bench.scorers import DIMENSIONS

_BREAKDOWNS = ("category", "domain", "emotion", "language", "channel")
# Viridis stops: a colour scale that reads in greyscale and for colour-blind readers.
_VIRIDIS = (
    (0.0, (68, 1, 84)),
    (0.25, (59, 82, 139)),
    (0.5, (33, 145, 140)),
    (0.75, (94, 201, 98)),
    (1.0, (253, 231, 37)),
)
_TOOL_RESULT_CHARS = 300
_ASSETS = Path(__file__).resolve().parent / "assets"
CSS = (_ASSETS / "leaderboard.css").read_text(encoding="utf-8")
# Sorts the rows already on the page; never writes markup (no innerHTML anywhere). The page's
# Content-Security-Policy allows this script by its hash and nothing else.
SCRIPT = (_ASSETS / "leaderboard.js").read_text(encoding="utf-8")


def e(value: object) -> str:
    """Escaped text (quotes too, so it is safe in attributes as well)."""
    return html.escape("" if value is None else str(value), quote=True)


def _num(value: float | None, digits: int = 3) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def _sort_value(value: float | int | None) -> str:
    return "" if value is None else repr(float(value))


def _interval_cell(interval: dict | None) -> str:
    if not interval or interval.get("mean") is None:
        return '<td data-sort="">n/a</td>'
    low, high = interval.get("low"), interval.get("high")
    title = f"95% interval {_num(low)} to {_num(high)}, {interval.get('n', '?')} scenarios"
    ci = f'<span class="ci">[{_num(low)}, {_num(high)}]</span>' if low is not None and high is not None else ""
    return f'<td data-sort="{_sort_value(interval["mean"])}" title="{e(title)}">{_num(interval["mean"])}{ci}</td>'


def _colour(value: float) -> tuple[str, str]:
    """Background (viridis) and a readable text colour for a value in [0, 1]."""
    v = max(0.0, min(1.0, value))
    for (a, ca), (b, cb) in zip(_VIRIDIS, _VIRIDIS[1:], strict=False):
        if v <= b:
            t = (v - a) / (b - a)
            rgb = tuple(round(x + (y - x) * t) for x, y in zip(ca, cb, strict=True))
            break
    background = "#{:02x}{:02x}{:02x}".format(*rgb)
    return background, ("#000" if v >= 0.55 else "#fff")


def _dimensions(document: dict) -> list[str]:
    seen: list[str] = []
    for bot in document.get("bots", {}).values():
        for dim in bot.get("dimensions", {}):
            if dim not in seen:
                seen.append(dim)
    known = [d for d in DIMENSIONS if d in seen]
    return known + [d for d in seen if d not in known]


def _ranking(document: dict) -> list[str]:
    bots = document.get("bots", {})
    ranking = [b for b in document.get("ranking", []) if b in bots]
    return ranking + [b for b in bots if b not in ranking]


def _rank_sort(rank: object) -> str:
    digits = str(rank or "").rstrip("=")
    return digits if digits.isdigit() else ""


# --- the page's parts ---------------------------------------------------------------------------


def _header(document: dict) -> str:
    weights = document.get("weights") or {}
    dims = weights.get("dimensions", weights) if isinstance(weights, dict) else {}
    weight_text = ", ".join(f"{k} {v:g}" for k, v in dims.items() if isinstance(v, int | float))
    severities = weights.get("severities") if isinstance(weights, dict) else None
    if isinstance(severities, dict):
        weight_text += "; severities " + ", ".join(f"{k} {v:g}" for k, v in severities.items())
    runs = document.get("runs") or []
    left_out = document.get("left_out") or {}
    scenarios = f"{len(document.get('scenarios', []))} played by every bot"
    if left_out:
        scenarios += f"; {len(left_out)} left out (not played by every bot)"
    rows = [
        ("Scenarios", e(scenarios)),
        ("Suite digest", f"<code>{e(document.get('suite_digest', 'n/a'))}</code>"),
        ("Runs", ", ".join(f"<code>{e(r)}</code>" for r in runs) or "n/a"),
        ("Weights", e(weight_text or "n/a")),
        ("Command", f"<code>{e(document.get('command', 'n/a'))}</code>"),
    ]
    meta = "".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in rows)
    notes = "".join(f"<li>{e(note)}</li>" for note in document.get("notes") or [])
    return (
        "<header><h1>supportbench leaderboard</h1>"
        f'<dl class="meta">{meta}</dl>'
        + (f'<ul class="notes note" aria-label="Notes">{notes}</ul>' if notes else "")
        + '<nav aria-label="Sections"><a href="#leaderboard">Leaderboard</a><a href="#charts">Charts</a>'
        '<a href="#categories">Categories</a><a href="#comparisons">Comparisons</a>'
        '<a href="#transcripts">Transcripts</a></nav></header>'
    )


def _th(label: str, kind: str, first: str, *, sorted_as: str | None = None, text: bool = False) -> str:
    attrs = f' data-type="{kind}" data-first="{first}" scope="col"'
    attrs += f' aria-sort="{sorted_as}"' if sorted_as else ""
    attrs += ' class="text"' if text else ""
    return f'<th{attrs}><button type="button">{label}</button></th>'


def _cost_cell(cost: dict | None) -> str:
    if cost and cost.get("total") is not None:
        return f'<td data-sort="{_sort_value(cost["total"])}">{cost["total"]:.4g} {e(cost.get("currency") or "")}</td>'
    if cost and cost.get("by_currency"):  # several currencies: no one total to sort on
        return f'<td data-sort="">{e(" + ".join(f"{v:.4g} {k}" for k, v in cost["by_currency"].items()))}</td>'
    return '<td data-sort="">n/a</td>'


def _method(document: dict) -> str:
    """How the numbers were made: the document's `statistics` when it says, else the shared contract."""
    stats = document.get("statistics") or {}
    level = stats.get("level", 0.95)
    interval = stats.get("interval", "bootstrap over scenarios, the trials of a scenario resampled together")
    ranks = stats.get("ranks", "bots whose intervals overlap the better one share its rank (=)")
    resamples = f", {stats['resamples']} resamples" if stats.get("resamples") else ""
    return (
        f"Each score is the mean over scenarios with its {level:.0%} interval underneath ({interval}{resamples}). "
        f"Ranks: {ranks}. A conversation passes when no critical check fails; pass^k is the share of scenarios "
        "whose k trials all pass (\u03c4-bench). Click a column header (or focus it and press Enter) to sort."
    )


def _board_table(document: dict, dims: list[str]) -> str:
    bots = document["bots"]
    ranking = _ranking(document)
    ks = {(bots[b].get("pass_k") or {}).get("k") for b in ranking} - {None}
    pass_k_label = f"pass^{ks.pop()}" if len(ks) == 1 else "pass^k"
    heads = [
        _th("rank", "number", "ascending", sorted_as="ascending"),
        _th("bot", "text", "ascending", text=True),
        _th("composite", "number", "descending"),
        *(_th(e(d), "number", "descending") for d in dims),
        _th("pass rate", "number", "descending"),
        _th(e(pass_k_label), "number", "descending"),
        _th("trials", "number", "descending"),
        _th("conversations", "number", "descending"),
        _th("bot errors", "number", "ascending"),
        _th("latency p50 (s)", "number", "ascending"),
        _th("latency p95 (s)", "number", "ascending"),
        _th("cost", "number", "ascending"),
    ]
    body = []
    for name in ranking:
        bot = bots[name]
        pass_k = bot.get("pass_k")
        if pass_k and pass_k.get("value") is not None:
            pass_k_cell = f'<td data-sort="{_sort_value(pass_k["value"])}">{pass_k["value"]:.0%}</td>'
        else:
            why = bot.get("pass_k_note") or "pass^k needs repeated trials"
            pass_k_cell = f'<td data-sort="" title="{e(why)}">n/a</td>'
        latency = bot.get("latency") or {}
        cost_cell = _cost_cell(bot.get("cost"))
        pass_rate = bot.get("pass_rate")
        cells = [
            f'<td data-sort="{_rank_sort(bot.get("rank"))}">{e(bot.get("rank", ""))}</td>',
            f'<th scope="row" class="text">{e(name)}</th>',
            _interval_cell(bot.get("composite")),
            *(_interval_cell(bot.get("dimensions", {}).get(d)) for d in dims),
            f'<td data-sort="{_sort_value(pass_rate)}">{"n/a" if pass_rate is None else f"{pass_rate:.0%}"}</td>',
            pass_k_cell,
            f'<td data-sort="{_sort_value(bot.get("trials"))}">{e(bot.get("trials", ""))}</td>',
            f'<td data-sort="{_sort_value(bot.get("conversations"))}">{e(bot.get("conversations", ""))}</td>',
            f'<td data-sort="{_sort_value(bot.get("bot_errors"))}">{e(bot.get("bot_errors", ""))}</td>',
            f'<td data-sort="{_sort_value(latency.get("p50"))}">{_num(latency.get("p50"))}</td>',
            f'<td data-sort="{_sort_value(latency.get("p95"))}">{_num(latency.get("p95"))}</td>',
            cost_cell,
        ]
        body.append(f'<tr data-bot="{e(name)}">{"".join(cells)}</tr>')
    return (
        '<section id="leaderboard"><h2>Leaderboard</h2>'
        f'<p class="note">{e(_method(document))}</p>'
        '<p id="board-status" class="note" aria-live="polite"></p>'
        '<div class="scroll"><table id="board" class="sortable" data-status="board-status">'
        f'<caption class="note">{len(ranking)} bots</caption>'
        f"<thead><tr>{''.join(heads)}</tr></thead><tbody>{''.join(body)}</tbody></table></div></section>"
    )


def _chart(title: str, bots: list[str], intervals: dict[str, dict | None]) -> str:
    """One bot per row: the mean as a dot, the interval as an error bar, on a 0-1 axis."""
    width, left, right, top, row_h = 560, 150, 64, 8, 26
    plot = width - left - right
    height = top + row_h * len(bots) + 26

    def x(value: float) -> float:
        return round(left + plot * max(0.0, min(1.0, value)), 1)

    parts = []
    bottom = top + row_h * len(bots)
    for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
        parts.append(f'<line class="grid" x1="{x(tick)}" x2="{x(tick)}" y1="{top}" y2="{bottom}"/>')
        parts.append(f'<text x="{x(tick)}" y="{bottom + 16}" text-anchor="middle">{tick:g}</text>')
    for i, bot in enumerate(bots):
        y = top + row_h * i + row_h / 2
        label = bot if len(bot) <= 22 else bot[:21] + "\u2026"
        parts.append(f'<text x="{left - 8}" y="{y + 4}" text-anchor="end"><title>{e(bot)}</title>{e(label)}</text>')
        interval = intervals.get(bot)
        if not interval or interval.get("mean") is None:
            parts.append(f'<text class="na" x="{x(0) + 4}" y="{y + 4}">n/a</text>')
            continue
        mean = interval["mean"]
        low = interval.get("low") if interval.get("low") is not None else mean
        high = interval.get("high") if interval.get("high") is not None else mean
        tip = f"{bot}: {mean:.3f} [{low:.3f}, {high:.3f}], {interval.get('n', '?')} scenarios"
        parts.append(
            f"<g><title>{e(tip)}</title>"
            f'<line class="bar" x1="{x(low)}" x2="{x(high)}" y1="{y}" y2="{y}"/>'
            f'<line class="bar" x1="{x(low)}" x2="{x(low)}" y1="{y - 5}" y2="{y + 5}"/>'
            f'<line class="bar" x1="{x(high)}" x2="{x(high)}" y1="{y - 5}" y2="{y + 5}"/>'
            f'<circle class="dot" cx="{x(mean)}" cy="{y}" r="4.5"/></g>'
            f'<text x="{width - right + 8}" y="{y + 4}">{mean:.3f}</text>'
        )
    summary = "; ".join(
        f"{b} {_num((intervals.get(b) or {}).get('mean'))}"
        + (
            f" ({_num(intervals[b].get('low'))} to {_num(intervals[b].get('high'))})"
            if intervals.get(b) and intervals[b].get("mean") is not None
            else ""
        )
        for b in bots
    )
    return (
        f"<figure><figcaption>{e(title)}</figcaption>"
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{e(title + ": " + summary)}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">{"".join(parts)}</svg></figure>'
    )


def _charts(document: dict, dims: list[str]) -> str:
    bots = _ranking(document)
    data = document["bots"]
    figures = [_chart("composite", bots, {b: data[b].get("composite") for b in bots})]
    figures += [_chart(d, bots, {b: data[b].get("dimensions", {}).get(d) for b in bots}) for d in dims]
    return (
        '<section id="charts"><h2>Dimensions</h2>'
        '<p class="note">Each bot\'s mean (dot) and its 95% interval (bar), on a 0 to 1 scale; n/a where the '
        "dimension applied to none of the bot's conversations.</p>"
        f'<div class="charts">{"".join(figures)}</div></section>'
    )


def _legend() -> str:
    stops = "".join(f'<stop offset="{at:g}" stop-color="#{r:02x}{g:02x}{b:02x}"/>' for at, (r, g, b) in _VIRIDIS)
    return (
        '<div class="legend" aria-hidden="true">0'
        '<svg xmlns="http://www.w3.org/2000/svg" width="160" height="12" viewBox="0 0 160 12">'
        f'<defs><linearGradient id="scale">{stops}</linearGradient></defs>'
        '<rect width="160" height="12" fill="url(#scale)"/></svg>1 (composite)</div>'
    )


def _heatmap(document: dict, key: str) -> str:
    bots = _ranking(document)
    data = document["bots"]
    values: list[str] = []
    for b in bots:
        for value in (data[b].get("breakdowns") or {}).get(key, {}):
            if value not in values:
                values.append(value)
    if not values:
        return f'<p class="note">No {e(key)} breakdown in this leaderboard.</p>'
    head = "".join(f'<th scope="col">{e(b)}</th>' for b in bots)
    rows = []
    for value in sorted(values, key=str):
        cells = []
        for b in bots:
            cell = (data[b].get("breakdowns") or {}).get(key, {}).get(value)
            if not cell or cell.get("composite") is None:
                cells.append('<td class="empty">n/a</td>')
                continue
            background, colour = _colour(cell["composite"])
            rate = cell.get("pass_rate")
            tip = f"{b}, {key} {value}: composite {cell['composite']:.3f}"
            tip += (f", pass rate {rate:.0%}" if rate is not None else "") + f", {cell.get('n', '?')} conversations"
            cells.append(
                f'<td style="background:{background};color:{colour}" title="{e(tip)}">{cell["composite"]:.3f}</td>'
            )
        rows.append(f'<tr><th scope="row" class="text">{e(value)}</th>{"".join(cells)}</tr>')
    return (
        f'<div class="scroll"><table class="heat" data-breakdown="{e(key)}">'
        f'<thead><tr><th class="text" scope="col">{e(key)}</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def _breakdowns(document: dict) -> str:
    others = "".join(f"<h3>By {e(key)}</h3>{_heatmap(document, key)}" for key in _BREAKDOWNS[1:])
    return (
        '<section id="categories"><h2>Categories</h2>'
        '<p class="note">Composite per scenario category and bot (mean over conversations); the value is '
        "printed on its colour. Hover a cell for the pass rate and the number of conversations.</p>"
        f"{_legend()}{_heatmap(document, 'category')}"
        f"<details><summary>Other breakdowns: domain, emotion, language, channel</summary>{others}</details>"
        "</section>"
    )


def _comparison_method(document: dict) -> str:
    stats = document.get("statistics") or {}
    test = stats.get("test", "paired test over the shared scenarios")
    correction = stats.get("correction", "Holm-Bonferroni")
    return (
        "Two bots on the scenarios they share: the mean difference a \u2212 b, its 95% interval and p-value "
        f"({test}), and the p-value adjusted for the number of comparisons ({correction}). "
        "Rows in bold differ at the 5% level after adjustment."
    )


def _comparisons(document: dict) -> str:
    comparisons = document.get("comparisons") or []
    if not comparisons:
        return (
            '<section id="comparisons"><h2>Comparisons</h2>'
            '<p class="note">No pairwise comparison (fewer than two bots).</p></section>'
        )
    heads = [
        _th("a", "text", "ascending", text=True),
        _th("b", "text", "ascending", text=True),
        _th("metric", "text", "ascending", text=True),
        _th("a \u2212 b", "number", "descending"),
        _th("95% interval", "number", "ascending"),
        _th("p", "number", "ascending"),
        _th("p adjusted", "number", "ascending"),
    ]
    rows = []
    for c in comparisons:
        adjusted = c.get("p_adjusted")
        significant = adjusted is not None and adjusted < 0.05
        interval = f"[{_num(c.get('low'))}, {_num(c.get('high'))}]"
        rows.append(
            f'<tr class="{"significant" if significant else ""}">'
            f'<td class="text">{e(c.get("a"))}</td><td class="text">{e(c.get("b"))}</td>'
            f'<td class="text">{e(c.get("metric"))}</td>'
            f'<td data-sort="{_sort_value(c.get("diff"))}">{_num(c.get("diff"))}</td>'
            f'<td data-sort="{_sort_value(c.get("low"))}">{interval}</td>'
            f'<td data-sort="{_sort_value(c.get("p"))}">{_num(c.get("p"), 4)}</td>'
            f'<td data-sort="{_sort_value(adjusted)}">{_num(adjusted, 4)}</td></tr>'
        )
    return (
        '<section id="comparisons"><h2>Comparisons</h2>'
        f'<p class="note">{e(_comparison_method(document))}</p>'
        f"<details><summary>{len(comparisons)} comparisons</summary>"
        '<p id="comparisons-status" class="note" aria-live="polite"></p>'
        '<div class="scroll"><table id="comparison-table" class="sortable" data-status="comparisons-status">'
        f"<thead><tr>{''.join(heads)}</tr></thead><tbody>{''.join(rows)}</tbody></table></div></details></section>"
    )


# --- transcripts --------------------------------------------------------------------------------


def _conversations(board: Board) -> dict[tuple[str, str], list[tuple[Transcript, dict]]]:
    """(scenario id, bot) -> [(transcript, score record)], as the board ranked them (scored again
    when it ranks with other weights than the runs')."""
    found: dict[tuple[str, str], list[tuple[Transcript, dict]]] = defaultdict(list)
    for bot, conversations in board.conversations.items():
        for c in conversations:
            found[(c.scenario_id, bot)].append((c.transcript, c.card))
    for pairs in found.values():
        pairs.sort(key=lambda pair: (pair[0].trial, pair[0].run_id))
    return found


def _finding(dim: str, f: dict) -> str:
    passed = bool(f.get("passed"))
    evidence = f'<q class="evidence">{e(f["evidence"])}</q>' if f.get("evidence") else ""
    return (
        f'<li class="finding {"pass" if passed else "fail"}">'
        f'<span class="verdict">{"PASS" if passed else "FAIL"}</span> '
        f'<span class="severity">[{e(f.get("severity", ""))}]</span> '
        f"<code>{e(f.get('check', dim))}</code>: {e(f.get('message', ''))}{evidence}</li>"
    )


def _findings_list(items: list[tuple[str, dict]]) -> str:
    if not items:
        return ""
    # failures first: they are what a reader looks for
    items = sorted(items, key=lambda item: bool(item[1].get("passed")))
    return f'<ul class="findings">{"".join(_finding(dim, f) for dim, f in items)}</ul>'


def _conversation(transcript: Transcript, card: dict | None, *, show_run: bool) -> str:
    by_turn: dict[int | None, list[tuple[str, dict]]] = defaultdict(list)
    for dim, score in ((card or {}).get("dimensions") or {}).items():
        for f in score.get("findings", []):
            turn = f.get("turn")
            by_turn[turn if isinstance(turn, int) and 0 <= turn < len(transcript.turns) else None].append((dim, f))
    turns = []
    for i, turn in enumerate(transcript.turns):
        extra = []
        for call in turn.tool_calls:
            result = f"error: {call.error}" if call.error else json.dumps(call.result, ensure_ascii=False)
            if len(result) > _TOOL_RESULT_CHARS:
                result = result[:_TOOL_RESULT_CHARS] + "\u2026"
            extra.append(
                f'<div class="tool">tool <code>{e(call.name)}({e(json.dumps(call.arguments, ensure_ascii=False))})'
                f"</code> \u2192 {e(result)}</div>"
            )
        if turn.handoff:
            extra.append(
                f'<div class="handoff">handoff via {e(turn.handoff.via)}: reason \u201c{e(turn.handoff.reason)}\u201d; '
                f"summary \u201c{e(turn.handoff.summary)}\u201d</div>"
            )
        latency = f" \u00b7 {turn.latency_s:.2f} s" if turn.latency_s is not None else ""
        role = e(turn.role)
        turns.append(
            f'<li class="turn {role}" data-turn="{i}"><div class="role">{i + 1}. {role}{latency}</div>'
            f'<div class="said">{e(turn.text)}</div>{"".join(extra)}{_findings_list(by_turn.get(i, []))}</li>'
        )
    overall = by_turn.get(None, [])
    overall_html = f'<div class="role">whole conversation</div>{_findings_list(overall)}' if overall else ""
    error = f'<div class="error">bot error: {e(transcript.error)}</div>' if transcript.error else ""
    if card:
        passed = bool(card.get("passed"))
        verdict = f'<span class="badge {"pass" if passed else "fail"}">{"PASS" if passed else "FAIL"}</span>'
        dims = ", ".join(f"{e(k)} {_num(v.get('score'), 2)}" for k, v in (card.get("dimensions") or {}).items())
        scores = f" \u00b7 composite {_num(card.get('composite'))} ({dims})"
        state = "passed" if passed else "failed"
    else:
        verdict, scores, state = '<span class="badge">no scores</span>', "", ""
    run = f" \u00b7 run {e(transcript.run_id)}" if show_run else ""
    return (
        f'<details class="conversation {state}" data-bot="{e(transcript.bot)}" data-trial="{transcript.trial}">'
        f"<summary><strong>{e(transcript.bot)}</strong> \u00b7 trial {transcript.trial + 1}{run} \u00b7 "
        f"{e(transcript.outcome)}{scores} {verdict}</summary>"
        f'{error}<ol class="turns">{"".join(turns)}</ol>{overall_html}</details>'
    )


def _transcripts(board: Board) -> str:
    document = board.document
    bots = _ranking(document)
    found = _conversations(board)
    scenarios = list(document.get("scenarios") or sorted({sid for sid, _ in found}))
    show_run = len(document.get("runs") or []) > 1
    sections = []
    for sid in scenarios:
        marks, bodies = [], []
        for bot in bots:
            pairs = found.get((sid, bot), [])
            if not pairs:
                continue
            passed = sum(1 for _, card in pairs if card and card.get("passed"))
            kind = "pass" if passed == len(pairs) else "fail" if not passed else "mixed"
            marks.append(f'<span class="badge {kind}">{e(bot)} {passed}/{len(pairs)}</span>')
            bodies += [_conversation(t, card, show_run=show_run) for t, card in pairs]
        content = "".join(bodies) or '<p class="note">No transcript in the run directories.</p>'
        sections.append(
            f'<details class="scenario" data-scenario="{e(sid)}"><summary><code>{e(sid)}</code> {"".join(marks)}'
            f"</summary>{content}</details>"
        )
    return (
        '<section id="transcripts"><h2>Transcripts</h2>'
        '<p class="note">Every scenario with each bot\'s conversations (passed trials over all trials on the '
        "badge). Open one to read it turn by turn, with each finding under the turn it concerns: the verdict, "
        "its severity, the check, what it means and the words that decided it.</p>"
        f"{''.join(sections)}</section>"
    )


def _csp_hash(script: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")


def render(board: Board) -> str:
    """The leaderboard (bench.analysis.board.assemble) as one self-contained HTML page, with every
    ranked conversation and its findings."""
    document = board.document
    dims = _dimensions(document)
    policy = f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src '{_csp_hash(SCRIPT)}'"
    return redact(
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<link rel="icon" href="data:,">'
        "<title>supportbench leaderboard</title>"
        f"<style>{CSS}</style></head><body>"
        f"{_header(document)}<main>"
        f"{_board_table(document, dims)}{_charts(document, dims)}{_breakdowns(document)}"
        f"{_comparisons(document)}{_transcripts(board)}"
        f"</main><script>{SCRIPT}</script></body></html>\n"
    )
