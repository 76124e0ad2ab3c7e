"""``landrelease samples DIR [--force]``, in-process."""

from __future__ import annotations

import pytest

from landrelease import samples
from landrelease.cli.main import main
from landrelease.samples import INDEX_FILE, SAMPLE_NAMES


@pytest.fixture
def cascadia_only(monkeypatch):
    """Draw only cascadia (the smallest sample), to keep the tests quick."""
    monkeypatch.setattr(samples, "_MAKERS", samples._MAKERS[2:])


def test_samples_writes_the_three_countries_into_a_new_folder(tmp_path, capsys):
    out = tmp_path / "new" / "s"
    assert main(["samples", str(out)]) == 0
    printed = capsys.readouterr().out
    for name in SAMPLE_NAMES:
        assert (out / name / "country.toml").is_file()
        assert str(out / name) in printed
    assert (out / INDEX_FILE).is_file()
    assert "SYNTHETIC" in printed
    assert f"landrelease app {out / 'aurelia'}" in printed  # the next step
    # the samples load and summarise
    assert main(["summary", str(out / "borealis")]) == 0


@pytest.mark.parametrize("taken", ["aurelia/notes.txt", "cascadia/scenarios/mine.toml"])
def test_samples_refuses_a_non_empty_country_folder_without_force(tmp_path, capsys, taken):
    (tmp_path / taken).parent.mkdir(parents=True)
    (tmp_path / taken).write_text("mine", encoding="utf-8")
    assert main(["samples", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    folder = tmp_path / taken.split("/")[0]
    assert f"not overwriting {folder}" in err
    assert "--force" in err
    assert not (tmp_path / "borealis").exists()  # nothing written
    assert (tmp_path / taken).read_text(encoding="utf-8") == "mine"


def test_samples_refuses_to_replace_another_readme(tmp_path, capsys):
    (tmp_path / INDEX_FILE).write_text("# my project\n", encoding="utf-8")
    assert main(["samples", str(tmp_path)]) == 1
    assert str(tmp_path / INDEX_FILE) in capsys.readouterr().err
    assert (tmp_path / INDEX_FILE).read_text(encoding="utf-8") == "# my project\n"


def test_empty_folders_are_not_in_the_way(tmp_path, cascadia_only):
    for name in SAMPLE_NAMES:
        (tmp_path / name).mkdir()
    assert main(["samples", str(tmp_path)]) == 0
    assert (tmp_path / "cascadia" / "country.toml").is_file()


def test_force_rewrites_the_samples_and_keeps_other_files(tmp_path, cascadia_only, capsys):
    assert main(["samples", str(tmp_path)]) == 0
    country = tmp_path / "cascadia" / "country.toml"
    original = country.read_bytes()
    country.write_text("broken", encoding="utf-8")
    mine = tmp_path / "cascadia" / "scenarios" / "mine.toml"
    mine.write_text('name = "mine"\n', encoding="utf-8")
    assert main(["samples", str(tmp_path)]) == 1  # refused: cascadia is there
    assert country.read_text(encoding="utf-8") == "broken"
    assert main(["samples", str(tmp_path), "--force"]) == 0
    assert country.read_bytes() == original
    assert mine.read_text(encoding="utf-8") == 'name = "mine"\n'
    capsys.readouterr()


def test_samples_into_a_file_is_an_error(tmp_path, capsys):
    target = tmp_path / "file.txt"
    target.write_text("x", encoding="utf-8")
    assert main(["samples", str(target)]) == 1
    assert "is a file, not a folder" in capsys.readouterr().err
