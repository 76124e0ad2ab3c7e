"""Compiled (numba) curve of one stage, the forecast's version of
:func:`landrelease.engine.curves.stage_curve` and of the finish years
(:func:`landrelease.engine.stages.run_stages`): :func:`stage` works one stage in serving
order. The numpy engine is the reference (tests/forecast/test_compiled.py).

Every lookup in a stage curve is monotone, so the loops here walk the sorted sequences side
by side (two pointers, one pass each) where the engine merges breakpoints with ``np.unique``
and looks each segment up with ``searchsorted``/``interp``. Same breakpoints (merged instead
of sorted), ``np.interp``'s formulas, the same tolerances
(:data:`~landrelease.engine.curves.READY_RTOL`, :data:`~landrelease.engine.kernels.LEVEL_RTOL`).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from landrelease.engine.curves import READY_RTOL
from landrelease.engine.kernels import LEVEL_RTOL
from landrelease.forecast.jit import CACHE

__all__ = ["COLLINEAR_RTOL", "stage"]

COLLINEAR_RTOL = 1e-12
"""As :func:`landrelease.engine.curves._without_collinear`: interior points whose slope
changes by less than this (relative) are dropped."""


@njit(cache=CACHE, nogil=True, error_model="numpy")
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


@njit(cache=CACHE, nogil=True, error_model="numpy")
def _count_le(arr: np.ndarray, x: float, i: int) -> int:  # pragma: no cover - compiled
    """``searchsorted(arr, x, "right")`` walking on from ``i`` (``arr`` sorted, no NaN)."""
    if i > 0 and x < arr[i - 1]:
        i = 0
    while i < len(arr) and arr[i] <= x:
        i += 1
    return i


@njit(cache=CACHE, nogil=True, error_model="numpy")
def _count_lt(arr: np.ndarray, x: float, i: int) -> int:  # pragma: no cover - compiled
    """``searchsorted(arr, x, "left")`` walking on from ``i`` (``arr`` sorted, no NaN)."""
    if i > 0 and arr[i - 1] >= x:
        i = 0
    while i < len(arr) and arr[i] < x:
        i += 1
    return i


@njit(cache=CACHE, nogil=True, error_model="numpy")
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


@njit(cache=CACHE, nogil=True, error_model="numpy")
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


@njit(cache=CACHE, nogil=True, error_model="numpy")
def _nanmin(a: float, b: float) -> float:  # pragma: no cover - compiled
    """``np.minimum`` of two numbers that are never NaN here (work may be infinite,
    capacity and time are finite)."""
    return a if a <= b else b


@njit(cache=CACHE, nogil=True, error_model="numpy")
def _slopes(xp: np.ndarray, fp: np.ndarray) -> np.ndarray:  # pragma: no cover - compiled
    """Slope of each piece, as np.interp computes it."""
    out = np.empty(max(len(xp) - 1, 0))
    for j in range(len(xp) - 1):
        out[j] = (fp[j + 1] - fp[j]) / (xp[j + 1] - xp[j])
    return out


@njit(cache=CACHE, nogil=True, error_model="numpy")
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


@njit(cache=CACHE, nogil=True, error_model="numpy")
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


@njit(cache=CACHE, nogil=True, error_model="numpy")
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


@njit(cache=CACHE, nogil=True, error_model="numpy")
def stage(
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
