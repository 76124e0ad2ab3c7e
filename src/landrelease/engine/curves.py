"""Cumulative work of a stage as a piecewise-linear curve of time: the fluid model.

Every stage (NTS, TS, clearance) serves areas one at a time in one fixed order. Work is
measured per stage (team-years for survey, m² on factory-made AP mines for clearance) and
flows: a stage may work on the part of an area its previous stage has already finished, so
technical survey follows non-technical survey across a large area instead of waiting for
its last m². An area given as one large row and the same stock split into many rows are then
worked identically.

The stage's cumulative work done by time ``t`` (years from the start) is a continuous,
non-decreasing, piecewise-linear curve ``D(t)``. With ``S(t)`` the cumulative capacity and
``A(t)`` the cumulative work that is ready (in order), the server does
``D(t) = min over u ≤ t of [A(u) + S(t) − S(u)] = S(t) + min(0, min over u ≤ t of (A − S)(u))``:
it works at full capacity while work is ready and otherwise follows what becomes ready;
capacity idle meanwhile is lost. ``A`` is the work of the areas before the first area not yet
accessible, capped by the previous stage's progress mapped area by area (an area's share of
this stage is ready in proportion to the share of its previous stage done).

Because ``D`` is monotone in capacity and in ``A``, more capacity in any stage never
finishes any area later.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["READY_RTOL", "Curve", "capacity_curve", "curve_at", "curve_reach", "stage_curve"]

READY_RTOL = 1e-12
"""Relative slack (of the cumulative level) within which an area's previous stage counts as
done for readiness. A curve's values carry rounding of about 1e-15 of its level; without the
slack a curve ending a hair below an area's end would hold every later area up. Kept far
below :data:`~landrelease.engine.kernels.LEVEL_RTOL` because the slack, divided by one
area's work, becomes a share of that area's release."""


@dataclass(frozen=True)
class Curve:
    """A continuous, non-decreasing, piecewise-linear function: ``value`` at ``time`` (years
    from the start, strictly increasing from 0 to the number of years), linear in between."""

    time: np.ndarray
    value: np.ndarray

    def year_ends(self) -> np.ndarray:
        """Values at the end of each year (``time`` 1, 2, …, n)."""
        n = round(float(self.time[-1]))
        return curve_at(self, np.arange(1.0, n + 1.0))


def capacity_curve(capacity: np.ndarray) -> Curve:
    """Cumulative capacity: each year's capacity spread evenly over the year."""
    n = len(capacity)
    return Curve(np.arange(n + 1, dtype=float), np.concatenate(([0.0], np.cumsum(capacity))))


def curve_at(curve: Curve, time: np.ndarray) -> np.ndarray:
    """Values of ``curve`` at ``time`` (clamped to the curve's span)."""
    return np.interp(time, curve.time, curve.value)


def curve_reach(curve: Curve, level: np.ndarray) -> np.ndarray:
    """First time ``curve`` reaches each ``level``; ``inf`` when it never does (or ``level``
    is not finite); 0 for levels at or below the curve's start."""
    v, t = curve.value, curve.time
    level = np.asarray(level, dtype=float)
    idx = np.searchsorted(v, level, side="left")
    inside = (idx > 0) & (idx < len(v))
    i = np.clip(idx, 1, len(v) - 1)
    v0, v1, t0, t1 = v[i - 1], v[i], t[i - 1], t[i]
    # a piece rising by a subnormal amount overflows to inf: clipped to 1 as it should be
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        frac = np.where(v1 > v0, (level - v0) / (v1 - v0), 1.0)
    time = t0 + np.clip(frac, 0.0, 1.0) * (t1 - t0)
    return np.where(inside, time, np.where(idx == 0, t[0], np.inf))


def _on_piece(
    piece: np.ndarray,
    x: np.ndarray,
    both: np.ndarray,
    prev_cum: np.ndarray,
    prev_work: np.ndarray,
    cum: np.ndarray,
    work: np.ndarray,
) -> np.ndarray:
    """Work of this stage ready, as far as the previous stage goes, when that stage has done
    ``x`` (cumulative): the work before the first area not fully done there, plus that
    area's share. Only areas with work in both stages (``both``, positions in serving order)
    count: an area without work here holds nobody up. ``piece`` is the index in ``both`` of
    the first area not fully done (taken at a segment's midpoint, so that the value is
    linear on the segment)."""
    m = len(both)
    if m == 0:
        return np.full(len(x), cum[-1])
    j = both[np.minimum(piece, m - 1)]
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # clipped
        frac = np.clip((x - prev_cum[j]) / prev_work[j], 0.0, 1.0)
        part = np.where(frac > 0, work[j] * frac, 0.0)
    return np.where(piece >= m, cum[-1], cum[j] + part)


