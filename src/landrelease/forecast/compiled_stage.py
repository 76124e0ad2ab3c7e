"""Compiled (numba) stage that can be worked again from a year on: the forecast's version of
:func:`landrelease.engine.curves.stage_curve` and of the finish years
(:func:`landrelease.engine.stages.run_stages`), the engine being the reference
(tests/forecast/test_compiled.py).

A draw's plan is worked again when finished teams are released
(:func:`~landrelease.engine.costs.deploy`): the money they free changes the capacity of the
stages still working, but only from some year on, and a stage's curve up to a time depends
only on its capacity and on the previous stage's curve up to that time. So :func:`stage_from`
keeps, at the start of each year, the state of the walk along the merged breakpoints
(:mod:`.compiled_curves`: two pointers, one pass), and a later call whose capacity and
previous curve are the same up to year ``R`` (:func:`resume_year`) copies the points before
``R`` and walks on from there. Every number after ``R`` is computed by the same operations
on the same values as a walk from the start: the result is the same to the last bit (tested).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from landrelease.forecast.compiled_curves import (
    REACH_MARGIN_YEARS,
    _breakpoints_after,
    _count_le_far,
    _interp,
    _levels_from_points,
    _nanmin,
    _slopes,
    _without_collinear,
    _without_collinear_after,
)
from landrelease.forecast.compiled_finish import _finish_years, _years_kept, resume_year
from landrelease.forecast.compiled_fixed import Fixed, fixed_parts, opened_times
from landrelease.forecast.jit import CACHE

__all__ = [
    "NO_MEMO",
    "NO_RESULT",
    "REACH_MARGIN_YEARS",
    "Fixed",
    "Memo",
    "Worked",
    "fixed_parts",
    "opened_times",
    "resume_year",
    "stage",
    "stage_from",
]

_INTS = 6
"""Integer state of the walk: segment, points written, capacity piece, previous curve's
piece, areas open, previous stage's area."""
_FLOATS = 5
"""Float state of the walk: running minimum, low, f1, capacity and previous level at the
segment's start."""


Memo = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]
"""What :func:`stage_from` keeps to walk again: breakpoints, the curve's points (times,
values) before collinear ones are dropped, the integer and float state at each year's start."""
Worked = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]
"""One stage worked: its curve (time, value), year-end levels, finish years and start levels
in serving order."""


