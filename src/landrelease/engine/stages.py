"""Serve the three land-release stages (NTS → TS → clearance) for all work items at once."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from landrelease.engine.capacity import YearlyPlan
from landrelease.engine.items import WorkItems
from landrelease.engine.kernels import release_outcomes, serve_queue, serving_order

__all__ = ["StageOutcome", "run_stages"]


@dataclass(frozen=True)
class StageOutcome:
    """Per item: expected m² by method, the year index each stage finished (-1 = not needed
    or not reached), whether each stage is needed, and the completion year index; per stage
    (NTS, TS, clearance): each item's work and the cumulative capacity at which it starts
    (``inf``: never started), for :func:`~landrelease.engine.kernels.work_by_year`."""

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
    work: tuple[np.ndarray, np.ndarray, np.ndarray]
    start_level: tuple[np.ndarray, np.ndarray, np.ndarray]


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
    priority), limited by each year's capacity; a stage starts after the previous one.

    Shares and type factors are arrays indexed by type code. NTS and TS work is in
    team-years; clearance work is m² on factory-made AP mines (m² / type factor).
    """
    t = items.type_code
    cancelled, reduced, cleared = release_outcomes(
        items.area_m2, items.is_sha, sha_cancelled_frac[t], ts_reduced_frac[t]
    )
    addressed = items.area_m2 - cancelled
    factor = type_factor[t]
    nts_work = _work(
        np.where(items.is_sha, items.area_m2, 0.0), np.full(len(items), nts_m2_per_team_year)
    )
    ts_work = _work(addressed, ts_m2_per_team_year * factor)
    clear_work = _work(cleared, factor)
    order = serving_order(items.available_time, items.rank)
    t1, y1, s1 = serve_queue(nts_work, items.available_time, order, plan.nts_capacity)
    t2, y2, s2 = serve_queue(ts_work, t1, order, plan.ts_capacity)
    _, y3, s3 = serve_queue(clear_work, t2, order, plan.clearance_capacity_m2)
    nts_needed, ts_needed, clear_needed = items.is_sha.copy(), addressed > 0, cleared > 0
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
        work=(nts_work, ts_work, clear_work),
        start_level=(s1, s2, s3),
    )
