"""Bot config files: YAML validated against bot.v1.schema.json, with `${ENV_VAR}` references
resolved from the environment. A missing variable is an error before anything runs; every value
read from the environment is registered as a secret (bench.core.secrets) so no artifact shows it."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from bench.core import secrets
from bench.core.files import FileProblem, LoadError, field_path, label_problem, load_yaml
from bench.core.schema import violations

_ENV = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


class BotConfigError(ValueError):
    """A bot config that cannot be used; the message names the file, the field and the problem."""


@dataclass(frozen=True)
class BotConfig:
    name: str
    adapter: str
    options: dict  # the adapter's block, environment variables resolved
    source: str


@cache
def bot_schema() -> dict:
    return json.loads((Path(__file__).parent / "bot.v1.schema.json").read_text(encoding="utf-8"))


def is_bot_config(data: Any) -> bool:
    """A YAML mapping with an `adapter` key is a bot config (scenarios never have one)."""
    return isinstance(data, dict) and "adapter" in data


def config_problems(name: str, data: Any) -> list[tuple[str, str]]:
    """(field path, message) for every schema violation and every unset environment variable."""
    if not isinstance(data, dict):
        return [("", "a bot config must be a mapping")]
    problems = violations(bot_schema(), data)
    name_problem = label_problem(data.get("name"))
    if name_problem:
        problems.append(("name", name_problem))
    for path, variable in _env_references(data):
        if variable not in os.environ:
            problems.append((field_path(path.split(".")), f"environment variable {field_path([variable])} is not set"))
    return problems


def _env_references(node: Any, path: str = "") -> list[tuple[str, str]]:
    if isinstance(node, dict):
        return [r for k, v in node.items() for r in _env_references(v, f"{path}.{k}" if path else str(k))]
    if isinstance(node, list):
        return [r for i, v in enumerate(node) for r in _env_references(v, f"{path}.{i}")]
    if isinstance(node, str):
        return [(path, m[1]) for m in _ENV.finditer(node)]
    return []


def _resolve(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _resolve(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_resolve(v) for v in node]
    if isinstance(node, str):

        def value(m: re.Match) -> str:
            found = os.environ[m[1]]
            secrets.register(found)
            return found

        return _ENV.sub(value, node)
    return node


def config_file_problems(path: Path) -> list[FileProblem]:
    """Everything wrong with a bot config file, each with its place (for `supportbench validate`)."""
    try:
        data = load_yaml(path)
    except LoadError as bad:
        return bad.problems
    return [FileProblem(str(path), field, message) for field, message in config_problems(str(path), data)]


def bot_config_file_problems(path: Path) -> list[tuple[str, str]]:
    """(field, message) for everything wrong with a bot config file."""
    return [(p.field, p.message) for p in config_file_problems(path)]


def load_config(path: Path) -> BotConfig:
    """Read and check a bot config. Raises BotConfigError listing every problem as
    `file[:line:column]: field: message`."""
    try:
        data = load_yaml(path)
    except LoadError as bad:
        raise BotConfigError(str(bad)) from None
    problems = config_problems(str(path), data)
    if problems:
        raise BotConfigError("\n".join(f"{path}: {field or '(top)'}: {message}" for field, message in problems))
    adapter = data["adapter"]
    return BotConfig(data.get("name") or path.stem, adapter, _resolve(data[adapter]), str(path))
