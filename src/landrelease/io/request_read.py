"""Read a request pack back from an XLSX workbook or a CSV folder written by
:func:`landrelease.export.request_write.write_request`.

Every sheet is coerced to its schema in ``request.toml`` (:func:`coerce_request_table`), so
dtypes come back as the schema says: ``int`` → ``Int64``, ``float`` → ``float64``, ``bool``
→ ``boolean``, text → ``string``. Apply the same function to a freshly built pack to compare
it with what was read: written then read, every table is equal (floats in XLSX to the 16
significant digits Excel stores).

Problems are collected over all sheets, each naming the sheet (``request.xlsx [budget]`` or
``request/budget.csv``), the row as a spreadsheet shows it (header = row 1) and the column,
and raised once as :class:`~landrelease.errors.ValidationError`. Unknown sheets are skipped
with a :class:`~landrelease.errors.LandreleaseWarning`; a missing required sheet is an error.

A CSV folder is checked against its manifest (:func:`landrelease.io.manifest.
check_output_set`): a pack file changed since it was written, missing, or not listed (left
from another run) is an error; a folder without a manifest is read with a warning.

Packs written before a table existed still read: the State's reports
(:data:`~landrelease.reports.request.STATE_TABLES`) and the forecast's ``confidence`` come
back empty and the ``narrative`` with every section empty; a ``risk_education`` sheet with
only its first columns (cost and regions per year) gets the plan's later columns blank. In
the ``narrative`` sheet, rows that repeat a section id continue its text (a cell holds at
most 32,767 characters; the workbook writer splits longer texts so), and ``empty`` follows
the text.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from landrelease.domain.outline import outline
from landrelease.domain.schema import coerce, request_schemas, table_dtypes
from landrelease.errors import LandreleaseError, LandreleaseWarning, Problem, ValidationError
from landrelease.io import limits
from landrelease.io.manifest import check_output_set
from landrelease.io.safety import unescape_csv_column
from landrelease.io.workbooks import UNREADABLE_WORKBOOK, why_not_a_workbook
from landrelease.reports.request import (
    FORECAST_TABLES,
    LATER_TABLES,
    METADATA_SHEET,
    PUBLIC_OMITTED,
    REQUEST_TABLES,
    STATE_TABLES,
    RequestPack,
)

__all__ = ["OPTIONAL_SHEETS", "REQUIRED_SHEETS", "coerce_request_table", "read_request"]

OPTIONAL_SHEETS = (*STATE_TABLES, *FORECAST_TABLES, "narrative")
"""Sheets a pack may lack (written before they existed): read as empty."""
REQUIRED_SHEETS = (
    *(t for t in REQUEST_TABLES if t not in OPTIONAL_SHEETS and t not in LATER_TABLES),
    METADATA_SHEET,
)
"""Sheets every pack has; ``area_list`` is optional (left out of public packs), and so are
the tables added later (``LATER_TABLES``: missing, the review says so) and the State's own
tables, the forecast's and the narrative (``OPTIONAL_SHEETS``: missing, read as empty), so
older packs read."""
_KNOWN = (*REQUEST_TABLES, *PUBLIC_OMITTED, METADATA_SHEET)
_EXPLANATIONS = ("readme",)
"""Sheets that explain a workbook (the blank template's ``readme``): skipped quietly."""


def coerce_request_table(
    name: str,
    table: pd.DataFrame,
    *,
    file: str | None = None,
    row_numbers: pd.Series | None = None,
) -> tuple[pd.DataFrame, list[Problem]]:
    """``table`` coerced to the schema of request table ``name``, with every problem.

    ``row_numbers`` are the spreadsheet rows of ``table``'s rows (default: 2, 3, …).
    """
    return coerce(table, request_schemas()[name], file=file, row_numbers=row_numbers)


_Sheet = tuple[pd.DataFrame, pd.Series, list[Problem], str]
"""A raw sheet: values, spreadsheet row numbers, problems found so far, file label."""


def _sheet(header: list[Any], body: Iterable[tuple[int, list[Any]]], file: str) -> _Sheet:
    """A raw table from a header row and numbered body rows; fully empty rows dropped."""
    problems: list[Problem] = []
    names: list[str] = []
    keep: list[int] = []
    for i, cell in enumerate(header):
        name = "" if cell is None else str(cell).strip()
        if not name:
            continue
        if name in names:
            problems.append(
                Problem(
                    check="required_columns",
                    message=f"column {name} appears twice; the first is used",
                    file=file,
                    row=1,
                    column=name,
                    expected="each column once",
                )
            )
            continue
        names.append(name)
        keep.append(i)
    records, numbers = [], []
    for number, values in body:
        padded = list(values) + [None] * (len(header) - len(values))
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in padded):
            continue
        records.append([padded[i] for i in keep])
        numbers.append(number)
    frame = pd.DataFrame(records, columns=names, dtype=object)
    return frame, pd.Series(numbers, dtype="int64"), problems, file


