"""A draw's plan basis (:class:`~landrelease.engine.capacity.PlanBasis`) from what every draw
of a case shares: the forecast's fast path for
:func:`~landrelease.engine.capacity.plan_basis`, which is the reference
(tests/forecast/test_draw_basis.py: equal to the last bit).

A draw changes the scenario's money (secured money times the draw's factor, expected money
in the years it arrives) and its ramp-up, nothing else the basis reads; the engine reads
every line of the drawn scenario again (``YearValues.over``, inflation, ramp-up shares by
kind), about a tenth of an aurelia draw. Here the case's lines are read once
(:func:`basis_parts`) and each draw multiplies them (:meth:`BasisParts.basis`) by the same
numbers in the same order as the engine does, so the results are the same. Cases with
donors' named lines (:mod:`~landrelease.engine.earmarks`) keep the engine's path.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from landrelease.engine.capacity import PlanBasis, spending_order
from landrelease.engine.kernels import ramp_up_share
from landrelease.scenario.model import TEAM_KINDS, Scenario

__all__ = ["BasisParts", "basis_parts"]


@dataclass(frozen=True)
class BasisParts:
    """The parts of a case's plan basis that no draw changes (arrays over the years, as in
    :class:`~landrelease.engine.capacity.PlanBasis`), and its money before a draw scales
    it: ``national_usd``, ``secured_usd`` and ``expected_usd`` as the scenario lists them
    (before ``international_scale``)."""

    scenario: Scenario
    teams: dict[str, np.ndarray]
    usd_per_team_year: dict[str, np.ndarray]
    fixed_programme_usd: np.ndarray
    risk_education_usd: np.ndarray
    residual_capacity_usd: np.ndarray
    national_usd: np.ndarray
    secured_usd: np.ndarray
    expected_usd: np.ndarray
    shares: dict[int, dict[str, np.ndarray]] = field(default_factory=dict)
    """Ramp-up output shares by kind, kept by ramp-up years as draws ask for them."""

    def basis(
        self,
        m2_per_team_year: Mapping[str, float],
        secured_factor: float,
        expected_arrives: np.ndarray,
        ramp_up_years: int,
    ) -> PlanBasis:
        """:func:`~landrelease.engine.capacity.plan_basis` of the case's scenario with a
        draw's money and ramp-up (as :func:`~landrelease.forecast.draws` draws them):
        secured money (national and international) times ``secured_factor``, expected
        money times ``expected_arrives`` (per year, 1 or 0), ``ramp_up_years``."""
        s = self.scenario
        f = s.funding
        scale = f.international_scale
        national = self.national_usd * secured_factor
        secured = self.secured_usd * secured_factor * scale
        expected = self.expected_usd * expected_arrives * scale
        share = self.shares.get(ramp_up_years)
        if share is None:
            share = {k: ramp_up_share(self.teams[k], ramp_up_years) for k in TEAM_KINDS}
            self.shares[ramp_up_years] = share
        return PlanBasis(
            years=s.years,
            order=spending_order(s, m2_per_team_year),
            teams=self.teams,
            usd_per_team_year=self.usd_per_team_year,
            fixed_programme_usd=self.fixed_programme_usd,
            risk_education_usd=self.risk_education_usd,
            residual_capacity_usd=self.residual_capacity_usd,
            national_usd=national,
            international_secured_usd=secured,
            international_expected_usd=expected,
            funding_usd=national + secured + (expected if f.count_expected else 0.0),
            output_share=share,
        )


def basis_parts(scenario: Scenario) -> BasisParts | None:
    """The shared parts of the plan basis of ``scenario``'s draws; ``None`` when it has
    donors' named lines (the engine's path works those)."""
    f = scenario.funding
    if f.lines:
        return None
    years = scenario.years
    price = scenario.costs.inflation(years, scenario.start_year)
    costs = scenario.costs
    return BasisParts(
        scenario=scenario,
        teams={k: scenario.teams[k].over(years) for k in TEAM_KINDS},
        usd_per_team_year={k: costs.usd_per_team_year[k] * price for k in TEAM_KINDS},
        fixed_programme_usd=costs.fixed_programme_usd.over(years) * price,
        risk_education_usd=costs.risk_education_usd.over(years) * price,
        residual_capacity_usd=costs.residual_capacity_usd.over(years) * price,
        national_usd=f.national_usd.over(years),
        secured_usd=f.international_secured_usd.over(years),
        expected_usd=f.international_expected_usd.over(years),
    )
