"""What a compiled (numba) stage takes from its work alone, the same each time a draw's plan
is worked again (:func:`~.compiled_stage.stage_from` keeps it between passes): the
cumulative work, the times areas open, and the areas both a stage and the one before work on
with the previous stage's levels at their ends and starts. Kept apart from the walk in
:mod:`.compiled_stage`, which imports it (and offers its names, as before)."""

from __future__ import annotations

import numpy as np
from numba import njit

from landrelease.engine.curves import READY_RTOL
from landrelease.forecast.jit import CACHE

__all__ = ["Fixed", "fixed_parts", "opened_times"]

Fixed = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]
"""What :func:`fixed_parts` returns."""


@njit(cache=CACHE, nogil=True, error_model="numpy")
def opened_times(available: np.ndarray, n_years: int) -> np.ndarray:  # pragma: no cover
    """The available times (in serving order) strictly inside the horizon: the times areas
    open, breakpoints of every stage (:func:`fixed_parts`). One pass without data-dependent
    branches: each time is written, the count moving on only when kept (conditions combined
    with ``&``: ``and`` branches, mispredicted on areas in random order of kinds)."""
    opened = np.empty(len(available))
    inside = 0
    for k in range(len(available)):
        a = available[k]
        opened[inside] = a
        inside += (a > 0) & (a < n_years)
    return opened[:inside]


@njit(cache=CACHE, nogil=True, error_model="numpy")
def fixed_parts(
    work: np.ndarray,
    opened: np.ndarray,
    has_prev: bool,
    prev_work: np.ndarray,
    prev_cum: np.ndarray,
) -> Fixed:  # pragma: no cover - compiled
    """What a stage takes from the work alone, the same each time a plan is worked again:
    cumulative work, the times areas open inside the horizon (``opened``,
    :func:`opened_times`: passed on), the previous stage's cumulative work (``prev_cum``,
    that stage's own: passed on), the areas both stages work on, the previous stage's ends
    (less :data:`~landrelease.engine.curves.READY_RTOL`) and starts of those areas (levels),
    and each area's start level (NaN without work). One pass over the areas without
    data-dependent branches."""
    m = len(work)
    cum = np.empty(m + 1)
    cum[0] = 0.0
    start = np.empty(m)
    total = 0.0  # the running sum kept in a register, not read back from ``cum``
    if not has_prev:
        for k in range(m):
            w = work[k]
            start[k] = total if w > 0 else np.nan
            total = total + w
            cum[k + 1] = total
        empty = np.zeros(0)
        return cum, opened, cum, np.zeros(0, dtype=np.int64), empty, empty, start
    both = np.empty(m + 1, dtype=np.int64)
    ends = np.empty(m + 1)
    starts = np.empty(m + 1)
    nb = ns = 0
    before = 0.0  # the end of the last area both work on
    # one pass: the running sum's additions (one after the other) leave the core idle
    # most of the time, and the rest of the work on each area fills that time
    for k in range(m):
        w = work[k]
        start[k] = total if w > 0 else np.nan
        total = total + w
        cum[k + 1] = total
        e = prev_cum[k + 1]
        end = e - READY_RTOL * max(abs(e), 1.0)
        s = prev_cum[k]
        both[nb] = k
        ends[nb] = np.inf if end != end else end  # inf - inf: never done, as NaN sorts
        starts[ns] = s
        keep = (w > 0) & (prev_work[k] > 0)
        ns += keep & (s > before)
        before = e if keep else before
        nb += keep
    return cum, opened, prev_cum, both[:nb], ends[:nb], starts[:ns], start
