"""Values that parse but cannot be true: areas beyond the plausibility limits, areas in
hectares or km², dates far in the future, extensions out of order. Each message names the
limit and its reason."""

from __future__ import annotations

import datetime as dt

import pytest

from landrelease.domain.plausibility import CONVENTION_IN_FORCE_DATE, plausibility
from landrelease.errors import CountryError, ValidationError
from landrelease.io.country import inspect_country, read_country_info
from landrelease.io.tables import inspect_hazards, inspect_releases, read_hazards

EARTH_M2 = 5.1e14  # the whole surface of the Earth


def of(problems, check):
    return [p for p in problems if p.check == check]


def test_limits_are_all_there_with_reasons():
    limits = plausibility()
    assert limits.hazard_area_warn_m2.value < limits.hazard_area_max_m2.value
    assert limits.country_area_warn_m2.value < limits.country_area_max_m2.value
    assert limits.hazard_area_max_m2.value < EARTH_M2
    assert all(limit.reason for limit in vars(limits).values())


def test_an_earth_sized_area_is_an_error_naming_the_limit(write, hazards):
    hazards[2]["area_m2"] = EARTH_M2
    _, problems = inspect_hazards(write.hazards("csv", hazards))
    (p,) = of(problems, "plausible_areas")
    assert (p.severity, p.row, p.column) == ("error", 4, "area_m2")
    assert "area of 510,000,000 km² is above the limit hazard_area_max_m2" in p.message
    assert plausibility().hazard_area_max_m2.reason in p.message
    with pytest.raises(ValidationError, match="hazard_area_max_m2"):
        read_hazards(write.hazards("csv", hazards))


def test_a_very_large_area_is_a_warning(write, hazards):
    hazards[0]["area_m2"] = 2 * plausibility().hazard_area_warn_m2.value
    _, problems = inspect_hazards(write.hazards("csv", hazards))
    (p,) = of(problems, "plausible_areas")
    assert (p.severity, p.row) == ("warning", 2)
    assert "hazard_area_warn_m2" in p.message


def test_a_mapped_column_is_named_as_the_file_names_it(write, hazards):
    rows = [{("Area_sqm" if k == "area_m2" else k): v for k, v in r.items()} for r in hazards]
    rows[1]["Area_sqm"] = EARTH_M2
    path = write.hazards("csv", rows)
    (write.folder / "m.toml").write_text('[columns]\narea_m2 = ["Area_sqm"]\n', encoding="utf-8")
    _, problems = inspect_hazards(path, write.folder / "m.toml")
    assert [p.column for p in of(problems, "plausible_areas")] == ["Area_sqm (area_m2)"]


def test_a_country_total_above_the_limits(write, hazards):
    limits = plausibility()
    for row in hazards:  # each below the per-hazard error, together above the country's
        row["area_m2"] = limits.country_area_max_m2.value / 4
        row["original_area_m2"] = None
    _, problems = inspect_country(write.country("csv", hazards, with_releases=False))
    (p,) = of(problems, "plausible_total_area")
    assert p.severity == "error"
    assert "the hazardous areas add up to" in p.message
    assert "country_area_max_m2" in p.message
    for row in hazards:
        row["area_m2"] = limits.country_area_warn_m2.value / 4
    _, problems = inspect_country(write.country("csv", hazards, with_releases=False))
    (p,) = of(problems, "plausible_total_area")
    assert (p.severity, p.file) == ("warning", "hazards.csv")


@pytest.mark.parametrize(("factor", "unit"), [(1e-4, "hectares"), (1e-6, "km²")])
def test_areas_in_hectares_or_km2_are_a_warning_naming_the_column(write, hazards, factor, unit):
    for row in hazards:  # 10,000 to 60,000 m² become 1 to 6 ha, or 0.01 to 0.06 km²
        row["area_m2"] *= factor
        row["original_area_m2"] = None
    _, problems = inspect_hazards(write.hazards("csv", hazards))
    (p,) = of(problems, "area_units")
    assert (p.severity, p.column, p.row) == ("warning", "area_m2", None)
    assert f"the areas look like {unit}" in p.message
    assert "median_area_min_m2" in p.message


