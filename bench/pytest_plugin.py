"""pytest plugin: test a support bot on supportbench scenarios from a vendor's own test suite.

Installed with supportbench (entry point `pytest11: supportbench`), it adds:

- the fixture `supportbench`, whose `run()` plays scenarios against a bot and returns a Result::

      def test_bereavement(supportbench):
          result = supportbench.run("banking.bereavement.*", bot="mybot:Bot", trials=3)
          assert result.passed

- the marker `supportbench`, for a test (or a whole file, with `pytestmark`) that covers scenarios;
  the result comes as the fixture `supportbench_result`, run once per distinct marker::

      @pytest.mark.supportbench(scenarios=["banking.bereavement.*"], bot="mybot:Bot")
      def test_bereavement(supportbench_result):
          assert supportbench_result.passed

When a test that ran scenarios fails, its report gets a "supportbench findings" section: each
failed conversation with the failed checks, their turn and the quoted evidence. `result.check()`
raises an AssertionError carrying the same text. Nothing heavy is imported until a test runs.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

_SHOWN_FINDINGS = 8  # failed checks listed per conversation
_RESULTS = pytest.StashKey[list]()


@dataclass(frozen=True)
class Finding:
    """A failed check of a conversation."""

    dimension: str
    check: str
    severity: str
    message: str
    turn: int | None  # 1-based, as `supportbench show` numbers turns; None: the whole conversation
    evidence: str

    def __str__(self) -> str:
        from bench.render.findings import one_line

        turn = None if self.turn is None else self.turn - 1
        return one_line({**self.__dict__, "turn": turn})


@dataclass(frozen=True)
class Conversation:
    """One trial of one scenario."""

    scenario_id: str
    trial: int
    passed: bool
    outcome: str
    composite: float
    error: str | None
    findings: list[Finding]  # the failed checks, most severe first

    def __str__(self) -> str:
        head = f"{'pass' if self.passed else 'FAIL'} {self.scenario_id} trial {self.trial}: {self.outcome}"
        head += f", composite {self.composite:.3f}" + (f", error: {self.error}" if self.error else "")
        if self.passed:
            return head
        lines = [head, *(f"    {f}" for f in self.findings[:_SHOWN_FINDINGS])]
        if len(self.findings) > _SHOWN_FINDINGS:
            lines.append(f"    ... and {len(self.findings) - _SHOWN_FINDINGS} more failed check(s)")
        return "\n".join(lines)


@dataclass(frozen=True)
class ScenarioResult:
    """Every trial of one scenario."""

    id: str
    conversations: list[Conversation]

    @property
    def passed(self) -> bool:
        """Every trial passed (no critical check failed in any)."""
        return all(c.passed for c in self.conversations)

    @property
    def pass_rate(self) -> float:
        return sum(c.passed for c in self.conversations) / len(self.conversations)


@dataclass(eq=False)
class Result:
    """What `supportbench.run` returns. `passed` means every trial of every scenario passed."""

    bot: str
    selection: list[str]
    run_dir: Path
    summary: dict = field(repr=False)
    scenarios: dict[str, ScenarioResult] = field(repr=False)

    @property
    def _bot_summary(self) -> dict:
        return next(iter(self.summary["bots"].values()))

    @property
    def conversations(self) -> list[Conversation]:
        return [c for s in self.scenarios.values() for c in s.conversations]

    @property
    def passed(self) -> bool:
        return all(s.passed for s in self.scenarios.values())

    @property
    def pass_rate(self) -> float:
        return self._bot_summary["pass_rate"]

    @property
    def composite(self) -> float:
        return self._bot_summary["composite"]

    @property
    def dimensions(self) -> dict[str, float | None]:
        """Each dimension's mean over the conversations where it applies."""
        return {name: d["mean"] for name, d in self._bot_summary["dimensions"].items()}

    @property
    def failures(self) -> list[Conversation]:
        return [c for c in self.conversations if not c.passed]

    def check(self) -> Result:
        """Raise AssertionError with the failed conversations and their findings unless every one passed."""
        if not self.passed:
            raise AssertionError(str(self))
        return self

    def headline(self) -> str:
        total = len(self.conversations)
        return (
            f"supportbench: {self.bot} on {', '.join(self.selection)}: {'passed' if self.passed else 'FAILED'}, "
            f"{total - len(self.failures)}/{total} conversations passed (pass rate {self.pass_rate:.0%}), "
            f"composite {self.composite:.3f}"
        )

    def __str__(self) -> str:
        lines = [self.headline()]
        lines += [str(c) for c in self.failures]
        passed = len(self.conversations) - len(self.failures)
        if self.failures and passed:
            lines.append(f"({passed} passing conversation(s) not shown)")
        elif not self.failures:
            lines += [str(c) for c in self.conversations]
        lines.append(f"run directory: {self.run_dir} (supportbench show {self.run_dir} --failures-only)")
        return "\n".join(lines)

    def __repr__(self) -> str:
        # pytest shows this in `assert result.passed`'s explanation (cut at about 240 characters)
        first = self.failures[0] if self.failures else None
        failing = ""
        if first:
            finding = f" {first.findings[0]}" if first.findings else ""
            failing = f"; first failure: {first.scenario_id} trial {first.trial}:{finding}"
        total = len(self.conversations)
        return f"<Result {self.bot}: {total - len(self.failures)}/{total} passed{failing}>"


def _conversation(conversation) -> Conversation:
    """The plugin's view of a bench.rundir.reader.Conversation."""
    findings = [
        Finding(
            f["dimension"],
            f["check"],
            f["severity"],
            f["message"],
            None if f["turn"] is None else f["turn"] + 1,
            f["evidence"],
        )
        for f in conversation.failed_findings()
    ]
    card = conversation.card
    return Conversation(
        card["scenario_id"],
        card["trial"],
        card["passed"],
        card["outcome"],
        card["composite"],
        conversation.transcript.error,
        findings,
    )


