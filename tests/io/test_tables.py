"""Reading hazard and release files into canonical tables: round trips and broken files."""

from __future__ import annotations

import datetime as dt
import warnings

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point, Polygon, box

from landrelease.errors import LandreleaseWarning, ValidationError
from landrelease.io.tables import inspect_hazards, read_hazards, read_releases

IDS = ["H-001", "H-002", "H-003", "H-004", "H-005"]
REGIONS = ["North", "North", "South", "South", "East"]
STATUSES = ["sha", "cha", "sha", "cha", "cha"]
TYPES = ["ap_mine", "ap_improvised", "av_mine", "mixed", "erw"]
# exact areas of the test polygons, from their coordinates (see conftest.hazard_rows)
AREAS = [100 * 100, 300 * 100, 400 * 100 + 100 * 200, 200 * 200 / 2, 2 * 100 * 100]


def rejected(path, **kw):
    """The problems of a file that must not read, checking they come as one error."""
    with pytest.raises(ValidationError) as info:
        read_hazards(path, **kw)
    return info.value


def only(error, check):
    """The single problem of ``check`` in ``error``."""
    found = [p for p in error.problems if p.check == check]
    assert len(found) == 1, error.problems
    assert str(found[0]) in str(error)  # every problem is in the one message
    return found[0]


# --- round trips --------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["gpkg", "shp", "zip", "geojson", "csv", "xlsx"])
def test_hazard_round_trip(write, fmt):
    table = read_hazards(write.hazards(fmt))
    assert list(table["hazard_id"]) == IDS
    assert list(table["region"]) == REGIONS
    assert list(table["status"]) == STATUSES
    assert list(table["contamination_type"]) == TYPES
    assert list(table["area_m2"]) == pytest.approx(AREAS, rel=0.005)
    assert list(table["accessible"]) == [True, True, True, False, True]
    assert list(table["priority"]) == [1, 2, 3, 4, 5]
    assert list(table["original_area_m2"].fillna(-1)) == [20_000, 40_000, -1, -1, -1]
    assert table["recorded_date"].iloc[3] == pd.Timestamp("2020-02-29")
    if fmt in ("csv", "xlsx"):
        assert not isinstance(table, gpd.GeoDataFrame)
        assert list(table["source_row"]) == [2, 3, 4, 5, 6]
        assert table["reported_area_m2"].isna().all()
    else:
        assert isinstance(table, gpd.GeoDataFrame)
        assert table.crs.to_epsg() == 4326
        assert list(table["source_row"]) == [1, 2, 3, 4, 5]
        assert list(table["reported_area_m2"]) == AREAS  # the file's own figure is kept


@pytest.mark.parametrize("crs", ["EPSG:32633", "EPSG:3857"])
def test_area_is_measured_equal_area_whatever_the_layer_crs(write, crs):
    # Web Mercator inflates area by about 1/cos²(45°) = 2 at this latitude: it must not show
    table = read_hazards(write.hazards("gpkg", crs=crs))
    assert table.crs.to_epsg() == 4326
    assert list(table["area_m2"]) == pytest.approx(AREAS, rel=0.005)


def test_polygon_area_used_where_file_gives_none(write, hazards):
    for row in hazards:
        del row["area_m2"]
    table = read_hazards(write.hazards("geojson", hazards))
    assert list(table["area_m2"]) == pytest.approx(AREAS, rel=0.005)
    assert "reported_area_m2" in table  # a schema column, empty
    assert table["reported_area_m2"].isna().all()


def test_feature_without_polygon_keeps_its_stated_area(write, hazards):
    hazards[1]["geometry"] = None
    with pytest.warns(LandreleaseWarning, match="H-002: geometry is empty; the stated area"):
        table = read_hazards(write.hazards("gpkg", hazards))
    assert table["area_m2"].iloc[1] == 30_000
    assert table["area_m2"].iloc[0] == pytest.approx(10_000, rel=0.005)


def test_layer_without_crs_reads_with_crs_argument(write):
    path = write.hazards("shp", prj=False)
    table = read_hazards(path, crs="EPSG:4326")
    assert list(table["area_m2"]) == pytest.approx(AREAS, rel=0.005)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_release_round_trip(write, fmt):
    table = read_releases(write.releases(fmt))
    assert list(table["hazard_id"].fillna("")) == ["H-001", "H-001", "H-002", "", ""]
    assert list(table["region"]) == ["North", "North", "North", "South", "South"]
    assert list(table["year"]) == [2023, 2024, 2024, 2023, 2024]  # from date where empty
    assert list(table["method"]) == ["cancelled", "cleared", "reduced", "cleared", "cancelled"]
    assert list(table["area_m2"]) == [5000, 2000, 4000, 8000, 6000]
    assert list(table["ap_mines_destroyed"]) == [0, 12, 0, 0, 0]  # blank takes default 0
    assert list(table["av_mines_destroyed"]) == [0, 0, 0, 3, 0]
    assert list(table["teams"].fillna(-1)) == [0.5, 1.0, 0.25, 2.0, -1]
    assert list(table["asset"]) == ["nts", "manual", "ts", "mechanical", "nts"]
    assert table["date"].iloc[2] == pd.Timestamp("2024-03-15")
    assert list(table["source_row"]) == [2, 3, 4, 5, 6]


