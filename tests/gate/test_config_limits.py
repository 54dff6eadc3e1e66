"""Hostile gate files: a GateError naming file, line and field (exit 2 from `gate --gate`), never
a traceback or a NaN level in the verdict."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.cli import main
from bench.gate import GateError, load_gate_file


@pytest.mark.parametrize(
    "data, message",
    [
        (b"regressions:\n  level: .nan\n", "2:10: regressions.level: nan is not a finite number"),
        (b"absolute:\n  min_composite: .inf\n", "inf is not a finite number"),
        (b"regressions:\n  min_scenarios: 1" + b"0" * 400 + b"\n", "has more than 30 digits"),
        (b"inconclusive: fail\ninconclusive: pass\n", "2:1: inconclusive: duplicate key"),
        (b"absolute: {}\n# \xe9\n", "not UTF-8 text"),
        (b"must_pass: {tags: [" + b"&a x, " + b"*a, " * 20000 + b"]}\n", "YAML aliases (*name) repeat more than"),
        (b"must_pass:\n  tags: " + b"[" * 100 + b"]" * 100 + b"\n", "nested deeper than 64 levels"),
        (b"absolute:\n  min_composite: '" + b"x" * 20000 + b"'\n", "is not of type"),
    ],
    ids=["nan-level", "inf", "400-digits", "duplicate", "latin1", "aliases", "deep", "long-value"],
)
def test_a_hostile_gate_file_is_one_clean_error(tmp_path, data, message):
    path = tmp_path / "gate.yaml"
    path.write_bytes(data)
    with pytest.raises(GateError) as bad:
        load_gate_file(path)
    assert message in str(bad.value) and str(bad.value).startswith(str(path))
    assert all(len(line) < 500 for line in str(bad.value).splitlines())


def test_gate_exits_2_on_a_bad_gate_file(tmp_path):
    path = tmp_path / "gate.yaml"
    path.write_bytes(b"regressions:\n  level: .nan\n")
    done = CliRunner().invoke(main, ["gate", str(tmp_path), "--gate", str(path)])
    assert done.exit_code == 2 and "nan is not a finite number" in done.output
    assert done.exception is None or isinstance(done.exception, SystemExit)


GATE = (Path(__file__).resolve().parents[2] / "examples" / "ci" / "gate.yaml").read_bytes()


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=1000), cut=st.integers(0, len(GATE)), insert=st.binary(max_size=6))
def test_any_bytes_or_mutated_gate_file_load_or_give_a_gate_error(tmp_path, data, cut, insert):
    for content in (data, GATE[:cut] + insert + GATE[cut:]):
        path = tmp_path / "gate.yaml"
        path.write_bytes(content)
        try:
            config = load_gate_file(path)
        except GateError as bad:
            assert str(bad).startswith(str(path))
        else:
            assert math.isfinite(config.level)