def test_areas_in_hectares_beside_polygons_are_a_warning_too(write, hazards):
    for row in hazards:
        row["area_m2"] *= 1e-4
        row["original_area_m2"] = None
    table, problems = inspect_hazards(write.hazards("gpkg", hazards))
    (p,) = of(problems, "area_units")
    assert p.column == "area_m2"  # the file's column, kept as reported_area_m2
    assert table["area_m2"].min() > 1_000  # measured from the polygons


def test_release_areas_in_hectares_are_a_warning(write, releases):
    for row in releases:
        row["area_m2"] = row["area_m2"] / 10_000
    _, problems = inspect_releases(write.releases("csv", releases))
    assert [p.column for p in of(problems, "area_units")] == ["area_m2"]


def test_the_test_country_passes(write):
    _, problems = inspect_country(write.country("gpkg"))
    assert problems == []


# --- country.toml -------------------------------------------------------------------------


def country_error(write, **kw):
    with pytest.raises(CountryError) as info:
        read_country_info(write.country(**kw))
    return str(info.value)


def test_a_baseline_in_2099_is_an_error_naming_the_limit(write):
    message = country_error(write, country={"baseline_date": "2099-12-31"})
    assert "baseline_date 2099-12-31 is after" in message
    assert "future_days_max" in message
    soon = dt.date.today() + dt.timedelta(days=30)
    info, _ = read_country_info(write.country(country={"baseline_date": soon.isoformat()}))
    assert info.baseline_date == soon


def test_entry_into_force_before_the_convention(write):
    message = country_error(
        write,
        country={"entry_into_force_date": "1998-01-01", "article5_deadline_date": "2008-01-01"},
    )
    assert f"before the Convention entered into force ({CONVENTION_IN_FORCE_DATE})" in message


def extensions(*pairs):
    return "".join(
        f'\n[[previous_extensions]]\ngranted_date = "{g}"\ndeadline_date = "{d}"\n'
        for g, d in pairs
    )


# Testland: entry into force 2004-03-01, original deadline 2014-03-01, deadline 2025-03-01.
@pytest.mark.parametrize(
    ("pairs", "words"),
    [
        ([("2003-12-01", "2019-03-01")], "granted_date 2003-12-01 is not after entry_into_force"),
        ([("2013-12-01", "2012-03-01")], "deadline_date 2012-03-01 is not after its granted"),
        ([("2013-12-01", "2013-06-01")], "is not after the original deadline (2014-03-01)"),
        (
            [("2018-11-30", "2025-03-01"), ("2013-12-01", "2019-03-01")],
            "granted_date 2013-12-01 is not after the previous extension's (2018-11-30)",
        ),
        (
            [("2013-12-01", "2022-03-01"), ("2018-11-30", "2019-03-01")],
            "deadline_date 2019-03-01 is not after the previous extension's deadline",
        ),
        (
            [("2013-12-01", "2019-03-01"), ("2018-11-30", "2027-03-01")],
            "article5_deadline_date 2025-03-01 is before the deadline of the last",
        ),
        ([("2099-01-01", "2109-01-01")], "granted_date 2099-01-01 is after"),
    ],
)
def test_extensions_out_of_order_or_before_entry_into_force(write, pairs, words):
    assert words in country_error(write, extra=extensions(*pairs))


def test_extensions_in_order_pass(write):
    info, _ = read_country_info(
        write.country(extra=extensions(("2013-12-01", "2019-03-01"), ("2018-11-30", "2025-03-01")))
    )
    assert len(info.previous_extensions) == 2


def test_every_date_problem_is_listed_at_once(write):
    message = country_error(
        write,
        country={"baseline_date": "2099-12-31"},
        extra=extensions(("2003-12-01", "2019-03-01")),
    )
    assert "baseline_date 2099-12-31" in message
    assert "previous_extensions #1: granted_date 2003-12-01" in message
