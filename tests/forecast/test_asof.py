"""The country as known at the end of a past year: baseline scaled to the stock then,
history cut, milestones and extensions known then, the deadline then in force."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from landrelease.domain.country import Country, Extension, Milestone
from landrelease.errors import LandreleaseError
from landrelease.forecast.asof import as_of_country, deadline_in_force, stock_by_year

EXTENSIONS = (
    Extension(dt.date(2012, 12, 1), dt.date(2019, 3, 1)),
    Extension(dt.date(2018, 11, 30), dt.date(2028, 3, 1)),
)


@pytest.fixture
def country(build):
    hazards = pd.DataFrame(
        {
            "hazard_id": ["N1", "N2", "S1", "E1"],
            "region": ["North", "North", "South", "East"],
            "area_m2": [60.0, 40.0, 50.0, 10.0],
        }
    )
    history = build.releases([(y, "North", "cleared", 10.0) for y in range(2018, 2026)])
    stocks = build.stocks(
        [
            (2019, "all", 400.0),
            (2019, "North", 200.0),
            (2019, "South", 150.0),  # East not given: it takes the rest, 50
            (2020, "all", 320.0),
        ]
    )
    info = build.info(
        (Milestone(2019, 20.0, set_year=2018), Milestone(2022, 20.0, set_year=2021)),
        previous_extensions=EXTENSIONS,
    )
    return Country(info=info, hazards=hazards, releases=history, stocks=stocks)


def test_deadline_then_in_force(build):
    info = build.info(previous_extensions=EXTENSIONS)
    assert deadline_in_force(info, 2011) == dt.date(2013, 3, 1)  # ten years after 2003-03-01
    assert deadline_in_force(info, 2012) == dt.date(2019, 3, 1)
    assert deadline_in_force(info, 2018) == dt.date(2028, 3, 1)


def test_baseline_scaled_region_by_region(country):
    then = as_of_country(country, 2019)
    # North 100 → 200 (×2), South 50 → 150 (×3), East 10 → the rest 400 − 350 = 50 (×5)
    assert then.hazards["area_m2"].tolist() == [120.0, 80.0, 150.0, 50.0]
    assert country.hazards["area_m2"].tolist() == [60.0, 40.0, 50.0, 10.0]  # untouched
    assert then.info.baseline_date == dt.date(2019, 12, 31)
    assert then.info.article5_deadline_date == dt.date(2028, 3, 1)
    assert then.releases["year"].max() == 2019
    assert then.stocks["year"].max() == 2019
    assert [m.year for m in then.info.milestones] == [2019]


def test_national_stock_scales_everything(country):
    then = as_of_country(country, 2020)
    assert then.hazards["area_m2"].sum() == pytest.approx(320.0)
    assert then.hazards["area_m2"].tolist() == pytest.approx([120.0, 80.0, 100.0, 20.0])


def test_a_region_finished_since_scales_nationally(country, build):
    stocks = build.stocks([(2019, "North", 200.0), (2019, "West", 100.0)])
    gone = Country(
        info=country.info, hazards=country.hazards, releases=country.releases, stocks=stocks
    )
    then = as_of_country(gone, 2019)
    assert then.hazards["area_m2"].tolist() == pytest.approx([112.5, 75.0, 93.75, 18.75])


def test_stock_by_year_closes_with_the_baseline(country):
    assert stock_by_year(country) == {2019: 400.0, 2020: 320.0, 2025: 160.0}


@pytest.mark.parametrize(
    ("year", "words"),
    [(2025, r"starts before the baseline \(2025\)"), (2021, "has years 2019–2025")],
)
def test_a_year_without_a_stock_is_refused(country, year, words):
    with pytest.raises(LandreleaseError, match=words):
        as_of_country(country, year)
