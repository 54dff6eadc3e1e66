"""The gate's rules, each judged for one bot: absolute bars (a mean judged with its trial-to-trial
noise), latency and cost, must-pass scenarios, and regressions against a baseline beyond noise.
Each returns a rule document: id, kind, bot, title, verdict, message and its numbers."""

from __future__ import annotations

import fnmatch
from collections import defaultdict

from bench.analysis.board import values_by_scenario
from bench.analysis.stats import paired_difference, percentile, trial_noise_interval
from bench.core.scenario import Scenario
from bench.gate.config import DEFAULT_MUST_PASS, GateConfig
from bench.gate.verdicts import FAIL, INCONCLUSIVE, PASS, SKIPPED
from bench.rundir.completeness import listed
from bench.rundir.reader import Conversation

RESAMPLES, SEED = 2000, 0  # as the leaderboards


def _r(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits) + 0.0


def _label(metric: str) -> str:
    return "pass rate" if metric == "pass_rate" else metric


def _failure(c: Conversation) -> dict:
    return {
        "scenario_id": c.scenario_id,
        "trial": c.transcript.trial,
        "outcome": c.card["outcome"],
        "error": c.transcript.error,
        "decided_by": c.failed_findings(critical_only=True),
    }


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
                    f"{len(scenarios)} scenario(s): {listed(failing_scenarios)}"
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