def stage_curve(
    capacity: np.ndarray,
    work: np.ndarray,
    available_time: np.ndarray,
    prev_work: np.ndarray | None = None,
    prev_curve: Curve | None = None,
) -> Curve:
    """Cumulative work done by one stage, areas served one at a time in the given order.

    Parameters
    ----------
    capacity : the stage's capacity per year (its work unit per year).
    work : each area's work in this stage, in serving order (0 = not needed; ``inf`` = no
        productivity: the stage never gets past that area).
    available_time : when each area becomes accessible or is found (years from the start,
        finite, non-decreasing in serving order).
    prev_work, prev_curve : the previous stage's work per area and its curve; ``None`` for
        the first stage (work is ready in full once the area is available). An area with no
        previous-stage work is ready in full once the areas before it are.
    """
    n = len(capacity)
    cap = capacity_curve(capacity)
    cum = np.concatenate(([0.0], np.cumsum(work)))
    points = [cap.time, available_time[(available_time > 0) & (available_time < n)]]
    both = np.zeros(0, dtype=np.int64)
    prev_cum = ends = cum
    if prev_curve is not None and prev_work is not None:
        prev_cum = np.concatenate(([0.0], np.cumsum(prev_work)))
        both = np.flatnonzero((work > 0) & (prev_work > 0))
        # An area's previous stage counts as done within READY_RTOL of its end: the
        # rounding of the previous curve must not hold everything after it up.
        ends = prev_cum[both + 1]
        ends = ends - READY_RTOL * np.maximum(np.abs(ends), 1.0)
        # The previous stage ends these areas, and starts them after areas without work
        # here, at breakpoints of the ready work (a start right after the previous such
        # area's end is no breakpoint: both are the same level).
        starts = prev_cum[both]
        gap = starts > np.concatenate(([0.0], prev_cum[both[:-1] + 1]))
        done = curve_reach(prev_curve, np.concatenate((starts[gap], ends)))
        points += [prev_curve.time, done[(done > 0) & (done < n)]]
        del done
    t = np.unique(np.concatenate(points))
    del points
    t0, t1 = t[:-1], t[1:]
    mid = (t0 + t1) / 2
    # Work ready on each segment: the accessibility gate is constant on a segment, and the
    # previous stage works on one area only (its start and finish times are breakpoints),
    # so the ready work is linear on each segment.
    gate = cum[np.searchsorted(available_time, mid, side="right")]
    if prev_curve is not None and prev_work is not None:
        piece = np.searchsorted(ends, curve_at(prev_curve, mid), side="right")
        del mid
        a0 = _on_piece(piece, curve_at(prev_curve, t0), both, prev_cum, prev_work, cum, work)
        np.minimum(a0, gate, out=a0)
        a1 = _on_piece(piece, curve_at(prev_curve, t1), both, prev_cum, prev_work, cum, work)
        np.minimum(a1, gate, out=a1)
        del piece, gate
    else:
        del mid
        a0 = a1 = gate
    s0, s1 = curve_at(cap, t0), curve_at(cap, t1)
    with np.errstate(invalid="ignore"):
        f0, f1 = a0 - s0, a1 - s1
    del a0, a1
    before = np.minimum.accumulate(np.minimum(f0, f1))
    before = np.minimum(0.0, np.concatenate(([0.0], before[:-1])))
    low = np.minimum(before, f0)
    del before
    # Inside a segment the server works at full capacity (D = S + low) until it catches up
    # with the ready work (D = A), where (A − S) falls below the running minimum.
    cross = f1 < low
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # inf: no crossing
        tc = t0 + (low - f0) / (f1 - f0) * (t1 - t0)
    cross &= (tc > t0) & (tc < t1)
    end = s1[-1] + min(low[-1], f1[-1]) if len(t1) else 0.0
    del f0, f1
    # each segment gives its start and, where the server catches up inside, that point
    slot = np.concatenate(([0], np.cumsum(1 + cross)))
    times = np.empty(slot[-1] + 1)
    values = np.empty(slot[-1] + 1)
    times[slot[:-1]], values[slot[:-1]] = t0, s0 + low
    at = slot[:-1][cross] + 1
    times[at], values[at] = tc[cross], curve_at(cap, tc[cross]) + low[cross]
    times[-1], values[-1] = t[-1], end
    np.maximum.accumulate(values, out=values)
    return _without_collinear(times, values)


def _without_collinear(times: np.ndarray, values: np.ndarray) -> Curve:
    """The curve without interior points where its slope does not change (within 10⁻¹²
    relative): the same function with fewer breakpoints for the next stage."""
    if len(times) < 3:
        return Curve(times, values)
    slope = np.diff(values) / np.diff(times)
    change = np.abs(np.diff(slope)) > 1e-12 * (np.abs(slope[1:]) + np.abs(slope[:-1]))
    keep = np.concatenate(([True], change, [True]))
    return Curve(times[keep], values[keep])
