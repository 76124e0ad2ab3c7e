"""Write a request pack as a DOCX: the whole extension request, section by section.

A title block (country, scenario and its hash, date, a note when the data are a synthetic
sample), then every section of the request in the agreed order
(:mod:`landrelease.domain.outline`: the 2006 outline and the sections the Committee asks for
beside it), each with its heading, its narrative (the ``narrative`` table; an empty section
says "To be completed."), then its captioned tables, numbers formatted for reading
(thousands separators, m² and US$ without decimals), and its charts
(:mod:`landrelease.export.charts`: the burn-down and the funding chart under the work plan;
:mod:`landrelease.export.fan`: the forecast's fan chart under the time requested, when a
forecast is given).
The annexes end with how the tables were made (the metadata). Two long tables are
summarised, and a note says so: ``work_plan`` shows its yearly Total rows only and
``area_list`` is left out (it is in the workbook, which is not for publication). A table
with no rows (a report the State did not give) says so instead of an empty grid.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import IO, TYPE_CHECKING, Any

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

from landrelease.domain.outline import Section, outline
from landrelease.domain.schema import TableSchema, request_schemas
from landrelease.engine.result import ProjectionResult
from landrelease.export.charts import burndown_png, funding_png
from landrelease.export.fan import fan_png
from landrelease.export.markdown_docx import add_markdown
from landrelease.reports.labels import column_heading
from landrelease.reports.request import METADATA_SHEET, RequestPack

if TYPE_CHECKING:  # the forecast (numba) takes a second to import; the annex needs its tables
    from landrelease.forecast import ForecastResult

__all__ = [
    "NO_FORECAST",
    "NO_ROWS",
    "TABLE_TITLES",
    "TO_BE_COMPLETED",
    "format_value",
    "write_request_docx",
]

TABLE_TITLES = {
    "header": "Key dates and duration requested",
    "remaining_challenge": "Remaining challenge",
    "progress": "Progress made",
    "progress_by_type": "Progress made by contamination type",
    "work_plan": "Work plan (yearly totals)",
    "budget": "Budget and funding",
    "capacity": "Capacity",
    "cases": "The plan and its cases",
    "confidence": "How likely the dates are (forecast)",
    "risk_education": "Risk education plan",
    "assumptions": "Assumptions",
    "form_c": "Article 7 Form C",
    "form_f_g": "Article 7 Forms F and G",
    "expenditure": "Expenditure by source",
    "casualties": "Casualties",
    "marking": "Marking and fencing",
    "stocks": "Remaining area reported in past years",
    "previous_baseline": "Baseline of the previous request",
    METADATA_SHEET: "How these tables were made",
}
"""Heading of each table (the caption is the schema description)."""
TO_BE_COMPLETED = "To be completed."
"""What an empty section says."""
NO_ROWS = "No figures given."
"""What a table without rows says."""
NO_FORECAST = (
    "No forecast was run for this request (landrelease export --draws 0): how likely its "
    "dates are is not stated."
)
"""What the ``confidence`` table and the fan chart say without a forecast."""

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
        f"Sections in the order the States Parties agreed in 2006, with the tables of the "
        f"request. Scenario {m.get('scenario', '')} (hash {m.get('scenario_hash', '')}); made "
        f"{created} with {m.get('tool', 'landrelease')} {m.get('tool_version', '')}."
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


def _narrative(pack: RequestPack) -> dict[str, str]:
    """Section id → text, from the pack's ``narrative`` table (none: every section empty)."""
    table = pack.tables.get("narrative")
    if table is None or "section_id" not in table or "text" not in table:
        return {}
    return {
        str(sid): "" if pd.isna(text) else str(text)
        for sid, text in zip(table["section_id"], table["text"], strict=True)
        if not pd.isna(sid)
    }


