"""The release gate: is a run good enough to ship, and did it get worse than the last release?

`evaluate_gate(run_dir, baseline=..., config=...)` reads a run directory (and a baseline run) and
applies the rules of a gate file (bench/schemas/gate.v1.schema.json) and flags:

- run completeness, first (exit 3 when it fails): the run has its summary.json (a run stopped by
  Ctrl-C or a crash has none), a score record for every transcript and the reverse, every bot,
  scenario and trial its manifest (run.json, bench.run.resume) planned (without a manifest: the counts
  of the summary's options), and per bot a share of bot_error conversations no larger than
  `run.max_bot_error_share` (default 0.1: more is an outage or a rate limit, not a measurement;
  resume the run). Bot errors below that share count as failed conversations. A conversation
  recorded again by a resume counts once, its last record (bench.rundir.records).
- absolute rules: minimum composite, per dimension and pass rate; maximum latency p95 and cost. A
  mean is judged with its trial-to-trial noise: each scenario's trials are resampled (the suite is
  fixed, so the scenarios are not), and the rule passes when the whole 95% interval clears the bar,
  fails when it lies entirely on the wrong side, and is inconclusive otherwise ("run more trials").
  With one trial the noise cannot be measured and the value decides. Latency and cost compare the
  measured value. A rule that cannot be measured (no cost reported, a dimension that never applies)
  fails.
- must-pass rules: the scenarios matching an id glob, a category or a tag must pass every trial.
  Default: tags bereavement and fraud, category human-request (a default that matches no scenario
  of the run is skipped; a selector you gave that matches none fails).
- regression rules against a baseline run (the last release), per metric an allowed drop (default:
  composite 0.02, pass rate 0.05): on the scenarios both runs played in the same version, the paired
  difference current - baseline and its bootstrap interval (bench.analysis.stats.paired_difference). Fail
  when the interval lies entirely below -drop, pass when it lies at or above -drop, inconclusive
  otherwise or when fewer than `min_scenarios` (default 6) scenarios are shared: with so few, a
  bootstrap interval is too narrow to trust (with one it has no width at all).

The verdict: fail when any rule fails; else inconclusive when any rule is; else pass. Exit codes:
0 pass (also inconclusive under `inconclusive: pass`), 1 fail or inconclusive, 2 bad input (the
command line raises GateError: a bad gate file, a missing run), 3 run incomplete (RunIncomplete).
The document (`GateResult.document`, the `--json` output, schema
bench/schemas/gate-verdict.v1.schema.json) renders to Markdown (`markdown`) and, with the
conversations (`GateResult.cases`), to JUnit XML (`junit_xml`).
"""

from __future__ import annotations

import fnmatch
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import numpy as np
import yaml

from bench.analysis.board import Conversation, values_by_scenario
from bench.analysis.stats import Interval, paired_difference, percentile
from bench.core.transcript import BOT_ERROR
from bench.run.resume import MANIFEST
from bench.rundir.records import SCORES, SUMMARY, TRANSCRIPTS, read_scores, read_transcripts
from bench.scorers import DIMENSIONS
from bench.suite.load import Scenario, ScenarioError, load_scenarios

GATE_VERSION = 1
SCHEMA = Path(__file__).resolve().parent.parent / "schemas" / f"gate.v{GATE_VERSION}.schema.json"
VERDICT_SCHEMA = Path(__file__).resolve().parent.parent / "schemas" / f"gate-verdict.v{GATE_VERSION}.schema.json"

PASS, FAIL, INCONCLUSIVE, SKIPPED, INCOMPLETE = "pass", "fail", "inconclusive", "skipped", "incomplete"
EXIT_PASS, EXIT_FAIL, EXIT_BAD_INPUT, EXIT_INCOMPLETE = 0, 1, 2, 3

DEFAULT_MUST_PASS = {"scenarios": [], "categories": ["human-request"], "tags": ["bereavement", "fraud"]}
DEFAULT_REGRESSIONS = {"composite": 0.02, "pass_rate": 0.05}
DEFAULT_LEVEL = 0.95
DEFAULT_MIN_SCENARIOS = 6
DEFAULT_MAX_BOT_ERROR_SHARE = 0.1
RESAMPLES, SEED = 2000, 0  # as the leaderboards
METRICS = ("composite", *DIMENSIONS, "pass_rate")
_LISTED = 8  # conversations or scenarios listed in a message before "and N more"
_TEXT = 200  # characters of a turn quoted


class GateError(ValueError):
    """Bad input (exit 2): a gate file that does not validate, a directory that is not a run, an
    unknown bot. The message names the file and the field."""


class RunIncomplete(Exception):
    """The run (or the baseline) misses conversations it planned, or has too many bot errors (exit 3)."""

    def __init__(self, path: str, problems: list[str]):
        self.path, self.problems = path, problems
        super().__init__(f"{path}: run incomplete:\n  " + "\n  ".join(problems))


# The gate file ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GateConfig:
    """The rules in effect: a gate file's sections (or the defaults of a missing section), then flags."""

    absolute: dict = field(default_factory=dict)
    must_pass: dict = field(default_factory=lambda: {k: list(v) for k, v in DEFAULT_MUST_PASS.items()})
    must_pass_default: bool = True  # the default selectors are in must_pass (one matching nothing is skipped)
    regressions: dict = field(default_factory=lambda: dict(DEFAULT_REGRESSIONS))
    level: float = DEFAULT_LEVEL
    min_scenarios: int = DEFAULT_MIN_SCENARIOS
    max_bot_error_share: float = DEFAULT_MAX_BOT_ERROR_SHARE
    inconclusive: str = FAIL
    source: str | None = None

    def to_dict(self) -> dict:
        return {
            "source": self.source,
            "absolute": self.absolute,
            "must_pass": self.must_pass,
            "must_pass_default": self.must_pass_default,
            "regressions": self.regressions,
            "level": self.level,
            "min_scenarios": self.min_scenarios,
            "max_bot_error_share": self.max_bot_error_share,
            "inconclusive": self.inconclusive,
        }


def schema() -> dict:
    return json.loads(SCHEMA.read_text(encoding="utf-8"))


