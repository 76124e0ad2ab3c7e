"""``project(country, scenario)``: the one orchestrator of the projection engine.

Layers: pure kernels (:mod:`.kernels`) → items and yearly capacity (:mod:`.items`,
:mod:`.capacity`) → stages (:mod:`.stages`) → tables (:mod:`.tables`). The engine works on
numbers only; it never reads files.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import numpy as np
import pandas as pd

from landrelease.domain.country import Country, add_years
from landrelease.domain.enums import Asset
from landrelease.engine.calibration import Calibration, calibrate
from landrelease.engine.capacity import YearlyPlan
from landrelease.engine.costs import (
    MONEY_TOTALS,
    deploy,
    money_table,
    stage_ends,
    stop_paying_idle_stages,
)
from landrelease.engine.items import AP_TYPES, WorkItems, build_items
from landrelease.engine.pace import VIRTUAL_M2_PER_TEAM_YEAR, past_release_plan
from landrelease.engine.result import ProjectionResult
from landrelease.engine.stages import StageOutcome, run_stages
from landrelease.engine.tables import (
    FLOW_COLUMNS,
    STOCK_COLUMNS,
    finish_stocks,
    flows_and_stocks,
    grid_to_frame,
    open_counts,
)
from landrelease.errors import warn
from landrelease.scenario.files import ScenarioError
from landrelease.scenario.model import CLEARANCE_KINDS, TEAM_KINDS, TYPES, Scenario

__all__ = ["extension_needed", "project", "resolve_assumptions"]

log = logging.getLogger(__name__)


def resolve_assumptions(
    country: Country, scenario: Scenario
) -> tuple[dict[str, float], dict[str, float], dict[str, float], Calibration | None]:
    """Release shares by type and productivity by kind, calibrated where the scenario says so.

    Returns ``(sha_cancelled_frac, ts_reduced_frac, m2_per_team_year, calibration)``; the
    calibration is ``None`` when nothing was calibrated. Raises :class:`ScenarioError` when a
    calibrated value is needed but the history cannot give it.
    """
    pace = scenario.pace.past_release
    needs = (
        pace
        or scenario.release.sha_cancelled_frac is None
        or scenario.release.ts_reduced_frac is None
        or any(v is None for v in scenario.productivity.m2_per_team_year.values())
    )
    cal = None
    if needs:
        factor = scenario.productivity.type_factor
        key = ("calibration", scenario.calibration_years, tuple(sorted(factor.items())))
        cal = country.memo(
            key,
            lambda: calibrate(
                country.releases,
                scenario.calibration_years,
                up_to_year=country.info.baseline_year,
                type_factor=factor,
                hazards=country.hazards,
            ),
        )
        if not cal.years and (
            scenario.release.sha_cancelled_frac is None or scenario.release.ts_reduced_frac is None
        ):
            raise ScenarioError(
                f"{scenario.name}: release shares are 'calibrated' but the "
                "country has no release history that records how land was released "
                "(cancelled, reduced, cleared); give numbers in [release]"
            )
        if not cal.years and pace:
            raise ScenarioError(
                f"{scenario.name}: pace.mode = 'past_release' takes capacity from the release "
                f"history of the last {scenario.calibration_years} years up to the baseline, "
                "which has no records; give teams (pace.mode = 'teams') or the history"
            )
    fc = scenario.release.sha_cancelled_frac or (cal.sha_cancelled_frac if cal else {})
    fr = scenario.release.ts_reduced_frac or (cal.ts_reduced_frac if cal else {})
    productivity: dict[str, float] = {}
    for kind in TEAM_KINDS:
        given = scenario.productivity.m2_per_team_year.get(kind)
        if given is not None:
            productivity[kind] = given
            continue
        value = cal.m2_per_team_year.get(kind) if cal else None
        planned = not pace and max(scenario.teams[kind].over(scenario.years), default=0.0) > 0
        if value is None and planned:
            raise ScenarioError(
                f"{scenario.name}: productivity.{kind} is 'calibrated' but the release "
                f"history has no records with teams for asset {kind}; give a number "
                "(m² per team-year)"
            )
        productivity[kind] = value if value is not None else 0.0
    if cal is not None:
        calibrated = tuple(
            k
            for k in TEAM_KINDS
            if scenario.productivity.m2_per_team_year.get(k) is None
            and not pace
            and max(scenario.teams[k].over(scenario.years), default=0.0) > 0
        )
        warn([*cal.warnings, *cal.thin_records(calibrated)], stacklevel=4)
    return dict(fc), dict(fr), productivity, cal


def extension_needed(
    completion_year: int | None, deadline: dt.date
) -> tuple[int | None, dt.date | None]:
    """Whole years of extension needed, and the new deadline, to finish by 31 December of
    ``completion_year``; ``(0, deadline)`` when the deadline already suffices."""
    if completion_year is None:
        return None, None
    finish = dt.date(completion_year, 12, 31)
    years = 0
    new = deadline
    while new < finish:
        years += 1
        new = add_years(deadline, years)
    return years, new


def _first_zero(open_end: np.ndarray, years: np.ndarray) -> int | None:
    hits = np.flatnonzero(open_end == 0)
    return int(years[hits[0]]) if len(hits) else None


def _kept_years(
    active: np.ndarray, first_done: int | None, residual_years: int
) -> tuple[int, np.ndarray]:
    """Index of the plan's last kept year (residual years after the last active one), and
    per year whether residual capacity is paid (after completion, no area open)."""
    n = len(active)
    last_active = int(np.flatnonzero(active)[-1]) if active.any() else -1
    end = n - 1 if last_active == n - 1 else min(max(last_active, 0) + residual_years, n - 1)
    after = np.zeros(n, dtype=bool)
    if first_done is not None:
        after[first_done + 1 :] = True
    return end, ~active & after


def _ap_area_share(by_type: np.ndarray, ap_codes: list[int]) -> np.ndarray:
    """Per year, the share of the area open during the year (remaining at its end plus
    released in it) that has AP mines; 1 when no area is open."""
    columns = FLOW_COLUMNS + STOCK_COLUMNS
    open_area = (
        by_type[..., columns.index("remaining_area_m2")]
        + by_type[..., columns.index("released_area_m2")]
    )
    total = open_area.sum(axis=1)
    ap = open_area[:, ap_codes].sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(total > 0, ap / np.where(total > 0, total, 1.0), 1.0)


def _schedule(items: WorkItems, outcome: StageOutcome, years: np.ndarray) -> pd.DataFrame:
    def year(idx: np.ndarray) -> pd.arrays.IntegerArray:
        missing = idx < 0
        values = np.where(missing, 0, years[np.maximum(idx, 0)]).astype(np.int64)
        return pd.arrays.IntegerArray(values, missing)

    return pd.DataFrame(
        {
            "hazard_id": pd.Series(items.hazard_id, dtype=object),
            "region": pd.Categorical.from_codes(items.region_code, categories=list(items.regions)),
            "contamination_type": pd.Categorical.from_codes(items.type_code, categories=TYPES),
            "source": pd.Categorical.from_codes(
                (items.discovered_year_index >= 0).astype(np.int64),
                categories=["baseline", "discovery"],
            ),
            "area_m2": items.area_m2,
            "cancelled_area_m2": outcome.cancelled_m2,
            "reduced_area_m2": outcome.reduced_m2,
            "cleared_area_m2": outcome.cleared_m2,
            "nts_year": year(outcome.nts_year),
            "ts_year": year(outcome.ts_year),
            "clearance_year": year(outcome.clearance_year),
            "completion_year": year(outcome.done_year),
        }
    )


def project(country: Country, scenario: Scenario) -> ProjectionResult:
    """Project land release year by year from the country's baseline under ``scenario``.

    Areas go through non-technical survey (SHA only), technical survey and clearance; each
    stage serves areas in the order they become ready, ties in priority order, with the
    year's capacity: planned teams × productivity × the share the year's money pays for.

    Returns
    -------
    ProjectionResult
        Its ``summary`` holds ``completion_year`` (all areas; ``None`` if not within the
        horizon), ``article5_completion_year`` (areas with AP mines: ap_mine, ap_improvised,
        mixed), ``deadline_date``, ``years_beyond_deadline`` and ``required_deadline_date``
        (for the Article 5 completion), the sums over the years of the money columns of
        ``annual`` named in :data:`~landrelease.engine.costs.MONEY_TOTALS`
        (``planned_cost_usd``, ``cost_usd``, ``funding_gap_usd``, ``unsecured_usd`` …),
        ``total_cost_usd`` and ``total_funding_usd`` (former names of ``cost_usd`` and
        ``funding_usd``), ``scenario_hash`` and the assumptions used (calibrated ones with
        the years they came from, the spending order).
    """
    regions = country.regions
    fc, fr, productivity, cal = resolve_assumptions(country, scenario)
    items = build_items(country, scenario)
    years = scenario.years
    type_factor = np.array([scenario.productivity.factor(t) for t in TYPES])
    stage_m2_per_team_year = (productivity[Asset.NTS.value], productivity[Asset.TS.value])
    pace = None
    if scenario.pace.past_release and cal is not None:
        stage_m2_per_team_year = (VIRTUAL_M2_PER_TEAM_YEAR, VIRTUAL_M2_PER_TEAM_YEAR)

    def run(plan: YearlyPlan) -> StageOutcome:
        return run_stages(
            items,
            np.array([fc.get(t, 0.0) for t in TYPES]),
            np.array([fr.get(t, 0.0) for t in TYPES]),
            type_factor,
            *stage_m2_per_team_year,
            plan,
        )

    if scenario.pace.past_release and cal is not None:
        # capacity from past release, paid per m² by method (engine/pace.py): no teams to
        # release, but a stage's capacity is paid only while the stage has work
        plan, pace = past_release_plan(scenario, cal, items, fc, fr)
        outcome = run(plan)
        plan = stop_paying_idle_stages(plan, stage_ends(items, outcome, len(years)))
    else:
        plan, outcome = deploy(scenario, productivity, items, run)

    open_end, active = open_counts(items, outcome, len(years))
    ap_codes = [i for i, t in enumerate(TYPES) if t in AP_TYPES]
    ap_open, _ = open_counts(items, outcome, len(years), np.isin(items.type_code, ap_codes))
    completion = _first_zero(open_end, years)
    ap_completion = _first_zero(ap_open, years)
    first_done = None if completion is None else completion - scenario.start_year
    end, residual_years = _kept_years(active, first_done, scenario.costs.residual_years)
    rows = slice(0, end + 1)
    kept_years = years[rows]

    n_types = len(TYPES)
    fine = flows_and_stocks(
        items, outcome, items.region_code * n_types + items.type_code, len(regions) * n_types, years
    )[rows]
    fine = fine.reshape(len(kept_years), len(regions), n_types, fine.shape[-1])
    annual = grid_to_frame(
        finish_stocks(fine.sum(axis=(1, 2))[:, None, :]), kept_years, None, ("",)
    )
    type_grid = finish_stocks(fine.sum(axis=1))
    money = money_table(
        plan,
        outcome,
        np.isin(items.type_code, ap_codes),
        rows,
        residual_years[rows],
        scenario.funding.count_expected,
        _ap_area_share(type_grid, ap_codes),
    )
    annual = pd.concat([annual, money], axis=1)

    by_region = grid_to_frame(finish_stocks(fine.sum(axis=2)), kept_years, "region", regions)
    by_type = grid_to_frame(type_grid, kept_years, "contamination_type", TYPES)
    present = {TYPES[i] for i in np.unique(items.type_code)}
    by_type = by_type[by_type["contamination_type"].isin(present)].reset_index(drop=True)

    deadline = country.info.article5_deadline_date
    ext_years, new_deadline = extension_needed(ap_completion, deadline)
    assumptions: dict[str, Any] = {
        "sha_cancelled_frac": fc,
        "ts_reduced_frac": fr,
        "productivity_m2_per_team_year": productivity,
        "type_factor": dict(scenario.productivity.type_factor),
        "clearance_kinds": list(CLEARANCE_KINDS),
        "spending_order": list(plan.order),
        "ramp_up_years": scenario.ramp_up_years,
        "cost_inflation_frac_per_year": scenario.costs.cost_inflation_frac_per_year,
        "pace": {
            "mode": scenario.pace.mode,
            **({} if pace is None else {"model": scenario.pace.model, **pace.as_dict()}),
        },
    }
    summary: dict[str, Any] = {
        "country": country.info.name,
        "scenario": scenario.name,
        "scenario_hash": scenario.hash,
        "start_year": scenario.start_year,
        "end_year": scenario.end_year,
        "baseline_area_m2": float(country.hazards["area_m2"].sum()),
        "discovered_area_m2": float(annual["discovered_area_m2"].sum()),
        "released_area_m2": float(annual["released_area_m2"].sum()),
        "remaining_area_m2": float(annual["remaining_area_m2"].iloc[-1]),
        "completion_year": completion,
        "article5_completion_year": ap_completion,
        "deadline_date": deadline.isoformat(),
        "years_beyond_deadline": ext_years,
        "required_deadline_date": None if new_deadline is None else new_deadline.isoformat(),
        **{key: float(annual[key].sum()) for key in MONEY_TOTALS},
        # the same sums under their former names, until every reader uses the ones above
        "total_cost_usd": float(annual["cost_usd"].sum()),
        "total_funding_usd": float(annual["funding_usd"].sum()),
        "assumptions": assumptions,
        "calibration": None if cal is None else cal.as_dict(),
    }
    log.debug("projected %s/%s: completion %s", country.info.name, scenario.name, completion)
    return ProjectionResult(
        scenario=scenario,
        annual=annual,
        annual_by_region=by_region,
        annual_by_type=by_type,
        schedule=_schedule(items, outcome, years),
        summary=summary,
        calibration=cal,
        assumptions=assumptions,
    )
