"""What the blank request template accepts in each column: drop-down lists of the categories
that do not depend on the country, whole years, numbers within their schema's bounds, and
the words that explain each rule (readme, header notes, Excel's error message)."""

from __future__ import annotations

from typing import Any

from landrelease.domain.enums import (
    ContaminationType,
    DeviceType,
    ExclusionMeasure,
    FundingSource,
    HazardStatus,
)
from landrelease.domain.schema import Column

__all__ = [
    "AREA_LIST_ROWS",
    "CHOICES",
    "HEADER_ITEMS",
    "TEMPLATE_ROWS",
    "YEAR_RANGE",
    "column_letter",
    "header_note",
    "kind_words",
    "valid_words",
    "validation",
]

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
    ("casualties", "device_type"): (*(d.value for d in DeviceType), "all"),
    ("marking", "measure"): tuple(m.value for m in ExclusionMeasure),
    ("expenditure", "source_kind"): (*(f.value for f in FundingSource), "all"),
    ("stocks", "status"): (*_STATUSES, "all"),
    ("stocks", "contamination_type"): (*_TYPES, "all"),
    ("previous_baseline", "status"): (*_STATUSES, "all"),
    ("previous_baseline", "contamination_type"): (*_TYPES, "all"),
}
"""Drop-down lists of the categories that do not depend on the country, by (sheet, column).
``all`` (the sum of a region's types) is allowed where the review allows it: in the
remaining challenge, the work plan and progress by type, not in Form C (one row per type);
``article5`` (the sum of the AP-mined types) in the remaining challenge and progress by type;
in the stocks and the previous baseline ``all`` also stands for both statuses (as the stocks
file allows)."""

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
    (
        "submission_date",
        "Date the request is submitted (YYYY-MM-DD): it selects the action plan the request "
        "is read against (the Oslo Action Plan until 2024, Siem Reap–Angkor from 2025).",
    ),
)
"""Items of the ``header`` sheet, with what each means (the review reads the dates, years and
duration)."""


def kind_words(col: Column) -> str:
    """How a column is entered: ``whole number``, ``number``, ``true/false`` or ``text``."""
    return {"int": "whole number", "float": "number", "bool": "true/false"}.get(col.dtype, "text")


def valid_words(sheet: str, col: Column) -> str:
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


def validation(sheet: str, col: Column, letter: str) -> dict[str, Any] | None:
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
        error_message=f"{col.name}: {valid_words(sheet, col)}."[:255],
        ignore_blank=True,
    )
    return rule


def header_note(sheet: str, col: Column) -> str:
    """The header cell's comment: meaning, unit, valid values, required."""
    lines = [f"{col.name}: {col.description}"]
    if col.unit:
        lines.append(f"Unit: {col.unit}")
    if col.dtype != "string" or (sheet, col.name) in CHOICES:
        lines.append(f"Enter {valid_words(sheet, col)}.")
    if col.required:
        lines.append("Required on every row.")
    return "\n".join(lines)


def column_letter(index: int) -> str:
    """Spreadsheet column letter of a 0-based column index (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
