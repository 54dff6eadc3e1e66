"""Scenarios: load YAML files (bench.core.files: size, encoding, nesting, aliases, numbers, keys),
validate them (JSON Schema, then the checks a schema cannot express), and report every problem as
`file:line:column: field.path: message` (line and column when the reader knows them)."""

from __future__ import annotations

import hashlib
import json
import os
import re
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from bench.core.files import MAX_BYTES, FileProblem, LoadError, check_name, field_path, load_yaml, shorten
from bench.core.requests import FACT_REQUESTS
from bench.core.scenario import Fact, Scenario, probe_turns
from bench.core.schema import violations
from bench.core.world import available_domains, load_domain
from bench.suite.variants import apply_variant

SCHEMA_VERSION = 1
_REPO_SUITE = Path(__file__).resolve().parents[2] / "scenarios"
_PACKAGED_SUITE = Path(__file__).resolve().parents[1] / "_suite"


def builtin_suite() -> Path:
    """The curated library: packaged inside the wheel, or the repository's scenarios/ folder."""
    return _PACKAGED_SUITE if _PACKAGED_SUITE.is_dir() else _REPO_SUITE


@cache
def scenario_schema() -> dict:
    return json.loads((builtin_suite() / "schema" / f"scenario.v{SCHEMA_VERSION}.schema.json").read_text())


@dataclass(frozen=True)
class Problem(FileProblem):
    """A scenario file's problem; one about the whole document, with no line to point at, says "(top)"."""

    def __str__(self) -> str:
        if self.field or self.line:
            return super().__str__()
        return f"{self.file}: (top): {self.message}"


class ScenarioError(Exception):
    """One or more scenario files are invalid; `problems` lists each with file and field."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def _schema_problems(name: str, data: Any) -> list[Problem]:
    return [Problem(name, where, message) for where, message in violations(scenario_schema(), data)]


def _regex_problems(name: str, where: str, patterns: list[str]) -> list[Problem]:
    problems = []
    for i, pattern in enumerate(patterns):
        try:
            re.compile(pattern)
        except re.error as bad:
            problems.append(Problem(name, f"{where}.{i}", f"invalid regular expression: {bad}"))
    return problems


def _semantic_problems(name: str, data: dict) -> list[Problem]:
    """What JSON Schema cannot say: the domain exists, the world fits it, tools exist, ids agree."""
    problems: list[Problem] = []
    for key in ("id", "domain"):  # both become parts of file names (run directories, reports)
        bad = check_name(data[key], key)
        if bad:
            return [Problem(name, key, bad)]
    if data["id"].split(".")[0] != data["domain"]:
        problems.append(Problem(name, "id", f"must start with the domain ({data['domain']}.)"))
    if data["domain"] not in available_domains():  # before load_domain makes a path of it
        return problems + [Problem(name, "domain", f"unknown domain (known: {', '.join(available_domains())})")]
    domain = load_domain(data["domain"])
    problems += [
        Problem(name, "world" + (f".{where}" if where else ""), msg) for where, msg in domain.check_state(data["world"])
    ]

    expect = data["expectations"]
    escalation = expect["escalation"]
    if escalation["expect"] == "on_request" and "asks_for_human" not in data["customer"]:
        problems.append(
            Problem(name, "customer.asks_for_human", "required when expectations.escalation.expect is on_request")
        )
    if "by_turn" in escalation and escalation["expect"] != "required":
        problems.append(Problem(name, "expectations.escalation.by_turn", "only meaningful when expect is required"))
    for kind in ("required_actions", "forbidden_actions"):
        for i, action in enumerate(expect.get("resolution", {}).get(kind, [])):
            problems += _regex_problems(
                name, f"expectations.resolution.{kind}.{i}.confirmed_by", action.get("confirmed_by", [])
            )
            if action["tool"] not in domain.tools:
                problems.append(
                    Problem(
                        name,
                        f"expectations.resolution.{kind}.{i}.tool",
                        f"no tool {shorten(action['tool'])} in domain {domain.name}",
                    )
                )
    for i, tool_name in enumerate(expect.get("conduct", {}).get("verify_identity_before", [])):
        if tool_name not in domain.tools:
            problems.append(
                Problem(
                    name,
                    f"expectations.conduct.verify_identity_before.{i}",
                    f"no tool {shorten(tool_name)} in domain {domain.name}",
                )
            )
    for i, claim in enumerate(expect.get("accuracy", {}).get("must_not_state", [])):
        problems += _regex_problems(name, f"expectations.accuracy.must_not_state.{i}.patterns", claim["patterns"])
    planted = expect.get("conduct", {}).get("ignore_instructions", [])
    problems += _regex_problems(name, "expectations.conduct.ignore_instructions", planted)
    for i, line in enumerate(data["customer"].get("followups", [])):
        when = line.get("when", {})
        for key in ("bot_said", "bot_has_not_said"):
            problems += _regex_problems(name, f"customer.followups.{i}.when.{key}", when.get(key, []))
    seen_probes: set[str] = set()
    for i, probe in enumerate(data.get("probes", [])):
        if probe["id"] in seen_probes:
            problems.append(Problem(name, f"probes.{i}.id", f"duplicate probe id {shorten(probe['id'])}"))
        seen_probes.add(probe["id"])
        if "turns" in probe and not data.get("witness"):
            problems.append(Problem(name, f"probes.{i}.turns", "changes a witness, but the scenario stores none"))
            continue
        try:
            probe_turns(probe, data.get("witness"))
        except IndexError as bad:
            problems.append(
                Problem(name, f"probes.{i}.turns.{bad.args[0]}", f"the witness has {len(data['witness'])} bot turns")
            )
    for key, raw in data["customer"].get("facts", {}).items():
        fact = Fact.decode(key, raw)
        problems += _regex_problems(name, field_path(["customer", "facts", key, "asked_by"]), list(fact.asked_by))
        if not fact.request_patterns:
            problems.append(
                Problem(
                    name,
                    field_path(["customer", "facts", key]),
                    f"not a well-known fact ({', '.join(FACT_REQUESTS)}): give asked_by patterns "
                    "so the customer recognises the bot asking for it",
                )
            )
    return problems


def _read(path: Path, name: str) -> tuple[Any, list[Problem]]:
    try:
        data = load_yaml(path, name)
    except LoadError as bad:
        return None, [Problem(p.file, p.field, p.message, p.line, p.column) for p in bad.problems]
    if not isinstance(data, dict):
        return None, [Problem(name, "", "a scenario file must hold one mapping (one scenario per file)")]
    return data, []


def _checked(name: str, data: dict, variant_of: str | None = None) -> tuple[Scenario | None, list[Problem]]:
    problems = _schema_problems(name, data) or _semantic_problems(name, data)
    if problems:
        return None, problems
    digest = hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()[:16]
    return Scenario(data, name, digest, variant_of), []


def check_file(path: Path) -> tuple[Scenario | None, list[Problem]]:
    """Load one scenario file; return it with no problems, or None and every problem found."""
    name = str(path)
    data, problems = _read(path, name)
    if problems:
        return None, problems
    return _checked(name, data)


def expand_variants(scenario: Scenario) -> tuple[list[Scenario], list[Problem]]:
    """The scenario's metamorphic variants, each validated like a file of its own."""
    out: list[Scenario] = []
    problems: list[Problem] = []
    for i, spec in enumerate(scenario.data.get("variants", [])):
        where = f"variants.{i}"
        try:
            data = apply_variant(scenario.data, spec)
        except KeyError as bad:
            problems.append(Problem(scenario.source, f"{where}.set.{bad.args[0]}", "no such path in the scenario"))
            continue
        name = f"{scenario.source} ({where}: {spec['id']})"
        variant, found = _checked(name, data)
        problems += found
        if variant is not None:
            data["id"] = f"{scenario.id}~{spec['id']}"
            data["title"] = spec.get("title") or f"{data['title']} ({spec['id']})"
            out.append(Scenario(data, variant.source, variant.digest, scenario.id))
    return out, problems


