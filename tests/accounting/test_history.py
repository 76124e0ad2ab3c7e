"""Annual release totals, on a hand-made history worked out on paper."""

from __future__ import annotations

import math

import pandas as pd

from landrelease.accounting import annual_release
from landrelease.domain.schema import coerce, schema

# year, region, method, area (m²), type, AP mines, AV mines, other items, team-years
ROWS = [
    (2023, "North", "cancelled", 5_000, "ap_mine", 0, 0, 0, 0.5),
    (2024, "North", "cleared", 2_000, "ap_mine", 12, 0, 1, 1.0),
    (2024, "North", "reduced", 4_000, "ap_improvised", 0, 0, 0, 0.25),
    (2023, "South", "cleared", 8_000, "av_mine", 0, 3, 2, 2.0),
    (2024, "South", "cancelled", 6_000, "av_mine", 0, 0, 0, None),
    (2023, "North", "cleared", 1_000, "ap_mine", 4, 0, 0, 0.5),
]
NAMES = [
    "year",
    "region",
    "method",
    "area_m2",
    "contamination_type",
    "ap_mines_destroyed",
    "av_mines_destroyed",
    "other_items_destroyed",
    "teams",
]
VALUES = [
    "cancelled_area_m2",
    "reduced_area_m2",
    "cleared_area_m2",
    "released_area_m2",
    "ap_mines_destroyed",
    "ap_improvised_destroyed",
    "av_mines_destroyed",
    "other_items_destroyed",
    "team_years",
]
COLUMNS = [
    "cancelled_area_m2",
    "reduced_area_m2",
    "cleared_area_m2",
    "released_by_survey_area_m2",
    "released_unspecified_area_m2",
    *VALUES[3:],
]
"""Every column after the keys: the unsplit methods sit beside the three IMAS methods."""


def history(rows=ROWS):
    table, problems = coerce(pd.DataFrame(rows, columns=NAMES, dtype=object), schema("releases"))
    assert problems == []
    return table


def records(result, keys):
    out = {}
    for r in result.to_dict("records"):
        values = tuple(-1 if isinstance(r[c], float) and math.isnan(r[c]) else r[c] for c in VALUES)
        out[tuple(r[k] for k in keys)] = values
    return out


def test_national_totals_per_year():
    result = annual_release(history())
    assert list(result.columns) == ["year", *COLUMNS]
    assert list(result["year"]) == [2023, 2024]
    assert records(result, ["year"]) == {
        #         cancelled reduced cleared released  AP AP-improvised AV other teams
        (2023,): (5_000, 0, 9_000, 14_000, 4, 0, 3, 2, 3.0),
        (2024,): (6_000, 4_000, 2_000, 12_000, 12, 0, 0, 1, 1.25),
    }


def test_by_region():
    result = annual_release(history(), by=("region",))
    assert list(result.columns[:2]) == ["year", "region"]
    assert [tuple(r) for r in result[["year", "region"]].to_numpy()] == [
        (2023, "North"),
        (2023, "South"),
        (2024, "North"),
        (2024, "South"),
    ]
    assert records(result, ["year", "region"]) == {
        (2023, "North"): (5_000, 0, 1_000, 6_000, 4, 0, 0, 0, 1.0),
        (2023, "South"): (0, 0, 8_000, 8_000, 0, 0, 3, 2, 2.0),
        (2024, "North"): (0, 4_000, 2_000, 6_000, 12, 0, 0, 1, 1.25),
        (2024, "South"): (6_000, 0, 0, 6_000, 0, 0, 0, 0, -1),  # no team-years recorded
    }


def test_by_region_and_type_keeps_improvised_apart():
    result = annual_release(history(), by=("region", "contamination_type"))
    got = records(result, ["year", "region", "contamination_type"])
    assert got[(2024, "North", "ap_improvised")][:4] == (0, 4_000, 0, 4_000)
    assert got[(2024, "North", "ap_mine")][:4] == (0, 0, 2_000, 2_000)
    assert len(got) == 5


def test_released_area_is_conserved():
    result = annual_release(history(), by=("region",))
    assert result["released_area_m2"].sum() == 26_000  # every record counted once
    areas = result[["cancelled_area_m2", "reduced_area_m2", "cleared_area_m2"]].sum(axis=1)
    assert (areas == result["released_area_m2"]).all()


def test_methods_absent_from_history_are_zero_columns():
    only_cleared = [r for r in ROWS if r[2] == "cleared"]
    result = annual_release(history(only_cleared))
    assert list(result["cancelled_area_m2"]) == [0.0, 0.0]
    assert list(result["reduced_area_m2"]) == [0.0, 0.0]
    assert list(result["cleared_area_m2"]) == [9_000.0, 2_000.0]


def test_empty_history():
    result = annual_release(history([]), by=("region",))
    assert len(result) == 0
    assert list(result.columns) == ["year", "region", *COLUMNS]


def test_unsplit_methods_are_kept_apart_and_counted_in_the_total():
    # 2023: + 3,000 released by survey (North), + 500 released unspecified (South).
    rows = [
        *ROWS,
        (2023, "North", "released_by_survey", 3_000, "ap_mine", 0, 0, 0, None),
        (2023, "South", "released_unspecified", 500, "av_mine", 0, 0, 0, None),
    ]
    result = annual_release(history(rows))
    first = result.iloc[0]
    assert first["released_by_survey_area_m2"] == 3_000
    assert first["released_unspecified_area_m2"] == 500
    assert (first["cancelled_area_m2"], first["reduced_area_m2"]) == (5_000, 0)  # not split
    assert first["released_area_m2"] == 14_000 + 3_000 + 500
    assert list(result["released_by_survey_area_m2"]) == [3_000.0, 0.0]
