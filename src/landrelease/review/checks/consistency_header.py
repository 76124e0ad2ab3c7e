"""Consistency of the header with the work plan: the completion year, and the requested
deadline as the current deadline plus the duration requested."""

from __future__ import annotations

import numpy as np
import pandas as pd

from landrelease.domain.country import add_years
from landrelease.reports.request import RequestPack
from landrelease.review.checks.common import (
    AP_TYPES,
    TOTAL,
    differs,
    header_date,
    header_int,
    num,
    table,
    text,
    work_plan_totals,
)
from landrelease.review.checks.registry import check
from landrelease.review.findings import Finding

__all__ = ["ap_work_years", "finish_year", "header_completion", "header_deadline"]


def ap_work_years(pack: RequestPack) -> list[int]:
    """Plan years in which the work plan releases area with AP mines (region rows)."""
    wp = table(pack, "work_plan", "year", "region", "contamination_type", "released_area_m2")
    if wp is None:
        return []
    released = np.nan_to_num(num(wp, "released_area_m2"))
    mask = (text(wp, "region") != TOTAL) & np.isin(text(wp, "contamination_type"), list(AP_TYPES))
    mask &= released > 1.0
    return sorted({int(y) for y in num(wp, "year")[mask] if not np.isnan(y)})


def finish_year(totals: pd.DataFrame) -> int | None:
    """First plan year whose end leaves no area (``Total`` rows), or ``None``."""
    done = [not differs(float(v), 0.0) for v in totals["remaining_area_m2"]]
    hits = np.flatnonzero(done)
    return None if len(hits) == 0 else int(totals["year"].iloc[hits[0]])


@check("header_completion", group="consistency")
def header_completion(pack: RequestPack, history: pd.DataFrame | None) -> list[Finding]:
    """The header's ``projected_completion_year`` (AP-mined areas, Article 5) is the last
    year the work plan releases AP-mined area when the plan's ``Total`` rows reach zero, and
    is never earlier than a year with AP release; it is given when the plan finishes."""
    stated, row = header_int(pack, "projected_completion_year")
    totals = work_plan_totals(pack)
    if totals is None or row is None:
        return []
    ap_years = ap_work_years(pack)
    done = finish_year(totals)
    last_ap = ap_years[-1] if ap_years else None
    if stated is None:
        if done is None:
            return []
        expected: int | None = last_ap if last_ap is not None else done
        why = f"the work plan leaves no area at the end of {done}"
    elif last_ap is not None and last_ap > stated:
        expected, why = last_ap, f"the work plan still releases AP-mined area in {last_ap}"
    elif done is not None and last_ap is not None and last_ap != stated:
        expected = last_ap
        why = f"the work plan's last release of AP-mined area is in {last_ap}"
    else:
        return []
    return [
        Finding(
            check="header_completion",
            severity="error",
            message=f"header row {row}: projected_completion_year is "
            f"{stated if stated is not None else 'blank'} but {why} (expected {expected}).",
            sheet="header",
            row=row,
            column="value",
            figures={"stated": stated, "expected": expected},
            question=f"The header gives {stated if stated is not None else 'no'} projected "
            f"completion year, whereas {why}. Could the State please confirm the year in "
            "which it expects to complete the destruction of all anti-personnel mines in "
            "mined areas?",
        )
    ]


@check("header_deadline", group="consistency")
def header_deadline(pack: RequestPack, history: pd.DataFrame | None) -> list[Finding]:
    """Header: ``requested_deadline_date`` = ``current_deadline_date`` +
    ``duration_requested_years`` (both given, or both blank)."""
    current, _ = header_date(pack, "current_deadline_date")
    years, years_row = header_int(pack, "duration_requested_years")
    requested, row = header_date(pack, "requested_deadline_date")
    if current is None or row is None:
        return []
    if years is None and requested is None:
        return []
    expected = None if years is None else add_years(current, years)
    if expected is not None and expected == requested:
        return []
    shown = requested.isoformat() if requested else "blank"
    rule = (
        f"the current deadline ({current.isoformat()}) + {years} year(s)"
        if expected is not None
        else f"no duration is given (header row {years_row})"
    )
    return [
        Finding(
            check="header_deadline",
            severity="error",
            message=f"header row {row}: requested_deadline_date is {shown} but {rule} gives "
            f"{expected.isoformat() if expected else 'no deadline'}.",
            sheet="header",
            row=row,
            column="value",
            figures={
                "stated": shown,
                "expected": expected.isoformat() if expected else None,
                "duration_requested_years": years,
            },
            question=f"The header requests a deadline of {shown}, whereas {rule} gives "
            f"{expected.isoformat() if expected else 'no deadline'}. Could the State please "
            "confirm the duration and the deadline it requests?",
        )
    ]
