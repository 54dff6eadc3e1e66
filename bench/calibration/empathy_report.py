"""The Markdown report of the empathy scorer's agreement with experts (reports/empathy-validation.md)."""

from __future__ import annotations

import itertools
import math
import re
import statistics
from collections import defaultdict
from pathlib import Path

from bench.calibration.agreement import Analysis, spearman
from bench.calibration.empathy_data import (
    BOOTSTRAP,
    CROWD,
    ED_EMOTIONS,
    EXPERTS,
    LLMS,
    Corpus,
    Item,
    expert_mean,
    read_rows,
    to_common,
    word_count,
)


def load_table_kappa(path: Path) -> dict[tuple[str, str], dict[str, float]]:
    """(dataset, dimension) -> {"expert pairs": [...], "experts-llm": x, "experts-crowd": x}."""
    table: dict[tuple[str, str], dict] = defaultdict(lambda: {"expert pairs": []})
    for row in read_rows(path):
        pair = re.findall(r"'([^']+)'", row["Annotator Pair"])
        value = float(row["Weighted Cohen's Kappa"])
        cell = table[(row["Dataset"], row["Dimension"])]
        if all(p.startswith("expert") and p != "experts" for p in pair):
            cell["expert pairs"].append(value)
        elif sorted(pair) == ["experts", "llm"]:
            cell["experts-llm"] = value
        elif sorted(pair) == ["crowd", "experts"]:
            cell["experts-crowd"] = value
    return dict(table)


# --------------------------------------------------------------------------------------------------
# Report


def fmt(value: float, digits: int = 2) -> str:
    return "n/a" if value is None or math.isnan(value) else f"{value:.{digits}f}"


def _ci(ci: tuple[float, float]) -> str:
    return f"[{fmt(ci[0])}, {fmt(ci[1])}]"


def _cuts(cuts: list[float], levels: list[int]) -> str:
    parts = []
    for level, (low, high) in zip(levels, itertools.pairwise([-math.inf, *cuts, math.inf]), strict=True):
        if low == high or (math.isinf(low) and math.isinf(high) and low > 0):
            parts.append(f"{level}: never")
        elif math.isinf(low) and math.isinf(high):
            parts.append(f"{level}: always")
        elif math.isinf(low):
            parts.append(f"{level}: < {high:.3f}")
        elif math.isinf(high):
            parts.append(f"{level}: >= {low:.3f}")
        else:
            parts.append(f"{level}: {low:.3f}..{high:.3f}")
    return "; ".join(parts)


def _levels_given(analysis: Analysis) -> str:
    counts: dict[int, int] = defaultdict(int)
    for level in analysis.mapped.values():
        counts[level] += 1
    return ", ".join(f"{level} \u00d7 {n}" for level, n in sorted(counts.items()))


def _excerpt(text: str, width: int = 130) -> str:
    text = re.sub(r"\s+", " ", text).strip().replace("|", "/")
    return text if len(text) <= width else text[: width - 1] + "…"


def _band(kappa: float) -> str:
    """Landis and Koch's words for a kappa."""
    if math.isnan(kappa):
        return "undefined"
    kappa = round(kappa, 2)  # the band of the figure as printed
    for limit, word in ((0.0, "no better than chance"), (0.2, "slight"), (0.4, "fair"), (0.6, "moderate")):
        if kappa <= limit:
            return word
    return "substantial" if kappa <= 0.8 else "almost perfect"


def per_dimension(items: list[Item], corpus: Corpus) -> list[tuple[str, float, float, float]]:
    """(dimension, rho scorer, rho word count, rho mean LLM) against the expert mean, all items."""
    rows = []
    scored = [i for i in items if i.score is not None]
    for dim in corpus.dimensions:
        experts = [statistics.fmean(i.ratings[e][dim] for e in EXPERTS if e in i.ratings) for i in scored]
        llm = [statistics.fmean(i.ratings[r][dim] for r in LLMS if r in i.ratings) for i in scored]
        rows.append(
            (
                dim,
                spearman([i.score for i in scored], experts),
                spearman([word_count(i) for i in scored], experts),
                spearman(llm, experts),
            )
        )
    return rows


