"""The plan worked: the stages under the yearly plan, the completion that stays complete, and
teams released once their stage's work is done — the core of
:func:`~landrelease.engine.project`, public so that every caller that works a plan (the
projection, each draw of a forecast) works it the same way.

:func:`work_plan` takes the work items and the resolved assumptions (release shares by type,
productivity by kind, the calibration) and returns the plan as deployed, the stages' outcome
and the plan's end; :func:`kept_years` and :func:`residual_paid` say which years the tables
keep and when the residual capacity is paid.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from landrelease.domain.enums import Asset
from landrelease.engine.calibration import Calibration
from landrelease.engine.capacity import (
    STAGE_OF_KIND,
    STAGES,
    PlanBasis,
    PlanFunction,
    YearlyPlan,
    plan_basis,
    yearly_plan,
)
from landrelease.engine.completion import PlanEnd, complete
from landrelease.engine.costs import deploy, stage_ends, stop_paying_idle_stages
from landrelease.engine.evolve import evolve
from landrelease.engine.items import WorkItems
from landrelease.engine.pace import VIRTUAL_M2_PER_TEAM_YEAR, PastPace, past_release_plan
from landrelease.engine.stages import StageOutcome, run_stages
from landrelease.engine.tables import open_counts
from landrelease.scenario.model import TEAM_KINDS, TYPES, Scenario

__all__ = [
    "BasisFunction",
    "CompletionFunction",
    "PlanKernels",
    "StageEndsFunction",
    "StagesFunction",
    "WorkedPlan",
    "kept_years",
    "residual_paid",
    "work_plan",
]

StagesFunction = Callable[
    [WorkItems, np.ndarray, np.ndarray, np.ndarray, float, float, YearlyPlan], StageOutcome
]
"""A function that works the stages: :func:`~landrelease.engine.stages.run_stages`'
signature and result."""
CompletionFunction = Callable[
    [WorkItems, Callable[[WorkItems], StageOutcome], np.ndarray, float],
    tuple[StageOutcome, PlanEnd],
]
"""A function that finds the plan's completion: :func:`~landrelease.engine.completion.complete`'s
signature and result."""
StageEndsFunction = Callable[[WorkItems, StageOutcome, int], dict[str, int]]
"""A function that finds each stage's last year of work:
:func:`~landrelease.engine.costs.stage_ends`' signature and result."""
BasisFunction = Callable[[Scenario, Mapping[str, float]], PlanBasis]
"""A function that computes the deployment-free part of the yearly plan:
:func:`~landrelease.engine.capacity.plan_basis`' signature and result."""


@dataclass(frozen=True)
class PlanKernels:
    """The functions :func:`work_plan` works a plan with: by default the engine's numpy
    functions; a forecast passes compiled ones that give the same results faster (and a
    plan basis from parts its draws share, and the yearly plan from it)."""

    stages: StagesFunction = run_stages
    completion: CompletionFunction = complete
    stage_ends: StageEndsFunction = stage_ends
    basis: BasisFunction = plan_basis
    plan: PlanFunction = yearly_plan


ENGINE_KERNELS = PlanKernels()
"""The engine's own functions."""


@dataclass(frozen=True)
class WorkedPlan:
    """The plan as deployed (teams released, or past-release capacity paid while its stage
    has work), the stages worked under it, the plan's end (:class:`.completion.PlanEnd`)
    and the past pace (``None`` in the teams pace)."""

    plan: YearlyPlan
    outcome: StageOutcome
    end: PlanEnd
    pace: PastPace | None

    @property
    def released_at(self) -> dict[str, int]:
        """By stage, the index of the last year its teams are deployed (``-1``: never):
        the stage ends the plan was released at (:func:`~.costs.deploy`)."""
        kinds = {STAGE_OF_KIND[k]: k for k in TEAM_KINDS}
        out = {}
        for stage in STAGES:
            years = np.flatnonzero(self.plan.deployed[kinds[stage]])
            out[stage] = int(years[-1]) if years.size else -1
        return out

    def active(self, items: WorkItems) -> np.ndarray:
        """Per year, whether some item of the plan (not of the residual capacity) is open
        during the year."""
        _, active = open_counts(items, self.outcome, len(self.plan.years), ~self.end.residual)
        return active


def _scaled(plan: YearlyPlan, factor: np.ndarray) -> YearlyPlan:
    """The plan with each stage's capacity multiplied by ``factor`` (years × 3 stages, or 3
    stages)."""
    f = np.asarray(factor, dtype=float)
    return evolve(
        plan,
        nts_capacity=plan.nts_capacity * f[..., 0],
        ts_capacity=plan.ts_capacity * f[..., 1],
        clearance_capacity_m2=plan.clearance_capacity_m2 * f[..., 2],
    )


