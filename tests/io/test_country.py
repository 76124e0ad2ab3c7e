"""Country folders: country.toml, the files it names, and the validated Country."""

from __future__ import annotations

import datetime as dt

import pytest

from landrelease.domain.schema import schema
from landrelease.errors import CountryError, LandreleaseWarning, ValidationError
from landrelease.io.country import inspect_country, load_country, read_country_info


def test_load_country(write):
    folder = write.country("gpkg")
    country = load_country(folder)
    info = country.info
    assert (info.name, info.code, info.currency, info.synthetic) == ("Testland", "XTL", "USD", True)
    assert info.entry_into_force_date == dt.date(2004, 3, 1)
    assert info.article5_deadline_date == dt.date(2025, 3, 1)
    assert info.baseline_date == dt.date(2024, 12, 31)
    assert info.baseline_year == 2024
    assert info.regions == ("North", "South", "East")
    assert info.previous_extensions == ()
    assert info.milestones == ()
    assert country.name == "Testland"
    assert list(country.hazards["hazard_id"]) == ["H-001", "H-002", "H-003", "H-004", "H-005"]
    assert len(country.releases) == 5
    assert country.regions == ("North", "South", "East")
    assert country.path == folder.resolve()
    assert country.scenarios_dir == folder.resolve() / "scenarios"
    assert country.source_files == {
        "country": folder / "country.toml",
        "hazards": folder / "hazards.gpkg",
        "releases": folder / "releases.csv",
    }


@pytest.mark.parametrize(
    ("eif", "deadline"),
    [
        (dt.date(2004, 3, 1), dt.date(2014, 3, 1)),
        (dt.date(1999, 3, 1), dt.date(2009, 3, 1)),
        (dt.date(2004, 2, 29), dt.date(2014, 2, 28)),  # no 29 February in 2014
    ],
)
def test_original_deadline_is_ten_years_after_entry_into_force(write, eif, deadline):
    folder = write.country(country={"entry_into_force_date": eif.isoformat()})
    info, _ = read_country_info(folder)
    assert info.original_deadline_date == deadline


def test_toml_dates_and_country_file_path(write):
    folder = write.country(
        country={
            "entry_into_force_date": dt.date(2004, 3, 1),
            "baseline_date": dt.date(2024, 6, 30),
        }
    )
    info, files = read_country_info(folder / "country.toml")
    assert info.entry_into_force_date == dt.date(2004, 3, 1)
    assert info.baseline_date == dt.date(2024, 6, 30)
    assert files == {"hazards": "hazards.csv", "releases": "releases.csv"}


def test_extensions_and_milestones(write):
    extra = """
[[previous_extensions]]
granted_date = "2013-12-01"
deadline_date = "2019-03-01"

[[previous_extensions]]
granted_date = 2018-11-30
deadline_date = "2025-03-01"

[[milestones]]
year = 2023
area_m2 = 15000

[[milestones]]
year = 2024
area_m2 = 2500.5
region = "North"
method = "cleared"
set_year = 2018
"""
    country = load_country(write.country(extra=extra))
    (first, second) = country.info.previous_extensions
    assert (first.granted_date, first.deadline_date) == (dt.date(2013, 12, 1), dt.date(2019, 3, 1))
    assert second.granted_date == dt.date(2018, 11, 30)
    (m1, m2) = country.info.milestones
    assert (m1.year, m1.area_m2, m1.region, m1.method) == (2023, 15000.0, None, None)
    assert (m2.year, m2.area_m2, m2.region, m2.method) == (2024, 2500.5, "North", "cleared")
    assert (m1.set_year, m2.set_year) == (None, 2018)


def test_files_options_layer_and_mapping(write):
    folder = write.country()
    frame = write.frame().rename(columns={"region": "zone"})
    write.write(frame, "gpkg", f"{folder.name}/layers", layer="second")
    (folder / "my.toml").write_text('[columns]\nregion = ["zone"]\n', encoding="utf-8")
    files = {"hazards": "layers.gpkg", "hazards_layer": "second", "hazards_mapping": "my.toml"}
    country = load_country(write.country(files=files))
    assert list(country.hazards["region"]) == ["North", "North", "South", "South", "East"]
    assert country.source_files["hazards"] == folder / "layers.gpkg"


def test_files_option_crs_for_a_layer_without_one(write):
    folder = write.country()
    write.hazards("shp", name=f"{folder.name}/zones", prj=False)
    with pytest.raises(ValidationError, match="no coordinate reference system"):
        load_country(write.country(files={"hazards": "zones.shp"}))
    country = load_country(write.country(files={"hazards": "zones.shp", "crs": "EPSG:4326"}))
    assert country.hazards["area_m2"].iloc[2] == pytest.approx(60_000, rel=0.005)


def test_country_without_release_history(write):
    country = load_country(write.country(with_releases=False))
    assert len(country.releases) == 0
    assert set(schema("releases").names) <= set(country.releases.columns)


