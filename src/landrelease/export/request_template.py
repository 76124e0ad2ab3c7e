"""A blank request workbook for a State that does not use landrelease to fill by hand.

The template has the sheets and columns of a request pack, in the pack's sheet order
(:func:`~landrelease.domain.schema.request_schemas`), after a first ``readme`` sheet that
explains every sheet and every column (unit and meaning, generated from ``request.toml``).
Each header cell carries a comment with the column's meaning and unit; every data column
has an Excel number format by unit and a data validation over rows 2 to
:data:`TEMPLATE_ROWS`: a drop-down list for the categories that do not depend on the
country (contamination type, SHA/CHA status, capacity phase, true/false), a whole number
for years and counts, a number ≥ 0 for m², US$ and teams, 0–1 for shares. The ``header``
sheet lists the items the Committee review reads (values blank); ``metadata`` says the pack
was filled by hand. Filled in, the workbook reads back with
:func:`~landrelease.io.request_read.read_request` and can be reviewed
(``landrelease review``).
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

import xlsxwriter  # type: ignore[import-untyped]

from landrelease.domain.enums import ContaminationType, HazardStatus
from landrelease.domain.schema import Column, TableSchema, request_schemas
from landrelease.errors import LandreleaseError
from landrelease.export.request_xlsx import WORKBOOK_OPTIONS, number_format
from landrelease.export.writers import atomic_write
from landrelease.reports.request import METADATA_SHEET, PUBLIC_OMITTED, REQUEST_TABLES

__all__ = [
    "CHOICES",
    "HEADER_ITEMS",
    "README_SHEET",
    "TEMPLATE_ROWS",
    "YEAR_RANGE",
    "template_sheets",
    "write_request_template",
    "write_request_template_xlsx",
]

README_SHEET = "readme"
"""Name of the template's first sheet (explanations only; not a request table)."""
TEMPLATE_ROWS = 1000
"""Last spreadsheet row (header = row 1) that data validation covers on each sheet."""
AREA_LIST_ROWS = 20000
"""Last row covered on ``area_list`` (one row per area, so many more rows)."""
YEAR_RANGE = (1990, 2100)
"""Whole years accepted in year columns (the Convention entered into force in 1999)."""

_TYPES = tuple(t.value for t in ContaminationType)
_STATUSES = tuple(s.value for s in HazardStatus)
CHOICES: dict[tuple[str, str], tuple[str, ...]] = {
    ("remaining_challenge", "contamination_type"): (*_TYPES, "all", "article5"),
    ("work_plan", "contamination_type"): (*_TYPES, "all"),
    ("progress_by_type", "contamination_type"): (*_TYPES, "all", "article5"),
    ("form_c", "contamination_type"): _TYPES,
    ("area_list", "contamination_type"): _TYPES,
    ("form_c", "status"): _STATUSES,
    ("area_list", "status"): _STATUSES,
    ("capacity", "phase"): ("work", "residual"),
}
"""Drop-down lists of the categories that do not depend on the country, by (sheet, column).
``all`` (the sum of a region's types) is allowed where the review allows it: in the
remaining challenge, the work plan and progress by type, not in Form C (one row per type);
``article5`` (the sum of the AP-mined types) in the remaining challenge and progress by
type."""

HEADER_ITEMS: tuple[tuple[str, str], ...] = (
    ("country", "Name of the State Party."),
    ("country_code", "ISO 3166-1 alpha-3 code."),
    ("entry_into_force_date", "Entry into force of the Convention for the State (YYYY-MM-DD)."),
    ("original_deadline_date", "Ten years after entry into force (Article 5.1), YYYY-MM-DD."),
    ("previous_extensions", "Extensions granted before: date granted and deadline of each."),
    ("current_deadline_date", "The Article 5 deadline now in force (YYYY-MM-DD)."),
    ("baseline_date", "Date of the remaining-challenge figures (YYYY-MM-DD)."),
    (
        "projected_completion_year",
        "Last year the work plan releases anti-personnel-mined area (blank if the plan "
        "does not finish).",
    ),
    (
        "accessible_completion_year",
        "Completion if the areas inaccessible today are left aside (blank if the plan does "
        "not finish even so).",
    ),
    (
        "request_kind",
        "extension, or interim (time to survey an unclear baseline, then a full plan).",
    ),
    ("duration_requested_years", "Years of extension requested (at most ten, Article 5.3)."),
    (
        "requested_deadline_date",
        "New deadline requested: current deadline + duration requested (YYYY-MM-DD).",
    ),
    (
        "requested_deadline_funding",
        "Whether the plan reaches the requested deadline with secured money, or only with "
        "expected money that is not secured.",
    ),
)
"""Items of the ``header`` sheet, with what each means (the review reads the dates, years and
duration)."""

