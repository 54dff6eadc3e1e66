"""One writer per run directory: the process writing a run holds an exclusive `flock` on its lock
file (run.lock, which names its pid), so a second `run --resume` of the same directory is refused
instead of playing everything again. The kernel drops the lock when the process dies, even on
SIGKILL, so the run.lock a crashed run leaves behind locks nothing."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from bench.rundir.files import LOCK, RunDirError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no flock, no lock
    fcntl = None  # type: ignore[assignment]


class RunDirInUse(RunDirError):
    """Another process is writing the run directory."""


def prepare_dir(run_dir: Path) -> None:
    """Create the run directory, or say in one line why it cannot be one."""
    if run_dir.exists() and not run_dir.is_dir():
        raise RunDirError(f"{run_dir}: cannot be a run directory: it is a file")
    try:
        run_dir.mkdir(parents=True, exist_ok=True)
    except OSError as bad:
        raise RunDirError(f"{run_dir}: cannot create the run directory: {bad.strerror or bad}") from None


@contextmanager
def locked(run_dir: Path) -> Iterator[None]:
    """Hold `run_dir` for writing. RunDirInUse when another holder (another process, or another
    holder in this one) has it; RunDirError when the directory cannot be created or written. The
    lock file is removed on release, so a finished run directory holds only its records."""
    path = run_dir / LOCK
    stream = _acquire(run_dir, path)
    try:
        yield
    finally:
        path.unlink(missing_ok=True)  # while still held: whoever opens the file next makes a new one
        stream.close()  # releases the flock


def _acquire(run_dir: Path, path: Path) -> IO[str]:
    prepare_dir(run_dir)
    while True:
        try:
            stream = open(path, "a+", encoding="ascii")
        except OSError as bad:
            raise RunDirError(f"{run_dir}: cannot write in the run directory: {bad.strerror or bad}") from None
        if fcntl is None:  # pragma: no cover
            return stream
        try:
            fcntl.flock(stream, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            stream.seek(0)
            pid = stream.read().strip() or "unknown"
            stream.close()
            raise RunDirInUse(f"{run_dir} is in use by another supportbench process (pid {pid})") from None
        if _same_file(stream, path):
            break
        stream.close()  # its holder removed it between our open and our flock: take the new one
    try:
        stream.seek(0)
        stream.truncate()
        stream.write(f"{os.getpid()}\n")
        stream.flush()
    except OSError as bad:
        path.unlink(missing_ok=True)
        stream.close()
        raise RunDirError(f"{run_dir}: cannot write in the run directory: {bad.strerror or bad}") from None
    return stream


def _same_file(stream: IO[str], path: Path) -> bool:
    try:
        on_disk = path.stat()
    except FileNotFoundError:
        return False
    held = os.fstat(stream.fileno())
    return (held.st_dev, held.st_ino) == (on_disk.st_dev, on_disk.st_ino)
