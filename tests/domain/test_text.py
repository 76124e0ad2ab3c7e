"""Text files a person edits: UTF-8 read, anything else reported by file, line and byte."""

from __future__ import annotations

import pytest

from landrelease.domain.text import read_utf8
from landrelease.errors import CountryError, LandreleaseError
from landrelease.io.country import load_country, read_country_info
from landrelease.scenario import ScenarioError, load_scenario

CP1252_TOML = 'name = "x"\nnotes = "Caño"\n'


def test_utf8_with_or_without_bom_is_read(tmp_path):
    path = tmp_path / "a.toml"
    path.write_bytes('notes = "Caño"\n'.encode())
    assert read_utf8(path) == 'notes = "Caño"\n'
    path.write_bytes(b"\xef\xbb\xbf" + 'notes = "Caño"\n'.encode())
    assert read_utf8(path) == 'notes = "Caño"\n'  # Notepad's byte-order mark is dropped


def test_windows_1252_is_reported_with_line_column_and_byte(tmp_path):
    path = tmp_path / "a.toml"
    path.write_bytes(CP1252_TOML.encode("cp1252"))
    with pytest.raises(LandreleaseError) as info:
        read_utf8(path)
    message = str(info.value)
    assert f"{path}: not UTF-8 text: line 2, column 12 holds byte 0xF1" in message
    assert "'ñ' in Windows-1252" in message
    assert "save it as UTF-8" in message


def test_utf16_is_named(tmp_path):
    path = tmp_path / "a.toml"
    path.write_bytes(CP1252_TOML.encode("utf-16"))
    with pytest.raises(LandreleaseError, match="saved as UTF-16"):
        read_utf8(path)


def test_a_cp1252_country_toml_is_a_country_error(write):
    folder = write.country(country={"name": "Testlandia", "notes": "Côte"})
    toml = folder / "country.toml"
    toml.write_bytes(toml.read_text(encoding="utf-8").encode("cp1252"))
    with pytest.raises(CountryError, match=r"country\.toml: not UTF-8 text: line \d+"):
        read_country_info(folder)


def test_a_cp1252_scenario_is_a_scenario_error(tmp_path):
    (tmp_path / "s.toml").write_bytes('description = "Año 1"\n'.encode("cp1252"))
    with pytest.raises(ScenarioError, match=r"s\.toml: not UTF-8 text: line 1, column 17"):
        load_scenario("s", tmp_path, baseline_year=2025)


def test_a_cp1252_mapping_file_is_an_error_not_a_crash(write):
    folder = write.country()
    (folder / "m.toml").write_bytes('description = "Côte"\n'.encode("cp1252"))
    with pytest.raises(LandreleaseError, match=r"m\.toml: not UTF-8 text: line 1"):
        load_country(write.country(files={"hazards_mapping": "m.toml"}))
