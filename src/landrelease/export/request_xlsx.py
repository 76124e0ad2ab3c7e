"""Write a request pack as an XLSX workbook: one sheet per table, then ``metadata``.

Each sheet has a bold, frozen header row whose cells carry a comment with the column's
meaning and unit (from ``request.toml``), number formats by unit, column widths and an
autofilter. Missing values are empty cells. Text is always written as a string cell, so a
name such as ``=HYPERLINK("…")`` never becomes a formula (see :mod:`landrelease.io.safety`).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import IO, Any

import pandas as pd
import xlsxwriter  # type: ignore[import-untyped]

from landrelease.domain.schema import Column, TableSchema, request_schemas
from landrelease.reports.request import METADATA_SHEET, RequestPack

__all__ = [
    "NUMBER_FORMATS",
    "TEXT_PART_CHARS",
    "number_format",
    "text_parts",
    "write_request_xlsx",
]

NUMBER_FORMATS = {
    "m²": "#,##0",
    "US$": "#,##0",
    "count": "#,##0",
    "teams": "#,##0.0",
    "team-years": "#,##0.0",
    "%": "0.00",
    "0..1": "0.00",
    "year": "0",
    "rank": "0",
    "degrees": "0.000000",
}
"""Excel number format of each unit in ``request.toml``."""

WORKBOOK_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "constant_memory": False,
    "in_memory": True,
}
"""Options that keep text as text (no formulas, no links) and allow random-access writes."""

TEXT_PART_CHARS = 16_000
"""Longest narrative text written in one cell: Excel holds 32,767 UTF-16 units per cell, and
16,000 characters fit in them whatever the script. A longer section continues on the next
rows with the same section id (``read_request`` joins them)."""
_WRAPPED = {("narrative", "text"): 100}
"""Text columns shown wrapped, with their width (characters)."""
_MIN_WIDTH, _MAX_WIDTH = 8, 60
_WIDTH_SAMPLE = 2000  # rows looked at to size a text column


def number_format(unit: str, dtype: str) -> str:
    """The Excel number format for a column of ``unit`` and schema ``dtype`` (int/float)."""
    if unit in NUMBER_FORMATS:
        return NUMBER_FORMATS[unit]
    return "#,##0" if dtype == "int" else "#,##0.00"


def text_parts(text: str, limit: int) -> list[str]:
    """``text`` in parts of at most ``limit`` characters, cut inside a word: a reader strips
    the spaces around a cell's text, so a cut next to a space would lose it."""
    parts, start = [], 0
    while len(text) - start > limit:
        cut = start + limit
        while cut > start + 1 and (text[cut - 1].isspace() or text[cut].isspace()):
            cut -= 1
        if cut == start + 1:  # nothing but spaces: no word to cut inside
            cut = start + limit
        parts.append(text[start:cut])
        start = cut
    return [*parts, text[start:]]


def _in_parts(table: pd.DataFrame) -> pd.DataFrame:
    """The narrative with each text longer than :data:`TEXT_PART_CHARS` split over rows."""
    rows = []
    for record in table.to_dict("records"):
        text = record.get("text")
        if not isinstance(text, str) or len(text) <= TEXT_PART_CHARS:
            rows.append(record)
            continue
        rows += [{**record, "text": part} for part in text_parts(text, TEXT_PART_CHARS)]
    return pd.DataFrame(rows, columns=table.columns)


def _kind(column: str, table: pd.DataFrame, schema: TableSchema | None) -> tuple[str, str]:
    """(kind, unit): kind is ``int``, ``float``, ``bool`` or ``text``."""
    if schema is not None and column in schema:
        col: Column = schema[column]
        kind = {"int": "int", "float": "float", "bool": "bool"}.get(col.dtype, "text")
        return kind, col.unit
    series = table[column]
    if pd.api.types.is_bool_dtype(series):
        return "bool", ""
    if pd.api.types.is_integer_dtype(series):
        return "int", ""
    if pd.api.types.is_float_dtype(series):
        return "float", ""
    return "text", ""


def _missing(value: Any) -> bool:
    """None, NaN, NA, NaT or empty text: written as an empty cell."""
    if isinstance(value, str):
        return value == ""
    return value is None or bool(pd.isna(value))


