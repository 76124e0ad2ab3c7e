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

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from landrelease.domain.country import Country
from landrelease.engine.calibration import Calibration
from landrelease.engine.capacity import STAGES, PlanBasis
from landrelease.engine.costs import plan_lines
from landrelease.engine.earmarks import drawn_lines
from landrelease.engine.evolve import evolve
from landrelease.engine.items import AP_TYPES, WorkItems, build_items
from landrelease.engine.project import resolve_assumptions
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
from landrelease.forecast.compiled import StageRunner, scaled_areas
from landrelease.forecast.compiled_completion import Counted, complete_compiled
from landrelease.forecast.compiled_draw import Drawn, work_draw
from landrelease.forecast.compiled_lines import planned_and_gap
from landrelease.forecast.compiled_plan import CompiledPlans
from landrelease.forecast.draw_basis import BasisParts, basis_parts
from landrelease.forecast.draw_inputs import DrawInputs
from landrelease.forecast.heap import keep_freed_memory, release_freed_memory
from landrelease.forecast.totals import yearly_totals
from landrelease.forecast.uncertainty import PAST_RELEASE_STAGES
from landrelease.scenario.model import TEAM_KINDS, TYPES, Scenario, YearValues

__all__ = [
    "NO_ENDS",
    "QUANTITIES",
    "REGION_QUANTITIES",
    "DrawModel",
    "DrawOutcome",
    "evaluate",
    "prepare_draws",
]

QUANTITIES = (
    "remaining_area_m2",
    "article5_remaining_area_m2",
    "cancelled_area_m2",
    "reduced_area_m2",
    "cleared_area_m2",
    "released_area_m2",
    "discovered_area_m2",
    "planned_cost_usd",
    "funding_gap_usd",
)
"""Yearly national quantities kept per draw (columns of the forecast's ``annual``)."""
REGION_QUANTITIES = ("remaining_area_m2", "released_area_m2")
"""Yearly regional quantities kept per draw (columns of ``by_region``)."""
AREA_QUANTITIES = 7
"""The first quantities of :data:`QUANTITIES` are areas (m²), which a revision scales."""
_PLANNED = QUANTITIES.index("planned_cost_usd")
_GAP = QUANTITIES.index("funding_gap_usd")
NO_ENDS = -2
"""In ``start_ends`` and ``released_at``: no stage ends known (``-1`` is a stage without
work)."""


@dataclass(frozen=True)
class DrawModel:
    """What every draw of one case shares: the case's scenario, its work items (baseline
    hazards then discoveries at the scenario's rates), the central assumptions and masks
    (``opens_with_access``: baseline areas not accessible and without ``access_year``, which
    open in the drawn access year)."""

    scenario: Scenario
    items: WorkItems
    fc: dict[str, float]
    fr: dict[str, float]
    productivity: dict[str, float]
    calibration: Calibration | None
    type_factor: np.ndarray
    opens_with_access: np.ndarray
    sha_baseline: np.ndarray
    discovered: np.ndarray
    is_ap: np.ndarray

    @property
    def n_years(self) -> int:
        return len(self.scenario.years)

    @property
    def regions(self) -> tuple[str, ...]:
        return self.items.regions

    @property
    def past_release(self) -> bool:
        return self.scenario.pace.past_release and self.calibration is not None


def prepare_draws(country: Country, scenario: Scenario) -> DrawModel:
    """The shared part of every draw of ``scenario`` on ``country`` (one case)."""
    fc, fr, productivity, cal = resolve_assumptions(country, scenario)
    items = build_items(country, scenario)
    h = country.hazards
    n = len(h)
    closed = ~h["accessible"].to_numpy(dtype=object, na_value=True).astype(bool)
    no_year = ~np.isfinite(
        np.asarray(h["access_year"].to_numpy(dtype=float, na_value=np.nan), dtype=float)
    )
    opens = np.zeros(len(items), dtype=bool)
    opens[:n] = closed & no_year
    discovered = items.discovered_year_index >= 0
    ap_codes = [i for i, t in enumerate(TYPES) if t in AP_TYPES]
    return DrawModel(
        scenario=scenario,
        items=items,
        fc=dict(fc),
        fr=dict(fr),
        productivity=dict(productivity),
        calibration=cal,
        type_factor=np.array([scenario.productivity.factor(t) for t in TYPES]),
        opens_with_access=opens,
        sha_baseline=items.is_sha & ~discovered,
        discovered=discovered,
        is_ap=np.isin(items.type_code, ap_codes),
    )


