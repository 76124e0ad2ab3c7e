"""Oslo Action Plan elements of a request: a costed risk-education plan (#24), a national
capacity kept for residual contamination after completion (#26), and annual milestones by
region (#19, #20)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from landrelease.reports.request import RequestPack
from landrelease.review.checks.common import (
    TOTAL,
    actions,
    baseline_area,
    currency,
    fmt,
    num,
    table,
    text,
    work_plan_totals,
)
from landrelease.review.checks.consistency_header import finish_year
from landrelease.review.checks.registry import check
from landrelease.review.findings import Finding
from landrelease.review.thresholds import severity

__all__ = ["regional_milestones", "residual_capacity", "risk_education_plan"]


def _contaminated_years(pack: RequestPack) -> list[int]:
    """Plan years that start with area remaining (the baseline, then each year's end)."""
    totals, base = work_plan_totals(pack), baseline_area(pack)
    if totals is None or base is None:
        return []
    start = np.concatenate([[base[0]], np.nan_to_num(totals["remaining_area_m2"])[:-1]])
    live = (start > 1.0) | (np.nan_to_num(totals["released_area_m2"]) > 1.0)
    return [int(y) for y in totals["year"][live]]


@check("risk_education_plan", group="oslo_action_plan")
def risk_education_plan(pack: RequestPack, history: pd.DataFrame | None) -> list[Finding]:
    """Action #24, a costed multi-year risk-education plan: an error when no plan year with
    contamination has risk-education costs; a warning for the years with contamination
    that have no cost or no region covered."""
    re_plan = table(pack, "risk_education", "year", "risk_education_usd", "region_count")
    years = _contaminated_years(pack)
    if re_plan is None or not years:
        return []
    cur = currency(pack)
    cost, regions = np.nan_to_num(num(re_plan, "risk_education_usd")), num(re_plan, "region_count")
    at = {int(y): i for i, y in enumerate(num(re_plan, "year")) if not np.isnan(y)}
    costed = [y for y in years if y in at and cost[at[y]] > 0]
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
    if not costed:
        return [
            Finding(
                check="risk_education_plan",
                severity=severity("risk_education_plan", "no_costed_year"),
                message=f"No risk-education costs in any of the {len(years)} plan year(s) with "
                f"contamination ({span}): the request has no costed risk-education plan.",
                sheet="risk_education",
                column="risk_education_usd",
                figures={"risk_education_usd": float(cost.sum()), "years": len(years)},
                question="Could the State please include a detailed, costed, multi-year plan "
                "for context-specific mine risk education and reduction in affected "
                f"communities over {span}{actions(pack, 'risk_education_plan')}?",
            )
        ]
    lacking = [y for y in years if y not in at or not cost[at[y]] > 0 or not regions[at[y]] > 0]
    if not lacking:
        return []
    first = lacking[0]
    return [
        Finding(
            check="risk_education_plan",
            severity=severity("risk_education_plan", "years_lacking"),
            message=f"Risk education has no cost or covers no region in {len(lacking)} year(s) "
            f"with contamination: {', '.join(map(str, lacking))} (costed in "
            f"{len(costed)} of {len(years)}; total {fmt(float(cost.sum()), 'usd', cur)}).",
            sheet="risk_education",
            row=at[first] + 2 if first in at else None,
            column="risk_education_usd",
            figures={"years_lacking": len(lacking), "years_with_contamination": len(years)},
            question=f"Mined areas remain in {', '.join(map(str, lacking))}, yet the "
            "risk-education plan has no cost or region for those years. Could the State "
            "please explain how affected communities will be reached then?",
        )
    ]


@check("residual_capacity", group="oslo_action_plan")
def residual_capacity(pack: RequestPack, history: pd.DataFrame | None) -> list[Finding]:
    """Action #26, a sustainable national capacity for previously unknown mined areas: a
    warning when the budget has no ``residual_capacity_usd`` in any year after the work plan
    leaves no area (not checked when the plan does not finish)."""
    totals = work_plan_totals(pack)
    budget = table(pack, "budget", "year", "residual_capacity_usd")
    if totals is None or budget is None:
        return []
    done = finish_year(totals)
    if done is None:
        return []
    years = num(budget, "year")
    after = ~np.isnan(years) & (years > done)
    cost = np.nan_to_num(num(budget, "residual_capacity_usd"))
    if (cost[after] > 0).any():
        return []
    later = int(after.sum())
    return [
        Finding(
            check="residual_capacity",
            severity=severity("residual_capacity", "none_budgeted"),
            message=f"The plan finishes in {done} but budgets no residual national capacity "
            f"after it ({later} later year(s) in the budget, "
            f"{fmt(float(cost[after].sum()), 'usd', currency(pack))}).",
            sheet="budget",
            column="residual_capacity_usd",
            figures={"completion_year": done, "years_after": later},
            question=f"Could the State please describe the national capacity it will keep "
            f"after {done} to address previously unknown mined areas, and its cost"
            f"{actions(pack, 'residual_capacity')}?",
        )
    ]


@check("regional_milestones", group="oslo_action_plan")
def regional_milestones(pack: RequestPack, history: pd.DataFrame | None) -> list[Finding]:
    """Actions #19 and #20, annual milestones by region: every plan year with release has
    region rows in the work plan, else a warning naming the years."""
    wp = table(pack, "work_plan", "year", "region")
    totals = work_plan_totals(pack)
    if wp is None or totals is None:
        return []
    years = num(wp, "year")
    regional = set(years[text(wp, "region") != TOTAL].tolist())
    work = totals[np.nan_to_num(totals["released_area_m2"]) > 1.0]
    missing = work[[float(y) not in regional for y in work["year"]]]
    if missing.empty:
        return []
    listed = ", ".join(str(int(y)) for y in missing["year"])
    return [
        Finding(
            check="regional_milestones",
            severity=severity("regional_milestones", "national_only"),
            message=f"The work plan gives national totals only, no regions, for {listed}.",
            sheet="work_plan",
            row=int(missing["position"].iloc[0]) + 2,
            column="region",
            figures={"years_without_regions": len(missing), "years_with_work": len(work)},
            question=f"Could the State please give the annual milestones for {listed} by "
            "region: the number of areas and m² to be addressed, by method"
            f"{actions(pack, 'regional_milestones')}?",
        )
    ]
