"""The split of a budget on a grid: worked on paper, against brute force, and where a
greedy would fail."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from landrelease.portfolio.allocate import AllocationError, allocate


def test_two_linear_curves_split_as_on_paper():
    # Country A gains 3 a step up to 4 steps (then nothing); B gains 2 a step up to 10.
    # With 6 steps: A's 4 steps first (12), then B takes the other 2 (4): 16 in all.
    a = [min(k, 4) * 3 for k in range(7)]
    b = [min(k, 10) * 2 for k in range(7)]
    assert allocate([a, b], 6) == [4, 2]


def test_a_jump_beats_steady_gains_where_a_greedy_would_not_take_it():
    # A completes (value 10) only with 3 steps; B gains 3 a step. A greedy giving each
    # step to the best next step takes B three times (9); the best split is A's jump (10).
    a = [0, 0, 0, 10]
    b = [0, 3, 6, 9]
    assert allocate([a, b], 3) == [3, 0]


def test_limits_cap_a_country_and_the_rest_goes_elsewhere():
    a = [0, 5, 10]  # at most 2 steps
    b = [0, 1, 2, 3, 4]
    assert allocate([a, b], 4) == [2, 2]


def test_money_that_changes_nothing_is_spread_evenly():
    assert allocate([[0] * 7, [0] * 7, [0] * 7], 6) == [2, 2, 2]


def test_equal_values_stay_near_the_split_asked_for():
    flat = [1.0] * 9
    assert allocate([flat, flat], 8, prefer=[1, 7]) == [1, 7]


def test_a_budget_the_limits_cannot_take_is_refused():
    with pytest.raises(AllocationError, match="take 3 steps between them, not 4"):
        allocate([[0, 1], [0, 1, 2]], 4)


@settings(max_examples=60, deadline=None)
@given(
    curves=st.lists(
        st.lists(st.integers(0, 20), min_size=1, max_size=6), min_size=1, max_size=4
    ),
    steps=st.integers(0, 8),
)
def test_the_split_is_the_best_of_all_splits(curves, steps):
    if sum(len(c) - 1 for c in curves) < steps:
        with pytest.raises(AllocationError):
            allocate(curves, steps)
        return
    chosen = allocate(curves, steps)
    assert sum(chosen) == steps
    assert all(0 <= k < len(c) for k, c in zip(chosen, curves, strict=True))
    best = max(
        sum(c[k] for c, k in zip(curves, split, strict=True))
        for split in itertools.product(*(range(len(c)) for c in curves))
        if sum(split) == steps
    )
    assert sum(c[k] for c, k in zip(curves, chosen, strict=True)) == best
    # and among the best, none is nearer the equal split
    target = steps / len(curves)
    nearest = min(
        float(np.abs(np.array(split) - target).sum())
        for split in itertools.product(*(range(len(c)) for c in curves))
        if sum(split) == steps and sum(c[k] for c, k in zip(curves, split, strict=True)) == best
    )
    assert float(np.abs(np.array(chosen) - target).sum()) == pytest.approx(nearest)
