"""Text that looks like a formula stays text in every export format (OWASP CSV injection)."""

from __future__ import annotations

import csv
import re
import zipfile

import docx
import openpyxl
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from landrelease.engine import project
from landrelease.export.request_write import write_request
from landrelease.io import load_country
from landrelease.io.request_read import read_request
from landrelease.io.safety import (
    escape_csv_column,
    escape_csv_text,
    is_formula_like,
    unescape_csv_text,
)
from landrelease.reports.request import build_request_pack
from landrelease.scenario import load_scenario

EVIL = '=HYPERLINK("x")'
EVIL_NAME = "-2+3"


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", EVIL])
def test_formula_triggers(text):
    assert is_formula_like(text)
    assert escape_csv_text(text) == "'" + text
    assert unescape_csv_text("'" + text) == text


@pytest.mark.parametrize("text", ["", "abc", "1-2", " =1", "Total", "m²", "'quoted"])
def test_plain_text_is_left_alone(text):
    assert not is_formula_like(text)
    assert escape_csv_text(text) == text
    assert unescape_csv_text(text) == text


def test_a_quote_before_a_trigger_gets_one_more_quote():
    assert escape_csv_text("'=1") == "''=1"
    assert unescape_csv_text("''=1") == "'=1"


@given(st.text(alphabet=st.sampled_from(list("'=+-@\t\rab1 ")), max_size=8))
def test_escape_is_reversible_and_safe(text):
    escaped = escape_csv_text(text)
    assert unescape_csv_text(escaped) == text
    assert not is_formula_like(escaped)


def test_numbers_in_a_column_stay_numbers():
    out = escape_csv_column(pd.Series([-5.0, "-5", None, "x"], dtype=object))
    assert out.tolist()[0] == -5.0
    assert out.tolist()[1] == "'-5"
    assert out.tolist()[2] is None
    assert out.tolist()[3] == "x"


@pytest.fixture
def evil_pack(write, hazards, releases, tmp_path):
    """A country whose first region is named like a formula, and an area named ``-2+3``."""
    for row in (*hazards, *releases):
        if row["region"] == "North":
            row["region"] = EVIL
    hazards[2]["name"] = EVIL_NAME
    root = write.country("csv", hazards, releases, country={"regions": [EVIL, "South", "East"]})
    (root / "scenarios").mkdir()
    # TS productivity given: the history's 0.25 TS team-years would calibrate it with a
    # warning (tests/engine/test_calibration.py), which is not what this test is about.
    (root / "scenarios" / "baseline.toml").write_text(
        'name = "baseline"\n[teams]\nmanual = 2\nnts = 1\nts = 1\n[productivity]\nts = 20000\n',
        encoding="utf-8",
    )
    country = load_country(root)
    result = project(
        country,
        load_scenario("baseline", country.scenarios_dir, baseline_year=country.info.baseline_year),
    )
    return build_request_pack(country, result), result, tmp_path


def test_xlsx_keeps_formula_like_text_as_string_cells(evil_pack):
    pack, _, folder = evil_pack
    path = write_request(pack, folder / "evil.xlsx")
    book = openpyxl.load_workbook(path)
    cell = book["remaining_challenge"]["A2"]
    assert cell.value == EVIL
    assert cell.data_type == "s"
    names = [c for c in book["area_list"]["B"] if c.value == EVIL_NAME]
    assert len(names) == 1
    assert names[0].data_type == "s"
    with zipfile.ZipFile(path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert not any(re.search(rb"<f[ >]", archive.read(n)) for n in sheets)


def test_csv_prefixes_formula_like_text_with_a_quote(evil_pack):
    pack, _, folder = evil_pack
    path = write_request(pack, folder / "evil_csv")
    with (path / "remaining_challenge.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[1][0] == "'" + EVIL
    assert rows[1][3] == "1"  # numbers are not touched
    area_list = (path / "area_list.csv").read_text(encoding="utf-8")
    assert f",'{EVIL_NAME}," in area_list
    back = read_request(path)
    assert back["remaining_challenge"]["region"].iloc[0] == EVIL
    assert EVIL_NAME in set(back["area_list"]["name"].dropna())


def test_docx_shows_the_text_as_is(evil_pack):
    pack, result, folder = evil_pack
    path = write_request(pack, folder / "evil.docx", result=result)
    cells = {c.text for t in docx.Document(str(path)).tables for r in t.rows for c in r.cells}
    assert EVIL in cells
