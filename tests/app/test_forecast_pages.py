"""The forecast in the app: the Projection page's fan chart and probabilities (on demand, by
a button; cached), the Donor view's response curve to additional money — each exactly what
the library gives for the same inputs, draws and seed."""

from __future__ import annotations

import datetime as dt
import io
from functools import cache

import numpy as np
import pandas as pd
import pytest
from apptest_support import SAMPLES, button, metric, open_page

import landrelease as lr
from landrelease.engine import project
from landrelease.forecast import ForecastResult, forecast
from landrelease.forecast.result import percent
from landrelease.reports import palette
from landrelease.scenario import load_scenario

AURELIA = SAMPLES / "aurelia"
PROJECTION_BUTTON = "Forecast how likely the dates are"
DONOR_BUTTON = "Draw the response curve"


@cache
def aurelia() -> tuple[lr.Country, object]:
    country = lr.load_country(AURELIA)
    scenario = load_scenario("baseline", country.scenarios_dir, baseline_year=2025)
    return country, scenario


@cache
def library_forecast(draws: int, change_pct: float = 0.0) -> ForecastResult:
    """The library's own forecast of aurelia's baseline (international funding changed by
    ``change_pct``), computed apart from the app and its caches."""
    from lrapp.scenarios import with_international_change

    country, scenario = aurelia()
    changed = with_international_change(scenario, 2025, percent=change_pct)
    return forecast(country, changed, draws=draws, seed=0)


def test_the_projection_page_forecasts_on_demand_what_the_library_forecasts(app):
    import forecasts

    at = open_page(app(), "projection")
    assert not [m for m in at.metric if m.label.startswith("P(")]  # nothing until asked
    button(at, PROJECTION_BUTTON).click().run()
    assert not at.exception, [e.value for e in at.exception]
    expected = library_forecast(forecasts.FORECAST_DRAWS).case("plan")
    assert metric(at, "P(complete by the deadline)") == percent(expected["p_complete_by_deadline"])
    assert metric(at, "P(by the requested deadline)") == percent(
        expected["p_complete_by_requested"]
    )
    assert metric(at, "P(within ten years of the deadline)") == percent(
        expected["p_within_10_years"]
    )
    assert metric(at, "Article 5 completion, P50") == str(expected["article5_completion_year_p50"])
    captions = [c.value for c in at.caption]
    assert any(
        c.startswith(f"{forecasts.FORECAST_DRAWS:,} draws, seed 0; forecast server time ")
        and "Where the widths came from: calibration spread" in c
        for c in captions
    )
    # the forecast stays on the page on the next run (another widget touched)
    at.run()
    assert metric(at, "P(within ten years of the deadline)") == percent(
        expected["p_within_10_years"]
    )


def test_the_donor_view_draws_the_response_curve_the_portfolio_allocates_on(app):
    import forecasts

    from landrelease.portfolio.curves import response_curve
    from landrelease.portfolio.requests import clear_cache

    at = open_page(app(), "donor")
    assert not any(c.value.startswith("Response-curve server time") for c in at.caption)
    button(at, DONOR_BUTTON).click().run()
    assert not at.exception, [e.value for e in at.exception]
    shown = at.dataframe[-1].value
    assert len(shown) == forecasts.CURVE_POINTS
    # the library's own curve, computed apart from the app's (its cache emptied first)
    clear_cache()
    country, scenario = aurelia()
    curve = response_curve(
        country,
        scenario,
        points=forecasts.CURVE_POINTS,
        draws=forecasts.CURVE_DRAWS,
        seed=forecasts.FORECAST_SEED,
    )
    expected = curve.table
    assert list(shown["Additional money (US$ million a year)"]) == [
        f"{v / 1e6:,.1f}" for v in expected["additional_usd_per_year"]
    ]
    assert list(shown["P(complete by the deadline)"]) == [
        percent(p) for p in expected["p_complete_by_deadline"]
    ]
    assert list(shown["P(by the requested 2038-03-01)"]) == [
        percent(p) for p in expected["p_complete_by_requested"]
    ]
    assert list(shown["Article 5 completion, P50"]) == [
        str(v) if v is not pd.NA else f"after {scenario.end_year}"
        for v in expected["article5_completion_year_p50"]
    ]
    # the same draws at every amount: more money never finishes a draw later
    within = [float(v.rstrip("%<>")) for v in shown["P(within ten years of the deadline)"]]
    assert within == sorted(within)
    assert within[-1] > within[0]  # aurelia's completion moves with money
    (timing,) = [c.value for c in at.caption if c.value.startswith("Response-curve server time")]
    assert f"{forecasts.CURVE_POINTS} amounts × {forecasts.CURVE_DRAWS} draws in " in timing
    # the curve starts from the scenario as changed above: with less money, lower odds
    at.number_input(key="donor_percent").set_value(-50.0).run()
    button(at, DONOR_BUTTON).click().run()
    assert not at.exception, [e.value for e in at.exception]
    cut = at.dataframe[-1].value
    first = next(float(v.rstrip("%<>")) for v in cut["P(within ten years of the deadline)"])
    assert first < within[0]