def _field_of(error: jsonschema.ValidationError) -> str:
    path = [str(p) for p in error.absolute_path]
    if error.validator == "required":
        missing = re.match(r"'([^']+)'", error.message)
        return f"{'.'.join(path + [missing[1] if missing else '?'])}: required field is missing"
    if error.validator == "additionalProperties":
        extra = re.findall(r"'([^']+)'", error.message.split("(")[-1])
        allowed = ", ".join(error.schema.get("properties", {}))
        return f"{'.'.join(path + extra[:1])}: unknown field (allowed: {allowed})"
    return f"{'.'.join(path) or '(top)'}: {error.message}"


def gate_file_problems(path: Path) -> list[str]:
    """Every problem of a gate file, each as `file: field: message`."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as bad:
        return [f"{path}: cannot read: {getattr(bad, 'strerror', None) or bad}"]
    except yaml.YAMLError as bad:
        mark = getattr(bad, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark else ""
        return [f"{path}: {where}not valid YAML: {getattr(bad, 'problem', None) or bad}"]
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return [f"{path}: (top): a gate file holds one mapping (absolute, must_pass, regressions, run, inconclusive)"]
    validator = jsonschema.Draft202012Validator(schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    return [f"{path}: {_field_of(e)}" for e in errors]


def load_gate_file(path: Path | str | None) -> GateConfig:
    """The rules of a gate file (None: the defaults). GateError naming the file and field of every problem."""
    if path is None:
        return GateConfig()
    path = Path(path)
    problems = gate_file_problems(path)
    if problems:
        raise GateError("\n".join(problems))
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    config = GateConfig(source=str(path))
    if "absolute" in data:
        config = replace(config, absolute=dict(data["absolute"] or {}))
    if "must_pass" in data:
        given = data["must_pass"] or {}
        config = replace(
            config,
            must_pass={k: list(given.get(k, [])) for k in DEFAULT_MUST_PASS},
            must_pass_default=False,
        )
    if "regressions" in data:
        given = dict(data["regressions"] or {})
        config = replace(
            config,
            level=given.pop("level", DEFAULT_LEVEL),
            min_scenarios=given.pop("min_scenarios", DEFAULT_MIN_SCENARIOS),
            regressions=_flat_drops(given),
        )
    if "run" in data:
        config = replace(
            config, max_bot_error_share=(data["run"] or {}).get("max_bot_error_share", DEFAULT_MAX_BOT_ERROR_SHARE)
        )
    if "inconclusive" in data:
        config = replace(config, inconclusive=data["inconclusive"])
    return config


def _flat_drops(section: dict) -> dict:
    """{composite, pass_rate, dimensions: {...}} -> {metric: allowed drop}."""
    drops = {k: v for k, v in section.items() if k != "dimensions"}
    drops.update(section.get("dimensions") or {})
    return {m: float(drops[m]) for m in METRICS if m in drops}


def with_flags(
    config: GateConfig,
    *,
    min_composite: float | None = None,
    min_dimensions: dict[str, float] | None = None,
    min_pass_rate: float | None = None,
    max_latency_p95_s: float | None = None,
    max_cost_per_conversation: float | None = None,
    max_cost_total: float | None = None,
    must_pass: list[str] | None = None,
    must_pass_categories: list[str] | None = None,
    must_pass_tags: list[str] | None = None,
    no_default_must_pass: bool = False,
    allowed_drops: dict[str, float] | None = None,
    min_scenarios: int | None = None,
    max_bot_error_share: float | None = None,
    inconclusive: str | None = None,
) -> GateConfig:
    """The config with command-line flags applied: a value given overrides the file's, a must-pass
    selector is added to the file's (or the defaults', unless `no_default_must_pass`)."""
    absolute = dict(config.absolute)
    for key, value in (
        ("min_composite", min_composite),
        ("min_pass_rate", min_pass_rate),
        ("max_latency_p95_s", max_latency_p95_s),
        ("max_cost_per_conversation", max_cost_per_conversation),
        ("max_cost_total", max_cost_total),
    ):
        if value is not None:
            absolute[key] = value
    if min_dimensions:
        absolute["min_dimensions"] = {**absolute.get("min_dimensions", {}), **min_dimensions}
    selectors = {k: list(v) for k, v in config.must_pass.items()}
    default = config.must_pass_default
    if no_default_must_pass and default:
        for key, values in DEFAULT_MUST_PASS.items():
            selectors[key] = [v for v in selectors[key] if v not in values]
        default = False
    for key, extra in (("scenarios", must_pass), ("categories", must_pass_categories), ("tags", must_pass_tags)):
        for value in extra or ():
            if value not in selectors[key]:
                selectors[key].append(value)
    return replace(
        config,
        absolute=absolute,
        must_pass=selectors,
        must_pass_default=default,
        regressions={**config.regressions, **(allowed_drops or {})},
        min_scenarios=config.min_scenarios if min_scenarios is None else min_scenarios,
        max_bot_error_share=config.max_bot_error_share if max_bot_error_share is None else max_bot_error_share,
        inconclusive=inconclusive or config.inconclusive,
    )


# Reading runs -------------------------------------------------------------------------------------


@dataclass
class RunData:
    path: str
    conversations: list[Conversation]
    summary: dict | None
    problems: list[str]  # what makes it incomplete

    @property
    def bots(self) -> list[str]:
        return sorted({c.transcript.bot for c in self.conversations})

    def of(self, bot: str) -> list[Conversation]:
        return [c for c in self.conversations if c.transcript.bot == bot]

    def trials(self, bot: str) -> int:
        counts = Counter(c.scenario_id for c in self.of(bot))
        return max(counts.values()) if counts else 0


def _listed(items) -> str:
    items = sorted(items)
    more = f" and {len(items) - _LISTED} more" if len(items) > _LISTED else ""
    return ", ".join(items[:_LISTED]) + more


def read_run(run_dir: Path | str, max_bot_error_share: float = DEFAULT_MAX_BOT_ERROR_SHARE) -> RunData:
    """A run directory's conversations and what makes it incomplete (`problems`). GateError when it is
    not a run; RunIncomplete when it started (run.json) but no conversation finished."""
    path = Path(run_dir)
    if not path.is_dir():
        raise GateError(f"{path}: no such run directory")
    started = (path / MANIFEST).is_file()  # run.json: written when a run starts
    if not (path / TRANSCRIPTS).is_file() or not (path / SCORES).is_file():
        if started:
            raise RunIncomplete(str(run_dir), ["the run started but no conversation finished"])
        raise GateError(f"{path}: not a run directory (it needs {TRANSCRIPTS} and {SCORES})")
    try:
        transcripts = read_transcripts(path)
        cards = read_scores(path)
        summary = json.loads((path / SUMMARY).read_text(encoding="utf-8")) if (path / SUMMARY).is_file() else None
    except (OSError, ValueError, KeyError, TypeError) as bad:
        raise GateError(f"{path}: cannot read the run: {bad}") from None
    problems = []
    if summary is None:
        problems.append(
            f"no {SUMMARY}: the run did not finish (stopped by Ctrl-C, a crash or a CI timeout?); "
            f"the same `supportbench run` command with `--resume {path}` plays the rest"
        )
    key = lambda r: (r["bot"], r["scenario_id"], r["trial"])  # noqa: E731
    transcript_keys = {(t.bot, t.scenario_id, t.trial) for t in transcripts}
    card_keys = {key(c) for c in cards}
    unscored = transcript_keys - card_keys
    if unscored:
        problems.append(
            f"{len(unscored)} conversation(s) have a transcript but no score: {_listed(map(_name, unscored))}"
        )
    untold = card_keys - transcript_keys
    if untold:
        problems.append(f"{len(untold)} score record(s) have no transcript: {_listed(map(_name, untold))}")
    by_key = {key(c): c for c in cards}
    conversations = [
        Conversation(str(run_dir), t, by_key[(t.bot, t.scenario_id, t.trial)])
        for t in transcripts
        if (t.bot, t.scenario_id, t.trial) in by_key
    ]
    if not conversations:
        if started:
            raise RunIncomplete(str(run_dir), ["the run started but no conversation finished"])
        raise GateError(f"{path}: the run holds no scored conversation")
    manifest = None
    if started:
        try:
            manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError) as bad:
            raise GateError(f"{path / MANIFEST}: cannot read the run manifest: {bad}") from None
    run = RunData(str(run_dir), conversations, summary, problems)
    problems += _plan_problems(run, manifest if isinstance(manifest, dict) else None)
    for bot in run.bots:
        mine = run.of(bot)
        errors = sum(1 for c in mine if c.card["outcome"] == BOT_ERROR)
        if errors / len(mine) > max_bot_error_share:
            problems.append(
                f"bot {bot}: {errors} of {len(mine)} conversations ended in bot_error ({errors / len(mine):.0%}, "
                f"more than the {max_bot_error_share:.0%} allowed): an outage or a rate limit is not a measurement; "
                "resume the run to play them again, or raise run.max_bot_error_share"
            )
    return run


def _name(key: tuple) -> str:
    return f"{key[0]}/{key[1]} #{key[2]}"


def _plan_problems(run: RunData, manifest: dict | None) -> list[str]:
    """What the run planned and its records lack: every bot x scenario x trial of its manifest
    (run.json, written when the run starts), else of its summary's options (counts only)."""
    options = (run.summary or {}).get("options") or {}
    if manifest is not None:
        planned_bots = list(manifest.get("bots") or run.bots)
        planned_scenarios = sorted(manifest.get("scenarios") or ())
        trials = manifest.get("trials")
    else:
        planned_bots = options.get("bots") or run.bots
        planned_scenarios = None
        trials = None if "replay" in options else options.get("trials")  # replayed logs hold what they hold
    problems = []
    missing = sorted(set(planned_bots) - set(run.bots))
    if missing:
        problems.append(f"bot(s) {', '.join(missing)} planned but without any finished conversation")
    for bot in run.bots:
        mine = run.of(bot)
        played = defaultdict(set)
        for c in mine:
            played[c.scenario_id].add(c.transcript.trial)
        if planned_scenarios is not None:
            absent = [s for s in planned_scenarios if s not in played]
            if absent:
                problems.append(
                    f"bot {bot}: {len(absent)} of the {len(planned_scenarios)} planned scenarios were not played: "
                    f"{_listed(absent)}"
                )
        elif isinstance(options.get("scenarios"), int) and len(played) < options["scenarios"]:
            problems.append(f"bot {bot}: {len(played)} of the {options['scenarios']} planned scenarios were played")
        if isinstance(trials, int):
            short = [s for s, got in played.items() if not set(range(trials)) <= got]
            if short:
                problems.append(
                    f"bot {bot}: {len(short)} scenario(s) lack some of the {trials} planned trials: {_listed(short)}"
                )
        counted = ((run.summary or {}).get("bots") or {}).get(bot, {}).get("conversations")
        if isinstance(counted, int) and counted != len(mine):
            problems.append(
                f"bot {bot}: {SUMMARY} counts {counted} conversations, the records hold {len(mine)} "
                "(a resume that did not finish?)"
            )
    return problems


