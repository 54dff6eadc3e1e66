"""How the `supportbench` process starts and ends: signals, exit codes, and the one line an
unexpected error prints instead of a traceback.

Exit codes (also in the README):
  0    done (a run whose bots failed is still done: bot faults are results)
  1    the gate's verdict is fail or inconclusive
  2    bad input (a file, an option, a bot spec): nothing was run
  3    incomplete: the gate refuses a run that misses conversations
  70   internal error in supportbench itself (EX_SOFTWARE): finished conversations are kept
  130  stopped by SIGINT (Ctrl-C), 143 by SIGTERM: finished conversations are kept

This module imports nothing heavy, so that a Ctrl-C while the commands load still ends with one
line rather than an import traceback."""

from __future__ import annotations

import logging
import os
import signal
import sys
import traceback
from types import FrameType

INTERNAL_ERROR = 70
DEBUG = "SUPPORTBENCH_DEBUG"  # set to 1 to see the traceback of an internal error


_terminated = False  # set by SIGTERM, which then stops the work exactly as Ctrl-C does


def stop_code() -> int:
    """The exit code of work ended by a signal: 128 + its number (130 for SIGINT, 143 for SIGTERM)."""
    return 128 + (signal.SIGTERM if _terminated else signal.SIGINT)


def _install_handlers() -> None:
    """SIGTERM does what Ctrl-C does. SIGINT keeps Python's own handler: asyncio.run replaces it with
    one that cancels the conversations in flight cleanly (it only does so for the default handler),
    and every place that saves work on Ctrl-C (the run, the gate) catches KeyboardInterrupt."""

    def terminate(signum: int, frame: FrameType | None) -> None:
        global _terminated
        _terminated = True
        interrupt = signal.getsignal(signal.SIGINT)  # asyncio's while a run plays, else Python's default
        if callable(interrupt):
            interrupt(signal.SIGINT, frame)
        else:
            raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, terminate)


def run_cli(args: list[str] | None = None, prog_name: str = "supportbench") -> int:
    """Run one command and return its exit code; no exception escapes, whatever happens."""
    try:
        import click

        from bench.cli.group import main

        try:
            result = main.main(args=args, prog_name=prog_name, standalone_mode=False)
        except click.exceptions.Abort:  # click turns KeyboardInterrupt and EOF into Abort
            return _stopped()
        except click.ClickException as bad:
            bad.show()
            return bad.exit_code
        return result if isinstance(result, int) else 0
    except SystemExit as leaving:
        return _exit_code(leaving.code)
    except KeyboardInterrupt:  # while the commands were loading
        return _stopped()
    except Exception as failed:  # noqa: BLE001 - the one place an unexpected error is reported
        return _internal_error(failed)


def console() -> None:
    """The `supportbench` entry point."""
    _install_handlers()
    # Stopping a run mid-conversation leaves asyncio tasks that it reports one traceback each at
    # exit; the run itself says in one line what was saved, and a bot's own faults are in the records.
    logging.getLogger("asyncio").setLevel(logging.CRITICAL)
    code = run_cli(sys.argv[1:])
    sys.stdout.flush()
    sys.exit(code)


def _stopped() -> int:
    print(f"\nstopped by {'SIGTERM' if _terminated else 'Ctrl-C (SIGINT)'}", file=sys.stderr)
    return stop_code()


def _exit_code(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)  # sys.exit("message") prints the message and exits 1
    return 1


def _internal_error(failed: BaseException) -> int:
    frames = traceback.extract_tb(failed.__traceback__)
    where = f" at {_short(frames[-1].filename)}:{frames[-1].lineno}" if frames else ""
    try:
        what = f"{type(failed).__name__}: {failed}"
    except Exception:  # noqa: BLE001 - an exception whose __str__ raises
        what = type(failed).__name__
    if os.environ.get(DEBUG):
        traceback.print_exception(failed)
    print(
        f"supportbench: internal error{where}: {what[:300]}. Finished conversations are kept in the run "
        f"directory; please report this (set {DEBUG}=1 for the traceback).",
        file=sys.stderr,
    )
    return INTERNAL_ERROR


def _short(filename: str) -> str:
    marker = f"{os.sep}bench{os.sep}"
    return "bench/" + filename.rsplit(marker, 1)[1].replace(os.sep, "/") if marker in filename else filename
