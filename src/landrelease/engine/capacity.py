"""Yearly teams, money and capacity of a scenario: what the money pays for, kind by kind.

Money of a year pays fixed programme and risk-education costs first, then team kinds in the
spending order (:func:`spending_order`), each in full before the next: under a shortfall the
last kinds are cut. A kind is paid only in the years its stage has work (``deployed``;
teams are released, not paid to wait, once no area is left or arriving for them), so money
freed by a finished stage pays the kinds after it. New teams reach full output after the
scenario's ``ramp_up_years``; costs rise with ``cost_inflation_frac_per_year``. Money a donor
earmarks to a kind pays that kind's cost first and is never spent on another
(:mod:`.earmarks`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

from landrelease.domain.enums import Asset
from landrelease.engine.earmarks import LineMoney, line_money, pay_with_earmarks
from landrelease.engine.kernels import funded_fraction, ramp_up_share
from landrelease.scenario.model import CLEARANCE_KINDS, TEAM_KINDS, Scenario

__all__ = [
    "METHOD_OF_STAGE",
    "STAGES",
    "STAGE_OF_KIND",
    "PlanBasis",
    "PlanFunction",
    "YearlyPlan",
    "deployed_plan",
    "plan_basis",
    "spending_order",
    "yearly_plan",
]

STAGES = ("nts", "ts", "clearance")
"""The three land-release stages, in their order of work."""
METHOD_OF_STAGE = {"nts": "cancelled", "ts": "reduced", "clearance": "cleared"}
"""The release method of each stage (whose cost per m² prices it in the past-release pace)."""
STAGE_OF_KIND: dict[str, str] = {
    Asset.NTS.value: "nts",
    Asset.TS.value: "ts",
    **dict.fromkeys(CLEARANCE_KINDS, "clearance"),
}
"""The stage each team kind works in."""


def spending_order(scenario: Scenario, m2_per_team_year: Mapping[str, float]) -> tuple[str, ...]:
    """Team kinds in the order money pays for them under a shortfall.

    The kinds ``[funding] spending_order`` lists, then the others in the default order:
    ``nts``, ``ts``, then the clearance kinds by decreasing m² per US$ on factory-made AP
    mines (productivity / cost per team-year; a kind that costs nothing comes first, ties
    keep the order manual, mechanical, mdd).
    """
    unit = scenario.costs.usd_per_team_year

    def m2_per_usd(kind: str) -> float:
        return math.inf if unit[kind] <= 0 else m2_per_team_year.get(kind, 0.0) / unit[kind]

    clearance = sorted(CLEARANCE_KINDS, key=lambda k: -m2_per_usd(k))
    default = (Asset.NTS.value, Asset.TS.value, *clearance)
    stated = scenario.funding.spending_order
    return (*stated, *(k for k in default if k not in stated))


@dataclass(frozen=True)
class YearlyPlan:
    """Arrays over the projection years (money in US$, effort in team-years).

    ``teams``: planned teams by kind as the scenario states them; ``deployed``: years the
    kind's stage has work (its teams are paid only then); ``planned_team_years`` = teams ×
    deployed; ``funded_team_years``: the part the money pays for; ``output_share``: output of
    the planned teams against experienced teams (ramp-up, 0..1). Cost lines are at each
    year's prices (inflation applied) and planned in every year (the projection keeps those
    with work). Capacities per stage: NTS and TS in team-years of full output, clearance in
    m² of factory-made AP mines per year.
    """

    years: np.ndarray
    order: tuple[str, ...]
    teams: dict[str, np.ndarray]
    deployed: dict[str, np.ndarray]
    work_remains: np.ndarray
    output_share: dict[str, np.ndarray]
    planned_team_years: dict[str, np.ndarray]
    funded_team_years: dict[str, np.ndarray]
    usd_per_team_year: dict[str, np.ndarray]
    fixed_programme_usd: np.ndarray
    risk_education_usd: np.ndarray
    residual_capacity_usd: np.ndarray
    national_usd: np.ndarray
    international_secured_usd: np.ndarray
    international_expected_usd: np.ndarray
    funding_usd: np.ndarray
    nts_capacity: np.ndarray
    ts_capacity: np.ndarray
    clearance_capacity_m2: np.ndarray
    method_cost_usd: dict[str, np.ndarray] = field(default_factory=dict)
    """Cost of the year's capacity by release method (cancelled, reduced, cleared), from a
    cost per m²: the past-release pace (:mod:`.pace`), as planned; empty when teams are
    costed."""
    method_funded_usd: dict[str, np.ndarray] = field(default_factory=dict)
    """The part of ``method_cost_usd`` the money pays for (what is deployed)."""
    line_money: LineMoney | None = None
    """The donors' lines' money (:class:`.earmarks.LineMoney`; ``None``: no lines)."""
    earmark_spent_usd: dict[str, np.ndarray] = field(default_factory=dict)
    """The part of ``earmarked_usd`` that paid its kind's teams; the rest stays unspent."""

    @property
    def earmarked_usd(self) -> dict[str, np.ndarray]:
        """Money earmarked to a kind and counted (US$ a year, by kind; only kinds with some)."""
        return {} if self.line_money is None else self.line_money.earmarked_usd

    @property
    def pooled_usd(self) -> np.ndarray:
        """Money any cost may use: ``funding_usd`` less the earmarked money."""
        return _pooled(self.funding_usd, self.earmarked_usd)

    def capacity(self, stage: str) -> np.ndarray:
        """Capacity of ``stage`` (``nts``, ``ts`` or ``clearance``) per year."""
        return {
            "nts": self.nts_capacity,
            "ts": self.ts_capacity,
            "clearance": self.clearance_capacity_m2,
        }[stage]


