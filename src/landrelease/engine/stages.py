"""Serve the three land-release stages (NTS → TS → clearance) for all work items at once."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from landrelease.engine.capacity import YearlyPlan
from landrelease.engine.curves import Curve, stage_curve
from landrelease.engine.items import WorkItems
from landrelease.engine.kernels import finish_years, release_outcomes, serving_order

__all__ = ["StageOutcome", "StageWork", "run_stages"]


@dataclass(frozen=True)
class StageWork:
    """How one stage worked, per item: where its work starts on the stage's cumulative work
    (``start_level``; NaN = never worked on), its work, and the stage's cumulative work at
    each year's end (``levels``). Units: team-years (survey) or m² on factory-made AP mines
    (clearance)."""

    start_level: np.ndarray
    work: np.ndarray
    levels: np.ndarray


@dataclass(frozen=True)
class StageOutcome:
    """Per item: expected m² by method, the year index each stage finished (-1 = not needed
    or not reached), whether each stage is needed, the completion year index, and how each
    stage worked (for release in proportion to work done)."""

    cancelled_m2: np.ndarray
    reduced_m2: np.ndarray
    cleared_m2: np.ndarray
    nts_year: np.ndarray
    ts_year: np.ndarray
    clearance_year: np.ndarray
    nts_needed: np.ndarray
    ts_needed: np.ndarray
    clearance_needed: np.ndarray
    done_year: np.ndarray
    nts: StageWork
    ts: StageWork
    clearance: StageWork


def _work(amount: np.ndarray, per_unit: np.ndarray) -> np.ndarray:
    """Work = amount / productivity; infinite where there is no productivity."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        work = np.where(per_unit > 0, amount / np.where(per_unit > 0, per_unit, 1.0), np.inf)
    return np.where(amount > 0, work, 0.0)


def run_stages(
    items: WorkItems,
    sha_cancelled_frac: np.ndarray,
    ts_reduced_frac: np.ndarray,
    type_factor: np.ndarray,
    nts_m2_per_team_year: float,
    ts_m2_per_team_year: float,
    plan: YearlyPlan,
) -> StageOutcome:
    """Work every item through its stages in one fixed order (accessible first, then
    priority), limited by each year's capacity; a stage works on the share of an area its
    previous stage has done (see :mod:`.curves`).

    Shares and type factors are arrays indexed by type code. NTS and TS work is in
    team-years; clearance work is m² on factory-made AP mines (m² / type factor). Items never
    accessible within the horizon are left out of the queue (they hold nobody up).
    """
    t = items.type_code
    cancelled, reduced, cleared = release_outcomes(
        items.area_m2, items.is_sha, sha_cancelled_frac[t], ts_reduced_frac[t]
    )
    addressed = items.area_m2 - cancelled
    factor = type_factor[t]
    nts_needed, ts_needed, clear_needed = items.is_sha.copy(), addressed > 0, cleared > 0
    nts_work = _work(
        np.where(nts_needed, items.area_m2, 0.0), np.full(len(items), nts_m2_per_team_year)
    )
    ts_work = _work(np.where(ts_needed, addressed, 0.0), ts_m2_per_team_year * factor)
    clear_work = _work(np.where(clear_needed, cleared, 0.0), factor)
    order = serving_order(items.available_time, items.rank)
    queue = order[np.isfinite(items.available_time[order])]
    available = items.available_time[queue]
    earliest = np.floor(available).astype(np.int64)
    n = len(items)
    stages: list[StageWork] = []
    years: list[np.ndarray] = []
    prev_work: np.ndarray | None = None
    prev_curve: Curve | None = None
    prev_year: np.ndarray | None = None
    for work_all, capacity in (
        (nts_work, plan.nts_capacity),
        (ts_work, plan.ts_capacity),
        (clear_work, plan.clearance_capacity_m2),
    ):
        work = work_all[queue]
        curve = stage_curve(capacity, work, available, prev_work, prev_curve)
        levels = curve.year_ends()
        cum = np.concatenate(([0.0], np.cumsum(work)))
        year = np.where(work > 0, finish_years(levels, cum[1:]), -1)
        # the tolerance never moves a finish before the area is available, nor before its
        # previous stage has finished
        year = np.where(year >= 0, np.maximum(year, earliest), -1)
        if prev_work is not None and prev_year is not None:
            after = np.where(prev_year >= 0, np.maximum(year, prev_year), -1)
            year = np.where((prev_work > 0) & (year >= 0), after, year)
        start = np.full(n, np.nan)
        start[queue] = np.where(work > 0, cum[:-1], np.nan)
        finish = np.full(n, -1, dtype=np.int64)
        finish[queue] = year
        stages.append(StageWork(start, work_all, levels))
        years.append(finish)
        prev_work, prev_curve, prev_year = work, curve, year
    y1, y2, y3 = years
    reached = (~nts_needed | (y1 >= 0)) & (~ts_needed | (y2 >= 0)) & (~clear_needed | (y3 >= 0))
    last = np.maximum.reduce(
        [np.where(nts_needed, y1, -1), np.where(ts_needed, y2, -1), np.where(clear_needed, y3, -1)]
    )
    return StageOutcome(
        cancelled_m2=cancelled,
        reduced_m2=reduced,
        cleared_m2=cleared,
        nts_year=np.where(nts_needed, y1, -1),
        ts_year=np.where(ts_needed, y2, -1),
        clearance_year=np.where(clear_needed, y3, -1),
        nts_needed=nts_needed,
        ts_needed=ts_needed,
        clearance_needed=clear_needed,
        done_year=np.where(reached, last, -1),
        nts=stages[0],
        ts=stages[1],
        clearance=stages[2],
    )
