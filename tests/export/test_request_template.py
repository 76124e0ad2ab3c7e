"""The blank request template: sheets and columns of the pack, a readme, header notes, data
validation; filled by hand it reads back with ``read_request`` and passes the review."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from landrelease.domain.enums import ContaminationType, DeviceType
from landrelease.domain.outline import outline
from landrelease.domain.schema import request_schemas
from landrelease.errors import LandreleaseError, ValidationError
from landrelease.export.request_template import (
    README_SHEET,
    TEMPLATE_ROWS,
    template_sheets,
    write_request_template,
)
from landrelease.io.request_read import REQUIRED_SHEETS, read_request
from landrelease.reports.request import REQUEST_TABLES
from landrelease.review import review_pack

TYPES = [t.value for t in ContaminationType]

# A small, consistent request of a made-up State: two regions, anti-personnel mines only,
# 100,000 m² left at the end of 2025, released in 2026 (75,000 m²) and 2027 (25,000 m²).
# Each table as a person would type it under the template's headers (blank = empty cell).
FILLED_CSV = {
    "narrative": """
section_id,number,title,file,empty,text
executive_summary,1,Executive summary,,,Testland asks for two years to release 100000 m².
origin,2,Origin of the Article 5 challenge,,,Mines were laid along two roads in 1992.
""",
    "expenditure": """
year,source,source_kind,currency,amount,amount_usd
2024,national,national,USD,100000,100000
2024,Donor A,international,EUR,90000,97000
2024,Total,all,,,197000
2025,national,national,USD,110000,110000
2025,Total,all,,,110000
""",
    "casualties": """
year,region,device_type,killed,injured,casualties,female,male,sex_unknown,child,adult,age_unknown
2024,North,ap_mine,1,2,3,1,2,0,1,2,0
2024,Total,ap_mine,1,2,3,1,2,0,1,2,0
2024,Total,all,1,2,3,1,2,0,1,2,0
""",
    "marking": """
year,region,measure,area_count,area_m2
2025,North,marked,2,30000
2025,Total,marked,2,30000
""",
    "stocks": """
year,region,status,contamination_type,area_m2,source
2023,all,all,all,215000,Article 7 report 2024
2024,all,all,all,160000,Article 7 report 2025
2025,all,all,all,100000,Article 7 report 2026
""",
    "previous_baseline": """
year,region,status,contamination_type,hazard_count,area_m2,source
2023,North,all,ap_mine,4,110000,extension request 2023
2023,South,all,ap_mine,4,105000,extension request 2023
""",
    "header": """
item,value
country,Testland
country_code,XTL
entry_into_force_date,2016-03-01
original_deadline_date,2026-03-01
previous_extensions,none
current_deadline_date,2026-03-01
baseline_date,2025-12-31
projected_completion_year,2027
accessible_completion_year,2027
request_kind,extension
duration_requested_years,2
requested_deadline_date,2028-03-01
requested_deadline_funding,reached with secured money only
submission_date,2026-01-31
""",
    "remaining_challenge": """
region,contamination_type,article5,sha_count,sha_area_m2,cha_count,cha_area_m2,hazard_count,\
area_m2,inaccessible_count,inaccessible_area_m2,border_count,military_count
North,ap_mine,TRUE,2,30000,1,20000,3,50000,0,0,1,0
North,all,TRUE,2,30000,1,20000,3,50000,0,0,1,0
South,ap_mine,TRUE,1,10000,2,40000,3,50000,1,5000,0,0
South,all,TRUE,1,10000,2,40000,3,50000,1,5000,0,0
Total,ap_mine,TRUE,3,40000,3,60000,6,100000,1,5000,1,0
Total,all,TRUE,3,40000,3,60000,6,100000,1,5000,1,0
""",
    "progress": """
year,region,cancelled_area_m2,reduced_area_m2,cleared_area_m2,released_area_m2,\
ap_mines_destroyed,av_mines_destroyed,other_items_destroyed,target_area_m2,achieved_pct
2024,North,10000,5000,15000,30000,10,0,2,,
2024,South,5000,5000,15000,25000,5,0,1,,
2024,Total,15000,10000,30000,55000,15,0,3,60000,91.66666666666667
2025,North,10000,5000,15000,30000,8,0,0,,
2025,South,10000,5000,15000,30000,7,0,0,,
2025,Total,20000,10000,30000,60000,15,0,0,60000,100
""",
    "work_plan": """
