"""The `supportbench` command line."""

from __future__ import annotations

import fnmatch
import json
import shlex
import sys
from collections import defaultdict
from pathlib import Path

import click
from tabulate import tabulate

from bench.adapters.config import bot_config_file_problems
from bench.analysis.board import BoardError
from bench.bots import BotSpecError, load_bot
from bench.bots.reference import REFERENCE_BOTS
from bench.core.scenario import Scenario
from bench.render import leaderboard as boards
from bench.render.conversation import render_conversation
from bench.run.evaluation import evaluate, new_run_id
from bench.run.resume import ResumeError
from bench.run.runner import RunOptions
from bench.rundir.files import SCORES, TRANSCRIPTS
from bench.rundir.reader import RunDirError, read_run
from bench.scorers.weights import WeightsError, load_weights
from bench.suite.coverage import coverage_table
from bench.suite.load import Problem, builtin_suite, check_paths, is_bot_config_file, scenario_files

BAD_INPUT = 2
EXIT_INCOMPLETE = 3  # bench.gate.gate: a run (or its baseline) misses planned conversations
_FILTER_KEYS = ("domain", "category", "emotion", "escalation", "channel", "language", "tag")


def _load(suite: tuple[Path, ...]) -> list[Scenario]:
    """Validated scenarios, or every problem on stderr and exit code 2 (nothing is run)."""
    scenarios, problems = check_paths(list(suite) or [builtin_suite()])
    if problems:
        for problem in problems:
            click.echo(str(problem), err=True)
        click.echo(f"{len(problems)} problem(s) in scenario files: nothing was run.", err=True)
        sys.exit(BAD_INPUT)
    return scenarios


def _select(scenarios: list[Scenario], langs: tuple[str, ...], filters: tuple[str, ...], **by: tuple) -> list[Scenario]:
    """Keep the scenarios that match every id glob and, for each key given (`--filter KEY=VALUE`
    or `--KEY VALUE`), one of its values; `--lang` is the key `language`."""
    globs = [f for f in filters if "=" not in f]
    wanted: dict[str, set[str]] = defaultdict(set)
    for f in filters:
        key, sep, value = f.partition("=")
        if sep:
            if key not in _FILTER_KEYS:
                raise click.BadParameter(f"{f!r}: KEY must be one of {', '.join(_FILTER_KEYS)}", param_hint="--filter")
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


_suite_option = click.option(
    "--suite",
    "suite",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Scenario file or folder (repeatable). Default: the built-in suite.",
)
_lang_option = click.option(
    "--lang", multiple=True, type=click.Choice(["en", "fr"]), help="Only scenarios in this language (repeatable)."
)


def _filter_option(command):
    """--filter GLOB|KEY=VALUE and a shorthand --KEY VALUE per key (repeatable: any value of a key
    matches, and every key given must match)."""
    for key in reversed([k for k in _FILTER_KEYS if k != "language"]):  # --lang exists
        command = click.option(f"--{key}", key, multiple=True, help=f"Only scenarios with this {key} (repeatable).")(
            command
        )
    return click.option(
        "--filter",
        "filters",
        multiple=True,
        metavar="GLOB|KEY=VALUE",
        help=f"Scenario id glob ('banking.*') or KEY=VALUE with KEY in {', '.join(_FILTER_KEYS)} (repeatable).",
    )(command)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """supportbench: benchmark customer-support bots on curated scenarios."""


@main.command()
@click.option(
    "--bot",
    "bots",
    multiple=True,
    metavar="SPEC",
    help="builtin:NAME, module:attr or file.py:attr (repeatable). Default: every reference bot.",
)
@_suite_option
@_lang_option
@_filter_option
@click.option(
    "--trials",
    default=1,
    show_default=True,
    type=click.IntRange(1),
    help="Conversations per scenario and bot, each with its own seed.",
)
@click.option("--concurrency", default=8, show_default=True, type=click.IntRange(1), help="Conversations at once.")
@click.option(
    "--timeout",
    default=30.0,
    show_default=True,
    type=click.FloatRange(min=0, min_open=True),
    help="Seconds a bot may take for one reply.",
)
@click.option(
    "--seed", default=0, show_default=True, type=int, help="Base seed; each (scenario, trial) derives its own."
)
@click.option("--out", type=click.Path(path_type=Path), help="Run directory. Default: runs/<run-id>.")
@click.option(
    "--weights",
    "weights_file",
    type=click.Path(path_type=Path),
    help="YAML/JSON file of dimension and severity weights (see docs/checks.md). Default: the documented weights.",
)
@click.option(
    "--resolution",
    type=click.Choice(["tools", "transcript"]),
    default="tools",
    show_default=True,
    help="transcript: for bots whose tool calls the harness cannot see, actions count when a reply confirms them.",
)
@click.option(
    "--resume",
    "resume",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="RUN_DIR",
    help="Continue the run in RUN_DIR (same bots, scenarios and options): play only the conversations missing "
    "or ended as bot_error, append them, summarise. A directory without a run starts one there.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress lines.")
