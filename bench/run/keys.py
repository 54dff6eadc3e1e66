"""What a conversation is seeded and keyed by.

A finished conversation is keyed by (bot identity, scenario id and digest, trial, seed): each trial
has its own key, so a repeated trial is never served from an earlier one, and `--resume` finds what
is finished by key (bench.run.resume)."""

from __future__ import annotations

import zlib

from bench.bots import Contestant
from bench.bots.identity import name_identity


def trial_seed(base: int, scenario_id: str, trial: int) -> int:
    """Same seed for every bot on a (scenario, trial), so bots are compared on identical customers."""
    return zlib.crc32(f"{base}:{scenario_id}:{trial}".encode())


def contestant_identity(contestant: Contestant) -> str:
    """A loaded bot's identity (a Contestant built by hand, without load_bot, is known by its name)."""
    return contestant.identity or name_identity(contestant.name)


def conversation_key(identity: str, scenario_id: str, digest: str, trial: int, seed: int) -> str:
    """What a finished conversation is cached under: readable, and stored in its transcript record."""
    return f"{identity}/{scenario_id}@{digest}/{trial}/{seed}"
