"""Adapters: bots reached over HTTP, an OpenAI-compatible API, Rasa, Direct Line or a subprocess,
described by a bot config file (`--bot bots/acme.yaml`). Each adapter is a bot like any other
(`respond(message, session)`, `start()`, `close()`), so the runner and the scorers never know which
one was used."""

from __future__ import annotations

import importlib
from typing import Any

from bench.adapters.config import BotConfig, BotConfigError, load_config

ADAPTERS = {  # adapter name -> (module, class)
    "http": ("bench.adapters.http", "HttpBot"),
    "openai": ("bench.adapters.openai_chat", "OpenAIBot"),
    "rasa": ("bench.adapters.rasa", "RasaBot"),
    "directline": ("bench.adapters.directline", "DirectLineBot"),
    "cmd": ("bench.adapters.cmd", "CommandBot"),
}

__all__ = ["ADAPTERS", "BotConfig", "BotConfigError", "build_bot", "load_config"]


def build_bot(config: BotConfig) -> Any:
    """The adapter object for a loaded config (imported lazily: httpx, openai... load only when used)."""
    module, name = ADAPTERS[config.adapter]
    return getattr(importlib.import_module(module), name)(config)