_TYPE_MEANINGS = {
    "ap_mine": "factory-made anti-personnel mines",
    "ap_improvised": "anti-personnel mines of an improvised nature (kept apart, Oslo Action "
    "Plan #21)",
    "av_mine": "anti-vehicle mines only",
    "cluster_munition": "cluster munition remnants",
    "erw": "other explosive remnants of war",
    "mixed": "anti-personnel together with anti-vehicle mines or other ordnance in one area",
    "all": "sum of a region's types (subtotal row)",
    "article5": "sum of a region's anti-personnel-mined types: ap_mine, ap_improvised, "
    "mixed (Article 5 subtotal row)",
}

_GUIDE = (
    "How to fill in this workbook",
    "",
    "• One sheet per table of the extension request, in the order of the request; do not "
    "rename sheets or columns. This readme sheet is ignored when the workbook is read.",
    "• Row 1 holds the column names (hover over a name for its meaning and unit). Enter "
    "data from row 2, one record per row; leave a cell blank where a figure is not known.",
    "• Areas in square metres (m², not km²: 1 km² = 1,000,000 m²); money in US$ (or the "
    "currency named in metadata); counts and years as whole numbers.",
    "• Region 'Total' rows give the national figures (the sum of the regions); "
    "contamination_type 'all' rows give a region's sum over its types; in the budget, year "
    "'Total' sums the years.",
    "• Report anti-personnel mines of an improvised nature (ap_improvised) apart from "
    "factory-made ones, and suspected (SHA) apart from confirmed (CHA) areas.",
    "• Sheets marked 'optional' may be left empty or deleted; every other sheet must stay.",
    "• Check the filled workbook with: landrelease review FILE.xlsx (add --history "
    "RELEASES.csv to compare past milestones with what was achieved).",
)


def _version() -> str:
    """landrelease's version (imported late: ``read_request`` may import this module while
    the package is still initialising)."""
    from landrelease import __version__

    return __version__


def template_sheets(*, area_list: bool = True) -> list[str]:
    """Sheet names of the template after ``readme``: the request tables, ``area_list``
    (optional, unless ``area_list`` is false), then ``metadata``."""
    return [*REQUEST_TABLES, *(PUBLIC_OMITTED if area_list else ()), METADATA_SHEET]


def _kind(col: Column) -> str:
    """How a column is entered: ``whole number``, ``number``, ``true/false`` or ``text``."""
    return {"int": "whole number", "float": "number", "bool": "true/false"}.get(col.dtype, "text")


def _valid(sheet: str, col: Column) -> str:
    """What a valid value is, in words (for the readme and the error message)."""
    choices = CHOICES.get((sheet, col.name))
    if choices:
        return "one of " + ", ".join(choices)
    if col.unit == "year":
        return f"a whole year between {YEAR_RANGE[0]} and {YEAR_RANGE[1]}"
    if sheet == "budget" and col.name == "year":
        return f"a year ({YEAR_RANGE[0]}–{YEAR_RANGE[1]}) or Total"
    if col.name in ("longitude", "latitude"):
        limit = 180 if col.name == "longitude" else 90
        return f"decimal degrees between -{limit} and {limit} (WGS 84)"
    return col.expected()