# Statistics ---------------------------------------------------------------------------------------


def trial_noise_interval(
    values_by_scenario: dict[str, list[float]], *, resamples: int = RESAMPLES, seed: int = SEED, level: float = 0.95
) -> Interval:
    """The mean of every value with a percentile bootstrap interval of its trial-to-trial noise: each
    scenario's values (its trials) are resampled with replacement, the scenarios held fixed (the suite
    is what it is). A scenario with one value contributes no noise; with one trial everywhere the
    interval has no width. n is the number of scenarios."""
    groups = [np.asarray(v, dtype=float) for _, v in sorted(values_by_scenario.items()) if len(v)]
    if not groups:
        raise ValueError("trial_noise_interval: no values")
    count = sum(len(g) for g in groups)
    mean = float(sum(g.sum() for g in groups) / count)
    rng = np.random.default_rng(seed)
    totals = np.zeros(resamples)
    for g in groups:
        if len(g) == 1 or np.all(g == g[0]):
            totals += g.sum()
        else:
            totals += g[rng.integers(0, len(g), size=(resamples, len(g)))].sum(axis=1)
    tail = (1 - level) / 2
    low, high = np.quantile(totals / count, [tail, 1 - tail])
    return Interval(mean, min(float(low), mean), max(float(high), mean), len(groups))


def _r(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits) + 0.0


def _label(metric: str) -> str:
    return "pass rate" if metric == "pass_rate" else metric


# Findings -----------------------------------------------------------------------------------------

_SEVERITY_ORDER = {"critical": 0, "major": 1, "minor": 2}