def test_improvised_mines_are_read_apart(write, releases):
    releases[2]["ap_improvised_destroyed"] = 4  # the ap_improvised record of 2024
    table = read_releases(write.releases("csv", releases))
    assert list(table["ap_improvised_destroyed"]) == [0, 0, 4, 0, 0]
    assert list(table["ap_mines_destroyed"]) == [0, 12, 0, 0, 0]


def test_history_without_improvised_column_reads_with_a_warning(write, releases):
    """A file made before improvised AP mines were counted apart (OAP #21) still reads; the
    warning says improvised ones may be in ap_mines_destroyed."""
    for row in releases:
        row.pop("ap_improvised_destroyed", None)
    with pytest.warns(LandreleaseWarning, match="improvised AP mines .* ap_mines_destroyed"):
        table = read_releases(write.releases("csv", releases))
    assert list(table["ap_mines_destroyed"]) == [0, 12, 0, 0, 0]
    assert list(table["ap_improvised_destroyed"]) == [0, 0, 0, 0, 0]


def test_release_xlsx_with_typed_cells(write, releases):
    releases[0]["date"] = dt.datetime(2023, 5, 1)
    releases[2]["date"] = dt.date(2024, 3, 15)
    releases[1]["year"] = 2024.0
    table = read_releases(write.releases("xlsx", releases))
    assert list(table["year"]) == [2023, 2024, 2024, 2023, 2024]
    assert table["date"].iloc[0] == pd.Timestamp("2023-05-01")


# --- one broken file per check ------------------------------------------------------------


def test_required_columns(write, hazards):
    for row in hazards:
        del row["status"]
    p = only(rejected(write.hazards("csv", hazards)), "required_columns")
    assert (p.column, p.row, p.file) == ("status", None, "hazards.csv")
    assert "column status" in str(p)


def test_required_values(write, hazards):
    hazards[1]["region"] = ""
    p = only(rejected(write.hazards("csv", hazards)), "required_values")
    assert (p.row, p.column) == (3, "region")
    assert "hazards.csv, row 3, column region" in str(p)


def test_dtypes(write, hazards):
    hazards[2]["priority"] = "high"
    p = only(rejected(write.hazards("xlsx", hazards)), "dtypes")
    assert (p.row, p.column, p.value) == (4, "priority", "high")
    assert "hazards.xlsx, row 4, column priority" in str(p)


def test_allowed_values(write, hazards):
    hazards[0]["status"] = "suspected"
    p = only(rejected(write.hazards("csv", hazards)), "allowed_values")
    assert (p.row, p.column, p.value) == (2, "status", "suspected")
    assert "one of sha, cha" in str(p)


def test_unique_ids(write, hazards):
    hazards[3]["hazard_id"] = "H-001"
    p = only(rejected(write.hazards("csv", hazards)), "unique_ids")
    assert (p.row, p.column, p.value) == (5, "hazard_id", "H-001")
    assert "also used on row 2" in str(p)


def test_unique_ids_in_a_gis_layer_name_features(write, hazards):
    hazards[3]["hazard_id"] = "H-001"
    p = only(rejected(write.hazards("gpkg", hazards)), "unique_ids")
    assert (p.row, p.row_kind) == (4, "feature")
    assert "hazards.gpkg, feature 4, column hazard_id" in str(p)
    assert "also used on feature 1" in str(p)


def test_positive_areas(write, hazards):
    hazards[4]["area_m2"] = -5
    p = only(rejected(write.hazards("csv", hazards)), "positive_areas")
    assert (p.row, p.column) == (6, "area_m2")
    assert "must be positive" in str(p)


def test_dates_in_range(write, hazards):
    hazards[2]["recorded_date"] = "1980-01-01"
    p = only(rejected(write.hazards("csv", hazards)), "dates_in_range")
    assert (p.row, p.column) == (4, "recorded_date")


def test_value_ranges(write, hazards):
    hazards[2]["access_year"] = 1900
    p = only(rejected(write.hazards("csv", hazards)), "value_ranges")
    assert (p.row, p.column) == (4, "access_year")


def test_self_intersecting_polygon(write, hazards):
    hazards[1]["geometry"] = Polygon([(0, 0), (100, 100), (100, 0), (0, 100)])  # bow-tie
    p = only(rejected(write.hazards("gpkg", hazards)), "valid_geometry")
    assert (p.row, p.row_kind, p.column) == (2, "feature", "geometry")
    assert "hazards.gpkg, feature 2, column geometry" in str(p)
    assert "Self-intersection" in p.message


def test_point_geometry(write, hazards):
    hazards[2]["geometry"] = Point(10, 10)
    p = only(rejected(write.hazards("geojson", hazards)), "valid_geometry")
    assert (p.row, p.column) == (3, "geometry")
    assert "not a polygon" in p.message
    assert "Point" in str(p)


