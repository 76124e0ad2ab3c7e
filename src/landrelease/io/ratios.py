"""Read a reference class of plan realisation: ratios achieved / planned of other States'
plans (``[uncertainty] plan_realisation_file``), a CSV or XLSX inside the country folder.

Columns: ``ratio`` (required: achieved / planned as a fraction, e.g. 0.8 for a plan met at
80%), ``state`` (optional: rows of one State share its level), ``year`` and ``source``
(optional, kept for the record). Every bad cell is reported at once, with its row as a
spreadsheet shows it.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from landrelease.errors import Problem, ValidationError
from landrelease.io.files import read_raw
from landrelease.io.paths import confined_file

__all__ = ["RATIO_COLUMNS", "RATIO_MAX", "read_reference_class"]

RATIO_COLUMNS = ("ratio", "state", "year", "source")
"""Columns a reference-class file may have (``ratio`` required)."""
RATIO_MAX = 5.0
"""Largest ratio accepted: a plan achieved five times over is a typing error (a percentage
written as 80 rather than 0.8, or the two areas swapped), not a plan."""


def _number(cell: object) -> float:
    if isinstance(cell, bool):
        return math.nan
    try:
        return float(str(cell).strip()) if isinstance(cell, str) else float(cell)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan


def read_reference_class(folder: str | Path, name: object, *, file: str, key: str) -> pd.DataFrame:
    """Read the reference class ``name`` (as the scenario writes it) from the country
    ``folder``, confined to it.

    Parameters
    ----------
    folder : the country folder.
    name : the file name given in the scenario, relative to the country folder.
    file, key : the scenario file and the key that name it (``uncertainty.
        plan_realisation_file``), for messages.

    Returns
    -------
    A table with ``ratio`` (float, > 0), ``state`` (text or None), ``year`` (Int64) and
    ``source`` (text or None), one row per row of the file.

    Raises
    ------
    CountryError
        when the name leads out of the country folder.
    ValidationError
        naming the file, row, column, value and the fix for every bad cell.
    """
    path = confined_file(Path(folder), name, key=key, file=file)
    raw = read_raw(path)
    table = raw.attributes
    columns = {str(c).strip().lower(): c for c in table.columns}
    problems: list[Problem] = []
    if "ratio" not in columns:
        raise ValidationError(
            [
                Problem(
                    check="reference_class_columns",
                    message="no column ratio",
                    file=raw.name,
                    value=", ".join(map(str, table.columns)) or None,
                    expected="a column ratio (achieved / planned, e.g. 0.8), and optionally "
                    "state, year, source",
                )
            ],
            source=path,
        )
    rows = raw.row_numbers
    ratios = []
    for index, cell in table[columns["ratio"]].items():
        value = _number(cell)
        ok = math.isfinite(value) and 0 < value <= RATIO_MAX
        if not ok:
            problems.append(
                Problem(
                    check="reference_class_ratio",
                    message="not a ratio achieved / planned",
                    file=raw.name,
                    row=int(rows[index]),
                    column=str(columns["ratio"]),
                    value=cell,
                    expected=f"a number above 0 and at most {RATIO_MAX:g} (0.8 = plan met at "
                    "80%; a percentage must be divided by 100)",
                    row_kind=raw.row_kind,
                )
            )
        ratios.append(value)
    years: list[int | None] = []
    if "year" in columns:
        for index, cell in table[columns["year"]].items():
            blank = cell is None or (isinstance(cell, str) and not cell.strip()) or cell != cell
            value = _number(cell)
            if blank:
                years.append(None)
            elif not (math.isfinite(value) and value.is_integer()):
                problems.append(
                    Problem(
                        check="reference_class_year",
                        message="not a year",
                        file=raw.name,
                        row=int(rows[index]),
                        column=str(columns["year"]),
                        value=cell,
                        expected="a whole year such as 2019, or blank",
                        row_kind=raw.row_kind,
                    )
                )
                years.append(None)
            else:
                years.append(int(value))
    if problems:
        raise ValidationError(problems, source=path)

    def text(column: str) -> list[str | None]:
        if column not in columns:
            return [None] * len(table)
        return [
            None if c is None or c != c or not str(c).strip() else str(c).strip()
            for c in table[columns[column]]
        ]

    return pd.DataFrame(
        {
            "ratio": pd.Series(ratios, dtype=float),
            "state": pd.Series(text("state"), dtype=object),
            "year": pd.Series(years or [None] * len(table), dtype="Int64"),
            "source": pd.Series(text("source"), dtype=object),
        }
    )