@njit(cache=CACHE, nogil=True, error_model="numpy")
def _walk(
    t: np.ndarray,
    state_i: np.ndarray,
    state_f: np.ndarray,
    times: np.ndarray,
    values: np.ndarray,
    snap_i: np.ndarray,
    snap_f: np.ndarray,
    capacity: np.ndarray,
    work: np.ndarray,
    available: np.ndarray,
    has_prev: bool,
    prev_work: np.ndarray,
    prev_t: np.ndarray,
    prev_v: np.ndarray,
    cum: np.ndarray,
    prev_cum: np.ndarray,
    both: np.ndarray,
    ends: np.ndarray,
) -> int:  # pragma: no cover - compiled
    """Walk the segments of ``t`` from the state ``state_i``/``state_f`` (see :data:`_INTS`,
    :data:`_FLOATS`), writing the curve's points (their running maximum, as
    ``np.maximum.accumulate``) to ``times``/``values`` and the state at the start of each
    year to ``snap_i``/``snap_f``; returns the number of points written."""
    n = len(capacity)
    m = len(work)
    cap_t = np.arange(n + 1).astype(np.float64)
    cap_v = np.zeros(n + 1)
    for y in range(n):
        cap_v[y + 1] = cap_v[y] + capacity[y]
    cap_slope = _slopes(cap_t, cap_v)
    k0, out, jc = state_i[0], state_i[1], state_i[2]
    jp, gate_i, piece = state_i[3], state_i[4], state_i[5]
    acc, low, f1, s1, x1 = state_f[0], state_f[1], state_f[2], state_f[3], state_f[4]
    # slopes of the previous curve's pieces, as np.interp computes them, from ``jp`` on
    prev_slope = np.empty(max(len(prev_t) - 1, 0))
    for j in range(jp, len(prev_t) - 1):
        prev_slope[j] = (prev_v[j + 1] - prev_v[j]) / (prev_t[j + 1] - prev_t[j])
    segs = len(t) - 1
    nbv = len(both)
    last_c = len(cap_t) - 1
    last_p = len(prev_t) - 1
    year = int(t[k0])
    n_open = len(available)
    # the last point written (the running maximum), kept in a register
    top = values[out - 1] if out > 0 else -np.inf
    # Each segment lies within one piece of the capacity curve and of the previous
    # stage's curve (their breakpoints are among ``t``): np.interp's value there is its
    # piece's slope (the same division np.interp makes) at the point, or the breakpoint's
    # own value at a breakpoint.
    u = np.uint64  # indices never negative: no wrapping around (two instructions an access)
    t1 = t[k0]
    for k in range(k0, segs):
        t0, t1 = t1, t[u(k + 1)]
        if year < n and t0 == year:
            snap_i[year] = (k, out, jc, jp, gate_i, piece)
            snap_f[year] = (acc, low, f1, s1, x1)
            year += 1
        mid = (t0 + t1) / 2
        # areas open by ``mid`` (mid only rises: no looking back); a count moves only at
        # an opening, by thousands at once on large countries
        if gate_i < n_open and available[u(gate_i)] <= mid:
            gate_i = _count_le_far(available, mid, gate_i)
        gate = cum[u(gate_i)]
        s0 = s1
        while jc < last_c and cap_t[u(jc + 1)] <= t0:
            jc += 1
        # np.interp of the capacity curve at the segment's end, which lies in piece ``jc``
        # (written out here with unsigned indices, as below: a helper measured slower)
        ic = u(jc)
        if jc >= last_c or t1 >= cap_t[u(last_c)]:
            s1 = cap_v[u(last_c)]
        elif t1 == cap_t[ic + u(1)]:
            s1 = cap_v[ic + u(1)]
        elif t1 == cap_t[ic]:
            s1 = cap_v[ic]
        else:
            s1 = cap_slope[ic] * (t1 - cap_t[ic]) + cap_v[ic]
        if has_prev:
            while jp < last_p and prev_t[u(jp + 1)] <= t0:
                jp += 1
            uj = u(jp)
            xm = prev_slope[uj] * (mid - prev_t[uj]) + prev_v[uj]
            # searchsorted(ends, xm, "right"), walking on from ``piece``
            if piece > 0 and xm < ends[u(piece - 1)]:
                piece = 0
            while piece < nbv and ends[u(piece)] <= xm:
                piece += 1
            x0 = x1
            # np.interp of the previous curve at the segment's end, in piece ``jp``
            if jp >= last_p or t1 >= prev_t[u(last_p)]:
                x1 = prev_v[u(last_p)]
            elif t1 == prev_t[uj + u(1)]:
                x1 = prev_v[uj + u(1)]
            elif t1 == prev_t[uj]:
                x1 = prev_v[uj]
            else:
                x1 = prev_slope[uj] * (t1 - prev_t[uj]) + prev_v[uj]
            if nbv == 0 or piece >= nbv:
                a0 = cum[m]
                a1 = cum[m]
            else:
                jj = u(both[u(piece)])
                # np.clip of a share never NaN here: the previous stage never gets past
                # an area it cannot finish, so prev_cum[jj] is finite
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
        value = s0 + low
        value = top if top > value else value
        uo = u(out)
        times[uo] = t0
        values[uo] = value
        out += 1
        top = value
        if f1 < low:
            tc = t0 + (low - f0) / (f1 - f0) * (t1 - t0)
            if tc > t0 and tc < t1:
                value = cap_slope[ic] * (tc - cap_t[ic]) + cap_v[ic] + low
                value = top if top > value else value
                uo = u(out)
                times[uo] = tc
                values[uo] = value
                out += 1
                top = value
    end = 0.0
    if segs > 0:
        end = s1 + (f1 if f1 < low else low)
    end = top if top > end else end
    times[out] = t[segs]
    values[out] = end
    return out + 1


