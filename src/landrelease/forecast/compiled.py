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

from dataclasses import dataclass

import numpy as np
from numba import njit

from landrelease.engine.capacity import YearlyPlan
from landrelease.engine.items import WorkItems
from landrelease.engine.kernels import serving_order
from landrelease.engine.stages import StageOutcome, StageWork
from landrelease.forecast.compiled_stage import (
    NO_MEMO,
    NO_RESULT,
    Fixed,
    Memo,
    Worked,
    fixed_parts,
    opened_times,
    resume_year,
    stage_from,
)
from landrelease.forecast.compiled_tally import Tally, back_and_tally
from landrelease.forecast.jit import CACHE

__all__ = ["StageRunner", "run_stages_compiled", "scaled_areas"]


@njit(cache=CACHE, nogil=True)
def scaled_areas(
    area: np.ndarray, first: np.ndarray, first_factor: float, second: np.ndarray, factor: float
) -> np.ndarray:  # pragma: no cover - compiled
    """A copy of ``area`` (m²) with the areas in ``first`` times ``first_factor`` and those
    in ``second`` times ``factor`` (the masks never overlap; a factor of 1 leaves them):
    a draw's SHA area and discoveries, in one pass."""
    out = np.empty(len(area))
    for i in range(len(area)):
        a = area[i]
        if first[i] and first_factor != 1.0:
            a = a * first_factor
        elif second[i] and factor != 1.0:
            a = a * factor
        out[i] = a
    return out


@njit(cache=CACHE, nogil=True, error_model="numpy")
def _work_of(amount: float, per_unit: float) -> float:  # pragma: no cover - compiled
    """As :func:`landrelease.engine.stages._work`, for one area: amount / productivity,
    infinite without productivity, 0 without an amount (NaN compares false, as there)."""
    if not amount > 0:
        return 0.0
    return amount / per_unit if per_unit > 0 else np.inf


@njit(cache=CACHE, nogil=True)
def _in_item_order(position: np.ndarray, n_queued: int) -> bool:  # pragma: no cover
    """Whether every item is queued at its own index (``position`` the identity)."""
    if n_queued != len(position):
        return False
    same = True
    for i in range(len(position)):  # no early exit: a branch-free pass the compiler vectorises
        same &= position[i] == i
    return same


@njit(cache=CACHE, nogil=True, error_model="numpy")
def _outcomes(
    area: np.ndarray,
    is_sha: np.ndarray,
    type_code: np.ndarray,
    sha_cancelled_frac: np.ndarray,
    ts_reduced_frac: np.ndarray,
    type_factor: np.ndarray,
    nts_m2: float,
    ts_m2: float,
    position: np.ndarray,
    n_queued: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:  # pragma: no cover - compiled
    """Per item (in item order): cancelled, reduced and cleared m²
    (:func:`~landrelease.engine.kernels.release_outcomes`), whether each stage is needed
    and its work (3 × items each, rows NTS, TS, clearance); and the work in serving order
    (3 × ``n_queued``; ``position``: each item's place in it, -1: not queued), written in
    the same pass (:func:`_in_queue` reads the work back instead). When every item is
    queued in item order (the draw model keeps its items in serving order, so it usually
    is), the work in serving order IS the work: the same array, not a copy (neither is
    written after this)."""
    n = len(area)
    released = np.empty((3, n))  # cancelled, reduced, cleared
    needed = np.empty((3, n), dtype=np.bool_)
    work = np.empty((3, n))
    in_order = _in_item_order(position, n_queued)
    queued = work if in_order else np.empty((3, n_queued))
    for i in range(n):
        t = type_code[i]
        a = area[i]
        # the product for every area, then the choice: a branch on is_sha (SHA and CHA in
        # random order) is mispredicted and makes the reads wait
        cancelled = a * sha_cancelled_frac[t]
        c = cancelled if is_sha[i] else 0.0
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
        w0 = _work_of(a if is_sha[i] else 0.0, nts_m2)
        w1 = _work_of(addressed if addressed > 0 else 0.0, ts_m2 * factor)
        w2 = _work_of(cl if cl > 0 else 0.0, factor)
        work[0, i] = w0
        work[1, i] = w1
        work[2, i] = w2
        k = position[i]
        if k >= 0 and not in_order:
            queued[0, k] = w0
            queued[1, k] = w1
            queued[2, k] = w2
    return released, needed, work, queued


@njit(cache=CACHE, nogil=True)
def _in_queue(work: np.ndarray, queue: np.ndarray) -> np.ndarray:  # pragma: no cover
    """Each stage's work (3 × items) in serving order (3 × queued items)."""
    m = len(queue)
    queued = np.empty((3, m))
    for s in range(3):
        for k in range(m):
            queued[s, k] = work[s, queue[k]]
    return queued


@dataclass(frozen=True)
class _Worked:
    """What :class:`StageRunner` keeps of its last call, to reuse what does not change
    when a plan is worked again with other capacity (teams released): the inputs (the
    item arrays by identity), the outcomes and work, the queue, and each stage's capacity
    and result."""

    inputs: tuple[np.ndarray, ...]
    numbers: tuple[float, ...]
    released: np.ndarray
    needed: np.ndarray
    work: np.ndarray
    queue: np.ndarray
    queued: np.ndarray
    capacity: np.ndarray
    stages: tuple[Worked, ...]
    fixed: tuple[Fixed, ...]
    memos: tuple[Memo, ...]


_Queue = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]
"""Items in serving order, their available times in that order, those times' years, and
each item's place in the order (-1: not queued)."""


