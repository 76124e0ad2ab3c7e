"""Plausibility checks: values that parse but cannot be true, or are probably in another unit.

Each check names the limit it applies and its reason, from
:func:`landrelease.domain.plausibility.plausibility`. The table checks run in the readers
(one table at a time, so ``validate FILE`` reports them) as the structure checks
``plausible_areas`` and ``area_units``; :func:`total_hazard_area` runs as the meaning check
``plausible_total_area`` on a whole country; :func:`country_fact_problems` on
``country.toml``.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from landrelease.domain.country import CountryInfo
from landrelease.domain.plausibility import (
    CONVENTION_IN_FORCE_DATE,
    latest_plausible_date,
    plausibility,
)
from landrelease.errors import Problem

__all__ = [
    "MIN_AREAS_FOR_UNIT_CHECK",
    "area_problems",
    "country_fact_problems",
    "total_hazard_area",
    "unit_problems",
]

MIN_AREAS_FOR_UNIT_CHECK = 3
"""Areas a column needs before its median says anything about its unit."""


def area_problems(
    table: pd.DataFrame,
    *,
    file: str,
    row_kind: str,
    label: str = "area_m2",
    column: str = "area_m2",
    warn: bool = True,
) -> list[Problem]:
    """An error for each area above ``hazard_area_max_m2``; with ``warn``, a warning for
    each above ``hazard_area_warn_m2``. ``label`` names the column as the file does."""
    if column not in table:
        return []
    limits = plausibility()
    area = pd.to_numeric(table[column], errors="coerce").to_numpy(dtype=float)
    rows = table["source_row"].to_numpy() if "source_row" in table else np.full(len(area), None)
    problems = []
    for limit, severity in (
        (limits.hazard_area_max_m2, "error"),
        (limits.hazard_area_warn_m2, "warning"),
    ):
        if severity == "warning" and not warn:
            continue
        above = area > limit.value
        if severity == "warning":
            above &= ~(area > limits.hazard_area_max_m2.value)  # reported once, as an error
        for pos in np.flatnonzero(above):
            problems.append(
                Problem(
                    check="plausible_areas",
                    message=f"area of {area[pos] / 1e6:,.0f} km² is above {limit.describe()}",
                    file=file,
                    row=None if rows[pos] is None or pd.isna(rows[pos]) else int(rows[pos]),
                    column=label,
                    value=area[pos],
                    expected=f"an area in m² up to {limit.shown()}",
                    severity=severity,
                    row_kind=row_kind,
                )
            )
    return problems


def unit_problems(
    table: pd.DataFrame, *, file: str, label: str = "area_m2", column: str = "area_m2"
) -> list[Problem]:
    """A warning when the median of a column of areas is below ``median_area_min_m2``: the
    areas were probably given in hectares (a median of a few) or km² (a median below 1)."""
    if column not in table:
        return []
    area = pd.to_numeric(table[column], errors="coerce")
    area = area[area > 0]
    limit = plausibility().median_area_min_m2
    if len(area) < MIN_AREAS_FOR_UNIT_CHECK or not area.median() < limit.value:
        return []
    median = float(area.median())
    unit, factor = ("km²", "1,000,000") if median < 1 else ("hectares", "10,000")
    return [
        Problem(
            check="area_units",
            message=f"the median area is {median:,.3g} m², below {limit.describe()}: "
            f"the areas look like {unit}",
            file=file,
            column=label,
            expected=f"areas in m² (multiply {unit} by {factor})",
            severity="warning",
        )
    ]


def total_hazard_area(hazards: pd.DataFrame, *, file: str) -> list[Problem]:
    """The country's total hazardous area is below ``country_area_max_m2`` (else an error)
    and ``country_area_warn_m2`` (else a warning)."""
    limits = plausibility()
    total = float(pd.to_numeric(hazards["area_m2"], errors="coerce").sum())
    for limit, severity in (
        (limits.country_area_max_m2, "error"),
        (limits.country_area_warn_m2, "warning"),
    ):
        if total > limit.value:
            return [
                Problem(
                    check="plausible_total_area",
                    message=f"the hazardous areas add up to {total / 1e6:,.0f} km², above "
                    f"{limit.describe()}",
                    file=file,
                    column="area_m2",
                    expected=f"a total up to {limit.shown()}",
                    severity=severity,
                )
            ]
    return []


def country_fact_problems(info: CountryInfo, today: dt.date | None = None) -> list[str]:
    """What cannot be true in ``country.toml``'s dates: an entry into force before the
    Convention's, a baseline or a granted extension more than ``future_days_max`` after
    today, extensions granted before entry into force, ending before they were granted, out
    of order, or after the current deadline."""
    problems = []
    latest = latest_plausible_date(today)
    future = plausibility().future_days_max.describe()
    if info.entry_into_force_date < CONVENTION_IN_FORCE_DATE:
        problems.append(
            f"entry_into_force_date {info.entry_into_force_date} is before the Convention "
            f"entered into force ({CONVENTION_IN_FORCE_DATE})"
        )
    if info.baseline_date > latest:
        problems.append(f"baseline_date {info.baseline_date} is after {latest}, {future}")
    previous_granted, previous_deadline = None, info.original_deadline_date
    for i, ext in enumerate(info.previous_extensions, start=1):
        key = f"previous_extensions #{i}"
        if ext.granted_date <= info.entry_into_force_date:
            problems.append(
                f"{key}: granted_date {ext.granted_date} is not after entry_into_force_date "
                f"{info.entry_into_force_date}"
            )
        if ext.granted_date > latest:
            problems.append(f"{key}: granted_date {ext.granted_date} is after {latest}, {future}")
        if ext.deadline_date <= ext.granted_date:
            problems.append(
                f"{key}: deadline_date {ext.deadline_date} is not after its granted_date "
                f"{ext.granted_date}"
            )
        if previous_granted is not None and ext.granted_date <= previous_granted:
            problems.append(
                f"{key}: granted_date {ext.granted_date} is not after the previous extension's "
                f"({previous_granted}); list extensions in the order they were granted"
            )
        if ext.deadline_date <= previous_deadline:
            before = "the original deadline" if i == 1 else "the previous extension's deadline"
            problems.append(
                f"{key}: deadline_date {ext.deadline_date} is not after {before} "
                f"({previous_deadline}); an extension moves the deadline later"
            )
        previous_granted, previous_deadline = ext.granted_date, ext.deadline_date
    if info.previous_extensions and info.article5_deadline_date < previous_deadline:
        problems.append(
            f"article5_deadline_date {info.article5_deadline_date} is before the deadline of the "
            f"last previous extension ({previous_deadline}); it is the deadline in force"
        )
    return problems