def _xlsx_sheets(path: Path) -> dict[str, _Sheet]:
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    limits.check_zip_file(path)
    sheets = {}
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
        try:
            book = load_workbook(path, read_only=True, data_only=True)
            try:
                for sheet in book.worksheets:
                    file = f"{path.name} [{sheet.title}]"
                    rows = _rows(path, sheet.iter_rows(values_only=True))
                    header = rows[0] if rows else []
                    sheets[sheet.title] = _sheet(header, enumerate(rows[1:], start=2), file)
            finally:
                book.close()
        except UNREADABLE_WORKBOOK:
            raise LandreleaseError(
                f"{path.name}: not an Excel workbook: {why_not_a_workbook(path)}"
            ) from None
    return sheets


def _rows(path: Path, cells: Iterable[tuple[Any, ...]]) -> list[list[Any]]:
    """A sheet's rows as lists, refused beyond :data:`~landrelease.io.limits.MAX_ROWS`."""
    rows = []
    for row in cells:
        rows.append(list(row))
        if len(rows) > limits.MAX_ROWS + 1:  # the header and MAX_ROWS rows
            limits.check_rows(path, len(rows) - 1)
    return rows


def _csv_sheets(folder: Path) -> dict[str, _Sheet]:
    import csv

    sheets = {}
    for path in sorted(folder.glob("*.csv")):
        file = f"{folder.name}/{path.name}"
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows: list[list[Any]] = [[v or None for v in r] for r in csv.reader(handle)]
        header = rows[0] if rows else []
        sheets[path.stem] = _sheet(header, enumerate(rows[1:], start=2), file)
    return sheets


