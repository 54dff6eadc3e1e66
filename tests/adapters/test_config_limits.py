"""Hostile bot config files: each is a BotConfigError (exit 2 from `validate` and `run --bot`) whose
lines say file:line:column: field: what is wrong, never a traceback."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.adapters.config import BotConfigError, config_file_problems, load_config
from bench.cli import main

GOOD = (
    "name: acme\nadapter: http\nhttp:\n"
    "  request: {method: POST, url: 'http://127.0.0.1:1/chat'}\n"
    "  reply: {text: $.reply}\n"
)


@pytest.mark.parametrize(
    "text, message",
    [
        (GOOD.encode("utf-8") + b"# caf\xe9\n", "not UTF-8 text (byte 0xe9 at line 6, column 6)"),
        (
            "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
            + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 10)}]\n" for i in range(6))
            + GOOD,
            "YAML aliases (*name) repeat more than",
        ),
        (GOOD + "extra: " + "[" * 100 + "]" * 100 + "\n", "nested deeper than 64 levels"),
        (GOOD.replace("name: acme", "name: acme\nname: other"), "2:1: name: duplicate key 'name' (first at line 1)"),
        (GOOD + "true: 1\n", "keys must be text"),
        (GOOD.replace("  reply:", "  timeout: .nan\n  reply:"), "http.timeout: nan is not a finite number"),
        (GOOD.replace("  reply:", "  retries: 1" + "0" * 400 + "\n  reply:"), "has more than 30 digits"),
        (GOOD.replace("name: acme", "name: " + "a/" * 200), "use 1 to 100 printable characters, no slash"),
    ],
    ids=["latin1", "alias-bomb", "deep", "duplicate", "bool-key", "nan", "400-digits", "bad-name"],
)
def test_a_hostile_config_is_one_clean_error(tmp_path, text, message):
    path = tmp_path / "acme.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    with pytest.raises(BotConfigError) as bad:
        load_config(path)
    assert message in str(bad.value) and str(bad.value).startswith(str(path))
    assert all(len(line) < 500 for line in str(bad.value).splitlines())
    assert config_file_problems(path)
    done = CliRunner().invoke(main, ["validate", str(path)])
    assert done.exit_code == 2 and (done.exception is None or isinstance(done.exception, SystemExit)), done.output


def test_a_good_config_still_loads(tmp_path):
    path = tmp_path / "acme.yaml"
    path.write_text(GOOD)
    assert load_config(path).name == "acme"


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=1000), cut=st.integers(0, len(GOOD)), insert=st.binary(max_size=6))
def test_any_bytes_or_mutated_config_load_or_give_a_bot_config_error(tmp_path, data, cut, insert):
    for content in (data, GOOD.encode()[:cut] + insert + GOOD.encode()[cut:]):
        path = tmp_path / "bot.yaml"
        path.write_bytes(content)
        try:
            load_config(path)
        except BotConfigError as bad:
            assert str(bad).startswith(str(path))
