"""Helpers the checks share: numbers out of request tables, the tolerance, rows as written,
and the wording of numbers in messages and questions."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd

from landrelease.domain.enums import ContaminationType
from landrelease.reports.request import RequestPack
from landrelease.review.action_plans import cite
from landrelease.review.findings import Finding
from landrelease.review.thresholds import severity

__all__ = [
    "ALL",
    "AP_TYPES",
    "ARTICLE5",
    "CANONICAL_TYPES",
    "SHEET_TITLES",
    "TOTAL",
    "actions",
    "baseline_area",
    "currency",
    "differs",
    "fmt",
    "fmt_km2",
    "header_date",
    "header_int",
    "header_values",
    "mismatch",
    "num",
    "table",
    "text",
    "work_plan_totals",
    "year_label",
]

TOTAL = "Total"
"""Label of national (or all-year) rows."""
ALL = "all"
"""Label of all-type rows."""
ARTICLE5 = "article5"
"""Label of the Article 5 subtotal rows (AP-mined types: ap_mine, ap_improvised, mixed)."""
CANONICAL_TYPES = tuple(t.value for t in ContaminationType)
AP_TYPES = frozenset(t.value for t in ContaminationType if t.is_anti_personnel)

SHEET_TITLES = {
    "header": "header",
    "remaining_challenge": "remaining-challenge",
    "progress": "progress",
    "work_plan": "work-plan",
    "budget": "budget",
    "capacity": "capacity",
    "cases": "cases",
    "risk_education": "risk-education",
    "progress_by_type": "progress-by-type",
    "form_c": "Form C",
    "form_f_g": "Forms F and G",
}


def table(pack: RequestPack, name: str, *columns: str) -> pd.DataFrame | None:
    """Table ``name`` with a fresh 0..n−1 index, or ``None`` if it or a column is missing
    (the ``structure`` checks report what is missing)."""
    frame = pack.tables.get(name)
    if frame is None or any(c not in frame.columns for c in columns):
        return None
    return frame.reset_index(drop=True)


def num(frame: pd.DataFrame, column: str) -> np.ndarray:
    """Column as floats; blanks and text that is not a number become NaN."""
    values = pd.to_numeric(frame[column].astype("object"), errors="coerce")
    return np.asarray(values, dtype=float)


def text(frame: pd.DataFrame, column: str) -> np.ndarray:
    """Column as stripped text; blanks become ``""``."""
    return np.asarray([_text(v) for v in frame[column]], dtype=object)


def _text(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value).strip()


def differs(stated: float, expected: float, *, count: bool = False) -> bool:
    """True when two figures disagree beyond the tolerance: max(1 unit, 1e-6 relative) for
    m² and money, exact for counts. A blank figure counts as 0."""
    a = 0.0 if math.isnan(stated) else stated
    b = 0.0 if math.isnan(expected) else expected
    tol = 0.5 if count else max(1.0, 1e-6 * max(abs(a), abs(b)))
    return abs(a - b) > tol


def fmt(value: float | None, unit: str, currency: str = "US$") -> str:
    """A figure in words: ``12,345,678 m²``, ``US$1,200``, ``35 areas``, ``41.2%``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "blank"
    if unit == "m2":
        return f"{value:,.0f} m²"
    if unit == "usd":
        return f"{currency}{value:,.0f}" if currency == "US$" else f"{value:,.0f} {currency}"
    if unit == "pct":
        return f"{value:.1f}%"
    if unit == "ratio":
        return f"{value:.2f}×"
    if unit == "teams":
        return f"{value:,.1f} team-years"
    if unit == "count":
        return f"{value:,.0f}"
    return f"{value:g}" if isinstance(value, float) else str(value)


def fmt_km2(value: float) -> str:
    """An area in m² and in km²: ``29,470,620 m² (29.5 km²)``."""
    return f"{fmt(value, 'm2')} ({value / 1e6:,.1f} km²)"


def actions(pack: RequestPack, check: str) -> str:
    """`` (Oslo Action Plan #24)`` for a question: the actions of ``check`` under the action
    plan in force at the pack's submission date (``action_plans.toml``); ``""`` when none."""
    cited = cite(pack, check)
    return f" ({cited})" if cited else ""


