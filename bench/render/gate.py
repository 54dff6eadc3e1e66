"""A gate verdict (bench.gate) for people and CI: Markdown for a pull-request comment, JUnit XML for
a CI test report, and the JSON document as text."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from pathlib import Path
from xml.etree import ElementTree as ET

from bench.core.secrets import redact
from bench.core.transcript import BOT_ERROR
from bench.gate.verdict import GateResult
from bench.gate.verdicts import FAIL, GATE_VERSION, INCOMPLETE, INCONCLUSIVE, PASS, SKIPPED
from bench.render.findings import inline, markdown_lines, text_lines
from bench.render.safe import md_code, md_text

VERDICT_SCHEMA = Path(__file__).resolve().parent.parent / "schemas" / f"gate-verdict.v{GATE_VERSION}.schema.json"

_BADGE = {PASS: "✅ pass", FAIL: "❌ FAIL", INCONCLUSIVE: "⚠️ inconclusive", SKIPPED: "➖ skipped"}
_TITLE = {
    PASS: "✅ PASS",
    FAIL: "❌ FAIL",
    INCONCLUSIVE: "⚠️ INCONCLUSIVE",
    INCOMPLETE: "🛑 RUN INCOMPLETE",
}
_ORDER = {FAIL: 0, INCONCLUSIVE: 1, PASS: 2, SKIPPED: 3}


def json_text(document: dict) -> str:
    return redact(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"


def _cell(text: str) -> str:
    return md_text(text)


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
        error = f" — error: {inline(f['error'])}" if f.get("error") else ""
        lines.append(
            f"- **{md_text(f['scenario_id'])}** trial{'s' * (len(alike) > 1)} {trials} (outcome {f['outcome']}){error}"
        )
        lines += markdown_lines(f["decided_by"]) or ["  - (no failed critical check recorded)"]
    if len(groups) > limit:
        lines.append(f"- ... and {len(groups) - limit} more (see the JSON verdict or `supportbench show`)")
    return lines


def markdown(document: dict) -> str:
    """The verdict as a pull-request comment: the verdict, each rule with its numbers, and why (every
    name and quoted word inert Markdown, secrets masked)."""
    return redact(_markdown(document))


def _markdown(document: dict) -> str:
    verdict = document["verdict"]
    out = [f"## supportbench gate: {_TITLE[verdict]}", ""]
    code = document["exit_code"]
    if verdict == INCOMPLETE:
        info = document["incomplete"]
        out += [f"The run `{md_code(info['run'])}` is incomplete, so it was not gated (exit code {code}):", ""]
        out += [f"- {md_text(p)}" for p in info["problems"]]
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
            f"- **{md_text(bot['name'])}**: run `{md_code(run['path'])}`, "
            f"{run['scenarios']} scenarios × {run['trials']} trial(s) "
            f"= {run['conversations']} conversations, {run['bot_errors']} bot error(s)"
        )
        if bot["baseline"]:
            b = bot["baseline"]
            line += (
                f"; baseline `{md_code(b['path'])}` ({md_text(b['bot'])}): "
                f"{b['scenarios']} scenarios × {b['trials']} trial(s) "
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
            out += [f"### {md_text(r['bot'])}: {md_text(r['title'])}", "", *_failure_lines(r["failures"]), ""]
            shown |= {(r["bot"], f["scenario_id"], f["trial"]) for f in r["failures"]}
        if r["kind"] == "regression" and (r.get("largest_drops") or r.get("newly_failing")):
            out += [f"### {md_text(r['bot'])}: {md_text(r['title'])}", ""]
            if r["largest_drops"]:
                drops = ", ".join(f"`{md_code(d['scenario_id'])}` {d['diff']:+.3f}" for d in r["largest_drops"])
                out += [f"Largest drops by scenario: {drops}", ""]
            flipped = r.get("newly_failing") or []
            fresh = [f for f in flipped if (r["bot"], f["scenario_id"], f["trial"]) not in shown]
            if flipped:
                above = f" ({len(flipped) - len(fresh)} listed above)" if len(fresh) < len(flipped) else ""
                out += [f"Passed in the baseline, fail now: {len(flipped)} conversation(s){above}", ""]
                out += [*_failure_lines(fresh, 5), ""] if fresh else []
                shown |= {(r["bot"], f["scenario_id"], f["trial"]) for f in fresh}
    for note in document["notes"]:
        out += [f"Note: {inline(note)}", ""]
    if document.get("command"):
        out += [f"Produced by: `{md_code(document['command'])}`", ""]
    return "\n".join(out).rstrip("\n") + "\n"


_XML_BAD = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _x(text) -> str:
    """Text safe for XML 1.0 (a bot may say anything, control characters included), secrets masked."""
    return _XML_BAD.sub("\ufffd", redact("" if text is None else str(text)))


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
            body = "\n".join(text_lines(case["findings"]))
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
                lines += text_lines(f["decided_by"], indent="  ")
            node.text = _x("\n".join(lines))
    _totals(rules_suite, counts)
    totals.update(counts)
    _totals(root, totals)
    ET.indent(root)
    return redact('<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n")


def _totals(element: ET.Element, counts: Counter) -> None:
    for key in ("tests", "failures", "errors", "skipped"):
        element.set(key, str(counts.get(key, 0)))
    element.set("time", f"{counts.get('time', 0):.3f}")
