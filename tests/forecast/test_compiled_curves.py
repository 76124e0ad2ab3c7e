"""A stage's breakpoints in one pass (:func:`_breakpoints_after`) against the construction it
replaced, four merges of the sources two at a time (kept here as the reference): the same
array to the last bit, whatever the sources; and the other curve helpers against what they
stand for."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from numba import njit

from landrelease.forecast.compiled_curves import (
    GALLOP_STEPS,
    LEVELS_SCAN_POINTS,
    REACH_MARGIN_YEARS,
    _breakpoints_after,
    _count_le_far,
    _levels_from_points,
    _merge_sorted,
    _merge_unique,
    _without_collinear,
    _without_collinear_after,
)


@njit(nogil=True, error_model="numpy")
def _count_lt(arr: np.ndarray, x: float, i: int) -> int:  # pragma: no cover - compiled
    """``searchsorted(arr, x, "left")`` walking on from ``i`` (``arr`` sorted, no NaN)."""
    if i > 0 and arr[i - 1] >= x:
        i = 0
    while i < len(arr) and arr[i] < x:
        i += 1
    return i


@njit(nogil=True, error_model="numpy")
def _reach_after(
    v: np.ndarray, t: np.ndarray, levels: np.ndarray, lowest: float, after: float, n_years: int
) -> np.ndarray:  # pragma: no cover - compiled
    """The times the curve (``t``, ``v``) reaches the sorted ``levels`` from ``lowest`` on,
    kept strictly inside (``after``, ``n_years``) and above 0 (the previous source)."""
    q0 = np.searchsorted(levels, lowest) if lowest > -np.inf else 0
    out = np.empty(len(levels) - q0)
    k = 0
    idx = 0
    m = len(v)
    for q in range(q0, len(levels)):
        level = levels[q]
        idx = _count_lt(v, level, idx)
        if 0 < idx < m:
            i = idx
            v0, v1, t0, t1 = v[i - 1], v[i], t[i - 1], t[i]
            frac = (level - v0) / (v1 - v0) if v1 > v0 else 1.0
            frac = min(max(frac, 0.0), 1.0)
            time = t0 + frac * (t1 - t0)
        elif idx == 0:
            time = t[0]
        else:
            time = np.inf
        if 0 < time < n_years and time > after:
            out[k] = time
            k += 1
    return out[:k]


@njit(nogil=True, error_model="numpy")
def four_merges(
    after: int,
    n_years: int,
    opened: np.ndarray,
    has_prev: bool,
    prev_t: np.ndarray,
    prev_v: np.ndarray,
    starts: np.ndarray,
    ends: np.ndarray,
) -> np.ndarray:  # pragma: no cover - compiled
    """The previous :func:`_breakpoints_after`: year ends, openings, the previous curve's
    points and its times to reach ``starts`` and ``ends``, merged in one after the other."""
    years = np.arange(after + 1, n_years + 1).astype(np.float64)
    t = _merge_unique(years, opened[np.searchsorted(opened, after, side="right") :])
    if has_prev:
        t = _merge_unique(t, prev_t[np.searchsorted(prev_t, after, side="right") :])
        j = np.searchsorted(prev_t, after - REACH_MARGIN_YEARS) - 1
        lowest = prev_v[j] if j >= 0 else -np.inf
        t = _merge_unique(t, _reach_after(prev_v, prev_t, starts, lowest, after, n_years))
        t = _merge_unique(t, _reach_after(prev_v, prev_t, ends, lowest, after, n_years))
    return t


def assert_bitwise_equal(got: np.ndarray, want: np.ndarray) -> None:
    assert got.dtype == want.dtype == np.float64
    assert len(got) == len(want)
    assert np.array_equal(got.view(np.int64), want.view(np.int64))


def test_breakpoints_worked_by_hand() -> None:
    """Three years; areas open at 0.5 and 2; the previous curve (0, 0), (1, 10), (2, 10),
    (4, 30) reaches level 15 at 2.5, 5 at 0.5, 10 at 1 and 20 at 3 (the horizon's end: not
    kept), never inf; level 0 at 0 (not kept). Breakpoints: 0.5, 1, 2, 2.5, 3 and the
    curve's point 4."""
    sources = (
        np.array([0.5, 2.0]),
        True,
        np.array([0.0, 1.0, 2.0, 4.0]),
        np.array([0.0, 10.0, 10.0, 30.0]),
        np.array([0.0, 15.0]),
        np.array([5.0, 10.0, 20.0, np.inf]),
    )
    np.testing.assert_array_equal(_breakpoints_after(0, 3, *sources), [0.5, 1, 2, 2.5, 3, 4])
    # from year 2 on: the curve's points after 2 and the times after 2
    np.testing.assert_array_equal(_breakpoints_after(2, 3, *sources), [2.5, 3.0, 4.0])


