"""Worlds: a domain's policy, tools and state shape, and one conversation's private copy of its state.

A domain is a folder under `bench/domains/<name>/` (like tau2-bench's domains):
- `policy.md`          the rules a human agent of that company follows (given to LLM bots),
- `state.schema.json`  the shape of the state a scenario's `world` must have,
- `tools.py`           the tools, each a function of (state, **arguments) registered with `@tool`,
- `claims.yaml`        how a bot says it did what a tool does (optional; graded as "said versus done").
Every domain also gets `transfer_to_human(summary, reason)`.
"""

from __future__ import annotations

import copy
import importlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from bench.core.contract import BadReply, describe_value, json_safe
from bench.core.schema import violations

DOMAINS_DIR = Path(__file__).resolve().parent.parent / "domains"
HANDOFF_TOOL = "transfer_to_human"


class ToolError(Exception):
    """A tool refused the call (unknown order, card already blocked...). The bot sees the message."""


@dataclass(frozen=True)
class Tool:
    name: str
    description: str
    parameters: dict  # JSON Schema of the arguments object
    fn: Callable[..., dict] = field(repr=False, compare=False)

    def spec(self) -> dict:
        """The tool as the bot sees it: name, description, JSON-Schema parameters."""
        return {"name": self.name, "description": self.description, "parameters": self.parameters}


def tool(description: str, **properties: dict) -> Callable[[Callable[..., dict]], Tool]:
    """Declare a domain tool. Keyword arguments are JSON-Schema properties; those without a
    `default` are required. The function receives the conversation's state first."""

    def wrap(fn: Callable[..., dict]) -> Tool:
        required = [name for name, prop in properties.items() if "default" not in prop]
        schema = {
            "type": "object",
            "properties": properties,
            "required": required,
            "additionalProperties": False,
        }
        return Tool(fn.__name__, description, schema, fn)

    return wrap


@tool(
    "Hand the conversation to a human agent. The summary is what the agent reads first: who the "
    "customer is, what they need, what was already checked or done, how they feel.",
    summary={"type": "string", "description": "Everything the human needs so the customer never repeats themselves."},
    reason={
        "type": "string",
        "description": "Why a human is needed (customer asked, bereavement, fraud, policy exception...).",
    },
)
def transfer_to_human(state: dict, summary: str, reason: str) -> dict:
    state.setdefault("handoffs", []).append({"summary": summary, "reason": reason})
    return {"status": "transferred", "queue_position": 1}


@dataclass(frozen=True)
class ActionClaim:
    """How a bot says it did what a tool does (a domain's `claims.yaml`), and where the tool's effect
    shows in the world (`already`: `path` with `*` for any key, `=value` to match a value)."""

    tool: str
    wordings: dict[str, list[str]]  # language -> patterns on normalised text
    already: tuple[str, ...] = ()

    def patterns(self, language: str) -> list[str]:
        return self.wordings.get(language) or [p for ps in self.wordings.values() for p in ps]

    def shows_in(self, state: dict) -> bool:
        """Whether the tool's effect is already in `state` (then a claim may report the records)."""
        return any(_holds_somewhere(state, spec) for spec in self.already)


def _holds_somewhere(state: Any, spec: str) -> bool:
    path, _, value = spec.partition("=")

    def walk(node: Any, parts: list[str]) -> bool:
        if not parts:
            return not value or str(node).casefold() == value.casefold()
        head, rest = parts[0], parts[1:]
        children = (
            (node.values() if isinstance(node, dict) else node if isinstance(node, list) else [])
            if head == "*"
            else ([node[head]] if isinstance(node, dict) and head in node else [])
        )
        return any(walk(child, rest) for child in children)

    return walk(state, path.split("."))


@dataclass(frozen=True)
class Domain:
    name: str
    policy: str
    state_schema: dict
    tools: dict[str, Tool]
    # how a bot says it did what a tool does (`claims.yaml`): a reply that says so with no successful
    # call of the tool claims an action it did not take
    action_claims: tuple[ActionClaim, ...] = ()

    def check_state(self, state: dict) -> list[tuple[str, str]]:
        """Problems with a scenario's world, as (field path inside the world, message)."""
        return violations(self.state_schema, state, formats=True)