@click.option(
    "--gate",
    "gate_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Gate the run once it ends (see `supportbench gate`): the exit code is the gate's, and gate.json, "
    "gate.md and junit.xml are written to the run directory.",
)
@click.option(
    "--baseline",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="RUN_DIR",
    help="With --gate (or alone, for the default gate): the last release's run, for the regression rules.",
)
def run(
    bots,
    suite,
    lang,
    filters,
    trials,
    concurrency,
    timeout,
    seed,
    out,
    weights_file,
    resolution,
    quiet,
    resume,
    gate_file,
    baseline,
    **by,
) -> None:
    """Play the scenarios against the bots, score them and print the leaderboard (with --gate, then gate it)."""
    weights = _weights_or_exit(weights_file)
    gating = gate_file is not None or baseline is not None
    gate_config = _gate_config_or_exit(gate_file) if gating else None
    scenarios = _select(_load(suite), lang, filters, **by)
    if not scenarios:
        click.echo("No scenario matches the --lang/--filter options: nothing to run.", err=True)
        sys.exit(BAD_INPUT)
    try:
        contestants = [load_bot(spec) for spec in (bots or [f"builtin:{name}" for name in REFERENCE_BOTS])]
    except BotSpecError as bad:
        click.echo(str(bad), err=True)
        sys.exit(BAD_INPUT)
    names = [c.name for c in contestants]
    if len(set(names)) != len(names):
        click.echo(f"--bot: the same bot is given twice ({', '.join(names)})", err=True)
        sys.exit(BAD_INPUT)
    if baseline is not None:
        _baseline_or_exit(baseline, gate_config, names)
    if resume and out and out.resolve() != resume.resolve():
        click.echo(f"--out {out} and --resume {resume}: a resumed run stays in its directory; give one.", err=True)
        sys.exit(BAD_INPUT)
    run_dir = resume or out or Path("runs") / new_run_id()
    run_id = run_dir.name
    if not resume and run_dir.exists() and any((run_dir / f).exists() for f in (TRANSCRIPTS, SCORES)):
        click.echo(f"--out {run_dir}: already holds a run; choose another directory (or --resume it).", err=True)
        sys.exit(BAD_INPUT)
    total = len(contestants) * len(scenarios) * trials
    done = 0

    def resuming(plan) -> None:
        nonlocal done
        done = len(plan.done)
        if plan.fresh:
            click.echo(f"--resume {run_dir}: no run there yet; starting it.", err=True)
        else:
            cut = f" (cut an unfinished last line of {', '.join(plan.repaired)})" if plan.repaired else ""
            again = f" ({plan.to_redo} of them again: bot_error or cut short)" if plan.to_redo else ""
            click.echo(
                f"Resuming {run_dir}: {done} of {total} conversations finished, {total - done} to play{again}{cut}.",
                err=True,
            )

    def progress(transcript, card) -> None:
        nonlocal done
        done += 1
        if not quiet:
            verdict = "pass" if card["passed"] else "FAIL"
            click.echo(
                f"[{done}/{total}] {transcript.bot:<12} {transcript.scenario_id:<48} "
                f"#{transcript.trial} {transcript.outcome:<9} {verdict}",
                err=True,
            )

    options = RunOptions(trials=trials, concurrency=concurrency, turn_timeout=timeout, seed=seed)
    command = _command()
    try:
        evaluate(
            contestants,
            scenarios,
            options,
            run_dir,
            run_id=run_id,
            command=command,
            on_conversation=progress,
            weights=weights,
            transcript_only=resolution == "transcript",
            on_leaderboard=boards.terminal,
            resume=resume is not None,
            on_resume=resuming,
        )
    except ResumeError as bad:
        click.echo(str(bad), err=True)
        sys.exit(BAD_INPUT)
    except KeyboardInterrupt:
        click.echo(
            f"\nInterrupted: {done} finished conversation(s) are saved in {run_dir}; "
            f"the same command with --resume {run_dir} plays the rest.",
            err=True,
        )
        interrupted = True
    else:
        interrupted = False
        click.echo(f"\n{total} conversations, {len(scenarios)} scenarios, {trials} trial(s). Run directory: {run_dir}")
    if gating:  # an interrupted run is gated too: its verdict is "incomplete" (exit 3), with the outputs CI expects
        outputs = {"json": run_dir / "gate.json", "markdown": run_dir / "gate.md", "junit": run_dir / "junit.xml"}
        sys.exit(
            _gate(run_dir, baseline=baseline, config=gate_config, scenarios=scenarios, outputs=outputs, command=command)
        )
    if interrupted:
        sys.exit(130)


