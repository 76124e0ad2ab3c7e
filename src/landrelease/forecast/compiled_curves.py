"""Compiled (numba) pieces of one stage's curve, the forecast's version of
:func:`landrelease.engine.curves.stage_curve`: monotone lookups, merges, the times a curve
reaches levels, a stage's breakpoints after a year, dropping collinear points.
:mod:`.compiled_stage` works a stage with them; the numpy engine is the reference
(tests/forecast/test_compiled.py).

Every lookup in a stage curve is monotone, so the loops here walk the sorted sequences side
by side (two pointers, one pass each) where the engine merges breakpoints with ``np.unique``
and looks each segment up with ``searchsorted``/``interp``. Same breakpoints (merged instead
of sorted), ``np.interp``'s formulas, the same tolerances
(:data:`~landrelease.engine.curves.READY_RTOL`, :data:`~landrelease.engine.kernels.LEVEL_RTOL`).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from landrelease.forecast.jit import CACHE

__all__ = ["COLLINEAR_RTOL", "GALLOP_STEPS", "LEVELS_SCAN_POINTS", "REACH_MARGIN_YEARS"]

COLLINEAR_RTOL = 1e-12
"""As :func:`landrelease.engine.curves._without_collinear`: interior points whose slope
changes by less than this (relative) are dropped."""
REACH_MARGIN_YEARS = 1e-6
"""A level the previous stage reaches before one of its points at least this far (years)
before the resume year is reached before that year whatever the rounding of the
interpolation (a few units in the last place): its breakpoint is among those kept."""
LEVELS_SCAN_POINTS = 64
""":func:`_levels_from_points` looks this many dropped points at most on either side of a
year's end for the points kept around it; past that (a long straight stretch of the curve)
the caller drops the collinear points of the whole curve instead."""
GALLOP_STEPS = 8
""":func:`_count_le_far` steps this many places one by one, then bisects: runs of equal
times (thousands of areas opening in the same year) are passed in a few steps, while a
count that moves by one or two costs no more than a plain walk."""


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
def _count_le_far(arr: np.ndarray, x: float, i: int) -> int:  # pragma: no cover - compiled
    """``searchsorted(arr, x, "right")`` walking on from ``i`` (``arr`` sorted, no NaN),
    by bisection after :data:`GALLOP_STEPS` steps."""
    if i > 0 and x < arr[i - 1]:
        i = 0
    n = len(arr)
    stop = min(i + GALLOP_STEPS, n)
    while i < stop and arr[i] <= x:
        i += 1
    if i == stop and i < n and arr[i] <= x:
        lo, hi = i + 1, n
        while lo < hi:  # the first place past x
            mid = (lo + hi) >> 1
            if arr[mid] <= x:
                lo = mid + 1
            else:
                hi = mid
        i = lo
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
def _merge_sorted(a: np.ndarray, b: np.ndarray) -> np.ndarray:  # pragma: no cover - compiled
    """The values of two sorted arrays of numbers (no NaN) in one sorted array, repeats
    kept; one of them, as it is, when the other is empty."""
    if len(a) == 0:
        return b
    if len(b) == 0:
        return a
    out = np.empty(len(a) + len(b))
    i = j = 0
    for k in range(len(out)):
        take_a = j >= len(b) or (i < len(a) and a[i] <= b[j])
        out[k] = a[i] if take_a else b[j]
        i += take_a
        j += not take_a
    return out


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
def _without_collinear(
    times: np.ndarray, values: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:  # pragma: no cover
    """As :func:`landrelease.engine.curves._without_collinear`, into new arrays (the points
    given are kept unchanged: a stage's memo keeps them, and copying them first cost a pass
    over them)."""
    n = len(times)
    if n < 3:
        return times.copy(), values.copy()
    out_t = np.empty(n)
    out_v = np.empty(n)
    out_t[0], out_v[0] = times[0], values[0]
    a = (values[1] - values[0]) / (times[1] - times[0])  # slope before point i
    k = 1
    for i in range(1, n - 1):
        t, v = times[i], values[i]
        b = (values[i + 1] - v) / (times[i + 1] - t)
        if abs(b - a) > COLLINEAR_RTOL * (abs(b) + abs(a)):
            out_t[k], out_v[k] = t, v
            k += 1
        a = b
    out_t[k], out_v[k] = times[n - 1], values[n - 1]
    return out_t[: k + 1], out_v[: k + 1]


@njit(cache=CACHE, nogil=True, error_model="numpy")
def _kept(times: np.ndarray, values: np.ndarray, i: int) -> bool:  # pragma: no cover
    """Whether :func:`_without_collinear` keeps interior point ``i`` (its two neighbours
    alone decide, with the same divisions)."""
    a = (values[i] - values[i - 1]) / (times[i] - times[i - 1])
    b = (values[i + 1] - values[i]) / (times[i + 1] - times[i])
    return abs(b - a) > COLLINEAR_RTOL * (abs(b) + abs(a))


@njit(cache=CACHE, nogil=True, error_model="numpy")
def _levels_from_points(
    times: np.ndarray, values: np.ndarray, levels: np.ndarray
) -> bool:  # pragma: no cover - compiled
    """The curve's level at each year's end, ``levels[y] = np.interp(y + 1, *curve)`` with
    ``curve = _without_collinear(times, values)``, without building that curve: every year's
    end is one of the points (a breakpoint of the stage), kept or dropped by its two
    neighbours alone, so only the points kept on either side of a dropped one are looked for
    (then np.interp's formula on them). The same values to the last bit. Returns False, with
    ``levels`` not all set, where that does not apply (fewer than three points, a year's end
    not among the points, more than :data:`LEVELS_SCAN_POINTS` dropped points in a row): the
    caller then drops the collinear points of the whole curve."""
    m = len(times)
    if m < 3:
        return False
    q = 0
    for y in range(len(levels)):
        x = float(y + 1)
        q = _count_le_far(times, x, q)  # points at or before the year's end
        p = q - 1
        if p >= m - 1:  # at or past the last point (np.interp: its value)
            levels[y] = values[m - 1]
            continue
        if p < 1 or times[p] != x:
            return False
        if _kept(times, values, p):
            levels[y] = values[p]
            continue
        j = p - 1
        while j > 0 and not _kept(times, values, j):
            j -= 1
            if p - j > LEVELS_SCAN_POINTS:
                return False
        k = p + 1
        while k < m - 1 and not _kept(times, values, k):
            k += 1
            if k - p > LEVELS_SCAN_POINTS:
                return False
        slope = (values[k] - values[j]) / (times[k] - times[j])
        levels[y] = slope * (x - times[j]) + values[j]
    return True


@njit(cache=CACHE, nogil=True, error_model="numpy")
def _without_collinear_after(
    times: np.ndarray, values: np.ndarray, old_t: np.ndarray, old_v: np.ndarray, same: int
) -> tuple[np.ndarray, np.ndarray]:  # pragma: no cover
    """:func:`_without_collinear` of points whose first ``same`` (at least 3, at most all)
    are those of an earlier curve whose points kept were ``old_t``/``old_v``: a point is kept
    or dropped by its two neighbours, so the points kept up to the one before the last
    shared are those, copied (times strictly increase), and the slopes are worked on from
    there."""
    n = len(times)
    out_t = np.empty(n)
    out_v = np.empty(n)
    k = np.searchsorted(old_t, times[same - 2], side="right")
    out_t[:k] = old_t[:k]
    out_v[:k] = old_v[:k]
    a = (values[same - 1] - values[same - 2]) / (times[same - 1] - times[same - 2])
    for i in range(same - 1, n - 1):
        t, v = times[i], values[i]
        b = (values[i + 1] - v) / (times[i + 1] - t)
        if abs(b - a) > COLLINEAR_RTOL * (abs(b) + abs(a)):
            out_t[k], out_v[k] = t, v
            k += 1
        a = b
    out_t[k], out_v[k] = times[n - 1], values[n - 1]
    return out_t[: k + 1], out_v[: k + 1]


@njit(cache=CACHE, nogil=True, error_model="numpy")
def _write_merged(
    out: np.ndarray, k: int, last: float, x: float, base: np.ndarray, ib: int, nxt: float
) -> tuple[int, float, int, float]:  # pragma: no cover - compiled
    """Write ``base``'s values up to ``x`` from ``ib`` on (``nxt`` = ``base[ib]``), then
    ``x``, at ``out[k]``, each only if it differs from the last written (``last``): the
    merge's step, as :func:`_merge_unique`'s. Returns the new ``k``, ``last``, ``ib``,
    ``nxt``."""
    while nxt <= x and ib < len(base):
        out[np.uint64(k)] = nxt
        k += nxt != last
        last = nxt
        ib += 1
        nxt = base[ib] if ib < len(base) else np.inf
    out[np.uint64(k)] = x  # k >= 0: unsigned, without the check for a negative index
    k += x != last
    return k, x, ib, nxt


@njit(cache=CACHE, nogil=True, error_model="numpy")
def _breakpoints_after(
    after: int,
    n_years: int,
    opened: np.ndarray,
    has_prev: bool,
    prev_t: np.ndarray,
    prev_v: np.ndarray,
    starts: np.ndarray,
    ends: np.ndarray,
) -> np.ndarray:  # pragma: no cover - compiled
    """The stage's breakpoints (:func:`~landrelease.engine.curves.stage_curve`: year ends,
    areas opening, the previous curve's points and the times it starts and ends areas)
    strictly after year ``after``, sorted and distinct.

    The times the previous curve reaches the levels in ``starts`` and ``ends`` are those of
    :func:`~landrelease.engine.curves.curve_reach` (kept strictly inside (``after``,
    ``n_years``) and above 0). One pass writes the output once: the levels (both sorted,
    merged first, :func:`_merge_sorted`) are walked up the curve as ``searchsorted`` would,
    the curve's points passed on the way written before the level's time (a level's time is
    at least the point starting its piece) and the year ends and openings merged in as they
    come. Most levels fall in the piece of the level before (three levels to a point at
    100,000 areas), so the walk keeps that piece's numbers, the curve's value past it and
    the next point's time in registers and reads the curve only when it moves on. All
    sources are sorted (the curve's times increase, its values do not fall, levels are
    sorted, so the times to reach them do not fall either), so the result is their sorted
    distinct union: the same array as merging them two at a time (the previous
    construction, kept in tests/forecast/test_compiled_curves.py)."""
    years = np.arange(after + 1, n_years + 1).astype(np.float64)
    base = _merge_unique(years, opened[np.searchsorted(opened, after, side="right") :])
    if not has_prev:
        return base
    m = len(prev_t)
    ip = np.searchsorted(prev_t, after, side="right")  # the next curve point to write
    # levels below the previous curve at a point well before ``after`` are reached
    # before it (REACH_MARGIN_YEARS): their times are among the breakpoints kept
    j = np.searchsorted(prev_t, after - REACH_MARGIN_YEARS) - 1
    lowest = prev_v[j] if j >= 0 else -np.inf
    qs = np.searchsorted(starts, lowest) if lowest > -np.inf else 0
    qe = np.searchsorted(ends, lowest) if lowest > -np.inf else 0
    levels = _merge_sorted(starts[qs:], ends[qe:])
    nb = len(base)
    out = np.empty(nb + (m - ip) + len(levels))
    k = ib = idx = 0
    nxt = base[0] if nb > 0 else np.inf
    last = np.nan  # differs from every value: the first one is written
    # the walk's state, kept in registers: the curve's value at ``idx`` (inf past its
    # end), the piece ending at ``idx`` (its start, its rise and its length) and the time
    # of the next point to write (inf past the end)
    here = prev_v[0] if m > 0 else np.inf
    inside = False  # 0 < idx < m
    fixed = prev_t[0] if m > 0 else np.inf  # the time when not inside
    v0 = rise = t0 = span = 0.0
    point = prev_t[ip] if ip < m else np.inf
    above = max(after, 0)  # times kept are above 0 and after ``after``
    for q in range(len(levels)):
        level = levels[q]
        if here < level:  # searchsorted(prev_v, level), walking on
            while True:
                if idx == ip:
                    k, last, ib, nxt = _write_merged(out, k, last, point, base, ib, nxt)
                    ip += 1
                    point = prev_t[ip] if ip < m else np.inf
                idx += 1
                here = prev_v[idx] if idx < m else np.inf
                if not here < level:
                    break
            inside = idx < m
            if inside:
                v0, t0 = prev_v[idx - 1], prev_t[idx - 1]
                rise, span = here - v0, prev_t[idx] - t0
            fixed = np.inf
        if inside:
            frac = (level - v0) / rise if rise > 0 else 1.0
            frac = min(max(frac, 0.0), 1.0)  # level and curve finite: never NaN
            time = t0 + frac * span
        else:
            time = fixed
        if (time > above) & (time < n_years):  # one branch, not three
            # the point ending the piece, if the time rounds to it or past it
            while point <= time:
                k, last, ib, nxt = _write_merged(out, k, last, point, base, ib, nxt)
                ip += 1
                point = prev_t[ip] if ip < m else np.inf
            k, last, ib, nxt = _write_merged(out, k, last, time, base, ib, nxt)
    while ip < m:
        k, last, ib, nxt = _write_merged(out, k, last, prev_t[ip], base, ib, nxt)
        ip += 1
    while ib < nb:
        out[k] = base[ib]
        k += base[ib] != last
        last = base[ib]
        ib += 1
    return out[:k]
