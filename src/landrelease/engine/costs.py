"""What the plan costs and what the money deploys, year by year.

- Teams are paid only while their stage has work (:func:`stage_ends`): survey teams are
  released once no suspected area is left or arriving, clearance teams once nothing
  remains to clear. Money a released kind no longer needs pays the kinds after it in the
  spending order; :func:`deploy` finds the plan in which the two agree. Areas the residual
  capacity releases (finds after completion, :mod:`.completion`) are no work for the teams.
- ``planned_cost_usd`` is the plan as designed (planned team-years while their stage has
  work, fixed programme and risk education while any work remains, the residual capacity
  ``residual_capacity_usd`` from the year after the Article 5 completion); ``cost_usd`` is
  what the money deploys: funded team-years, the fixed programme and risk-education costs
  the money covers (paid first), the residual capacity. The residual capacity is a capacity of
  its own (Oslo Action Plan #26): it takes no money from the teams, which may still work on
  other areas (anti-vehicle mines, cluster munitions, ERW) after the Article 5 completion.
- One funding gap: ``funding_gap_usd = max(planned_cost_usd − secured_usd, 0)``, the money
  still to find for the plan as designed; ``gap_after_expected_usd`` also counts the
  expected international money. ``unsecured_usd``: the expected money the deployed cost
  relies on when the scenario counts it.
- Article 5 share: each stage's team-years of a year are split between areas with AP mines
  (``ap_mine``, ``ap_improvised``, ``mixed``) and other areas in proportion to the work the
  stage did on each that year; fixed programme and risk-education costs in proportion to
  all team-years so split. A year in which a stage did no work uses the share of AP-mined
  area in the area open during the year. Residual capacity (Oslo Action Plan #26) is
  Article 5 work.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from landrelease.engine.capacity import (
    METHOD_OF_STAGE,
    STAGE_OF_KIND,
    STAGES,
    PlanBasis,
    PlanFunction,
    YearlyPlan,
    plan_basis,
    yearly_plan,
)
from landrelease.engine.completion import PlanEnd
from landrelease.engine.earmarks import idle_earmarks
from landrelease.engine.items import WorkItems
from landrelease.engine.kernels import release_by_year
from landrelease.engine.stages import StageOutcome
from landrelease.scenario.model import TEAM_KINDS, Scenario

__all__ = [
    "MONEY_TOTALS",
    "PlanLines",
    "deploy",
    "money_table",
    "plan_lines",
    "stage_ends",
    "stop_paying_idle_stages",
]

METHODS = tuple(METHOD_OF_STAGE.values())
"""Release methods with a cost per m² in the past-release pace."""

MONEY_TOTALS = (
    "planned_cost_usd",
    "cost_usd",
    "funding_usd",
    "secured_usd",
    "expected_usd",
    "funding_gap_usd",
    "gap_after_expected_usd",
    "unsecured_usd",
    "article5_cost_usd",
    "non_article5_cost_usd",
    "article5_planned_cost_usd",
    "non_article5_planned_cost_usd",
)
"""Money columns of ``annual`` whose sums over the years the summary gives, same names."""

log = logging.getLogger(__name__)


def stage_ends(items: WorkItems, outcome: StageOutcome, n_years: int) -> dict[str, int]:
    """Index of the last year each stage has work: the last year it finishes an area that
    needs it and becomes workable within the horizon; the horizon's last year while such an
    area is unfinished (work pending or waiting for an earlier stage); ``-1`` when no area
    needs the stage."""
    workable = np.isfinite(items.available_time)
    ends = {}
    for stage, needed, year in zip(
        STAGES,
        (outcome.nts_needed, outcome.ts_needed, outcome.clearance_needed),
        (outcome.nts_year, outcome.ts_year, outcome.clearance_year),
        strict=True,
    ):
        years = year[needed & workable]
        ends[stage] = n_years - 1 if (years < 0).any() else int(years.max(initial=-1))
    return ends


def deploy(
    scenario: Scenario,
    m2_per_team_year: Mapping[str, float],
    items: WorkItems,
    run: Callable[[YearlyPlan], tuple[StageOutcome, PlanEnd]],
    ends_of: Callable[[WorkItems, StageOutcome, int], dict[str, int]] = stage_ends,
    basis_of: Callable[[Scenario, Mapping[str, float]], PlanBasis] = plan_basis,
    start: Mapping[str, int] | None = None,
    plan_of: PlanFunction = yearly_plan,
) -> tuple[YearlyPlan, StageOutcome, PlanEnd]:
    """The yearly plan with teams released once their stage's work is done, and the stages
    worked under it (``run``: the stages and the plan's end, :func:`.completion.complete`;
    ``ends_of``: :func:`stage_ends` or a function with its signature and result;
    ``basis_of``: :func:`~.capacity.plan_basis` or a function with its signature and result;
    ``plan_of``: :func:`~.capacity.yearly_plan` or a function with its signature and result).

    Start with every kind deployed every year; release each kind after its stage's last
    year of work; the money so freed may fund the kinds after it, which can only make work
    finish earlier (more capacity never finishes any area later, the order of work being
    fixed), so the stage ends only move earlier. Repeat until the capacities up to each
    stage's end no longer change: then the work is exactly the same.

    ``start``: stage ends to release the first plan at (a guess, e.g. the same draw's
    answer at another amount of money), which saves the first pass when right. The answer
    does not depend on it: a plan released at ends ``E`` whose work ends at ``E`` is the
    only one (the first year two such plans differed, one would have released a kind whose
    stage, worked identically until then, still had work in the other), so a start that
    settles gives the same plan and work as the full deployment; one that does not settle
    is dropped for it.
    """
    n = len(scenario.years)
    basis = basis_of(scenario, m2_per_team_year)  # the same at every step
    plan = plan_of(scenario, m2_per_team_year, start, basis)
    first = None
    released_at = None if start is None else dict(start)  # the ends ``plan`` was released at
    for _ in range(len(STAGES) * n + 2):
        outcome, end = run(plan)
        first = first or (plan, outcome, end)
        ends = ends_of(items, outcome, n)
        # the same ends release the same plan: no need to work it out again
        same_ends = ends == released_at
        released = plan if same_ends else plan_of(scenario, m2_per_team_year, ends, basis)
        released_at = ends
        same = same_ends or all(
            np.array_equal(plan.capacity(s)[: ends[s] + 1], released.capacity(s)[: ends[s] + 1])
            for s in STAGES
        )
        plan = released
        if same:
            return plan, outcome, end
    if start is not None:  # from the full deployment instead, whose fallback is defined
        return deploy(scenario, m2_per_team_year, items, run, ends_of, basis_of, plan_of=plan_of)
    log.warning("releasing finished teams did not settle; teams kept for the whole horizon")
    assert first is not None
    return first


def stop_paying_idle_stages(plan: YearlyPlan, ends: dict[str, int]) -> YearlyPlan:
    """A past-release plan (capacity paid per m², :mod:`.pace`) that pays each stage's
    capacity only up to the stage's last year of work (``ends``, see :func:`stage_ends`),
    as teams are released in the teams pace; work remains until the last stage ends."""
    index = np.arange(len(plan.years))
    working = {METHOD_OF_STAGE[s]: index <= ends[s] for s in STAGES}
    return dataclasses.replace(
        plan,
        work_remains=index <= max(ends.values(), default=-1),
        method_cost_usd={m: np.where(working[m], v, 0.0) for m, v in plan.method_cost_usd.items()},
        method_funded_usd={
            m: np.where(working[m], v, 0.0) for m, v in plan.method_funded_usd.items()
        },
    )


def _ratio(part: np.ndarray, total: np.ndarray, fallback: np.ndarray) -> np.ndarray:
    """``part / total`` where ``total > 0``, else ``fallback``."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(total > 0, part / np.where(total > 0, total, 1.0), fallback)


