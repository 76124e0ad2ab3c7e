"""Files named in country.toml stay inside the country folder."""

from __future__ import annotations

import pytest

from landrelease.cli.main import main
from landrelease.errors import CountryError
from landrelease.io.country import inspect_country, load_country
from landrelease.io.paths import confined_file


def outside_file(write, tmp_path):
    """A valid hazard file next to (not inside) the country folder ``testland``."""
    folder = write.country("csv")
    return folder, write.hazards("csv", name="elsewhere")


def test_a_file_outside_the_folder_with_dotdot_is_refused(write, tmp_path):
    folder, outside = outside_file(write, tmp_path)
    assert outside.is_file()
    with pytest.raises(CountryError) as info:
        load_country(write.country(files={"hazards": "../elsewhere.csv"}))
    message = str(info.value)
    assert "country.toml: [files] hazards = '../elsewhere.csv'" in message
    assert "leads out of the folder with '..'" in message
    assert str(folder) in message


@pytest.mark.parametrize("key", ["hazards", "releases"])
def test_an_absolute_path_is_refused(write, tmp_path, key):
    _, outside = outside_file(write, tmp_path)
    with pytest.raises(CountryError, match=rf"\[files\] {key} = .* is an absolute path"):
        load_country(write.country(files={key: str(outside)}))


@pytest.mark.parametrize("name", [r"..\elsewhere.csv", r"C:\data\hazards.csv", r"\\server\x.csv"])
def test_windows_spellings_are_refused_too(write, name):
    with pytest.raises(CountryError, match=r"\[files\] hazards"):
        load_country(write.country(files={"hazards": name}))


def test_a_symlink_resolving_outside_is_refused(write, tmp_path):
    folder, outside = outside_file(write, tmp_path)
    (folder / "linked.csv").symlink_to(outside)
    with pytest.raises(CountryError) as info:
        load_country(write.country(files={"hazards": "linked.csv"}))
    message = str(info.value)
    assert "[files] hazards = 'linked.csv'" in message
    assert f"resolves to {outside.resolve()}, outside the country folder" in message


def test_a_link_inside_the_folder_and_a_subfolder_are_fine(write, tmp_path):
    folder = write.country("csv")
    (folder / "data").mkdir()
    (folder / "hazards.csv").rename(folder / "data" / "hazards.csv")
    (folder / "current.csv").symlink_to(folder / "data" / "hazards.csv")
    assert len(load_country(write.country(files={"hazards": "data/hazards.csv"})).hazards) == 5
    assert len(load_country(write.country(files={"hazards": "current.csv"})).hazards) == 5


def test_a_mapping_file_outside_is_refused_a_builtin_name_is_not(write, tmp_path):
    (tmp_path / "m.toml").write_text('[columns]\nregion = ["zone"]\n', encoding="utf-8")
    with pytest.raises(CountryError, match=r"\[files\] hazards_mapping = '\.\./m\.toml'"):
        load_country(write.country(files={"hazards_mapping": "../m.toml"}))
    (tmp_path / "testland" / "m.toml").symlink_to(tmp_path / "m.toml")
    with pytest.raises(CountryError, match="outside the country folder"):
        load_country(write.country(files={"hazards_mapping": "m.toml"}))
    inspect_country(write.country(files={"hazards_mapping": "imsma"}))  # a name, not a file


@pytest.mark.parametrize("value", [5, "", ["a.csv"]])
def test_a_file_name_that_is_not_text_is_refused(write, value):
    with pytest.raises(CountryError, match=r"\[files\] hazards = .* is not a file name"):
        load_country(write.country(files={"hazards": value}))


def test_cli_reports_it_as_an_input_error(write, tmp_path, capsys):
    outside_file(write, tmp_path)
    code = main(["validate", str(write.country(files={"hazards": "../elsewhere.csv"}))])
    assert code == 1
    assert "leads out of the folder" in capsys.readouterr().err


def test_confined_file_keeps_the_path_as_written(tmp_path):
    assert confined_file(tmp_path, "a/b.csv", key="k") == tmp_path / "a" / "b.csv"
    sub = tmp_path / "a"
    assert confined_file(tmp_path, "m.toml", key="k", base=sub) == sub / "m.toml"
