"""Write a Committee review (:class:`~landrelease.review.Review`) as a DOCX document.

Title and verdict, a table of counts by severity, then the findings grouped by severity
(errors, warnings, notes), each numbered with where it is (sheet, row as the spreadsheet
shows it, column), what is wrong, the figures compared and the question to the State; then
the plan-versus-actual table when a release history was given, what the review could not
check, and the checks run. Areas in m², money as the pack states it.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import IO

import numpy as np
import pandas as pd
from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from landrelease.review import REGISTRY, SEVERITIES, Review
from landrelease.review.findings import format_figures

__all__ = ["HEADINGS", "TRACK_LABELS", "write_review_docx"]

HEADINGS = {"error": "Errors", "warning": "Warnings", "info": "Notes"}
"""Section heading of each severity."""
TRACK_LABELS = {
    "year": "year",
    "region": "region",
    "method": "method",
    "target_area_m2": "target (m²)",
    "achieved_area_m2": "achieved (m²)",
    "achieved_pct": "achieved (%)",
    "cumulative_target_m2": "cumulative target (m²)",
    "cumulative_achieved_m2": "cumulative achieved (m²)",
    "gap_carried_forward_m2": "gap carried forward (m²)",
}
"""Column headings of the plan-versus-actual table."""


def _cell(value: object, column: str) -> str:
    """A table cell: m² without decimals, % to one decimal (shares as %), blanks empty."""
    if value is None or (not isinstance(value, str) and bool(pd.isna(value))):
        return ""
    if isinstance(value, float | np.floating):
        number = float(value)
        if math.isnan(number):
            return ""
        if column.endswith("_frac"):
            return f"{100 * number:.1f}%"
        return f"{number:.1f}" if column.endswith("_pct") else f"{number:,.0f}"
    return str(value)


def _setup(doc: DocumentObject) -> None:
    """A4 portrait, 2 cm margins, 10 pt text."""
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))
    doc.styles["Normal"].font.size = Pt(10)


def _grid(doc: DocumentObject, header: list[str], rows: list[list[str]], numeric: set[int]) -> None:
    """A simple grid table; columns in ``numeric`` right-aligned."""
    grid = doc.add_table(rows=len(rows) + 1, cols=len(header))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, header, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    for row, values in zip(list(grid.rows)[1:], rows, strict=True):
        for i, (cell, text) in enumerate(zip(row.cells, values, strict=True)):
            paragraph = cell.paragraphs[0]
            if text:
                paragraph.add_run(text)
            if i in numeric:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _findings(doc: DocumentObject, review: Review) -> None:
    for severity in SEVERITIES:
        items = review.of(severity)
        doc.add_heading(f"{HEADINGS[severity]} ({len(items)})", level=1)
        if not items:
            doc.add_paragraph("None.")
        for n, finding in enumerate(items, 1):
            paragraph = doc.add_paragraph()
            paragraph.add_run(f"{n}. {finding.check}").bold = True
            where = finding.location()
            if where:
                paragraph.add_run(f" ({where})").italic = True
            paragraph.add_run(f": {finding.message}")
            if finding.figures:
                figures = doc.add_paragraph(f"Figures: {format_figures(finding.figures)}")
                figures.paragraph_format.left_indent = Cm(0.8)
            if finding.question:
                question = doc.add_paragraph()
                question.paragraph_format.left_indent = Cm(0.8)
                question.add_run("Question to the State: ").bold = True
                question.add_run(finding.question)
            if finding.actions:
                served = doc.add_paragraph()
                served.paragraph_format.left_indent = Cm(0.8)
                served.add_run("Action plan: ").bold = True
                served.add_run(finding.actions)


def _track(doc: DocumentObject, table: pd.DataFrame) -> None:
    doc.add_heading("Plan versus actual", level=1)
    if table.empty:
        doc.add_paragraph("No milestone year is covered by the release history.")
        return
    columns = [str(c) for c in table.columns]
    rows = [
        [_cell(v, c) for v, c in zip(record, columns, strict=True)]
        for record in table.to_numpy(dtype=object)
    ]
    numeric = {i for i, c in enumerate(columns) if c.endswith(("_m2", "_pct"))}
    _grid(doc, [TRACK_LABELS.get(c, c) for c in columns], rows, numeric)
    doc.add_paragraph(
        "Gap carried forward = cumulative target − cumulative achieved: positive is area "
        "behind plan, negative ahead of plan."
    )


def _reconciliation(doc: DocumentObject, table: pd.DataFrame) -> None:
    doc.add_heading("Reconciliation of the stock", level=1)
    if table.empty:
        doc.add_paragraph("No two stated stocks to reconcile.")
        return
    columns = [str(c) for c in table.columns]
    rows = [
        [_cell(v, c) for v, c in zip(record, columns, strict=True)]
        for record in table.to_numpy(dtype=object)
    ]
    numeric = {i for i, c in enumerate(columns) if c.endswith(("_m2", "_frac"))}
    _grid(doc, columns, rows, numeric)
    doc.add_paragraph(
        "Revision = closing − opening + released: new finds and re-survey revisions (positive: "
        "the stock grew beyond what release explains)."
    )


def write_review_docx(review: Review, target: str | IO[bytes]) -> None:
    """Write ``review`` as a DOCX document to a file name or a binary handle.

    For an atomic write to a path, pass a handle from
    :func:`~landrelease.export.writers.atomic_write` (``binary=True``).
    """
    doc = Document()
    _setup(doc)
    doc.add_heading(f"Committee review: {review.title}", level=0)
    created = dt.date.today().isoformat()
    doc.add_paragraph(
        f"Review of the Article 5 extension request tables, made {created} with landrelease "
        "as the Article 5 Committee would check them (consistency, duration, pace, funding, "
        "disaggregation, action plan)."
    )
    verdict = doc.add_paragraph()
    verdict.add_run("Verdict: ").bold = True
    verdict.add_run(review.verdict)
    if review.action_plan:
        plan = doc.add_paragraph()
        plan.add_run("Action plan: ").bold = True
        plan.add_run(review.action_plan)
    _grid(
        doc,
        ["severity", "findings"],
        [[HEADINGS[s], str(review.counts.get(s, 0))] for s in SEVERITIES],
        {1},
    )
    _findings(doc, review)
    if review.plan_vs_actual is not None:
        _track(doc, review.plan_vs_actual)
    if review.reconciliation is not None:
        _reconciliation(doc, review.reconciliation)
    doc.add_heading("Not checked", level=1)
    for what, why in review.not_checked:
        doc.add_paragraph(f"{what}: {why}.", style="List Bullet")
    doc.add_heading("Checks run", level=1)
    for name in review.checks:
        if name in REGISTRY:
            paragraph = doc.add_paragraph(style="List Bullet")
            paragraph.add_run(name).bold = True
            paragraph.add_run(f" ({REGISTRY[name].group}): {REGISTRY[name].rule}")
    doc.save(target)
