"""Compiled (numba) stage kernels for the forecast's many draws; the numpy engine is the
reference they are tested against.

Why compiled: a forecast works the same country a thousand times. The engine's stage model
(:mod:`landrelease.engine.curves`) is vectorised over areas, but each stage merges the
breakpoints of its capacity, of its previous stage's curve and of every area's finish there
(``np.unique``) and looks each segment up with ``searchsorted``/``interp``: binary searches
and sorts over some 2n points, about 60 ms per draw at 100,000 areas — three times the whole
draw's budget (issue 11 item 8). Every one of those lookups is monotone, so a loop walks
the sorted sequences side by side instead (two pointers, one pass each), which numpy cannot
express.

:func:`run_stages_compiled` has :func:`~landrelease.engine.stages.run_stages`' signature
and result, and computes the same curve with the same formulas, point by point: the same
breakpoints (merged instead of sorted), ``np.interp``'s interpolation, the same tolerances
(:data:`~landrelease.engine.curves.READY_RTOL`, :data:`~landrelease.engine.kernels.LEVEL_RTOL`).
Results agree with the engine to the last bits or nearly (tests/forecast/test_compiled.py).
:mod:`.totals` sums what a draw keeps of the outcome.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from landrelease.engine.capacity import YearlyPlan
from landrelease.engine.curves import READY_RTOL
from landrelease.engine.items import WorkItems
from landrelease.engine.kernels import LEVEL_RTOL, serving_order
from landrelease.engine.stages import StageOutcome, StageWork

__all__ = ["StageRunner", "run_stages_compiled"]

COLLINEAR_RTOL = 1e-12
"""As :func:`landrelease.engine.curves._without_collinear`: interior points whose slope
changes by less than this (relative) are dropped."""


@njit(cache=True, nogil=True, error_model="numpy")
def _interp(
    x: float, xp: np.ndarray, fp: np.ndarray, j: int
) -> tuple[float, int]:  # pragma: no cover - compiled
    """``np.interp(x, xp, fp)`` (``xp`` strictly increasing, everything finite) with the
    interval index found from ``j`` onwards (the previous answer, for increasing ``x``);
    returns the value and the index for the next call. np.interp's fallback for a NaN
    result is left out: curves and times here are finite (a check for it made the loop
    ten times slower)."""
    n = len(xp)
    if x >= xp[n - 1]:
        return fp[n - 1], n - 1
    if x <= xp[0]:
        return fp[0], 0
    if j < 0 or j > n - 1 or xp[j] > x:
        j = 0
    while xp[j + 1] <= x:
        j += 1
    if xp[j] == x:
        return fp[j], j
    slope = (fp[j + 1] - fp[j]) / (xp[j + 1] - xp[j])
    return slope * (x - xp[j]) + fp[j], j


@njit(cache=True, nogil=True, error_model="numpy")
def _count_le(arr: np.ndarray, x: float, i: int) -> int:  # pragma: no cover - compiled
    """``searchsorted(arr, x, "right")`` walking on from ``i`` (``arr`` sorted, no NaN)."""
    if i > 0 and x < arr[i - 1]:
        i = 0
    while i < len(arr) and arr[i] <= x:
        i += 1
    return i


@njit(cache=True, nogil=True, error_model="numpy")
def _count_lt(arr: np.ndarray, x: float, i: int) -> int:  # pragma: no cover - compiled
    """``searchsorted(arr, x, "left")`` walking on from ``i`` (``arr`` sorted, no NaN)."""
    if i > 0 and arr[i - 1] >= x:
        i = 0
    while i < len(arr) and arr[i] < x:
        i += 1
    return i


@njit(cache=True, nogil=True, error_model="numpy")
def _merge_unique(a: np.ndarray, b: np.ndarray) -> np.ndarray:  # pragma: no cover - compiled
    """Sorted distinct values of two sorted arrays of finite numbers (``np.unique`` of both)."""
    out = np.empty(len(a) + len(b))
    i = j = k = 0
    while i < len(a) or j < len(b):
        if j >= len(b) or (i < len(a) and a[i] <= b[j]):
            v = a[i]
            i += 1
        else:
            v = b[j]
            j += 1
        if k == 0 or v != out[k - 1]:
            out[k] = v
            k += 1
    return out[:k]


@njit(cache=True, nogil=True, error_model="numpy")
def _reach(
    v: np.ndarray, t: np.ndarray, levels: np.ndarray, n_years: int
) -> np.ndarray:  # pragma: no cover
    """:func:`~landrelease.engine.curves.curve_reach` of sorted ``levels`` on the curve
    (``t``, ``v``), keeping only the times strictly inside (0, ``n_years``)."""
    out = np.empty(len(levels))
    k = 0
    idx = 0
    m = len(v)
    for q in range(len(levels)):
        level = levels[q]
        idx = _count_lt(v, level, idx)
        if 0 < idx < m:
            i = idx
            v0, v1, t0, t1 = v[i - 1], v[i], t[i - 1], t[i]
            frac = (level - v0) / (v1 - v0) if v1 > v0 else 1.0
            frac = min(max(frac, 0.0), 1.0)  # level and curve finite: never NaN
            time = t0 + frac * (t1 - t0)
        elif idx == 0:
            time = t[0]
        else:
            time = np.inf
        if 0 < time < n_years:
            out[k] = time
            k += 1
    return out[:k]


@njit(cache=True, nogil=True, error_model="numpy")
def _nanmin(a: float, b: float) -> float:  # pragma: no cover - compiled
    """``np.minimum`` of two numbers that are never NaN here (work may be infinite,
    capacity and time are finite)."""
    return a if a <= b else b


@njit(cache=True, nogil=True, error_model="numpy")
def _slopes(xp: np.ndarray, fp: np.ndarray) -> np.ndarray:  # pragma: no cover - compiled
    """Slope of each piece, as np.interp computes it."""
    out = np.empty(max(len(xp) - 1, 0))
    for j in range(len(xp) - 1):
        out[j] = (fp[j + 1] - fp[j]) / (xp[j + 1] - xp[j])
    return out


@njit(cache=True, nogil=True, error_model="numpy")
def _at_end(
    x: float, xp: np.ndarray, fp: np.ndarray, slope: np.ndarray, j: int
) -> float:  # pragma: no cover - compiled
    """``np.interp(x, xp, fp)`` for the end ``x`` of a segment that starts in piece ``j``
    (so ``x <= xp[j + 1]``)."""
    last = len(xp) - 1
    if j >= last or x >= xp[last]:
        return fp[last]
    if x == xp[j + 1]:
        return fp[j + 1]
    if x == xp[j]:
        return fp[j]
    return slope[j] * (x - xp[j]) + fp[j]


@njit(cache=True, nogil=True, error_model="numpy")
def _stage_curve(
    capacity: np.ndarray,
    work: np.ndarray,
    available: np.ndarray,
    has_prev: bool,
    prev_work: np.ndarray,
    prev_t: np.ndarray,
    prev_v: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:  # pragma: no cover - compiled
    """:func:`~landrelease.engine.curves.stage_curve`, step by step (see there)."""
    n = len(capacity)
    cap_t = np.arange(n + 1).astype(np.float64)
    cap_v = np.zeros(n + 1)
    for y in range(n):
        cap_v[y + 1] = cap_v[y] + capacity[y]
    m = len(work)
    cum = np.zeros(m + 1)
    for k in range(m):
        cum[k + 1] = cum[k] + work[k]
    inside = 0
    for k in range(m):
        if 0 < available[k] < n:
            inside += 1
    opened = np.empty(inside)
    inside = 0
    for k in range(m):
        if 0 < available[k] < n:
            opened[inside] = available[k]
            inside += 1
    t = _merge_unique(cap_t, opened)
    prev_cum = cum
    both = np.zeros(0, dtype=np.int64)
    ends = np.zeros(0)
    if has_prev:
        prev_cum = np.zeros(m + 1)
        for k in range(m):
            prev_cum[k + 1] = prev_cum[k] + prev_work[k]
        nb = 0
        for k in range(m):
            if work[k] > 0 and prev_work[k] > 0:
                nb += 1
        both = np.empty(nb, dtype=np.int64)
        nb = 0
        for k in range(m):
            if work[k] > 0 and prev_work[k] > 0:
                both[nb] = k
                nb += 1
        ends = np.empty(nb)
        starts = np.empty(nb)
        ns = 0
        for q in range(nb):
            e = prev_cum[both[q] + 1]
            ends[q] = e - READY_RTOL * max(abs(e), 1.0)
            if ends[q] != ends[q]:  # inf - inf: an area never done there, as NaN sorts
                ends[q] = np.inf
            s = prev_cum[both[q]]
            before = 0.0 if q == 0 else prev_cum[both[q - 1] + 1]
            if s > before:
                starts[ns] = s
                ns += 1
        t = _merge_unique(t, prev_t)
        t = _merge_unique(t, _reach(prev_v, prev_t, starts[:ns], n))
        t = _merge_unique(t, _reach(prev_v, prev_t, ends, n))
    segs = len(t) - 1
    nbv = len(both)
    times = np.empty(2 * segs + 1)
    values = np.empty(2 * segs + 1)
    gate_i = 0
    piece = 0
    # Each segment lies within one piece of the capacity curve and of the previous
    # stage's curve (their breakpoints are among ``t``): np.interp's value there is its
    # piece's slope (the same division np.interp makes) at the point, or the breakpoint's
    # own value at a breakpoint.
    cap_slope = _slopes(cap_t, cap_v)
    prev_slope = _slopes(prev_t, prev_v)
    jc = jp = 0
    acc = 0.0  # running minimum of min(f0, f1) over earlier segments (before its update)
    out = 0
    low = 0.0
    f1 = 0.0
    # values at a segment's end are those at the next one's start: computed once
    s1, _ = _interp(t[0], cap_t, cap_v, 0)
    x1 = 0.0
    if has_prev:
        x1, _ = _interp(t[0], prev_t, prev_v, 0)
    last_c = len(cap_t) - 1
    last_p = len(prev_t) - 1
    for k in range(segs):
        t0, t1 = t[k], t[k + 1]
        mid = (t0 + t1) / 2
        gate_i = _count_le(available, mid, gate_i)
        gate = cum[gate_i]
        s0 = s1
        while jc < last_c and cap_t[jc + 1] <= t0:
            jc += 1
        s1 = _at_end(t1, cap_t, cap_v, cap_slope, jc)
        if has_prev:
            while jp < last_p and prev_t[jp + 1] <= t0:
                jp += 1
            xm = prev_slope[jp] * (mid - prev_t[jp]) + prev_v[jp]
            piece = _count_le(ends, xm, piece)
            x0 = x1
            x1 = _at_end(t1, prev_t, prev_v, prev_slope, jp)
            if nbv == 0:
                a0 = cum[m]
                a1 = cum[m]
            else:
                jj = both[min(piece, nbv - 1)]
                if piece >= nbv:
                    a0 = cum[m]
                    a1 = cum[m]
                else:
                    # np.clip of a share never NaN here: the previous stage never
                    # gets past an area it cannot finish, so prev_cum[jj] is finite
                    fr = min(max((x0 - prev_cum[jj]) / prev_work[jj], 0.0), 1.0)
                    a0 = cum[jj] + (work[jj] * fr if fr > 0 else 0.0)
                    fr = min(max((x1 - prev_cum[jj]) / prev_work[jj], 0.0), 1.0)
                    a1 = cum[jj] + (work[jj] * fr if fr > 0 else 0.0)
            a0 = _nanmin(a0, gate)
            a1 = _nanmin(a1, gate)
        else:
            a0 = gate
            a1 = gate
        f0 = a0 - s0
        f1 = a1 - s1
        before = 0.0 if k == 0 else _nanmin(0.0, acc)
        m01 = _nanmin(f0, f1)
        acc = m01 if k == 0 else _nanmin(acc, m01)
        low = _nanmin(before, f0)
        times[out] = t0
        values[out] = s0 + low
        out += 1
        if f1 < low:
            tc = t0 + (low - f0) / (f1 - f0) * (t1 - t0)
            if tc > t0 and tc < t1:
                sc = cap_slope[jc] * (tc - cap_t[jc]) + cap_v[jc]
                times[out] = tc
                values[out] = sc + low
                out += 1
    end = 0.0
    if segs > 0:
        end = s1 + (f1 if f1 < low else low)
    times[out] = t[len(t) - 1]
    values[out] = end
    out += 1
    for k in range(1, out):  # np.maximum.accumulate (values are finite)
        if values[k - 1] > values[k]:
            values[k] = values[k - 1]
    return _without_collinear(times[:out], values[:out])


@njit(cache=True, nogil=True, error_model="numpy")
def _without_collinear(
    times: np.ndarray, values: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:  # pragma: no cover
    """As :func:`landrelease.engine.curves._without_collinear`, in place: the points kept
    move to the front (a point is written only after it and its neighbours were read)."""
    n = len(times)
    if n < 3:
        return times, values
    a = (values[1] - values[0]) / (times[1] - times[0])  # slope before point i
    k = 1
    for i in range(1, n - 1):
        t, v = times[i], values[i]
        b = (values[i + 1] - v) / (times[i + 1] - t)
        if abs(b - a) > COLLINEAR_RTOL * (abs(b) + abs(a)):
            times[k], values[k] = t, v
            k += 1
        a = b
    times[k], values[k] = times[n - 1], values[n - 1]
    return times[: k + 1], values[: k + 1]


@njit(cache=True, nogil=True, error_model="numpy")
def _stage(
    capacity: np.ndarray,
    work: np.ndarray,
    available: np.ndarray,
    earliest: np.ndarray,
    has_prev: bool,
    prev_work: np.ndarray,
    prev_t: np.ndarray,
    prev_v: np.ndarray,
    prev_year: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:  # pragma: no cover
    """One stage of :func:`~landrelease.engine.stages.run_stages` in serving order: its
    curve, the levels at year ends, each area's finish year and start level."""
    t, v = _stage_curve(capacity, work, available, has_prev, prev_work, prev_t, prev_v)
    n = len(capacity)
    levels = np.empty(n)
    j = 0
    for y in range(n):
        levels[y], j = _interp(float(y + 1), t, v, j)
    m = len(work)
    year = np.empty(m, dtype=np.int64)
    start = np.empty(m)
    cum = 0.0
    i = 0
    for k in range(m):
        begin = cum
        cum = cum + work[k]
        if work[k] > 0:
            start[k] = begin
            finite = cum < np.inf  # work is >= 0 or infinite: never NaN
            safe = cum if finite else 0.0
            target = safe - LEVEL_RTOL * max(abs(safe), 1.0)
            i = _count_lt(levels, target, i)
            y = i if (finite and i < n) else -1
        else:
            start[k] = np.nan
            y = -1
        if y >= 0:
            y = max(y, earliest[k])
        if has_prev and prev_work[k] > 0 and y >= 0:
            y = max(y, prev_year[k]) if prev_year[k] >= 0 else -1
        year[k] = y
    return t, v, levels, year, start


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
        t_, v_, stage_levels, finish, begin = _stage(
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
