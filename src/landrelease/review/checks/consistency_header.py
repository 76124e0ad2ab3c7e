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
    fmt,
    header_date,
    header_int,
    num,
    table,
    text,
    work_plan_totals,
)
from landrelease.review.checks.registry import check
from landrelease.review.findings import Finding
from landrelease.review.thresholds import severity

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


def _article5_totals(pack: RequestPack) -> pd.DataFrame | None:
    """The work plan's ``Total`` rows with the Article 5 columns (``article5_released_area_m2``,
    ``article5_remaining_area_m2``), by year; ``None`` when the work plan lacks them."""
    wp = table(
        pack,
        "work_plan",
        "year",
        "region",
        "contamination_type",
        "article5_released_area_m2",
        "article5_remaining_area_m2",
    )
    if wp is None:
        return None
    rows = (text(wp, "region") == TOTAL) & (text(wp, "contamination_type") != "article5")
    out = pd.DataFrame(
        {
            "year": num(wp, "year")[rows],
            "released": np.nan_to_num(num(wp, "article5_released_area_m2")[rows]),
            "remaining": num(wp, "article5_remaining_area_m2")[rows],
        }
    )
    out = out.dropna(subset=["year"]).sort_values("year", kind="stable")
    return None if out["remaining"].isna().all() else out.reset_index(drop=True)


def _article5_expected(stated: int | None, a5: pd.DataFrame) -> tuple[int | None, str] | None:
    """(expected year, why) when the header's completion year disagrees with the work plan's
    Article 5 columns; ``None`` when it agrees. Any AP-mined release counts (the figures
    are the plan's own), a remaining AP-mined area beyond the tolerance does."""
    released = a5.loc[a5["released"] > 0, "year"]
    last_ap = int(released.iloc[-1]) if len(released) else None
    remaining = np.nan_to_num(a5["remaining"].to_numpy())
    cleared = [not differs(float(v), 0.0) for v in remaining]
    if stated is None:
        if cleared and cleared[-1]:
            done = last_ap if last_ap is not None else int(a5["year"].iloc[0])
            return (
                done,
                f"the work plan leaves no AP-mined area at the end of {int(a5['year'].iloc[-1])}",
            )
        return None
    if last_ap is not None and last_ap > stated:
        return last_ap, f"the work plan still releases AP-mined area in {last_ap}"
    at = np.flatnonzero(a5["year"].to_numpy() == stated)
    if len(at) and not cleared[at[0]]:
        later = [int(y) for y, c in zip(a5["year"], cleared, strict=True) if c and y > stated]
        expected = later[0] if later else None
        return (
            expected,
            f"AP-mined area remains at the end of {stated} ({fmt(float(remaining[at[0]]), 'm2')})",
        )
    if last_ap is not None and last_ap < stated:
        before = np.flatnonzero(a5["year"].to_numpy() == last_ap)
        if len(before) and cleared[before[0]]:
            return last_ap, f"the work plan's last release of AP-mined area is in {last_ap}"
    return None


@check("header_completion", group="consistency")
def header_completion(pack: RequestPack, history: pd.DataFrame | None) -> list[Finding]:
    """The header's ``projected_completion_year`` (AP-mined areas, Article 5) is the last
    year the work plan releases AP-mined area, with none left at its end; it is given when
    the plan finishes. Read from the work plan's ``article5_`` columns where given (any
    release counts), else from the region rows of AP-mined types (over 1 m²) and the
    ``Total`` rows reaching zero."""
    stated, row = header_int(pack, "projected_completion_year")
    totals = work_plan_totals(pack)
    if totals is None or row is None:
        return []
    a5 = _article5_totals(pack)
    if a5 is not None:
        found = _article5_expected(stated, a5)
        if found is None:
            return []
        expected, why = found
    else:
        ap_years = ap_work_years(pack)
        done = finish_year(totals)
        last_ap = ap_years[-1] if ap_years else None
        if stated is None:
            if done is None:
                return []
            expected = last_ap if last_ap is not None else done
            why = f"the work plan leaves no area at the end of {done}"
        elif last_ap is not None and last_ap > stated:
            expected, why = last_ap, f"the work plan still releases AP-mined area in {last_ap}"
        elif done is not None and last_ap is not None and last_ap != stated:
            expected = last_ap
            why = f"the work plan's last release of AP-mined area is in {last_ap}"
        else:
            return []
    shown = expected if expected is not None else "a later year"
    return [
        Finding(
            check="header_completion",
            severity=severity("header_completion", "mismatch"),
            message=f"header row {row}: projected_completion_year is "
            f"{stated if stated is not None else 'blank'} but {why} (expected {shown}).",
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
            severity=severity("header_deadline", "mismatch"),
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