HORIZON = 8
GRID = [x / 4 for x in range(4 * (HORIZON + 2) + 1)]
"""Round times and levels: the sources share values (a curve point at a year end, a level at
a curve point, the same level in ``starts`` and ``ends``)."""


def _numbers(high: float) -> st.SearchStrategy[float]:
    return st.one_of(
        st.sampled_from([g for g in GRID if g <= high]),
        st.floats(0.0, high, allow_nan=False, allow_subnormal=False),
    )


@st.composite
def _sources(draw: st.DrawFn) -> tuple[object, ...]:
    n_years = draw(st.integers(1, HORIZON))
    after = draw(st.integers(0, n_years))
    # openings strictly inside the horizon (fixed_parts), sorted, repeats allowed
    opened = sorted(draw(st.lists(_numbers(n_years).filter(lambda x: 0 < x < n_years))))
    has_prev = draw(st.booleans())
    # the previous curve: times increasing from 0, values never falling (flat pieces too)
    times = sorted(set(draw(st.lists(_numbers(n_years + 1.5), min_size=1, max_size=30))))
    prev_t = np.array([0.0] + [x for x in times if x > 0])
    prev_v = np.sort(
        np.array(draw(st.lists(_numbers(40.0), min_size=len(prev_t), max_size=len(prev_t))))
    )
    level = st.one_of(_numbers(45.0), st.sampled_from(list(prev_v)))
    # starts: sorted; ends: sorted, never-finished areas' ends are +inf (fixed_parts)
    starts = np.sort(np.array(draw(st.lists(level, max_size=30)), dtype=float))
    ends = np.sort(
        np.array(
            draw(st.lists(level, max_size=30)) + [np.inf] * draw(st.integers(0, 2)),
            dtype=float,
        )
    )
    return (after, n_years, np.array(opened, dtype=float), has_prev, prev_t, prev_v, starts, ends)


@settings(max_examples=500, deadline=None)
@given(_sources())
def test_breakpoints_in_one_pass_are_the_four_merges(sources: tuple[object, ...]) -> None:
    assert_bitwise_equal(_breakpoints_after(*sources), four_merges(*sources))


@settings(max_examples=200, deadline=None)
@given(_sources(), st.integers(0, 3))
def test_breakpoints_with_empty_sources(sources: tuple[object, ...], which: int) -> None:
    """Any one source empty (no opening, no start, no end, no year after ``after``)."""
    after, n_years, opened, has_prev, prev_t, prev_v, starts, ends = sources
    empty = np.zeros(0)
    if which == 0:
        opened = empty
    elif which == 1:
        starts = empty
    elif which == 2:
        ends = empty
    else:
        after = n_years
    args = (after, n_years, opened, has_prev, prev_t, prev_v, starts, ends)
    assert_bitwise_equal(_breakpoints_after(*args), four_merges(*args))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.integers(0, 6), max_size=4 * GALLOP_STEPS),
    st.floats(-1, 7, allow_nan=False),
    st.data(),
)
def test_count_by_bisection_is_searchsorted(values: list[int], x: float, data) -> None:
    """Runs of equal values longer than the steps taken one by one (areas opening in the same
    year) are counted by bisection: np.searchsorted's count (right side) from any place."""
    arr = np.sort(np.asarray(values, dtype=float))
    i = data.draw(st.integers(0, len(arr)), label="start")
    assert _count_le_far(arr, x, i) == np.searchsorted(arr, x, side="right")


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from([*GRID[:12], np.inf]), max_size=20),
    st.lists(st.sampled_from([*GRID[:12], np.inf]), max_size=20),
)
def test_levels_merged_keep_every_value_in_order(a: list[float], b: list[float]) -> None:
    """Starts and ends merged before the walk (:func:`_merge_sorted`): every value of both,
    repeats and infinite ends kept, sorted."""
    got = _merge_sorted(np.sort(np.array(a, dtype=float)), np.sort(np.array(b, dtype=float)))
    assert_bitwise_equal(got, np.sort(np.array(a + b, dtype=float)))