def _unescape_text(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Undo the CSV formula escape on the text columns of a CSV sheet."""
    table = request_schemas()[name]
    for column in frame.columns:
        if column not in table or table[column].dtype == "string":
            frame[column] = unescape_csv_column(frame[column])
    return frame


def _joined_narrative(table: pd.DataFrame) -> pd.DataFrame:
    """One row per section: texts of rows repeating a section id joined in order, ``empty``
    where the text is blank."""
    if table.empty:
        return table
    ids = table["section_id"].astype(object)
    parts = pd.Series((ids != ids.shift()).cumsum().to_numpy(), index=table.index)
    text = table["text"].fillna("").groupby(parts, sort=False).agg("".join)
    out = table.groupby(parts, sort=False).head(1).reset_index(drop=True)
    out["text"] = pd.array([t or None for t in text], dtype="string")
    out["empty"] = pd.array([not (t or "").strip() for t in text], dtype="boolean")
    return out


def _unknown_sections(table: pd.DataFrame, rows: pd.Series, file: str) -> list[Problem]:
    """A narrative row whose section id is not a section of the request: its text would be
    lost, so it is an error naming the row."""
    known = [s.id for s in outline()]
    return [
        Problem(
            check="narrative_sections",
            message=f"{sid} is not a section of the request",
            file=file,
            row=int(row),
            column="section_id",
            value=sid,
            expected="one of " + ", ".join(known),
        )
        for sid, row in zip(table["section_id"], rows, strict=True)
        if not pd.isna(sid) and sid not in known
    ]


def _empty_narrative() -> pd.DataFrame:
    """Every section of the request, none written."""
    rows = [
        {"section_id": s.id, "number": s.number, "title": s.title, "empty": True, "text": None}
        for s in outline()
    ]
    table, _ = coerce_request_table("narrative", pd.DataFrame(rows, dtype=object))
    return table


def _completed(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The tables in pack order, the optional ones a pack lacks filled in (empty)."""
    out = {}
    for name in (*REQUEST_TABLES, *PUBLIC_OMITTED, METADATA_SHEET):
        if name in tables:
            out[name] = _joined_narrative(tables[name]) if name == "narrative" else tables[name]
        elif name == "narrative":
            out[name] = _empty_narrative()
        elif name in OPTIONAL_SHEETS:
            dtypes = table_dtypes(request_schemas()[name])
            out[name] = pd.DataFrame({c: pd.Series(dtype=t) for c, t in dtypes.items()})
    return out


def read_request(path: str | Path) -> RequestPack:
    """Read a request pack from an ``.xlsx`` workbook or a folder of CSV files.

    Returns
    -------
    The pack: tables in ``REQUEST_TABLES`` order (then ``area_list`` when present), coerced
    to their schemas; metadata as written; ``public`` from the metadata.

    Raises
    ------
    ValidationError
        listing every problem (missing sheet or column, a value of the wrong type).
    LandreleaseError
        when ``path`` is neither a workbook nor a folder.
    """
    path = Path(path)
    folder = path.is_dir()
    if folder:
        sheets = _csv_sheets(path)
    elif path.suffix.lower() == ".xlsx" and path.is_file():
        sheets = _xlsx_sheets(path)
    else:
        raise LandreleaseError(
            f"{path}: not a request pack; expected an .xlsx workbook or a folder of CSV files"
        )

    def where(name: str) -> str:
        return f"{path.name}/{name}.csv" if folder else f"{path.name} [{name}]"

    problems: list[Problem] = []
    if folder:
        for problem in check_output_set(path, [f"{n}.csv" for n in sheets if n in _KNOWN]):
            if problem.severity == "error":
                problems.append(problem)
            else:
                warnings.warn(
                    LandreleaseWarning(f"{problem.file}: {problem.message}"), stacklevel=2
                )
    for name in sheets:
        if name not in _KNOWN and name not in _EXPLANATIONS:
            warnings.warn(
                LandreleaseWarning(f"{where(name)}: not a request table, skipped"),
                stacklevel=2,
            )
    for name in REQUIRED_SHEETS:
        if name not in sheets:
            problems.append(
                Problem(
                    check="required_tables",
                    message=f"table {name} is missing",
                    file=where(name),
                    expected=f"a table {name}: {request_schemas()[name].description}",
                )
            )
    tables: dict[str, pd.DataFrame] = {}
    for name in _KNOWN:
        if name not in sheets:
            continue
        frame, rows, found, file = sheets[name]
        problems += found
        if folder:
            frame = _unescape_text(name, frame)
        tables[name], coerced = coerce_request_table(name, frame, file=file, row_numbers=rows)
        problems += coerced
        if name == "narrative":
            problems += _unknown_sections(tables[name], rows, file)
    if problems:
        raise ValidationError(problems, source=path)
    tables = _completed(tables)
    meta = tables.pop(METADATA_SHEET)
    metadata = {
        str(k): "" if pd.isna(v) else str(v)
        for k, v in zip(meta["key"], meta["value"], strict=True)
    }
    return RequestPack(tables=tables, metadata=metadata, public=metadata.get("public") == "true")