def _validation(sheet: str, col: Column, letter: str) -> dict[str, Any] | None:
    """The xlsxwriter data-validation options of a column, or ``None`` for free text."""
    choices = CHOICES.get((sheet, col.name))
    rule: dict[str, Any]
    if choices:
        rule = {"validate": "list", "source": list(choices)}
    elif col.dtype == "bool":
        rule = {"validate": "list", "source": ["TRUE", "FALSE"]}
    elif col.unit == "year":
        rule = {
            "validate": "integer",
            "criteria": "between",
            "minimum": YEAR_RANGE[0],
            "maximum": YEAR_RANGE[1],
        }
    elif sheet == "budget" and col.name == "year":
        low, high = YEAR_RANGE
        cell = f"{letter}2"
        rule = {
            "validate": "custom",
            "value": f'=OR({cell}="Total",AND(ISNUMBER({cell}),{cell}=INT({cell}),'
            f"{cell}>={low},{cell}<={high}))",
        }
    elif col.name in ("longitude", "latitude"):
        limit = 180 if col.name == "longitude" else 90
        rule = {"validate": "decimal", "criteria": "between", "minimum": -limit, "maximum": limit}
    elif col.dtype in ("int", "float"):
        kind = "integer" if col.dtype == "int" else "decimal"
        if col.min is not None and col.max is not None:
            rule = {"validate": kind, "criteria": "between", "minimum": col.min}
            rule["maximum"] = col.max
        elif col.min is not None:
            rule = {"validate": kind, "criteria": ">=", "value": col.min}
        else:
            rule = {"validate": kind, "criteria": "between"}
            rule.update(minimum=-(10**12), maximum=10**12)
    else:
        return None
    rule.update(
        error_type="stop",
        error_title=f"{col.name}"[:32],
        error_message=f"{col.name}: {_valid(sheet, col)}."[:255],
        ignore_blank=True,
    )
    return rule


def _note(sheet: str, col: Column) -> str:
    """The header cell's comment: meaning, unit, valid values, required."""
    lines = [f"{col.name}: {col.description}"]
    if col.unit:
        lines.append(f"Unit: {col.unit}")
    if col.dtype != "string" or (sheet, col.name) in CHOICES:
        lines.append(f"Enter {_valid(sheet, col)}.")
    if col.required:
        lines.append("Required on every row.")
    return "\n".join(lines)