def _ap_share(
    outcome: StageOutcome, is_ap: np.ndarray, rows: slice, fallback: np.ndarray
) -> dict[str, np.ndarray]:
    """Per stage and kept year: share of the stage's work done on AP-mined areas (the work
    done each year as the ``work_by_type`` table gives it)."""
    group = is_ap.astype(np.int64)
    out = {}
    for stage, work_done, needed, finish in (
        ("nts", outcome.nts, outcome.nts_needed, outcome.nts_year),
        ("ts", outcome.ts, outcome.ts_needed, outcome.ts_year),
        ("clearance", outcome.clearance, outcome.clearance_needed, outcome.clearance_year),
    ):
        work = release_by_year(
            np.where(needed, work_done.work, 0.0),
            work_done.start_level,
            work_done.work,
            finish,
            work_done.levels,
            group,
            2,
        )[rows]
        out[stage] = _ratio(work[:, 1], work.sum(axis=1), fallback)
    return out


def _by_method(
    by_method: dict[str, np.ndarray], rows: slice, zero: np.ndarray
) -> dict[str, np.ndarray]:
    """Cost by release method over the kept years (zero when the plan has none: the
    past-release pace pays capacity per m² by method instead of teams)."""
    return {m: by_method[m][rows] if m in by_method else zero for m in METHODS}


