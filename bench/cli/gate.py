"""`supportbench gate`: decide whether a run may ship."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from bench.cli.common import BAD_INPUT, EXIT_INCOMPLETE, command_line
from bench.render.safe import shown


def gate_config_or_exit(gate_file: Path | None):
    from bench.gate import GateError, load_gate_file

    try:
        return load_gate_file(gate_file)
    except GateError as bad:
        click.echo(shown(str(bad)), err=True)
        sys.exit(BAD_INPUT)


def baseline_or_exit(baseline: Path, config, names: list[str]) -> None:
    """Check the baseline before a run spends anything: bad input (not a run, not the bots that will
    play) exits 2, an incomplete baseline 3."""
    from bench.gate import GateError, RunIncomplete, read_run
    from bench.rundir import completeness

    try:
        base = read_run(baseline)
        problems = completeness.problems(base, config.max_bot_error_share)
    except GateError as bad:
        click.echo(shown(f"--baseline {bad}"), err=True)
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
        click.echo(shown(f"--baseline {baseline}: run incomplete:\n  " + "\n  ".join(problems)), err=True)
        sys.exit(EXIT_INCOMPLETE)


def gate_run(
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
        click.echo(shown(f"cannot gate: {bad}"), err=True)
        return BAD_INPUT
    except gating.RunIncomplete as incomplete:
        click.echo(shown(str(incomplete)), err=True)
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


@click.command("gate")
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

    config = gate_config_or_exit(gate_file)
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
    code = gate_run(
        run_dir,
        baseline=baseline,
        config=config,
        bot=bot,
        baseline_bot=baseline_bot,
        suite=list(suite) or None,
        outputs={"json": json_out, "markdown": markdown, "junit": junit},
        command=command_line(),
        quiet=quiet,
    )
    sys.exit(code)