def _letter(index: int) -> str:
    """Spreadsheet column letter of a 0-based column index (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _readme_section(
    sheet: Any,
    styles: dict[str, Any],
    row: int,
    title: str,
    heads: tuple[str, ...],
    rows: list[tuple[str, ...]],
) -> int:
    """Write a bold title, a header row and ``rows`` (empty cells left blank) from ``row``;
    return the row after the section and one blank row."""
    sheet.write_string(row, 0, title, styles["bold"])
    for c, label in enumerate(heads):
        sheet.write_string(row + 1, c, label, styles["header"])
    row += 2
    for cells in rows:
        for c, value in enumerate(cells):
            if value:
                sheet.write_string(row, c, value)
        row += 1
    return row + 1


def _write_readme(book: Any, styles: dict[str, Any], sheets: list[str]) -> None:
    schemas = request_schemas()
    sheet = book.add_worksheet(README_SHEET)
    sheet.set_column(0, 0, 22)
    sheet.set_column(1, 1, 26)
    sheet.set_column(2, 4, 14)
    sheet.set_column(5, 5, 40)
    sheet.set_column(6, 6, 70, styles["wrap"])
    row = 0
    sheet.write_string(row, 0, "Article 5 extension request: blank template", styles["title"])
    row += 1
    sheet.write_string(
        row,
        0,
        f"Made by landrelease {_version()} (Anti-Personnel Mine Ban Convention, Article 5 "
        "extension requests). Sheets, columns and units follow the request tables the "
        "Article 5 Committee reviews.",
    )
    row += 2
    for line in _GUIDE:
        sheet.write_string(row, 0, line, styles["bold"] if line == _GUIDE[0] else None)
        row += 1
    row = _readme_section(
        sheet,
        styles,
        row + 1,
        "Sheets",
        ("sheet", "holds"),
        [
            (
                name,
                schemas[name].description
                + (" Optional (never in a public request)." if name in PUBLIC_OMITTED else ""),
            )
            for name in sheets
        ],
    )
    row = _readme_section(
        sheet,
        styles,
        row,
        "Columns",
        ("sheet", "column", "type", "unit", "required", "valid values", "meaning"),
        [
            (
                name,
                col.name,
                _kind(col),
                col.unit,
                "yes" if col.required else "",
                _valid(name, col),
                col.description,
            )
            for name in sheets
            for col in schemas[name].columns
        ],
    )
    row = _readme_section(
        sheet,
        styles,
        row,
        "Header items (sheet header, column item)",
        ("item", "meaning"),
        list(HEADER_ITEMS),
    )
    row = _readme_section(
        sheet,
        styles,
        row,
        "Contamination types",
        ("value", "meaning"),
        [(value, _TYPE_MEANINGS.get(value, value)) for value in (*_TYPES, "all", "article5")],
    )
    sheet.write_string(
        row,
        0,
        "SHA: suspected hazardous area (indirect evidence); CHA: "
        "confirmed hazardous area (direct evidence), IMAS 04.10.",
    )


def _prefill(name: str) -> list[tuple[str, str]]:
    """Rows written in advance: header items, metadata keys."""
    if name == "header":
        return [(item, "") for item, _ in HEADER_ITEMS]
    if name == METADATA_SHEET:
        return [
            ("tool", "filled by hand"),
            ("template", f"landrelease {_version()} request template"),
            ("country", ""),
            ("currency", "USD"),
            ("public", "false"),
        ]
    return []


def _write_table_sheet(book: Any, name: str, table: TableSchema, styles: dict[str, Any]) -> None:
    sheet = book.add_worksheet(name)
    last = AREA_LIST_ROWS if name in PUBLIC_OMITTED else TEMPLATE_ROWS
    for c, col in enumerate(table.columns):
        sheet.write_string(0, c, col.name, styles["header"])
        sheet.write_comment(0, c, _note(name, col), {"author": "landrelease", "x_scale": 2.5})
        if col.dtype in ("int", "float"):
            fmt = number_format(col.unit, col.dtype)
        elif col.dtype == "bool" or (name == "budget" and col.name == "year"):
            fmt = ""
        else:
            fmt = "@"  # text stays text: dates such as 2027-03-01, codes such as 0012
        if fmt and fmt not in styles:
            styles[fmt] = book.add_format({"num_format": fmt})
        width = max(len(col.name) + 3, 12 if col.dtype != "string" else 16)
        sheet.set_column(c, c, min(width, 40), styles[fmt] if fmt else None)
        rule = _validation(name, col, _letter(c))
        if rule is not None:
            sheet.data_validation(1, c, last - 1, c, rule)
    for r, values in enumerate(_prefill(name), start=1):
        for c, value in enumerate(values):
            if value:
                sheet.write_string(r, c, value)
    sheet.freeze_panes(1, 0)
    sheet.ignore_errors({"number_stored_as_text": "A1:XFD1048576"})


def write_request_template_xlsx(target: str | IO[bytes], *, area_list: bool = True) -> None:
    """Write the blank request workbook to a file name or a binary handle.

    Sheets: ``readme``, then :func:`template_sheets` (``area_list`` left out when
    ``area_list`` is false, as in a public request). For an atomic write to a path use
    :func:`write_request_template`.
    """
    schemas = request_schemas()
    book = xlsxwriter.Workbook(target, WORKBOOK_OPTIONS)
    book.set_properties(
        {
            "title": "Article 5 extension request tables: blank template",
            "author": "landrelease",
            "comments": f"landrelease {_version()} request template",
        }
    )
    styles: dict[str, Any] = {
        "header": book.add_format({"bold": True, "bottom": 1}),
        "bold": book.add_format({"bold": True}),
        "title": book.add_format({"bold": True, "font_size": 14}),
        "wrap": book.add_format({"text_wrap": True, "valign": "top"}),
    }
    sheets = template_sheets(area_list=area_list)
    _write_readme(book, styles, sheets)
    for name in sheets:
        _write_table_sheet(book, name, schemas[name], styles)
    book.close()


def write_request_template(path: str | Path, *, area_list: bool = True) -> Path:
    """Write the blank request workbook to ``path`` (``.xlsx``) atomically; return the path.

    Raises
    ------
    ValueError
        when ``path`` does not end in ``.xlsx`` (a :class:`~landrelease.errors.
        LandreleaseError`).
    """
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise LandreleaseError(
            f"{path}: the request template is an Excel workbook; give a file name ending in .xlsx"
        )
    return atomic_write(
        path, lambda h: write_request_template_xlsx(h, area_list=area_list), binary=True
    )