@dataclass(frozen=True)
class PlanLines:
    """The plan's cost lines and the money counted for it over the kept years (US$ a year):
    see :func:`plan_lines`."""

    planned_usd: np.ndarray
    team_usd: dict[str, np.ndarray]
    method_usd: dict[str, np.ndarray]
    other_usd: np.ndarray
    residual_usd: np.ndarray
    national_usd: np.ndarray
    international_secured_usd: np.ndarray
    expected_usd: np.ndarray

    @property
    def funding_gap_usd(self) -> np.ndarray:
        """The one funding gap: planned cost less secured money, never below zero."""
        secured = self.national_usd + self.international_secured_usd
        return np.maximum(self.planned_usd - secured, 0.0)


def plan_lines(plan: YearlyPlan, rows: slice, residual_years: np.ndarray) -> PlanLines:
    """The planned cost of the kept years ``rows`` by line — planned team-years at their
    cost (``team_usd`` by kind), capacity priced per m² by method (``method_usd``, the
    past-release pace), fixed programme and risk education while work remains
    (``other_usd``), the residual capacity in ``residual_years`` (per kept year) — their sum
    ``planned_usd``, and the money counted: every line while work remains; afterwards only
    what the residual capacity needs, secured money first (national, international secured,
    then expected)."""
    working = plan.work_remains[rows]
    residual = np.where(residual_years, plan.residual_capacity_usd[rows], 0.0)
    other = np.where(working, plan.fixed_programme_usd[rows] + plan.risk_education_usd[rows], 0.0)
    zero = np.zeros(len(working))
    team = {
        k: plan.planned_team_years[k][rows] * plan.usd_per_team_year[k][rows] for k in TEAM_KINDS
    }
    method = _by_method(plan.method_cost_usd, rows, zero)
    planned = sum(team.values(), other + residual) + sum(method.values(), zero)
    need = np.where(working, np.inf, residual)
    # earmarked money beyond its kind's planned cost pays nothing else: not counted here
    idle_secured, idle_expected = idle_earmarks(plan.line_money, team, rows)
    national = np.minimum(plan.national_usd[rows], need)
    intl = np.minimum(plan.international_secured_usd[rows] - idle_secured, need - national)
    expected = np.minimum(
        plan.international_expected_usd[rows] - idle_expected, need - national - intl
    )
    return PlanLines(planned, team, method, other, residual, national, intl, expected)


