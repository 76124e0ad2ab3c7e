"""Consistency of the plan: stocks and flows reconcile every year, the work plan covers the
remaining challenge, the budget adds up and agrees with the risk-education and capacity
tables."""

from __future__ import annotations

import numpy as np
import pandas as pd

from landrelease.reports.request import RequestPack
from landrelease.review.checks.common import (
    TOTAL,
    baseline_area,
    currency,
    differs,
    fmt,
    mismatch,
    num,
    table,
    text,
    work_plan_totals,
    year_label,
)
from landrelease.review.checks.registry import check
from landrelease.review.findings import Finding
from landrelease.review.thresholds import severity

__all__ = [
    "budget_matches_plan_tables",
    "budget_rows",
    "budget_total",
    "national_balance",
    "plan_coverage",
    "work_plan_stocks",
]

_COMPONENTS = (
    "planned_cost_manual_usd",
    "planned_cost_mechanical_usd",
    "planned_cost_mdd_usd",
    "planned_cost_nts_usd",
    "planned_cost_ts_usd",
    "fixed_programme_usd",
    "risk_education_usd",
    "residual_capacity_usd",
)
_PER_M2 = ("planned_cost_cancelled_usd", "planned_cost_reduced_usd", "planned_cost_cleared_usd")
"""Cost lines of the past-release pace (per m² by method); absent from older packs."""
"""Cost components by m² released (the past-release pace); absent from older packs."""
_FUNDING = ("national_usd", "international_secured_usd", "international_expected_usd")


@check("national_balance", group="consistency")
def national_balance(pack: RequestPack, history: pd.DataFrame | None) -> list[Finding]:
    """Work plan ``Total`` rows, year by year: remaining(t) = remaining(t−1) + discovered(t) −
    released(t), starting from the remaining challenge's national all-type ``area_m2``; each
    year is reconciled with the figure stated for the year before."""
    totals, base = work_plan_totals(pack), baseline_area(pack)
    if totals is None or base is None:
        return []
    previous, source = base[0], f"the baseline ({fmt(base[0], 'm2')})"
    findings = []
    for r in totals.itertuples():
        found, released = np.nan_to_num(r.discovered_area_m2), np.nan_to_num(r.released_area_m2)
        expected = previous + found - released
        if differs(r.remaining_area_m2, expected):
            findings.append(
                mismatch(
                    "national_balance",
                    "work_plan",
                    r.position,
                    "remaining_area_m2",
                    r.remaining_area_m2,
                    expected,
                    label=f"Total, {year_label(r.year)}",
                    rule=f"{source} + discovered ({fmt(found, 'm2')}) − released "
                    f"({fmt(released, 'm2')})",
                    unit="m2",
                )
            )
        previous = expected if np.isnan(r.remaining_area_m2) else r.remaining_area_m2
        source = f"remaining at the end of {year_label(r.year)} ({fmt(previous, 'm2')})"
    return findings


@check("plan_coverage", group="consistency")
def plan_coverage(pack: RequestPack, history: pd.DataFrame | None) -> list[Finding]:
    """The work plan covers the remaining challenge: Σ released over the plan + remaining at
    its end = baseline + Σ discovered (national ``Total`` rows)."""
    totals, base = work_plan_totals(pack), baseline_area(pack)
    if totals is None or base is None or totals.empty:
        return []
    released = float(np.nansum(totals["released_area_m2"]))
    left = float(np.nan_to_num(totals["remaining_area_m2"].iloc[-1]))
    found = float(np.nansum(totals["discovered_area_m2"]))
    stated, expected = released + left, base[0] + found
    if not differs(stated, expected):
        return []
    s, e = fmt(stated, "m2"), fmt(expected, "m2")
    return [
        Finding(
            check="plan_coverage",
            severity=severity("plan_coverage", "mismatch"),
            message=f"The work plan releases {fmt(released, 'm2')} and leaves {fmt(left, 'm2')}"
            f" (together {s}), but the baseline ({fmt(base[0], 'm2')}) plus discoveries "
            f"({fmt(found, 'm2')}) come to {e} (difference {fmt(stated - expected, 'm2')}).",
            sheet="work_plan",
            column="released_area_m2",
            figures={
                "stated": stated,
                "expected": expected,
                "released": released,
                "remaining_at_end": left,
                "baseline": base[0],
                "discovered": found,
            },
            question=f"The work plan accounts for {s} (released plus remaining at its end), "
            f"whereas the remaining challenge and expected discoveries total {e}. Could the "
            "State please explain where the difference of "
            f"{fmt(abs(stated - expected), 'm2')} is addressed in the plan?",
        )
    ]


def _budget_years(pack: RequestPack) -> tuple[pd.DataFrame, np.ndarray, np.ndarray] | None:
    budget = table(pack, "budget", "year", *_COMPONENTS, "planned_cost_usd", *_FUNDING)
    if budget is None:
        return None
    is_total = text(budget, "year") == TOTAL
    return budget, np.flatnonzero(~is_total), np.flatnonzero(is_total)