@st.composite
def _points(draw: st.DrawFn, size: int) -> tuple[np.ndarray, np.ndarray]:
    """A curve's points: strictly increasing times, values on a few lines (collinear runs)
    with jumps of slope."""
    gaps = draw(st.lists(st.sampled_from([0.25, 0.5, 1.0, 2.0]), min_size=size, max_size=size))
    slopes = draw(st.lists(st.sampled_from([0.0, 1.0, 3.0]), min_size=size, max_size=size))
    times = np.cumsum([0.0, *gaps])
    values = np.cumsum([0.0, *(g * s for g, s in zip(gaps, slopes, strict=True))])
    return times, values


@settings(max_examples=300, deadline=None)
@given(_points(12), _points(12), st.integers(3, 13))
def test_collinear_points_dropped_again_from_a_shared_start(old, other, same) -> None:
    """A curve whose first ``same`` points are an earlier curve's (a stage worked again from
    a year) loses the same points as when all its points are looked at."""
    last = max(same - 1, 0)  # the other curve goes on from the last point shared
    times = np.concatenate([old[0][:same], other[0][1:] + old[0][last]])
    values = np.concatenate([old[1][:same], other[1][1:] + old[1][last]])
    want = _without_collinear(times, values)
    got = _without_collinear_after(times, values, *_without_collinear(*old), same)
    assert_bitwise_equal(got[0], want[0])
    assert_bitwise_equal(got[1], want[1])


@st.composite
def _stage_points(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, int]:
    """Points of a stage curve as its walk writes them: times from 0 with every year's end
    among them (and points between), values rising along a few straight pieces (so that
    runs of collinear points, some long, are dropped) with some points off them."""
    n_years = draw(st.integers(1, 8))
    extra = draw(st.lists(st.floats(0.001, n_years - 0.001), max_size=200))
    times = np.unique(np.concatenate([np.arange(n_years + 1.0), np.asarray(extra)]))
    kinks = np.sort(np.asarray([*draw(st.lists(st.floats(0, n_years), max_size=4)), 0.0]))
    rates = st.sampled_from([0.0, 0.5, 1.0, 3.0, 1e6])
    slopes = np.asarray(draw(st.lists(rates, min_size=len(kinks), max_size=len(kinks))))
    piece = np.searchsorted(kinks, times, side="right") - 1
    rise = slopes * np.diff(np.append(kinks, n_years))
    start = np.concatenate([[0.0], np.cumsum(rise)[:-1]])
    values = start[piece] + slopes[piece] * (times - kinks[piece])
    bumps = draw(st.lists(st.integers(0, len(times) - 1), max_size=5))
    values[bumps] += 0.25  # points off the straight pieces (kept)
    return times, np.maximum.accumulate(values), n_years


@given(points=_stage_points())
@settings(max_examples=300, deadline=None)
def test_levels_from_points_are_np_interp_of_the_curve_without_collinear_points(points):
    times, values, n_years = points
    levels = np.full(n_years, np.nan)
    found = _levels_from_points(times, values, levels)
    curve_t, curve_v = _without_collinear(times, values)
    want = np.interp(np.arange(1.0, n_years + 1), curve_t, curve_v)
    dropped_run = np.diff(np.flatnonzero(np.isin(times, curve_t))).max(initial=1) - 1
    if len(times) >= 3 and dropped_run <= LEVELS_SCAN_POINTS:
        assert found  # it applies wherever no run of dropped points is too long to scan
    if found:
        assert np.array_equal(levels, want)  # to the last bit


def test_levels_from_points_hands_a_long_straight_stretch_back():
    times = np.arange(0.0, 2.0 + 1e-9, 1 / (2 * LEVELS_SCAN_POINTS))  # one straight piece
    assert not _levels_from_points(times, 3.0 * times, np.empty(2))
    short = np.array([0.0, 0.5, 1.0, 1.5, 2.0])
    levels = np.empty(2)
    assert _levels_from_points(short, np.array([0.0, 1.0, 2.0, 2.0, 2.0]), levels)
    assert np.array_equal(levels, [2.0, 2.0])
