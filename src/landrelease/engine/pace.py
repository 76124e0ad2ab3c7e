"""Yearly stage capacity from past release, for a country that publishes release by method
but not team-years (``[pace] mode = "past_release"``).

From the calibration window's release by year, type and method (unsplit rows split as
calibration does), each stage's yearly work is what it must have addressed:

- NTS: ``cancelled / sha_cancelled_frac`` (m² of suspected land surveyed);
- TS: ``reduced / ts_reduced_frac / type_factor`` (m² addressed, on factory-made AP mines);
- clearance: ``cleared / type_factor`` (m² on factory-made AP mines).

(A type whose share is 0 adds nothing to that stage.) The engine then serves areas as with
teams, with a virtual NTS and TS team whose productivity is 1 m² per team-year
(:data:`VIRTUAL_M2_PER_TEAM_YEAR`), so these capacities plug into the same queues. The
``model`` turns the yearly values of the window (years with records only) into capacity per
projection year:

- ``level``: the median of the window's yearly values, every year (as recently achieved);
- ``trend``: the least-squares line through them, never below zero;
- ``proportional``: a yearly share of the stage's remaining work, the share being the level
  over the work at the start; the remaining work is approximated year by year as the
  baseline's work for that stage plus the work discovered so far minus the capacity of the
  previous years. Output falls as the stock does, but never below the lowest yearly value of
  the window (:func:`_floor`), or the last areas would never finish.

Costs come from ``[costs] usd_per_m2`` by method: a unit of a stage's capacity costs the m²
its method released per unit addressed in the window times that price, so a year's cost is
what the recent release at that pace cost. Money limits every stage in the same proportion
(fixed programme and risk-education costs are paid first). Without prices, money never binds.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from landrelease.engine.calibration import Calibration
from landrelease.engine.capacity import METHOD_OF_STAGE, STAGES, YearlyPlan, yearly_plan
from landrelease.engine.items import WorkItems
from landrelease.engine.kernels import funded_fraction, release_outcomes
from landrelease.scenario.model import TEAM_KINDS, TYPES, Scenario, YearValues

__all__ = ["STAGES", "VIRTUAL_M2_PER_TEAM_YEAR", "PastPace", "past_pace", "past_release_plan"]

VIRTUAL_M2_PER_TEAM_YEAR = 1.0
"""Productivity of the virtual NTS and TS team: its capacity in team-years is m²."""


@dataclass(frozen=True)
class PastPace:
    """Per stage: m² addressed in each window year with records, and m² released by the
    stage's method per m² addressed (pooled over the window)."""

    yearly: dict[str, dict[int, float]]
    released_per_unit: dict[str, float]

    def level(self, stage: str) -> float:
        """Median of the stage's yearly values (0 without any)."""
        values = list(self.yearly[stage].values())
        return float(np.median(values)) if values else 0.0

    def as_dict(self) -> dict[str, object]:
        """Plain values for JSON."""
        return {
            stage: {
                "yearly_m2": {str(y): round(v, 3) for y, v in self.yearly[stage].items()},
                "level_m2": round(self.level(stage), 3),
                "released_per_unit": round(self.released_per_unit[stage], 6),
            }
            for stage in STAGES
        }