def _in_order(queue: np.ndarray, available_time: np.ndarray) -> _Queue:
    available = available_time[queue]
    position = np.full(len(available_time), -1, dtype=np.int64)
    position[queue] = np.arange(len(queue))
    return queue, available, np.floor(available).astype(np.int64), position


class StageRunner:
    """:func:`run_stages_compiled` that remembers the serving order of the last items it
    saw: the order of work does not change between draws (only areas set aside, with an
    infinite ``available_time``, leave the queue, or a drawn access year moves the areas it
    opens), so the sort is done again only when the available times change. With the order
    it keeps the available times in that order and their years."""

    def __init__(self) -> None:
        self._known: list[tuple[np.ndarray, np.ndarray, _Queue]] = []
        self._last: _Worked | None = None
        self._tally: tuple[StageOutcome | None, Tally] = (None, (np.empty(0),) * 3)
        self._open: tuple[np.ndarray | None, int, np.ndarray] = (None, 0, np.empty(0))

    def opened(self, available: np.ndarray, n_years: int) -> np.ndarray:
        """:func:`~.compiled_stage.opened_times` of the queue's available times, kept while
        the queue is the same (its array of available times is then the same object)."""
        known, years, opened = self._open
        if available is not known or n_years != years:
            opened = opened_times(available, n_years)
            self._open = (available, n_years, opened)
        return opened

    def tally_of(self, outcome: StageOutcome) -> Tally | None:
        """:func:`~.compiled_tally.tally` of ``outcome`` as this runner made it (counted
        as it was put back in item order) if it is the last it made, else ``None``; ask
        before changing it."""
        made, counted = self._tally
        return counted if outcome is made else None

    def queue(self, items: WorkItems) -> np.ndarray:
        """Items in serving order, those never available within the horizon left out."""
        return self.queued(items)[0]

    def queued(self, items: WorkItems) -> _Queue:
        """:meth:`queue`, the available times in its order and their (floored) years."""
        now = items.available_time
        for available, rank, known in self._known:  # the first items seen, then the last
            if len(available) != len(now) or not (
                rank is items.rank or np.array_equal(rank, items.rank)
            ):
                continue
            if available is now or np.array_equal(available, now):
                return known
            # only areas set aside since (their time made infinite): the same order without
            finite = np.isfinite(now)
            if not (finite & ~np.isfinite(available)).any() and np.array_equal(
                available[finite], now[finite]
            ):
                return _in_order(known[0][finite[known[0]]], now)
        order = serving_order(now, items.rank)
        found = _in_order(order[np.isfinite(now[order])], now)
        self._known = [*self._known[:1], (now, items.rank, found)]
        return found

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
        """:func:`~landrelease.engine.stages.run_stages` (same arguments, same result).

        Worked again on the same items with the same shares (teams released in
        :func:`~landrelease.engine.costs.deploy`), it reuses the outcomes, the work and
        every stage up to the first whose capacity changed, and works each later stage
        again only from the year up to which its capacity and the previous stage's curve
        are unchanged (:func:`~landrelease.forecast.compiled_stage.resume_year`): each
        stage is a function of its capacity, its work and the stage before it, so the
        results are the same."""
        inputs = (
            items.area_m2,
            items.is_sha,
            items.type_code,
            np.ascontiguousarray(sha_cancelled_frac, dtype=float),
            np.ascontiguousarray(ts_reduced_frac, dtype=float),
            np.ascontiguousarray(type_factor, dtype=float),
        )
        numbers = (float(nts_m2_per_team_year), float(ts_m2_per_team_year))
        last = self._last
        same = (
            last is not None
            and all(a is b for a, b in zip(last.inputs[:3], inputs[:3], strict=True))
            and all(np.array_equal(a, b) for a, b in zip(last.inputs[3:], inputs[3:], strict=True))
            and last.numbers == numbers
        )
        queue, available, earliest, position = self.queued(items)
        reuse = same and last is not None and last.queue is queue
        if same:
            assert last is not None
            released, needed, work = last.released, last.needed, last.work
            queued = last.queued if reuse else _in_queue(work, queue)
        else:
            released, needed, work, queued = _outcomes(*inputs, *numbers, position, len(queue))
        capacity = np.array(
            [plan.nts_capacity, plan.ts_capacity, plan.clearance_capacity_m2], dtype=float
        )
        n_years = capacity.shape[1]
        worked: list[Worked] = []
        fixed: list[Fixed] = []
        memos: list[Memo] = []
        again = reuse and last is not None  # the same work in the same order
        prev_t = prev_v = np.empty(0)
        prev_year = earliest
        kept = len(queue)  # areas whose previous stage's finish year is unchanged
        for s in range(3):
            reuse = reuse and last is not None and np.array_equal(last.capacity[s], capacity[s])
            prev_work = queued[s - 1] if s > 0 else queued[s]
            if reuse and last is not None:
                result, parts, memo = last.stages[s], last.fixed[s], last.memos[s]
            else:
                resume, memo, old = 0, NO_MEMO, NO_RESULT
                if again and last is not None:
                    parts, memo, old = last.fixed[s], last.memos[s], last.stages[s]
                    old_prev = last.stages[s - 1] if s > 0 else (prev_t, prev_v)
                    changed = resume_year(
                        last.capacity[s],
                        capacity[s],
                        s > 0,
                        old_prev[0],
                        old_prev[1],
                        prev_t,
                        prev_v,
                    )
                    resume = max(min(changed, n_years - 1), 0)
                else:
                    parts = fixed_parts(
                        queued[s],
                        self.opened(available, n_years),
                        s > 0,
                        prev_work,
                        fixed[s - 1][0] if s > 0 else np.zeros(1),
                    )
                result, memo, kept = stage_from(
                    resume,
                    capacity[s],
                    queued[s],
                    available,
                    earliest,
                    s > 0,
                    prev_work,
                    prev_t,
                    prev_v,
                    prev_year,
                    parts,
                    memo,
                    old,
                    kept,
                )
            worked.append(result)
            fixed.append(parts)
            memos.append(memo)
            prev_t, prev_v, _, prev_year, _ = result
        self._last = _Worked(
            inputs,
            numbers,
            released,
            needed,
            work,
            queue,
            queued,
            capacity,
            tuple(worked),
            tuple(fixed),
            tuple(memos),
        )
        needed = needed.copy()  # the completion clears items of the plan in place
        year, start, done, counted = back_and_tally(
            position,
            needed,
            (worked[0][4], worked[1][4], worked[2][4]),
            (worked[0][3], worked[1][3], worked[2][3]),
            items.discovered_year_index,
            np.asarray(items.type_code, dtype=np.int64),
            np.asarray(items.inaccessible, dtype=np.bool_),
            items.area_m2,
            n_years,
        )
        levels = [w[2] for w in worked]
        stages = [StageWork(start[s], work[s], levels[s]) for s in range(3)]
        outcome = StageOutcome(
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
        self._tally = (outcome, counted)
        return outcome


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
