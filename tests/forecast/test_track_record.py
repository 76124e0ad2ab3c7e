"""The track record: past milestones against what was released, as known at a year."""

from __future__ import annotations

import pandas as pd
import pytest

from landrelease.domain.country import Milestone
from landrelease.forecast.track_record import (
    RATIO_CAP,
    RATIO_FLOOR,
    known_milestones,
    plan_targets,
    track_record,
)

MILESTONES = (
    Milestone(2019, 100.0, set_year=2018),
    Milestone(2020, 150.0, set_year=2012),  # superseded by the 2018 plan
    Milestone(2020, 200.0, set_year=2018),
    Milestone(2021, 100.0, set_year=2020),
    Milestone(2022, 100.0),  # set_year unknown
    Milestone(2022, 60.0, region="North"),  # more detailed than the national target
    Milestone(2023, 40.0, region="North", set_year=2020),
    Milestone(2023, 30.0, region="South", set_year=2020),
    Milestone(2024, 50.0, method="cleared", set_year=2020),
)


@pytest.fixture
def history(build):
    return build.releases(
        [
            (2019, "North", "cancelled", 50.0),
            (2019, "South", "cleared", 30.0),
            (2020, "North", "reduced", 100.0),
            (2020, "South", "released_unspecified", 60.0),
            # 2021: no release at all, though the history covers it
            (2022, "North", "cleared", 300.0),
        ]
    )


def test_known_milestones_at_a_year():
    known = known_milestones(MILESTONES, 2019)
    # set by 2019, or without set_year but for a year up to 2019
    assert [(m.year, m.set_year) for m in known] == [(2019, 2018), (2020, 2012), (2020, 2018)]
    assert len(known_milestones(MILESTONES, 2022)) == len(MILESTONES)


def test_record_compares_each_year_with_the_plan_in_force(build, history):
    record = track_record(build.info(MILESTONES), history)
    assert list(record["year"]) == [2019, 2020, 2021, 2022]  # 2023+: no history
    assert list(record["set_year"]) == [2018, 2018, 2020, pd.NA]
    assert list(record["scope"]) == ["national"] * 4
    assert list(record["target_area_m2"]) == [100.0, 200.0, 100.0, 100.0]
    # 2020: every method counts, the unsplit one included
    assert list(record["achieved_area_m2"]) == [80.0, 160.0, 0.0, 300.0]
    assert list(record["ratio"]) == [0.8, 0.8, 0.0, 3.0]
    assert list(record["ratio_fitted"]) == [0.8, 0.8, RATIO_FLOOR, RATIO_CAP]
    assert set(record["source"]) == {"releases"}


def test_regional_and_method_targets_are_summed_in_their_scope(build, history):
    more = build.releases(
        [
            *[(r.year, r.region, r.method, r.area_m2) for r in history.itertuples()],
            (2023, "North", "cleared", 20.0),
            (2023, "South", "cancelled", 15.0),
            (2023, "East", "cleared", 99.0),  # no target for East
            (2024, "North", "cleared", 25.0),
            (2024, "North", "cancelled", 500.0),  # not the method targeted
        ]
    )
    record = track_record(build.info(MILESTONES), more).set_index("year")
    assert record.loc[2023, "scope"] == "regional"
    assert record.loc[2023, "target_area_m2"] == 70.0
    assert record.loc[2023, "achieved_area_m2"] == 35.0
    assert record.loc[2024, "scope"] == "national_by_method"
    assert record.loc[2024, "ratio"] == 0.5


def test_as_of_a_year_keeps_only_what_was_known(build, history):
    record = track_record(build.info(MILESTONES), history, as_of_year=2020)
    assert list(record["year"]) == [2019, 2020]
    # the 2020 plan's target for 2021 is known in 2020; 2022's (no set_year) is not
    assert plan_targets(build.info(MILESTONES), 2020) == {2021: 100.0, 2023: 70.0}


def test_stocks_fill_years_the_release_history_does_not_cover(build, history):
    ms = (Milestone(2017, 100.0, set_year=2012), Milestone(2018, 100.0, set_year=2012))
    stocks = build.stocks([(2016, "all", 1000.0), (2017, "all", 910.0), (2018, "all", 850.0)])
    record = track_record(build.info(ms), history, stocks)
    assert list(record["achieved_area_m2"]) == [90.0, 60.0]
    assert list(record["source"]) == ["stocks", "stocks"]


def test_no_milestones_no_record(build, history):
    record = track_record(build.info(()), history)
    assert record.empty
    assert list(record.columns)[:3] == ["year", "set_year", "scope"]
