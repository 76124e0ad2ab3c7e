"""Write a request pack as a DOCX annex: title, captioned tables and two charts.

The annex is meant to be pasted into (or attached to) an Article 5 extension request. It has
a title block (country, scenario and its hash, date, a note when the data are a synthetic
sample), then one captioned table per request table with numbers formatted for reading
(thousands separators, m² and US$ without decimals), then the metadata. Two long tables are
summarised, and a note says so: ``work_plan`` shows its yearly Total rows only and
``area_list`` is left out (it is in the workbook, which is not for publication). Charts
(:mod:`landrelease.export.charts`) follow the work plan (burn-down) and the budget (funding).
"""

from __future__ import annotations

import datetime as dt
import io
from typing import IO, Any

import pandas as pd
from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.styles.style import ParagraphStyle

from landrelease.domain.schema import TableSchema, request_schemas
from landrelease.engine.result import ProjectionResult
from landrelease.export.charts import burndown_png, funding_png
from landrelease.reports.labels import column_heading
from landrelease.reports.request import METADATA_SHEET, RequestPack

__all__ = ["TABLE_TITLES", "format_value", "write_request_docx"]

TABLE_TITLES = {
    "header": "Key dates and duration requested",
    "remaining_challenge": "Remaining challenge",
    "progress": "Progress made",
    "progress_by_type": "Progress made by contamination type",
    "work_plan": "Work plan (yearly totals)",
    "budget": "Budget and funding",
    "capacity": "Capacity",
    "cases": "The plan and its cases",
    "risk_education": "Risk education plan",
    "assumptions": "Assumptions",
    "form_c": "Article 7 Form C",
    "form_f_g": "Article 7 Forms F and G",
    METADATA_SHEET: "How these tables were made",
}
"""Heading of each table's section (the caption is the schema description)."""

_SUMMARISED = "work_plan"
_OMITTED = "area_list"
_TABLE_STYLE = "Table Text"


def format_value(value: Any, kind: str, unit: str = "") -> str:
    """Text of one cell: thousands separators; m², US$ and counts without decimals.

    ``kind`` is the schema dtype (``int``, ``float``, ``bool``, ``string``).
    """
    if value is None or (not isinstance(value, str) and bool(pd.isna(value))):
        return ""
    if kind == "bool":
        return "yes" if bool(value) else "no"
    if kind not in ("int", "float") or isinstance(value, str):
        return str(value)
    number = float(value)
    if unit in ("year", "rank"):
        return f"{number:.0f}"
    if unit in ("%", "0..1"):
        return f"{number:.2f}"
    if unit in ("teams", "team-years"):
        return f"{number:,.1f}"
    if unit == "degrees":
        return f"{number:.6f}"
    if kind == "int" or unit in ("m²", "US$", "count"):
        return f"{number:,.0f}"
    return f"{number:,.2f}"