# --- a bad country.toml -------------------------------------------------------------------


def bad_toml(write, message, **kw):
    with pytest.raises(CountryError) as info:
        load_country(write.country(**kw))
    assert "country.toml" in str(info.value)
    for words in message:
        assert words in str(info.value)
    return info.value


def test_unknown_country_key(write):
    bad_toml(write, ["unknown key(s) deadline", "[country]"], country={"deadline": "2030-01-01"})


def test_unknown_files_key(write):
    bad_toml(write, ["unknown key(s) hazard in [files]"], files={"hazard": "x.csv"})


def test_unknown_section(write):
    bad_toml(write, ["unknown section(s) scenario"], extra="[scenario]\nname = 1\n")


def test_unknown_milestone_key(write):
    bad_toml(
        write,
        ["unknown key(s) area", "milestones #1"],
        extra="[[milestones]]\nyear = 1\narea = 2\n",
    )


def test_missing_required_keys(write):
    bad_toml(write, ["[country] is missing baseline_date"], country={"baseline_date": None})
    bad_toml(write, ["[files] is missing hazards"], files={"hazards": None})


@pytest.mark.parametrize(
    "key", ["entry_into_force_date", "article5_deadline_date", "baseline_date"]
)
def test_bad_date(write, key):
    bad_toml(write, [key, "'2003-13-01'", "YYYY-MM-DD"], country={key: "2003-13-01"})


def test_bad_extension_date(write):
    extra = '[[previous_extensions]]\ngranted_date = "1 Dec 2012"\ndeadline_date = "2019-03-01"\n'
    bad_toml(write, ["granted_date", "'1 Dec 2012'"], extra=extra)


def test_deadline_before_entry_into_force(write):
    bad_toml(
        write,
        ["article5_deadline_date is before entry_into_force_date"],
        country={"article5_deadline_date": "2001-01-01"},
    )


def test_negative_milestone(write):
    extra = "[[milestones]]\nyear = 2023\narea_m2 = 1\n"
    extra += "[[milestones]]\nyear = 2024\narea_m2 = -1\n"
    bad_toml(write, ["milestones #2", "area_m2 must not be negative"], extra=extra)


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ("set_year = 2025", ["set_year = 2025 is after the milestone's year 2024"]),
        ("set_year = 1200", ["set_year = 1200 is not a year"]),
        ('set_year = "soon"', ["set_year = 'soon' is not a whole number"]),
        ("set_year = 2019.5", ["set_year", "not a whole number"]),
    ],
)
def test_bad_milestone_set_year(write, cells, expected):
    extra = f"[[milestones]]\nyear = 2024\narea_m2 = 1\n{cells}\n"
    bad_toml(write, ["milestones #1", *expected], extra=extra)


@pytest.mark.parametrize(
    ("cells", "key"),
    [('year = 2024\narea_m2 = "lots"', "area_m2"), ('year = "next"\narea_m2 = 1', "year")],
)
def test_milestone_not_a_number(write, cells, key):
    bad_toml(write, ["milestones #1", key], extra=f"[[milestones]]\n{cells}\n")


def test_regions_must_be_a_list(write):
    bad_toml(write, ["regions"], country={"regions": "North"})


def test_synthetic_must_be_true_or_false(write):
    bad_toml(write, ["synthetic"], country={"synthetic": "false"})


def test_not_toml(write):
    folder = write.country()
    (folder / "country.toml").write_text("[country\nname = 1\n", encoding="utf-8")
    with pytest.raises(CountryError, match="not valid TOML"):
        load_country(folder)


def test_missing_folder_or_country_toml(tmp_path):
    with pytest.raises(CountryError, match="not a folder"):
        load_country(tmp_path / "nowhere")
    with pytest.raises(CountryError, match=r"needs a country\.toml"):
        load_country(tmp_path)


# --- bad data files -----------------------------------------------------------------------


def test_problems_of_every_file_in_one_error(write, hazards, releases):
    hazards[1]["status"] = "suspected"
    releases[3]["method"] = "demined"
    folder = write.country("csv", hazards, releases)
    with pytest.raises(ValidationError) as info:
        load_country(folder)
    text = str(info.value)
    assert "hazards.csv, row 3, column status" in text
    assert "releases.csv, row 5, column method" in text
    assert text.startswith("2 problems in ")


def test_unreadable_file_gives_no_country(write):
    folder = write.country(files={"hazards": "absent.gpkg"})
    country, problems = inspect_country(folder)
    assert country is None
    assert [(p.check, p.file) for p in problems] == [("readable_file", "absent.gpkg")]
    with pytest.raises(ValidationError, match=r"absent\.gpkg"):
        load_country(folder)


def test_warnings_are_emitted_not_raised(write):
    folder = write.country(country={"regions": ["North", "South", "East", "West"]})
    with pytest.warns(LandreleaseWarning, match="West") as record:
        country = load_country(folder)
    assert len(record) == 1
    assert len(country.hazards) == 5
