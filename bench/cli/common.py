"""What the commands share: exit codes, loading and filtering scenarios, the options for them,
weights files, and writing a document to stdout or a file."""

from __future__ import annotations

import fnmatch
import shlex
import sys
from collections import defaultdict
from pathlib import Path

import click

from bench.core.scenario import Scenario
from bench.render.safe import shown
from bench.scorers.weights import WeightsError, load_weights
from bench.suite.load import builtin_suite, check_paths

BAD_INPUT = 2
EXIT_INCOMPLETE = 3  # bench.gate.gate: a run (or its baseline) misses planned conversations
FILTER_KEYS = ("domain", "category", "emotion", "escalation", "channel", "language", "tag")


def load_or_exit(suite: tuple[Path, ...]) -> list[Scenario]:
    """Validated scenarios, or every problem on stderr and exit code 2 (nothing is run)."""
    scenarios, problems = check_paths(list(suite) or [builtin_suite()], parallel=True)
    if problems:
        for problem in problems:
            click.echo(shown(str(problem)), err=True)
        click.echo(f"{len(problems)} problem(s) in scenario files: nothing was run.", err=True)
        sys.exit(BAD_INPUT)
    return scenarios


def select(scenarios: list[Scenario], langs: tuple[str, ...], filters: tuple[str, ...], **by: tuple) -> list[Scenario]:
    """Keep the scenarios that match every id glob and, for each key given (`--filter KEY=VALUE`
    or `--KEY VALUE`), one of its values; `--lang` is the key `language`."""
    globs = [f for f in filters if "=" not in f]
    wanted: dict[str, set[str]] = defaultdict(set)
    for f in filters:
        key, sep, value = f.partition("=")
        if sep:
            if key not in FILTER_KEYS:
                raise click.BadParameter(f"{f!r}: KEY must be one of {', '.join(FILTER_KEYS)}", param_hint="--filter")
            wanted[key].add(value)
    for key, values in {**by, "language": langs}.items():
        wanted[key] |= set(values or ())

    def keep(s: Scenario) -> bool:
        if not all(fnmatch.fnmatch(s.id, g) for g in globs):
            return False
        for key, values in wanted.items():
            have = set(s.tags) if key == "tag" else {str(getattr(s, key))}
            if values and not have & values:
                return False
        return True

    return [s for s in scenarios if keep(s)]


suite_option = click.option(
    "--suite",
    "suite",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Scenario file or folder (repeatable). Default: the built-in suite.",
)
lang_option = click.option(
    "--lang", multiple=True, type=click.Choice(["en", "fr"]), help="Only scenarios in this language (repeatable)."
)


def filter_option(command):
    """--filter GLOB|KEY=VALUE and a shorthand --KEY VALUE per key (repeatable: any value of a key
    matches, and every key given must match)."""
    for key in reversed([k for k in FILTER_KEYS if k != "language"]):  # --lang exists
        command = click.option(f"--{key}", key, multiple=True, help=f"Only scenarios with this {key} (repeatable).")(
            command
        )
    return click.option(
        "--filter",
        "filters",
        multiple=True,
        metavar="GLOB|KEY=VALUE",
        help=f"Scenario id glob ('banking.*') or KEY=VALUE with KEY in {', '.join(FILTER_KEYS)} (repeatable).",
    )(command)


def command_line() -> str:
    """The command line as typed, for the documents that record how they were produced."""
    return "supportbench " + " ".join(shlex.quote(a) for a in sys.argv[1:])


def weights_or_exit(weights_file: Path | None):
    try:
        return load_weights(weights_file) if weights_file else None
    except WeightsError as bad:
        click.echo(shown(f"--weights {bad}"), err=True)
        sys.exit(BAD_INPUT)


def write(text: str, out: Path | None) -> None:
    if out is None:
        click.echo(text, nl=False)
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    click.echo(f"Written: {out}", err=True)


def print_rich(draw, document: dict, out: Path | None) -> None:
    """A rich rendering on the terminal, or as plain text (200 columns, no colour) into --out."""
    if out is None:
        draw(document)
        return
    from rich.console import Console

    with open(out, "w", encoding="utf-8") as stream:
        draw(document, Console(file=stream, width=200, color_system=None))
    click.echo(f"Written: {out}", err=True)
