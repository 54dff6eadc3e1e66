"""Secrets: values that came from environment variables named in a bot config (`${ACME_TOKEN}`).
They are registered as they are read, and every artifact a run writes (transcripts, scores,
summary, leaderboard, error messages) passes through `redact` first."""

from __future__ import annotations

import json
import re
import threading

MASK = "***"
_lock = threading.Lock()
_values: set[str] = set()


def register(value: str) -> None:
    """Remember a secret value (too short values are ignored: masking "1" would mask every 1)."""
    if value and len(value) >= 4:
        with _lock:
            _values.add(value)
            _values.add(json.dumps(value)[1:-1])  # as it reads inside a JSON record (quotes, backslashes)


def redact(text: str) -> str:
    """`text` with every registered secret replaced by ***."""
    with _lock:
        values = sorted(_values, key=len, reverse=True)
    if not values or not text:
        return text
    return re.sub("|".join(re.escape(v) for v in values), MASK, text)


def registered() -> bool:
    return bool(_values)
