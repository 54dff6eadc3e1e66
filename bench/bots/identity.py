"""What a bot is known by across runs: the identity its conversations are keyed by, so that
`--resume` recognises the bot, and no secret is ever hashed or stored."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from bench.core.files import LoadError, load_yaml


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def bot_identity(spec: str) -> str:
    """The identity of the bot a --bot spec names: for a bot config file, a hash of its content as
    written (parsed, so comments and layout do not count; `${VAR}` references unresolved, so a
    rotated token keeps the identity); for `builtin:NAME`, `module:attr` and `file.py:attr`, a hash
    of the spec itself."""
    path = Path(spec)
    if spec.endswith((".yaml", ".yml")) and path.is_file():
        try:
            data = load_yaml(path)
        except LoadError:  # load_bot reports it; the identity falls back to the spec
            data = None
        if data is not None:
            return _hash("config:" + json.dumps(data, sort_keys=True, ensure_ascii=False, default=str))
    return _hash("spec:" + spec)


def name_identity(name: str) -> str:
    """The identity of a bot object handed over without a spec: its name."""
    return _hash("name:" + name)