def failed_findings(conversation: Conversation, critical_only: bool = False) -> list[dict]:
    """The failed findings of a conversation, critical first, each with its turn (0-based index; shown
    1-based as `show` numbers turns), who spoke there, what was said and the quoted evidence."""
    turns = conversation.transcript.turns
    out = []
    for dimension, score in conversation.card["dimensions"].items():
        for f in score["findings"]:
            if f["passed"] or (critical_only and f["severity"] != "critical"):
                continue
            turn = f.get("turn")
            said = turns[turn] if isinstance(turn, int) and 0 <= turn < len(turns) else None
            out.append(
                {
                    "dimension": dimension,
                    "check": f["check"],
                    "severity": f["severity"],
                    "message": f["message"],
                    "turn": turn if said else None,
                    "role": said.role if said else None,
                    "text": said.text[:_TEXT] if said else None,
                    "evidence": f.get("evidence", "") or "",
                }
            )
    return sorted(out, key=lambda f: _SEVERITY_ORDER.get(f["severity"], 3))


def _failure(c: Conversation) -> dict:
    return {
        "scenario_id": c.scenario_id,
        "trial": c.transcript.trial,
        "outcome": c.card["outcome"],
        "error": c.transcript.error,
        "decided_by": failed_findings(c, critical_only=True),
    }


# Rules --------------------------------------------------------------------------------------------


def _rule(kind: str, rule_id: str, bot: str, title: str, verdict: str, message: str, **data) -> dict:
    return {"id": rule_id, "kind": kind, "bot": bot, "title": title, "verdict": verdict, "message": message, **data}


def _absolute_mean(bot: str, conversations: list[Conversation], metric: str, minimum: float, level: float) -> dict:
    title = f"{_label(metric)} ≥ {minimum:g}"
    rule_id = f"absolute.min_{metric}"
    values = values_by_scenario(conversations, metric)
    if not values:
        return _rule(
            "absolute",
            rule_id,
            bot,
            title,
            FAIL,
            f"{metric} applies to no conversation of the run: the rule cannot be checked",
            metric=metric,
            threshold=minimum,
            value=None,
            low=None,
            high=None,
            n=0,
        )
    interval = trial_noise_interval(values, level=level)
    mean, low, high = (round(v, 6) for v in (interval.mean, interval.low, interval.high))
    trials = max(len(v) for v in values.values())
    conversations_n = sum(len(v) for v in values.values())
    shown = f"{mean:.3f} [{low:.3f}, {high:.3f}]"
    if low >= minimum:
        verdict, message = PASS, f"{shown} clears {minimum:g}"
    elif high < minimum:
        verdict, message = FAIL, f"{shown} is below {minimum:g}"
    else:
        verdict = INCONCLUSIVE
        message = (
            f"{shown} straddles {minimum:g}: within trial-to-trial noise of the bar; run more trials "
            f"(this run had {trials} per scenario)"
        )
    if trials == 1:
        message += " (1 trial: the trial-to-trial noise is not measured, the value decides)"
    return _rule(
        "absolute",
        rule_id,
        bot,
        title,
        verdict,
        message,
        metric=metric,
        threshold=minimum,
        value=_r(mean),
        low=_r(low),
        high=_r(high),
        n=conversations_n,
        trials=trials,
    )


def _latency_rule(bot: str, conversations: list[Conversation], maximum: float) -> dict:
    latencies = [t.latency_s for c in conversations for t in c.transcript.turns if t.role == "bot"]
    p95 = percentile(latencies, 95)
    title = f"latency p95 ≤ {maximum:g} s"
    if p95 is None:
        return _rule(
            "absolute",
            "absolute.max_latency_p95_s",
            bot,
            title,
            FAIL,
            "no reply latency recorded (replayed logs without latency_s?): the rule cannot be checked",
            metric="latency_p95_s",
            threshold=maximum,
            value=None,
        )
    verdict = PASS if p95 <= maximum else FAIL
    turns = sum(1 for v in latencies if v is not None)
    return _rule(
        "absolute",
        "absolute.max_latency_p95_s",
        bot,
        title,
        verdict,
        f"p95 {p95:.3f} s over {turns} bot replies {'within' if verdict == PASS else 'above'} {maximum:g} s",
        metric="latency_p95_s",
        threshold=maximum,
        value=_r(p95),
        n=turns,
    )


def _cost_rules(bot: str, conversations: list[Conversation], absolute: dict) -> list[dict]:
    totals: dict[str, float] = defaultdict(float)
    for c in conversations:
        for turn in c.transcript.turns:
            if turn.role == "bot" and turn.usage and isinstance(turn.usage.get("cost"), (int, float)):
                totals[str(turn.usage.get("currency") or "USD")] += turn.usage["cost"]
    rules = []
    for key, metric, divisor, what in (
        ("max_cost_per_conversation", "cost_per_conversation", len(conversations), "per conversation"),
        ("max_cost_total", "cost_total", 1, "in total"),
    ):
        if key not in absolute:
            continue
        maximum = absolute[key]
        title = f"cost {what} ≤ {maximum:g}"
        if len(totals) != 1:
            why = (
                "the bot reported no cost (usage.cost; give the bot config `prices`)"
                if not totals
                else f"costs in several currencies ({', '.join(sorted(totals))})"
            )
            rules.append(
                _rule(
                    "absolute",
                    f"absolute.{key}",
                    bot,
                    title,
                    FAIL,
                    f"{why}: the rule cannot be checked",
                    metric=metric,
                    threshold=maximum,
                    value=None,
                )
            )
            continue
        (currency, total), *_ = totals.items()
        value = total / divisor
        verdict = PASS if value <= maximum else FAIL
        rules.append(
            _rule(
                "absolute",
                f"absolute.{key}",
                bot,
                title,
                verdict,
                f"{value:.4f} {currency} {what} {'within' if verdict == PASS else 'above'} {maximum:g}",
                metric=metric,
                threshold=maximum,
                value=_r(value, 6),
                currency=currency,
            )
        )
    return rules


def _selector_matches(kind: str, value: str, scenario_id: str, library: dict[str, Scenario]) -> bool:
    if kind == "scenarios":
        return fnmatch.fnmatchcase(scenario_id, value)
    known = library.get(scenario_id)
    if known is None:
        return False
    return known.category == value if kind == "categories" else value in known.tags


_SELECTOR_WORD = {"scenarios": "scenarios", "categories": "category", "tags": "tag"}


