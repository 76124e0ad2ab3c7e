"""The risk-education plan of the request (Oslo Action Plan #24): per year, its cost (the
budget's), the regions covered, channels and beneficiaries by sex, age and disability (#32).

Regions covered: in the years the country's risk-education plan file covers, the plan's
(what the State plans); in other years (or without a file), every region that had
hazardous area at the baseline or since, for as long as risk education is costed — the
channels and beneficiaries of those years stay blank. A region does not drop out the year
its clearance ends: items are still found after release, and people must learn which land
is safe again, so it stays (listed in ``regions_residual`` too) while the programme runs
risk education.
"""

from __future__ import annotations

import warnings

import pandas as pd

from landrelease.domain.country import Country
from landrelease.engine.result import ProjectionResult
from landrelease.errors import LandreleaseWarning
from landrelease.reports.request.state_tables import shaped

__all__ = ["BENEFICIARY_COLUMNS", "risk_education"]

BENEFICIARY_COLUMNS = (
    "beneficiaries_girls",
    "beneficiaries_boys",
    "beneficiaries_women",
    "beneficiaries_men",
)
"""Beneficiaries by sex and age; their sum is ``beneficiaries``."""


def _live(result: ProjectionResult) -> dict[int, set[str]]:
    """Regions with hazardous area during each year (remaining at its end or released in
    it)."""
    by_region = result.annual_by_region
    present = by_region[(by_region["remaining_area_m2"] + by_region["released_area_m2"]) > 0]
    live = {int(y): set(g["region"]) for y, g in present.groupby("year")}
    return live


def _names(regions: tuple[str, ...], chosen: set[str]) -> list[str]:
    """``chosen`` in the country's order, others (unknown to it) after them by name."""
    return [r for r in regions if r in chosen] + sorted(chosen - set(regions))


def risk_education(
    country: Country, result: ProjectionResult, regions: tuple[str, ...]
) -> pd.DataFrame:
    """One row per projection year: ``risk_education_usd`` (the budget's), regions covered
    and those kept for residual risk, and, from the plan file when given, channels,
    beneficiaries and the plan's own cost (``planned_cost_usd``)."""
    live = _live(result)
    plan = country.request_inputs.get("risk_education_plan")
    years = [int(y) for y in result.annual["year"]]
    if plan is not None and not plan.empty:
        outside = sorted(set(plan["year"].dropna().astype(int)) - set(years))
        if outside:
            file = country.source_files.get("risk_education_plan")
            warnings.warn(
                LandreleaseWarning(
                    f"{file.name if file else 'risk_education_plan'}: years "
                    f"{', '.join(map(str, outside))} are outside the projection "
                    f"({years[0]}–{years[-1]}) and are left out of the request"
                ),
                stacklevel=3,
            )
    seen: set[str] = set(country.hazards["region"].dropna())
    rows = []
    for year, cost in zip(years, result.annual["risk_education_usd"], strict=True):
        now = live.get(year, set())
        seen |= now
        row: dict[str, object] = {"year": year, "risk_education_usd": float(cost)}
        part = plan[plan["year"] == year] if plan is not None else None
        if part is not None and not part.empty:
            covered = _names(regions, set(part["region"].dropna()))
            channels = [c.strip() for t in part["channels"].dropna() for c in str(t).split(";")]
            row["channels"] = "; ".join(dict.fromkeys(c for c in channels if c)) or None
            for col in (*BENEFICIARY_COLUMNS, "beneficiaries_with_disability"):
                row[col] = part[col].sum(min_count=1)
            counts = part[list(BENEFICIARY_COLUMNS)]
            row["beneficiaries"] = counts.sum(min_count=1).sum(min_count=1)
            row["planned_cost_usd"] = part["cost_usd"].sum(min_count=1)
        else:
            covered = _names(regions, seen) if cost > 0 else []
        residual = [r for r in covered if r not in now]
        row["region_count"] = len(covered)
        row["regions_covered"] = "; ".join(covered) or None
        row["regions_residual"] = "; ".join(residual) or None
        rows.append(row)
    return shaped("risk_education", pd.DataFrame(rows))
