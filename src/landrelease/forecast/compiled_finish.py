"""Compiled (numba) finish years of a stage worked again, and the year from which it must
be: the parts of :func:`~landrelease.forecast.compiled_stage.stage_from` that read a
stage's year-end levels (:func:`_finish_years`, :func:`_years_kept`) and compare two calls'
inputs (:func:`resume_year`). The engine's :func:`~landrelease.engine.kernels.finish_years`
is the reference (tests/forecast/test_compiled.py).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from landrelease.engine.kernels import LEVEL_RTOL
from landrelease.forecast.jit import CACHE

__all__ = ["resume_year"]


@njit(cache=CACHE, nogil=True, error_model="numpy")
def _target(finish: float) -> float:  # pragma: no cover - compiled
    """The level at which an area whose work ends at ``finish`` counts as finished
    (:func:`~landrelease.engine.kernels.finish_years`: within
    :data:`~landrelease.engine.kernels.LEVEL_RTOL`); infinite for work never finished.
    Nondecreasing in ``finish``."""
    if not finish < np.inf:
        return np.inf
    return finish - LEVEL_RTOL * max(abs(finish), 1.0)


@njit(cache=CACHE, nogil=True, error_model="numpy")
def _years_kept(
    levels: np.ndarray, old_levels: np.ndarray, cum: np.ndarray, prev_kept: int
) -> int:  # pragma: no cover - compiled
    """How many areas, in serving order, keep the finish year of the call that gave
    ``old_levels``: those finished before the first year-end level that changed (their
    count of levels below their finish is the same; finish levels only rise in serving
    order), within the first ``prev_kept`` whose previous stage's year is unchanged."""
    changed = len(levels)
    for y in range(len(levels)):
        if levels[y] != old_levels[y]:
            changed = y
            break
    if changed == 0:
        return 0
    bound = levels[changed - 1]
    lo, hi = 0, min(prev_kept, len(cum) - 1)
    while lo < hi:  # the first area whose finish level is above ``bound``
        mid = (lo + hi) // 2
        if _target(cum[mid + 1]) > bound:
            hi = mid
        else:
            lo = mid + 1
    return lo


@njit(cache=CACHE, nogil=True, error_model="numpy")
def _finish_years(
    levels: np.ndarray,
    work: np.ndarray,
    cum: np.ndarray,
    earliest: np.ndarray,
    has_prev: bool,
    prev_work: np.ndarray,
    prev_year: np.ndarray,
    old_year: np.ndarray,
    kept: int,
) -> np.ndarray:  # pragma: no cover - compiled
    """Each area's finish year (-1: none) in serving order: the first year whose end
    level reaches its finish (:func:`_target`), not before it is available nor before its
    previous stage's finish; the first ``kept`` as in ``old_year``."""
    n = len(levels)
    m = len(work)
    year = np.empty(m, dtype=np.int64)
    year[:kept] = old_year[:kept]
    # finish levels rise in serving order: the areas that first reach year y's end level
    # are one run of the order, found by bisection, instead of a count per area
    begin = kept
    for y in range(n):
        lo, hi = begin, m
        while lo < hi:  # the first area past year y's end level
            mid = (lo + hi) // 2
            if _target(cum[mid + 1]) > levels[y]:
                hi = mid
            else:
                lo = mid + 1
        # the year, not before the area is available nor before its previous stage's
        # finish (-1: never), -1 without work: selects, no branches on areas' kinds; on
        # views of the run, indexed from 0 (an index numba cannot prove nonnegative makes
        # LLVM gather and scatter each area)
        run = year[begin:lo]
        run_earliest = earliest[begin:lo]
        run_work = work[begin:lo]
        if has_prev:
            run_prev_work = prev_work[begin:lo]
            run_prev_year = prev_year[begin:lo]
            for k in range(len(run)):
                z = max(y, run_earliest[k])
                p = run_prev_year[k]
                z = (max(z, p) if p >= 0 else -1) if run_prev_work[k] > 0 else z
                run[k] = z if run_work[k] > 0 else -1
        else:
            for k in range(len(run)):
                z = max(y, run_earliest[k])
                run[k] = z if run_work[k] > 0 else -1
        begin = lo
    year[begin:] = -1  # past the horizon's last level, or never finished
    return year


@njit(cache=CACHE, nogil=True)
def resume_year(
    old_capacity: np.ndarray,
    capacity: np.ndarray,
    has_prev: bool,
    old_prev_t: np.ndarray,
    old_prev_v: np.ndarray,
    prev_t: np.ndarray,
    prev_v: np.ndarray,
) -> int:  # pragma: no cover - compiled
    """The last year up to which a stage's capacity and previous curve are unchanged: the
    first year whose capacity differs, or the last year's start at or before the last
    point the previous curves share (the curves agree up to it), whichever is earlier;
    the number of years when nothing differs."""
    n = len(capacity)
    r = n
    for y in range(n):
        if capacity[y] != old_capacity[y]:
            r = y
            break
    if has_prev:
        same = min(len(old_prev_t), len(prev_t))
        for j in range(same):
            if old_prev_t[j] != prev_t[j] or old_prev_v[j] != prev_v[j]:
                same = j
                break
        if same < len(old_prev_t) or same < len(prev_t):
            if same == 0:
                return 0
            r = min(r, int(np.floor(prev_t[same - 1])))
    return r
