"""Hostile weights files: a WeightsError naming the file, line and field (exit 2 from --weights),
never a traceback or a NaN in summary.json."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.cli.common import BAD_INPUT, weights_or_exit
from bench.scorers.weights import WeightsError, load_weights


@pytest.mark.parametrize(
    "data, message",
    [
        (b"dimensions: {accuracy: .nan}\n", "1:24: dimensions.accuracy: nan is not a finite number"),
        (b'{"dimensions": {"accuracy": NaN}}', "NaN"),
        (b"dimensions: {accuracy: .inf}\n", "inf is not a finite number"),
        (b"dimensions: {accuracy: 1" + b"0" * 400 + b"}\n", "has more than 30 digits"),
        (b"dimensions: {accuracy: 0.5}\ndimensions: {empathy: 0.5}\n", "2:1: dimensions: duplicate key"),
        (b"dimensions: {accuracy: 0.5}\n# \xff\n", "not UTF-8 text (byte 0xff at line 2, column 3)"),
        (b"dimensions: {1: 0.5}\n", "dimensions.1: unknown"),
        (b"dimensions: {yes: 0.5}\n", "keys must be text"),
        (b"dimensions: " + b"[" * 100 + b"]" * 100 + b"\n", "nested deeper than 64 levels"),
        (b"dimensions:\n  " + b"k" * 900 + b": 1\n", "unknown"),
    ],
    ids=["nan", "json-nan", "inf", "400-digits", "duplicate", "latin1", "int-key", "bool-key", "deep", "long-key"],
)
def test_a_hostile_weights_file_is_one_clean_error(tmp_path, data, message):
    path = tmp_path / "weights.yaml"
    path.write_bytes(data)
    with pytest.raises(WeightsError) as bad:
        load_weights(path)
    assert message in str(bad.value) and str(bad.value).startswith(str(path))
    assert len(str(bad.value)) < 500


def test_the_command_line_exits_2_on_a_bad_weights_file(tmp_path, capsys):
    path = tmp_path / "weights.yaml"
    path.write_bytes(b"dimensions: {accuracy: .nan}\n")
    with pytest.raises(SystemExit) as stop:
        weights_or_exit(path)
    assert stop.value.code == BAD_INPUT
    assert "nan is not a finite number" in capsys.readouterr().err


GOOD = b"dimensions: {accuracy: 0.3, empathy: 0.1}\nseverities:\n  critical: 5\n"


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=1000), cut=st.integers(0, len(GOOD)), insert=st.binary(max_size=6))
def test_any_bytes_or_mutated_weights_load_or_give_a_weights_error(tmp_path, data, cut, insert):
    for content in (data, GOOD[:cut] + insert + GOOD[cut:]):
        path = tmp_path / "weights.yaml"
        path.write_bytes(content)
        try:
            weights = load_weights(path)
        except WeightsError as bad:
            assert str(bad).startswith(str(path))
        else:
            assert all(
                math.isfinite(v) and v >= 0 for v in [*weights.dimensions.values(), *weights.severities.values()]
            )
