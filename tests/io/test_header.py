"""Title rows above the header: found and said, or skipped with header_row."""

from __future__ import annotations

import openpyxl
import pytest

from landrelease.errors import CountryError, LandreleaseWarning
from landrelease.io.country import load_country
from landrelease.io.files import read_raw
from landrelease.io.tables import inspect_hazards, read_hazards, read_releases

COLUMNS = ["hazard_id", "region", "status", "contamination_type", "area_m2"]
ROWS = [
    ["H-1", "North", "sha", "ap_mine", 1000],
    ["H-2", "South", "cha", "erw", 2500],
]


def titled_workbook(path, titles=("Hazardous areas, national database export",), blank=True):
    """An Excel sheet with a merged title row (and a blank row) above the header."""
    book = openpyxl.Workbook()
    sheet = book.active
    for title in titles:
        sheet.append([title])
    if blank:
        sheet.append([])
    header_row = len(titles) + blank + 1
    sheet.append(COLUMNS)
    for row in ROWS:
        sheet.append(row)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS))
    book.save(path)
    return header_row


def test_merged_title_row_in_excel_is_found_and_said(tmp_path):
    path = tmp_path / "hazards.xlsx"
    header_row = titled_workbook(path)
    assert header_row == 3
    with pytest.warns(LandreleaseWarning, match="header found on row 3: rows 1-2 look like a "
                      "title and are skipped") as caught:  # fmt: skip
        table = read_hazards(path)
    assert "header_row = 3" in str(caught[0].message)
    assert list(table["hazard_id"]) == ["H-1", "H-2"]
    assert list(table["source_row"]) == [4, 5]  # as the spreadsheet shows them


def test_title_row_in_csv(tmp_path):
    path = tmp_path / "hazards.csv"
    lines = ["Hazard list 2025,,,,", ",".join(COLUMNS), *(",".join(map(str, r)) for r in ROWS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.warns(LandreleaseWarning, match="header found on row 2: row 1 looks like a title"):
        table = read_hazards(path)
    assert list(table["source_row"]) == [3, 4]


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_header_row_in_a_mapping_file_skips_titles_silently(tmp_path, recwarn, suffix):
    path = tmp_path / f"hazards.{suffix}"
    if suffix == "xlsx":
        titled_workbook(path)
    else:
        path.write_text(
            "Hazard list\n\n" + ",".join(COLUMNS) + "\n" + "\n".join(",".join(map(str, r))
                                                                  for r in ROWS) + "\n",
            encoding="utf-8",
        )  # fmt: skip
    (tmp_path / "m.toml").write_text("header_row = 3\n", encoding="utf-8")
    table = read_hazards(path, mapping="m.toml")
    assert list(table["area_m2"]) == [1000.0, 2500.0]
    assert list(table["source_row"]) == [4, 5]
    assert not recwarn.list
    # the argument wins over the mapping
    assert read_raw(path, header_row=3).row_numbers.tolist() == [4, 5]


def test_no_header_found_suggests_header_row(tmp_path):
    path = tmp_path / "hazards.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["National hazard list"])
    for _ in range(3):
        book.active.append([1, 2, 3])
    book.save(path)
    _, problems = inspect_hazards(path)
    (note,) = [p for p in problems if p.check == "header_row"]
    assert note.severity == "warning"
    assert "row 1 does not look like a header (found 'National hazard list')" in note.message
    assert "header_row = N in a mapping file" in str(note)
    missing = [p for p in problems if p.check == "required_columns"]
    assert missing
    assert "columns found (header on row 1): National hazard list, Unnamed: 1" in str(missing[0])


def test_ordinary_files_have_no_header_note(write):
    _, problems = inspect_hazards(write.hazards("xlsx"))
    assert [p for p in problems if p.check == "header_row"] == []


def test_country_toml_header_rows(write, tmp_path):
    folder = write.country(
        "csv",
        files={"hazards": "titled.xlsx", "hazards_header_row": 3},
        country={"regions": None},
    )
    titled_workbook(folder / "titled.xlsx")
    releases = folder / "releases.csv"
    releases.write_text(
        "Release history\nregion,year,method,area_m2,contamination_type\n"
        "North,2024,cleared,100,ap_mine\nSouth,2024,reduced,200,erw\n",
        encoding="utf-8",
    )
    text = (folder / "country.toml").read_text(encoding="utf-8")
    (folder / "country.toml").write_text(
        text.replace("[files]\n", "[files]\nreleases_header_row = 2\n"), encoding="utf-8"
    )
    country = load_country(folder)
    assert list(country.hazards["source_row"]) == [4, 5]
    assert list(country.releases["source_row"]) == [3, 4]
    assert len(read_releases(releases, header_row=2)) == len(country.releases)


@pytest.mark.parametrize("value", ["0", '"2"', "true"])
def test_bad_header_row_in_country_toml(write, value):
    folder = write.country("csv")
    text = (folder / "country.toml").read_text(encoding="utf-8")
    (folder / "country.toml").write_text(
        text.replace("[files]\n", f"[files]\nhazards_header_row = {value}\n"), encoding="utf-8"
    )
    with pytest.raises(CountryError, match=r"hazards_header_row .* expected the row number"):
        load_country(folder)
