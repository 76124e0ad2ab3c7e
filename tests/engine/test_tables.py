"""Counts of open areas (``open_counts``) against their definition, item by item: an item
exists from its discovery year (baseline items, found -1, from the start; items found after
the horizon never) and is closed at the end of its completion year (-1: never)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from landrelease.engine.tables import open_counts

N_YEARS = 6


def _by_definition(found, done, keep):
    open_end = np.zeros(N_YEARS, dtype=np.int64)
    active = np.zeros(N_YEARS, dtype=bool)
    for f, d, k in zip(found, done, keep, strict=True):
        start = max(f, 0)
        if not k or start >= N_YEARS:
            continue
        for y in range(start, N_YEARS):
            open_end[y] += d < 0 or d > y  # still open at the end of year y
            active[y] |= d < 0 or d >= y  # open at some time during year y
    return open_end, active


items = st.lists(
    st.tuples(
        st.integers(-1, N_YEARS + 1),  # discovery year index (-1: baseline)
        st.integers(-1, N_YEARS - 1),  # completion year index (-1: never)
        st.booleans(),  # in the mask
    ),
    max_size=30,
)


@given(rows=items, masked=st.booleans())
@settings(max_examples=200, deadline=None)
def test_open_counts_follow_the_definition(rows, masked):
    # an item is completed no earlier than it is found, and not at all when found after
    # the horizon
    rows = [
        (f, -1 if f >= N_YEARS else (d if d < 0 or d >= max(f, 0) else max(f, 0)), k)
        for f, d, k in rows
    ]
    found = np.array([f for f, _, _ in rows], dtype=np.int64)
    done = np.array([d for _, d, _ in rows], dtype=np.int64)
    keep = np.array([k for _, _, k in rows], dtype=bool) if masked else np.ones(len(rows), bool)
    got_open, got_active = open_counts(
        SimpleNamespace(discovered_year_index=found),
        SimpleNamespace(done_year=done),
        N_YEARS,
        keep if masked else None,
    )
    want_open, want_active = _by_definition(found, done, keep)
    assert np.array_equal(got_open, want_open)
    assert np.array_equal(got_active, want_active)