@njit(cache=CACHE, nogil=True, error_model="numpy")
def stage_from(
    resume: int,
    capacity: np.ndarray,
    work: np.ndarray,
    available: np.ndarray,
    earliest: np.ndarray,
    has_prev: bool,
    prev_work: np.ndarray,
    prev_t: np.ndarray,
    prev_v: np.ndarray,
    prev_year: np.ndarray,
    fixed: Fixed,
    memo: Memo,
    old: Worked,
    prev_kept: int,
    levels_only: bool = False,
) -> tuple[Worked, Memo, int]:  # pragma: no cover - compiled
    """One stage of :func:`~landrelease.engine.stages.run_stages` in serving order: its
    curve (time, value), the levels at year ends, each area's finish year and start level;
    and what a later call needs to walk again from a year (``memo``: the breakpoints, the
    curve's points before collinear ones are dropped, the state at each year's start).

    ``resume``: 0 to work the stage from the start (``memo`` and ``old`` unused); else a
    year up to which the capacity and the previous curve are those of the call that made
    ``memo`` and ``old`` (its result) (:func:`resume_year`), with the same work, available
    times and ``fixed`` (:func:`fixed_parts`); ``prev_kept``: how many areas (in serving
    order) have the same previous stage's finish year as in that call. Also returns how
    many areas keep their finish year from ``old`` (0 from the start). ``levels_only``:
    for a stage whose curve nobody reads (the last, in a compiled draw), its levels are
    found from the points around each year's end (:func:`_levels_from_points`) and the
    curve is left empty where that applies."""
    cum, opened, prev_cum, both, ends, starts, start = fixed
    n = len(capacity)
    tail = _breakpoints_after(resume, n, opened, has_prev, prev_t, prev_v, starts, ends)
    if resume == 0:
        state_i = np.zeros(_INTS, dtype=np.int64)
        state_f = np.zeros(_FLOATS)
        # the capacity curve starts at 0 (state_f[3]); the previous one where it starts
        if has_prev:
            state_f[4], _ = _interp(0.0, prev_t, prev_v, 0)
        t = np.empty(len(tail) + 1)
        t[0] = 0.0
        t[1:] = tail
        times = np.empty(2 * len(tail) + 1)
        values = np.empty(len(times))
        snap_i = np.empty((n, _INTS), dtype=np.int64)
        snap_f = np.empty((n, _FLOATS))
        out0 = 0  # points as in ``old``'s curve
    else:
        old_t, old_times, old_values, old_snap_i, old_snap_f = memo
        state_i = old_snap_i[resume].copy()
        state_f = old_snap_f[resume].copy()
        k0, out0 = state_i[0], state_i[1]
        t = np.empty(k0 + 1 + len(tail))
        t[: k0 + 1] = old_t[: k0 + 1]
        t[k0 + 1 :] = tail
        times = np.empty(out0 + 2 * len(tail) + 1)
        values = np.empty(len(times))
        times[:out0] = old_times[:out0]
        values[:out0] = old_values[:out0]
        snap_i = old_snap_i.copy()
        snap_f = old_snap_f.copy()
    out = _walk(
        t,
        state_i,
        state_f,
        times,
        values,
        snap_i,
        snap_f,
        capacity,
        work,
        available,
        has_prev,
        prev_work,
        prev_t,
        prev_v,
        cum,
        prev_cum,
        both,
        ends,
    )
    levels = np.empty(n)
    curve_t = curve_v = np.empty(0)
    if not (levels_only and _levels_from_points(times[:out], values[:out], levels)):
        # the points kept up to the resume year are those of ``old`` (unless it kept none)
        if 3 <= out0 <= out and not levels_only:
            curve_t, curve_v = _without_collinear_after(times[:out], values[:out], *old[:2], out0)
        else:
            curve_t, curve_v = _without_collinear(times[:out], values[:out])
        i = 0
        for y in range(n):
            # the curve's piece at the year's end found by galloping and bisection, not by
            # :func:`_interp`'s walk over the points (a year holds thousands on large
            # countries); given the piece, _interp takes no step
            i = _count_le_far(curve_t, float(y + 1), i)
            levels[y], _ = _interp(float(y + 1), curve_t, curve_v, max(i - 1, 0))
    kept = 0
    if resume > 0:
        kept = _years_kept(levels, old[2], cum, prev_kept if has_prev else len(work))
    year = _finish_years(levels, work, cum, earliest, has_prev, prev_work, prev_year, old[3], kept)
    return (
        (curve_t, curve_v, levels, year, start),
        (t, times[:out], values[:out], snap_i, snap_f),
        kept,
    )


NO_MEMO: Memo = (
    np.zeros(0),
    np.zeros(0),
    np.zeros(0),
    np.zeros((0, _INTS), dtype=np.int64),
    np.zeros((0, _FLOATS)),
)
"""The memo of a stage worked from the start (:func:`stage_from` with ``resume`` 0)."""
NO_RESULT: Worked = (
    np.zeros(0),
    np.zeros(0),
    np.zeros(0),
    np.zeros(0, dtype=np.int64),
    np.zeros(0),
)
"""The earlier result of a stage worked from the start."""


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
) -> Worked:
    """One stage worked from the start (:func:`stage_from` without its memo)."""
    n = len(capacity)
    opened = opened_times(available, n)
    prev_cum = fixed_parts(prev_work, opened, False, prev_work, np.zeros(1))[0]
    fixed = fixed_parts(work, opened, has_prev, prev_work, prev_cum)
    result, _, _ = stage_from(
        0,
        capacity,
        work,
        available,
        earliest,
        has_prev,
        prev_work,
        prev_t,
        prev_v,
        prev_year,
        fixed,
        NO_MEMO,
        NO_RESULT,
        0,
    )
    return result
