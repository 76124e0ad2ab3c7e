"""What a review finds: one :class:`Finding` per problem, located in the request as written."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

__all__ = [
    "SEVERITIES",
    "Figure",
    "Finding",
    "findings_table",
    "format_figures",
    "sort_findings",
]

SEVERITIES = ("error", "warning", "info")
"""Severities, gravest first. ``error``: the request is inconsistent, infeasible or lacks a
required element; ``warning``: the Committee would ask about it; ``info``: a number the
Committee looks at, stated for the record."""

Figure = float | int | str | None
"""A number compared by a finding (or a year or date as text)."""

FINDING_COLUMNS = (
    "severity",
    "check",
    "sheet",
    "row",
    "column",
    "message",
    "figures",
    "question",
    "actions",
)
"""Columns of :func:`findings_table`."""


@dataclass(frozen=True)
class Finding:
    """One thing a reviewer of an Article 5 extension request would raise.

    Parameters
    ----------
    check : name of the check that found it (a key of the check registry).
    severity : ``"error"``, ``"warning"`` or ``"info"``.
    message : what is wrong, with the numbers.
    sheet : request table (sheet name) it is in, or ``None`` when it concerns the whole pack.
    row : spreadsheet row as written (header = row 1, table position *i* → row *i* + 2), or
        ``None`` when not row-specific.
    column : column concerned, or ``None``.
    figures : the numbers compared, e.g. ``{"stated": 12.0, "expected": 10.0}`` (m², US$,
        counts or years, as the column's unit).
    question : a clarification question to the requesting State, citing the numbers.
    actions : the actions of the action plan in force that the check serves, e.g. ``Oslo
        Action Plan #19, #20`` (filled by the review from ``action_plans.toml``).
    """

    check: str
    severity: str
    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    figures: Mapping[str, Figure] = field(default_factory=dict, hash=False)
    question: str = ""
    actions: str = ""

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity must be one of {SEVERITIES}, not {self.severity!r}")
        if self.row is not None and self.row < 2:
            raise ValueError(f"row {self.row}: data rows start at row 2 (header = row 1)")

    def location(self) -> str:
        """Where it is, e.g. ``budget, row 5, column cost_usd`` (empty for the whole pack)."""
        parts = [p for p in (self.sheet,) if p]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        return ", ".join(parts)

    def as_dict(self) -> dict[str, object]:
        """The finding as a flat JSON-ready record (``figures`` kept as a mapping)."""
        return {
            "severity": self.severity,
            "check": self.check,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message,
            "figures": dict(self.figures),
            "question": self.question,
            "actions": self.actions,
        }


def format_figures(figures: Mapping[str, Figure]) -> str:
    """``stated=12; expected=10`` (numbers to 6 significant digits past the thousands)."""
    parts = []
    for key, value in figures.items():
        if isinstance(value, float):
            shown = f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.6g}"
        else:
            shown = "" if value is None else str(value)
        parts.append(f"{key}={shown}")
    return "; ".join(parts)


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Errors first, then warnings, then info; otherwise in the order found (stable)."""
    return sorted(findings, key=lambda f: SEVERITIES.index(f.severity))


def findings_table(findings: Iterable[Finding]) -> pd.DataFrame:
    """Findings as a table, one row each, columns :data:`FINDING_COLUMNS`.

    ``row`` is a nullable integer (spreadsheet row, header = 1); ``figures`` is text
    (:func:`format_figures`) so that the table writes cleanly to CSV or a sheet.
    """
    records = [
        {**f.as_dict(), "figures": format_figures(f.figures)} for f in sort_findings(findings)
    ]
    table = pd.DataFrame(records, columns=list(FINDING_COLUMNS))
    table["row"] = table["row"].astype("Int64")
    for col in (
        "severity",
        "check",
        "sheet",
        "column",
        "message",
        "figures",
        "question",
        "actions",
    ):
        table[col] = table[col].astype("string")
    return table