def _must_pass_rules(
    bot: str, conversations: list[Conversation], config: GateConfig, library: dict[str, Scenario]
) -> list[dict]:
    rules = []
    defaults = {(k, v) for k, vs in DEFAULT_MUST_PASS.items() for v in vs} if config.must_pass_default else set()
    for kind, values in config.must_pass.items():
        for value in values:
            word = _SELECTOR_WORD[kind]
            title = f"must pass every trial: {word} {value}"
            rule_id = f"must_pass.{kind}:{value}"
            matched = [c for c in conversations if _selector_matches(kind, value, c.scenario_id, library)]
            if not matched:
                is_default = (kind, value) in defaults
                message = f"no scenario of the run matches {word} {value!r}" + (
                    " (a default: skipped)" if is_default else ": a must-pass case that was not played cannot pass"
                )
                rules.append(
                    _rule(
                        "must_pass",
                        rule_id,
                        bot,
                        title,
                        SKIPPED if is_default else FAIL,
                        message,
                        selector={kind: value},
                        value=0,
                        n=0,
                        scenarios=0,
                        failures=[],
                    )
                )
                continue
            failed = sorted(
                (c for c in matched if not c.card["passed"]), key=lambda c: (c.scenario_id, c.transcript.trial)
            )
            scenarios = sorted({c.scenario_id for c in matched})
            failing_scenarios = sorted({c.scenario_id for c in failed})
            if failed:
                verdict = FAIL
                message = (
                    f"{len(failed)} of {len(matched)} conversations failed, in {len(failing_scenarios)} of "
                    f"{len(scenarios)} scenario(s): {_listed(failing_scenarios)}"
                )
            else:
                verdict = PASS
                message = f"all {len(matched)} conversations passed ({len(scenarios)} scenario(s))"
            rules.append(
                _rule(
                    "must_pass",
                    rule_id,
                    bot,
                    title,
                    verdict,
                    message,
                    selector={kind: value},
                    value=len(matched) - len(failed),
                    n=len(matched),
                    scenarios=len(scenarios),
                    failures=[_failure(c) for c in failed],
                )
            )
    return rules


def _regression_rule(
    bot: str,
    current: list[Conversation],
    baseline: list[Conversation],
    shared: set[str],
    metric: str,
    drop: float,
    config: GateConfig,
    trials: tuple[int, int],
) -> dict:
    title = f"regression: {_label(metric)} (allowed drop {drop:g})"
    rule_id = f"regression.{metric}"
    now, before = values_by_scenario(current, metric, shared), values_by_scenario(baseline, metric, shared)
    paired = sorted(s for s in set(now) & set(before))
    trials_text = f"current run {trials[0]} trial(s) per scenario, baseline {trials[1]}"
    common = {"metric": metric, "allowed_drop": drop, "threshold": -drop, "trials": list(trials)}
    if not paired:
        return _rule(
            "regression",
            rule_id,
            bot,
            title,
            INCONCLUSIVE,
            f"{metric} applies to no scenario both runs played: nothing to compare",
            value=None,
            low=None,
            high=None,
            p=None,
            n=0,
            **common,
        )
    d = paired_difference(now, before, resamples=RESAMPLES, seed=SEED, level=config.level)
    diff, low, high = (round(v, 6) for v in (d.diff, d.low, d.high))
    per_scenario = {s: sum(now[s]) / len(now[s]) - sum(before[s]) / len(before[s]) for s in paired}
    drops = sorted((s for s in paired if per_scenario[s] < 0), key=lambda s: (per_scenario[s], s))
    shown = f"{diff:+.3f} [{low:+.3f}, {high:+.3f}] over {d.n} shared scenario(s)"
    if d.n < config.min_scenarios:
        verdict = INCONCLUSIVE
        message = (
            f"{shown}: too few scenarios to tell (the gate needs {config.min_scenarios}); run more scenarios "
            f"and trials ({trials_text})"
        )
    elif high < -drop:
        verdict, message = FAIL, f"{shown}: the whole interval is below -{drop:g}, a drop beyond noise"
    elif low >= -drop:
        verdict, message = PASS, f"{shown}: no drop beyond {drop:g}"
    else:
        verdict = INCONCLUSIVE
        message = (
            f"{shown} straddles -{drop:g}: cannot tell a drop from noise; run more trials ({trials_text}) "
            "or more scenarios"
        )
    before_mean = sum(sum(before[s]) / len(before[s]) for s in paired) / len(paired)
    now_mean = sum(sum(now[s]) / len(now[s]) for s in paired) / len(paired)
    return _rule(
        "regression",
        rule_id,
        bot,
        title,
        verdict,
        message,
        value=_r(diff),
        low=_r(low),
        high=_r(high),
        p=_r(d.p),
        n=d.n,
        current=_r(now_mean),
        baseline=_r(before_mean),
        largest_drops=[{"scenario_id": s, "diff": _r(per_scenario[s])} for s in drops[:5]],
        **common,
    )


def _newly_failing(current: list[Conversation], baseline: list[Conversation], shared: set[str]) -> list[dict]:
    """Conversations (scenario, trial) that passed in the baseline and fail now, with what decided them."""
    before = {(c.scenario_id, c.transcript.trial): bool(c.card["passed"]) for c in baseline}
    out = []
    for c in sorted(current, key=lambda c: (c.scenario_id, c.transcript.trial)):
        if c.scenario_id in shared and not c.card["passed"] and before.get((c.scenario_id, c.transcript.trial)):
            out.append(_failure(c))
    return out


# The gate -----------------------------------------------------------------------------------------


@dataclass
class GateResult:
    document: dict  # the JSON verdict
    cases: list[dict]  # one per conversation gated, for JUnit

    @property
    def exit_code(self) -> int:
        return self.document["exit_code"]


@cache
def _builtin_library() -> tuple[Scenario, ...]:
    return tuple(load_scenarios())


def _library(scenarios: list[Scenario] | None, suite: list[Path] | None) -> dict[str, Scenario]:
    if scenarios is None:
        try:
            scenarios = list(load_scenarios(suite) if suite else _builtin_library())
        except ScenarioError as bad:
            raise GateError(f"cannot load the scenario library (--suite): {bad}") from None
    return {s.id: s for s in scenarios}