year,region,contamination_type,nts_areas,cancelled_area_m2,ts_areas,reduced_area_m2,\
clearance_areas,cleared_area_m2,areas_completed,released_area_m2,discovered_area_m2,\
remaining_sha_area_m2,remaining_cha_area_m2,remaining_area_m2
2026,North,ap_mine,2,20000,1,10000,1,20000,3,50000,,,,
2026,South,ap_mine,0,0,1,5000,1,20000,1,25000,,,,
2026,Total,all,2,20000,2,15000,2,40000,4,75000,0,5000,20000,25000
2027,South,ap_mine,1,5000,0,0,1,20000,2,25000,,,,
2027,Total,all,1,5000,0,0,1,20000,2,25000,0,0,0,0
""",
    "budget": """
year,planned_cost_manual_usd,planned_cost_mechanical_usd,planned_cost_mdd_usd,\
planned_cost_nts_usd,planned_cost_ts_usd,fixed_programme_usd,risk_education_usd,\
residual_capacity_usd,planned_cost_usd,cost_usd,national_usd,international_secured_usd,\
international_expected_usd,secured_usd,expected_usd,funding_gap_usd,gap_after_expected_usd,\
unsecured_usd
2026,100000,0,0,20000,30000,50000,10000,0,210000,210000,110000,100000,0,210000,0,0,0,0
2027,100000,0,0,10000,0,50000,10000,20000,190000,160000,100000,60000,30000,160000,30000,\
30000,0,0
Total,200000,0,0,30000,30000,100000,20000,20000,400000,370000,210000,160000,30000,370000,\
30000,30000,0,0
""",
    "capacity": """
year,phase,planned_team_years_manual,planned_team_years_mechanical,planned_team_years_mdd,\
planned_team_years_nts,planned_team_years_ts,funded_team_years_manual,\
funded_team_years_mechanical,funded_team_years_mdd,funded_team_years_nts,funded_team_years_ts,\
residual_capacity_usd
2026,work,2,0,0,1,1,2,0,0,1,1,0
2027,work,2,0,0,0.5,0,2,0,0,0.5,0,20000
""",
    "cases": """
case,assumes,article5_completion_year,completion_year,years_beyond_deadline,\
required_deadline_date,planned_cost_usd,funding_gap_usd,reaches_requested_deadline
plan,the plan as written,2027,2027,2,2028-03-01,400000,30000,TRUE
secured_only,expected funding not counted,2027,2027,2,2028-03-01,400000,30000,TRUE
""",
    "risk_education": """
year,risk_education_usd,region_count,regions_covered,regions_residual,channels,\
beneficiaries_girls,beneficiaries_boys,beneficiaries_women,beneficiaries_men,beneficiaries,\
beneficiaries_with_disability,planned_cost_usd
2026,10000,2,North; South,,school sessions; radio,300,320,250,230,1100,40,10000
2027,10000,2,North; South,North,school sessions,150,160,120,110,540,20,10000
""",
    "assumptions": """
section,key,value,unit,source
funding,national_usd_per_year,100000,US$,budget law 2026
""",
    "form_c": """
region,status,contamination_type,area_count,area_m2
North,sha,ap_mine,2,30000
North,cha,ap_mine,1,20000
South,sha,ap_mine,1,10000
South,cha,ap_mine,2,40000
""",
    "form_f_g": """
