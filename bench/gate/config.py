"""The gate file (schema bench/schemas/gate.v1.schema.json) and the command-line flags that adjust
it: the rules in effect."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from bench.core.files import LoadError, load_yaml
from bench.core.schema import violations
from bench.gate.verdicts import FAIL, GATE_VERSION, GateError
from bench.rundir.completeness import DEFAULT_MAX_BOT_ERROR_SHARE
from bench.scorers import DIMENSIONS

SCHEMA = Path(__file__).resolve().parent.parent / "schemas" / f"gate.v{GATE_VERSION}.schema.json"
DEFAULT_MUST_PASS = {"scenarios": [], "categories": ["human-request"], "tags": ["bereavement", "fraud"]}
DEFAULT_REGRESSIONS = {"composite": 0.02, "pass_rate": 0.05}
DEFAULT_LEVEL = 0.95
DEFAULT_MIN_SCENARIOS = 6
METRICS = ("composite", *DIMENSIONS, "pass_rate")


@dataclass(frozen=True)
class GateConfig:
    """The rules in effect: a gate file's sections (or the defaults of a missing section), then flags."""

    absolute: dict = field(default_factory=dict)
    must_pass: dict = field(default_factory=lambda: {k: list(v) for k, v in DEFAULT_MUST_PASS.items()})
    must_pass_default: bool = True  # the default selectors are in must_pass (one matching nothing is skipped)
    regressions: dict = field(default_factory=lambda: dict(DEFAULT_REGRESSIONS))
    level: float = DEFAULT_LEVEL
    min_scenarios: int = DEFAULT_MIN_SCENARIOS
    max_bot_error_share: float = DEFAULT_MAX_BOT_ERROR_SHARE
    inconclusive: str = FAIL
    source: str | None = None

    def to_dict(self) -> dict:
        return {
            "source": self.source,
            "absolute": self.absolute,
            "must_pass": self.must_pass,
            "must_pass_default": self.must_pass_default,
            "regressions": self.regressions,
            "level": self.level,
            "min_scenarios": self.min_scenarios,
            "max_bot_error_share": self.max_bot_error_share,
            "inconclusive": self.inconclusive,
        }


@cache
def schema() -> dict:
    return json.loads(SCHEMA.read_text(encoding="utf-8"))


def gate_file_problems(path: Path) -> list[str]:
    """Every problem of a gate file, each as `file[:line:column]: field: message`."""
    return _read(path)[1]


def _read(path: Path) -> tuple[dict, list[str]]:
    try:
        data = load_yaml(path)
    except LoadError as bad:
        return {}, [str(p) for p in bad.problems]
    if data is None:
        data = {}
    if not isinstance(data, dict):
        shape = "a gate file holds one mapping (absolute, must_pass, regressions, run, inconclusive)"
        return {}, [f"{path}: (top): {shape}"]
    return data, [f"{path}: {where or '(top)'}: {message}" for where, message in violations(schema(), data)]


def load_gate_file(path: Path | str | None) -> GateConfig:
    """The rules of a gate file (None: the defaults). GateError naming the file and field of every problem."""
    if path is None:
        return GateConfig()
    path = Path(path)
    data, problems = _read(path)
    if problems:
        raise GateError("\n".join(problems))
    config = GateConfig(source=str(path))
    if "absolute" in data:
        config = replace(config, absolute=dict(data["absolute"] or {}))
    if "must_pass" in data:
        given = data["must_pass"] or {}
        config = replace(
            config,
            must_pass={k: list(given.get(k, [])) for k in DEFAULT_MUST_PASS},
            must_pass_default=False,
        )
    if "regressions" in data:
        given = dict(data["regressions"] or {})
        config = replace(
            config,
            level=given.pop("level", DEFAULT_LEVEL),
            min_scenarios=given.pop("min_scenarios", DEFAULT_MIN_SCENARIOS),
            regressions=_flat_drops(given),
        )
    if "run" in data:
        config = replace(
            config, max_bot_error_share=(data["run"] or {}).get("max_bot_error_share", DEFAULT_MAX_BOT_ERROR_SHARE)
        )
    if "inconclusive" in data:
        config = replace(config, inconclusive=data["inconclusive"])
    return config


def _flat_drops(section: dict) -> dict:
    """{composite, pass_rate, dimensions: {...}} -> {metric: allowed drop}."""
    drops = {k: v for k, v in section.items() if k != "dimensions"}
    drops.update(section.get("dimensions") or {})
    return {m: float(drops[m]) for m in METRICS if m in drops}


def with_flags(
    config: GateConfig,
    *,
    min_composite: float | None = None,
    min_dimensions: dict[str, float] | None = None,
    min_pass_rate: float | None = None,
    max_latency_p95_s: float | None = None,
    max_cost_per_conversation: float | None = None,
    max_cost_total: float | None = None,
    must_pass: list[str] | None = None,
    must_pass_categories: list[str] | None = None,
    must_pass_tags: list[str] | None = None,
    no_default_must_pass: bool = False,
    allowed_drops: dict[str, float] | None = None,
    min_scenarios: int | None = None,
    max_bot_error_share: float | None = None,
    inconclusive: str | None = None,
) -> GateConfig:
    """The config with command-line flags applied: a value given overrides the file's, a must-pass
    selector is added to the file's (or the defaults', unless `no_default_must_pass`)."""
    absolute = dict(config.absolute)
    for key, value in (
        ("min_composite", min_composite),
        ("min_pass_rate", min_pass_rate),
        ("max_latency_p95_s", max_latency_p95_s),
        ("max_cost_per_conversation", max_cost_per_conversation),
        ("max_cost_total", max_cost_total),
    ):
        if value is not None:
            absolute[key] = value
    if min_dimensions:
        absolute["min_dimensions"] = {**absolute.get("min_dimensions", {}), **min_dimensions}
    selectors = {k: list(v) for k, v in config.must_pass.items()}
    default = config.must_pass_default
    if no_default_must_pass and default:
        for key, values in DEFAULT_MUST_PASS.items():
            selectors[key] = [v for v in selectors[key] if v not in values]
        default = False
    for key, extra in (("scenarios", must_pass), ("categories", must_pass_categories), ("tags", must_pass_tags)):
        for value in extra or ():
            if value not in selectors[key]:
                selectors[key].append(value)
    return replace(
        config,
        absolute=absolute,
        must_pass=selectors,
        must_pass_default=default,
        regressions={**config.regressions, **(allowed_drops or {})},
        min_scenarios=config.min_scenarios if min_scenarios is None else min_scenarios,
        max_bot_error_share=config.max_bot_error_share if max_bot_error_share is None else max_bot_error_share,
        inconclusive=inconclusive or config.inconclusive,
    )
