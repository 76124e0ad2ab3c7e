"""Stage curves at the edge of floating point: a capacity so small (subnormal) that its
slope overflows a division must give the limit, not an overflow warning (warnings are errors
in the suite; hypothesis found one with national_usd = 2.2e-308)."""

from __future__ import annotations

import numpy as np

from landrelease.engine.curves import Curve, curve_reach, stage_curve

TINY = 5e-324  # the smallest subnormal


def test_levels_on_and_above_a_subnormal_rise():
    curve = Curve(np.array([0.0, 1.0, 2.0]), np.array([0.0, 1e-310, 2e-310]))
    time = curve_reach(curve, np.array([5e-311, 1.5e-310, 1.0]))
    assert 0.0 < time[0] < 1.0
    assert 1.0 < time[1] < 2.0
    assert time[2] == np.inf  # (1.0 - 1e-310) / 1e-310 overflows: never reached


def test_a_stage_with_subnormal_capacity_works_without_warnings():
    capacity = np.array([TINY, 2.2250738585072014e-308, 1.0])
    curve = stage_curve(capacity, np.array([0.5, 0.25]), np.array([0.0, 0.0]))
    assert np.all(np.diff(curve.value) >= 0)
    assert curve.value[-1] == 0.75
    after = stage_curve(capacity, np.array([0.5, 0.25]), np.zeros(2), np.array([TINY, 0.25]), curve)
    assert np.all(np.diff(after.value) >= 0)