year,cancelled_area_m2,reduced_area_m2,cleared_area_m2,released_area_m2,ap_mines_destroyed,\
av_mines_destroyed,other_items_destroyed
2024,15000,10000,30000,55000,15,0,3
2025,20000,10000,30000,60000,15,0,0
""",
}


def _typed(text: str) -> Any:
    """A cell as a person types it into Excel: numbers as numbers, TRUE/FALSE as booleans."""
    if text == "":
        return None
    if text in ("TRUE", "FALSE"):
        return text == "TRUE"
    try:
        number = float(text)
    except ValueError:
        return text
    return int(number) if number.is_integer() and "." not in text else number


def _table(text: str) -> tuple[tuple[str, ...], list[tuple[Any, ...]]]:
    lines = list(csv.reader(io.StringIO(text.strip())))
    return tuple(lines[0]), [tuple(_typed(v) for v in line) for line in lines[1:]]


FILLED = {name: _table(text) for name, text in FILLED_CSV.items()}
"""Sheet → (columns, rows)."""


def fill(path: Path, filled: dict[str, tuple[tuple[str, ...], list[tuple[Any, ...]]]]) -> None:
    """Type ``filled`` into the template at ``path`` as a person would, under its headers."""
    book = openpyxl.load_workbook(path)
    for sheet, (columns, rows) in filled.items():
        ws = book[sheet]
        header = [c.value for c in ws[1]]
        assert set(columns) <= set(header), sheet
        # header items are written in advance: fill the value beside each item
        if sheet == "header":
            at = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
            for item, value in rows:
                ws.cell(at[item], 2, value)
            continue
        for r, values in enumerate(rows, start=2):
            for name, value in zip(columns, values, strict=True):
                if value is not None:
                    ws.cell(r, header.index(name) + 1, value)
    meta = book["metadata"]
    for r in range(2, meta.max_row + 1):
        if meta.cell(r, 1).value == "country":
            meta.cell(r, 2, "Testland")
    book.save(path)


@pytest.fixture
def template(tmp_path: Path) -> Path:
    return write_request_template(tmp_path / "template.xlsx")


def test_sheets_and_columns_follow_the_request_schema(template):
    book = openpyxl.load_workbook(template)
    assert book.sheetnames == [README_SHEET, *template_sheets()]
    assert book.sheetnames[1:] == [*REQUEST_TABLES, "area_list", "metadata"]
    assert set(REQUIRED_SHEETS) <= set(book.sheetnames)
    for name, table in request_schemas().items():
        ws = book[name]
        assert tuple(c.value for c in ws[1]) == table.names, name
        for cell, col in zip(ws[1], table.columns, strict=True):
            assert cell.comment is not None
            assert cell.comment.text.startswith(f"{col.name}: {col.description}")
            if col.unit:
                assert f"Unit: {col.unit}" in cell.comment.text
    public = write_request_template(template.parent / "public.xlsx", area_list=False)
    assert "area_list" not in openpyxl.load_workbook(public).sheetnames


def test_readme_explains_every_sheet_and_column(template):
    ws = openpyxl.load_workbook(template)[README_SHEET]
    rows = list(ws.iter_rows(values_only=True))
    described = {(r[0], r[1]): r for r in rows if r[0] in request_schemas() and r[1]}
    for name, table in request_schemas().items():
        assert any(r[0] == name and str(r[1]).startswith(table.description) for r in rows)
        for col in table.columns:
            row = described[(name, col.name)]
            assert row[3] == (col.unit or None)
            assert row[6] == col.description
    area = described[("remaining_challenge", "sha_area_m2")]
    assert area[2:5] == ("number", "m²", None)
    assert "at least 0" in area[5]
    texts = " ".join(str(v) for r in rows for v in r if v)
    for value in [*TYPES, "projected_completion_year", "km²"]:
        assert value in texts


def _validations(ws: Any) -> dict[str, Any]:
    """Data validations of a sheet by column letter (each covers one column)."""
    out = {}
    for dv in ws.data_validations.dataValidation:
        (cells,) = str(dv.sqref).split()
        first, last = cells.split(":")
        assert first.endswith("2")
        assert last.removeprefix(first.rstrip("0123456789")) == str(
            TEMPLATE_ROWS if ws.title != "area_list" else 20000
        )
        out[first.rstrip("0123456789")] = dv
    return out


def test_data_validation_lists_and_numbers(template):
    book = openpyxl.load_workbook(template)
    rc = _validations(book["remaining_challenge"])
    assert rc["B"].type == "list"
    assert rc["B"].formula1 == '"' + ",".join([*TYPES, "all", "article5"]) + '"'
    assert (rc["E"].type, rc["E"].operator, rc["E"].formula1) == (
        "decimal",
        "greaterThanOrEqual",
        "0",
    )  # sha_area_m2
    assert (rc["D"].type, rc["D"].formula1) == ("whole", "0")  # sha_count
    assert "A" not in rc  # region: the country's own names
    fc = _validations(book["form_c"])
    assert fc["B"].formula1 == '"sha,cha"'
    assert fc["C"].formula1 == '"' + ",".join(TYPES) + '"'  # one row per type: no "all"
    progress = _validations(book["progress"])
    assert (progress["A"].type, progress["A"].formula1, progress["A"].formula2) == (
        "whole",
        "1990",
        "2100",
    )
    budget = _validations(book["budget"])
    assert budget["A"].type == "custom"  # a year or Total
    assert '"Total"' in budget["A"].formula1
    assert budget["J"].type == "decimal"  # planned_cost_usd
    capacity = _validations(book["capacity"])
    assert capacity["H"].type == "decimal"  # funded_team_years_manual, at least 0
    assert (capacity["H"].formula1, capacity["H"].formula2) == ("0", None)
    assert capacity["B"].formula1 == '"work,residual"'
    assert all(dv.showErrorMessage for dv in rc.values())


def test_blank_template_reads_back_with_no_warning(template):
    # filterwarnings=error: a warning (e.g. about the readme sheet) fails this test
    pack = read_request(template)
    assert list(pack.tables) == [*REQUEST_TABLES, "area_list"]
    assert all(
        len(pack[name]) == 0 for name in REQUEST_TABLES if name not in ("header", "narrative")
    )
    narrative = pack["narrative"]
    assert list(narrative["section_id"]) == [s.id for s in outline()]  # written in advance
    assert list(narrative["title"]) == [s.title for s in outline()]
    assert narrative["empty"].all()
    assert list(pack["header"]["item"]) == [
        "country",
        "country_code",
        "entry_into_force_date",
        "original_deadline_date",
        "previous_extensions",
        "current_deadline_date",
        "baseline_date",
        "projected_completion_year",
        "accessible_completion_year",
        "request_kind",
        "duration_requested_years",
        "requested_deadline_date",
        "requested_deadline_funding",
        "submission_date",
    ]
    assert pack.metadata["currency"] == "USD"
    assert not pack.public


def test_filled_template_reads_back_and_passes_the_review(template):
    fill(template, FILLED)
    pack = read_request(template)
    for name, (_, rows) in FILLED.items():
        table = pack[name]
        # the narrative lists every section in advance; two are written here
        assert len(table) == (len(outline()) if name == "narrative" else len(rows)), name
        assert tuple(table.columns) == request_schemas()[name].names
    rc = pack["remaining_challenge"]
    assert str(rc["area_m2"].dtype) == "float64"
    assert str(rc["sha_count"].dtype) == "Int64"
    assert rc.loc[rc["region"] == "Total", "area_m2"].tolist() == [100000.0, 100000.0]
    assert pack["budget"]["year"].tolist() == ["2026", "2027", "Total"]
    narrative = pack["narrative"].set_index("section_id")
    assert narrative.loc["origin", "text"] == "Mines were laid along two roads in 1992."
    assert not narrative.loc["origin", "empty"]
    assert narrative.loc["origin", "number"] == "2"  # a text cell, never the number 2.0
    assert narrative["empty"].sum() == len(outline()) - 2
    assert pack["expenditure"]["amount_usd"].tolist() == [100000, 97000, 197000, 110000, 110000]
    assert pack["casualties"]["device_type"].tolist() == ["ap_mine", "ap_mine", "all"]
    assert pack["risk_education"]["regions_residual"].tolist()[1] == "North"
    assert pack["previous_baseline"]["area_m2"].sum() == pack["stocks"]["area_m2"].iloc[0]
    assert pack.metadata["country"] == "Testland"
    review = review_pack(pack)
    assert review.ok, [f.message for f in review.of("error")]
    assert review.title == "Testland"


def _bad(template: Path, sheet: str, row: int, column: str, value: Any) -> ValidationError:
    fill(template, FILLED)
    book = openpyxl.load_workbook(template)
    ws = book[sheet]
    header = [c.value for c in ws[1]]
    ws.cell(row, header.index(column) + 1, value)
    book.save(template)
    with pytest.raises(ValidationError) as caught:
        read_request(template)
    return caught.value


def test_text_in_an_area_column_is_rejected_with_sheet_row_and_column(template):
    error = _bad(template, "remaining_challenge", 4, "cha_area_m2", "about 40 ha")
    (problem,) = error.problems
    assert (problem.file, problem.row, problem.column) == (
        "template.xlsx [remaining_challenge]",
        4,
        "cha_area_m2",
    )
    assert "template.xlsx [remaining_challenge], row 4, column cha_area_m2" in str(error)
    assert "'about 40 ha'" in str(error)


def test_an_unknown_status_is_rejected_with_sheet_row_and_column(template):
    error = _bad(template, "form_c", 3, "status", "suspected?")
    (problem,) = error.problems
    assert (problem.file, problem.row, problem.column) == ("template.xlsx [form_c]", 3, "status")
    assert "sha, cha" in str(error)


def test_template_needs_an_xlsx_name(tmp_path):
    with pytest.raises(LandreleaseError, match=r"\.xlsx"):
        write_request_template(tmp_path / "template.csv")
    assert not list(tmp_path.iterdir())


def test_new_sheets_have_their_lists_and_the_readme_lists_every_section(template):
    book = openpyxl.load_workbook(template)
    casualties = _validations(book["casualties"])
    assert casualties["C"].formula1 == '"' + ",".join([*(d.value for d in DeviceType), "all"]) + '"'
    assert (casualties["D"].type, casualties["D"].formula1) == ("whole", "0")  # killed
    assert _validations(book["marking"])["C"].formula1 == '"marked,fenced"'
    assert _validations(book["stocks"])["C"].formula1 == '"sha,cha,all"'
    narrative = _validations(book["narrative"])
    assert narrative["E"].formula1 == '"TRUE,FALSE"'  # empty
    readme = [r for r in book[README_SHEET].iter_rows(values_only=True)]
    sections = {r[0]: r for r in readme if r[0] in {s.id for s in outline()}}
    for s in outline():
        assert sections[s.id][1] == s.heading
        assert sections[s.id][6] == s.guidance


def test_a_narrative_row_of_an_unknown_section_is_an_error(template):
    error = _bad(template, "narrative", 3, "section_id", "orign")
    (problem,) = error.problems
    assert (problem.file, problem.row, problem.column) == (
        "template.xlsx [narrative]",
        3,
        "section_id",
    )
    assert "orign is not a section of the request" in str(error)
