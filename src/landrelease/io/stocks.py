"""Read a past-stocks file (the remaining area at the end of past years, as reported under
Article 7) into the canonical table of ``schema("stocks")``."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from landrelease.errors import Problem, ValidationError, warn
from landrelease.io.files import read_raw
from landrelease.io.mapped import coerce_mapped, map_table
from landrelease.io.mapping import ColumnMapping, load_mapping
from landrelease.validation.stocks import ALL

__all__ = ["inspect_stocks", "read_stocks"]

_KEY = ("year", "region", "status", "contamination_type")


def _repeated(table: pd.DataFrame, file: str, row_kind: str) -> list[Problem]:
    """The same year and breakdown given twice: which figure is meant is unclear."""
    complete = table.dropna(subset=list(_KEY))
    twice = complete[complete.duplicated(list(_KEY), keep="first")]
    return [
        Problem(
            check="unique_stocks",
            message=(
                f"{row.year} {row.region} / {row.status} / {row.contamination_type} is given twice"
            ),
            file=file,
            row=int(row.source_row),
            column="year",
            expected="one row per year, region, status and contamination type",
            row_kind=row_kind,
        )
        for row in twice.itertuples()
    ]


def inspect_stocks(
    path: str | Path, mapping: str | Path | ColumnMapping | None = None, layer: str | None = None
) -> tuple[pd.DataFrame, list[Problem]]:
    """Read a stocks file (CSV, XLSX); return the canonical table and every problem found.

    ``region``, ``status`` and ``contamination_type`` may be ``all`` (a total).
    """
    column_mapping = load_mapping(mapping, Path(path).parent)
    raw = read_raw(path, layer, column_mapping.header_row)
    # the same filter, renames, value translation and decimal commas as the other tables
    mapped = map_table(raw, column_mapping, "stocks")
    problems = mapped.problems
    table, more = coerce_mapped(raw, mapped, column_mapping, "stocks")
    table["region"] = table["region"].where(
        table["region"].astype(object).map(lambda r: str(r).strip().lower() != ALL), ALL
    )
    return table, [*problems, *more, *_repeated(table, raw.name, raw.row_kind)]


def read_stocks(
    path: str | Path, mapping: str | Path | ColumnMapping | None = None, layer: str | None = None
) -> pd.DataFrame:
    """Read a stocks file into the table of ``schema("stocks")``.

    Raises :class:`ValidationError` listing every problem; warnings are emitted as
    :class:`~landrelease.errors.LandreleaseWarning`.
    """
    table, problems = inspect_stocks(path, mapping, layer)
    if any(p.severity == "error" for p in problems):
        raise ValidationError(problems, source=path)
    warn(problems, stacklevel=3)
    return table
