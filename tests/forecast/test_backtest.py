"""Backtests: the comparison with what happened, the completion call, the plan of a past
year as multipliers of the past pace, and the whole backtest of a sample."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from landrelease.forecast.backtest import (
    BACKTEST_COLUMNS,
    PlanPace,
    compare_with_actual,
    completion_call,
)
from landrelease.forecast.realisation import no_realisation


def test_compare_with_actual_worked_on_paper():
    annual = pd.DataFrame(
        {
            "case": ["plan"] * 3,
            "year": [2021, 2022, 2023],
            "remaining_area_m2_p10": [80.0, 60.0, 40.0],
            "remaining_area_m2_p50": [90.0, 75.0, 55.0],
            "remaining_area_m2_p90": [100.0, 90.0, 70.0],
        }
    )
    rows = compare_with_actual("past_release", annual, {2020: 99.0, 2021: 100.0, 2022: 50.0})
    assert list(rows.columns) == list(BACKTEST_COLUMNS)
    assert rows["year"].tolist() == [2021, 2022]  # 2020 is not forecast; 2023 not recorded
    assert rows["error_pct"].tolist() == pytest.approx([-10.0, 50.0])
    assert rows["inside_p10_p90"].tolist() == [True, False]
    zero = compare_with_actual("x", annual, {2023: 0.0})
    assert math.isnan(zero["error_pct"].iloc[0])


@pytest.mark.parametrize(
    ("actual", "outcome", "right"),
    [
        ({2026: 50.0, 2027: 0.0}, "met", True),  # finished in 2027: by 1 March 2028
        ({2026: 50.0, 2027: 10.0, 2028: 5.0}, "missed", False),  # 2028 ends after it
        ({2026: 50.0}, "open", None),
    ],
)
def test_completion_call(actual, outcome, right):
    years = pd.Series([2026, 2027, None, 2030], dtype="Int64")  # two of four by 2027
    call = completion_call(years, actual, dt.date(2028, 3, 1))
    assert call["p_complete_by_deadline"] == 0.5
    assert call["forecast"] == "met"
    assert (call["actual"], call["right"]) == (outcome, right)


def test_plan_pace_scales_the_past_pace_and_returns_to_it():
    pace = PlanPace(np.array([1.5, 2.0]), no_realisation())
    factors = pace.draw_factors(np.random.default_rng(0), 3, 4)
    assert factors.tolist() == [[1.5, 2.0, 1.0, 1.0]] * 3
    assert pace.as_dict()["scale_of_past_pace"] == [1.5, 2.0]
