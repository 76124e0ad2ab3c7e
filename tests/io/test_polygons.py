"""Polygons: every message names the feature number and the hazard id; an empty geometry is
reported as one; coordinates that do not fit the layer's CRS are reported with the likely
cause, never as an internal error."""

from __future__ import annotations

import pytest
from shapely.affinity import translate
from shapely.geometry import LineString, Polygon

from landrelease.cli.main import main
from landrelease.errors import ValidationError
from landrelease.io.country import inspect_country
from landrelease.io.tables import inspect_hazards, read_hazards


def geometry_problems(problems):
    return [p for p in problems if p.column == "geometry"]


def test_an_invalid_polygon_names_feature_and_hazard_id(write, hazards):
    hazards[1]["geometry"] = Polygon([(0, 0), (100, 100), (100, 0), (0, 100)])  # a bow tie
    hazards[3]["geometry"] = LineString([(0, 0), (10, 10)])
    _, problems = inspect_hazards(write.hazards("gpkg", hazards))
    invalid, line = geometry_problems(problems)
    assert (invalid.row, invalid.row_kind) == (2, "feature")
    assert invalid.message.startswith("hazard H-002: polygon is invalid: Self-intersection")
    assert str(invalid).startswith("hazards.gpkg, feature 2, column geometry: hazard H-002: ")
    assert line.row == 4
    assert line.message == "hazard H-004: geometry is not a polygon"


def test_an_empty_geometry_without_an_area_is_reported_as_empty_once(write, hazards):
    hazards[2]["geometry"] = Polygon()
    for row in hazards:
        del row["area_m2"]
    _, problems = inspect_hazards(write.hazards("gpkg", hazards))
    (p,) = [p for p in problems if p.row == 3]
    assert p.message == "hazard H-003: geometry is empty, so the area cannot be measured"
    assert (p.severity, p.column) == ("error", "geometry")


def test_an_empty_geometry_with_a_stated_area_is_a_warning(write, hazards):
    hazards[2]["geometry"] = Polygon()
    table, problems = inspect_hazards(write.hazards("gpkg", hazards))
    (p,) = geometry_problems(problems)
    assert p.severity == "warning"
    assert p.message.startswith("hazard H-003: geometry is empty; the stated area is used")
    assert table["area_m2"].iloc[2] == 60_000


def test_a_layer_of_empty_geometries_is_no_crash(write, hazards):
    for row in hazards:
        row["geometry"] = Polygon()
    table, problems = inspect_hazards(write.hazards("gpkg", hazards))
    assert len(table) == 5
    assert all(p.severity == "warning" for p in problems)


def metres_labelled_degrees(write, hazards, fmt="geojson"):
    """The test polygons in metres (LAEA) written as if they were degrees (EPSG:4326)."""
    frame = write.frame(hazards, crs=None).set_crs("EPSG:4326", allow_override=True)
    return write.write(frame, fmt, "hazards")


def test_metre_coordinates_in_a_layer_that_says_degrees(write, hazards):
    for row in hazards:  # far from the CRS origin, as a UTM layer would be
        row["geometry"] = translate(row["geometry"], 500_000, 4_000_000)
    path = metres_labelled_degrees(write, hazards)
    with pytest.raises(ValidationError) as info:
        read_hazards(path)
    (p,) = info.value.problems
    assert p.message.startswith("coordinates look like metres (x from 500,000 to ")
    assert "but the layer's CRS (EPSG:4326) is in degrees" in p.message
    assert "check the layer's .prj (or crs in country.toml)" in str(p)


def test_crs_4326_in_country_toml_on_metre_coordinates(write, hazards, capsys):
    folder = write.country("csv")
    frame = write.frame(hazards, crs="EPSG:32633")  # UTM 33N metres, .prj removed below
    write.write(frame, "shp", f"{folder.name}/zones", prj=False)
    folder = write.country(files={"hazards": "zones.shp", "crs": "EPSG:4326"})
    assert main(["validate", str(folder)]) == 1
    captured = capsys.readouterr()
    assert "zones.shp, column geometry: coordinates look like metres" in captured.out
    assert "internal error" not in captured.err


def test_an_unknown_crs_in_country_toml(write):
    folder = write.country("csv")
    write.hazards("shp", name=f"{folder.name}/zones", prj=False)
    _, problems = inspect_country(write.country(files={"hazards": "zones.shp", "crs": "UTM33"}))
    (p,) = geometry_problems(problems)
    assert p.message == "crs = 'UTM33' (in country.toml) is not a coordinate reference system"


def test_degree_coordinates_in_a_layer_that_says_metres_warn(write, hazards):
    frame = write.frame(hazards).set_crs("EPSG:32633", allow_override=True)  # degrees as UTM
    _, problems = inspect_hazards(write.write(frame, "gpkg", "hazards"))
    (p,) = geometry_problems(problems)
    assert p.severity == "warning"
    assert "coordinates look like degrees" in p.message


def test_a_geometry_geos_cannot_decode_is_an_unreadable_file(write):
    text = (
        '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": '
        '{"hazard_id": "H-1"}, "geometry": {"type": "Polygon", "coordinates": [[[0, 0]]]}}]}'
    )
    _, problems = inspect_hazards_or_problems(write.text("ring.geojson", text))
    (p,) = problems
    assert p.check == "readable_file"
    assert p.message.startswith("cannot read as a GIS layer: ")


def inspect_hazards_or_problems(path):
    try:
        return inspect_hazards(path)
    except ValidationError as exc:
        return None, list(exc.problems)
