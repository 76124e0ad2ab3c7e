"""Required funding: the least international money with which the country finishes by a year.

Completion is monotone in money (more money never finishes later), so a bisection on the
yearly amount finds the least one to a stated precision. When even a fully funded plan
finishes too late, capacity (teams, productivity, access), not money, binds.
"""

from __future__ import annotations

import dataclasses
import warnings
from dataclasses import dataclass

import numpy as np

from landrelease.domain.country import Country
from landrelease.engine.capacity import yearly_plan
from landrelease.engine.earmarks import line_money
from landrelease.engine.project import project, resolve_assumptions
from landrelease.engine.result import ProjectionResult
from landrelease.errors import LandreleaseError, LandreleaseWarning
from landrelease.scenario.model import TEAM_KINDS, Scenario, YearValues

__all__ = [
    "FundingRequirement",
    "FundingTargetError",
    "capacity_binds",
    "earliest_completion_year",
    "fully_funded",
    "required_funding",
    "with_international_funding",
]

MODES = ("flat", "scale")
FUNDED_TOLERANCE = 1e-9
"""A year counts as fully funded when its funded team-years (and deployed cost) are at least
1 minus this of the planned ones (sums of money in floating point)."""
CAPACITY_BINDS = "capacity binds (teams), not money"
"""How the reason of an unreachable target says that money is not what limits."""


@dataclass(frozen=True)
class FundingRequirement:
    """Answer of :func:`required_funding`.

    ``amount_usd_per_year`` is the flat yearly international funding (mode ``flat``) or the
    first-year amount of the scaled profile (mode ``scale``, with ``scale`` the multiplier of
    the scenario's international lines). ``completion_year`` is what that money achieves.
    """

    by_year: int
    mode: str
    reachable: bool
    amount_usd_per_year: float | None
    scale: float | None
    completion_year: int | None
    reason: str


class FundingTargetError(LandreleaseError):
    """The target year of a required-funding question cannot be met by any money."""


def with_international_funding(scenario: Scenario, mode: str, value: float) -> Scenario:
    """The scenario with its international funding set: a flat yearly amount (``flat``,
    US$, unearmarked) replacing the secured and expected lines and the donors' lines, or the
    profile, donors' lines included, times ``value`` (``scale``)."""
    f = scenario.funding
    if mode == "flat":
        funding = dataclasses.replace(
            f,
            international_secured_usd=YearValues.constant(value),
            international_expected_usd=YearValues.constant(0.0),
            international_scale=1.0,
            lines=(),  # the flat amount is all the international money, donors' lines too
        )
    elif mode == "scale":
        funding = dataclasses.replace(f, international_scale=value)
    else:
        raise ValueError(f"mode must be one of {MODES}")
    return dataclasses.replace(scenario, funding=funding)


def _international_need(country: Country, scenario: Scenario) -> tuple[np.ndarray, np.ndarray]:
    """Plan years and the international money each needs (US$) for every planned team, the
    fixed programme and risk education, after national funding."""
    _, _, productivity, _ = resolve_assumptions(country, scenario)
    plan = yearly_plan(scenario, productivity)
    team_cost = np.sum(
        [plan.planned_team_years[k] * plan.usd_per_team_year[k] for k in TEAM_KINDS], axis=0
    )
    need = np.maximum(
        team_cost + plan.fixed_programme_usd + plan.risk_education_usd - plan.national_usd, 0.0
    )
    return plan.years, need


def fully_funded(country: Country, scenario: Scenario) -> Scenario:
    """The scenario with a flat international amount (US$ a year) that pays every planned
    team in every year: what no more money can improve on."""
    _, need = _international_need(country, scenario)
    return with_international_funding(scenario, "flat", float(need.max(initial=0.0)))


def earliest_completion_year(
    country: Country, scenario: Scenario, *, scope: str = "article5"
) -> int | None:
    """The year the plan completes with every planned team fully funded (``None``: not
    within the horizon). No amount of money finishes earlier: only more teams, higher
    productivity or access do. ``scope``: ``"article5"`` (AP-mined areas) or ``"all"``."""
    result = project(country, fully_funded(country, scenario))
    return result.article5_completion_year if scope == "article5" else result.completion_year


def capacity_binds(result: ProjectionResult, *, scope: str = "article5") -> bool:
    """True when money did not limit ``result``: every year up to its completion (the whole
    horizon when it does not complete) paid for everything the plan deploys (funded
    team-years = planned team-years of every kind; in the past-release pace, the deployed
    cost = the planned cost), so more money cannot finish earlier."""
    year = result.article5_completion_year if scope == "article5" else result.completion_year
    annual = result.annual
    worked = annual if year is None else annual[annual["year"] <= year]
    for kind in TEAM_KINDS:
        planned = worked[f"planned_team_years_{kind}"].to_numpy(dtype=float)
        funded = worked[f"funded_team_years_{kind}"].to_numpy(dtype=float)
        if (funded < planned * (1 - FUNDED_TOLERANCE)).any():
            return False
    # and everything else the plan costs (capacity paid per m² in the past-release pace)
    planned_usd = worked["planned_cost_usd"].to_numpy(dtype=float)
    deployed_usd = worked["cost_usd"].to_numpy(dtype=float)
    return bool((deployed_usd >= planned_usd * (1 - FUNDED_TOLERANCE)).all())


