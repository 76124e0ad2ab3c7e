"""``landrelease review REQUEST.xlsx [--history RELEASES] [--thresholds FILE]
[--out FINDINGS.md|.docx|.json]``: review an extension request as the Article 5 Committee
would.

Exit codes: 0 when the review found no error, 1 when it found errors, 2 when the request
(or the history, or the thresholds file) could not be read — a missing file, a file that is
not a workbook, a sheet or value that does not fit the request template, a thresholds row
that is not one of the package's table — or ``--out`` has an unknown extension.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

from landrelease.cli.common import printing_warnings
from landrelease.errors import LandreleaseError, ValidationError
from landrelease.export.writers import atomic_write
from landrelease.io.request_read import read_request
from landrelease.io.tables import read_releases
from landrelease.reports.provenance import describe_inputs, provenance
from landrelease.reports.request import RequestPack
from landrelease.review import Review, Rules, read_rules, review_json, review_markdown, review_pack

__all__ = [
    "OUT_FORMATS",
    "READ_FAILED",
    "out_format",
    "read_input",
    "register",
    "run",
    "write_review",
]

OUT_FORMATS = {".md": "markdown", ".markdown": "markdown", ".docx": "docx", ".json": "json"}
"""Extensions of ``--out`` and the format each writes."""
READ_FAILED = 2
"""Exit code when the request or the history cannot be read."""
_SHOWN_ERRORS = 20  # errors listed in the summary printed with --out

T = TypeVar("T")


def register(sub: Any) -> None:
    """Add the ``review`` command."""
    p: argparse.ArgumentParser = sub.add_parser(
        "review",
        help="review an extension request as the Article 5 Committee would",
        description="Read a request workbook (written by 'landrelease export' or filled in "
        "from 'landrelease template') and run the Committee's checks: consistency, "
        "duration, pace, funding, disaggregation and Oslo Action Plan elements. Prints the "
        "review as Markdown, or writes it with --out (.md, .docx or .json, atomically) and "
        "prints a summary. Exit code 0 when no error was found, 1 when errors were found, "
        "2 when the request or history could not be read.",
    )
    p.add_argument("request", type=Path, help="the request workbook (.xlsx) or CSV folder")
    p.add_argument(
        "--history",
        type=Path,
        help="the State's release history (CSV, XLSX or GIS file with canonical columns): "
        "the pace checks use it and the review compares the milestones with it",
    )
    p.add_argument(
        "--thresholds",
        type=Path,
        help="a TOML file of the rows of the review's thresholds table to change (severities "
        "and thresholds; docs/review.md): the others keep the package's values",
    )
    p.add_argument(
        "--out",
        type=Path,
        help="write the review to FINDINGS.md, FINDINGS.docx or FINDINGS.json",
    )
    p.set_defaults(run=run)


def out_format(path: Path) -> str:
    """``markdown``, ``docx`` or ``json`` for ``path``'s extension.

    Raises
    ------
    LandreleaseError
        for any other extension.
    """
    fmt = OUT_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise LandreleaseError(
            f"{path}: cannot write a review as {path.suffix or 'a file without extension'}; "
            "give a .md, .docx or .json file"
        )
    return fmt


def write_review(
    review: Review, path: Path, inputs: Mapping[str, Path | None] | None = None
) -> Path:
    """Write ``review`` to ``path`` as Markdown, DOCX or JSON (by extension), atomically.

    The JSON adds ``provenance``: the tool version and the SHA-256 of each of ``inputs``
    (role → file or CSV folder: the request, the history)."""
    fmt = out_format(path)
    if fmt == "docx":
        # imported here: python-docx takes a while to import
        from landrelease.export.review_docx import write_review_docx

        return atomic_write(path, lambda h: write_review_docx(review, h), binary=True)
    if fmt == "json":
        data = review_json(review)
        data["provenance"] = {**provenance(), "inputs": describe_inputs(inputs or {})}
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        return atomic_write(path, lambda h: h.write(text))
    markdown = review_markdown(review)
    return atomic_write(path, lambda h: h.write(markdown))


def read_input(what: str, path: Path, read: Callable[[Path], T]) -> T:
    """``read(path)``, its warnings printed; every way it can fail (missing file, not a
    workbook, a :class:`~landrelease.errors.ValidationError`) raised as a
    :class:`LandreleaseError` naming ``path`` and ``what`` it is."""
    if not path.exists():
        raise LandreleaseError(f"{path}: no such file or folder ({what})")
    try:
        return printing_warnings(lambda: read(path))
    except ValidationError:
        raise
    except LandreleaseError as exc:
        raise LandreleaseError(f"{exc} ({what})") from None
    except OSError as exc:
        raise LandreleaseError(f"{path}: cannot be read ({what}): {exc}") from exc


def _summary(review: Review, path: Path) -> str:
    lines = [f"wrote review {path}: {review.title}", review.verdict]
    errors = review.of("error")
    for finding in errors[:_SHOWN_ERRORS]:
        where = finding.location()
        lines.append(f"  error: {where + ': ' if where else ''}{finding.message}")
    if len(errors) > _SHOWN_ERRORS:
        lines.append(f"  … and {len(errors) - _SHOWN_ERRORS} more errors (see {path.name})")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Read, review, print or write; return 0 (no error), 1 (errors) or 2 (unreadable)."""
    try:
        if args.out is not None:
            out_format(args.out)  # fail on a bad extension before reading
        pack: RequestPack = read_input("request", args.request, read_request)
        history: pd.DataFrame | None = None
        if args.history is not None:
            history = read_input("release history", args.history, read_releases)
        rules: Rules | None = None
        if args.thresholds is not None:
            rules = read_input("thresholds", args.thresholds, read_rules)
    except LandreleaseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return READ_FAILED
    review = review_pack(pack, history, thresholds=rules)
    if args.out is None:
        sys.stdout.write(review_markdown(review))
    else:
        path = write_review(review, args.out, {"request": args.request, "history": args.history})
        print(_summary(review, path))
    return 0 if review.ok else 1
