"""Find the header row of a spreadsheet or CSV that has title rows above it.

Sheets exported for people often start with a title (a merged cell "Hazard list, 2024") and
maybe a blank row before the real header. Read naively, the title becomes the header and every
required column looks missing. :func:`locate_header` recognises a first row that is not a
header (at most one named cell) and looks a few rows further down for one.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from landrelease.errors import Problem

__all__ = ["MAX_TITLE_ROWS", "HeaderFound", "locate_header", "set_header_hint"]

MAX_TITLE_ROWS = 10
"""How many rows below the first are searched for a header: titles, subtitles, a date line
and blank rows rarely take more."""
_UNNAMED = "Unnamed: "
"""How pandas names a column whose header cell is empty."""


@dataclass(frozen=True)
class HeaderFound:
    """A table with its header set: the frame, the row number of its first data row (as a
    spreadsheet shows it) and a note (a warning) when the header was found below titles."""

    frame: pd.DataFrame
    first_data_row: int
    notes: tuple[Problem, ...] = ()


def _named(names: list[str]) -> int:
    return sum(1 for n in names if n and not n.startswith(_UNNAMED))


def _blank(value: object) -> bool:
    return value is None or value != value or (isinstance(value, str) and not value.strip())


def _looks_like_header(cells: list[object], width: int) -> bool:
    """Two or more cells, all text, distinct, filling at least half the columns."""
    filled = [c for c in cells if not _blank(c)]
    if len(filled) < max(2, (width + 1) // 2):
        return False
    if not all(isinstance(c, str) for c in filled):
        return False
    names = [str(c).strip() for c in filled]
    return len(set(names)) == len(names)


def set_header_hint(file: str) -> str:
    """How to tell landrelease where the header is."""
    return (
        f"the header on row 1, or header_row = N in a mapping file for {file} "
        "(in a country folder: hazards_header_row = N or releases_header_row = N under "
        "[files] in country.toml)"
    )


def locate_header(frame: pd.DataFrame, file: str) -> HeaderFound:
    """``frame`` (read with row 1 as its header) with the header moved down to the first row
    that looks like one when row 1 looks like a title; rows above it are dropped.

    Returns the frame unchanged (first data row 2) when row 1 is a header, or when no row
    below looks like one (then with a note saying so).
    """
    names = [str(c).strip() for c in frame.columns]
    width = len(names)
    if width < 2 or _named(names) > 1:
        return HeaderFound(frame, 2)
    for pos in range(min(MAX_TITLE_ROWS, len(frame))):
        cells = list(frame.iloc[pos])
        if _looks_like_header(cells, width):
            header_row = pos + 2  # frame row 0 is spreadsheet row 2
            body = frame.iloc[pos + 1 :].copy()
            body.columns = [
                str(c).strip() if not _blank(c) else f"{_UNNAMED}{i}" for i, c in enumerate(cells)
            ]
            note = Problem(
                check="header_row",
                message=f"header found on row {header_row}: "
                + (
                    f"rows 1-{header_row - 1} look like a title and are skipped"
                    if header_row > 2
                    else "row 1 looks like a title and is skipped"
                ),
                file=file,
                severity="warning",
                expected=f"header_row = {header_row} in the mapping (or hazards_header_row / "
                "releases_header_row in country.toml [files]) to say so",
            )
            return HeaderFound(body, header_row + 1, (note,))
    note = Problem(
        check="header_row",
        message="row 1 does not look like a header (found "
        + ", ".join(repr(n) for n in names if not n.startswith(_UNNAMED))
        + f") and none of the next {MAX_TITLE_ROWS} rows does either",
        file=file,
        severity="warning",
        expected=set_header_hint(file),
    )
    return HeaderFound(frame, 2, (note,))
