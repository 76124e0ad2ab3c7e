"""Why completion by a year is not reachable: the limit that binds.

Before any solving, two limits no team can move: AP-mined area not open by the year
(``access``), and AP-mined area found after it faster than the residual capacity releases it
(``residual capacity``). When the program has no mix, each of the recruitment ramp and the
money is relaxed in turn (is there a mix without it?) to name the one that binds; when none
is found even without both, the horizon binds: the time left is too short for survey, then
clearance, of the areas open by then.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np

from landrelease.engine.completion import FIT_RTOL
from landrelease.optimise.aggregate import Aggregate
from landrelease.optimise.milp import Limits, solve_mix
from landrelease.scenario.model import Scenario

__all__ = ["BINDING", "binding_limit", "fixed_limit"]

BINDING = (
    "recruitment ramp",
    "money",
    "recruitment ramp and money",
    "horizon",
    "access",
    "residual capacity",
    "repairs",
    "solver time",
)
"""The limits a "not reachable" answer may name (``repairs``: the engine check kept finding
the mix late; ``solver time``: HiGHS found no mix within its time limit)."""


def _relaxed(limits: Limits, *, ramp: bool, money: bool) -> Limits:
    return dataclasses.replace(
        limits,
        ramp_factor=limits.ramp_factor if ramp else None,
        money=limits.money and money,
    )


def binding_limit(agg: Aggregate, limits: Limits, basis: str, by_year: int) -> tuple[str, str]:
    """The limit that makes ``by_year`` unreachable (one of :data:`BINDING`) and a sentence
    saying so, found by relaxing the recruitment ramp, the money, then both; ``basis`` says
    where today's team-years come from."""

    def feasible(lim: Limits) -> bool:
        return solve_mix(agg, lim, least_cost=False).status != "infeasible"

    ramp_text = (
        f"total team-years can grow at most {limits.ramp_factor or math.inf:g}× a year from "
        f"today's {limits.today_team_years:,.1f} ({basis})"
    )
    money_text = "the money the scenario counts each year pays for no more teams"
    has_ramp = limits.ramp_factor is not None
    no_ramp = has_ramp and feasible(_relaxed(limits, ramp=False, money=True))
    no_money = limits.money and feasible(_relaxed(limits, ramp=True, money=False))
    if no_ramp and not no_money:
        return "recruitment ramp", f"the recruitment ramp binds: {ramp_text}"
    if no_money and not no_ramp:
        return "money", f"money binds: {money_text}"
    if no_money and no_ramp:
        return "recruitment ramp and money", (
            "the recruitment ramp and money bind together (lifting either would do): "
            f"{ramp_text}; {money_text}"
        )
    if (has_ramp or limits.money) and feasible(_relaxed(limits, ramp=False, money=False)):
        return "recruitment ramp and money", (
            "the recruitment ramp and money bind together (both must be lifted): "
            f"{ramp_text}; {money_text}"
        )
    return "horizon", (
        f"the horizon binds: even without the ramp and money limits, {by_year} leaves too "
        "little time for survey, then clearance, of the areas open by then (with at most "
        f"{limits.max_teams:,.0f} teams of a kind a year and the scenario's productivity)"
    )


def fixed_limit(agg: Aggregate, scenario: Scenario, by_year: int) -> tuple[str, str] | None:
    """A limit no team can move, with a sentence, or ``None``: AP-mined area not open by
    ``by_year``, or AP-mined area found in a later year larger than the residual capacity
    releases in a year."""
    if agg.ap_unavailable_m2 > 0:
        return "access", (
            f"access binds: {agg.ap_unavailable_m2:,.0f} m² of AP-mined area is not accessible "
            f"by {by_year} (accessible = false without an access_year by then, or "
            "[access] inaccessible_from_year later)"
        )
    capacity = scenario.costs.residual_m2_per_year
    over = agg.ap_finds_after_m2 > capacity + FIT_RTOL * max(capacity, 1.0)
    if over.any():
        year = by_year + 1 + int(np.flatnonzero(over)[0])
        found = float(agg.ap_finds_after_m2[over][0])
        return "residual capacity", (
            f"the residual capacity binds: {found:,.0f} m² of AP-mined area is projected to be "
            f"found in {year}, more than the residual capacity's {capacity:,.0f} m² a year "
            "([costs] residual_m2_per_year), so Article 5 cannot stay complete"
        )
    return None