def _width(name: str, values: list[Any], kind: str, fmt: str) -> float:
    """Column width (characters) that fits the header and the formatted values."""
    width = len(name) + 2  # room for the autofilter button
    present = [v for v in values if not _missing(v)]
    if present and kind in ("int", "float"):
        numbers = [abs(float(v)) for v in present if math.isfinite(float(v))]
        biggest = max(numbers, default=0.0)
        decimals = len(fmt.split(".")[1]) if "." in fmt else 0
        sample = f"{biggest:,.{decimals}f}" if "," in fmt else f"{biggest:.{decimals}f}"
        width = max(width, len(sample) + 2)
    elif present:
        width = max(width, *(len(str(v)) for v in present[:_WIDTH_SAMPLE]))
    return float(min(max(width, _MIN_WIDTH), _MAX_WIDTH))


def _note(col: Column | None) -> str:
    if col is None:
        return ""
    unit = f"\nUnit: {col.unit}" if col.unit else ""
    return f"{col.name}: {col.description}{unit}"


def _write_sheet(
    book: Any, name: str, table: pd.DataFrame, schema: TableSchema | None, styles: dict[str, Any]
) -> None:
    """One table as one sheet: header, typed cells, widths, frozen header, autofilter."""
    sheet = book.add_worksheet(name)
    for c, column in enumerate(table.columns):
        name_c = str(column)
        sheet.write_string(0, c, name_c, styles["header"])
        note = _note(schema[name_c] if schema is not None and name_c in schema else None)
        if note:
            sheet.write_comment(0, c, note, {"author": "landrelease", "x_scale": 2.5})
        kind, unit = _kind(name_c, table, schema)
        fmt = number_format(unit, kind) if kind in ("int", "float") else ""
        if fmt and fmt not in styles:
            styles[fmt] = book.add_format({"num_format": fmt})
        cell_format = styles[fmt] if fmt else None
        values = table[column].tolist()
        for r, value in enumerate(values, start=1):
            if _missing(value):
                continue
            if isinstance(value, str) or kind == "text":
                sheet.write_string(r, c, str(value))
            elif kind == "bool" or isinstance(value, bool):
                sheet.write_boolean(r, c, bool(value))
            else:
                sheet.write_number(r, c, float(value), cell_format)
        wrapped = _WRAPPED.get((name, name_c))
        if wrapped is not None:
            styles.setdefault("wrap", book.add_format({"text_wrap": True, "valign": "top"}))
            sheet.set_column(c, c, wrapped, styles["wrap"])
        else:
            sheet.set_column(c, c, _width(name_c, values, kind, fmt))
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(table), 1), max(len(table.columns) - 1, 0))
    sheet.ignore_errors({"number_stored_as_text": "A1:XFD1048576"})


def _created(pack: RequestPack) -> dt.datetime | None:
    try:
        stamp = dt.datetime.fromisoformat(pack.metadata.get("created_utc", ""))
    except ValueError:
        return None
    return stamp.replace(tzinfo=None)


def write_request_xlsx(pack: RequestPack, target: str | IO[bytes]) -> None:
    """Write ``pack`` as an XLSX workbook to a file name or a binary handle.

    Sheets: the pack's tables in order (``REQUEST_TABLES``, then ``area_list`` unless
    public), then ``metadata`` (key, value). Areas stay in m² and money in US$ (cells show
    them rounded with thousands separators; the stored values keep full precision).
    For an atomic write to a path use :func:`~landrelease.export.request_write.write_request`.
    """
    schemas = request_schemas()
    book = xlsxwriter.Workbook(target, WORKBOOK_OPTIONS)
    properties: dict[str, Any] = {
        "title": f"Article 5 extension request tables: {pack.metadata.get('country', '')}",
        "subject": f"scenario {pack.metadata.get('scenario', '')}",
        "author": "landrelease",
        "comments": "; ".join(f"{k}={v}" for k, v in pack.metadata.items() if "sha256" not in k),
    }
    created = _created(pack)
    if created is not None:
        properties["created"] = created
    book.set_properties(properties)
    styles: dict[str, Any] = {"header": book.add_format({"bold": True, "bottom": 1})}
    for name, table in pack.tables.items():
        shown = _in_parts(table) if name == "narrative" else table
        _write_sheet(book, name, shown, schemas.get(name), styles)
    _write_sheet(book, METADATA_SHEET, pack.metadata_table(), schemas.get(METADATA_SHEET), styles)
    book.close()