def _command() -> str:
    """The command line as typed, for the documents that record how they were produced."""
    return "supportbench " + " ".join(shlex.quote(a) for a in sys.argv[1:])


def _weights_or_exit(weights_file: Path | None):
    try:
        return load_weights(weights_file) if weights_file else None
    except WeightsError as bad:
        click.echo(f"--weights {bad}", err=True)
        sys.exit(BAD_INPUT)


def _write(text: str, out: Path | None) -> None:
    if out is None:
        click.echo(text, nl=False)
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    click.echo(f"Written: {out}", err=True)


def _print_rich(draw, document: dict, out: Path | None) -> None:
    """A rich rendering on the terminal, or as plain text (200 columns, no colour) into --out."""
    if out is None:
        draw(document)
        return
    from rich.console import Console

    with open(out, "w", encoding="utf-8") as stream:
        draw(document, Console(file=stream, width=200, color_system=None))
    click.echo(f"Written: {out}", err=True)


@main.command("leaderboard")
@click.argument("run_dirs", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["terminal", "md", "json", "csv", "html"]),
    default="terminal",
    show_default=True,
    help="terminal: a rich table; md: Markdown (tabulate); json: the document (schema leaderboard.v1); "
    "csv: one row per bot; html: one self-contained page.",
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file instead of stdout.")
@click.option(
    "--weights",
    "weights_file",
    type=click.Path(path_type=Path),
    help="Score every transcript again with these dimension and severity weights (YAML/JSON).",
)
@click.option(
    "--suite",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Scenario files or folders the runs played (repeatable), for breakdowns and --weights. "
    "Default: the built-in suite.",
)
@click.option("--shared-only", is_flag=True, help="Rank on the scenarios every bot played, leaving out the others.")
def leaderboard_(run_dirs, fmt, out, weights_file, suite, shared_only) -> None:
    """Rank the bots of one or more runs (several bots, several vendors) with 95% intervals, pass^k,
    pairwise tests and breakdowns. Refuses (exit 2) bots on different scenario sets or versions."""
    from bench.analysis.board import assemble

    weights = _weights_or_exit(weights_file)
    try:
        board = assemble(
            list(run_dirs),
            command=_command(),
            weights=weights,
            suite=list(suite) or None,
            shared_only=shared_only,
        )
    except BoardError as bad:
        click.echo(f"cannot rank: {bad}", err=True)
        sys.exit(BAD_INPUT)
    document = board.document
    if fmt == "terminal":
        _print_rich(boards.terminal, document, out)
    elif fmt == "md":
        _write(boards.markdown(document), out)
    elif fmt == "json":
        _write(boards.json_text(document), out)
    elif fmt == "csv":
        _write(boards.csv_text(document), out)
    else:
        try:
            from bench.render.html import render as render_html
        except ImportError as missing:
            click.echo(f"--format html is not available in this version ({missing})", err=True)
            sys.exit(BAD_INPUT)
        _write(render_html(board), out)


def _gate_config_or_exit(gate_file: Path | None):
    from bench.gate import GateError, load_gate_file

    try:
        return load_gate_file(gate_file)
    except GateError as bad:
        click.echo(str(bad), err=True)
        sys.exit(BAD_INPUT)


