"""Reading a pack back: lossless round trips, schema dtypes, every problem located."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from landrelease.domain.schema import request_schemas, table_dtypes
from landrelease.engine import project
from landrelease.errors import LandreleaseError, LandreleaseWarning, ValidationError
from landrelease.export.request_write import write_request
from landrelease.io import load_country
from landrelease.io.request_read import coerce_request_table, read_request
from landrelease.reports.request import STATE_TABLES, RequestPack, build_request_pack
from landrelease.scenario import load_scenario

SAMPLES = Path(__file__).resolve().parents[2] / "sample_countries"
CREATED = dt.datetime(2026, 1, 15, 12, 0, tzinfo=dt.UTC)


@cache
def sample(name: str, public: bool = False) -> RequestPack:
    country = load_country(SAMPLES / name)
    scenario = load_scenario(
        "baseline", country.scenarios_dir, baseline_year=country.info.baseline_year
    )
    return build_request_pack(country, project(country, scenario), public=public, created=CREATED)


def normalised(pack: RequestPack) -> dict[str, pd.DataFrame]:
    """The pack's tables coerced to their schemas, as read_request returns them."""
    out = {}
    for name, table in pack.tables.items():
        out[name], problems = coerce_request_table(name, table)
        assert problems == [], f"{name} does not fit its schema: {problems[:3]}"
    return out


@pytest.mark.parametrize(
    ("country", "target", "exact"),
    [
        ("cascadia", "pack.xlsx", False),  # XLSX stores 16 significant digits
        ("cascadia", "pack", True),
        ("borealis", "pack", True),
    ],
)
def test_write_then_read_is_lossless(tmp_path, country, target, exact):
    pack = sample(country)
    for name in (*STATE_TABLES, "narrative"):  # the samples give every report and their text
        assert len(pack[name]) > 0, name
    assert not pack["narrative"]["empty"].any()
    back = read_request(write_request(pack, tmp_path / target))
    expected = normalised(pack)
    assert list(back.tables) == list(pack.tables)
    for name, table in expected.items():
        assert list(back[name].columns) == list(pack[name].columns), name
        pd.testing.assert_frame_equal(
            back[name], table, check_dtype=True, check_exact=exact, rtol=1e-15, obj=name
        )
    assert dict(back.metadata) == dict(pack.metadata)
    assert back.public is False


def test_read_tables_have_the_schema_dtypes(tmp_path):
    back = read_request(write_request(sample("cascadia", public=True), tmp_path / "p.xlsx"))
    assert back.public is True
    assert "area_list" not in back.tables
    for name, table in back.tables.items():
        dtypes = table_dtypes(request_schemas()[name])
        assert {c: str(t) for c, t in table.dtypes.items()} == dtypes, name


def test_every_problem_is_reported_with_sheet_row_and_column(tmp_path):
    path = write_request(sample("cascadia", public=True), tmp_path / "request.xlsx")
    book = openpyxl.load_workbook(path)
    budget = book["budget"]
    header = [c.value for c in budget[1]]
    budget.cell(3, header.index("cost_usd") + 1).value = "lots"
    capacity = book["capacity"]
    capacity.cell(1, 2).value = "stage"  # renames the column phase: an extra column now
    progress = book["progress"]
    progress.cell(5, 1).value = None  # year is required
    del book["form_c"]
    book.save(path)
    with pytest.raises(ValidationError) as caught:
        read_request(path)
    text = str(caught.value)
    assert "request.xlsx [budget], row 3, column cost_usd: cost_usd is not valid" in text
    assert "(found 'lots')" in text
    assert "request.xlsx [progress], row 5, column year: year is empty" in text
    assert "request.xlsx [form_c]: table form_c is missing" in text
    assert len(caught.value.problems) == 3


def test_unknown_sheets_are_skipped_with_a_warning(tmp_path):
    path = write_request(sample("cascadia", public=True), tmp_path / "request.xlsx")
    book = openpyxl.load_workbook(path)
    book.create_sheet("my_notes")["A1"] = "hello"
    book.save(path)
    with pytest.warns(LandreleaseWarning, match=r"request.xlsx \[my_notes\]: not a request"):
        back = read_request(path)
    assert "my_notes" not in back.tables


def test_csv_folder_problems_name_the_file_and_keep_row_numbers(tmp_path):
    folder = write_request(sample("cascadia", public=True), tmp_path / "pack")
    (folder / "notes.csv").write_text("a\n1\n", encoding="utf-8")
    lines = (folder / "risk_education.csv").read_text(encoding="utf-8").splitlines()
    lines.insert(1, ",,,")  # an empty row is skipped, but still counts
    lines[3] = lines[3].replace(",", ",-5,", 1).replace(",150000.0", "", 1)
    (folder / "risk_education.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "header.csv").unlink()
    with (
        pytest.warns(LandreleaseWarning, match="pack/notes.csv"),
        pytest.raises(ValidationError) as caught,
    ):
        read_request(folder)
    text = str(caught.value)
    assert "pack/risk_education.csv, row 4, column risk_education_usd" in text
    assert "pack/header.csv: table header is missing" in text


def test_not_a_pack(tmp_path):
    with pytest.raises(LandreleaseError, match="not a request pack"):
        read_request(tmp_path / "nothing.docx")


def test_a_pack_written_before_the_new_tables_still_reads(tmp_path):
    path = write_request(sample("cascadia", public=True), tmp_path / "old.xlsx")
    book = openpyxl.load_workbook(path)
    for name in (*STATE_TABLES, "narrative"):
        del book[name]
    risk = book["risk_education"]
    risk.delete_cols(5, risk.max_column - 4)  # year, cost, region count, regions covered
    book.save(path)
    back = read_request(path)
    assert list(back.tables) == list(sample("cascadia", public=True).tables)
    for name in STATE_TABLES:
        assert back[name].empty, name
        assert list(back[name].columns) == list(request_schemas()[name].names), name
    assert back["narrative"]["empty"].all()
    assert len(back["narrative"]) == 24
    risk_back = back["risk_education"]
    assert risk_back["regions_covered"].notna().any()
    assert risk_back["beneficiaries"].isna().all()


def test_a_long_narrative_text_is_split_over_rows_in_the_workbook_and_joined_back(tmp_path):
    pack = sample("cascadia")
    long_text = ("A paragraph of the origin section, written at length. " * 700).strip()
    assert len(long_text) > 32_767  # more than one Excel cell holds
    narrative = pack["narrative"].copy()
    narrative.loc[narrative["section_id"] == "origin", "text"] = long_text
    longer = RequestPack({**pack.tables, "narrative": narrative}, pack.metadata)
    path = write_request(longer, tmp_path / "long.xlsx")
    sheet = openpyxl.load_workbook(path, read_only=True)["narrative"]
    ids = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert ids.count("origin") == 3
    back = read_request(path)["narrative"].set_index("section_id")
    assert back.loc["origin", "text"] == long_text
    assert len(back) == 24
