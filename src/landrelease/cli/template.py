"""``landrelease template FILE.xlsx [--public]``: write a blank request workbook to fill by
hand (for a State that does not use landrelease), readable by ``landrelease review``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from landrelease.export.request_template import (
    README_SHEET,
    TEMPLATE_ROWS,
    template_sheets,
    write_request_template,
)


def register(sub: Any) -> None:
    """Add the ``template`` command."""
    p: argparse.ArgumentParser = sub.add_parser(
        "template",
        help="write a blank extension-request workbook to fill by hand",
        description="Write a blank Article 5 extension-request workbook: the sheets and "
        "columns of a request pack, after a readme sheet explaining each sheet and column "
        "(unit and meaning), with header notes and data validation (drop-down lists for "
        "contamination types, SHA/CHA status and phase; whole years; numbers >= 0 for m², "
        f"US$ and counts) on rows 2-{TEMPLATE_ROWS}. The filled workbook can be checked with "
        "'landrelease review'. Written atomically.",
    )
    p.add_argument("out", type=Path, help="the workbook to write (FILE.xlsx)")
    p.add_argument(
        "--public",
        action="store_true",
        help="leave out the area_list sheet (identifiers and coordinates of areas), as in a "
        "request for publication",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Write the template; print what was written."""
    path = write_request_template(args.out, area_list=not args.public)
    sheets = template_sheets(area_list=not args.public)
    print(
        f"wrote request template {path}: {README_SHEET} sheet, then {len(sheets)} sheets "
        f"({', '.join(sheets)})"
    )
    return 0