def work_plan(
    scenario: Scenario,
    items: WorkItems,
    sha_cancelled_frac: Mapping[str, float],
    ts_reduced_frac: Mapping[str, float],
    m2_per_team_year: Mapping[str, float],
    calibration: Calibration | None,
    *,
    capacity_factor: np.ndarray | None = None,
    pace_factor: np.ndarray | None = None,
    kernels: PlanKernels = ENGINE_KERNELS,
    start_ends: Mapping[str, int] | None = None,
) -> WorkedPlan:
    """Work ``items`` through the stages under ``scenario``'s plan, as the projection does.

    Parameters
    ----------
    scenario : the resolved scenario (teams, money, costs, pace, residual capacity).
    items : the work items (:func:`~landrelease.engine.items.build_items`).
    sha_cancelled_frac, ts_reduced_frac : release shares (0..1) by contamination type.
    m2_per_team_year : productivity by team kind (m² per team-year).
    calibration : the calibration (``None`` when nothing was calibrated); with
        ``[pace] mode = "past_release"`` capacity comes from its past release.
    capacity_factor : multipliers (years × 3: NTS, TS, clearance) of the capacity each year
        actually delivers, applied to the plan's capacity as worked (yearly noise, plan
        realisation in a forecast); the plan's teams and cost are not changed. Default 1.
    pace_factor : multipliers (3 stages) of the past-release capacity the plan counts on
        (``past_release`` pace only). Default 1.
    kernels : the functions that work the stages, find the completion and each stage's
        last year of work (:class:`PlanKernels`; default: the engine's): a forecast passes
        compiled ones that give the same result faster.
    start_ends : stage ends to release the teams at first (:func:`~.costs.deploy`'s
        ``start``: a guess that saves work when right and changes no result).
    """
    type_factor = np.array([scenario.productivity.factor(t) for t in TYPES])
    shares = (
        np.array([sha_cancelled_frac.get(t, 0.0) for t in TYPES]),
        np.array([ts_reduced_frac.get(t, 0.0) for t in TYPES]),
    )
    years = scenario.years
    residual_m2 = scenario.costs.residual_m2_per_year
    past = scenario.pace.past_release and calibration is not None
    if past:
        stage_m2 = (VIRTUAL_M2_PER_TEAM_YEAR, VIRTUAL_M2_PER_TEAM_YEAR)
    else:
        stage_m2 = (m2_per_team_year[Asset.NTS.value], m2_per_team_year[Asset.TS.value])

    def run(plan: YearlyPlan) -> tuple[StageOutcome, PlanEnd]:
        worked = plan if capacity_factor is None else _scaled(plan, capacity_factor)

        def run_all(work: WorkItems) -> StageOutcome:
            return kernels.stages(work, *shares, type_factor, *stage_m2, worked)

        return kernels.completion(items, run_all, years, residual_m2)

    pace = None
    if past:
        assert calibration is not None
        # capacity from past release, paid per m² by method (engine/pace.py): no teams to
        # release, but a stage's capacity is paid only while the stage has work
        plan, pace = past_release_plan(
            scenario, calibration, items, sha_cancelled_frac, ts_reduced_frac
        )
        if pace_factor is not None:
            plan = _scaled(plan, pace_factor)
        outcome, end = run(plan)
        plan = stop_paying_idle_stages(plan, kernels.stage_ends(items, outcome, len(years)))
    else:
        plan, outcome, end = deploy(
            scenario,
            m2_per_team_year,
            items,
            run,
            kernels.stage_ends,
            kernels.basis,
            start_ends,
            kernels.plan,
        )
    return WorkedPlan(plan, outcome, end, pace)


def kept_years(active: np.ndarray, residual_years: int) -> int:
    """Index of the plan's last kept year: ``residual_years`` after the last year with an
    area open (the horizon's end when areas stay open to it)."""
    n = len(active)
    last_active = int(np.flatnonzero(active)[-1]) if active.any() else -1
    return n - 1 if last_active == n - 1 else min(max(last_active, 0) + residual_years, n - 1)


def residual_paid(n_years: int, article5_index: int | None) -> np.ndarray:
    """Per year, whether the residual capacity stands (and is paid): from the year after
    the Article 5 completion (Oslo Action Plan #26)."""
    after = np.zeros(n_years, dtype=bool)
    if article5_index is not None:
        after[article5_index + 1 :] = True
    return after
