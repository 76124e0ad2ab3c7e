"""Compiled (numba) stages for the forecast's many draws; the numpy engine is the reference
they are tested against (tests/forecast/test_compiled.py).

Why compiled: a forecast works the same country a thousand times. The engine's stage model
(:mod:`landrelease.engine.curves`) is vectorised over areas, but each stage merges the
breakpoints of its capacity, of its previous stage's curve and of every area's finish there
(``np.unique``) and looks each segment up with ``searchsorted``/``interp``: binary searches
and sorts over some 2n points, about 60 ms per draw at 100,000 areas — three times the whole
draw's budget (issue 11 item 8). Every one of those lookups is monotone, so a loop walks
the sorted sequences side by side instead (:mod:`.compiled_curves`), which numpy cannot
express.

:func:`run_stages_compiled` (and :class:`StageRunner`, which keeps the order of work between
draws) has :func:`~landrelease.engine.stages.run_stages`' signature and result: one compiled
call computes the outcomes and work of every area, works the three stages and puts the
results back in item order. Results agree with the engine to the last bits or nearly.
:mod:`.totals` sums what a draw keeps of the outcome.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from landrelease.engine.capacity import YearlyPlan
from landrelease.engine.items import WorkItems
from landrelease.engine.kernels import serving_order
from landrelease.engine.stages import StageOutcome, StageWork
from landrelease.forecast.compiled_curves import stage

__all__ = ["StageRunner", "run_stages_compiled"]


@njit(cache=True, nogil=True, error_model="numpy")
def _work_of(amount: float, per_unit: float) -> float:  # pragma: no cover - compiled
    """As :func:`landrelease.engine.stages._work`, for one area: amount / productivity,
    infinite without productivity, 0 without an amount (NaN compares false, as there)."""
    if not amount > 0:
        return 0.0
    return amount / per_unit if per_unit > 0 else np.inf


@njit(cache=True, nogil=True, error_model="numpy")
def _run_all(
    area: np.ndarray,
    is_sha: np.ndarray,
    type_code: np.ndarray,
    sha_cancelled_frac: np.ndarray,
    ts_reduced_frac: np.ndarray,
    type_factor: np.ndarray,
    nts_m2: float,
    ts_m2: float,
    queue: np.ndarray,
    available: np.ndarray,
    earliest: np.ndarray,
    capacity: np.ndarray,
) -> tuple[
    np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray
]:  # pragma: no cover - compiled
    """:func:`~landrelease.engine.stages.run_stages` in one pass per stage: outcomes
    (:func:`~landrelease.engine.kernels.release_outcomes`), work, the three stages in
    serving order (``queue``, with its ``available`` times and ``earliest`` years) under
    ``capacity`` (3 stages × years), and the results back in item order.

    Returns cancelled, reduced and cleared m² (3 × items), and per stage (rows NTS, TS,
    clearance) whether it is needed, its work, its finish year (-1 where not needed or not
    reached), its start level (3 × items) and its year-end levels (3 × years); then each
    item's completion year.
    """
    n = len(area)
    released = np.empty((3, n))  # cancelled, reduced, cleared
    needed = np.empty((3, n), dtype=np.bool_)
    work = np.empty((3, n))
    for i in range(n):
        t = type_code[i]
        a = area[i]
        c = a * sha_cancelled_frac[t] if is_sha[i] else 0.0
        addressed = a - c
        r = addressed * ts_reduced_frac[t]
        cl = addressed - r
        released[0, i] = c
        released[1, i] = r
        released[2, i] = cl
        factor = type_factor[t]
        needed[0, i] = is_sha[i]
        needed[1, i] = addressed > 0
        needed[2, i] = cl > 0
        work[0, i] = _work_of(a if is_sha[i] else 0.0, nts_m2)
        work[1, i] = _work_of(addressed if addressed > 0 else 0.0, ts_m2 * factor)
        work[2, i] = _work_of(cl if cl > 0 else 0.0, factor)
    m = len(queue)
    n_years = capacity.shape[1]
    year = np.full((3, n), -1, dtype=np.int64)
    start = np.full((3, n), np.nan)
    levels = np.empty((3, n_years))
    prev_work = np.empty(m)
    prev_t = np.empty(0)
    prev_v = np.empty(0)
    prev_year = earliest
    for s in range(3):
        queued = np.empty(m)
        for k in range(m):
            queued[k] = work[s, queue[k]]
        has_prev = s > 0
        t_, v_, stage_levels, finish, begin = stage(
            np.ascontiguousarray(capacity[s]),
            queued,
            available,
            earliest,
            has_prev,
            prev_work if has_prev else queued,
            prev_t,
            prev_v,
            prev_year,
        )
        levels[s] = stage_levels
        for k in range(m):
            i = queue[k]
            start[s, i] = begin[k]
            if needed[s, i]:
                year[s, i] = finish[k]
        prev_work, prev_t, prev_v, prev_year = queued, t_, v_, finish
    done = np.empty(n, dtype=np.int64)
    for i in range(n):
        reached = True
        last = -1
        for s in range(3):
            if needed[s, i]:
                if year[s, i] < 0:
                    reached = False
                last = max(last, year[s, i])
        done[i] = last if reached else -1
    return released, needed, work, year, start, levels, done


class StageRunner:
    """:func:`run_stages_compiled` that remembers the serving order of the last items it
    saw: the order of work does not change between draws (only areas set aside, with an
    infinite ``available_time``, leave the queue, or a drawn access year moves the areas it
    opens), so the sort is done again only when the available times change."""

    def __init__(self) -> None:
        self._known: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []

    def queue(self, items: WorkItems) -> np.ndarray:
        """Items in serving order, those never available within the horizon left out."""
        now = items.available_time
        for available, rank, queue in self._known:  # the first items seen, then the last
            if len(available) != len(now) or not (
                rank is items.rank or np.array_equal(rank, items.rank)
            ):
                continue
            if np.array_equal(available, now):
                return queue
            # only areas set aside since (their time made infinite): the same order without
            finite = np.isfinite(now)
            if not (finite & ~np.isfinite(available)).any() and np.array_equal(
                available[finite], now[finite]
            ):
                return queue[finite[queue]]
        order = serving_order(now, items.rank)
        queue = order[np.isfinite(now[order])]
        self._known = [*self._known[:1], (now, items.rank, queue)]
        return queue

    def __call__(
        self,
        items: WorkItems,
        sha_cancelled_frac: np.ndarray,
        ts_reduced_frac: np.ndarray,
        type_factor: np.ndarray,
        nts_m2_per_team_year: float,
        ts_m2_per_team_year: float,
        plan: YearlyPlan,
    ) -> StageOutcome:
        """:func:`~landrelease.engine.stages.run_stages` (same arguments, same result)."""
        queue = self.queue(items)
        available = items.available_time[queue]
        released, needed, work, year, start, levels, done = _run_all(
            items.area_m2,
            items.is_sha,
            items.type_code,
            np.ascontiguousarray(sha_cancelled_frac, dtype=float),
            np.ascontiguousarray(ts_reduced_frac, dtype=float),
            np.ascontiguousarray(type_factor, dtype=float),
            float(nts_m2_per_team_year),
            float(ts_m2_per_team_year),
            queue,
            available,
            np.floor(available).astype(np.int64),
            np.stack([plan.nts_capacity, plan.ts_capacity, plan.clearance_capacity_m2]).astype(
                float
            ),
        )
        stages = [StageWork(start[s], work[s], levels[s]) for s in range(3)]
        return StageOutcome(
            cancelled_m2=released[0],
            reduced_m2=released[1],
            cleared_m2=released[2],
            nts_year=year[0],
            ts_year=year[1],
            clearance_year=year[2],
            nts_needed=needed[0],
            ts_needed=needed[1],
            clearance_needed=needed[2],
            done_year=done,
            nts=stages[0],
            ts=stages[1],
            clearance=stages[2],
        )


def run_stages_compiled(
    items: WorkItems,
    sha_cancelled_frac: np.ndarray,
    ts_reduced_frac: np.ndarray,
    type_factor: np.ndarray,
    nts_m2_per_team_year: float,
    ts_m2_per_team_year: float,
    plan: YearlyPlan,
) -> StageOutcome:
    """:func:`~landrelease.engine.stages.run_stages`, compiled (same arguments and result);
    a :class:`StageRunner` also keeps the serving order between calls."""
    return StageRunner()(
        items,
        sha_cancelled_frac,
        ts_reduced_frac,
        type_factor,
        nts_m2_per_team_year,
        ts_m2_per_team_year,
        plan,
    )