def _finishes(
    country: Country, scenario: Scenario, by_year: int, scope: str
) -> tuple[bool, int | None, list[warnings.WarningMessage]]:
    """Whether ``scenario`` completes by ``by_year``, its completion year, and the warnings
    its projection gave (kept, not shown: only the answer's are, see :func:`_show`)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", LandreleaseWarning)
        result = project(country, scenario)
    year = result.article5_completion_year if scope == "article5" else result.completion_year
    return (year is not None and year <= by_year), year, caught


def _show(caught: list[warnings.WarningMessage]) -> None:
    """Warn again what the projection of the answer warned (each bisection step projects
    other money; its warnings, such as a residual capacity overrun, are not the answer's)."""
    for w in caught:
        warnings.warn(w.message, w.category, stacklevel=3)


def required_funding(
    country: Country,
    scenario: Scenario,
    by_year: int,
    *,
    mode: str = "flat",
    scope: str = "article5",
    precision_usd: float = 10_000.0,
) -> FundingRequirement:
    """Smallest yearly international funding with which the country completes by ``by_year``.

    Parameters
    ----------
    mode : ``"flat"`` (the same amount every year, US$) or ``"scale"`` (the scenario's
        international profile multiplied by one factor).
    scope : ``"article5"`` (areas with AP mines) or ``"all"`` (every area in the plan).
    precision_usd : the answer is within this many US$ a year above the exact minimum.

    Raises
    ------
    FundingTargetError
        when ``by_year`` is before the plan's first year: no money can act before it.
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    if by_year < scenario.start_year:
        raise FundingTargetError(
            f"completion by {by_year} is before the plan starts: scenario {scenario.name!r} "
            f"begins in {scenario.start_year}, so money can only change completion from "
            f"then on; give a target year of {scenario.start_year} or later"
        )
    years, need = _international_need(country, scenario)
    if mode == "flat":
        high = float(need.max(initial=0.0))
        unit = 1.0
    else:
        f = scenario.funding
        named = line_money(dataclasses.replace(f, international_scale=1.0), years)
        profile = (
            f.international_secured_usd.over(years)
            + named.secured_usd
            + (
                (f.international_expected_usd.over(years) + named.expected_usd)
                if f.count_expected
                else 0
            )
        )
        if np.any((profile <= 0) & (need > 0)):
            unfunded = int(years[np.flatnonzero((profile <= 0) & (need > 0))[0]])
            return FundingRequirement(
                by_year,
                mode,
                False,
                None,
                None,
                None,
                f"the scenario's international profile is zero in {unfunded}:"
                " scaling it cannot fund that year; use mode 'flat'",
            )
        with np.errstate(divide="ignore", invalid="ignore"):
            high = float(np.max(np.where(profile > 0, need / profile, 0.0), initial=0.0))
        unit = float(profile[0]) if len(profile) else 0.0

    ok, year, caught = _finishes(
        country, with_international_funding(scenario, mode, high), by_year, scope
    )
    if not ok:
        _show(caught)
        return FundingRequirement(
            by_year,
            mode,
            False,
            None,
            None,
            year,
            f"not reachable: {CAPACITY_BINDS}: even with every planned team fully funded the "
            "plan finishes "
            + (f"in {year}" if year is not None else "after the horizon")
            + " (more teams, higher productivity or access would bring it forward)",
        )
    low = 0.0
    ok_low, year_low, caught_low = _finishes(
        country, with_international_funding(scenario, mode, low), by_year, scope
    )
    if ok_low:
        _show(caught_low)
        return FundingRequirement(
            by_year,
            mode,
            True,
            0.0,
            0.0 if mode == "scale" else None,
            year_low,
            "no international funding needed",
        )
    step = precision_usd / max(unit, 1.0) if mode == "scale" else precision_usd
    while high - low > step:
        mid = (low + high) / 2
        ok_mid, year_mid, caught_mid = _finishes(
            country, with_international_funding(scenario, mode, mid), by_year, scope
        )
        if ok_mid:
            high, year, caught = mid, year_mid, caught_mid
        else:
            low = mid
    _show(caught)
    amount = high if mode == "flat" else high * unit
    return FundingRequirement(
        by_year, mode, True, amount, high if mode == "scale" else None, year, "reachable"
    )