class Supportbench:
    """The `supportbench` fixture: `run()` plays scenarios against a bot and returns a Result."""

    def __init__(self, make_dir, suites: dict, results: list[Result]):
        self._make_dir = make_dir
        self._suites = suites  # loaded suites, shared by the session
        self._results = results  # what this test ran, for the failure report

    def _scenarios(self, suite: str | Path | list | None) -> list:
        from bench.suite.load import ScenarioError, builtin_suite, check_paths

        paths = [suite] if isinstance(suite, (str, Path)) else list(suite or [builtin_suite()])
        key = tuple(str(Path(p).resolve()) for p in paths)
        if key not in self._suites:
            scenarios, problems = check_paths([Path(p) for p in paths])
            if problems:
                raise ScenarioError(problems)
            self._suites[key] = scenarios
        return self._suites[key]

    def run(
        self,
        scenarios: str | list[str],
        bot: Any,
        trials: int = 1,
        seed: int = 0,
        suite: str | Path | list | None = None,
        *,
        concurrency: int = 8,
        timeout: float = 30.0,
        weights: str | Path | None = None,
        resolution: str = "tools",
        out: str | Path | None = None,
    ) -> Result:
        """Play the scenarios whose id matches a glob of `scenarios` (of `suite`: files or folders,
        default the built-in library) against `bot` (a spec as for `--bot`: `module:attr`,
        `builtin:NAME`, a bot config file; or a bot object), `trials` times each, and score them.
        The run directory (default: a fresh pytest temporary folder) is kept for `supportbench show`."""
        from bench.bots import Contestant, load_bot
        from bench.run.evaluation import evaluate
        from bench.run.runner import RunOptions
        from bench.rundir.reader import read_run
        from bench.scorers.weights import load_weights

        globs = [scenarios] if isinstance(scenarios, str) else list(scenarios)
        pool = self._scenarios(suite)
        chosen = [s for s in pool if any(fnmatch.fnmatchcase(s.id, g) for g in globs)]
        if not chosen:
            raise ValueError(f"supportbench: no scenario id matches {', '.join(globs)} (in {len(pool)} scenarios)")
        if resolution not in ("tools", "transcript"):
            raise ValueError(f"supportbench: resolution must be 'tools' or 'transcript', not {resolution!r}")
        if isinstance(bot, str):
            contestant = load_bot(bot)
        else:
            contestant = Contestant(getattr(bot, "name", None) or type(bot).__name__, bot)
        run_dir = Path(out) if out else self._make_dir()
        evaluate(
            [contestant],
            chosen,
            RunOptions(trials=trials, concurrency=concurrency, turn_timeout=timeout, seed=seed),
            run_dir,
            command=f"pytest (supportbench.run {', '.join(globs)} with {contestant.name})",
            weights=load_weights(Path(weights)) if weights else None,
            transcript_only=resolution == "transcript",
        )
        run = read_run(run_dir)
        by_scenario: dict[str, list[Conversation]] = {}
        for each in run.conversations:
            conversation = _conversation(each)
            by_scenario.setdefault(conversation.scenario_id, []).append(conversation)
        summary = run.summary
        result = Result(
            bot=contestant.name,
            selection=globs,
            run_dir=run_dir,
            summary=summary,
            scenarios={
                s.id: ScenarioResult(s.id, sorted(by_scenario[s.id], key=lambda c: c.trial))
                for s in chosen
                if s.id in by_scenario
            },
        )
        self._results.append(result)
        return result


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "supportbench(scenarios, bot, trials=1, seed=0, suite=None, **options): play these scenarios (id globs) "
        "against the bot once per distinct marker; the test gets the Result as the `supportbench_result` fixture.",
    )


@pytest.fixture(scope="session")
def _supportbench_suites() -> dict:
    return {}


@pytest.fixture(scope="session")
def _supportbench_marked() -> dict:
    return {}


@pytest.fixture
def supportbench(request, tmp_path_factory, _supportbench_suites) -> Supportbench:
    """Play supportbench scenarios against a bot: `supportbench.run("banking.bereavement.*", bot="mybot:Bot")`."""
    results: list[Result] = []
    request.node.stash[_RESULTS] = results
    return Supportbench(lambda: tmp_path_factory.mktemp("supportbench"), _supportbench_suites, results)


@pytest.fixture
def supportbench_result(request, supportbench, _supportbench_marked) -> Result:
    """The Result of the scenarios the test's `@pytest.mark.supportbench(...)` names (run once per distinct marker)."""
    marker = request.node.get_closest_marker("supportbench")
    if marker is None:
        raise pytest.UsageError(
            "supportbench_result needs @pytest.mark.supportbench(scenarios=[...], bot='module:Bot') "
            f"on {request.node.nodeid} or its module"
        )
    kwargs = dict(marker.kwargs)
    if marker.args:  # @pytest.mark.supportbench("banking.*", "mybot:Bot") works too
        kwargs.update(zip(("scenarios", "bot"), marker.args, strict=False))
    key = repr(sorted(kwargs.items(), key=lambda kv: kv[0]))
    if key in _supportbench_marked:
        supportbench._results.append(_supportbench_marked[key])
    else:
        _supportbench_marked[key] = supportbench.run(**kwargs)
    return _supportbench_marked[key]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """A failed test that ran scenarios shows their failed conversations and findings."""
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.failed:
        failing = [r for r in item.stash.get(_RESULTS, []) if not r.passed]
        if failing:
            report.sections.append(("supportbench findings", "\n\n".join(str(r) for r in failing)))
