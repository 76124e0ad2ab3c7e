"""The remaining challenge at the baseline, on a hand-made table worked out on paper."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from landrelease.accounting import remaining_challenge
from landrelease.accounting.baseline import TOTAL_LABEL
from landrelease.domain.schema import coerce, schema

# id, region, status, contamination type, area (m²), accessible
ROWS = [
    ("A", "North", "sha", "ap_mine", 10_000, "yes"),
    ("E", "East", "cha", "erw", 20_000, "yes"),
    ("B", "North", "cha", "ap_improvised", 30_000, "yes"),
    ("C", "South", "sha", "av_mine", 60_000, "yes"),
    ("D", "South", "cha", "mixed", 20_000, "no"),
    ("F", "North", "sha", "ap_mine", 5_000, "no"),
]
COLUMNS = [
    "sha_count",
    "sha_area_m2",
    "cha_count",
    "cha_area_m2",
    "hazard_count",
    "area_m2",
    "inaccessible_count",
    "inaccessible_area_m2",
]


def table(rows=ROWS):
    raw = pd.DataFrame(
        rows,
        columns=["hazard_id", "region", "status", "contamination_type", "area_m2", "accessible"],
    )
    hazards, problems = coerce(raw, schema("hazards"))
    assert problems == []
    return hazards


def as_rows(result, by):
    return {r[by]: tuple(r[c] for c in COLUMNS) for r in result.to_dict("records")}


def test_by_region():
    result = remaining_challenge(table(), "region")
    assert list(result.columns) == ["region", *COLUMNS]
    # regions in order of first appearance, not alphabetical
    assert list(result["region"]) == ["North", "East", "South", TOTAL_LABEL]
    assert as_rows(result, "region") == {
        #            sha         cha           all          inaccessible
        "North": (2, 15_000, 1, 30_000, 3, 45_000, 1, 5_000),
        "East": (0, 0, 1, 20_000, 1, 20_000, 0, 0),
        "South": (1, 60_000, 1, 20_000, 2, 80_000, 1, 20_000),
        TOTAL_LABEL: (3, 75_000, 3, 70_000, 6, 145_000, 2, 25_000),
    }


def test_by_contamination_type_in_enumeration_order():
    result = remaining_challenge(table(), "contamination_type")
    assert list(result["contamination_type"]) == [
        "ap_mine",
        "ap_improvised",  # kept apart from factory-made AP mines
        "av_mine",
        "erw",
        "mixed",
        TOTAL_LABEL,
    ]
    assert as_rows(result, "contamination_type") == {
        "ap_mine": (2, 15_000, 0, 0, 2, 15_000, 1, 5_000),
        "ap_improvised": (0, 0, 1, 30_000, 1, 30_000, 0, 0),
        "av_mine": (1, 60_000, 0, 0, 1, 60_000, 0, 0),
        "erw": (0, 0, 1, 20_000, 1, 20_000, 0, 0),
        "mixed": (0, 0, 1, 20_000, 1, 20_000, 1, 20_000),
        TOTAL_LABEL: (3, 75_000, 3, 70_000, 6, 145_000, 2, 25_000),
    }


def test_total_row_is_the_sum_of_the_rows_and_dtypes():
    for by in ("region", "contamination_type"):
        result = remaining_challenge(table(), by)
        body, total = result.iloc[:-1], result.iloc[-1]
        for col in COLUMNS:
            assert total[col] == body[col].sum(), (by, col)
            expected = "int64" if col.endswith("count") else "float64"
            assert str(result[col].dtype) == expected


def test_without_total():
    result = remaining_challenge(table(), "region", total=False)
    assert TOTAL_LABEL not in set(result["region"])
    assert len(result) == 3


def test_missing_accessible_counts_as_accessible():
    hazards = table()
    hazards["accessible"] = pd.array([pd.NA] * len(hazards), dtype="boolean")
    result = remaining_challenge(hazards, "region")
    assert result["inaccessible_count"].sum() == 0


CELL = st.tuples(
    st.sampled_from(["North", "South", "East"]),
    st.sampled_from(["sha", "cha"]),
    st.sampled_from(["ap_mine", "ap_improvised", "av_mine", "erw"]),
    st.integers(1, 1_000_000),
    st.sampled_from(["yes", "no"]),
)


@settings(max_examples=40, deadline=None)
@given(st.lists(CELL, min_size=1, max_size=20))
def test_totals_add_up(cells):
    rows = [(f"H{i}", *c) for i, c in enumerate(cells)]
    hazards = table(rows)
    by_region = remaining_challenge(hazards, "region")
    by_type = remaining_challenge(hazards, "contamination_type")
    total = by_region.iloc[-1]
    assert total["area_m2"] == pytest.approx(sum(c[3] for c in cells))
    assert total["hazard_count"] == len(cells)
    assert total["sha_area_m2"] + total["cha_area_m2"] == pytest.approx(total["area_m2"])
    assert (by_region["sha_count"] + by_region["cha_count"] == by_region["hazard_count"]).all()
    assert list(by_type.iloc[-1][COLUMNS]) == pytest.approx(list(total[COLUMNS]))
    for result in (by_region, by_type):
        assert list(result.iloc[:-1][COLUMNS].sum()) == pytest.approx(
            list(result.iloc[-1][COLUMNS])
        )
