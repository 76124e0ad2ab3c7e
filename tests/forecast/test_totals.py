"""The compiled release of a stage by year (:func:`landrelease.forecast.totals._release`)
against the formula of :func:`~landrelease.engine.kernels.release_by_year` worked area after
area in plain Python: the same sums in the same order, bit for bit, whatever the areas
(not needed, never worked on, no or endless work, not finished, worked over year ends)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from landrelease.forecast import totals

N_GROUPS = 3


def _by_hand(amount, needed, start, work, finish, levels, group):
    """(years × groups) m²: each area's release as the engine defines it, added in order."""
    n = len(levels)
    out = np.zeros((n, N_GROUPS))
    for i in range(len(amount)):
        a = amount[i] if needed[i] else 0.0
        s, w, fin, g = start[i], work[i], finish[i], group[i]
        if not (w > 0 and np.isfinite(w) and np.isfinite(s) and a > 0):
            continue
        yf = fin if fin >= 0 else n
        ys = int(np.searchsorted(levels, s, side="right"))
        if ys >= yf:  # all of it in its finish year (nothing if not finished)
            if fin >= 0:
                out[yf, g] += a
            continue
        rate = a / w
        out[ys, g] += rate * (min(levels[ys], s + w) - s)
        for y in range(ys + 1, yf):
            out[y, g] += rate * (levels[y] - levels[y - 1])
        if fin >= 0:
            out[yf, g] += max(a - rate * min(levels[yf - 1] - s, w), 0.0)
    return out


def _compiled(amount, needed, start, work, finish, levels, group):
    out = np.zeros((len(levels) + 1, N_GROUPS))
    totals._release(out, amount, needed, start, work, finish, levels, group)
    return out[:-1]


_m2 = st.one_of(st.just(0.0), st.floats(0.1, 1e6))


@st.composite
def stages(draw):
    """A stage's year-end levels (sorted, some years without work) and areas of every kind."""
    n = draw(st.integers(1, 6))
    levels = np.cumsum(
        draw(st.lists(st.sampled_from([0.0, 0.5, 3.0, 7.25]), min_size=n, max_size=n))
    )
    top = float(levels[-1]) + 1.0
    k = draw(st.integers(0, 40))
    areas = st.tuples(
        _m2,
        st.booleans(),
        st.one_of(st.just(np.nan), st.floats(0.0, top), st.sampled_from(list(levels))),
        st.one_of(st.sampled_from([0.0, np.inf, np.nan]), st.floats(1e-3, top)),
        st.integers(-1, n - 1),
        st.integers(0, N_GROUPS - 1),
    )
    rows = draw(st.lists(areas, min_size=k, max_size=k))
    columns = list(zip(*rows, strict=True)) if rows else [[]] * 6
    dtypes = (float, np.bool_, float, float, np.int64, np.int64)
    return (*(np.array(c, dtype=t) for c, t in zip(columns, dtypes, strict=True)), levels)


@given(stage=stages())
@settings(max_examples=200, deadline=None)
def test_release_is_each_area_by_hand_in_order(stage):
    amount, needed, start, work, finish, group, levels = stage
    args = (amount, needed, start, work, finish, levels, group)
    assert _compiled(*args).tobytes() == _by_hand(*args).tobytes()


def test_areas_not_needed_or_not_finished_add_nothing():
    levels = np.array([10.0, 20.0, 30.0])
    # needed but started after the horizon; not needed (worked on, or never); a year-0 area
    amount = np.array([5.0, 7.0, 11.0, 13.0])
    needed = np.array([True, False, False, True])
    start = np.array([35.0, 12.0, np.nan, 1.0])
    work = np.array([1.0, 2.0, 0.0, 2.0])
    finish = np.array([-1, 1, -1, 0])
    group = np.array([0, 1, 2, 2])
    want = np.zeros((3, N_GROUPS))
    want[0, 2] = 13.0
    assert _compiled(amount, needed, start, work, finish, levels, group).tobytes() == (
        want.tobytes()
    )


def test_levels_with_a_nan_take_each_area_the_long_way():
    # never from the engine; the areas are then worked one by one as before
    levels = np.array([10.0, np.nan, 30.0])
    amount = np.array([4.0, 6.0, 8.0])
    needed = np.ones(3, dtype=np.bool_)
    start = np.array([2.0, 15.0, 25.0])
    work = np.array([20.0, 1.0, 1.0])
    finish = np.array([2, 2, 2])
    group = np.zeros(3, dtype=np.int64)
    want = np.zeros((4, N_GROUPS))
    for i in range(3):
        totals._release_one(want, group[i], amount[i], start[i], work[i], finish[i], levels)
    got = _compiled(amount, needed, start, work, finish, levels, group)
    assert got.tobytes() == want[:-1].tobytes()