def _pairs(run: RunData, base: RunData | None, bot: str | None, baseline_bot: str | None) -> list[tuple]:
    if bot and bot not in run.bots:
        raise GateError(f"--bot {bot}: not in {run.path} (bots there: {', '.join(run.bots)})")
    bots = [bot] if bot else run.bots
    if base is None:
        return [(b, None) for b in bots]
    if baseline_bot:
        if baseline_bot not in base.bots:
            raise GateError(f"--baseline-bot {baseline_bot}: not in {base.path} (bots there: {', '.join(base.bots)})")
        if len(bots) > 1:
            raise GateError(f"--baseline-bot needs --bot: {run.path} holds several bots ({', '.join(bots)})")
        return [(bots[0], baseline_bot)]
    pairs = []
    for b in bots:
        if b in base.bots:
            pairs.append((b, b))
        elif len(bots) == 1 and len(base.bots) == 1:
            pairs.append((b, base.bots[0]))
        else:
            raise GateError(
                f"--baseline {base.path} has no bot {b} (bots there: {', '.join(base.bots)}): "
                "name the one to compare with --baseline-bot NAME"
            )
    return pairs


def _run_info(run: RunData, bot: str) -> dict:
    mine = run.of(bot)
    return {
        "path": run.path,
        "bot": bot,
        "scenarios": len({c.scenario_id for c in mine}),
        "trials": run.trials(bot),
        "conversations": len(mine),
        "bot_errors": sum(1 for c in mine if c.card["outcome"] == BOT_ERROR),
        "command": (run.summary or {}).get("command"),
    }


def _overall(rules: list[dict]) -> str:
    verdicts = {r["verdict"] for r in rules}
    return FAIL if FAIL in verdicts else INCONCLUSIVE if INCONCLUSIVE in verdicts else PASS


def exit_code_of(verdict: str, inconclusive: str) -> int:
    if verdict == PASS or (verdict == INCONCLUSIVE and inconclusive == PASS):
        return EXIT_PASS
    return EXIT_INCOMPLETE if verdict == INCOMPLETE else EXIT_FAIL


def incomplete_result(error: RunIncomplete, config: GateConfig, command: str = "") -> GateResult:
    """The verdict document of a run that cannot be gated because it is incomplete (exit 3)."""
    return GateResult(
        {
            "record": "gate",
            "version": GATE_VERSION,
            "command": command,
            "verdict": INCOMPLETE,
            "exit_code": EXIT_INCOMPLETE,
            "counts": {},
            "incomplete": {"run": error.path, "problems": error.problems},
            "gate": config.to_dict(),
            "bots": [],
            "rules": [],
            "notes": [],
        },
        [],
    )


def evaluate_gate(
    run_dir: Path | str,
    *,
    baseline: Path | str | None = None,
    config: GateConfig | None = None,
    bot: str | None = None,
    baseline_bot: str | None = None,
    scenarios: list[Scenario] | None = None,
    suite: list[Path] | None = None,
    command: str = "",
) -> GateResult:
    """Gate a run (see the module docstring). Raises GateError on bad input and RunIncomplete when the
    run or the baseline is incomplete. `scenarios` (or the files under `suite`; default the built-in
    library) give each scenario's category and tags for the must-pass rules."""
    config = config or GateConfig()
    run = read_run(run_dir, config.max_bot_error_share)
    base = read_run(baseline, config.max_bot_error_share) if baseline is not None else None
    for data in (run, base):
        if data is not None and data.problems:
            raise RunIncomplete(data.path, data.problems)
    pairs = _pairs(run, base, bot, baseline_bot)
    library = _library(scenarios, suite)
    notes = []
    unknown = sorted({c.scenario_id for c in run.conversations} - set(library))
    if unknown:
        notes.append(
            f"{len(unknown)} scenario(s) not in the scenario library (pass --suite with their files): "
            f"category and tag rules cannot match them: {_listed(unknown)}"
        )
    if base is not None:
        weights_now, weights_before = (run.summary or {}).get("weights"), (base.summary or {}).get("weights")
        if weights_now and weights_before and weights_now != weights_before:
            notes.append("the two runs were scored with different weights: composites differ for that reason too")
    rules: list[dict] = []
    bots = []
    for name, base_name in pairs:
        mine = run.of(name)
        info = {"name": name, "run": _run_info(run, name), "baseline": None}
        absolute = config.absolute
        if "min_composite" in absolute:
            rules.append(_absolute_mean(name, mine, "composite", absolute["min_composite"], config.level))
        for dim, minimum in (absolute.get("min_dimensions") or {}).items():
            rules.append(_absolute_mean(name, mine, dim, minimum, config.level))
        if "min_pass_rate" in absolute:
            rules.append(_absolute_mean(name, mine, "pass_rate", absolute["min_pass_rate"], config.level))
        if "max_latency_p95_s" in absolute:
            rules.append(_latency_rule(name, mine, absolute["max_latency_p95_s"]))
        rules += _cost_rules(name, mine, absolute)
        rules += _must_pass_rules(name, mine, config, library)
        if base is not None and base_name is not None:
            theirs = base.of(base_name)
            info["baseline"] = _run_info(base, base_name)
            digests_now = {c.scenario_id: c.transcript.scenario_digest for c in mine}
            digests_before = {c.scenario_id: c.transcript.scenario_digest for c in theirs}
            common = set(digests_now) & set(digests_before)
            changed = sorted(s for s in common if digests_now[s] != digests_before[s])
            shared = common - set(changed)
            if changed:
                notes.append(
                    f"{name}: {len(changed)} scenario(s) changed version since the baseline and are left out of "
                    f"the regression rules: {_listed(changed)}"
                )
            only_now = set(digests_now) - set(digests_before)
            if only_now:
                notes.append(f"{name}: {len(only_now)} scenario(s) are not in the baseline: {_listed(only_now)}")
            trials = (run.trials(name), base.trials(base_name))
            regression_rules = [
                _regression_rule(name, mine, theirs, shared, metric, drop, config, trials)
                for metric, drop in config.regressions.items()
            ]
            flipped = _newly_failing(mine, theirs, shared)
            for rule in regression_rules:
                rule["newly_failing"] = flipped if rule["verdict"] != PASS else []
            rules += regression_rules
        bots.append(info)
    verdict = _overall(rules)
    counts = Counter(r["verdict"] for r in rules)
    document = {
        "record": "gate",
        "version": GATE_VERSION,
        "command": command,
        "verdict": verdict,
        "exit_code": exit_code_of(verdict, config.inconclusive),
        "counts": {v: counts.get(v, 0) for v in (PASS, FAIL, INCONCLUSIVE, SKIPPED)},
        "incomplete": None,
        "gate": config.to_dict(),
        "bots": bots,
        "rules": rules,
        "notes": notes,
    }
    must_pass = defaultdict(set)
    for rule in rules:
        if rule["kind"] == "must_pass":
            for f in rule["failures"]:
                must_pass[rule["bot"]].add((f["scenario_id"], f["trial"]))
    cases = []
    for name, _ in pairs:
        for c in sorted(run.of(name), key=lambda c: (c.scenario_id, c.transcript.trial)):
            known = library.get(c.scenario_id)
            cases.append(
                {
                    "bot": name,
                    "scenario_id": c.scenario_id,
                    "trial": c.transcript.trial,
                    "category": known.category if known else "unknown",
                    "passed": bool(c.card["passed"]),
                    "outcome": c.card["outcome"],
                    "error": c.transcript.error,
                    "duration_s": c.transcript.duration_s,
                    "composite": c.card["composite"],
                    "must_pass": (c.scenario_id, c.transcript.trial) in must_pass[name],
                    "findings": failed_findings(c) if not c.card["passed"] else [],
                }
            )
    return GateResult(document, cases)