def test_layer_without_crs(write):
    p = only(rejected(write.hazards("zip", prj=False)), "valid_geometry")
    assert "no coordinate reference system" in p.message
    assert p.file == "hazards.zip"
    assert "crs" in p.expected


def test_overlapping_polygons(write, hazards):
    hazards[1]["geometry"] = box(50, 0, 150, 100)  # half of H-001
    hazards[1]["area_m2"] = 10_000
    p = only(rejected(write.hazards("gpkg", hazards)), "overlapping_polygons")
    assert (p.row, p.column) == (2, "geometry")
    assert "H-002 overlaps H-001 (feature 1)" in p.message
    assert "50%" in p.message


def test_duplicate_polygons(write, hazards):
    hazards[4]["geometry"] = hazards[2]["geometry"]
    hazards[4]["area_m2"] = 60_000
    p = only(rejected(write.hazards("shp", hazards)), "overlapping_polygons")
    assert p.row == 5
    assert "H-005 duplicates H-003 (feature 3)" in p.message


def test_touching_or_barely_overlapping_polygons_are_fine(write, hazards):
    hazards[1]["geometry"] = box(100, 0, 200, 100)  # shares an edge with H-001
    hazards[1]["area_m2"] = 10_000
    hazards[4]["geometry"] = box(99.5, 200, 199.5, 300)  # overlaps nothing
    hazards[4]["area_m2"] = 10_000
    hazards[3]["geometry"] = box(-0.5, -100, 99.5, 0.5)  # 0.5% of H-001
    hazards[3]["area_m2"] = 10_050
    _, problems = inspect_hazards(write.hazards("gpkg", hazards))
    assert problems == []


def test_area_matches_polygon_is_a_warning(write, hazards):
    hazards[2]["area_m2"] = 90_000  # the polygon measures 60,000 m²
    with pytest.warns(LandreleaseWarning) as record:
        table = read_hazards(write.hazards("gpkg", hazards))
    (w,) = record
    p = w.message.problem
    assert (p.check, p.severity, p.row, p.column) == (
        "area_matches_polygon",
        "warning",
        3,
        "area_m2",
    )
    assert "hazards.gpkg, feature 3, column area_m2" in str(w.message)
    assert "50%" in str(w.message)
    assert w.filename == __file__  # the warning points at the caller's line
    assert table["area_m2"].iloc[2] == pytest.approx(60_000, rel=0.005)
    assert table["reported_area_m2"].iloc[2] == 90_000


def test_small_area_difference_is_not_reported(write, hazards):
    hazards[2]["area_m2"] = 63_000  # 5%
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        read_hazards(write.hazards("gpkg", hazards))


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ({"date": "", "year": ""}, "neither date nor year is given"),
        ({"date": "2023-05-01", "year": 2022}, "year disagrees with date 2023-05-01"),
    ],
)
def test_date_or_year(write, releases, cells, message):
    releases[2].update(cells)
    with pytest.raises(ValidationError) as info:
        read_releases(write.releases("csv", releases))
    p = only(info.value, "date_or_year")
    assert (p.row, p.column) == (4, "year")
    assert p.message == message
    assert "releases.csv, row 4, column year" in str(p)


def test_release_dates_in_range_and_methods(write, releases):
    releases[0]["date"] = "1996-12-31"
    releases[3]["method"] = "demined"
    with pytest.raises(ValidationError) as info:
        read_releases(write.releases("xlsx", releases))
    p = only(info.value, "dates_in_range")
    assert (p.row, p.column) == (2, "date")
    assert "between 1997-01-01 and today" in str(p)
    p = only(info.value, "allowed_values")
    assert (p.row, p.column, p.value) == (5, "method", "demined")
    assert "cancelled, reduced, cleared" in str(p)


@pytest.mark.parametrize("reader", [read_hazards, read_releases])
def test_readable_file(tmp_path, write, reader):
    for path, words in [
        (tmp_path / "absent.gpkg", "file not found"),
        (write.text("hazards.ods", "x"), "unsupported file type .ods"),
        (write.text("export.zip", b"not a zip"), "not a valid zip archive"),
    ]:
        with pytest.raises(ValidationError) as info:
            reader(path)
        (p,) = info.value.problems
        assert p.check == "readable_file"
        assert p.file == path.name
        assert words in str(info.value)


def test_inspect_returns_problems_without_raising(write, hazards):
    hazards[0]["status"] = "suspected"
    hazards[1]["area_m2"] = "lots"
    table, problems = inspect_hazards(write.hazards("csv", hazards))
    assert len(table) == 5
    assert [(p.check, p.row) for p in problems] == [("allowed_values", 2), ("dtypes", 3)]


def test_invalid_year_is_reported_once(write, releases):
    releases[1]["year"] = "twenty"  # and no date
    with pytest.raises(ValidationError) as info:
        read_releases(write.releases("csv", releases))
    (p,) = info.value.problems
    assert (p.check, p.row, p.column, p.value) == ("dtypes", 3, "year", "twenty")