@dataclass(frozen=True)
class PlanBasis:
    """What :func:`yearly_plan` computes from the scenario and productivity alone, whatever
    the years each kind is deployed: a plan worked several times while teams are released
    (:func:`~landrelease.engine.costs.deploy`) computes it once. Arrays over the years, as
    in :class:`YearlyPlan`."""

    years: np.ndarray
    order: tuple[str, ...]
    teams: dict[str, np.ndarray]
    usd_per_team_year: dict[str, np.ndarray]
    fixed_programme_usd: np.ndarray
    risk_education_usd: np.ndarray
    residual_capacity_usd: np.ndarray
    national_usd: np.ndarray
    international_secured_usd: np.ndarray
    international_expected_usd: np.ndarray
    funding_usd: np.ndarray
    output_share: dict[str, np.ndarray]
    line_money: LineMoney | None = None
    """The donors' lines' money (:mod:`.earmarks`; ``None``: no lines)."""

    @property
    def earmarked_usd(self) -> dict[str, np.ndarray]:
        """Money earmarked to a kind and counted, by kind (:mod:`.earmarks`)."""
        return {} if self.line_money is None else self.line_money.earmarked_usd


def _pooled(funding_usd: np.ndarray, earmarked_usd: Mapping[str, np.ndarray]) -> np.ndarray:
    if not earmarked_usd:
        return funding_usd
    return np.maximum(funding_usd - sum(earmarked_usd.values()), 0.0)


def plan_basis(scenario: Scenario, m2_per_team_year: Mapping[str, float]) -> PlanBasis:
    """The deployment-free part of :func:`yearly_plan` (see :class:`PlanBasis`)."""
    years = scenario.years
    teams = {k: scenario.teams[k].over(years) for k in TEAM_KINDS}
    price = scenario.costs.inflation(years, scenario.start_year)
    f = scenario.funding
    national = f.national_usd.over(years)
    secured = f.international_secured_usd.over(years) * f.international_scale
    expected = f.international_expected_usd.over(years) * f.international_scale
    named = line_money(f, years) if f.lines else None  # donors' lines, already scaled
    if named is not None:
        secured, expected = secured + named.secured_usd, expected + named.expected_usd
    return PlanBasis(
        years=years,
        order=spending_order(scenario, m2_per_team_year),
        teams=teams,
        usd_per_team_year={k: scenario.costs.usd_per_team_year[k] * price for k in TEAM_KINDS},
        fixed_programme_usd=scenario.costs.fixed_programme_usd.over(years) * price,
        risk_education_usd=scenario.costs.risk_education_usd.over(years) * price,
        residual_capacity_usd=scenario.costs.residual_capacity_usd.over(years) * price,
        national_usd=national,
        international_secured_usd=secured,
        international_expected_usd=expected,
        funding_usd=national + secured + (expected if f.count_expected else 0.0),
        output_share={k: ramp_up_share(teams[k], scenario.ramp_up_years) for k in TEAM_KINDS},
        line_money=named,
    )


