"""Reading any supported file into a raw table; unreadable files named as such."""

from __future__ import annotations

import pytest

from landrelease.errors import ValidationError
from landrelease.io.files import SUPPORTED_SUFFIXES, read_raw


@pytest.mark.parametrize("fmt", ["gpkg", "shp", "zip", "geojson"])
def test_gis_layers_have_geometry_and_feature_numbers(write, fmt):
    raw = read_raw(write.hazards(fmt))
    assert raw.row_kind == "feature"
    assert list(raw.row_numbers) == [1, 2, 3, 4, 5]
    assert raw.geometry is not None
    assert len(raw.geometry) == 5
    assert raw.geometry.crs.to_epsg() == 4326
    assert "geometry" not in raw.attributes.columns
    assert raw.name.startswith("hazards.")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_spreadsheets_have_rows_numbered_from_two(write, fmt):
    raw = read_raw(write.hazards(fmt))
    assert raw.row_kind == "row"
    assert list(raw.row_numbers) == [2, 3, 4, 5, 6]  # header is row 1
    assert raw.geometry is None
    assert list(raw.attributes["hazard_id"]) == ["H-001", "H-002", "H-003", "H-004", "H-005"]


def test_csv_cells_stay_text(write):
    raw = read_raw(write.csv([{"a": "007", "b": "NA", "c": ""}], "t"))
    assert raw.attributes.iloc[0].tolist() == ["007", "NA", ""]  # no number or NA guessing


def test_csv_semicolon_windows_1252_and_bom(write):
    semicolon = write.text("semi.csv", "id;name;area\n1;Côte;1,5\n".encode("cp1252"))
    raw = read_raw(semicolon)
    assert list(raw.attributes.columns) == ["id", "name", "area"]
    assert raw.attributes.iloc[0].tolist() == ["1", "Côte", "1,5"]
    bom = write.text("bom.csv", "\ufeffid, name\n1, Zürich\n".encode())
    raw = read_raw(bom)
    assert list(raw.attributes.columns) == ["id", "name"]
    assert raw.attributes.iloc[0].tolist() == ["1", "Zürich"]


def test_trailing_empty_rows_are_dropped_but_not_inner_ones(write):
    path = write.text("t.csv", "id,v\n1,a\n,\n2,b\n,\n , \n")
    raw = read_raw(path)
    assert list(raw.attributes["id"]) == ["1", "", "2"]
    assert list(raw.row_numbers) == [2, 3, 4]


def test_xlsx_sheet_by_name(write, tmp_path):
    import pandas as pd

    path = tmp_path / "book.xlsx"
    with pd.ExcelWriter(path, engine="openpyxl") as book:
        pd.DataFrame({"x": [1]}).to_excel(book, sheet_name="notes", index=False)
        pd.DataFrame({"hazard_id": ["A", "B"]}).to_excel(book, sheet_name="hz", index=False)
    assert list(read_raw(path).attributes.columns) == ["x"]  # first sheet by default
    assert list(read_raw(path, layer="hz").attributes["hazard_id"]) == ["A", "B"]


def test_gpkg_layer_by_name(write):
    path = write.hazards("gpkg", layer="first")
    write.frame().iloc[:2].to_file(path, layer="second", driver="GPKG", engine="pyogrio")
    assert len(read_raw(path, layer="second").attributes) == 2


def unreadable(path, layer=None):
    with pytest.raises(ValidationError) as info:
        read_raw(path, layer)
    (problem,) = info.value.problems
    assert problem.check == "readable_file"
    assert problem.file == path.name
    assert path.name in str(info.value)
    return problem


def test_missing_file(tmp_path):
    problem = unreadable(tmp_path / "nowhere.csv")
    assert problem.message == "file not found"


@pytest.mark.parametrize("name", ["hazards.txt", "hazards"])
def test_unsupported_extension(write, name):
    problem = unreadable(write.text(name, "hazard_id\nA\n"))
    assert "unsupported file type" in problem.message
    assert ".gpkg" in problem.expected
    assert all(s in problem.expected for s in SUPPORTED_SUFFIXES)


def test_corrupt_zip(write):
    problem = unreadable(write.text("export.zip", b"PK\x03\x04 this is not a zip archive"))
    assert "not a valid zip archive" in problem.message


def test_zip_without_shapefile(write, tmp_path):
    import zipfile

    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "nothing here")
    problem = unreadable(path)
    assert "no .shp" in problem.message


def test_zip_with_shp_but_no_dbf(write, tmp_path):
    import zipfile

    shp = write.hazards("shp")
    path = tmp_path / "partial.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.write(shp, arcname=shp.name)  # .shx and .dbf missing
    problem = unreadable(path)
    assert "cannot read as a GIS layer" in problem.message


@pytest.mark.parametrize("name", ["broken.gpkg", "broken.geojson", "broken.shp"])
def test_corrupt_gis_file(write, name):
    problem = unreadable(write.text(name, b"\x00\x01garbage"))
    assert "cannot read as a GIS layer" in problem.message


def test_corrupt_xlsx(write):
    problem = unreadable(write.text("broken.xlsx", b"not a workbook"))
    assert "cannot read as an Excel workbook" in problem.message


def test_missing_sheet_or_layer(write):
    problem = unreadable(write.hazards("xlsx"), layer="nope")
    assert "nope" in problem.message
    problem = unreadable(write.hazards("gpkg"), layer="nope")
    assert "cannot read as a GIS layer" in problem.message


def test_empty_csv(write):
    problem = unreadable(write.text("empty.csv", ""))
    assert "cannot read as CSV" in problem.message
