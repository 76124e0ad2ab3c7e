"""Draws of a forecast: each draw's inputs (:mod:`.draw_inputs`) worked through the engine.

The shape is SALib's: :func:`~.draw_inputs.sample_inputs` (or
:func:`~.draw_inputs.inputs_at` for chosen points) → :func:`evaluate` → quantiles
(:mod:`.result`). A draw is exactly what :func:`~landrelease.engine.project` gives for
the scenario and country changed by the draw (shares, productivity, funding, discoveries,
SHA area, access year, ramp-up), plus yearly noise and plan realisation on capacity; it
runs the projection's own core (:func:`~landrelease.engine.work.work_plan`,
:mod:`~landrelease.engine.tables`, :func:`~landrelease.engine.costs.plan_lines`) on arrays,
with no table per draw, and keeps per draw only yearly national and regional totals: never
a draws × areas × years array.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from landrelease.engine.capacity import STAGES, PlanBasis
from landrelease.engine.costs import plan_lines
from landrelease.engine.evolve import evolve
from landrelease.engine.items import AP_TYPES, WorkItems
from landrelease.engine.tables import (
    FLOW_COLUMNS,
    STOCK_COLUMNS,
    finish_stocks,
    flows_and_stocks,
)
from landrelease.engine.work import (
    ENGINE_KERNELS,
    PlanKernels,
    WorkedPlan,
    kept_years,
    residual_paid,
    work_plan,
)
from landrelease.forecast.compiled import StageRunner
from landrelease.forecast.compiled_completion import Counted, complete_compiled
from landrelease.forecast.compiled_lines import planned_and_gap
from landrelease.forecast.compiled_plan import CompiledPlans
from landrelease.forecast.draw_basis import BasisParts, basis_parts
from landrelease.forecast.draw_inputs import DrawInputs
from landrelease.forecast.draw_model import (
    _GAP,
    _PLANNED,
    AREA_QUANTITIES,
    NO_ENDS,
    QUANTITIES,
    REGION_QUANTITIES,
    DrawModel,
    DrawOutcome,
    _by_type,
    _draw_items,
    _draw_scenario,
    _drawn_basis,
    _multiplier,
    _productivity,
    prepare_draws,
)
from landrelease.forecast.heap import keep_freed_memory, release_freed_memory
from landrelease.forecast.one_call import Drawn, work_draw
from landrelease.forecast.totals import yearly_totals
from landrelease.forecast.uncertainty import PAST_RELEASE_STAGES
from landrelease.scenario.model import TYPES, Scenario

__all__ = [
    "NO_ENDS",
    "QUANTITIES",
    "REGION_QUANTITIES",
    "DrawModel",
    "DrawOutcome",
    "evaluate",
    "prepare_draws",
]


def _work(
    model: DrawModel,
    inputs: DrawInputs,
    i: int,
    kernels: PlanKernels = ENGINE_KERNELS,
    parts: BasisParts | None = None,
    start_ends: np.ndarray | None = None,
) -> tuple[WorkedPlan, WorkItems]:
    """Draw ``i`` worked through the stages as :func:`~landrelease.engine.project` does
    (:func:`~landrelease.engine.work.work_plan`); with ``parts`` (:func:`.basis_parts` of
    the case's scenario) the plan basis is the draw's from them instead of from the drawn
    scenario (the same numbers)."""
    past = model.past_release
    if parts is None or past:
        scenario = _draw_scenario(model, inputs, i)
    else:  # the case's scenario: the draw's money and ramp-up are in the basis
        scenario = model.scenario

        def basis(_: Scenario, m2_per_team_year: Mapping[str, float]) -> PlanBasis:
            assert parts is not None
            return _drawn_basis(model, inputs, i, parts, m2_per_team_year)

        kernels = evolve(kernels, basis=basis)
    items = _draw_items(model, inputs, i)
    fc = _by_type(model, inputs.values, "sha_cancelled_frac", i, model.fc)
    fr = _by_type(model, inputs.values, "ts_reduced_frac", i, model.fr)
    worked = work_plan(
        scenario,
        items,
        {t: float(v) for t, v in zip(TYPES, fc, strict=True)},
        {t: float(v) for t, v in zip(TYPES, fr, strict=True)},
        _productivity(model, inputs, i),
        model.calibration,
        capacity_factor=inputs.capacity_factor[i],
        pace_factor=np.array([_multiplier(inputs, i, s) for s in PAST_RELEASE_STAGES])
        if past
        else None,
        kernels=kernels,
        start_ends=None
        if start_ends is None or (start_ends < -1).any()
        else {s: int(e) for s, e in zip(STAGES, start_ends, strict=True)},
    )
    return worked, items


def _in_one_call(
    model: DrawModel,
    inputs: DrawInputs,
    i: int,
    parts: BasisParts,
    runner: StageRunner,
    plans: CompiledPlans,
    start_ends: np.ndarray | None,
) -> Drawn | None:
    """Draw ``i`` in one compiled call (:func:`~.compiled_draw.work_draw`: the numbers of
    :func:`_work` and of the totals and lines that :func:`evaluate` takes of it), or
    ``None`` where that path does not apply."""
    productivity = _productivity(model, inputs, i)
    costs = model.scenario.costs
    return work_draw(
        _draw_items(model, inputs, i),
        (
            _by_type(model, inputs.values, "sha_cancelled_frac", i, model.fc),
            _by_type(model, inputs.values, "ts_reduced_frac", i, model.fr),
            model.type_factor,
        ),
        productivity,
        _drawn_basis(model, inputs, i, parts, productivity),
        is_ap=model.is_ap,
        capacity_factor=inputs.capacity_factor[i],
        residual_m2_per_year=costs.residual_m2_per_year,
        residual_years=costs.residual_years,
        runner=runner,
        plans=plans,
        start=start_ends,
    )


_COLUMN = {c: k for k, c in enumerate((*FLOW_COLUMNS, *STOCK_COLUMNS))}
"""Position of each flow and stock column in a finished grid (:func:`finish_stocks`)."""
_REMAINING = _COLUMN["remaining_area_m2"]


def _index(value: int | None) -> int:
    return -1 if value is None else int(value)


def _reference_totals(
    model: DrawModel, items: WorkItems, worked: WorkedPlan
) -> tuple[np.ndarray, np.ndarray]:
    """National and regional yearly totals of a draw from the engine's own tables (the
    reference :func:`~landrelease.forecast.totals.yearly_totals` is tested against)."""
    n_types, n_regions, n_years = len(TYPES), len(model.regions), model.n_years
    ap_types = np.array([t in AP_TYPES for t in TYPES])
    raw, _ = flows_and_stocks(
        items,
        worked.outcome,
        items.region_code * n_types + items.type_code,
        n_regions * n_types,
        model.scenario.years,
        worked.end.residual,
    )
    fine = raw.reshape(n_years, n_regions, n_types, raw.shape[-1])
    national = finish_stocks(fine.sum(axis=(1, 2))[:, None, :])[:, 0, :]
    ap_stock = finish_stocks(fine.sum(axis=1)[:, ap_types].sum(axis=1)[:, None, :])
    regional = finish_stocks(fine.sum(axis=2))
    flows = [national[:, _COLUMN[q]] for q in QUANTITIES[2:7]]
    return (
        np.stack([*flows, national[:, _REMAINING], ap_stock[:, 0, _REMAINING]], axis=-1),
        np.stack([regional[:, :, _COLUMN[q]] for q in REGION_QUANTITIES], axis=-1),
    )


def _through_engine(
    model: DrawModel,
    inputs: DrawInputs,
    i: int,
    kernels: PlanKernels,
    parts: BasisParts | None,
    start_ends: np.ndarray | None,
    counted: Counted | None,
) -> Drawn:
    """Draw ``i`` through the engine's loop (:func:`_work`; compiled kernels with
    ``counted``, else the engine's numpy functions), with the totals and cost lines
    :func:`evaluate` keeps."""
    worked, items = _work(model, inputs, i, kernels, parts, start_ends)
    n_years = model.n_years
    ends = None
    if worked.pace is None:
        at = worked.released_at  # a property: computed once
        ends = np.array([at[s] for s in STAGES], dtype=np.int64)
    end = worked.end
    if counted is not None:
        active = counted.active(items, worked.outcome, end.residual, n_years)
    else:
        active = worked.active(items)
    kept = kept_years(active, model.scenario.costs.residual_years)
    if counted is not None:
        national, regional = yearly_totals(
            items, worked.outcome, end.residual, model.is_ap, n_years
        )
    else:
        national, regional = _reference_totals(model, items, worked)
    paid = residual_paid(n_years, end.article5_index)[: kept + 1]
    if counted is not None:
        planned, gap = planned_and_gap(worked.plan, kept, paid)
    else:
        lines = plan_lines(worked.plan, slice(0, kept + 1), paid)
        planned, gap = lines.planned_usd, lines.funding_gap_usd
    return Drawn(
        _index(end.all_index),
        _index(end.article5_index),
        ends,
        national,
        regional,
        planned,
        gap,
    )


def evaluate(
    model: DrawModel,
    inputs: DrawInputs,
    *,
    compiled: bool = True,
    one_call: bool = True,
    runner: StageRunner | None = None,
    release_memory: bool = True,
    start_ends: np.ndarray | None = None,
) -> DrawOutcome:
    """Work every draw of ``inputs`` through the engine (see the module docstring).

    ``compiled``: work the stages and sum the flows with the compiled kernels
    (:mod:`.compiled`: the same results, several times faster on large countries);
    ``False``: with the engine's numpy functions, the reference the kernels are tested
    against. ``one_call``: with ``compiled``, work each draw in one compiled call where it
    applies (:mod:`.compiled_draw`: the same numbers, without the glue between kernels);
    ``False``: through the engine's loop with the compiled kernels (its reference).
    ``runner``: the compiled stages' :class:`~.compiled.StageRunner` (default a new
    one), which a caller working the same model in many small calls keeps, so that the order
    of work is sorted once. The process keeps the memory a draw frees for the next
    (:func:`~landrelease.forecast.heap.keep_freed_memory`) and, with ``release_memory``,
    gives it back at the end (a caller making many small calls does so once, after them).
    ``start_ends``: per draw, stage ends to release its teams at first (draws × 3,
    :data:`NO_ENDS` for none; e.g. the ``released_at`` of the same draws at another amount
    of money): saves work where right, changes no result
    (:func:`~landrelease.engine.costs.deploy`).
    """
    keep_freed_memory()
    n, n_years = inputs.n, model.n_years
    n_regions = len(model.regions)
    completion = np.full(n, -1, dtype=np.int64)
    article5 = np.full(n, -1, dtype=np.int64)
    cost = np.zeros(n)
    annual = np.zeros((n, n_years, len(QUANTITIES)))
    by_region = np.zeros((n, n_years, n_regions, len(REGION_QUANTITIES)))
    released_at = np.full((n, len(STAGES)), NO_ENDS, dtype=np.int64)
    runner = runner or StageRunner()
    plans = CompiledPlans()
    counted = Counted(runner) if compiled else None  # what the completion counted last
    kernels = (
        PlanKernels(
            runner,
            lambda items, run, years, m2: complete_compiled(items, run, years, m2, counted),
            counted.stage_ends,
            plan=plans,
        )
        if counted is not None
        else ENGINE_KERNELS
    )
    parts = basis_parts(model.scenario) if compiled else None
    one_call = one_call and compiled and parts is not None and not model.past_release
    for i in range(n):
        start = None if start_ends is None else start_ends[i]
        drawn = None
        if one_call:
            assert parts is not None
            drawn = _in_one_call(model, inputs, i, parts, runner, plans, start)
        if drawn is None:
            drawn = _through_engine(model, inputs, i, kernels, parts, start, counted)
        completion[i] = drawn.completion_index
        article5[i] = drawn.article5_completion_index
        if drawn.released_at is not None:
            released_at[i] = drawn.released_at
        national, regional = drawn.national, drawn.regional
        kept = len(drawn.planned_usd) - 1
        kept_planned, kept_gap = drawn.planned_usd, drawn.gap_usd
        # national: 5 flows, remaining, Article 5 remaining; QUANTITIES put the stocks
        # first, then the money (the years after the kept ones stay 0, as ``annual`` is)
        row = annual[i]
        row[:, :2] = national[:, 5:7]
        row[:, 2:AREA_QUANTITIES] = national[:, :5]
        row[: kept + 1, _PLANNED] = kept_planned
        row[: kept + 1, _GAP] = kept_gap
        by_region[i] = regional
        if inputs.revision is not None:  # areas back to their revised size (DrawInputs)
            g = inputs.revision[i]
            row[:, :AREA_QUANTITIES] *= g[:, None]
            by_region[i] *= g[:, None, None]
        cost[i] = row[:, _PLANNED].sum()  # every year's, 0 after the kept ones
    if release_memory:
        release_freed_memory()
    return DrawOutcome(completion, article5, cost, annual, by_region, released_at)
