"""Meaning checks across a country's tables: one broken thing per test, named in the message."""

from __future__ import annotations

import pytest

from landrelease.errors import LandreleaseWarning, ValidationError
from landrelease.io.country import inspect_country, load_country
from landrelease.validation import MEANING_CHECKS, STRUCTURE_CHECKS


def problems_of(write, check, *args, **kw):
    """Problems of ``check`` for a country written with these arguments."""
    country, problems = inspect_country(write.country(*args, **kw))
    assert country is not None
    return [p for p in problems if p.check == check]


def test_clean_country_has_no_problems(write):
    for fmt in ("csv", "gpkg"):
        _, problems = inspect_country(write.country(fmt, folder=fmt))
        assert problems == []


def test_check_names():
    assert set(MEANING_CHECKS) == {
        "regions_known",
        "empty_regions",
        "history_hazards_known",
        "released_within_hazard_area",
        "original_area_not_smaller",
        "dates_before_baseline",
        "history_type_matches",
        "plausible_total_area",
    }
    assert "valid_geometry" in STRUCTURE_CHECKS
    assert not set(STRUCTURE_CHECKS) & set(MEANING_CHECKS)


# --- regions ------------------------------------------------------------------------------


def test_regions_known_in_hazards(write, hazards):
    hazards[2]["region"] = "Sout"
    (p,) = problems_of(write, "regions_known", "csv", hazards)
    assert (p.severity, p.file, p.row, p.column, p.value) == (
        "error",
        "hazards.csv",
        4,
        "region",
        "Sout",
    )
    assert "hazards.csv, row 4, column region: unknown region" in str(p)
    assert "North, South, East" in p.expected


def test_regions_known_names_features_of_a_gis_layer(write, hazards):
    hazards[2]["region"] = "Sout"
    (p,) = problems_of(write, "regions_known", "gpkg", hazards)
    assert "hazards.gpkg, feature 3, column region" in str(p)


def test_regions_known_in_releases(write, releases):
    releases[4]["region"] = "south"
    (p,) = problems_of(write, "regions_known", releases=releases)
    assert (p.file, p.row, p.column) == ("releases.csv", 6, "region")


def test_regions_not_checked_without_a_list(write, hazards):
    hazards[2]["region"] = "Anywhere"
    assert problems_of(write, "regions_known", "csv", hazards, country={"regions": None}) == []
    assert problems_of(write, "empty_regions", "csv", hazards, country={"regions": None}) == []


def test_empty_region_is_a_warning(write):
    folder = write.country(country={"regions": ["North", "West", "South", "East"]})
    with pytest.warns(LandreleaseWarning) as record:
        load_country(folder)
    (w,) = record
    p = w.message.problem
    assert (p.check, p.severity, p.file, p.column, p.value) == (
        "empty_regions",
        "warning",
        "country.toml",
        "regions",
        "West",
    )
    assert "country.toml, column regions" in str(w.message)


# --- release history against hazards ------------------------------------------------------


def test_history_hazard_not_in_baseline_is_a_warning(write, releases):
    releases[2]["hazard_id"] = "H-999"
    with pytest.warns(LandreleaseWarning) as record:
        load_country(write.country(releases=releases))
    (w,) = record
    p = w.message.problem
    assert (p.check, p.severity, p.row, p.column, p.value) == (
        "history_hazards_known",
        "warning",
        4,
        "hazard_id",
        "H-999",
    )
    assert "releases.csv, row 4, column hazard_id" in str(w.message)


def test_history_type_mismatch_is_a_warning(write, releases):
    releases[1]["contamination_type"] = "av_mine"  # H-001 holds ap_mine
    with pytest.warns(LandreleaseWarning) as record:
        load_country(write.country(releases=releases))
    (w,) = record
    p = w.message.problem
    assert (p.check, p.severity, p.row, p.column, p.value) == (
        "history_type_matches",
        "warning",
        3,
        "contamination_type",
        "av_mine",
    )
    assert "ap_mine" in p.message