class _Writer:
    """Adds sections, tables and figures to one document, numbering tables and figures."""

    def __init__(
        self,
        doc: DocumentObject,
        pack: RequestPack,
        result: ProjectionResult | None,
        forecast: ForecastResult | None = None,
    ):
        self.doc, self.pack, self.result, self.forecast = doc, pack, result, forecast
        self.style = _setup(doc)
        self.schemas = request_schemas()
        self.tables = 0
        self.figures = 0

    def section(self, section: Section, text: str, tables: list[str]) -> None:
        self.doc.add_heading(section.heading, level=1)
        if text.strip():
            add_markdown(self.doc, text)
        else:
            self.doc.add_paragraph().add_run(TO_BE_COMPLETED).italic = True
        for name in tables:
            self.table(name)
        for chart in section.charts:
            self.chart(chart)

    def table(self, name: str) -> None:
        doc = self.doc
        table = (
            self.pack.metadata_table() if name == METADATA_SHEET else self.pack.tables.get(name)
        )
        if table is None:
            return
        if name == _OMITTED:
            doc.add_paragraph(
                f"The list of areas ({len(table):,} areas with identifiers and coordinates) is "
                "not reproduced here; it is in the workbook (sheet area_list), which is not "
                "for publication."
            )
            return
        schema = self.schemas.get(name)
        shown, note = _shown(name, table)
        self.tables += 1
        title = TABLE_TITLES.get(name, name.replace("_", " ").capitalize())
        doc.add_heading(title, level=2)
        description = schema.description if schema is not None else f"{title}."
        doc.add_paragraph(f"Table {self.tables}: {description}", style="Caption")
        if shown.empty:
            doc.add_paragraph().add_run(
                NO_FORECAST if name == "confidence" else NO_ROWS
            ).italic = True
            return
        if note:
            doc.add_paragraph(note)
        _add_table(doc, shown, schema, self.style, name)

    def chart(self, chart: str) -> None:
        if chart == "fan" and self.forecast is None:
            return  # the confidence table above says no forecast was run
        self.figures += 1
        if chart == "fan":
            assert self.forecast is not None
            png = fan_png(self.pack, self.forecast)
            caption = (
                "Remaining anti-personnel-mined (Article 5) area at year end (km²): the "
                f"forecast's P10–P90 band and P50 over {self.forecast.n_draws:,} draws of the "
                "uncertain inputs, the plan as projected, and the deadlines."
            )
            _figure(self.doc, self.figures, png, caption)
        elif chart == "burndown":
            caption = (
                "Remaining suspected (SHA) and confirmed (CHA) hazardous area at year end"
                if self.result is not None
                else "Remaining hazardous area (SHA and CHA together) at year end"
            )
            png = burndown_png(self.pack, self.result)
            _figure(self.doc, self.figures, png, f"{caption} (km²).")
        else:
            png = funding_png(self.pack)
            _figure(self.doc, self.figures, png, "Yearly cost, secured funding and gap.")


def write_request_docx(
    pack: RequestPack,
    target: str | IO[bytes],
    result: ProjectionResult | None = None,
    forecast: ForecastResult | None = None,
) -> None:
    """Write ``pack`` as the whole request (DOCX) to a file name or a binary handle.

    Parameters
    ----------
    pack : the request tables (with its ``narrative``) and metadata.
    target : a file name or a binary handle; for an atomic write to a path use
        :func:`~landrelease.export.request_write.write_request`.
    result : the projection the pack was built from; lets the burn-down chart split the
        remaining area (km²) into SHA and CHA each year (the pack holds the total only).
    forecast : the forecast behind the pack's ``confidence`` table; draws the fan chart of
        remaining Article 5 area under the time requested (none without it).
    """
    doc = Document()
    writer = _Writer(doc, pack, result, forecast)
    _title(doc, pack)
    texts = _narrative(pack)
    sections = outline()
    placed = {t for s in sections for t in s.tables} | {"narrative"}
    others = [n for n in pack.tables if n not in placed]
    for section in sections:
        tables = [t for t in section.tables if t in pack.tables]
        if section is sections[-1]:
            tables += [*others, METADATA_SHEET]
        writer.section(section, texts.get(section.id, ""), tables)
    doc.save(target)