def _baseline_or_exit(baseline: Path, config, names: list[str]) -> None:
    """Check the baseline before a run spends anything: bad input (not a run, not the bots that will
    play) exits 2, an incomplete baseline 3."""
    from bench.gate import GateError, RunIncomplete, read_run
    from bench.rundir import completeness

    try:
        base = read_run(baseline)
        problems = completeness.problems(base, config.max_bot_error_share)
    except GateError as bad:
        click.echo(f"--baseline {bad}", err=True)
        sys.exit(BAD_INPUT)
    except RunIncomplete as incomplete:
        problems = incomplete.problems
    else:
        missing = [n for n in names if n not in base.bots]
        if missing and not (len(names) == 1 and len(base.bots) == 1):
            click.echo(
                f"--baseline {baseline}: has no bot {', '.join(missing)} (bots there: {', '.join(base.bots)})", err=True
            )
            sys.exit(BAD_INPUT)
    if problems:
        click.echo(f"--baseline {baseline}: run incomplete:\n  " + "\n  ".join(problems), err=True)
        sys.exit(EXIT_INCOMPLETE)


def _gate(
    run_dir, *, baseline, config, outputs, command, bot=None, baseline_bot=None, scenarios=None, suite=None, quiet=False
):
    """Gate a run, write the outputs asked for, print the Markdown verdict; returns the exit code."""
    from bench import gate as gating
    from bench.render import gate as gate_report

    try:
        result = gating.evaluate_gate(
            run_dir,
            baseline=baseline,
            config=config,
            bot=bot,
            baseline_bot=baseline_bot,
            scenarios=scenarios,
            suite=suite,
            command=command,
        )
    except gating.GateError as bad:
        click.echo(f"cannot gate: {bad}", err=True)
        return BAD_INPUT
    except gating.RunIncomplete as incomplete:
        click.echo(str(incomplete), err=True)
        result = gating.incomplete_result(incomplete, config, command)
    writers = {"json": gate_report.json_text, "markdown": gate_report.markdown}
    for kind, path in outputs.items():
        if path is None:
            continue
        text = gate_report.junit_xml(result) if kind == "junit" else writers[kind](result.document)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        click.echo(f"Written: {path}", err=True)
    if not quiet:
        click.echo(gate_report.markdown(result.document), nl=False)
    verdict = result.document["verdict"]
    click.echo(f"gate: {verdict} (exit code {result.exit_code})", err=True)
    return result.exit_code


def _assignments(values: tuple[str, ...], option: str, allowed: tuple[str, ...]) -> dict[str, float]:
    """NAME=NUMBER pairs of a repeatable option, each NAME one of `allowed`, each NUMBER in [0, 1]."""
    out = {}
    for value in values:
        name, sep, number = value.partition("=")
        try:
            share = float(number)
        except ValueError:
            share = -1.0
        if not sep or name not in allowed or not 0 <= share <= 1:
            raise click.BadParameter(
                f"{value!r}: expected NAME=NUMBER, NAME one of {', '.join(allowed)}, NUMBER from 0 to 1",
                param_hint=option,
            )
        out[name] = share
    return out


_SHARE = click.FloatRange(0, 1)