def past_pace(
    cal: Calibration,
    sha_cancelled_frac: Mapping[str, float],
    ts_reduced_frac: Mapping[str, float],
    type_factor: Mapping[str, float],
) -> PastPace:
    """Each stage's yearly work in the calibration window (see the module docstring)."""
    rel = cal.release_by_year
    if rel is None or rel.empty:
        return PastPace({s: {} for s in STAGES}, dict.fromkeys(STAGES, 0.0))
    ctype = rel["contamination_type"].astype(str)
    fc = ctype.map(lambda t: sha_cancelled_frac.get(t, 0.0)).to_numpy(dtype=float)
    fr = ctype.map(lambda t: ts_reduced_frac.get(t, 0.0)).to_numpy(dtype=float)
    factor = ctype.map(lambda t: type_factor.get(t, 1.0)).to_numpy(dtype=float)
    cancelled = rel["cancelled_area_m2"].to_numpy(dtype=float)
    reduced = rel["reduced_area_m2"].to_numpy(dtype=float)
    cleared = rel["cleared_area_m2"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        work = {
            "nts": np.where(fc > 0, cancelled / np.where(fc > 0, fc, 1.0), 0.0),
            "ts": np.where(fr > 0, reduced / np.where(fr > 0, fr, 1.0), 0.0) / factor,
            "clearance": cleared / factor,
        }
    released = {"nts": cancelled, "ts": reduced, "clearance": cleared}
    years = rel["year"].to_numpy(dtype=int)
    yearly: dict[str, dict[int, float]] = {}
    per_unit: dict[str, float] = {}
    for stage in STAGES:
        sums = pd.Series(work[stage]).groupby(years).sum()
        yearly[stage] = {int(y): float(v) for y, v in sums.items()}
        total = float(work[stage].sum())
        per_unit[stage] = float(released[stage].sum()) / total if total > 0 else 0.0
    return PastPace(yearly, per_unit)


def _trend(yearly: dict[int, float], years: np.ndarray) -> np.ndarray:
    """Least-squares line through the yearly values, at ``years``, never below zero."""
    if len(yearly) < 2:
        level = next(iter(yearly.values()), 0.0)
        return np.full(len(years), level)
    slope, intercept = np.polyfit(list(yearly), list(yearly.values()), 1)
    return np.maximum(intercept + slope * years, 0.0)


def _floor(yearly: dict[int, float]) -> float:
    """Lowest positive yearly value: the least the programme showed it keeps up."""
    positive = [v for v in yearly.values() if v > 0]
    return min(positive) if positive else 0.0


def _stage_work(
    items: WorkItems, fc: np.ndarray, fr: np.ndarray, factor: np.ndarray
) -> dict[str, np.ndarray]:
    """Each item's work per stage, in the units of the stage's capacity."""
    t = items.type_code
    cancelled, _, cleared = release_outcomes(items.area_m2, items.is_sha, fc[t], fr[t])
    return {
        "nts": np.where(items.is_sha, items.area_m2, 0.0),
        "ts": (items.area_m2 - cancelled) / factor[t],
        "clearance": cleared / factor[t],
    }


def past_release_plan(
    scenario: Scenario,
    cal: Calibration,
    items: WorkItems,
    sha_cancelled_frac: Mapping[str, float],
    ts_reduced_frac: Mapping[str, float],
) -> tuple[YearlyPlan, PastPace]:
    """The yearly plan of ``scenario`` with capacity from past release (no teams).

    Returns the plan (NTS and TS capacity in team-years of the virtual team, i.e. m²;
    clearance in m² on factory-made AP mines; ``method_cost_usd`` by method, the plan as
    designed) and the past pace it was built from.
    """
    idle = {k: YearValues.constant(0.0) for k in TEAM_KINDS}
    base = yearly_plan(dataclasses.replace(scenario, teams=idle), {})
    years = base.years
    factor = {t: scenario.productivity.factor(t) for t in TYPES}
    pace = past_pace(cal, sha_cancelled_frac, ts_reduced_frac, factor)
    prices = scenario.costs.usd_per_m2
    unit = {s: prices.get(METHOD_OF_STAGE[s], 0.0) * pace.released_per_unit[s] for s in STAGES}
    other = base.fixed_programme_usd + base.risk_education_usd
    model = scenario.pace.model
    if model == "proportional":
        planned = _proportional(
            scenario,
            pace,
            items,
            sha_cancelled_frac,
            ts_reduced_frac,
            unit,
            other,
            base.pooled_usd,
        )
    elif model == "trend":
        planned = {s: _trend(pace.yearly[s], years) for s in STAGES}
    else:
        planned = {s: np.full(len(years), pace.level(s)) for s in STAGES}
    cost = {s: planned[s] * unit[s] for s in STAGES}
    frac = funded_fraction(sum(cost.values(), np.zeros(len(years))), other, base.pooled_usd)
    plan = dataclasses.replace(
        base,
        nts_capacity=planned["nts"] * frac,
        ts_capacity=planned["ts"] * frac,
        clearance_capacity_m2=planned["clearance"] * frac,
        method_cost_usd={METHOD_OF_STAGE[s]: cost[s] for s in STAGES},
        method_funded_usd={METHOD_OF_STAGE[s]: cost[s] * frac for s in STAGES},
    )
    return plan, pace


def _proportional(
    scenario: Scenario,
    pace: PastPace,
    items: WorkItems,
    sha_cancelled_frac: Mapping[str, float],
    ts_reduced_frac: Mapping[str, float],
    unit: dict[str, float],
    other_usd: np.ndarray,
    funding_usd: np.ndarray,
) -> dict[str, np.ndarray]:
    """Planned capacity per year: a share of the stage's remaining work (see the module
    docstring), the remaining work reduced each year by the funded capacity."""
    arrays = [
        np.array([d.get(t, 0.0) for t in TYPES]) for d in (sha_cancelled_frac, ts_reduced_frac)
    ]
    factor = np.array([scenario.productivity.factor(t) for t in TYPES])
    work = _stage_work(items, arrays[0], arrays[1], factor)
    n = len(funding_usd)
    found_at = items.discovered_year_index
    baseline = found_at < 0
    remaining = {s: float(work[s][baseline].sum()) for s in STAGES}
    found = {
        s: np.bincount(found_at[~baseline], weights=work[s][~baseline], minlength=n)[:n]
        for s in STAGES
    }
    share = {s: pace.level(s) / remaining[s] if remaining[s] > 0 else None for s in STAGES}
    floor = {s: _floor(pace.yearly[s]) for s in STAGES}
    planned = {s: np.zeros(n) for s in STAGES}
    for i in range(n):
        for s in STAGES:
            remaining[s] += found[s][i]
            rate = share[s]
            want = pace.level(s) if rate is None else rate * max(remaining[s], 0.0)
            planned[s][i] = max(want, floor[s])
        cost = np.array([sum(planned[s][i] * unit[s] for s in STAGES)])
        frac = float(funded_fraction(cost, other_usd[i : i + 1], funding_usd[i : i + 1])[0])
        for s in STAGES:
            remaining[s] -= planned[s][i] * frac
    return planned