@dataclass(frozen=True)
class DrawOutcome:
    """Per draw: completion year indexes (``-1``: after the horizon), the plan's total
    planned cost (US$), yearly national :data:`QUANTITIES` (draws × years × quantities) and
    regional :data:`REGION_QUANTITIES` (draws × years × regions × quantities), and the stage
    ends its teams were released at (draws × 3 stages, :data:`NO_ENDS` for a past-release
    pace): what :func:`evaluate` may start the same draw from at another amount of money."""

    completion_index: np.ndarray
    article5_completion_index: np.ndarray
    planned_cost_usd: np.ndarray
    annual: np.ndarray
    by_region: np.ndarray
    released_at: np.ndarray

    @classmethod
    def concat(cls, parts: Sequence[DrawOutcome]) -> DrawOutcome:
        """The draws of ``parts``, in order."""
        return cls(
            *(np.concatenate([getattr(p, f.name) for p in parts]) for f in dataclasses.fields(cls))
        )


def _one(values: dict[str, dict[str, np.ndarray]], name: str, i: int) -> float | None:
    by_key = values.get(name)
    return None if by_key is None else float(by_key["value"][i])


def _draw_scenario(model: DrawModel, inputs: DrawInputs, i: int) -> Scenario:
    """The case's scenario with draw ``i``'s money and ramp-up."""
    s = model.scenario
    f = s.funding
    years = s.years
    secured = _one(inputs.values, "secured_factor", i)
    secured = 1.0 if secured is None else secured
    expected = f.international_expected_usd.over(years) * inputs.expected_arrives[i]
    funding = dataclasses.replace(
        f,
        national_usd=f.national_usd.scaled(secured),
        international_secured_usd=f.international_secured_usd.scaled(secured),
        international_expected_usd=YearValues(
            tuple((int(y), float(v)) for y, v in zip(years, expected, strict=True))
        ),
        lines=drawn_lines(f.lines, years, secured, inputs.expected_arrives[i]),
    )
    ramp = _one(inputs.values, "ramp_up_years", i)
    return dataclasses.replace(
        s, funding=funding, ramp_up_years=s.ramp_up_years if ramp is None else int(ramp)
    )


def _draw_items(model: DrawModel, inputs: DrawInputs, i: int) -> WorkItems:
    """The case's items with draw ``i``'s SHA area, discoveries and access year."""
    items = model.items
    sha = _one(inputs.values, "sha_area_factor", i)
    found = _one(inputs.values, "discoveries_factor", i)
    # one pass, the same products as scaling each masked part
    area = scaled_areas(
        items.area_m2,
        model.sha_baseline,
        1.0 if sha is None else sha,
        model.discovered,
        1.0 if found is None else found,
    )
    available = items.available_time
    year = _one(inputs.values, "access_year", i)
    if year is not None and model.opens_with_access.any():
        s = model.scenario
        t = max(year - s.start_year, 0.0)
        t = np.inf if t > s.end_year - s.start_year else t
        available = np.where(model.opens_with_access, t, available)
    return evolve(items, area_m2=area, available_time=available)


def _by_type(
    model: DrawModel,
    values: dict[str, dict[str, np.ndarray]],
    name: str,
    i: int,
    central: dict[str, float],
) -> np.ndarray:
    by_key = values.get(name)
    return np.array([central.get(t, 0.0) if by_key is None else float(by_key[t][i]) for t in TYPES])


def _drawn_basis(
    model: DrawModel,
    inputs: DrawInputs,
    i: int,
    parts: BasisParts,
    m2_per_team_year: Mapping[str, float],
) -> PlanBasis:
    """Draw ``i``'s plan basis from the case's shared ``parts`` (its money and ramp-up)."""
    secured = _one(inputs.values, "secured_factor", i)
    ramp = _one(inputs.values, "ramp_up_years", i)
    return parts.basis(
        m2_per_team_year,
        1.0 if secured is None else secured,
        inputs.expected_arrives[i],
        model.scenario.ramp_up_years if ramp is None else int(ramp),
    )


def _multiplier(inputs: DrawInputs, i: int, key: str) -> float:
    value = _one(inputs.values, f"productivity.{key}", i)
    return 1.0 if value is None else value


def _productivity(model: DrawModel, inputs: DrawInputs, i: int) -> dict[str, float]:
    """Draw ``i``'s m² per team-year by kind (the past-release pace draws its own)."""
    past = model.past_release
    return {
        k: model.productivity[k] * (1.0 if past else _multiplier(inputs, i, k)) for k in TEAM_KINDS
    }


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