def scenario_files(paths: list[Path]) -> list[Path]:
    """YAML files under the given files or folders (schema folders skipped), in a stable order."""
    files: list[Path] = []
    for path in paths:
        if not path.exists():
            continue
        if path.is_dir():
            files += sorted(p for p in path.rglob("*.y*ml") if "schema" not in p.relative_to(path).parts)
        else:
            files.append(path)
    return files


_BOT_CONFIG = re.compile(r"^adapter\s*:", re.MULTILINE)  # a top-level key no scenario may have


def is_bot_config_file(path: Path) -> bool:
    """Bot config files (bench.adapters) may sit next to scenarios; they are checked apart."""
    try:
        with open(path, "rb") as handle:  # at most what the loader would read: no file is read whole
            head = handle.read(MAX_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return False
    return _BOT_CONFIG.search(head) is not None


PARALLEL_FROM = 200  # files: below this, starting worker processes costs more than it saves


def _check_one(path: Path) -> tuple[Scenario | None, list[Problem], list[Scenario], list[Problem]]:
    """One file checked, with its variants: (scenario, its problems, variants, their problems)."""
    scenario, problems = check_file(path)
    variants, found = expand_variants(scenario) if scenario is not None else ([], [])
    return scenario, problems, variants, found


def _check_all(files: list[Path], parallel: bool) -> list[tuple]:
    """_check_one of every file, in order; with `parallel`, in worker processes for a large library
    (a file costs a few milliseconds of pure Python, mostly jsonschema, so 5,000 files are worth
    every core). Only the command line asks for it: forking a process that runs threads is unsafe."""
    workers = min(os.cpu_count() or 1, 8)
    if parallel and len(files) >= PARALLEL_FROM and workers > 1:
        try:
            with ProcessPoolExecutor(workers) as pool:
                return list(pool.map(_check_one, files, chunksize=16))
        except (OSError, BrokenProcessPool):  # no processes allowed here: check them one by one
            pass
    return [_check_one(path) for path in files]


def check_paths(paths: list[Path], *, parallel: bool = False) -> tuple[list[Scenario], list[Problem]]:
    """Validate every scenario file under `paths`, including id uniqueness across files. `parallel`:
    check a large library in worker processes (for a command line, not inside a threaded program)."""
    scenarios: list[Scenario] = []
    problems: list[Problem] = []
    files = [f for f in scenario_files(paths) if not is_bot_config_file(f)]
    for path in paths:
        if not path.exists():
            problems.append(Problem(str(path), "", "no such file or folder"))
    if not files and not problems:
        problems.append(Problem(", ".join(map(str, paths)), "", "no scenario files (*.yaml) found"))
    seen: dict[str, str] = {}
    for scenario, found, variants, variant_problems in _check_all(files, parallel):
        problems += found
        if scenario is None:
            continue
        if scenario.id in seen:
            problems.append(
                Problem(scenario.source, "id", f"duplicate id {scenario.id!r}, also in {seen[scenario.id]}")
            )
            continue
        seen[scenario.id] = scenario.source
        scenarios += [scenario, *variants]
        problems += variant_problems
    return scenarios, problems


def load_scenarios(paths: list[Path] | None = None) -> list[Scenario]:
    """Load and validate scenarios (default: the built-in suite). Raises ScenarioError listing all problems."""
    scenarios, problems = check_paths(paths or [builtin_suite()])
    if problems:
        raise ScenarioError(problems)
    return scenarios
