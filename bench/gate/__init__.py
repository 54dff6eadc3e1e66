"""The release gate: is a run good enough to ship, and did it get worse than the last release?

`evaluate_gate(run_dir, baseline=..., config=...)` (bench.gate.verdict) reads a run directory (and a baseline run) and
applies the rules of a gate file (bench/schemas/gate.v1.schema.json) and flags:

- run completeness, first (exit 3 when it fails): the run has its summary.json (a run stopped by
  Ctrl-C or a crash has none), a score record for every transcript and the reverse, every bot,
  scenario and trial its manifest (run.json, bench.run.resume) planned (without a manifest: the counts
  of the summary's options), and per bot a share of bot_error conversations no larger than
  `run.max_bot_error_share` (default 0.1: more is an outage or a rate limit, not a measurement;
  resume the run). Bot errors below that share count as failed conversations. A conversation
  recorded again by a resume counts once, its last record (bench.rundir.reader).
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

from bench.gate.config import GateConfig, gate_file_problems, load_gate_file, with_flags
from bench.gate.verdict import GateResult, evaluate_gate, incomplete_result, read_run
from bench.gate.verdicts import EXIT_BAD_INPUT, EXIT_FAIL, EXIT_INCOMPLETE, EXIT_PASS, GateError, RunIncomplete

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_FAIL",
    "EXIT_INCOMPLETE",
    "EXIT_PASS",
    "GateConfig",
    "GateError",
    "GateResult",
    "RunIncomplete",
    "evaluate_gate",
    "gate_file_problems",
    "incomplete_result",
    "load_gate_file",
    "read_run",
    "with_flags",
]
