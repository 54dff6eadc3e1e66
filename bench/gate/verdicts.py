"""The words of a gate verdict, their exit codes, and the gate's two errors."""

from __future__ import annotations

GATE_VERSION = 1
PASS, FAIL, INCONCLUSIVE, SKIPPED, INCOMPLETE = "pass", "fail", "inconclusive", "skipped", "incomplete"
EXIT_PASS, EXIT_FAIL, EXIT_BAD_INPUT, EXIT_INCOMPLETE = 0, 1, 2, 3


class GateError(ValueError):
    """Bad input (exit 2): a gate file that does not validate, a directory that is not a run, an
    unknown bot. The message names the file and the field."""


class RunIncomplete(Exception):
    """The run (or the baseline) misses conversations it planned, or has too many bot errors (exit 3)."""

    def __init__(self, path: str, problems: list[str]):
        self.path, self.problems = path, problems
        super().__init__(f"{path}: run incomplete:\n  " + "\n  ".join(problems))


def overall(rules: list[dict]) -> str:
    """fail when any rule fails; else inconclusive when any rule is; else pass."""
    verdicts = {r["verdict"] for r in rules}
    return FAIL if FAIL in verdicts else INCONCLUSIVE if INCONCLUSIVE in verdicts else PASS


def exit_code_of(verdict: str, inconclusive: str) -> int:
    if verdict == PASS or (verdict == INCONCLUSIVE and inconclusive == PASS):
        return EXIT_PASS
    return EXIT_INCOMPLETE if verdict == INCOMPLETE else EXIT_FAIL
