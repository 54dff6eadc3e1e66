"""One writer per run directory: a second holder is refused naming the first's pid; the lock goes
with its holder."""

from __future__ import annotations

import os

import pytest

from bench.rundir.files import LOCK
from bench.rundir.lock import RunDirInUse, locked
from bench.rundir.writer import RunWriter


def test_a_second_holder_is_refused_naming_the_first_ones_pid(tmp_path):
    with locked(tmp_path), pytest.raises(RunDirInUse, match=rf"{tmp_path} is in use by .* \(pid {os.getpid()}\)"):
        RunWriter(tmp_path)


def test_a_released_directory_can_be_held_again_and_keeps_no_lock_file(tmp_path):
    with locked(tmp_path):
        assert (tmp_path / LOCK).read_text().strip() == str(os.getpid())
    assert not (tmp_path / LOCK).exists()
    with RunWriter(tmp_path):
        pass
    assert not (tmp_path / LOCK).exists()


def test_a_lock_file_left_by_a_killed_process_locks_nothing(tmp_path):
    (tmp_path / LOCK).write_text("999999\n")

    with locked(tmp_path):
        assert (tmp_path / LOCK).read_text().strip() == str(os.getpid())
