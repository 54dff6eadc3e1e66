"""How far the deterministic empathy scorer (bench/scorers/empathy.py) agrees with human experts.

Reads the expert-rated support conversations of the empathy-experts data set (Kumar et al., 2025
replication package: three public corpora, three expert raters each, plus a crowd and three LLM
judges; not shipped with supportbench, pass its folder with --data), replays every supporter's
replies as a supportbench transcript, scores it with `bench.scorers.empathy.score`, and writes a Markdown
report of Spearman's rho and quadratic-weighted Cohen's kappa against the mean expert rating.

    python scripts/validate_empathy.py --data PATH/TO/empathy-experts [--french FILE] [--out REPORT]

The report opens with the acknowledgement model (bench.core.acknowledgement: held-out Spearman per
corpus and pooled, length baseline, partial correlation with length held constant, and, with
--french, how translated conversations read against their originals), then the empathy dimension.

Needs the `validation` extra (scipy, scikit-learn): pip install -e '.[test,validation]'.
The data stays where it is: nothing from it is copied into the repository except the short quoted
excerpts of the worst disagreements in the report.

Method, in short (the report says it in full):
- target per corpus: EmpatheticDialogues `empathy` (1..5); EPITOME the SUM of the three levels
  (0..6); Lend an Ear the mean of validating_emotions, encouraging_elaboration,
  demonstrating_understanding and (6 - dismissing_emotions) (1..5). The reference is the mean of the
  three experts; for kappa it is rounded half up to the scale.
- split: per corpus, items sorted by sha256("<corpus>:<item id>"); the first floor(n/2) are the fit
  half, the rest the held-out half. Only the fit half is used to fit the cut points that turn the
  scorer's [0, 1] score into a rating; every reported agreement is on the held-out half.
- cut points: the monotone thresholds (midpoints between distinct fit scores) that maximise the
  quadratic kappa on the fit half, ties broken by the smaller squared error.
"""

from __future__ import annotations

import argparse
import math
import shlex
import sys
from pathlib import Path

from bench.calibration.acknowledgement_check import french_check, held_out_rows
from bench.calibration.agreement import Analysis, analyse, split_half
from bench.calibration.empathy_data import COMMON, CORPORA, Corpus, Item, load_corpus, score_items, to_common
from bench.calibration.empathy_report import fmt, load_table_kappa, render

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "reports" / "empathy-validation.md"


def run(data: Path) -> tuple[list[Item], dict[str, Corpus], dict[str, Analysis], Analysis, dict]:
    corpora = {c.key: c for c in CORPORA}
    items: list[Item] = []
    for corpus in CORPORA:
        items += load_corpus(data, corpus)
    score_items(items)
    fit, _ = split_half(i.key for i in items)
    analyses = {}
    for corpus in CORPORA:
        levels = list(range(corpus.low, corpus.high + 1))
        analyses[corpus.key] = analyse(
            corpus.name, [i for i in items if i.corpus == corpus.key], fit, lambda _, v: v, levels, corpora
        )
    overall = analyse(
        "Overall (pooled, 1..5)",
        items,
        fit,
        lambda item, v: to_common(v, corpora[item.corpus]),
        list(range(COMMON[0], COMMON[1] + 1)),
        corpora,
    )
    table = load_table_kappa(data / "annotations" / "table_kappa.csv")
    return items, corpora, analyses, overall, table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="the empathy-experts folder (not shipped)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the Markdown report")
    parser.add_argument(
        "--french", type=Path, help="the expert conversations translated to French (JSON lines: corpus, item_id, turns)"
    )
    args = parser.parse_args(argv)
    if not (args.data / "annotations" / "table_kappa.csv").is_file():
        print(f"error: {args.data}: not the empathy-experts folder (no annotations/table_kappa.csv)", file=sys.stderr)
        return 2
    items, corpora, analyses, overall, table = run(args.data)
    # The data lives outside the repository: the report names it DATA, not by where it sat here.
    given = ["--data", "DATA", *(["--french", "FRENCH"] if args.french else [])]
    given += ["--out", str(args.out)] if args.out != DEFAULT_OUT else []
    command = " ".join(["python scripts/validate_empathy.py", *(shlex.quote(a) for a in given)])
    fit, _ = split_half(i.key for i in items)
    rows = held_out_rows(items, corpora, fit)
    french = french_check(items, corpora, args.french, fit) if args.french else None
    report = (
        acknowledgement_section(command, rows, french)
        + "\n"
        + render(command, Path("DATA"), items, corpora, analyses, overall, table)
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report, encoding="utf-8")
    for analysis in [*analyses.values(), overall]:
        s = analysis.scorer
        print(
            f"{analysis.name:28} n={s.n:3}  rho={fmt(s.rho):>5}  kappa={fmt(s.kappa):>5}  "
            f"experts={fmt(analysis.experts_loo[0]):>5}  llm={fmt(analysis.others.get('llm-mean', (math.nan,))[0]):>5}"
        )
    for r in rows:
        print(
            f"acknowledgement {r.name:30} n={r.n:3}  rho={fmt(r.rho):>5}  "
            f"words={fmt(r.words):>5}  partial={fmt(r.partial):>5}"
        )
    for name, n, rho in french or []:
        print(f"french check    {name:30} n={n:3}  rho={fmt(rho):>5}")
    print(f"report: {args.out}")
    return 0


def acknowledgement_section(command: str, rows: list, french: list | None) -> str:
    """The acknowledgement model's figures, as the report's opening section."""
    lines = [
        "# Acknowledgement model vs. human experts",
        "",
        "The graded core of the empathy dimension (`bench.core.acknowledgement`, trained only on the project's "
        "own corpus, `validation/corpora/empathy`; never trained or tuned on these ratings) read on each "
        "conversation: the best acknowledgement the supporter gave, discounted for each reply it came late. "
        f"Generated by `{command}`.",
        "",
        "## Held-out half",
        "",
        "| | n | Spearman rho [95% CI] | word count rho | partial rho (length held constant) | LLM judges' mean rho |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r.name} | {r.n} | {fmt(r.rho)} [{fmt(r.ci[0])}, {fmt(r.ci[1])}] | {fmt(r.words)} | {fmt(r.partial)} "
            f"| {fmt(r.llm)} |"
        )
    lines += [
        "",
        "Pooled (ranks within corpus) ranks each corpus's items on its own before pooling: the corpora rate "
        "different things on different scales (1..5 overall empathy, a 0..6 sum of three levels, a mean of four "
        "1..5 dimensions), and a model of acknowledgement has no reason to know where one scale sits against "
        "another. The common-scale figure, which maps every scale linearly onto 1..5, is shown beside it.",
        "",
    ]
    if french is not None:
        lines += [
            "## French check",
            "",
            "Every expert conversation translated to French (FRENCH, not shipped; translated for this check, tone "
            "kept), read by the same model: Spearman between each conversation's reading and its translation's. "
            "The aim is 0.8 or more. The fit half's translations were read to find words one lexicon had and "
            "the other lacked; the held-out half was not.",
            "",
            "| | n | rho |",
            "|---|---|---|",
            *(f"| {name} | {n} | {fmt(rho)} |" for name, n, rho in french),
            "",
        ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