def per_check(items: list[Item], corpora: dict[str, Corpus]) -> list[tuple[str, int, float, int, float, int]]:
    """(check, n passed, mean expert when passed, n failed, mean when failed, n absent), common scale."""
    rows = []
    checks = sorted({f.check for i in items for f in i.findings})
    for check in checks:
        passed, failed, absent = [], [], 0
        for item in items:
            value = to_common(expert_mean(item, corpora[item.corpus]), corpora[item.corpus])
            found = [f for f in item.findings if f.check == check]
            if not found:
                absent += 1
            elif all(f.passed for f in found):
                passed.append(value)
            else:
                failed.append(value)
        rows.append(
            (
                check,
                len(passed),
                statistics.fmean(passed) if passed else math.nan,
                len(failed),
                statistics.fmean(failed) if failed else math.nan,
                absent,
            )
        )
    return rows


def disagreements(
    items: list[Item], analyses: dict[str, Analysis], corpora: dict[str, Corpus], k: int = 4
) -> tuple[list, list]:
    """Held-out items where the scorer's mapped level is furthest above / below the expert mean,
    as a share of the corpus's scale."""
    rows = []
    for item in items:
        corpus = corpora[item.corpus]
        mapped = analyses[corpus.key].mapped.get(item.key)
        if mapped is None:
            continue
        mean = expert_mean(item, corpus)
        rows.append(((mapped - mean) / (corpus.high - corpus.low), item, mapped, mean))
    too_high = sorted((r for r in rows if r[0] > 0), key=lambda r: (-r[0], r[1].key))[:k]
    too_low = sorted((r for r in rows if r[0] < 0), key=lambda r: (r[0], r[1].key))[:k]
    return too_high, too_low


