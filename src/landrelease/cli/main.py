"""Entry point of the ``landrelease`` command: dispatch to one module per command.

Errors caused by input are printed as messages, never as tracebacks; exit code 1. A reader
that stops early (``landrelease summary X | head -3``) ends the command quietly. SIGTERM
raises ``SystemExit`` (exit 143) so that writers remove their temporary files on the way out.
"""

from __future__ import annotations

import argparse
import logging
import os
import shlex
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from types import FrameType

from landrelease import __version__
from landrelease.cli import (
    app,
    backtest,
    compare,
    export,
    forecast,
    narrative,
    optimise_teams,
    portfolio,
    project,
    required_funding,
    review,
    samples,
    summary,
    template,
    track,
    validate,
)
from landrelease.cli.common import warnings_to_stderr
from landrelease.errors import LandreleaseError

COMMANDS = (
    validate,
    summary,
    project,
    forecast,
    portfolio,
    compare,
    required_funding,
    optimise_teams,
    export,
    template,
    narrative,
    review,
    track,
    backtest,
    app,
    samples,
)


BROKEN_PIPE = 1
"""Exit code when standard output was closed by its reader (as Python's own documentation
recommends for a command whose output is piped into ``head``)."""


def _quiet_stdout() -> None:
    """Point standard output at the null device, so the interpreter's final flush does not
    fail again on the closed pipe (Python docs, "Note on SIGPIPE")."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file descriptor (e.g. captured in tests)
        pass


@contextmanager
def terminated_as_exit() -> Iterator[None]:
    """While inside, SIGTERM raises ``SystemExit(128 + SIGTERM)``: ``finally`` blocks and
    ``except BaseException`` clean-ups (temporary files, staging folders) run, as they do on
    Ctrl-C. Only the main thread can take signals; elsewhere this does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every command registered."""
    parser = argparse.ArgumentParser(
        prog="landrelease",
        description="Land-release modelling for Article 5 work plans and extension requests.",
    )
    parser.add_argument("--version", action="version", version=f"landrelease {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in COMMANDS:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    words = list(sys.argv[1:] if argv is None else argv)
    args.command_line = shlex.join(["landrelease", *words])  # recorded in manifests
    logging.basicConfig(
        level=logging.INFO if args.debug else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        with terminated_as_exit(), warnings_to_stderr():
            code: int = args.run(args)
        sys.stdout.flush()  # a closed pipe shows here, not at exit
    except BrokenPipeError:
        _quiet_stdout()
        return BROKEN_PIPE
    except LandreleaseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # pragma: no cover
        return 130
    except Exception as exc:  # pragma: no cover - a bug, not bad input
        if args.debug:
            raise
        print(
            f"internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in landrelease; run again with --debug and report it.",
            file=sys.stderr,
        )
        return 3
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
