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
from landrelease.engine.area import area_tables
from landrelease.engine.calibration import Calibration, calibrate
from landrelease.engine.completion import warn_overrun
from landrelease.engine.costs import MONEY_TOTALS, money_table
from landrelease.engine.earmarks import line_table
from landrelease.engine.items import AP_TYPES, WorkItems, build_items
from landrelease.engine.result import ProjectionResult
from landrelease.engine.stages import StageOutcome
from landrelease.engine.work import kept_years, residual_paid, work_plan
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


def _calendar(years: np.ndarray, index: int | None) -> int | None:
    """The calendar year of a year index (``None`` stays ``None``)."""
    return None if index is None else int(years[index])


def _ap_area_share(annual: pd.DataFrame) -> np.ndarray:
    """Per year, the share of the area open during the year (remaining at its end plus
    released in it) that has AP mines; 1 when no area is open."""
    total = (annual["remaining_area_m2"] + annual["released_area_m2"]).to_numpy(dtype=float)
    ap = (annual["article5_remaining_area_m2"] + annual["article5_released_area_m2"]).to_numpy(
        dtype=float
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(total > 0, ap / np.where(total > 0, total, 1.0), 1.0)


def _schedule(
    items: WorkItems, outcome: StageOutcome, years: np.ndarray, residual: np.ndarray
) -> pd.DataFrame:
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
            # the residual capacity releases a find after completion in the year it is found
            "residual_year": year(np.where(residual, items.discovered_year_index, -1)),
        }
    )


def project(country: Country, scenario: Scenario) -> ProjectionResult:
    """Project land release year by year from the country's baseline under ``scenario``.

    Areas go through non-technical survey (SHA only), technical survey and clearance; each
    stage serves areas in one fixed order (accessible first, then priority) with the year's
    capacity: planned teams × productivity × the share the year's money pays for. Work flows
    from one stage to the next across an area and area is released as it is worked
    (docs/model.md).

    Returns
    -------
    ProjectionResult
        Its ``summary`` holds ``completion_year`` (all areas; ``None`` if not within the
        horizon), ``article5_completion_year`` (areas with AP mines: ap_mine, ap_improvised,
        mixed; both stay complete: projected finds after them fit the residual capacity),
        ``accessible_completion_year`` (Article 5, inaccessible areas left aside),
        ``residual_m2_per_year``, ``residual_released_area_m2`` and
        ``residual_overrun_years`` (years whose finds overran the residual capacity),
        ``deadline_date``, ``years_beyond_deadline`` and ``required_deadline_date``
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
    residual_m2 = scenario.costs.residual_m2_per_year
    worked = work_plan(scenario, items, fc, fr, productivity, cal)
    plan, outcome, plan_end, pace = worked.plan, worked.outcome, worked.end, worked.pace
    warn_overrun(items, years, plan_end, residual_m2)

    completion = _calendar(years, plan_end.all_index)
    ap_completion = _calendar(years, plan_end.article5_index)
    end = kept_years(worked.active(items), scenario.costs.residual_years)
    rows = slice(0, end + 1)

    area = area_tables(items, outcome, plan_end.residual, regions, years, rows)
    money = money_table(
        plan,
        outcome,
        np.isin(items.type_code, [i for i, t in enumerate(TYPES) if t in AP_TYPES]),
        rows,
        residual_paid(len(years), plan_end.article5_index)[rows],
        scenario.funding.count_expected,
        _ap_area_share(area.annual),
    )
    annual = pd.concat([area.annual, money], axis=1)

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
        "accessible_completion_year": _calendar(years, plan_end.accessible_article5_index),
        "residual_m2_per_year": scenario.costs.residual_m2_per_year,
        "residual_released_area_m2": float(annual["residual_released_area_m2"].sum()),
        "residual_overrun_years": [int(years[i]) for i in plan_end.overrun],
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
        annual_by_region=area.by_region,
        annual_by_type=area.by_type,
        schedule=_schedule(items, outcome, years, plan_end.residual),
        summary=summary,
        calibration=cal,
        assumptions=assumptions,
        annual_by_region_type=area.by_region_type,
        work_by_type=area.work_by_type,
        funding_lines=line_table(
            scenario.funding,
            years[rows],
            plan.national_usd[rows],
            {k: v[rows] for k, v in plan.earmark_spent_usd.items()},
        ),
    )
