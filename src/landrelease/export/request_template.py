"""A blank request workbook for a State that does not use landrelease to fill by hand.

The template has the sheets and columns of a request pack, in the pack's sheet order
(:func:`~landrelease.domain.schema.request_schemas`), after a first ``readme`` sheet that
explains every sheet and every column (unit and meaning, generated from ``request.toml``).
Each header cell carries a comment with the column's meaning and unit; every data column
has an Excel number format by unit and a data validation over rows 2 to
:data:`TEMPLATE_ROWS`: a drop-down list for the categories that do not depend on the
country (contamination type, SHA/CHA status, capacity phase, device type, marking
measure, section ids, true/false; :mod:`~landrelease.export.template_rules`), a whole
number for years and counts, a number ≥ 0 for m², US$ and teams, 0–1 for shares. The
``header`` sheet lists the items the Committee review reads (values blank); the
``narrative`` sheet lists every section of the request (text blank; the readme gives each
section's guidance and the questions the Committee usually asks); ``metadata`` says the
pack was filled by hand. Filled in, the workbook reads back with
:func:`~landrelease.io.request_read.read_request` and can be reviewed
(``landrelease review``).
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

import xlsxwriter  # type: ignore[import-untyped]

from landrelease.domain.enums import ContaminationType
from landrelease.domain.outline import outline
from landrelease.domain.schema import TableSchema, request_schemas
from landrelease.errors import LandreleaseError
from landrelease.export.request_xlsx import WORKBOOK_OPTIONS, number_format
from landrelease.export.template_rules import (
    AREA_LIST_ROWS,
    CHOICES,
    HEADER_ITEMS,
    TEMPLATE_ROWS,
    YEAR_RANGE,
    column_letter,
    header_note,
    kind_words,
    valid_words,
    validation,
)
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
_TYPES = tuple(t.value for t in ContaminationType)
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
    "• Sheets marked 'optional' may be left empty or deleted; every other sheet must stay. "
    "Tables of figures the State does not have (casualties, marking, expenditure, past "
    "stocks, the previous baseline) may stay empty: the review then says what is missing.",
    "• The narrative sheet holds the request's text, one row per section (the sections are "
    "listed below with what to write and what the Committee usually asks). Write a "
    "section's text in its text cell; a text longer than a cell holds (32,767 characters) "
    "continues on the next row with the same section_id.",
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
                kind_words(col),
                col.unit,
                "yes" if col.required else "",
                valid_words(name, col),
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
        "Sections of the request (sheet narrative, column section_id)",
        (
            "section_id",
            "section",
            "",
            "",
            "",
            "questions the Committee usually asks",
            "what to write",
        ),
        [(s.id, s.heading, "", "", "", " ".join(s.questions), s.guidance) for s in outline()],
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


def _prefill(name: str) -> list[tuple[str, ...]]:
    """Rows written in advance: header items, metadata keys."""
    if name == "header":
        return [(item, "") for item, _ in HEADER_ITEMS]
    if name == "narrative":
        return [(s.id, s.number, s.title) for s in outline()]
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
        sheet.write_comment(0, c, header_note(name, col), {"author": "landrelease", "x_scale": 2.5})
        if col.dtype in ("int", "float"):
            fmt = number_format(col.unit, col.dtype)
        elif col.dtype == "bool" or (name == "budget" and col.name == "year"):
            fmt = ""
        else:
            fmt = "@"  # text stays text: dates such as 2027-03-01, codes such as 0012
        if fmt and fmt not in styles:
            styles[fmt] = book.add_format({"num_format": fmt})
        width = max(len(col.name) + 3, 12 if col.dtype != "string" else 16)
        if (name, col.name) == ("narrative", "text"):
            styles.setdefault("text", book.add_format({"num_format": "@", "text_wrap": True}))
            sheet.set_column(c, c, 100, styles["text"])
        else:
            sheet.set_column(c, c, min(width, 40), styles[fmt] if fmt else None)
        rule = validation(name, col, column_letter(c))
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
