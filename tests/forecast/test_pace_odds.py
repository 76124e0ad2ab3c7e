"""How likely a plan's yearly pace is on the State's record: the forecast's pace model
(level uncertain by its standard error, yearly spread) applied to the record."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from landrelease.forecast.distributions import Z90
from landrelease.forecast.pace_odds import MIN_RECORD_YEARS, pace_odds
from landrelease.forecast.pace_spread import pace_spread

YEARS = np.arange(2021, 2026)
RECORD = np.array([8.0e6, 10.0e6, 9.0e6, 11.0e6, 10.0e6])  # m²; median 10 km², best 11 km²


def test_a_plan_at_the_typical_year_is_reached_a_little_more_often_than_not():
    """The mean of a year's output is above its median, and the plan's years average out:
    at the median year the chance is above one half, but not by much."""
    odds = pace_odds(YEARS, RECORD, 10.0e6, 6)
    assert odds is not None
    assert odds.median_m2 == 10.0e6
    assert 0.5 < odds.probability < 0.7
    assert odds.record_years == tuple(YEARS)
    assert odds.plan_years == 6


def test_three_times_the_best_year_is_almost_never_reached_and_half_the_median_always():
    assert pace_odds(YEARS, RECORD, 3 * 11.0e6, 6).probability < 0.001
    assert pace_odds(YEARS, RECORD, 0.5 * 10.0e6, 6).probability > 0.999


def test_over_many_years_the_noise_averages_out_to_the_level_alone():
    """With hundreds of plan years the average of the yearly factors is their mean,
    exp(σ²/2): the probability is then that of the level alone, a normal in logs whose P90
    is the level's P90 (worked from pace_spread's figures, not from the draws)."""
    spread = pace_spread(RECORD)
    sd = math.log(spread.level_p90) / Z90
    for plan in (9.0e6, 10.5e6, 11.5e6):
        centre = math.log(10.0e6) + spread.noise_sd_log**2 / 2
        expected = 1 - stats.norm.cdf((math.log(plan) - centre) / sd)
        odds = pace_odds(YEARS, RECORD, plan, 2000, draws=4000)
        # 4,000 draws: a share's standard error is at most 0.8 points; the yearly noise
        # left over 2,000 years shifts the average by under 0.5% (≈ 0.04 sd)
        assert odds.probability == pytest.approx(expected, abs=0.03)


def test_years_without_release_are_left_out_and_a_short_record_gives_none():
    gaps = np.array([0.0, np.nan, 9.0e6, 11.0e6, 10.0e6])
    odds = pace_odds(YEARS, gaps, 10.0e6, 3)
    assert odds is not None
    assert odds.record_years == (2023, 2024, 2025)
    assert MIN_RECORD_YEARS == 3
    assert pace_odds(YEARS[:2], RECORD[:2], 10.0e6, 3) is None
    assert pace_odds(YEARS, np.array([0.0, 0.0, 0.0, 5.0e6, 6.0e6]), 5.0e6, 3) is None


def test_the_same_seed_gives_the_same_probability():
    a = pace_odds(YEARS, RECORD, 10.5e6, 5, seed=3)
    assert a == pace_odds(YEARS, RECORD, 10.5e6, 5, seed=3)
    other = pace_odds(YEARS, RECORD, 10.5e6, 5, seed=4)
    assert other.probability == pytest.approx(a.probability, abs=0.02)  # ±0.35 points each


@settings(max_examples=40, deadline=None)
@given(
    record=st.lists(st.floats(1e5, 1e8), min_size=3, max_size=8),
    low=st.floats(0.2, 3.0),
    step=st.floats(1.0, 3.0),
    years=st.integers(1, 12),
)
def test_a_faster_plan_is_never_more_likely(record, low, step, years):
    values = np.array(record)
    median = float(np.median(values))
    slow = pace_odds(np.arange(len(values)), values, low * median, years, draws=2000)
    fast = pace_odds(np.arange(len(values)), values, low * step * median, years, draws=2000)
    assert 0 <= fast.probability <= slow.probability <= 1  # the same draws: common numbers
