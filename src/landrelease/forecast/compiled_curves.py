"""Compiled (numba) pieces of one stage's curve, the forecast's version of
:func:`landrelease.engine.curves.stage_curve`: monotone lookups, merges, the times a curve
reaches levels, dropping collinear points. :mod:`.compiled_stage` works a stage with them;
the numpy engine is the reference (tests/forecast/test_compiled.py).

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

__all__ = ["COLLINEAR_RTOL"]

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