def currency(pack: RequestPack) -> str:
    """How money is written: ``US$`` unless the pack's metadata names another currency."""
    code = str(pack.metadata.get("currency", "USD") or "USD")
    return "US$" if code.upper() == "USD" else code


def mismatch(
    check: str,
    sheet: str,
    position: int,
    column: str,
    stated: float,
    expected: float,
    *,
    label: str,
    rule: str,
    unit: str,
    currency: str = "US$",
) -> Finding:
    """A finding for a figure that disagrees with what the rule gives (severity:
    ``thresholds.toml``, ``check`` / ``mismatch``)."""
    s, e = fmt(stated, unit, currency), fmt(expected, unit, currency)
    diff = (0.0 if math.isnan(stated) else stated) - (0.0 if math.isnan(expected) else expected)
    row = int(position) + 2
    return Finding(
        check=check,
        severity=severity(check, "mismatch"),
        message=f"{sheet} row {row} ({label}): {column} is {s} but {rule} gives {e} "
        f"(difference {fmt(diff, unit, currency)}).",
        sheet=sheet,
        row=row,
        column=column,
        figures={"stated": stated, "expected": expected, "difference": diff},
        question=f"The {SHEET_TITLES.get(sheet, sheet)} table gives {column} as {s} in row {row} "
        f"({label}), whereas {rule} gives {e}. Could the State please confirm which figure "
        "is correct and, if needed, submit a corrected table?",
    )


def header_values(pack: RequestPack) -> dict[str, tuple[str, int]]:
    """Header items → (value as text, spreadsheet row)."""
    frame = table(pack, "header", "item", "value")
    if frame is None:
        return {}
    items, values = text(frame, "item"), text(frame, "value")
    return {str(k): (str(v), i + 2) for i, (k, v) in enumerate(zip(items, values, strict=True))}


def header_int(pack: RequestPack, item: str) -> tuple[int | None, int | None]:
    """Header ``item`` as a whole number (``None`` when blank or not a number), and its row."""
    value, row = header_values(pack).get(item, ("", None))
    try:
        return int(float(value)), row
    except ValueError:
        return None, row


def header_date(pack: RequestPack, item: str) -> tuple[dt.date | None, int | None]:
    """Header ``item`` as a date (``None`` when blank or not YYYY-MM-DD), and its row."""
    value, row = header_values(pack).get(item, ("", None))
    try:
        return dt.date.fromisoformat(value[:10]), row
    except ValueError:
        return None, row


def work_plan_totals(pack: RequestPack) -> pd.DataFrame | None:
    """The work plan's national ``Total`` rows sorted by year, with ``position`` (in the
    work-plan table) and float columns; ``None`` if the work plan is missing."""
    wp = table(pack, "work_plan", "year", "region", "released_area_m2")
    if wp is None:
        return None
    mask = text(wp, "region") == TOTAL
    out = pd.DataFrame({"position": np.flatnonzero(mask), "year": num(wp, "year")[mask]})
    for col in (
        "cancelled_area_m2",
        "reduced_area_m2",
        "cleared_area_m2",
        "released_area_m2",
        "discovered_area_m2",
        "remaining_area_m2",
    ):
        out[col] = num(wp, col)[mask] if col in wp.columns else np.nan
    return out.sort_values("year", kind="stable").reset_index(drop=True)


def baseline_area(pack: RequestPack) -> tuple[float, int] | None:
    """National all-type remaining area at the baseline (m²) and its table position."""
    rc = table(pack, "remaining_challenge", "region", "contamination_type", "area_m2")
    if rc is None:
        return None
    hit = np.flatnonzero((text(rc, "region") == TOTAL) & (text(rc, "contamination_type") == ALL))
    if len(hit) == 0:
        return None
    return float(num(rc, "area_m2")[hit[0]]), int(hit[0])


def year_label(value: float) -> str:
    """A year held as a float, as text."""
    return "?" if math.isnan(value) else str(int(value))