def available_domains() -> list[str]:
    return sorted(p.name for p in DOMAINS_DIR.iterdir() if (p / "tools.py").exists())


@cache
def load_domain(name: str) -> Domain:
    """Load a domain folder. Raises KeyError naming the known domains when it does not exist."""
    folder = DOMAINS_DIR / name
    if not (folder / "tools.py").exists():
        raise KeyError(f"unknown domain {name!r} (known: {', '.join(available_domains())})")
    module = importlib.import_module(f"bench.domains.{name}.tools")
    tools = {t.name: t for t in vars(module).values() if isinstance(t, Tool)}
    tools[HANDOFF_TOOL] = transfer_to_human
    claims_file = folder / "claims.yaml"
    claims = (yaml.safe_load(claims_file.read_text(encoding="utf-8")) if claims_file.is_file() else None) or {}
    unknown = sorted(set(claims) - set(tools))
    if unknown:
        raise ValueError(f"{claims_file}: no tool {', '.join(unknown)} in domain {name}")
    action_claims = tuple(
        ActionClaim(tool, {k: v for k, v in spec.items() if k != "already"}, tuple(spec.get("already", ())))
        for tool, spec in claims.items()
    )
    return Domain(
        name=name,
        policy=(folder / "policy.md").read_text(encoding="utf-8"),
        state_schema=json.loads((folder / "state.schema.json").read_text(encoding="utf-8")),
        tools=tools,
        action_claims=action_claims,
    )


@dataclass
class ToolCall:
    """One call a bot made, as recorded in the transcript."""

    name: str
    arguments: dict
    result: dict | None = None
    error: str | None = None

    def to_dict(self) -> dict:
        return {"name": self.name, "arguments": self.arguments, "result": self.result, "error": self.error}


class World:
    """One conversation's world: a private deep copy of the scenario's state plus the domain's tools."""

    def __init__(self, domain: Domain, state: dict):
        self.domain = domain
        self.state: dict = copy.deepcopy(state)
        self.calls: list[ToolCall] = []
        # why the bot's last unusable call was refused (a name or arguments that are not JSON):
        # a bot fault, which ends the conversation (bench.run.runner), not a call a tool turns down
        self.refused: str | None = None

    def call(self, name: str, arguments: dict[str, Any]) -> dict:
        """Run a tool and record the call. Never raises: bad calls come back as {"error": ...}.
        The arguments pass through bench.core.contract.json_safe first: the tool and the transcript
        only ever see a plain-JSON copy, and a circular, huge or non-JSON value is refused."""
        try:
            if not isinstance(name, str):
                raise BadReply(f"tool name: expected str, got {describe_value(name)}")
            name = json_safe(name, "tool name")
            if not isinstance(arguments, dict):
                raise BadReply(f"arguments of {name}: expected an object, got {describe_value(arguments)}")
            arguments = json_safe(arguments, f"arguments of {name}")
        except BadReply as bad:
            self.refused = f"bad tool call: {bad}"
            shown = str.__str__(name).encode("utf-8", "replace").decode("utf-8") if isinstance(name, str) else ""
            self.calls.append(ToolCall(shown, {}, error=self.refused))
            return {"error": self.refused}
        record = ToolCall(name, copy.deepcopy(arguments))
        self.calls.append(record)
        found = self.domain.tools.get(name)
        try:
            if found is None:
                raise ToolError(f"unknown tool {name!r}; available: {', '.join(sorted(self.domain.tools))}")
            try:
                jsonschema.validate(arguments, found.parameters)
            except jsonschema.ValidationError as bad:
                where = ".".join(str(p) for p in bad.absolute_path)
                raise ToolError(f"invalid arguments{' at ' + where if where else ''}: {bad.message}") from None
            # copies: the record must show what the bot saw then, not what later calls make of it
            record.result = copy.deepcopy(found.fn(self.state, **arguments))
            return copy.deepcopy(record.result)
        except ToolError as refused:
            record.error = str(refused)
        except Exception as broken:  # noqa: BLE001 - a tool fault must not be blamed on the bot
            record.error = f"internal tool error: {type(broken).__name__}: {broken}"
        return {"error": record.error}
