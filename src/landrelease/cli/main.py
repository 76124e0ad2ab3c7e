"""Entry point of the ``landrelease`` command: dispatch to one module per command.

Errors caused by input are printed as messages, never as tracebacks; exit code 1.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from landrelease import __version__
from landrelease.cli import (
    app,
    compare,
    export,
    project,
    required_funding,
    review,
    samples,
    summary,
    template,
    track,
    validate,
)
from landrelease.errors import LandreleaseError

COMMANDS = (
    validate,
    summary,
    project,
    compare,
    required_funding,
    export,
    template,
    review,
    track,
    app,
    samples,
)


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
    logging.basicConfig(
        level=logging.INFO if args.debug else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        code: int = args.run(args)
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
