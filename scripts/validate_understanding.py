"""How well the understanding layer reads text: precision, recall and F1 of fact-request recognition,
claims with polarity and typed values, on the dev and held-out splits of validation/corpora/, written
to reports/understanding-validation.md. The held-out figures are the ones to quote.

    python scripts/validate_understanding.py [--corpora validation/corpora] [--out reports/understanding-validation.md]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tabulate import tabulate

from bench.calibration import understanding
from bench.calibration.understanding import Tally

REPO = Path(__file__).resolve().parent.parent


def _rows(tallies: dict[str, dict[str, Tally]]) -> list[list[str]]:
    names = list(next(iter(tallies.values())))
    rows = []
    for name in names:
        row = [name]
        for split in ("dev", "heldout"):
            t = tallies[split][name]
            row += [str(t.n), f"{t.precision:.3f}", f"{t.recall:.3f}", f"{t.f1:.3f}"]
        rows.append(row)
    return rows


HEADERS = ["", "dev n", "P", "R", "F1", "held-out n", "P", "R", "F1"]


def report(corpora: Path) -> str:
    sections = [
        (
            "Fact requests (bench.core.requests)",
            "fact-requests",
            understanding.fact_requests,
            "Per fact: does the recogniser find each fact a bot reply asks the customer for, and only those? "
            "n is the number of labelled requests.",
        ),
        (
            "Claims with polarity (bench.core.claims)",
            "claims",
            understanding.claims,
            "`polarity`: the replies where an author pattern matches, is the claim asserted in the bot's own "
            "voice? `pattern claims`: every reply of a pattern claim (the recall left over is wordings no "
            "pattern covers). The three built-in claims: every reply labelled for them. n is the number of "
            "asserted replies.",
        ),
        (
            "Typed values (bench.core.values)",
            "values",
            understanding.values,
            "Per type: each value read with its canonical value (and currency, unit, whether the year is "
            "written) against the labelled ones. n is the number of labelled values.",
        ),
    ]
    out = [
        "# The understanding layer against labelled corpora",
        "",
        "Produced by `python scripts/validate_understanding.py`. Each corpus (validation/corpora/, a README in "
        "each folder says how it was written and labelled) has a dev split, read while the layer was built, "
        "and a held-out split, written separately and never read to tune it: quote the held-out columns.",
        "",
    ]
    for title, folder, measure, legend in sections:
        tallies = {split: measure(understanding.load(corpora / folder, split)) for split in ("dev", "heldout")}
        out += [
            f"## {title}",
            "",
            legend,
            "",
            tabulate(_rows(tallies), HEADERS, tablefmt="github", disable_numparse=True),
            "",
        ]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, default=REPO / "validation" / "corpora")
    parser.add_argument("--out", type=Path, default=REPO / "reports" / "understanding-validation.md")
    args = parser.parse_args(argv)
    text = report(args.corpora)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