@main.command("gate")
@click.argument("run_dir", type=click.Path(path_type=Path))
@click.option(
    "--baseline",
    type=click.Path(path_type=Path),
    metavar="RUN_DIR",
    help="The last release's run: regression rules compare RUN_DIR to it, scenario by scenario.",
)
@click.option("--gate", "gate_file", type=click.Path(dir_okay=False, path_type=Path), help="Gate file (YAML).")
@click.option("--bot", help="Gate only this bot of RUN_DIR (default: every bot in it).")
@click.option("--baseline-bot", help="The baseline's bot to compare --bot with (default: the same name).")
@click.option(
    "--suite",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Scenario files or folders the run played (repeatable), for category and tag rules. Default: built-in.",
)
@click.option("--min-composite", type=_SHARE, help="Minimum mean composite.")
@click.option("--min-dimension", multiple=True, metavar="DIM=X", help="Minimum mean of a dimension (repeatable).")
@click.option("--min-pass-rate", type=_SHARE, help="Minimum share of conversations that pass.")
@click.option("--must-pass", multiple=True, metavar="GLOB", help="Scenario id glob that must pass every trial.")
@click.option("--must-pass-category", multiple=True, metavar="CATEGORY", help="Category that must pass every trial.")
@click.option("--must-pass-tag", multiple=True, metavar="TAG", help="Tag whose scenarios must pass every trial.")
@click.option(
    "--no-default-must-pass",
    is_flag=True,
    help="Drop the default must-pass cases (tags bereavement and fraud, category human-request).",
)
@click.option("--max-latency-p95", type=click.FloatRange(min=0, min_open=True), metavar="SECONDS")
@click.option("--max-cost-per-conversation", type=click.FloatRange(min=0), help="In the currency the bot reports.")
@click.option("--max-cost", type=click.FloatRange(min=0), help="Whole-run cost of a bot, in its currency.")
@click.option(
    "--allowed-drop",
    multiple=True,
    metavar="METRIC=X",
    help="Allowed drop against --baseline: composite, pass_rate or a dimension (repeatable). "
    "Default: composite=0.02, pass_rate=0.05.",
)
@click.option("--min-scenarios", type=click.IntRange(2), help="Shared scenarios a regression rule needs (default 6).")
@click.option("--max-bot-error-share", type=_SHARE, help="More bot_error conversations: run incomplete (default 0.1).")
@click.option(
    "--inconclusive",
    type=click.Choice(["fail", "pass"]),
    help="Exit code of an inconclusive verdict: fail (1, the default) or pass (0).",
)
@click.option("--junit", type=click.Path(dir_okay=False, path_type=Path), help="Write JUnit XML here.")
@click.option("--markdown", type=click.Path(dir_okay=False, path_type=Path), help="Write the Markdown verdict here.")
@click.option("--json", "json_out", type=click.Path(dir_okay=False, path_type=Path), help="Write the JSON verdict.")
@click.option("-q", "--quiet", is_flag=True, help="Do not print the Markdown verdict.")
def gate_(run_dir, baseline, gate_file, bot, baseline_bot, suite, junit, markdown, json_out, quiet, **flags) -> None:
    """Decide whether RUN_DIR may ship: absolute bars, must-pass scenarios, and regressions against
    --baseline that are beyond noise. Exit 0 pass, 1 fail (or inconclusive), 2 bad input, 3 run incomplete."""
    from bench.gate import with_flags
    from bench.scorers import DIMENSIONS

    config = _gate_config_or_exit(gate_file)
    config = with_flags(
        config,
        min_composite=flags["min_composite"],
        min_dimensions=_assignments(flags["min_dimension"], "--min-dimension", DIMENSIONS),
        min_pass_rate=flags["min_pass_rate"],
        max_latency_p95_s=flags["max_latency_p95"],
        max_cost_per_conversation=flags["max_cost_per_conversation"],
        max_cost_total=flags["max_cost"],
        must_pass=list(flags["must_pass"]),
        must_pass_categories=list(flags["must_pass_category"]),
        must_pass_tags=list(flags["must_pass_tag"]),
        no_default_must_pass=flags["no_default_must_pass"],
        allowed_drops=_assignments(flags["allowed_drop"], "--allowed-drop", ("composite", *DIMENSIONS, "pass_rate")),
        min_scenarios=flags["min_scenarios"],
        max_bot_error_share=flags["max_bot_error_share"],
        inconclusive=flags["inconclusive"],
    )
    code = _gate(
        run_dir,
        baseline=baseline,
        config=config,
        bot=bot,
        baseline_bot=baseline_bot,
        suite=list(suite) or None,
        outputs={"json": json_out, "markdown": markdown, "junit": junit},
        command=_command(),
        quiet=quiet,
    )
    sys.exit(code)