def _disagreement_lines(rows: list, corpora: dict[str, Corpus]) -> list[str]:
    lines = [
        "| corpus | item | emotion | scorer | mapped | experts | failed checks | supporter (first reply) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for _, item, mapped, mean in rows:
        failed = ", ".join(f.check.split(".", 1)[1] for f in item.findings if not f.passed) or "none"
        replies = item.bot_text()
        where = f" (1 of {len(replies)})" if len(replies) > 1 else ""
        lines.append(
            f"| {corpora[item.corpus].name} | `{item.item_id}` | {item.emotion} | {fmt(item.score)} | {mapped} | "
            f"{fmt(mean)} | {failed} | \u201c{_excerpt(replies[0])}\u201d{where} |"
        )
    return lines


def render(
    command: str,
    data: Path,
    items: list[Item],
    corpora: dict[str, Corpus],
    analyses: dict[str, Analysis],
    overall: Analysis,
    table: dict[tuple[str, str], dict[str, float]],
) -> str:
    out: list[str] = []
    add = out.append
    emotions = defaultdict(lambda: defaultdict(int))
    for item in items:
        emotions[item.corpus][item.emotion] += 1
    distinct = len({i.score for i in items if i.score is not None})
    not_applicable = sum(a.n_not_applicable for a in analyses.values())

    add("# Empathy scorer vs. human experts\n")
    add(
        "How far `bench.scorers.empathy.score` (the deterministic, lexicon-based empathy scorer, unchanged) agrees "
        "with trained human experts on 150 rated emotional-support conversations from three public corpora. "
        "Generated by `scripts/validate_empathy.py`; not a committed artifact.\n"
    )
    add("```\n" + command + "\n```\n")
    add(
        f"Data: `{data}`, the empathy-experts folder of the Kumar et al., 2025 replication package (see its README; "
        "not shipped with supportbench). Nothing from it is stored in "
        "the repository; the report quotes short excerpts of a few replies only.\n"
    )

    add("## Headline (held-out half)\n")
    add(
        "| | n | Spearman rho [95% CI] | quadratic kappa [95% CI] | experts vs. experts (kappa, here) | "
        "LLM mean vs. experts (kappa, here) | word-count baseline (rho / kappa) |"
    )
    add("|---|---|---|---|---|---|---|")
    for analysis in [*analyses.values(), overall]:
        s, b = analysis.scorer, analysis.baseline
        llm = analysis.others.get("llm-mean", (math.nan, math.nan))
        add(
            f"| {analysis.name} | {s.n} | {fmt(s.rho)} {_ci(s.rho_ci)} | {fmt(s.kappa)} {_ci(s.kappa_ci)} | "
            f"{fmt(analysis.experts_loo[0])} | {fmt(llm[0])} | {fmt(b.rho)} / {fmt(b.kappa)} |"
        )
    add("")
    add(
        f"Scorer \u201cnot applicable\u201d: {not_applicable} of {len(items)} conversations (every scenario "
        "expects empathy and every conversation has a supporter reply, so the first-reply check always "
        f"applies). The scorer produced {distinct} distinct score values over the 150 conversations.\n"
    )

    add("## Reading\n")
    add(_reading(analyses, overall, items, corpora))

    add("## The bar: published kappas (annotations/table_kappa.csv)\n")
    add(
        "Quadratic-weighted kappa from the paper, per rated dimension (all 50 items, the paper's own "
        "aggregation). Expert pairs are expert1-expert2, expert2-expert3, expert3-expert1. Our targets "
        "combine some of these dimensions, so the table gives the bar per component; the headline columns "
        "\u201chere\u201d recompute the expert and LLM figures on exactly our target and held-out items.\n"
    )
    add("| corpus | dimension | expert pairs | expert pairs mean | experts-LLM | experts-crowd |")
    add("|---|---|---|---|---|---|")
    for corpus in corpora.values():
        for dim in corpus.target_dimensions:
            cell = table.get((corpus.name, dim), {"expert pairs": []})
            pairs = cell["expert pairs"]
            add(
                f"| {corpus.name} | {dim} | {', '.join(f'{p:.2f}' for p in pairs)} | "
                f"{fmt(statistics.fmean(pairs)) if pairs else 'n/a'} | {fmt(cell.get('experts-llm', math.nan))} | "
                f"{fmt(cell.get('experts-crowd', math.nan))} |"
            )
    add("")

    add("## Held-out detail\n")
    add(
        "| | fit n | held-out n | cut points (fit half) | kappa on fit half | levels given (held-out) | "
        "expert LOO rho | GPT-4o kappa / rho | Claude kappa / rho | Gemini kappa / rho | crowd kappa / rho |"
    )
    add("|---|---|---|---|---|---|---|---|---|---|---|")
    for analysis in [*analyses.values(), overall]:
        cells = []
        for rater in (*LLMS, CROWD):
            k, r = analysis.others.get(rater, (math.nan, math.nan))
            cells.append(f"{fmt(k)} / {fmt(r)}")
        add(
            f"| {analysis.name} | {analysis.n_fit} | {analysis.scorer.n} | {_cuts(analysis.cuts, analysis.levels)} | "
            f"{fmt(analysis.fit_kappa)} | {_levels_given(analysis)} | {fmt(analysis.experts_loo[1])} | "
            f"{' | '.join(cells)} |"
        )
    add("")
    add(
        "Expert LOO: each expert against the mean of the other two (on the held-out items, same target and "
        "rounding), averaged over the three experts. LLM and crowd: their rating against the mean of the "
        "three experts. These are computed here and differ from the paper's pairing, hence both tables.\n"
    )

    add("## Diagnostics (all 150 items; nothing fitted, so no hold-out needed)\n")
    add("Spearman rho against the mean expert rating, per raw dimension:\n")
    add("| corpus | dimension | scorer | word count | LLM mean |")
    add("|---|---|---|---|---|")
    for corpus in corpora.values():
        for dim, rho, words, llm in per_dimension([i for i in items if i.corpus == corpus.key], corpus):
            add(f"| {corpus.name} | {dim} | {fmt(rho)} | {fmt(words)} | {fmt(llm)} |")
    add("")
    add("What each check does against the experts (mean expert rating on the common 1..5 scale):\n")
    add("| check | passed: n | passed: experts | failed: n | failed: experts | not run: n |")
    add("|---|---|---|---|---|---|")
    for check, n_pass, m_pass, n_fail, m_fail, absent in per_check(items, corpora):
        add(f"| {check} | {n_pass} | {fmt(m_pass)} | {n_fail} | {fmt(m_fail)} | {absent} |")
    add("")
    add(
        "Scenario emotion used, per corpus: "
        + "; ".join(
            f"{corpora[c].name}: " + ", ".join(f"{e} {n}" for e, n in sorted(counts.items()))
            for c, counts in emotions.items()
        )
        + ".\n"
    )
    score_counts = defaultdict(int)
    for item in items:
        score_counts[item.score] += 1
    add(
        "Score distribution: "
        + ", ".join(
            f"{fmt(s, 3)} \u00d7 {n}" for s, n in sorted(score_counts.items(), key=lambda p: (p[0] is None, p[0]))
        )
        + ".\n"
    )

    add("## Worst disagreements (held-out)\n")
    add(
        "Ranked by the gap between the mapped score and the expert mean as a share of the corpus's scale; "
        "`mapped` and `experts` are on the corpus's scale (EPITOME 0..6, the others 1..5).\n"
    )
    too_high, too_low = disagreements(items, analyses, corpora)
    add("Scorer far above the experts (it credits what experts do not):\n")
    out.extend(_disagreement_lines(too_high, corpora))
    add("")
    add("Scorer far below the experts (it misses or penalises what experts value):\n")
    out.extend(_disagreement_lines(too_low, corpora))
    add("")

    add("## Method\n")
    add(METHOD.format(**_method_values(corpora)))
    add("## Limitations\n")
    add(LIMITATIONS)
    return "\n".join(out)


def _method_values(corpora: dict[str, Corpus]) -> dict[str, str]:
    return {
        "targets": "\n".join(f"  - {c.name}: {c.target_label}." for c in corpora.values()),
        "ed_map": ", ".join(
            f"{e} ({', '.join(k for k, v in ED_EMOTIONS.items() if v == e)})"
            for e in ("anxious", "angry", "frustrated", "vulnerable", "neutral")
        ),
        "bootstrap": str(BOOTSTRAP),
    }


METHOD = """\
- **Transcripts.** EPITOME: a one-turn transcript (the Reddit post as the customer's message, the
  response as the bot's reply). EmpatheticDialogues and Lend an Ear: the full conversation, every
  `Seeker:` line a customer turn and every `Supporter:` line a bot turn (`_comma_` restored to `,`).
  The experts rated the supporter's side of the whole exchange, so the whole exchange is scored. No
  tool calls and no handoffs: peer supporters have none.
- **Scenario.** One small synthetic retail scenario per emotion, validated by `bench.suite.load.check_file`:
  language `en`, channel chat, category emotional, `expectations.empathy: expected`, escalation
  optional. Emotion: grieving when a customer turn mentions the death of someone close (`passed away`,
  `funeral`, `my sister ... died`, `lost my dad`; not `I want to die`); otherwise EmpatheticDialogues'
  own label mapped to the schema: {ed_map};
  EPITOME (mental-health subreddits) vulnerable; Lend an Ear (workplace trouble) frustrated. For this
  scorer only grieving (adds the critical condolences check) and upset-or-not (adds the cheerfulness and
  minimising checks) change the score; every corpus item is upset.
- **Targets** (what \u201cthe expert rating\u201d is):
{targets}
  Lend an Ear's advice_giving and self_oriented are left out: they describe problem solving and
  self-focus, not empathic communication; dismissing_emotions enters reversed. EPITOME is summed (0..6)
  rather than averaged so the scale keeps seven levels. The reference is the mean of expert1..3.
- **Scale for kappa.** Expert means (and LLM or crowd values) are rounded half up to the integer scale
  (1..5, or 0..6 for EPITOME). The pooled \u201cOverall\u201d row puts every corpus on 1..5 linearly
  (EPITOME: 1 + 4 \u00d7 sum / 6) and fits one set of cut points for all.
- **Split.** Per corpus, the item ids (EmpatheticDialogues `conv_id`, EPITOME `sp_id`, Lend an Ear
  `conversation_id`) are sorted by sha256(\u201c<corpus key>:<id>\u201d) with corpus keys
  `empatheticdialogues`, `epitome`, `lend_an_ear`; the first floor(n/2) form the fit half, the others
  the held-out half (25 + 25 per corpus). The overall fit half is the union of the three.
- **Cut points.** Fitted on the fit half only: the nondecreasing thresholds, taken among the midpoints
  between distinct scorer scores (plus \u00b1infinity, for a level never given), that maximise the
  quadratic kappa against the rounded expert mean, ties broken by the smaller squared error. Exhaustive
  search, so deterministic. Applied unchanged to the held-out half.
- **Agreement.** On the held-out half: Spearman's rho (`scipy.stats.spearmanr`) of the raw scorer score
  against the (unrounded) expert mean, and quadratic-weighted Cohen's kappa
  (`sklearn.metrics.cohen_kappa_score(..., weights="quadratic")`) of the mapped score against the
  rounded expert mean. 95% intervals: percentile bootstrap over held-out items, {bootstrap} resamples,
  fixed seed.
- **Baseline.** The supporter's word count through exactly the same split, fit and mapping: a scorer
  that cannot beat it is not measuring empathy.
"""

LIMITATIONS = """\
- **Wrong domain.** These are peer-support and emotional-support exchanges (Reddit mental-health
  posts, strangers chatting about an event, workplace troubles), not customer service. The scorer was
  written for support bots: its checks (acknowledge in the first reply, condolences, no cheerfulness,
  no minimising, apologies paired with action) are a subset of what these experts rate (exploration,
  interpretation, validation, not dismissing). Poor agreement here is real evidence, but not the whole
  story for support chats; a support-domain human-labelled set is still needed.
- **Structural penalty.** `empathy.acts_not_only_apologises` fails every conversation with an apology,
  because peer supporters have no tools and no handoff. In a support chat that check is right; here it
  penalises \u201cI'm so sorry\u201d, one of the main things the experts reward.
- **Small n.** 25 held-out items per corpus, 75 pooled: the bootstrap intervals are wide, and the
  cut points come from 25 items (75 pooled). Treat per-corpus figures as a range, not a point.
- **Coarse scores.** The scorer gives a handful of distinct values, so rho is computed with many ties
  and kappa depends on where a few cut points fall.
- **Targets are choices.** The Lend an Ear composite and the EPITOME sum are this script's
  definitions; the per-dimension diagnostics show how each component alone relates to the scorer.
  The emotion inference is a keyword rule; the scenario is synthetic.
- **Comparators.** The paper's table_kappa figures use its own aggregation over all 50 items and a
  single dimension; the \u201chere\u201d figures use our targets on the held-out items. Neither is
  a perfect like-for-like bar for a composite target, which is why both are shown.
"""


def _reading(analyses: dict[str, Analysis], overall: Analysis, items: list[Item], corpora: dict[str, Corpus]) -> str:
    lines = []
    o = overall.scorer
    llm = overall.others.get("llm-mean", (math.nan, math.nan))[0]
    lines.append(
        f"- Overall (75 held-out conversations) the scorer's agreement with the experts is {_band(o.kappa)}: "
        f"quadratic kappa {fmt(o.kappa)} {_ci(o.kappa_ci)}, Spearman rho {fmt(o.rho)} {_ci(o.rho_ci)}. Experts "
        f"agree with each other at kappa {fmt(overall.experts_loo[0])} on the same items and target, and the "
        f"mean of three LLM judges reaches {fmt(llm)}."
    )
    if not math.isnan(o.kappa) and not math.isnan(o.rho) and o.kappa > 0 >= o.rho:
        within = ", ".join(f"{corpora[c].name} {fmt(k)}" for c, k in overall.by_corpus.items())
        lines.append(
            "- The pooled kappa is above zero while the pooled rho is not, so it is not the scorer ranking "
            f"conversations the way experts do. Under the pooled mapping the within-corpus kappas are {within}: "
            "the pooled figure comes from the corpora sitting at different levels on both sides and from Lend an Ear."
        )
    for analysis in analyses.values():
        s = analysis.scorer
        constant = len(set(analysis.mapped.values())) == 1
        lines.append(
            f"- {analysis.name}: kappa {fmt(s.kappa)} {_ci(s.kappa_ci)} ({_band(s.kappa)}), rho {fmt(s.rho)} "
            f"{_ci(s.rho_ci)}; experts among themselves {fmt(analysis.experts_loo[0])}, LLM mean "
            f"{fmt(analysis.others.get('llm-mean', (math.nan,))[0])}; word count {fmt(analysis.baseline.kappa)}."
            + (
                " The cut points fitted on the other half put every held-out item on the same level: on the fit "
                "half too the score carried no usable order, so kappa is zero by construction."
                if constant
                else ""
            )
        )
    beats_words = sum(a.scorer.kappa > a.baseline.kappa for a in analyses.values())
    lines.append(
        f"- Against the word-count baseline the scorer has the higher held-out kappa in {beats_words} of 3 corpora "
        f"(overall {fmt(o.kappa)} vs. {fmt(overall.baseline.kappa)})."
    )
    ok = not math.isnan(o.kappa) and o.kappa >= overall.experts_loo[0] - 0.1
    lines.append(
        "- Verdict: "
        + (
            "close to the human bar on this data."
            if ok
            else "far below the human bar. On this data the lexicon scorer does not measure what experts "
            "call empathy; it should not be presented to a support lead as validated. Its empathy figures are "
            "best read as flags for specific failures (no acknowledgement, cheerfulness, minimising), not as a "
            "graded empathy measure."
        )
    )
    scores = [i.score for i in items if i.score is not None]
    mode = statistics.mode(scores)
    overall_mean = statistics.fmean(to_common(expert_mean(i, corpora[i.corpus]), corpora[i.corpus]) for i in items)
    lines.append(
        f"- Why: {scores.count(mode)} of {len(scores)} conversations get the same score {fmt(mode, 3)}, and the "
        "checks that decide the score do not separate good from poor replies in the experts' eyes (mean expert "
        f"rating on the common 1..5 scale; all items {fmt(overall_mean)}):"
    )
    for check, n_pass, m_pass, n_fail, m_fail, _ in per_check(items, corpora):
        if not n_fail:
            continue
        versus = f"passed on {n_pass} (experts {fmt(m_pass)})" if n_pass else "never passed"
        lines.append(f"  - `{check}` failed on {n_fail} conversations rated {fmt(m_fail)} by the experts; {versus}.")
    lines.append(
        "- Read together with the worst disagreements below, the gaps a later version should close are: "
        "acknowledgement phrasings outside the lexicon (e.g. \u201cthat's horrible\u201d, \u201cit can be a "
        "difficult situation\u201d), only the first reply counting for acknowledgement, no credit for "
        "exploring questions or reflecting the person's situation, an apology penalty that fires whenever "
        "there is no tool call, and checks that pass by absence (a reply that ignores the customer still "
        "scores two thirds)."
    )
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------------
# Entry point
