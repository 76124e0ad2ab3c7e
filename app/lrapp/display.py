"""Tables formatted for reading: headings for people with units, m² shown as km², US$ as
US$ million, sensible rounding; problems as rows.

These tables are for the screen only; files offered for download come from the library's
writers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from landrelease import Problem
from landrelease.reports.labels import category_label, column_heading, column_unit
from landrelease.review import Finding
from landrelease.review.findings import format_figures

__all__ = [
    "FORMATS",
    "PROBLEM_COLUMNS",
    "Shown",
    "deadline_year",
    "findings_rows",
    "key_figures_text",
    "money_text",
    "plain",
    "problems_table",
    "readable",
    "target_year",
    "year_text",
    "years_moved",
]

SHOWN_UNITS = {"m²": ("km²", 1e-6), "US$": ("US$ million", 1e-6)}
"""Units converted for reading: (unit shown, factor from the stored unit)."""
FORMATS = {
    "km²": "%,.2f",
    "m²": "%,.0f",
    "US$ million": "%,.2f",
    "US$": "%,.0f",
    "count": "%,.0f",
    "year": "%d",
    "rank": "%d",
    "teams": "%,.1f",
    "team-years": "%,.1f",
    "0..1": "%.2f",
    "%": "%.1f",
    "degrees": "%.5f",
}
"""printf formats of numbers by the unit shown (Streamlit's ``NumberColumn``; ``,`` puts
thousands separators): km² to 0.01 km² (1 ha), m² and US$ to the unit, years plain."""
CATEGORY_COLUMNS = ("status", "contamination_type", "method")
"""Columns whose codes (``ap_mine``) are shown by name (``AP mines``)."""


@dataclass(frozen=True)
class Shown:
    """A table ready for the screen: headings for people, numbers in the units shown, and
    the printf format of each numeric column (by heading)."""

    table: pd.DataFrame
    formats: dict[str, str]


def readable(table: pd.DataFrame, keep: Sequence[str] = (), schema: str | None = None) -> Shown:
    """``table`` for reading: m² in km², US$ in US$ million, codes of statuses, types and
    methods by name, every heading a label with its unit (``SHA areas (number)``,
    ``Area (km²)``) from the schema files; ``keep`` columns first.

    Parameters
    ----------
    table : a table with landrelease's column names (units in the names, m² and US$).
    keep : columns to put first (e.g. ``year``, ``region``).
    schema : the schema table whose labels come first (``remaining_challenge``, ...).
    """
    first = [c for c in keep if c in table.columns]
    order = first + [c for c in table.columns if c not in first]
    columns: dict[str, pd.Series] = {}
    formats: dict[str, str] = {}
    for name in order:
        values = table[name]
        unit = column_unit(str(name), schema)
        if unit in SHOWN_UNITS:
            unit, factor = SHOWN_UNITS[unit]
            values = pd.to_numeric(values, errors="coerce") * factor
        elif str(name) in CATEGORY_COLUMNS:
            values = values.astype("string").map(category_label, na_action="ignore")
        heading = column_heading(str(name), unit=unit, table=schema)
        columns[heading] = values
        if unit in FORMATS and pd.api.types.is_numeric_dtype(values):
            formats[heading] = FORMATS[unit]
    return Shown(pd.DataFrame(columns, index=table.index), formats)


PROBLEM_COLUMNS = ("severity", "file", "row", "column", "value", "problem", "expected")


def problems_table(problems: Iterable[Problem], limit: int | None = None) -> pd.DataFrame:
    """One row per problem: ``severity, file, row, column, value, problem, expected``.

    ``row`` is the spreadsheet row (header = row 1) as text, or ``feature N`` for a GIS
    layer; empty when the problem concerns the whole file. All cells are text."""
    rows = []
    for p in problems:
        record = p.as_dict()
        where = (
            ""
            if p.row is None
            else (str(p.row) if p.row_kind == "row" else f"{p.row_kind} {p.row}")
        )
        rows.append(
            {
                "severity": p.severity,
                "file": p.file or "",
                "row": where,
                "column": p.column or "",
                "value": "" if record["value"] is None else str(record["value"]),
                "problem": p.message,
                "expected": p.expected or "",
            }
        )
        if limit is not None and len(rows) >= limit:
            break
    return pd.DataFrame(rows, columns=list(PROBLEM_COLUMNS), dtype="string")


def key_figures_text(table: pd.DataFrame) -> pd.DataFrame:
    """A :func:`landrelease.reports.compare.compare` table as text for reading: areas in
    km², money in US$ million, indexed by the figure's label."""
    labels = table["label"].str.replace("(m²)", "(km²)").str.replace("(US$)", "(US$ million)")
    out = table.assign(label=labels).set_index("label").drop(columns=["figure"])
    figures = table["figure"].to_numpy()

    def cell(figure: str, value: object) -> str:
        if value is None or (isinstance(value, float) and value != value):
            return "—"
        if figure.endswith(("_m2", "_usd")):
            return f"{float(value) / 1e6:,.1f}"
        return str(value)

    for col in out.columns:
        out[col] = [cell(f, v) for f, v in zip(figures, out[col], strict=True)]
    return out.astype("string")