def money_table(
    plan: YearlyPlan,
    outcome: StageOutcome,
    is_ap: np.ndarray,
    rows: slice,
    residual_years: np.ndarray,
    count_expected: bool,
    ap_area_share: np.ndarray,
) -> pd.DataFrame:
    """Yearly money and team-year columns of ``annual`` for the kept years ``rows``.

    Parameters
    ----------
    plan, outcome : the deployed plan and the stages worked under it (:func:`deploy`).
    is_ap : per work item, whether it has AP mines (Article 5).
    rows : the years the projection keeps.
    residual_years : per kept year, whether residual capacity is paid (after the Article 5
        completion).
    count_expected : whether expected international money counts as available.
    ap_area_share : per kept year, share of the open area that has AP mines (0..1).

    Returns
    -------
    A table, one row per kept year: ``planned_cost_usd, cost_usd, funding_usd, secured_usd,
    expected_usd, funding_gap_usd, gap_after_expected_usd, unsecured_usd``;
    ``planned_team_years_<kind>, funded_team_years_<kind>``; the plan's cost lines
    ``planned_cost_<kind>_usd, planned_cost_<method>_usd, fixed_programme_usd,
    risk_education_usd, residual_capacity_usd``; funding counted ``national_usd,
    international_secured_usd, international_expected_usd``; and the Article 5 split
    ``article5_team_years, non_article5_team_years, article5_cost_usd,
    non_article5_cost_usd, article5_planned_cost_usd, non_article5_planned_cost_usd``.
    """
    working = plan.work_remains[rows]
    lines = plan_lines(plan, rows, residual_years)
    residual, other = lines.residual_usd, lines.other_usd
    planned_ty = {k: plan.planned_team_years[k][rows] for k in TEAM_KINDS}
    funded_ty = {k: plan.funded_team_years[k][rows] for k in TEAM_KINDS}
    unit = {k: plan.usd_per_team_year[k][rows] for k in TEAM_KINDS}
    planned_lines = lines.team_usd
    zero = np.zeros(len(working))
    method_planned = lines.method_usd
    method_funded = _by_method(plan.method_funded_usd, rows, zero)
    planned = lines.planned_usd
    national, intl, expected = (
        lines.national_usd,
        lines.international_secured_usd,
        lines.expected_usd,
    )
    secured = national + intl
    funding = secured + (expected if count_expected else 0.0)
    earmarked = sum((v[rows] for v in plan.earmark_spent_usd.values()), zero)
    other_paid = np.minimum(other, np.maximum(funding - earmarked, 0.0))  # not earmarked money
    cost = sum((funded_ty[k] * unit[k] for k in TEAM_KINDS), other_paid + residual)
    cost = cost + sum(method_funded.values(), zero)
    unsecured = np.minimum(np.maximum(cost - secured, 0.0), expected) if count_expected else 0.0

    table: dict[str, object] = {
        "planned_cost_usd": planned,
        "cost_usd": cost,
        "funding_usd": funding,
        "secured_usd": secured,
        "expected_usd": expected,
        "funding_gap_usd": np.maximum(planned - secured, 0.0),
        "gap_after_expected_usd": np.maximum(planned - secured - expected, 0.0),
        "unsecured_usd": np.zeros(len(cost)) + unsecured,
    }
    for k in TEAM_KINDS:
        table[f"planned_team_years_{k}"] = planned_ty[k]
        table[f"funded_team_years_{k}"] = funded_ty[k]
    for k in TEAM_KINDS:
        table[f"planned_cost_{k}_usd"] = planned_lines[k]
    for m in METHODS:
        table[f"planned_cost_{m}_usd"] = method_planned[m]
    table["fixed_programme_usd"] = np.where(working, plan.fixed_programme_usd[rows], 0.0)
    table["risk_education_usd"] = np.where(working, plan.risk_education_usd[rows], 0.0)
    table["residual_capacity_usd"] = residual
    table["national_usd"] = national
    table["international_secured_usd"] = intl
    table["international_expected_usd"] = expected

    share = _ap_share(outcome, is_ap, rows, ap_area_share)
    for label, ty, other_cost, by_method in (
        ("", funded_ty, other_paid, method_funded),
        ("planned_", planned_ty, other, method_planned),
    ):
        ap_ty = sum((ty[k] * share[STAGE_OF_KIND[k]] for k in TEAM_KINDS), np.zeros(len(cost)))
        all_ty = sum(ty.values(), np.zeros(len(cost)))
        ty_share = _ratio(ap_ty, all_ty, ap_area_share)
        ap_cost = sum(
            (ty[k] * unit[k] * share[STAGE_OF_KIND[k]] for k in TEAM_KINDS),
            other_cost * ty_share + residual,
        ) + sum((by_method[METHOD_OF_STAGE[s]] * share[s] for s in STAGES), zero)
        total = cost if not label else planned
        if not label:
            table["article5_team_years"] = ap_ty
            table["non_article5_team_years"] = np.maximum(all_ty - ap_ty, 0.0)
        table[f"article5_{label}cost_usd"] = np.minimum(ap_cost, total)
        table[f"non_article5_{label}cost_usd"] = np.maximum(total - ap_cost, 0.0)
    return pd.DataFrame(table)
