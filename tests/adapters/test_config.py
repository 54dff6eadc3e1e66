"""Bot config files: validated against the shipped schema, environment variables resolved and kept
secret, every problem reported as `file: field: message` before anything runs."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from bench.adapters.config import BotConfigError, load_config
from bench.bots import BotSpecError, load_bot
from bench.cli import main
from bench.core import secrets

HTTP = """\
adapter: http
http:
  request:
    url: http://127.0.0.1:9/chat
    headers: {Authorization: "Bearer ${SB_CONFIG_TEST_TOKEN}"}
    body: {text: "{message}"}
  reply: {text: "$.text"}
"""


def _write(tmp_path, text: str, name: str = "acme.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_config_resolves_environment_variables_and_names_the_bot_after_the_file(tmp_path, monkeypatch):
    monkeypatch.setenv("SB_CONFIG_TEST_TOKEN", "tok-12345-secret")
    config = load_config(_write(tmp_path, HTTP))
    assert config.name == "acme" and config.adapter == "http"
    assert config.options["request"]["headers"]["Authorization"] == "Bearer tok-12345-secret"


def test_a_resolved_value_becomes_a_secret_that_redact_masks(tmp_path, monkeypatch):
    monkeypatch.setenv("SB_CONFIG_TEST_TOKEN", "tok-67890-secret")
    load_config(_write(tmp_path, HTTP))
    assert secrets.redact("header was Bearer tok-67890-secret") == "header was Bearer ***"


def test_a_missing_environment_variable_is_an_error_naming_file_field_and_variable(tmp_path, monkeypatch):
    monkeypatch.delenv("SB_CONFIG_TEST_TOKEN", raising=False)
    path = _write(tmp_path, HTTP)
    with pytest.raises(BotConfigError) as raised:
        load_config(path)
    assert str(raised.value) == (
        f"{path}: http.request.headers.Authorization: environment variable SB_CONFIG_TEST_TOKEN is not set"
    )


def test_an_unknown_field_is_named_with_the_allowed_ones(tmp_path, monkeypatch):
    monkeypatch.setenv("SB_CONFIG_TEST_TOKEN", "x")
    path = _write(tmp_path, HTTP + "colour: blue\n")
    with pytest.raises(BotConfigError, match=r"acme.yaml: colour: unknown field \(allowed: name, description, adapter"):
        load_config(path)


def test_the_adapter_block_is_required(tmp_path):
    path = _write(tmp_path, "adapter: rasa\n")
    with pytest.raises(BotConfigError, match=r"acme.yaml: rasa: required field is missing"):
        load_config(path)


def test_an_unknown_adapter_is_refused(tmp_path):
    with pytest.raises(BotConfigError, match=r"adapter: 'telegram' is not one of"):
        load_config(_write(tmp_path, "adapter: telegram\n"))


def test_bad_yaml_is_reported_with_the_file(tmp_path):
    with pytest.raises(BotConfigError, match=r"acme.yaml:2:1: not valid YAML"):
        load_config(_write(tmp_path, "adapter: [http\n"))


def test_load_bot_turns_a_config_error_into_a_bot_spec_error(tmp_path):
    path = _write(tmp_path, "adapter: cmd\ncmd: {}\n")
    with pytest.raises(BotSpecError, match=r"cmd.command: required field is missing"):
        load_bot(str(path))


def test_run_with_a_broken_config_exits_2_before_anything_runs(tmp_path, monkeypatch):
    monkeypatch.delenv("SB_CONFIG_TEST_TOKEN", raising=False)
    path = _write(tmp_path, HTTP)
    result = CliRunner().invoke(main, ["run", "--bot", str(path), "--out", str(tmp_path / "run")])
    assert result.exit_code == 2
    assert "SB_CONFIG_TEST_TOKEN is not set" in result.output
    assert not (tmp_path / "run").exists()


def test_validate_checks_bot_configs_next_to_scenarios(tmp_path, monkeypatch):
    monkeypatch.delenv("SB_CONFIG_TEST_TOKEN", raising=False)
    _write(tmp_path, "adapter: http\nhttp: {request: {url: x}}\n", "bad.yaml")
    result = CliRunner().invoke(main, ["validate", str(tmp_path)])
    assert result.exit_code == 2
    assert f"{tmp_path / 'bad.yaml'}: http.reply: required field is missing" in result.output


def test_validate_counts_good_bot_configs(tmp_path, monkeypatch):
    monkeypatch.setenv("SB_CONFIG_TEST_TOKEN", "x")
    path = _write(tmp_path, HTTP)
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert "1 bot config(s), no problems." in result.output