@main.command("compare")
@click.argument("run_a", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("run_b", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--bot-a", help="The bot of RUN_A to compare (default: each bot in both runs, or the run's only bot).")
@click.option("--bot-b", help="The bot of RUN_B to compare (default: --bot-a's name, or the run's only bot).")
@click.option("--format", "fmt", type=click.Choice(["terminal", "md", "json"]), default="terminal", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file instead of stdout.")
def compare_(run_a, run_b, bot_a, bot_b, fmt, out) -> None:
    """What changed from RUN_A to RUN_B (the same bot or two bots): each dimension's paired difference
    B - A with its interval and p-value, and the conversations whose verdict flipped, with the failed
    critical checks, turns and evidence that decided them."""
    from bench.analysis import compare as comparing
    from bench.render import compare as compare_report

    try:
        document = comparing.compare(run_a, run_b, bot_a=bot_a, bot_b=bot_b)
    except BoardError as bad:
        click.echo(f"cannot compare: {bad}", err=True)
        sys.exit(BAD_INPUT)
    if fmt == "terminal":
        _print_rich(compare_report.terminal, document, out)
    elif fmt == "md":
        _write(compare_report.markdown(document), out)
    else:
        _write(json.dumps(document, indent=2, ensure_ascii=False) + "\n", out)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "parquet"]),
    help="Format of every FILE. Default: each file's extension (.jsonl/.json, .csv, .parquet).",
)
@_suite_option
@click.option(
    "--transcript-only",
    is_flag=True,
    help="Grade resolution from what the replies confirm (for logs without the bot's tool calls).",
)
@click.option("--out", type=click.Path(path_type=Path), help="Run directory. Default: runs/<run-id>.")
@click.option("--bot-name", metavar="NAME", help="Bot name for records without a `bot` field. Default: the file name.")
def replay(files, fmt, suite, transcript_only, out, bot_name) -> None:
    """Score conversations that already happened (JSONL, CSV or Parquet; one per record, mapped to
    scenarios by id) without running a bot, and print the leaderboard. Record format: bench/replay.py."""
    from bench.run.replay import ReplayError
    from bench.run.replay import replay as replay_files

    scenarios = _load(suite)
    run_id = out.name if out else new_run_id()
    run_dir = out or Path("runs") / run_id
    if run_dir.exists() and any((run_dir / f).exists() for f in (TRANSCRIPTS, SCORES)):
        click.echo(f"--out {run_dir}: already holds a run; choose another directory.", err=True)
        sys.exit(BAD_INPUT)
    command = "supportbench " + " ".join(shlex.quote(a) for a in sys.argv[1:])
    try:
        summary = replay_files(
            list(files),
            scenarios,
            run_dir,
            fmt=fmt,
            bot_name=bot_name,
            transcript_only=transcript_only,
            run_id=run_id,
            command=command,
            on_leaderboard=boards.terminal,
        )
    except ReplayError as bad:
        shown = bad.problems[:50]
        for problem in shown:
            click.echo(problem, err=True)
        more = f" (first {len(shown)} shown)" if len(bad.problems) > len(shown) else ""
        click.echo(f"{len(bad.problems)} problem(s) in replay files{more}: nothing was scored.", err=True)
        sys.exit(BAD_INPUT)
    conversations = summary["options"]["conversations"]
    click.echo(
        f"\n{conversations} conversations replayed from {len(files)} file(s), {summary['options']['scenarios']} "
        f"scenarios. Run directory: {run_dir}"
    )


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def validate(paths) -> None:
    """Check scenario files and bot config files (default: the built-in suite). Exit 2 on any problem."""
    paths = list(paths) or [builtin_suite()]
    bots = [f for f in scenario_files(paths) if is_bot_config_file(f)]
    scenario_paths = [p for p in paths if p not in bots]
    scenarios, problems = check_paths(scenario_paths) if scenario_paths else ([], [])
    for path in bots:
        found = [Problem(str(path), field, message) for field, message in bot_config_file_problems(path)]
        if not found:  # the schema holds: let the adapter check what only it knows (placeholders, JSONPath)
            try:
                load_bot(str(path))
            except BotSpecError as bad:
                found = [Problem(str(path), "", str(bad).removeprefix(f"--bot {path}: "))]
        problems += found
    for problem in problems:
        click.echo(str(problem))
    if problems:
        click.echo(f"{len(problems)} problem(s).", err=True)
        sys.exit(BAD_INPUT)
    variants = sum(1 for s in scenarios if s.variant_of)
    found = f"{len(scenarios) - variants} scenario(s) and {variants} variant(s)"
    click.echo(f"{found}{f', {len(bots)} bot config(s)' if bots else ''}, no problems.")


@main.command("audit")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--out", type=click.Path(path_type=Path), help="Keep the audit's conversations here (read them with `show`)."
)
@click.option("--problems-only", is_flag=True, help="Print only the scenarios with a problem.")
def audit_(paths, out, problems_only) -> None:
    """Prove each scenario fair: a witness passes it, null bots fail it, its facts hold in the world,
    its customer speaks its language, and no other scenario duplicates it. Exit 1 on any problem."""
    from bench.run.audit import NULL_BOTS, audit

    scenarios = _load(paths)
    if out and out.exists() and any((out / f).exists() for f in (TRANSCRIPTS, SCORES)):
        click.echo(f"--out {out}: already holds a run; choose another directory.", err=True)
        sys.exit(BAD_INPUT)
    rows = audit(scenarios, out)

    def cell(row, bot: str) -> str:
        passed = row.verdicts.get(bot)
        if bot == "witness":
            return f"{'pass' if passed else 'FAIL'} ({row.witness})"
        return "PASS!" if passed and NULL_BOTS[bot][1](row.scenario) else ("pass" if passed else "fail")

    shown = [r for r in rows if r.problems or not problems_only]
    table = [
        [r.scenario.id, r.scenario.language, *(cell(r, b) for b in ("witness", *NULL_BOTS)), len(r.problems)]
        for r in shown
    ]
    click.echo(tabulate(table, ["scenario", "lang", "witness", *NULL_BOTS, "problems"]))
    bad = [r for r in rows if r.problems]
    for row in bad:
        click.echo(f"\n{row.scenario.id} ({row.scenario.source}):")
        for problem in row.problems:
            click.echo(f"  - {problem}")
    click.echo(f"\n{len(rows)} scenario(s) audited, {len(bad)} with problems.")
    if bad:
        sys.exit(1)


