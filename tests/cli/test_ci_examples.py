"""The CI examples (examples/ci/): valid YAML, the steps the docs promise (run with trials and
--resume, gate against the main branch's baseline, upload, post the verdict), options that exist,
and secrets that only ever reach the bot through environment variables."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from bench.adapters.config import bot_config_file_problems
from bench.cli import main

CI = Path(__file__).resolve().parents[2] / "examples" / "ci"
SECRETS = ("ACME_BOT_TOKEN", "ACME_BOT_URL", "SUPPORTBENCH_NOTE_TOKEN")


def _load(name: str) -> dict:
    document = yaml.safe_load((CI / name).read_text(encoding="utf-8"))
    assert isinstance(document, dict)
    return document


def _github() -> dict:
    return _load("github-actions.yml")


def _gitlab() -> dict:
    return _load("gitlab-ci.yml")


def _scripts() -> dict[str, str]:
    """Every shell script of both examples, by where it is."""
    scripts = {f"github: {s.get('name')}": s["run"] for s in _github()["jobs"]["supportbench"]["steps"] if "run" in s}
    for name, job in _gitlab().items():
        if isinstance(job, dict):
            for part in ("before_script", "script"):
                scripts[f"gitlab: {name}.{part}"] = "\n".join(job.get(part, []))
    return scripts


def _commands(script: str, command: str) -> list[str]:
    """Each `supportbench COMMAND ...` of a script, its continuation lines joined."""
    joined = re.sub(r"\\\n\s*", " ", script)
    return re.findall(rf"supportbench {command}\b[^\n|;]*", joined)


def _options(command: str) -> set[str]:
    return {opt for param in main.commands[command].params for opt in getattr(param, "opts", [])}


def test_github_workflow_runs_on_pull_requests_and_on_main():
    workflow = _github()
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "pull_request" in triggers and triggers["push"]["branches"] == ["main"]
    steps = workflow["jobs"]["supportbench"]["steps"]
    assert all(re.fullmatch(r"[\w./-]+@v\d+", s["uses"]) for s in steps if "uses" in s)
    uploads = [s["with"]["name"] for s in steps if s.get("uses", "").startswith("actions/upload-artifact")]
    assert uploads == ["supportbench-run", "supportbench-pr-${{ github.event.pull_request.number }}"]
    fetch = next(s for s in steps if s.get("name", "").startswith("Fetch the baseline"))
    assert "--branch main" in fetch["run"] and "--name supportbench-run" in fetch["run"]
    assert any("gh pr comment" in s.get("run", "") and "reports/gate.md" in s["run"] for s in steps)


def test_gitlab_pipeline_gates_merge_requests_against_the_default_branch():
    pipeline = _gitlab()
    baseline, gate = pipeline["supportbench-baseline"], pipeline["supportbench-gate"]
    assert baseline["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert gate["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert baseline["artifacts"]["paths"] == ["runs/current/"]
    assert gate["artifacts"]["reports"]["junit"] == "reports/junit.xml" and gate["artifacts"]["when"] == "always"
    script = "\n".join(gate["script"])
    assert "jobs/artifacts/$CI_DEFAULT_BRANCH/download?job=supportbench-baseline" in script
    assert "merge_requests/$CI_MERGE_REQUEST_IID/notes" in script and "body@reports/gate.md" in script
    cache = pipeline[".supportbench"]["cache"]
    assert {"key": "supportbench-$CI_COMMIT_SHA", "paths": ["runs/current/"], "when": "always"} in cache


@pytest.mark.parametrize("ci", ["github", "gitlab"])
def test_each_example_runs_with_trials_and_resume_then_gates_against_the_baseline(ci):
    scripts = "\n".join(text for where, text in _scripts().items() if where.startswith(ci))
    runs, gates = _commands(scripts, "run"), _commands(scripts, "gate")
    assert runs and all("--trials" in r and "--resume" in r for r in runs)
    assert len(gates) == 1 and "baseline" in gates[0]
    for flag in ("--gate", "--junit", "--markdown", "--json"):
        assert flag in gates[0]


def test_every_option_the_examples_use_exists():
    for where, script in _scripts().items():
        for command in ("run", "gate"):
            for line in _commands(script, command):
                unknown = set(re.findall(r"(?<![\w-])--?[a-z][\w-]*", line)) - _options(command)
                assert not unknown, f"{where}: {line}: {unknown}"


def test_secrets_reach_only_the_bot_through_the_environment():
    for where, script in _scripts().items():
        assert "secrets." not in script, where
        assert "set -x" not in script and "CI_DEBUG_TRACE" not in script, where
        for secret in ("ACME_BOT_TOKEN", "ACME_BOT_URL"):  # read by bot.yaml, never by a script
            assert secret not in script, f"{where} uses ${secret}"
    for step in _github()["jobs"]["supportbench"]["steps"]:
        env = step.get("env", {})
        assert all(v == f"${{{{ secrets.{k} }}}}" for k, v in env.items() if "secrets." in v), step["name"]
    text = (CI / "github-actions.yml").read_text(encoding="utf-8")
    assert text.count("secrets.") == 2  # ACME_BOT_TOKEN and ACME_BOT_URL, in the run step's env only


def test_the_example_bot_config_and_gate_file_are_valid(monkeypatch):
    for secret in SECRETS:
        monkeypatch.setenv(secret, "https://bot.example" if secret.endswith("URL") else "a-secret-value")
    assert bot_config_file_problems(CI / "bot.yaml") == []
    text = (CI / "bot.yaml").read_text(encoding="utf-8")
    assert "${ACME_BOT_TOKEN}" in text and "${ACME_BOT_URL}" in text
    schema = Path(__file__).resolve().parents[2] / "bench" / "schemas" / "gate.v1.schema.json"
    jsonschema.validate(_load("gate.yaml"), json.loads(schema.read_text(encoding="utf-8")))
