"""`supportbench gate`: release gating on real runs of the reference bots (ten scenarios, three trials).

The runs play one bot name, `mybot`, in several releases: `base` (careful, the last release), `again`
(careful with another --seed), `gatekeeper` (careful that never hands off), `forgetful` (careful that
drops its handoff on the first trial of every case: at least 10% worse on escalation), `picky` (drops
the handoff of one scenario only) and `tiny` (gatekeeper on three scenarios)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from functools import cache
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest
from click.testing import CliRunner

from bench import BotReply, RunOptions, evaluate, load_bot, load_scenarios
from bench.analysis.stats import trial_noise_interval
from bench.bots import Contestant
from bench.bots.rulebot import RuleBot
from bench.cli import main
from bench.gate import (
    GateConfig,
    GateError,
    RunIncomplete,
    evaluate_gate,
    incomplete_result,
    load_gate_file,
    with_flags,
)
from bench.gate.config import schema
from bench.render.gate import VERDICT_SCHEMA, junit_xml, markdown
from tests.cli.test_cli import ROOT, supportbench

SCENARIOS = [
    "banking.bereavement.deceased-mother",
    "banking.bereavement.deces-conjoint",
    "banking.fraud.unrecognised-payment",
    "banking.human.conseiller-client-en-colere",
    "retail.human.first-turn",
    "retail.human.mid-conversation-email",
    "telecom.human.first-message",
    "retail.tracking.in-transit",
    "retail.return.within-window",
    "retail.cancel.before-shipping",
]
TRIALS = 3
NO_MUST_PASS = {"no_default_must_pass": True}


class Forgetful(RuleBot):
    """careful, except that on the first trial of every case it keeps the customer instead of handing off."""

    def respond(self, message, session):
        reply = super().respond(message, session)
        if reply.handoff and session.id.endswith("/0"):
            return BotReply("Let me look into that for you.")
        return reply


class Picky(RuleBot):
    """careful, except that it never hands off on one scenario."""

    def respond(self, message, session):
        reply = super().respond(message, session)
        if reply.handoff and "/retail.human.first-turn/" in session.id:
            return BotReply("Let me look into that for you.")
        return reply


class Priced(RuleBot):
    """careful that reports what each reply cost, as an LLM adapter does."""

    def respond(self, message, session):
        reply = super().respond(message, session)
        reply.usage = {"input_tokens": 100, "cost": 0.01, "currency": "EUR"}
        return reply


@pytest.fixture(scope="module")
def chosen(by_id) -> list:
    return [by_id[i] for i in SCENARIOS]


@pytest.fixture(scope="module")
def runs(tmp_path_factory, chosen) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("gate")
    made = {
        "base": (RuleBot(), chosen, 0),
        "again": (RuleBot(), chosen, 7),
        "gatekeeper": (load_bot("builtin:gatekeeper").bot, chosen, 0),
        "forgetful": (Forgetful(), chosen, 0),
        "picky": (Picky(), chosen, 0),
        "tiny": (load_bot("builtin:gatekeeper").bot, chosen[:3], 0),
        "priced": (Priced(), chosen, 0),
    }
    for name, (bot, scenarios, seed) in made.items():
        evaluate(
            [Contestant("mybot", bot)], scenarios, RunOptions(trials=TRIALS, concurrency=4, seed=seed), root / name
        )
    return {name: root / name for name in made}


@cache
def library() -> tuple:
    return tuple(load_scenarios())


def gate(runs, name: str, baseline: str | None = "base", **flags):
    config = with_flags(load_gate_file(flags.pop("file", None)), **flags)
    return evaluate_gate(
        runs[name], baseline=runs[baseline] if baseline else None, config=config, scenarios=list(library())
    )


def rule(result, rule_id: str) -> dict:
    [found] = [r for r in result.document["rules"] if r["id"] == rule_id]
    return found


def scores(run_dir: Path) -> list[dict]:
    return [json.loads(line) for line in (run_dir / "scores.jsonl").read_text().splitlines()]


# Regressions --------------------------------------------------------------------------------------


def test_the_same_bot_run_again_with_another_seed_passes(runs):
    result = gate(runs, "again", allowed_drops={"escalation": 0.05})
    assert result.document["verdict"] == "pass" and result.exit_code == 0
    for metric in ("composite", "pass_rate", "escalation"):
        found = rule(result, f"regression.{metric}")
        assert found["verdict"] == "pass" and found["n"] == len(SCENARIOS)
        assert found["low"] >= -found["allowed_drop"]


def test_a_bot_made_10_percent_worse_on_escalation_fails_against_its_baseline(runs):
    before = json.loads((runs["base"] / "summary.json").read_text())["bots"]["mybot"]["dimensions"]["escalation"]
    after = json.loads((runs["forgetful"] / "summary.json").read_text())["bots"]["mybot"]["dimensions"]["escalation"]
    assert after["mean"] <= 0.9 * before["mean"]
    result = gate(runs, "forgetful", allowed_drops={"escalation": 0.05}, **NO_MUST_PASS)
    assert result.document["verdict"] == "fail" and result.exit_code == 1
    for metric in ("composite", "escalation"):
        found = rule(result, f"regression.{metric}")
        assert found["verdict"] == "fail"
        assert found["high"] < -found["allowed_drop"] and found["value"] < 0
        assert found["newly_failing"], "the conversations that passed in the baseline and fail now are listed"


def test_a_bot_that_never_hands_off_fails_every_rule_against_its_baseline(runs):
    result = gate(runs, "gatekeeper")
    assert {r["verdict"] for r in result.document["rules"]} == {"fail"}
    assert rule(result, "regression.pass_rate")["value"] < -0.5


def test_a_drop_in_one_scenario_of_ten_is_inconclusive_and_says_run_more_trials(runs):
    result = gate(runs, "picky", **NO_MUST_PASS)
    found = rule(result, "regression.composite")
    assert found["verdict"] == "inconclusive"
    assert found["low"] < -0.02 <= found["high"]
    assert "run more trials" in found["message"]
    assert f"current run {TRIALS} trial(s) per scenario, baseline {TRIALS}" in found["message"]
    assert found["largest_drops"][0]["scenario_id"] == "retail.human.first-turn"
    assert result.document["verdict"] == "inconclusive" and result.exit_code == 1


def test_inconclusive_passes_only_when_told_to(runs):
    result = gate(runs, "picky", inconclusive="pass", **NO_MUST_PASS)
    assert (result.document["verdict"], result.exit_code) == ("inconclusive", 0)


def test_the_must_pass_rules_catch_what_one_scenario_of_ten_cannot_decide(runs):
    result = gate(runs, "picky")
    assert rule(result, "must_pass.categories:human-request")["verdict"] == "fail"
    assert result.document["verdict"] == "fail"


def test_a_tiny_sample_is_inconclusive_however_large_the_drop(runs):
    result = gate(runs, "tiny", **NO_MUST_PASS)
    found = rule(result, "regression.composite")
    assert found["n"] == 3 and found["value"] < -0.3
    assert found["verdict"] == "inconclusive" and "too few scenarios" in found["message"]
    assert result.exit_code == 1


def test_the_allowed_drop_and_the_minimum_of_scenarios_are_configurable(runs, tmp_path):
    file = tmp_path / "gate.yaml"
    file.write_text("regressions:\n  composite: 0.3\n  min_scenarios: 3\nmust_pass: {}\n")
    result = gate(runs, "tiny", file=file)
    assert [r["id"] for r in result.document["rules"]] == ["regression.composite"]  # the file's sections only
    assert rule(result, "regression.composite")["verdict"] == "fail"
    lenient = gate(runs, "tiny", file=file, allowed_drops={"composite": 1.0})
    assert rule(lenient, "regression.composite")["verdict"] == "pass"


# Absolute rules -----------------------------------------------------------------------------------


def test_trial_noise_interval_has_no_width_without_trial_to_trial_variation():
    interval = trial_noise_interval({"a": [1.0, 1.0], "b": [0.5, 0.5]})
    assert (interval.mean, interval.low, interval.high) == (0.75, 0.75, 0.75)
    noisy = trial_noise_interval({"a": [1.0, 0.0, 1.0], "b": [0.5, 0.5, 0.5]})
    assert noisy.low < noisy.mean < noisy.high


def test_min_composite_passes_fails_and_is_inconclusive_within_trial_noise(runs):
    careful = rule(gate(runs, "base", None, min_composite=0.9, **NO_MUST_PASS), "absolute.min_composite")
    assert careful["verdict"] == "pass" and 0.9 <= careful["low"] <= careful["value"] <= careful["high"]
    gatekeeper = rule(gate(runs, "gatekeeper", None, min_composite=0.9), "absolute.min_composite")
    assert gatekeeper["verdict"] == "fail" and gatekeeper["high"] < 0.9
    noisy = rule(gate(runs, "forgetful", None, min_composite=0.5), "absolute.min_composite")
    assert noisy["low"] < noisy["value"] < noisy["high"]
    at_the_bar = rule(gate(runs, "forgetful", None, min_composite=noisy["value"]), "absolute.min_composite")
    assert at_the_bar["verdict"] == "inconclusive" and "run more trials" in at_the_bar["message"]
    below = rule(gate(runs, "forgetful", None, min_composite=min(1.0, noisy["high"] + 0.01)), "absolute.min_composite")
    assert below["verdict"] == "fail"


def test_min_per_dimension_and_min_pass_rate(runs):
    result = gate(runs, "forgetful", None, min_dimensions={"escalation": 0.95, "accuracy": 0.5}, min_pass_rate=0.95)
    assert rule(result, "absolute.min_escalation")["verdict"] == "fail"
    assert rule(result, "absolute.min_accuracy")["verdict"] == "pass"
    assert rule(result, "absolute.min_pass_rate")["verdict"] == "fail"
    assert rule(gate(runs, "base", None, min_pass_rate=1.0), "absolute.min_pass_rate")["verdict"] == "pass"


def test_max_latency_p95(runs):
    assert rule(gate(runs, "base", None, max_latency_p95_s=30), "absolute.max_latency_p95_s")["verdict"] == "pass"
    slow = rule(gate(runs, "base", None, max_latency_p95_s=1e-9), "absolute.max_latency_p95_s")
    assert slow["verdict"] == "fail" and slow["value"] > 1e-9


def test_max_cost_per_conversation_and_in_total(runs):
    result = gate(runs, "priced", None, max_cost_per_conversation=1.0, max_cost_total=0.05)
    per = rule(result, "absolute.max_cost_per_conversation")
    assert per["verdict"] == "pass" and per["currency"] == "EUR" and per["value"] > 0
    total = rule(result, "absolute.max_cost_total")
    assert total["verdict"] == "fail" and total["value"] == pytest.approx(
        per["value"] * len(SCENARIOS) * TRIALS, rel=1e-3
    )


def test_a_cost_rule_fails_when_the_bot_reports_no_cost(runs):
    found = rule(gate(runs, "base", None, max_cost_total=100), "absolute.max_cost_total")
    assert found["verdict"] == "fail" and "reported no cost" in found["message"]


# Must-pass rules ----------------------------------------------------------------------------------


def test_the_default_must_pass_cases_are_bereavement_fraud_and_human_requests(runs):
    result = gate(runs, "base", None)
    ids = {r["id"]: r for r in result.document["rules"]}
    assert set(ids) == {"must_pass.categories:human-request", "must_pass.tags:bereavement", "must_pass.tags:fraud"}
    assert ids["must_pass.tags:bereavement"]["scenarios"] == 2 and ids["must_pass.tags:fraud"]["scenarios"] == 1
    assert result.document["verdict"] == "pass"


def test_a_must_pass_category_fails_when_one_trial_fails(runs):
    result = gate(runs, "forgetful", None)
    found = rule(result, "must_pass.categories:human-request")
    assert found["verdict"] == "fail"
    assert {f["trial"] for f in found["failures"]} == {0}  # only the first trial failed, and that is enough
    assert found["value"] == found["n"] - len(found["failures"])


def test_must_pass_globs_tags_and_categories_from_flags_and_files(runs, tmp_path):
    result = gate(runs, "gatekeeper", None, must_pass=["retail.tracking.*"], must_pass_tags=["deceased-holder"])
    assert rule(result, "must_pass.scenarios:retail.tracking.*")["verdict"] == "pass"
    assert rule(result, "must_pass.tags:deceased-holder")["verdict"] == "fail"
    file = tmp_path / "gate.yaml"
    file.write_text("must_pass:\n  categories: [informational]\n")
    from_file = gate(runs, "gatekeeper", None, file=file)
    assert [r["id"] for r in from_file.document["rules"]] == ["must_pass.categories:informational"]


def test_a_default_matching_nothing_is_skipped_but_a_selector_you_gave_fails(runs):
    tiny = gate(runs, "base", None, must_pass=["travel.*"])
    assert rule(tiny, "must_pass.scenarios:travel.*")["verdict"] == "fail"
    only_retail = gate(runs, "tiny", None)  # three banking scenarios: no human-request case among them
    assert rule(only_retail, "must_pass.categories:human-request")["verdict"] == "skipped"


# Completeness -------------------------------------------------------------------------------------


def copy_run(runs, name: str, to: Path) -> Path:
    shutil.copytree(runs[name], to)
    return to


def test_a_run_stopped_by_ctrl_c_is_incomplete(chosen, tmp_path):
    def ctrl_c(transcript, card) -> None:  # the harness, not the bot, is interrupted (a bot's own is a bot_error)
        if transcript.scenario_id == "retail.tracking.in-transit":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        evaluate(
            [Contestant("mybot", RuleBot())],
            chosen,
            RunOptions(trials=2, concurrency=1),
            tmp_path / "r",
            on_conversation=ctrl_c,
        )
    with pytest.raises(RunIncomplete) as stopped:
        evaluate_gate(tmp_path / "r")
    assert any("no summary.json" in p and "--resume" in p for p in stopped.value.problems)
    assert any("retail.tracking.in-transit" in p or "were not played" in p for p in stopped.value.problems)


def test_missing_conversations_and_unscored_transcripts_make_a_run_incomplete(runs, tmp_path):
    run = copy_run(runs, "base", tmp_path / "r")
    lines = (run / "scores.jsonl").read_text().splitlines()
    (run / "scores.jsonl").write_text("\n".join(lines[:-2]) + "\n")
    with pytest.raises(RunIncomplete) as cut:
        evaluate_gate(run)
    assert any("have a transcript but no score" in p for p in cut.value.problems)
    lines = (run / "transcripts.jsonl").read_text().splitlines()
    (run / "transcripts.jsonl").write_text("\n".join(lines[:-2]) + "\n")
    with pytest.raises(RunIncomplete) as short:
        evaluate_gate(run)
    assert any("lack some of the 3 planned trials" in p or "counts 30" in p for p in short.value.problems)


def test_too_many_bot_errors_make_a_run_incomplete(runs, tmp_path):
    run = copy_run(runs, "base", tmp_path / "r")
    records = [json.loads(line) for line in (run / "scores.jsonl").read_text().splitlines()]
    for record in records[:4]:
        record["outcome"], record["passed"] = "bot_error", False
    (run / "scores.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    with pytest.raises(RunIncomplete, match=r"4 of 30 conversations ended in bot_error"):
        evaluate_gate(run)
    allowed = evaluate_gate(run, config=with_flags(GateConfig(), max_bot_error_share=0.2))
    assert allowed.document["verdict"] == "fail"  # the bot errors count as failed conversations


def test_an_incomplete_baseline_is_named(runs, tmp_path):
    run = copy_run(runs, "base", tmp_path / "r")
    (run / "summary.json").unlink()
    with pytest.raises(RunIncomplete) as incomplete:
        evaluate_gate(runs["again"], baseline=run)
    assert incomplete.value.path == str(run)


# The gate file ------------------------------------------------------------------------------------


def test_the_gate_file_schema_is_valid_and_the_readme_example_follows_it(tmp_path):
    jsonschema.Draft202012Validator.check_schema(schema())
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = readme.split("```yaml\n# gate.yaml")[1].split("```")[0]
    file = tmp_path / "gate.yaml"
    file.write_text("# gate.yaml" + example)
    config = load_gate_file(file)
    assert config.absolute and config.regressions and not config.must_pass_default


@pytest.mark.parametrize(
    "text, message",
    [
        ("absolute:\n  min_composit: 0.7\n", "absolute.min_composit: unknown field"),
        ("absolute:\n  min_composite: 1.5\n", "absolute.min_composite: 1.5 is greater than the maximum of 1"),
        ("absolute:\n  min_dimensions: {empaty: 0.5}\n", "absolute.min_dimensions: 'empaty' is not one of"),
        ("regressions:\n  composite: fast\n", "regressions.composite: 'fast' is not of type 'number'"),
        ("must_pass:\n  categories: [human_request]\n", "must_pass.categories.0: 'human_request' is not one of"),
        ("inconclusive: maybe\n", "inconclusive: 'maybe' is not one of"),
        ("absolute: [1\n", "not valid YAML"),
        ("- 1\n", "a gate file holds one mapping"),
    ],
)
def test_a_bad_gate_file_is_refused_naming_the_file_and_the_field(tmp_path, text, message):
    file = tmp_path / "gate.yaml"
    file.write_text(text)
    with pytest.raises(GateError) as bad:
        load_gate_file(file)
    assert str(bad.value).startswith(f"{file}:") and message in str(bad.value)


def test_flags_override_the_file_and_add_must_pass_selectors(tmp_path):
    file = tmp_path / "gate.yaml"
    file.write_text("absolute: {min_composite: 0.8}\nregressions: {composite: 0.01}\nmust_pass: {tags: [fraud]}\n")
    config = with_flags(
        load_gate_file(file), min_composite=0.6, must_pass=["banking.*"], allowed_drops={"empathy": 0.1}
    )
    assert config.absolute == {"min_composite": 0.6}
    assert config.must_pass == {"scenarios": ["banking.*"], "categories": [], "tags": ["fraud"]}
    assert config.regressions == {"composite": 0.01, "empathy": 0.1}


# Outputs ------------------------------------------------------------------------------------------


def test_the_json_verdict_follows_its_schema(runs):
    verdict_schema = json.loads(VERDICT_SCHEMA.read_text())
    jsonschema.Draft202012Validator.check_schema(verdict_schema)
    documents = [
        gate(runs, name, max_cost_total=1, min_composite=0.5, max_latency_p95_s=5).document
        for name in ("again", "gatekeeper", "picky", "priced")
    ]
    documents.append(incomplete_result(RunIncomplete("r", ["no summary.json"]), GateConfig()).document)
    for document in documents:
        jsonschema.Draft202012Validator(verdict_schema).validate(json.loads(json.dumps(document)))


def test_junit_has_a_testcase_per_scenario_and_trial_and_names_each_failing_one(runs):
    result = gate(runs, "gatekeeper")
    root = ET.fromstring(junit_xml(result))
    assert root.tag == "testsuites"
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    cases = suites["mybot"].findall("testcase")
    assert len(cases) == len(SCENARIOS) * TRIALS == int(suites["mybot"].get("tests"))
    assert {c.get("classname") for c in cases} >= {"mybot/human-request", "mybot/sensitive"}
    failed = {(s["scenario_id"], s["trial"]) for s in scores(runs["gatekeeper"]) if not s["passed"]}
    named = {c.get("name") for c in cases if c.find("failure") is not None}
    assert named == {f"{scenario} #{trial}" for scenario, trial in failed}
    assert int(suites["mybot"].get("failures")) == len(failed) > 0
    failure = next(c for c in cases if c.get("name") == "retail.human.first-turn #0").find("failure")
    assert "escalation." in failure.get("message") and "critical" in failure.text
    rules = suites["supportbench gate"].findall("testcase")
    assert len(rules) == len(result.document["rules"])
    assert all(r.find("failure") is not None for r in rules)


def test_junit_survives_control_characters_a_bot_may_say(runs):
    result = gate(runs, "gatekeeper")
    result.cases[0]["passed"] = False
    result.cases[0]["findings"] = [
        {"check": "x.y", "severity": "critical", "message": "bad\x00\x1b", "turn": None, "evidence": "\x07", "text": ""}
    ]
    ET.fromstring(junit_xml(result))


def test_markdown_names_each_rule_and_the_deciding_turn_and_evidence(runs):
    result = gate(runs, "gatekeeper")
    text = markdown(result.document)
    assert text.startswith("## supportbench gate: ❌ FAIL")
    for r in result.document["rules"]:
        assert r["title"] in text
    card = next(s for s in scores(runs["gatekeeper"]) if s["scenario_id"] == "retail.human.first-turn")
    decisive = [
        f for d in card["dimensions"].values() for f in d["findings"] if not f["passed"] and f["severity"] == "critical"
    ]
    with_turn = next(f for f in decisive if f["turn"] is not None)
    assert f"`{with_turn['check']}` (critical) at turn {with_turn['turn'] + 1}" in text
    if with_turn["evidence"]:
        assert with_turn["evidence"].split()[0] in text
    assert "**banking.bereavement.deceased-mother** trials #0, #1, #2" in text  # identical failures: listed once


def test_markdown_of_an_inconclusive_gate_says_what_to_do(runs):
    text = markdown(gate(runs, "picky", **NO_MUST_PASS).document)
    assert "INCONCLUSIVE" in text and "run more trials" in text and "10 scenarios × 3 trial(s)" in text


# The command line ---------------------------------------------------------------------------------


def test_gate_exit_codes_0_1_2_3_and_the_outputs(runs, tmp_path):
    passed = supportbench("gate", str(runs["again"]), "--baseline", str(runs["base"]), cwd=tmp_path)
    assert passed.returncode == 0, passed.stderr
    assert "## supportbench gate: ✅ PASS" in passed.stdout
    failed = supportbench(
        "gate", str(runs["gatekeeper"]), "--baseline", str(runs["base"]),
        "--junit", "out/junit.xml", "--markdown", "out/gate.md", "--json", "out/gate.json", cwd=tmp_path,
    )  # fmt: skip
    assert failed.returncode == 1, failed.stderr
    document = json.loads((tmp_path / "out/gate.json").read_text())
    assert (document["verdict"], document["exit_code"]) == ("fail", 1)
    assert ET.parse(tmp_path / "out/junit.xml").getroot().tag == "testsuites"
    assert (tmp_path / "out/gate.md").read_text() == failed.stdout
    (tmp_path / "gate.yaml").write_text("absolute:\n  min_composite: 2\n")
    bad = supportbench("gate", str(runs["again"]), "--gate", "gate.yaml", cwd=tmp_path)
    assert bad.returncode == 2 and "gate.yaml: absolute.min_composite: 2 is greater than the maximum of 1" in bad.stderr
    assert supportbench("gate", str(tmp_path / "nowhere"), cwd=tmp_path).returncode == 2
    assert supportbench("gate", str(runs["again"]), "--bot", "nobody", cwd=tmp_path).returncode == 2
    broken = copy_run(runs, "base", tmp_path / "broken")
    (broken / "summary.json").unlink()
    incomplete = supportbench("gate", str(broken), "--json", "incomplete.json", "--junit", "j.xml", cwd=tmp_path)
    assert incomplete.returncode == 3 and "no summary.json" in incomplete.stderr
    assert json.loads((tmp_path / "incomplete.json").read_text())["verdict"] == "incomplete"
    assert ET.parse(tmp_path / "j.xml").getroot().find("testsuite/testcase/error") is not None


def test_gate_flags_inconclusive_and_must_pass(runs):
    args = ["gate", str(runs["picky"]), "--baseline", str(runs["base"]), "--no-default-must-pass"]
    invoke = CliRunner().invoke
    assert invoke(main, args).exit_code == 1
    assert invoke(main, [*args, "--inconclusive", "pass"]).exit_code == 0
    strict = invoke(main, [*args, "--inconclusive", "pass", "--must-pass", "retail.human.*"])
    assert strict.exit_code == 1 and "must pass every trial: scenarios retail.human.*" in strict.stdout
    bad = invoke(main, [*args, "--allowed-drop", "composit=0.1"])
    assert bad.exit_code == 2 and "--allowed-drop" in bad.stderr
    lenient = invoke(main, [*args, "--allowed-drop", "composite=0.5", "--allowed-drop", "pass_rate=0.5", "-q"])
    assert lenient.exit_code == 0 and lenient.stdout == ""


PICK = ["--filter", "retail.*", "--category", "human-request", "--category", "informational"]


def test_run_with_gate_runs_then_gates_in_one_step(tmp_path):
    base = supportbench("run", "-q", "--bot", "builtin:careful", *PICK, "--trials", "2", "--out", "base", cwd=tmp_path)
    assert base.returncode == 0, base.stderr
    (tmp_path / "gate.yaml").write_text("regressions:\n  composite: 0.02\n  min_scenarios: 4\n")
    same = supportbench(
        "run", "-q", "--bot", "builtin:careful", *PICK, "--trials", "2", "--seed", "3", "--out", "again",
        "--gate", "gate.yaml", "--baseline", "base", cwd=tmp_path,
    )  # fmt: skip
    assert same.returncode == 0, same.stdout + same.stderr
    assert {"gate.json", "gate.md", "junit.xml"} <= {p.name for p in (tmp_path / "again").iterdir()}
    worse = supportbench(
        "run", "-q", "--bot", "builtin:gatekeeper", *PICK, "--trials", "2", "--out", "worse",
        "--gate", "gate.yaml", "--baseline", "base", cwd=tmp_path,
    )  # fmt: skip
    assert worse.returncode == 1
    assert json.loads((tmp_path / "worse" / "gate.json").read_text())["rules"][0]["verdict"] == "fail"


def test_run_with_a_bad_gate_file_or_baseline_runs_nothing(runs, tmp_path):
    (tmp_path / "gate.yaml").write_text("regressions: {compsite: 0.1}\n")
    done = supportbench("run", "-q", "--bot", "builtin:careful", *PICK, "--gate", "gate.yaml", cwd=tmp_path)
    assert done.returncode == 2 and "gate.yaml: regressions.compsite: unknown field" in done.stderr
    missing = supportbench("run", "-q", "--bot", "builtin:careful", *PICK, "--baseline", "nowhere", cwd=tmp_path)
    assert missing.returncode == 2
    two = ["--bot", "builtin:careful", "--bot", "builtin:cold"]
    other = supportbench("run", "-q", *two, *PICK, "--baseline", str(runs["base"]), cwd=tmp_path)
    assert other.returncode == 2 and "has no bot careful, cold (bots there: mybot)" in other.stderr
    assert not (tmp_path / "runs").exists()


HANGS = '''
import time

from bench.bots.rulebot import RuleBot


class HangsAfterTwo(RuleBot):
    """careful for two conversations (concurrency 1), then it hangs: a CI job stopped midway."""

    started = set()

    def respond(self, message, session):
        self.started.add(session.id)
        if len(self.started) > 2:
            time.sleep(60)
        return super().respond(message, session)
'''


def test_run_with_gate_stopped_by_ctrl_c_exits_3_and_writes_an_incomplete_verdict(tmp_path):
    (tmp_path / "slow_bots.py").write_text(HANGS)
    (tmp_path / "gate.yaml").write_text("{}\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    args = ["run", "-q", "--bot", "slow_bots:HangsAfterTwo", *PICK, "--concurrency", "1", "--gate", "gate.yaml"]
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.cli", *args, "--out", "r"],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    transcripts = tmp_path / "r" / "transcripts.jsonl"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (transcripts.is_file() and transcripts.read_text().count("\n") >= 2):
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 3, out + err
    verdict = json.loads((tmp_path / "r" / "gate.json").read_text())
    assert verdict["verdict"] == "incomplete" and any("no summary.json" in p for p in verdict["incomplete"]["problems"])
    assert "RUN INCOMPLETE" in (tmp_path / "r" / "gate.md").read_text()
