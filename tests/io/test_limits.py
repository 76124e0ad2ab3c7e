"""Resource caps: zip archives judged by their member list before anything is inflated,
text files by their size, tables by their rows; each refusal names the file and the cap."""

from __future__ import annotations

import struct
import zipfile

import geopandas as gpd
import pytest

from landrelease.cli.main import main
from landrelease.errors import ValidationError
from landrelease.io import limits
from landrelease.io.files import read_raw
from landrelease.io.request_read import read_request

GB = 1_000_000_000


def declare_size(path, member, size):
    """Rewrite the unpacked size the zip's central directory declares for ``member``.

    A zip bomb's member list states what it would inflate to; writing gigabytes to disk
    is not needed to build one."""
    data = bytearray(path.read_bytes())
    at = data.find(b"PK\x01\x02")
    while at != -1:
        name_len = struct.unpack_from("<H", data, at + 28)[0]
        name = bytes(data[at + 46 : at + 46 + name_len]).decode()
        if name == member:
            struct.pack_into("<I", data, at + 24, size)
        at = data.find(b"PK\x01\x02", at + 46)
    path.write_bytes(bytes(data))


def bomb(tmp_path, name="hazards.zip"):
    """A 1 MB zip whose member list says it unpacks to 1.2 GB (as a 2 MB bomb does)."""
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("hazards.shp", b"\0" * 1_000_000)
        archive.writestr("hazards.dbf", b"\0" * 1_000)
    declare_size(path, "hazards.shp", int(1.2 * GB))
    assert sum(m.file_size for m in zipfile.ZipFile(path).infolist()) > GB
    return path


@pytest.fixture
def no_gdal(monkeypatch):
    """Fail if GDAL is asked to open anything: refusals come before reading."""

    def refuse(*args, **kwargs):
        raise AssertionError("the reader was called")

    monkeypatch.setattr(gpd, "read_file", refuse)


def test_a_zip_bomb_is_refused_from_its_member_list(tmp_path, no_gdal):
    path = bomb(tmp_path)
    with pytest.raises(ValidationError) as info:
        read_raw(path)
    message = str(info.value)
    assert "hazards.zip: the archive unpacks" in message
    assert "into 1.2 GB" in message
    assert f"above the limit of {limits.MAX_ZIP_RATIO} times" in message


def test_an_archive_above_the_total_cap_is_refused(write, monkeypatch, no_gdal):
    path = write.hazards("zip")
    monkeypatch.setattr(limits, "MAX_ZIP_UNCOMPRESSED_BYTES", 1_000)
    with pytest.raises(
        ValidationError, match=r"hazards\.zip: the archive unpacks to .* above the limit of 1\.0 kB"
    ):
        read_raw(path)


def test_a_real_zipped_shapefile_is_read(write):
    assert len(read_raw(write.hazards("zip")).attributes) == 5


def test_a_workbook_bomb_is_refused_for_hazards_and_for_review(write, tmp_path, capsys):
    path = write.hazards("xlsx")
    declare_size(path, "xl/worksheets/sheet1.xml", int(3 * GB))
    with pytest.raises(ValidationError, match=r"hazards\.xlsx: the archive unpacks to 3\.0 GB"):
        read_raw(path)
    with pytest.raises(ValidationError, match=r"hazards\.xlsx: the archive unpacks"):
        read_request(path)
    assert main(["review", str(path)]) == 2
    assert "the archive unpacks to 3.0 GB" in capsys.readouterr().err


def test_validate_reports_the_bomb_with_exit_1(tmp_path, capsys):
    code = main(["validate", str(bomb(tmp_path))])
    out, err = capsys.readouterr()
    assert code == 1
    assert "hazards.zip: the archive unpacks" in out
    assert "internal error" not in err


@pytest.mark.parametrize(("fmt", "kind"), [("csv", "rows"), ("xlsx", "rows"), ("gpkg", "features")])
def test_a_table_above_the_row_cap_is_refused(write, monkeypatch, fmt, kind):
    path = write.hazards(fmt)
    monkeypatch.setattr(limits, "MAX_ROWS", 4)
    with pytest.raises(ValidationError) as info:
        read_raw(path)
    assert f"{path.name}: the table has more than 4 {kind}" in str(info.value)
    monkeypatch.setattr(limits, "MAX_ROWS", 5)
    assert len(read_raw(path).attributes) == 5  # at the cap is fine


@pytest.mark.parametrize("fmt", ["csv", "geojson"])
def test_a_text_file_above_the_size_cap_is_refused(write, monkeypatch, fmt):
    path = write.hazards(fmt)
    monkeypatch.setattr(limits, "MAX_TEXT_FILE_BYTES", 100)
    with pytest.raises(
        ValidationError, match=rf"{path.name}: the file is .* above the limit of 100 bytes"
    ):
        read_raw(path)


def test_default_caps_are_above_the_benchmark():
    assert limits.MAX_ROWS >= 2_000_000  # bench/ runs 1,000,000 hazards
    assert limits.MAX_ZIP_UNCOMPRESSED_BYTES > GB  # a 2,000,000-feature Shapefile unpacks to ~1 GB
