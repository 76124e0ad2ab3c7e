"""Response curves: the forecast's own figures at no additional money, monotone in money
draw by draw, flat above the full-funding amount, worked on paper, cached."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from landrelease.forecast import forecast
from landrelease.portfolio import curves as curves_module
from landrelease.portfolio import prepare, response_curve
from landrelease.portfolio import requests as requests_module
from landrelease.portfolio.curves import default_amounts
from landrelease.portfolio.prepared import CurveError
from landrelease.scenario import scenario_from_dict

from .conftest import MONEY, uncertain_rows


def year(value: Any) -> int | None:
    """A curve's year (``<NA>``: after the horizon) or a forecast's (``"after <end>"``)."""
    return None if isinstance(value, str) or pd.isna(value) else int(value)


def share(value: Any) -> float | None:
    """A curve's share (NaN: no such date) or a forecast's (``None``)."""
    return None if value is None or pd.isna(value) else float(value)


def test_no_additional_money_gives_the_forecast(uncertain):
    country, scenario = uncertain
    curve = response_curve(country, scenario, amounts_usd=[0.0, 500_000.0], draws=60, seed=4)
    figures = forecast(country, scenario, draws=60, seed=4).summary
    row = curve.table.iloc[0]
    for q in ("article5_completion_year_p50", "article5_completion_year_p90"):
        assert year(row[q]) == year(figures[q])
    assert row["p_complete_by_deadline"] == figures["p_complete_by_deadline"]
    assert share(row["p_complete_by_requested"]) == share(figures["p_complete_by_requested"])


def test_the_share_by_a_date_is_the_tables_at_its_dates(uncertain):
    country, scenario = uncertain
    curve = response_curve(country, scenario, amounts_usd=[0.0, 2_000_000.0], draws=40, seed=2)
    table = curve.table
    np.testing.assert_array_equal(
        curve.p_complete_by(curve.deadline), table["p_complete_by_deadline"]
    )
    if curve.requested is not None:
        np.testing.assert_array_equal(
            curve.p_complete_by(curve.requested), table["p_complete_by_requested"]
        )
    # by the horizon's last day: the draws that finish at all; none by the first year's start
    last = curve.p_complete_by(dt.date(int(curve.years[-1]), 12, 31))
    np.testing.assert_array_equal(last, (curve.article5_index >= 0).mean(axis=1))
    assert (curve.p_complete_by(dt.date(int(curve.years[0]) - 1, 12, 31)) == 0).all()


def test_a_sample_at_no_additional_money_is_its_forecast(sample):
    country, scenario = sample("cascadia")
    curve = response_curve(country, scenario, amounts_usd=[0.0], draws=20, seed=1)
    figures = forecast(country, scenario, draws=20, seed=1).summary
    assert year(curve.table.loc[0, "article5_completion_year_p50"]) == year(
        figures["article5_completion_year_p50"]
    )
    assert curve.table.loc[0, "p_complete_by_requested"] == figures["p_complete_by_requested"]


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    n=st.integers(3, 10),
    national=st.sampled_from([0, 100_000, 300_000]),
    manual=st.integers(1, 6),
    seed=st.integers(0, 1000),
)
def test_more_money_never_finishes_later_nor_lowers_the_chance(
    make_country, make_scenario, n, national, manual, seed
):
    country = make_country(uncertain_rows(n), regions=("North", "South"))
    scenario = make_scenario(
        MONEY
        | {
            "teams": {"nts": 1, "ts": 2, "manual": manual},
            "funding": MONEY["funding"] | {"national_usd_per_year": national},
        }
    )
    curve = response_curve(country, scenario, points=6, draws=12, seed=seed)
    # exact with common random numbers: draw by draw, then every quantile and share
    late = np.where(curve.article5_index < 0, np.iinfo(np.int64).max, curve.article5_index)
    assert (np.diff(late, axis=0) <= 0).all()
    table = curve.table
    for q in ("article5_completion_year_p50", "article5_completion_year_p90"):
        years = table[q].astype("Float64").fillna(9999).to_numpy(float)  # after: last
        assert (np.diff(years) <= 0).all()
    for p in ("p_complete_by_deadline", "p_complete_by_requested"):
        assert (np.diff(table[p].dropna().to_numpy()) >= 0).all()
    assert (np.diff(table["ap_area_released_m2"].to_numpy()) >= -1e-6).all()


def test_above_the_full_funding_amount_the_curve_is_flat(uncertain):
    country, scenario = uncertain
    prepared = prepare(country, scenario)
    amounts = default_amounts(prepared, draws=30, seed=2)
    assert len(amounts) == curves_module.DEFAULT_POINTS
    assert amounts[0] == 0
    top = amounts[-1]
    end = response_curve(prepared, amounts_usd=[top, 3 * top], draws=30, seed=2)
    np.testing.assert_array_equal(end.article5_index[0], end.article5_index[1])
    np.testing.assert_array_equal(end.article5_remaining_m2[0], end.article5_remaining_m2[1])


def test_ap_area_released_is_as_on_paper(paper_pair):
    # country A: 10,000 m² a team-year, at most 6 teams of US$100,000: by the end of 2027
    # (two years) it clears 0.2 m² a US$ a year, up to 120,000 m² at US$600,000
    country, scenario = paper_pair[0]
    curve = response_curve(
        country, scenario, amounts_usd=[0, 300_000, 600_000, 900_000], draws=2, by_year=2027
    )
    np.testing.assert_allclose(
        curve.table["ap_area_released_m2"], [0, 60_000, 120_000, 120_000], atol=1e-3
    )
    # and it completes 1,000,000 m² at 60,000 m² a year: after the horizon (2035)
    assert curve.table["article5_completion_year_p50"].isna().all()


def test_a_curve_is_cached_by_its_inputs(uncertain, monkeypatch):
    country, scenario = uncertain
    calls = []
    real = requests_module.run_jobs

    def counting(jobs, *args, **kwargs):
        calls.append(len(jobs))
        return real(jobs, *args, **kwargs)

    monkeypatch.setattr(requests_module, "run_jobs", counting)
    prepared = prepare(country, scenario)
    first = response_curve(prepared, amounts_usd=[0, 200_000], draws=10, seed=1)
    again = response_curve(prepare(country, scenario), amounts_usd=[0, 200_000], draws=10, seed=1)
    assert calls == [1]
    np.testing.assert_array_equal(first.article5_index, again.article5_index)
    response_curve(prepared, amounts_usd=[0, 200_000], draws=10, seed=2)
    assert calls == [1, 1]  # another seed is another curve


def test_bad_amounts_are_refused(uncertain):
    country, scenario = uncertain
    with pytest.raises(CurveError, match="increasing order"):
        response_curve(country, scenario, amounts_usd=[100, 50], draws=2)
    with pytest.raises(CurveError, match="give 0 or more"):
        response_curve(country, scenario, amounts_usd=[-5, 50], draws=2)
    with pytest.raises(CurveError, match="draws"):
        response_curve(country, scenario, amounts_usd=[0], draws=0)


def test_a_past_release_pace_is_worked_at_every_amount(sample):
    # money per m² moves with each draw's shares: no saturation known in advance, so the
    # default grid ends at twice the central plan's largest yearly cost and every draw is
    # worked at every amount
    country, scenario = sample("borealis")
    raw = {
        **scenario.raw,
        "pace": {"mode": "past_release", "model": "level"},
        "costs": {
            **scenario.raw.get("costs", {}),
            "usd_per_m2": {"cancelled": 0.1, "reduced": 0.8, "cleared": 3.0},
        },
    }
    past = scenario_from_dict(raw, baseline_year=country.info.baseline_year)
    prepared = prepare(country, past)
    amounts = default_amounts(prepared, draws=4, seed=0, points=3)
    assert amounts[-1] == pytest.approx(
        2 * curves_module.project_plan_cost(prepared), abs=1000
    )
    curve = response_curve(prepared, amounts_usd=amounts, draws=4, seed=0)
    assert curve.evaluations == 4 * 3
    late = np.where(curve.article5_index < 0, np.iinfo(np.int64).max, curve.article5_index)
    assert (np.diff(late, axis=0) <= 0).all()
