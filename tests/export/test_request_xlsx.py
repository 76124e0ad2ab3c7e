"""The XLSX workbook: sheet names, header notes from the schema, formats, filters, metadata."""

from __future__ import annotations

import datetime as dt
import zipfile
from functools import cache
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from landrelease.domain.schema import request_schemas
from landrelease.engine import ProjectionResult, project
from landrelease.export.request_write import write_request
from landrelease.export.request_xlsx import number_format, text_parts
from landrelease.io import load_country
from landrelease.reports.request import REQUEST_TABLES, RequestPack, build_request_pack
from landrelease.scenario import load_scenario

SAMPLES = Path(__file__).resolve().parents[2] / "sample_countries"
CREATED = dt.datetime(2026, 1, 15, 12, 0, tzinfo=dt.UTC)


@cache
def sample(name: str, public: bool = False) -> tuple[RequestPack, ProjectionResult]:
    country = load_country(SAMPLES / name)
    scenario = load_scenario(
        "baseline", country.scenarios_dir, baseline_year=country.info.baseline_year
    )
    result = project(country, scenario)
    return build_request_pack(country, result, public=public, created=CREATED), result


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    pack, _ = sample("cascadia")
    path = write_request(pack, tmp_path_factory.mktemp("xlsx") / "cascadia.xlsx")
    return openpyxl.load_workbook(path), pack, path


def test_one_sheet_per_table_then_metadata(book):
    wb, pack, _ = book
    assert wb.sheetnames == [*REQUEST_TABLES, "area_list", "metadata"]
    for name, table in pack.tables.items():
        sheet = wb[name]
        assert [c.value for c in sheet[1]] == list(table.columns)
        assert sheet.max_row == len(table) + 1


def test_public_workbook_has_no_area_list(tmp_path):
    pack, _ = sample("cascadia", public=True)
    wb = openpyxl.load_workbook(write_request(pack, tmp_path / "public.xlsx"))
    assert wb.sheetnames == [*REQUEST_TABLES, "metadata"]


def test_header_is_bold_frozen_filtered_and_annotated_from_the_schema(book):
    wb, pack, _ = book
    schemas = request_schemas()
    for name, table in pack.tables.items():
        sheet = wb[name]
        assert sheet.freeze_panes == "A2"
        last = openpyxl.utils.get_column_letter(len(table.columns))
        # an empty table (a report the State did not give) keeps one filter row
        assert sheet.auto_filter.ref == f"A1:{last}{max(len(table), 1) + 1}"
        for cell in sheet[1]:
            column = schemas[name][cell.value]
            assert cell.font.b
            assert column.description in cell.comment.text
            if column.unit:
                assert f"Unit: {column.unit}" in cell.comment.text
            width = sheet.column_dimensions[cell.column_letter].width
            wide = 101 if (name, cell.value) == ("narrative", "text") else 61  # wrapped
            assert 8 <= width <= wide


def test_number_formats_by_unit(book):
    wb, _, _ = book
    budget = wb["budget"]
    header = [c.value for c in budget[1]]
    assert budget.cell(2, header.index("cost_usd") + 1).number_format == "#,##0"
    assert budget.cell(2, 1).data_type == "s"  # the year column holds "Total" too: text
    capacity = wb["capacity"]
    header = [c.value for c in capacity[1]]
    assert capacity.cell(2, header.index("funded_team_years_ts") + 1).number_format == "#,##0.0"
    assert capacity.cell(2, header.index("year") + 1).number_format == "0"
    remaining = wb["remaining_challenge"]
    header = [c.value for c in remaining[1]]
    assert remaining.cell(2, header.index("area_m2") + 1).number_format == "#,##0"
    assert remaining.cell(2, header.index("sha_count") + 1).number_format == "#,##0"
    assert remaining.cell(2, header.index("article5") + 1).data_type == "b"
    assert number_format("%", "float") == "0.00"
    assert number_format("", "float") == "#,##0.00"


def test_missing_values_are_empty_cells(book):
    wb, pack, _ = book
    progress = pack["progress"]
    assert progress["target_area_m2"].isna().any()
    sheet = wb["progress"]
    column = list(progress.columns).index("target_area_m2") + 1
    row = int(progress["target_area_m2"].isna().to_numpy().argmax()) + 2
    assert sheet.cell(row, column).value is None
    work_plan = wb["work_plan"]
    assert work_plan.cell(2, 12).value is None  # a detail row has no discoveries of its own


def test_metadata_sheet_records_version_scenario_sources_and_date(book):
    wb, pack, _ = book
    rows = dict(wb["metadata"].iter_rows(min_row=2, values_only=True))
    assert rows == dict(pack.metadata)
    assert rows["scenario"] == "baseline"
    assert len(rows["scenario_hash"]) == 16
    assert rows["created_utc"] == "2026-01-15T12:00:00+00:00"
    assert {"source_hazards", "source_hazards_sha256", "tool_version"} <= set(rows)


def test_no_formula_cells_anywhere(book):
    _, _, path = book
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert b"<f>" not in archive.read(name)


@st.composite
def prose(draw: st.DrawFn) -> str:
    """Words of two or more letters (any script) between single spaces, tabs or newlines."""
    words = draw(st.lists(st.text(alphabet="abé€𝄞", min_size=2, max_size=6), min_size=1))
    gaps = draw(st.lists(st.sampled_from(" \n\t"), min_size=len(words), max_size=len(words)))
    return "".join(w + g for w, g in zip(words, gaps, strict=True)).strip()


@settings(max_examples=200, deadline=None)
@given(text=prose(), limit=st.integers(min_value=4, max_value=12))
def test_long_texts_are_cut_inside_words_so_stripped_cells_read_back_whole(text, limit):
    parts = text_parts(text, limit)
    assert "".join(parts) == text
    assert all(len(p) <= limit for p in parts)
    # a reader strips each cell's text (as read_request does): nothing may be lost
    assert all(p == p.strip() for p in parts)