def test_released_within_hazard_area(write, hazards):
    # H-001: 10,000 m² remain and 5,000 + 2,000 were released, 17,000 m² in all
    hazards[0]["original_area_m2"] = 15_000
    (p,) = problems_of(write, "released_within_hazard_area", "csv", hazards)
    assert (p.severity, p.file, p.row, p.column, p.value) == (
        "error",
        "hazards.csv",
        2,
        "original_area_m2",
        15_000,
    )
    assert "released (7,000 m² in releases.csv) plus remaining (10,000 m²)" in p.message
    assert p.expected == "at least 17,000 m²"


def test_released_within_hazard_area_allows_rounding(write, hazards):
    hazards[0]["original_area_m2"] = 16_950  # 17,000 is 0.3% more
    assert problems_of(write, "released_within_hazard_area", "csv", hazards) == []


def test_original_area_smaller_than_remaining_is_one_error(write, hazards):
    hazards[2]["original_area_m2"] = 50_000  # H-003 has 60,000 m² remaining, no history
    assert problems_of(write, "released_within_hazard_area", "csv", hazards) == []
    found = problems_of(write, "original_area_not_smaller", "csv", hazards)
    assert len(found) == 1, found
    (p,) = found
    assert (p.row, p.column, p.value) == (4, "original_area_m2", 50_000)
    assert "original area is smaller than the remaining area" in p.message


def test_dates_before_baseline_for_hazards(write, hazards):
    hazards[3]["recorded_date"] = "2025-01-05"  # baseline 2024-12-31
    (p,) = problems_of(write, "dates_before_baseline", "csv", hazards)
    assert (p.file, p.row, p.column, p.value) == ("hazards.csv", 5, "recorded_date", "2025-01-05")
    assert "2024-12-31" in p.expected


def test_dates_before_baseline_for_releases(write, releases):
    releases[1]["year"] = 2025  # no date: the year alone is after the baseline
    releases[4]["date"] = "2025-01-02"
    found = problems_of(write, "dates_before_baseline", releases=releases)
    assert [(p.file, p.row, p.column) for p in found] == [
        ("releases.csv", 3, "year"),
        ("releases.csv", 6, "year"),
    ]
    assert [p.value for p in found] == [2025, 2025]
    assert all("up to 2024" in p.expected for p in found)


def test_meaning_errors_raise_with_every_row(write, hazards, releases):
    hazards[2]["region"] = "Sout"
    releases[1]["year"] = 2026
    with pytest.raises(ValidationError) as info:
        load_country(write.country("csv", hazards, releases))
    text = str(info.value)
    assert "hazards.csv, row 4, column region" in text
    assert "releases.csv, row 3, column year" in text


# --- meaning checks on tables with structure errors -----------------------------------------


@pytest.mark.parametrize("with_original", [False, True])
def test_repeated_hazard_ids_are_reported_not_a_crash(write, hazards, with_original):
    hazards[2]["hazard_id"] = "H-001"  # H-001 has release records
    if with_original:
        hazards[0]["original_area_m2"] = 15_000
    country, problems = inspect_country(write.country("csv", hazards))
    assert country is not None
    (p,) = [p for p in problems if p.check == "unique_ids"]
    assert (p.row, p.column) == (4, "hazard_id")
    checks = {p.check for p in problems}
    assert ("released_within_hazard_area" in checks) == with_original


def test_records_without_hazard_never_match_a_hazard_without_id(write, hazards):
    hazards[0]["hazard_id"] = ""  # South's aggregated records have no hazard_id either
    _, problems = inspect_country(write.country("csv", hazards))
    assert [p.check for p in problems if p.file == "releases.csv"] == [
        "history_hazards_known",  # rows 2 and 3 name H-001, now gone
        "history_hazards_known",
    ]
    assert [(p.check, p.row, p.column) for p in problems if p.severity == "error"] == [
        ("required_values", 2, "hazard_id")
    ]
