"""``landrelease validate``, run in-process: exit codes, messages, never a traceback."""

from __future__ import annotations

import pytest

from landrelease.cli.main import main
from landrelease.errors import ValidationError
from landrelease.io.tables import read_hazards


def run(capsys, *args):
    code = main(["validate", *map(str, args)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_good_country_folder(write, capsys):
    folder = write.country("csv")
    code, out, _ = run(capsys, folder)
    assert code == 0
    assert (
        f"{folder}: valid (Testland: 5 hazards, 140,000 m², 5 release records; 0 warnings)" in out
    )


def test_good_hazard_file(write, capsys):
    code, out, _ = run(capsys, write.hazards("xlsx"))
    assert code == 0
    assert "valid (5 hazards, 140,000 m²; 0 warnings)" in out


def test_good_release_file_kind_guessed(write, capsys):
    code, out, _ = run(capsys, write.releases("csv"))
    assert code == 0
    assert "valid (5 release records, 25,000 m²; 0 warnings)" in out


def acceptance_file(write, hazards):
    """The issue's example: negative area, unknown status, duplicate id, missing column."""
    for row in hazards:
        del row["contamination_type"]
    hazards[1]["area_m2"] = "-5"
    hazards[2]["status"] = "suspected"
    hazards[4]["hazard_id"] = "H-001"
    return write.hazards("csv", hazards)


EXPECTED = [
    "hazards.csv, column contamination_type: required column contamination_type is missing",
    "hazards.csv, row 3, column area_m2: area_m2 must be positive (found '-5')",
    "hazards.csv, row 4, column status: status is not valid (found 'suspected')",
    "hazards.csv, row 6, column hazard_id: hazard_id is not unique: also used on row 2",
]


def test_acceptance_example_one_message(write, hazards):
    path = acceptance_file(write, hazards)
    with pytest.raises(ValidationError) as info:
        read_hazards(path)
    text = str(info.value)
    assert text.startswith(f"4 problems in {path}:")
    for line in EXPECTED:
        assert line in text
    located = {(p.check, p.row, p.column) for p in info.value.problems}
    assert located == {
        ("required_columns", None, "contamination_type"),
        ("positive_areas", 3, "area_m2"),
        ("allowed_values", 4, "status"),
        ("unique_ids", 6, "hazard_id"),
    }


def test_acceptance_example_cli(write, hazards, capsys):
    path = acceptance_file(write, hazards)
    code, out, _ = run(capsys, path)
    assert code == 1
    assert "4 errors:" in out
    for line in EXPECTED:
        assert line in out
    assert f"{path}: NOT valid (4 errors, 0 warnings)" in out


def test_warnings_are_printed_and_exit_zero(write, capsys):
    folder = write.country(country={"regions": ["North", "South", "East", "West"]})
    code, out, _ = run(capsys, folder)
    assert code == 0
    assert "1 warning:" in out
    assert "country.toml, column regions: region has no hazards and no release history" in out
    assert "valid (" in out
    assert "1 warning)" in out


def test_meaning_errors_in_folder(write, hazards, capsys):
    hazards[2]["region"] = "Sout"
    code, out, _ = run(capsys, write.country("gpkg", hazards))
    assert code == 1
    assert "hazards.gpkg, feature 3, column region: unknown region (found 'Sout')" in out


def test_imsma_file_with_mapping_option(write, capsys):
    rows = [
        {"Hazard_ID": "I1", "Province": "P", "Hazard_Cla": "CHA", "Contam_Typ": "AP Mine",
         "Status": "Active", "Area_sqm": 1500},
        {"Hazard_ID": "I2", "Province": "P", "Hazard_Cla": "SHA", "Contam_Typ": "AP Mine",
         "Status": "Closed", "Area_sqm": 900},
    ]  # fmt: skip
    path = write.csv(rows, "export")
    code, out, _ = run(capsys, path, "--mapping", "imsma")
    assert code == 0
    assert "valid (1 hazards, 1,500 m²" in out
    code, out, _ = run(capsys, path)  # without the mapping nothing is recognised
    assert code == 1


def test_kind_option(write, capsys):
    path = write.releases("csv")
    code, out, _ = run(capsys, path, "--kind", "hazards")
    assert code == 1
    assert "required column status is missing" in out


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("absent.csv", None, "file not found"),
        ("hazards.txt", "hazard_id\n", "unsupported file type .txt"),
        ("export.zip", b"PK\x03\x04 broken", "not a valid zip archive"),
    ],
)
def test_unreadable_file(write, tmp_path, capsys, name, content, words):
    path = tmp_path / name if content is None else write.text(name, content)
    code, out, _ = run(capsys, path)
    assert code == 1
    assert f"{name}: {words}" in out
    assert "NOT valid (1 error, 0 warnings)" in out


def test_bad_country_toml(write, capsys):
    folder = write.country(country={"baseline": "2024-12-31"})
    code, _, err = run(capsys, folder)
    assert code == 1
    assert "error: country.toml: unknown key(s) baseline in [country]" in err


def test_unknown_mapping(write, capsys):
    code, _, err = run(capsys, write.hazards("csv"), "--mapping", "nosuch")
    assert code == 1
    assert "error: mapping 'nosuch' is neither a built-in mapping" in err


def test_repeated_ids_in_a_folder_are_an_error_not_a_crash(write, hazards, capsys):
    hazards[2]["hazard_id"] = "H-001"
    hazards[0]["original_area_m2"] = 15_000
    code, out, err = run(capsys, write.country("csv", hazards))
    assert code == 1
    assert "internal error" not in err
    assert "hazards.csv, row 4, column hazard_id: hazard_id is not unique" in out


def test_problems_are_listed_in_row_order_across_files_and_kinds(write, hazards, releases, capsys):
    hazards[3]["area_m2"] = "-1"  # row 5
    hazards[1]["status"] = "suspected"  # row 3
    hazards[4]["area_m2"] = "-2"  # row 6
    hazards[0]["area_m2"] = "-3"  # row 2
    releases[0]["method"] = "burnt"  # releases.csv row 2
    code, out, _ = run(capsys, write.country("csv", hazards, releases))
    assert code == 1
    located = [
        line.split(":")[0].removeprefix("  - ")
        for line in out.splitlines()
        if line.startswith("  - ")
    ]
    assert located == [
        "hazards.csv, row 2, column area_m2",
        "hazards.csv, row 3, column status",
        "hazards.csv, row 5, column area_m2",
        "hazards.csv, row 6, column area_m2",
        "releases.csv, row 2, column method",
    ]


def test_a_country_toml_saved_in_windows_1252_is_an_error_not_a_crash(write, capsys):
    folder = write.country(country={"name": "Côte"})
    toml = folder / "country.toml"
    toml.write_bytes(toml.read_text(encoding="utf-8").encode("cp1252"))
    code, _, err = run(capsys, folder)
    assert code == 1
    assert "country.toml: not UTF-8 text: line 2" in err
    assert "internal error" not in err
