"""Yearly teams, money and capacity of a scenario, before any area is worked."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from landrelease.domain.enums import Asset
from landrelease.engine.kernels import funded_fraction
from landrelease.scenario.model import CLEARANCE_KINDS, TEAM_KINDS, Scenario

__all__ = ["YearlyPlan", "yearly_plan"]


@dataclass(frozen=True)
class YearlyPlan:
    """Arrays over the projection years.

    ``teams`` are planned teams by kind; ``funded_frac`` the share of that effort the money
    pays for; capacities are per stage: NTS and TS in team-years, clearance in m² of
    factory-made AP mines per year.
    """

    years: np.ndarray
    teams: dict[str, np.ndarray]
    team_cost_usd: dict[str, np.ndarray]
    fixed_programme_usd: np.ndarray
    risk_education_usd: np.ndarray
    residual_capacity_usd: np.ndarray
    funding_usd: np.ndarray
    national_usd: np.ndarray
    international_secured_usd: np.ndarray
    international_expected_usd: np.ndarray
    funded_frac: np.ndarray
    nts_capacity: np.ndarray
    ts_capacity: np.ndarray
    clearance_capacity_m2: np.ndarray
    method_cost_usd: dict[str, np.ndarray] = field(default_factory=dict)
    """Cost of the year's capacity by release method (cancelled, reduced, cleared), from a
    cost per m²: the past-release pace (:mod:`.pace`); empty when teams are costed."""


def yearly_plan(scenario: Scenario, m2_per_team_year: dict[str, float]) -> YearlyPlan:
    """Teams, costs, funding and stage capacities per year.

    ``m2_per_team_year`` is the resolved productivity by kind (scenario or calibrated).
    """
    years = scenario.years
    teams = {k: scenario.teams[k].over(years) for k in TEAM_KINDS}
    unit = scenario.costs.usd_per_team_year
    team_cost = {k: teams[k] * unit[k] for k in TEAM_KINDS}
    fixed = scenario.costs.fixed_programme_usd.over(years)
    risk_ed = scenario.costs.risk_education_usd.over(years)
    f = scenario.funding
    national = f.national_usd.over(years)
    secured = f.international_secured_usd.over(years) * f.international_scale
    expected = f.international_expected_usd.over(years) * f.international_scale
    funding = national + secured + (expected if f.count_expected else 0.0)
    total_team_cost = np.sum([team_cost[k] for k in TEAM_KINDS], axis=0)
    frac = funded_fraction(total_team_cost, fixed + risk_ed, funding)
    clearance = sum(
        (teams[k] * frac * m2_per_team_year.get(k, 0.0) for k in CLEARANCE_KINDS),
        np.zeros(len(years)),
    )
    return YearlyPlan(
        years=years,
        teams=teams,
        team_cost_usd=team_cost,
        fixed_programme_usd=fixed,
        risk_education_usd=risk_ed,
        residual_capacity_usd=scenario.costs.residual_capacity_usd.over(years),
        funding_usd=funding,
        national_usd=national,
        international_secured_usd=secured,
        international_expected_usd=expected,
        funded_frac=frac,
        nts_capacity=teams[Asset.NTS.value] * frac,
        ts_capacity=teams[Asset.TS.value] * frac,
        clearance_capacity_m2=clearance,
    )