def _setup(doc: DocumentObject) -> ParagraphStyle:
    """A4 landscape, narrow margins; a compact paragraph style for table cells."""
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    doc.styles["Normal"].font.size = Pt(10)
    style = doc.styles.add_style(_TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    assert isinstance(style, ParagraphStyle)
    style.base_style = doc.styles["Normal"]
    style.font.size = Pt(7.5)
    style.paragraph_format.space_before = Pt(0)
    style.paragraph_format.space_after = Pt(0)
    return style


def _title(doc: DocumentObject, pack: RequestPack) -> None:
    m = pack.metadata
    doc.add_heading(f"Article 5 extension request: {m.get('country', '')}", level=0)
    created = m.get("created_utc", "")[:10] or dt.date.today().isoformat()
    doc.add_paragraph(
        f"Annex: tables of the request. Scenario {m.get('scenario', '')} "
        f"(hash {m.get('scenario_hash', '')}); made {created} with "
        f"{m.get('tool', 'landrelease')} {m.get('tool_version', '')}."
    )
    if "synthetic" in m:
        words = m["synthetic"].removeprefix("true").lstrip(": ") or "sample data"
        doc.add_paragraph().add_run(f"Synthetic sample: {words}.").bold = True
    if pack.public:
        doc.add_paragraph(
            "Public version: the list of areas (identifiers and coordinates of areas not yet "
            "released) is left out."
        )


def _repeat_header(row: Any) -> None:
    """Mark a table row as a header row that repeats on every page."""
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _add_table(
    doc: DocumentObject,
    table: pd.DataFrame,
    schema: TableSchema | None,
    style: ParagraphStyle,
    name: str,
) -> None:
    """One table with headings for people (``SHA areas (number)``, ``Area (m²)``) from the
    schema's labels and units; ``name`` is the request table's name."""
    columns = [str(c) for c in table.columns]
    cols = [schema[c] if schema is not None and c in schema else None for c in columns]
    kinds = [c.dtype if c is not None else "string" for c in cols]
    units = [c.unit if c is not None else "" for c in cols]
    grid = doc.add_table(rows=len(table) + 1, cols=len(columns))
    grid.style = "Table Grid"
    rows = grid.rows
    _repeat_header(rows[0])
    style_id = style.style_id  # set by id: paragraph.style = … looks the style up every time
    for cell, column in zip(rows[0].cells, columns, strict=True):
        paragraph = cell.paragraphs[0]
        paragraph._p.style = style_id
        paragraph.add_run(column_heading(column, table=name)).bold = True
    values = table.to_numpy(dtype=object)
    for row, record in zip(list(rows)[1:], values, strict=True):
        for cell, value, kind, unit in zip(row.cells, record, kinds, units, strict=True):
            paragraph = cell.paragraphs[0]
            paragraph._p.style = style_id
            text = format_value(value, kind, unit)
            if text:
                paragraph.add_run(text)
            if kind in ("int", "float"):
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _shown(name: str, table: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """The rows and columns of ``table`` the annex shows, and a note when summarised."""
    if name != _SUMMARISED:
        return table, ""
    totals = table[table["region"] == "Total"].drop(columns=["region", "contamination_type"])
    note = (
        f"Yearly totals only; the work plan by region and contamination type ({len(table):,} "
        "rows) is in the workbook (sheet work_plan)."
    )
    return totals, note


def _figure(doc: DocumentObject, number: int, png: bytes, caption: str) -> None:
    doc.add_picture(io.BytesIO(png), width=Cm(22))
    doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(f"Figure {number}: {caption}", style="Caption")


def write_request_docx(
    pack: RequestPack, target: str | IO[bytes], result: ProjectionResult | None = None
) -> None:
    """Write ``pack`` as a DOCX annex to a file name or a binary handle.

    Parameters
    ----------
    pack : the request tables and metadata.
    target : a file name or a binary handle; for an atomic write to a path use
        :func:`~landrelease.export.request_write.write_request`.
    result : the projection the pack was built from; lets the burn-down chart split the
        remaining area (km²) into SHA and CHA each year (the pack holds the total only).
    """
    schemas = request_schemas()
    doc = Document()
    style = _setup(doc)
    _title(doc, pack)
    tables = {**pack.tables, METADATA_SHEET: pack.metadata_table()}
    figures = 0
    number = 0
    for name, table in tables.items():
        if name == _OMITTED:
            doc.add_paragraph(
                f"The list of areas ({len(table):,} areas with identifiers and coordinates) is "
                "not reproduced in this annex; it is in the workbook (sheet area_list), which "
                "is not for publication."
            )
            continue
        schema = schemas.get(name)
        shown, note = _shown(name, table)
        number += 1
        title = TABLE_TITLES.get(name, name.replace("_", " ").capitalize())
        doc.add_heading(title, level=2)
        description = schema.description if schema is not None else f"{title}."
        doc.add_paragraph(f"Table {number}: {description}", style="Caption")
        if note:
            doc.add_paragraph(note)
        _add_table(doc, shown, schema, style, name)
        if name == "work_plan":
            figures += 1
            caption = (
                "Remaining suspected (SHA) and confirmed (CHA) hazardous area at year end"
                if result is not None
                else "Remaining hazardous area (SHA and CHA together) at year end"
            )
            _figure(doc, figures, burndown_png(pack, result), f"{caption} (km²).")
        elif name == "budget":
            figures += 1
            _figure(doc, figures, funding_png(pack), "Yearly cost, secured funding and gap.")
    doc.save(target)