# Rendering ----------------------------------------------------------------------------------------

_BADGE = {PASS: "✅ pass", FAIL: "❌ FAIL", INCONCLUSIVE: "⚠️ inconclusive", SKIPPED: "➖ skipped"}
_TITLE = {
    PASS: "✅ PASS",
    FAIL: "❌ FAIL",
    INCONCLUSIVE: "⚠️ INCONCLUSIVE",
    INCOMPLETE: "🛑 RUN INCOMPLETE",
}
_ORDER = {FAIL: 0, INCONCLUSIVE: 1, PASS: 2, SKIPPED: 3}


def json_text(document: dict) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _quote(text: str) -> str:
    """Words a bot or customer said, on one line, unable to open code spans or HTML in the comment."""
    return " ".join(str(text).split()).replace("`", "'").replace("<", "&lt;")


def _value_cell(rule: dict) -> str:
    value = rule.get("value")
    if value is None:
        return "n/a"
    if rule["kind"] == "must_pass":
        return f"{value}/{rule['n']} passed"
    if rule["kind"] == "regression":
        return f"{value:+.3f} [{rule['low']:+.3f}, {rule['high']:+.3f}] (n={rule['n']})"
    if rule.get("low") is not None:
        return f"{value:.3f} [{rule['low']:.3f}, {rule['high']:.3f}]"
    if "currency" in rule:
        return f"{value:.4f} {rule['currency']}"
    return f"{value:.3f}"


def _finding_lines(findings: list[dict], indent: str = "  ") -> list[str]:
    lines = []
    for f in findings:
        where = f"at turn {f['turn'] + 1} ({f['role']})" if f["turn"] is not None else "over the whole conversation"
        lines.append(f"{indent}- `{f['check']}` ({f['severity']}) {where}: {_quote(f['message'])}")
        if f["evidence"]:
            lines.append(f"{indent}  > evidence: {_quote(f['evidence'])}")
        if f["text"] and f["text"] != f["evidence"]:
            lines.append(f"{indent}  > turn {f['turn'] + 1} said: {_quote(f['text'])}")
    return lines


def _same(failure: dict) -> tuple:
    """What makes two failed trials of a scenario read alike (listed once, with both trial numbers)."""
    decided = tuple((f["check"], f["turn"], f["evidence"], f["text"]) for f in failure["decided_by"])
    return failure["scenario_id"], failure["outcome"], failure.get("error"), decided


def _failure_lines(failures: list[dict], limit: int = 10) -> list[str]:
    groups: dict[tuple, list[dict]] = {}
    for f in failures:
        groups.setdefault(_same(f), []).append(f)
    lines = []
    for alike in list(groups.values())[:limit]:
        f = alike[0]
        trials = ", ".join(f"#{g['trial']}" for g in alike)
        error = f" — error: {_quote(f['error'])}" if f.get("error") else ""
        lines.append(f"- **{f['scenario_id']}** trial{'s' * (len(alike) > 1)} {trials} (outcome {f['outcome']}){error}")
        lines += _finding_lines(f["decided_by"]) or ["  - (no failed critical check recorded)"]
    if len(groups) > limit:
        lines.append(f"- ... and {len(groups) - limit} more (see the JSON verdict or `supportbench show`)")
    return lines


def markdown(document: dict) -> str:
    """The verdict as a pull-request comment: the verdict, each rule with its numbers, and why."""
    verdict = document["verdict"]
    out = [f"## supportbench gate: {_TITLE[verdict]}", ""]
    code = document["exit_code"]
    if verdict == INCOMPLETE:
        info = document["incomplete"]
        out += [f"The run `{info['run']}` is incomplete, so it was not gated (exit code {code}):", ""]
        out += [f"- {' '.join(p.split())}" for p in info["problems"]]
        return "\n".join(out) + "\n"
    counts = document["counts"]
    summary = (
        f"{counts[FAIL]} rule(s) failed, {counts[INCONCLUSIVE]} inconclusive, {counts[PASS]} passed"
        + (f", {counts[SKIPPED]} skipped" if counts[SKIPPED] else "")
        + f". Exit code {code}."
    )
    if verdict == INCONCLUSIVE:
        policy = document["gate"]["inconclusive"]
        summary += " Inconclusive means the runs cannot tell a change from noise: run more trials. " + (
            "It counts as a failure (`inconclusive: fail`)."
            if policy == FAIL
            else "It is let through (`--inconclusive pass`)."
        )
    out += [summary, ""]
    for bot in document["bots"]:
        run = bot["run"]
        line = (
            f"- **{bot['name']}**: run `{run['path']}`, {run['scenarios']} scenarios × {run['trials']} trial(s) "
            f"= {run['conversations']} conversations, {run['bot_errors']} bot error(s)"
        )
        if bot["baseline"]:
            b = bot["baseline"]
            line += (
                f"; baseline `{b['path']}` ({b['bot']}): {b['scenarios']} scenarios × {b['trials']} trial(s) "
                f"= {b['conversations']} conversations"
            )
        out.append(line)
    out.append("")
    rules = sorted(document["rules"], key=lambda r: (_ORDER[r["verdict"]], r["bot"]))
    if rules:
        out += ["| verdict | bot | rule | value | detail |", "|---|---|---|---|---|"]
        for r in rules:
            out.append(
                f"| {_BADGE[r['verdict']]} | {_cell(r['bot'])} | {_cell(r['title'])} | {_cell(_value_cell(r))} "
                f"| {_cell(r['message'])} |"
            )
        out += [
            "",
            "Absolute means show their 95% trial-to-trial interval; regressions the paired difference current − "
            "baseline on the shared scenarios with its 95% bootstrap interval. Turns are numbered as "
            "`supportbench show` numbers them.",
            "",
        ]
    shown: set[tuple] = set()  # (bot, scenario, trial) already listed: a PR comment says each thing once
    for r in rules:
        if r["verdict"] not in (FAIL, INCONCLUSIVE):
            continue
        if r["kind"] == "must_pass" and r["failures"]:
            out += [f"### {r['bot']}: {r['title']}", "", *_failure_lines(r["failures"]), ""]
            shown |= {(r["bot"], f["scenario_id"], f["trial"]) for f in r["failures"]}
        if r["kind"] == "regression" and (r.get("largest_drops") or r.get("newly_failing")):
            out += [f"### {r['bot']}: {r['title']}", ""]
            if r["largest_drops"]:
                drops = ", ".join(f"`{d['scenario_id']}` {d['diff']:+.3f}" for d in r["largest_drops"])
                out += [f"Largest drops by scenario: {drops}", ""]
            flipped = r.get("newly_failing") or []
            fresh = [f for f in flipped if (r["bot"], f["scenario_id"], f["trial"]) not in shown]
            if flipped:
                above = f" ({len(flipped) - len(fresh)} listed above)" if len(fresh) < len(flipped) else ""
                out += [f"Passed in the baseline, fail now: {len(flipped)} conversation(s){above}", ""]
                out += [*_failure_lines(fresh, 5), ""] if fresh else []
                shown |= {(r["bot"], f["scenario_id"], f["trial"]) for f in fresh}
    for note in document["notes"]:
        out += [f"Note: {_quote(note)}", ""]
    if document.get("command"):
        out += [f"Produced by: `{document['command']}`", ""]
    return "\n".join(out).rstrip("\n") + "\n"