def money_text(usd: float) -> str:
    """An amount for a metric, in US$ million: ``US$28.5M``; from US$100M on, whole millions
    (``US$1,204M``), so that a metric's value fits a narrow column."""
    millions = usd / 1e6
    return f"US${millions:,.0f}M" if abs(millions) >= 100 else f"US${millions:,.1f}M"


def year_text(year: int | None, end_year: int) -> str:
    """A completion year for a metric: ``2037``, or ``after 2050`` beyond the horizon."""
    return f"after {end_year}" if year is None else str(year)


def plain(text: str) -> str:
    """``text`` safe to show as Markdown: ``$`` (US$ amounts would start formulas), ``*``,
    ``_``, ``~`` and ``` ` ``` escaped."""
    for char in "\\`*_~$":
        text = text.replace(char, "\\" + char)
    return text


def years_moved(before: int | None, after: int | None, end_year: int) -> str:
    """How a completion year moved: ``-2 years``, ``+1 year``, ``none``; beyond the horizon
    (``None``) is described in words."""
    if before == after:
        return "none"
    if before is None or after is None:
        return f"now {year_text(after, end_year)}"
    moved = after - before
    return f"{moved:+d} year{'s' if abs(moved) != 1 else ''}"


def deadline_year(deadline: dt.date) -> int:
    """The last completion year that meets ``deadline`` (completion is at the end of the
    year): 2027 for 1 March 2028, 2027 for 31 December 2027."""
    return (deadline + dt.timedelta(days=1)).year - 1


def target_year(
    completion: int | None, deadline: int, earliest: int | None, first: int, last: int
) -> int:
    """A default "finish by" year for the funding search, always reachable: the deadline's
    year (``deadline``, see :func:`deadline_year`) when the plan completes after it, else the
    plan's own completion year; never before ``earliest``, the year the plan completes with
    every planned team paid (no money finishes earlier); within ``first..last``. ``last``
    when even full funding does not complete (``earliest`` is ``None``)."""
    if earliest is None:
        return last
    wanted = deadline if completion is None or completion > deadline else completion
    return max(first, min(max(wanted, earliest), last))


def findings_rows(findings: Iterable[Finding]) -> list[dict[str, str]]:
    """Findings as plain records for the screen: where, message, figures, question, the
    actions of the action plan in force."""
    return [
        {
            "severity": f.severity,
            "check": f.check,
            "where": f.location() or "whole request",
            "message": f.message,
            "figures": format_figures(f.figures),
            "question": f.question,
            "actions": f.actions,
        }
        for f in findings
    ]