def yearly_plan(
    scenario: Scenario,
    m2_per_team_year: Mapping[str, float],
    deployed_until: Mapping[str, int] | None = None,
    basis: PlanBasis | None = None,
) -> YearlyPlan:
    """Teams, costs, funding and stage capacities per year.

    Parameters
    ----------
    scenario : the resolved scenario.
    m2_per_team_year : resolved productivity by kind (scenario or calibrated).
    deployed_until : by stage (``nts``, ``ts``, ``clearance``), index of the last year with
        work for it (``-1``: none); a kind's teams are released (neither paid nor working)
        after it. Default: every stage works every year.
    basis : :func:`plan_basis` of the same scenario and productivity, when already computed.
    """
    b = plan_basis(scenario, m2_per_team_year) if basis is None else basis
    years = b.years
    n = len(years)
    index = np.arange(n)
    until = dict.fromkeys(STAGES, n - 1) if deployed_until is None else dict(deployed_until)
    deployed = {k: index <= until[STAGE_OF_KIND[k]] for k in TEAM_KINDS}
    work_remains = index <= max(until.values(), default=-1)
    teams = b.teams
    planned = {k: np.where(deployed[k], teams[k], 0.0) for k in TEAM_KINDS}
    unit = b.usd_per_team_year
    fixed, risk_ed, funding = b.fixed_programme_usd, b.risk_education_usd, b.funding_usd
    order = b.order
    cost = np.array([planned[k] * unit[k] for k in order]).reshape(len(order), n)
    other = np.where(work_remains, fixed + risk_ed, 0.0)
    spent: dict[str, np.ndarray] = {}
    if b.earmarked_usd:  # earmarked money pays its kind first (engine/earmarks.py)
        zero = np.zeros(n)
        earmarked = np.array([b.earmarked_usd.get(k, zero) for k in order]).reshape(len(order), n)
        frac, paid = pay_with_earmarks(cost, earmarked, other, funding)
        spent = {k: paid[i] for i, k in enumerate(order) if k in b.earmarked_usd}
    else:
        frac = funded_fraction(cost, other, funding)
    funded = {k: planned[k] * frac[i] for i, k in enumerate(order)}
    share = b.output_share
    output = {k: funded[k] * share[k] for k in TEAM_KINDS}
    clearance = sum(
        (output[k] * m2_per_team_year.get(k, 0.0) for k in CLEARANCE_KINDS), np.zeros(n)
    )
    return deployed_plan(
        b,
        deployed=deployed,
        work_remains=work_remains,
        planned_team_years=planned,
        funded_team_years=funded,
        nts_capacity=output[Asset.NTS.value],
        ts_capacity=output[Asset.TS.value],
        clearance_capacity_m2=clearance,
        earmark_spent_usd=spent,
    )


def deployed_plan(
    b: PlanBasis,
    *,
    deployed: dict[str, np.ndarray],
    work_remains: np.ndarray,
    planned_team_years: dict[str, np.ndarray],
    funded_team_years: dict[str, np.ndarray],
    nts_capacity: np.ndarray,
    ts_capacity: np.ndarray,
    clearance_capacity_m2: np.ndarray,
    earmark_spent_usd: dict[str, np.ndarray],
) -> YearlyPlan:
    """The :class:`YearlyPlan` of basis ``b`` with what deploying its kinds decided (the
    arrays :func:`yearly_plan` computes; a forecast's compiled plan computes the same)."""
    return YearlyPlan(
        years=b.years,
        order=b.order,
        teams=b.teams,
        deployed=deployed,
        work_remains=work_remains,
        output_share=b.output_share,
        planned_team_years=planned_team_years,
        funded_team_years=funded_team_years,
        usd_per_team_year=b.usd_per_team_year,
        fixed_programme_usd=b.fixed_programme_usd,
        risk_education_usd=b.risk_education_usd,
        residual_capacity_usd=b.residual_capacity_usd,
        national_usd=b.national_usd,
        international_secured_usd=b.international_secured_usd,
        international_expected_usd=b.international_expected_usd,
        funding_usd=b.funding_usd,
        nts_capacity=nts_capacity,
        ts_capacity=ts_capacity,
        clearance_capacity_m2=clearance_capacity_m2,
        line_money=b.line_money,
        earmark_spent_usd=earmark_spent_usd,
    )


PlanFunction = Callable[
    [Scenario, Mapping[str, float], Mapping[str, int] | None, PlanBasis], YearlyPlan
]
"""A function that computes the yearly plan from its basis: :func:`yearly_plan`'s signature
(all four arguments given) and result."""