_XML_BAD = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _x(text) -> str:
    """Text safe for XML 1.0 (a bot may say anything, control characters included)."""
    return _XML_BAD.sub("\ufffd", "" if text is None else str(text))


def _finding_text(findings: list[dict]) -> str:
    lines = []
    for f in findings:
        where = f"turn {f['turn'] + 1} ({f['role']})" if f["turn"] is not None else "whole conversation"
        lines.append(f"{f['check']} [{f['severity']}] at {where}: {f['message']}")
        if f["evidence"]:
            lines.append(f"    evidence: {f['evidence']}")
        if f["text"] and f["text"] != f["evidence"]:
            lines.append(f"    turn {f['turn'] + 1} said: {f['text']}")
    return "\n".join(lines)


def junit_xml(result: GateResult) -> str:
    """JUnit XML: a testsuite per bot with one testcase per scenario x trial (classname bot/category,
    name `scenario #trial`; a failed conversation carries its failed findings, a bot_error is an
    error), and a testsuite `supportbench gate` with one testcase per rule."""
    document = result.document
    root = ET.Element("testsuites", name="supportbench")
    totals = Counter()
    by_bot: dict[str, list[dict]] = defaultdict(list)
    for case in result.cases:
        by_bot[case["bot"]].append(case)
    for bot, cases in by_bot.items():
        suite = ET.SubElement(root, "testsuite", name=_x(bot))
        counts = Counter()
        for case in cases:
            element = ET.SubElement(
                suite,
                "testcase",
                classname=_x(f"{bot}/{case['category']}"),
                name=_x(f"{case['scenario_id']} #{case['trial']}"),
                time=f"{case['duration_s'] or 0:.3f}",
            )
            counts["tests"] += 1
            counts["time"] += case["duration_s"] or 0
            if case["passed"]:
                continue
            critical = [f for f in case["findings"] if f["severity"] == "critical"]
            must = " (must pass)" if case["must_pass"] else ""
            checks = ", ".join(dict.fromkeys(f["check"] for f in critical)) or "no critical check recorded"
            body = _finding_text(case["findings"])
            if case["outcome"] == BOT_ERROR:
                counts["errors"] += 1
                node = ET.SubElement(
                    element, "error", message=_x(f"bot_error{must}: {case['error'] or ''}"[:500]), type="bot_error"
                )
                node.text = _x(f"bot_error: {case['error'] or ''}\n{body}")
            else:
                counts["failures"] += 1
                node = ET.SubElement(
                    element,
                    "failure",
                    message=_x(f"{len(critical)} critical check(s) failed{must}: {checks}"[:500]),
                    type="must_pass" if case["must_pass"] else "critical_check",
                )
                node.text = _x(body)
        _totals(suite, counts)
        totals.update(counts)
    rules_suite = ET.SubElement(root, "testsuite", name="supportbench gate")
    counts = Counter()
    if document["verdict"] == INCOMPLETE:
        element = ET.SubElement(rules_suite, "testcase", classname="gate", name="run complete", time="0")
        node = ET.SubElement(element, "error", message=_x(f"run incomplete: {document['incomplete']['run']}"))
        node.text = _x("\n".join(document["incomplete"]["problems"]))
        counts.update(tests=1, errors=1)
    for rule in document["rules"]:
        element = ET.SubElement(
            rules_suite, "testcase", classname=_x(f"gate/{rule['bot']}"), name=_x(rule["title"]), time="0"
        )
        counts["tests"] += 1
        if rule["verdict"] == SKIPPED or (rule["verdict"] == INCONCLUSIVE and document["gate"]["inconclusive"] == PASS):
            counts["skipped"] += 1
            ET.SubElement(element, "skipped", message=_x(rule["message"]))
        elif rule["verdict"] in (FAIL, INCONCLUSIVE):
            counts["failures"] += 1
            node = ET.SubElement(element, "failure", message=_x(rule["message"][:500]), type=rule["verdict"])
            lines = [rule["message"]]
            for f in rule.get("failures") or rule.get("newly_failing") or []:
                lines.append(f"{f['scenario_id']} #{f['trial']} (outcome {f['outcome']})")
                lines += ["  " + line for line in _finding_text(f["decided_by"]).splitlines()]
            node.text = _x("\n".join(lines))
    _totals(rules_suite, counts)
    totals.update(counts)
    _totals(root, totals)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _totals(element: ET.Element, counts: Counter) -> None:
    for key in ("tests", "failures", "errors", "skipped"):
        element.set(key, str(counts.get(key, 0)))
    element.set("time", f"{counts.get('time', 0):.3f}")