@check("budget_rows", group="consistency")
def budget_rows(pack: RequestPack, history: pd.DataFrame | None) -> list[Finding]:
    """Budget, every year: ``planned_cost_usd`` = sum of the cost components;
    ``secured_usd`` = national + international secured; ``expected_usd`` = international
    expected; ``funding_gap_usd`` = max(planned_cost − secured, 0);
    ``gap_after_expected_usd`` = max(planned_cost − secured − expected, 0)."""
    found = _budget_years(pack)
    if found is None:
        return []
    budget, years, _ = found
    cur = currency(pack)
    cost = num(budget, "planned_cost_usd")
    present = [*_COMPONENTS, *(c for c in _PER_M2 if c in budget.columns)]
    components = sum(np.nan_to_num(num(budget, c)) for c in present)
    secured_expected = np.nan_to_num(num(budget, "national_usd")) + np.nan_to_num(
        num(budget, "international_secured_usd")
    )
    secured = num(budget, "secured_usd") if "secured_usd" in budget else secured_expected
    expected_line = np.nan_to_num(num(budget, "international_expected_usd"))
    pledged = num(budget, "expected_usd") if "expected_usd" in budget else expected_line
    short = np.nan_to_num(cost) - np.nan_to_num(secured)
    checks = [("planned_cost_usd", cost, components, "the sum of the cost components")]
    if "secured_usd" in budget:
        checks.append(
            ("secured_usd", secured, secured_expected, "national + international secured")
        )
    if "expected_usd" in budget:
        checks.append(("expected_usd", pledged, expected_line, "international expected"))
    if "funding_gap_usd" in budget:
        checks.append(
            (
                "funding_gap_usd",
                num(budget, "funding_gap_usd"),
                np.maximum(short, 0.0),
                "max(planned_cost_usd − secured_usd, 0)",
            )
        )
    if "gap_after_expected_usd" in budget:
        checks.append(
            (
                "gap_after_expected_usd",
                num(budget, "gap_after_expected_usd"),
                np.maximum(short - np.nan_to_num(pledged), 0.0),
                "max(planned_cost_usd − secured_usd − expected_usd, 0)",
            )
        )
    labels = text(budget, "year")
    return [
        mismatch(
            "budget_rows",
            "budget",
            int(pos),
            col,
            float(stated[pos]),
            float(expected[pos]),
            label=f"year {labels[pos]}",
            rule=rule,
            unit="usd",
            currency=cur,
        )
        for col, stated, expected, rule in checks
        for pos in years
        if differs(float(stated[pos]), float(expected[pos]))
    ]


@check("budget_total", group="consistency")
def budget_total(pack: RequestPack, history: pd.DataFrame | None) -> list[Finding]:
    """Budget: the ``Total`` row is the sum of the year rows, column by column."""
    found = _budget_years(pack)
    if found is None:
        return []
    budget, years, totals = found
    cur = currency(pack)
    if len(totals) == 0:
        return [
            Finding(
                check="budget_total",
                severity=severity("budget_total", "no_total_row"),
                message="The budget has no Total row.",
                sheet="budget",
                question="Could the State please add the total cost, funding and gap of the "
                "whole plan (a Total row) to the budget table?",
            )
        ]
    columns = [c for c in budget.columns if c != "year"]
    findings = []
    for col in columns:
        values = num(budget, col)
        expected = float(np.nansum(values[years]))
        for pos in totals:
            if differs(float(values[pos]), expected):
                findings.append(
                    mismatch(
                        "budget_total",
                        "budget",
                        int(pos),
                        col,
                        float(values[pos]),
                        expected,
                        label="Total",
                        rule="the sum of the years",
                        unit="usd",
                        currency=cur,
                    )
                )
    return findings


@check("budget_matches_plan_tables", group="consistency")
def budget_matches_plan_tables(pack: RequestPack, history: pd.DataFrame | None) -> list[Finding]:
    """The budget's ``risk_education_usd`` equals the risk-education table's, and its
    ``residual_capacity_usd`` the capacity table's, year by year."""
    found = _budget_years(pack)
    if found is None:
        return []
    budget, years, _ = found
    cur = currency(pack)
    by_year = {text(budget, "year")[p]: int(p) for p in years}
    findings = []
    for sheet, col in (
        ("risk_education", "risk_education_usd"),
        ("capacity", "residual_capacity_usd"),
    ):
        other = table(pack, sheet, "year", col)
        if other is None:
            continue
        for pos, (year, value) in enumerate(zip(num(other, "year"), num(other, col), strict=True)):
            at = by_year.get(year_label(year))
            stated = 0.0 if at is None else float(num(budget, col)[at])
            if differs(float(value), stated):
                findings.append(
                    mismatch(
                        "budget_matches_plan_tables",
                        sheet,
                        pos,
                        col,
                        float(value),
                        stated,
                        label=year_label(year),
                        unit="usd",
                        currency=cur,
                        rule="the budget" + ("" if at is None else f" (row {at + 2})"),
                    )
                )
    return findings


@check("work_plan_stocks", group="consistency")
def work_plan_stocks(pack: RequestPack, history: pd.DataFrame | None) -> list[Finding]:
    """Work plan ``Total`` rows: remaining SHA + remaining CHA = ``remaining_area_m2`` at
    each year's end (when the SHA/CHA stock columns are given)."""
    totals = work_plan_totals(pack)
    wp = table(pack, "work_plan", "remaining_sha_area_m2", "remaining_cha_area_m2")
    if totals is None or wp is None:
        return []
    sha = num(wp, "remaining_sha_area_m2")[totals["position"]]
    cha = num(wp, "remaining_cha_area_m2")[totals["position"]]
    findings = []
    for r, a, b in zip(totals.itertuples(), sha, cha, strict=True):
        if np.isnan(a) and np.isnan(b):
            continue
        expected = float(np.nan_to_num(a) + np.nan_to_num(b))
        if differs(r.remaining_area_m2, expected):
            findings.append(
                mismatch(
                    "work_plan_stocks",
                    "work_plan",
                    r.position,
                    "remaining_area_m2",
                    r.remaining_area_m2,
                    expected,
                    label=f"Total, {year_label(r.year)}",
                    rule="remaining_sha_area_m2 + remaining_cha_area_m2",
                    unit="m2",
                )
            )
    return findings
