"""Plan versus actual on a small worked example; every expected number is worked out by hand
in the comments."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from landrelease.review import milestones_from_country, milestones_from_pack, plan_vs_actual
from landrelease.review.track import TRACK_COLUMNS


def releases(*rows):
    return pd.DataFrame(rows, columns=["year", "region", "method", "area_m2"]).assign(
        contamination_type="ap_mine",
        ap_mines_destroyed=0,
        av_mines_destroyed=0,
        other_items_destroyed=0,
        teams=np.nan,
    )


HISTORY = releases(
    (2021, "North", "cancelled", 30_000.0),
    (2021, "South", "cleared", 50_000.0),  # 2021: 80,000 released
    (2022, "North", "reduced", 20_000.0),
    (2022, "North", "cleared", 25_000.0),  # North 2022: 45,000
    (2022, "South", "cleared", 85_000.0),  # 2022: 130,000, of which 110,000 cleared
    (2023, "South", "cleared", 60_000.0),  # 2023: 60,000; nothing reported after 2023
)
MILESTONES = pd.DataFrame(
    [
        (2021, None, None, 100_000.0),
        (2022, None, None, 120_000.0),
        (2023, None, None, 150_000.0),
        (2024, None, None, 90_000.0),
        (2022, "North", None, 50_000.0),
        (2022, "East", None, 10_000.0),
        (2022, None, "cleared", 40_000.0),
    ],
    columns=["year", "region", "method", "area_m2"],
)


def rows_of(table, region, method):
    part = table[(table["region"] == region) & (table["method"] == method)]
    return part.set_index("year")


def test_national_milestones_against_the_history():
    table = plan_vs_actual(MILESTONES, HISTORY)
    assert list(table.columns) == list(TRACK_COLUMNS)
    t = rows_of(table, "Total", "released")
    assert list(t.index) == [2021, 2022, 2023, 2024]
    assert list(t["target_area_m2"]) == [100_000, 120_000, 150_000, 90_000]
    assert list(t["achieved_area_m2"][:3]) == [80_000, 130_000, 60_000]
    # 80/100, 130/120, 60/150
    assert list(t["achieved_pct"][:3]) == pytest.approx([80.0, 108.33333333, 40.0])
    assert list(t["cumulative_target_m2"]) == [100_000, 220_000, 370_000, 460_000]
    assert list(t["cumulative_achieved_m2"][:3]) == [80_000, 210_000, 270_000]
    # 100-80, 220-210, 370-270: area behind plan carried into the next year
    assert list(t["gap_carried_forward_m2"][:3]) == [20_000, 10_000, 100_000]
    # 2024 is after the last reported year: no achievement yet
    assert t.loc[2024, ["achieved_area_m2", "cumulative_achieved_m2"]].isna().all()
    assert np.isnan(t.loc[2024, "gap_carried_forward_m2"])


def test_regional_and_method_milestones():
    table = plan_vs_actual(MILESTONES, HISTORY)
    north = rows_of(table, "North", "released").loc[2022]
    assert (north["achieved_area_m2"], north["achieved_pct"]) == (45_000, 90.0)
    assert north["gap_carried_forward_m2"] == 5_000
    east = rows_of(table, "East", "released").loc[2022]  # covered year, nothing released
    assert (east["achieved_area_m2"], east["gap_carried_forward_m2"]) == (0.0, 10_000)
    cleared = rows_of(table, "Total", "cleared").loc[2022]
    assert cleared["achieved_area_m2"] == 110_000  # 25,000 North + 85,000 South
    assert cleared["achieved_pct"] == pytest.approx(275.0)
    assert cleared["gap_carried_forward_m2"] == -70_000  # signed: ahead of plan
    assert list(table["region"])[:5] == ["Total"] * 5  # national rows first


def test_year_before_the_history_has_no_achievement_and_targets_are_summed():
    milestones = pd.DataFrame({"year": [2020, 2021, 2021], "area_m2": [5.0, 60_000.0, 40_000.0]})
    table = plan_vs_actual(milestones, HISTORY)
    assert list(table["year"]) == [2020, 2021]
    assert np.isnan(table.loc[0, "achieved_area_m2"])
    assert table.loc[1, "target_area_m2"] == 100_000
    # the running sum is lost from the first unreported year on
    assert np.isnan(table.loc[1, "cumulative_achieved_m2"])


def test_unknown_method_is_refused():
    with pytest.raises(ValueError, match="unknown method"):
        plan_vs_actual(pd.DataFrame({"year": [2021], "area_m2": [1.0], "method": ["mdd"]}), HISTORY)


def test_milestones_of_a_country_and_of_a_pack(sample):
    country, pack = sample("cascadia")
    m = milestones_from_country(country.info)
    assert list(m["year"]) == [x.year for x in country.info.milestones]
    assert list(m["area_m2"]) == [x.area_m2 for x in country.info.milestones]
    from_pack = milestones_from_pack(pack).set_index("year")["area_m2"]
    pr, wp = pack["progress"], pack["work_plan"]
    targets = pr[(pr["region"] == "Total") & pr["target_area_m2"].notna()]
    plan = wp[wp["region"] == "Total"]
    assert list(from_pack.index) == [*targets["year"], *plan["year"]]
    assert list(from_pack) == [*targets["target_area_m2"], *plan["released_area_m2"]]
    tracked = plan_vs_actual(m, country.releases)
    national = pr[pr["region"] == "Total"].set_index("year")["released_area_m2"]
    assert list(tracked["achieved_area_m2"]) == list(national.loc[tracked["year"]])