def test_the_response_figures_draw_what_the_table_gives():
    from lrapp import forecast_figures as figures

    table = pd.DataFrame(
        {
            "additional_usd_per_year": [0.0, 5e6, 10e6],
            "p_complete_by_deadline": [0.0, 0.1, 0.2],
            "p_complete_by_requested": [np.nan, np.nan, np.nan],
            "p_within_10_years": [0.5, 0.75, 0.9],
            "article5_completion_year_p50": pd.array([2040, 2038, 2036], dtype="Int64"),
            "article5_completion_year_p90": pd.array([pd.NA, 2041, 2038], dtype="Int64"),
        }
    )
    fig = figures.probability_by_money(table)
    assert [t.name for t in fig.data] == [
        "by the Article 5 deadline",
        "within ten years of the deadline",
    ]  # no requested date: not drawn
    assert list(fig.data[0].x) == [0.0, 5.0, 10.0]  # US$ million a year
    assert list(fig.data[1].y) == pytest.approx([50.0, 75.0, 90.0])  # in %
    years = figures.completion_by_money(table, dt.date(2028, 3, 1))
    p50, p90 = years.data
    assert list(p50.y) == [2040, 2038, 2036]
    assert np.isnan(p90.y[0])  # after the horizon: a gap
    assert list(p90.y[1:]) == [2041, 2038]
    assert years.layout.shapes[0].y0 == 2027  # the last year meeting 2028-03-01


def test_the_fan_figure_draws_the_forecast_beside_the_plan():
    from lrapp import forecast_figures as figures

    country, scenario = aurelia()
    likely = library_forecast(100)
    plan = project(country, scenario)
    start = 5.0e8
    fig = figures.fan(
        likely.annual,
        plan,
        dt.date(2025, 12, 31),
        start,
        dt.date(2028, 3, 1),
        dt.date(2037, 3, 1),
    )
    traces = {t.name: t for t in fig.data}
    band = traces["forecast P10–P90 (eight draws in ten)"]
    assert band.fill == "tonexty"
    median = traces["forecast P50"]
    assert median.line.color == palette.FORECAST_MEDIAN
    assert traces["the plan as projected"].line.color == palette.PLAN_LINE
    annual = likely.annual[likely.annual["case"] == "plan"].set_index("year")
    years = [int(x) for x in median.x[1:]]
    assert median.y[0] == start / 1e6  # every line starts at the baseline's stock
    np.testing.assert_allclose(
        median.y[1:], annual.loc[years, "article5_remaining_area_m2_p50"] / 1e6
    )
    # after the last year any draw's P90 has area, two more years
    p90 = annual["article5_remaining_area_m2_p90"]
    assert years[-1] == int(p90[p90 > 0].index.max()) + figures.FAN_TAIL_YEARS
    planned = traces["the plan as projected"].y
    done = years.index(plan.article5_completion_year) + 1
    assert planned[done] == 0
    assert all(v is None for v in planned[done + 1 :])  # the plan has ended
    texts = [a.text for a in fig.layout.annotations]
    assert texts == ["Article 5 deadline 2028-03-01", "requested 2037-03-01"]


def test_the_request_pack_adds_the_forecast_of_the_plan_and_its_cases_on_demand(app):
    import forecasts

    from landrelease.engine import CASES

    at = open_page(app(), "request_pack")
    at.selectbox(key="pack_table").set_value("confidence").run()
    assert at.dataframe[0].value.empty  # no forecast yet: the table is empty
    button(at, "Add how likely the dates are (forecast of the plan and its cases)").click().run()
    assert not at.exception, [e.value for e in at.exception]
    table = at.dataframe[0].value
    assert list(table["Case"]) == list(CASES)
    assert set(table["Draws (number)"]) == {forecasts.FORECAST_DRAWS}
    shown = f"Confidence table and fan chart: {forecasts.FORECAST_DRAWS:,} draws"
    assert any(c.value.startswith(shown) for c in at.caption)


def test_the_word_request_downloaded_with_a_forecast_has_the_fan_chart():
    import docx
    from lrapp import packs

    from landrelease.reports.request import build_request_pack

    country = lr.load_country(SAMPLES / "cascadia")
    scenario = load_scenario("baseline", country.scenarios_dir, baseline_year=2025)
    result = project(country, scenario)
    likely = forecast(country, scenario, draws=20, seed=0)
    pack = build_request_pack(country, result, forecast=likely)
    with_fan = docx.Document(io.BytesIO(packs.request_bytes(pack, result, "docx", likely)))
    assert len(with_fan.inline_shapes) == 3  # the fan, the burn-down, the funding chart
