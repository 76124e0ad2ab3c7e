"""Tables formatted for reading: m² shown as km², US$ as US$ million, problems as rows.

Units stay in the column names. These tables are for the screen only; files offered for
download come from the library's writers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from landrelease import Problem
from landrelease.review import Finding
from landrelease.review.findings import format_figures

__all__ = [
    "PROBLEM_COLUMNS",
    "findings_rows",
    "key_figures_text",
    "km2",
    "plain",
    "problems_table",
    "target_year",
    "usd_million",
    "year_text",
    "years_moved",
]

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


def km2(table: pd.DataFrame, keep: Sequence[str] = ()) -> pd.DataFrame:
    """``table`` with every ``*_m2`` column shown in km² (renamed ``*_km2``), other numeric
    columns kept; ``keep`` columns (e.g. ``region``) first."""
    out = table.copy()
    renames = {}
    for col in out.columns:
        if str(col).endswith("_m2"):
            out[col] = pd.to_numeric(out[col], errors="coerce") / 1e6
            renames[col] = str(col)[: -len("_m2")] + "_km2"
    out = out.rename(columns=renames)
    first = [c for c in keep if c in out.columns]
    return out[first + [c for c in out.columns if c not in first]]


def usd_million(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with every ``*_usd`` column in US$ million (renamed ``*_usd_million``)."""
    out = table.copy()
    renames = {}
    for col in out.columns:
        if str(col).endswith("_usd"):
            out[col] = pd.to_numeric(out[col], errors="coerce") / 1e6
            renames[col] = f"{col}_million"
    return out.rename(columns=renames)


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


def target_year(completion: int | None, first: int, last: int) -> int:
    """A default target year for the funding search: two years before the projected
    completion (the end of the horizon when it does not complete), within ``first..last``."""
    year = (last if completion is None else completion) - 2
    return max(first, min(year, last))


def findings_rows(findings: Iterable[Finding]) -> list[dict[str, str]]:
    """Findings as plain records for the screen: where, message, figures, question."""
    return [
        {
            "severity": f.severity,
            "check": f.check,
            "where": f.location() or "whole request",
            "message": f.message,
            "figures": format_figures(f.figures),
            "question": f.question,
        }
        for f in findings
    ]