@main.command("list")
@_suite_option
@_lang_option
@_filter_option
@click.option("--coverage", is_flag=True, help="Counts per category, language and emotion instead of the list.")
@click.option("--markdown", is_flag=True, help="Print the table as Markdown (the README's coverage table).")
def list_(suite, lang, filters, coverage, markdown, **by) -> None:
    """List the scenarios with their category, language, emotion and escalation."""
    scenarios = _select(_load(suite), lang, filters, **by)
    fmt = "github" if markdown else "simple"
    if coverage:
        click.echo(coverage_table(scenarios, fmt))
        return
    table = [
        [s.id, s.language, s.channel, s.category, s.emotion, s.escalation, s.difficulty, s.title] for s in scenarios
    ]
    click.echo(tabulate(table, ["id", "lang", "channel", "category", "emotion", "escalation", "diff", "title"], fmt))
    click.echo(f"\n{len(scenarios)} scenario(s).")


@main.command()
@click.argument("run_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--scenario", "scenario_id", help="Scenario id (default: every conversation in the run).")
@click.option("--bot", help="Only this bot's conversations.")
@click.option("--trial", type=int, help="Only this trial.")
@click.option("--failures-only", is_flag=True, help="Show only the checks that failed.")
def show(run_dir, scenario_id, bot, trial, failures_only) -> None:
    """Print conversations turn by turn, each finding next to the turn it is about."""
    try:
        run = read_run(run_dir)
    except RunDirError as bad:
        click.echo(str(bad), err=True)
        sys.exit(BAD_INPUT)
    if not run.has_records:
        click.echo(f"{run_dir}: cannot read run: it holds no {TRANSCRIPTS} and {SCORES}", err=True)
        sys.exit(BAD_INPUT)
    every = [(c.transcript, c.card) for c in run.conversations] + [(t, None) for t in run.unscored]
    chosen = [
        (t, card)
        for t, card in every
        if (not scenario_id or t.scenario_id == scenario_id)
        and (not bot or t.bot == bot)
        and (trial is None or t.trial == trial)
    ]
    if not chosen:
        known = sorted({t.scenario_id for t, _ in every})
        click.echo(f"{run_dir}: no conversation matches (scenarios in this run: {', '.join(known)})", err=True)
        sys.exit(BAD_INPUT)
    for transcript, card in chosen:
        click.echo(render_conversation(transcript, card, failures_only))


if __name__ == "__main__":
    main()
