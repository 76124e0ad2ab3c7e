"""``landrelease review``, in-process: exit codes, tampered figures named with sheet and row,
and the Markdown, JSON and DOCX outputs."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import docx
import openpyxl
import pytest

from landrelease import __version__
from landrelease.cli.main import main
from landrelease.io.country import read_country_info
from landrelease.io.request_read import read_request
from landrelease.review import in_force

SAMPLES = Path(__file__).resolve().parents[2] / "sample_countries"
HISTORY = SAMPLES / "cascadia" / "releases.csv"
BUDGET_COMPONENTS = (
    "planned_cost_manual_usd",
    "planned_cost_mechanical_usd",
    "planned_cost_mdd_usd",
    "planned_cost_nts_usd",
    "planned_cost_ts_usd",
    "fixed_programme_usd",
    "risk_education_usd",
    "residual_capacity_usd",
)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Cascadia's baseline request pack, exported once for the module."""
    out = tmp_path_factory.mktemp("export") / "r.xlsx"
    args = ["export", str(SAMPLES / "cascadia"), "--scenario", "baseline", "--out", str(out)]
    assert main(args) == 0
    return out


@pytest.fixture
def request_xlsx(exported: Path, tmp_path: Path) -> Path:
    """A copy of the exported pack the test may change."""
    return Path(shutil.copy(exported, tmp_path / "r.xlsx"))


def _columns(ws: openpyxl.worksheet.worksheet.Worksheet) -> dict[str, int]:
    return {str(c.value): c.column for c in ws[1]}


def tamper_region_area(path: Path) -> tuple[str, int, str, str]:
    """Add 12,345 m² to one region's area_m2 in remaining_challenge; return the sheet, the
    row and the stated and expected figures as the review writes them."""
    book = openpyxl.load_workbook(path)
    ws = book["remaining_challenge"]
    col = _columns(ws)
    row = next(
        r
        for r in range(2, ws.max_row + 1)
        if ws.cell(r, col["region"]).value != "Total"
        and ws.cell(r, col["contamination_type"]).value == "ap_mine"
    )
    sha_cha = ws.cell(row, col["sha_area_m2"]).value + ws.cell(row, col["cha_area_m2"]).value
    stated = ws.cell(row, col["area_m2"]).value + 12_345
    ws.cell(row, col["area_m2"], stated)
    book.save(path)
    return "remaining_challenge", row, f"{stated:,.0f} m²", f"{sha_cha:,.0f} m²"


def tamper_budget_cost(path: Path) -> tuple[str, int, str, str]:
    """Add US$50,000 to one year's planned_cost_usd in budget; return the sheet, the row and the
    stated and expected (sum of the components) figures as the review writes them."""
    book = openpyxl.load_workbook(path)
    ws = book["budget"]
    col = _columns(ws)
    row = 3  # the second year of the plan
    assert ws.cell(row, col["year"]).value != "Total"
    components = sum(ws.cell(row, col[c]).value or 0 for c in BUDGET_COMPONENTS)
    stated = ws.cell(row, col["planned_cost_usd"]).value + 50_000
    ws.cell(row, col["planned_cost_usd"], stated)
    book.save(path)
    return "budget", row, f"US${stated:,.0f}", f"US${components:,.0f}"


def test_exported_pack_has_no_error(request_xlsx, capsys):
    assert main(["review", str(request_xlsx)]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("# Committee review: Cascadia — baseline\n")
    assert "**Verdict:** No errors" in captured.out
    assert "## Errors (0)" in captured.out
    # its plan is a little above its typical recent year: the pace on its record is a warning
    assert "**forecast_probability** (work_plan, row " in captured.out
    assert "## Plan versus actual" not in captured.out
    assert captured.err == ""


def test_history_adds_plan_versus_actual(request_xlsx, capsys):
    assert main(["review", str(request_xlsx), "--history", str(HISTORY)]) == 0
    out = capsys.readouterr().out
    assert "## Plan versus actual" in out
    # Cascadia's 2021 milestone (country.toml), reported in progress
    (target,) = [
        m.area_m2 for m in read_country_info(SAMPLES / "cascadia")[0].milestones if m.year == 2021
    ]
    assert f"| 2021 | Total | released | {target:,.0f} |" in out


@pytest.mark.parametrize("tamper", [tamper_region_area, tamper_budget_cost])
def test_a_tampered_figure_is_an_error_naming_sheet_row_and_figures(request_xlsx, capsys, tamper):
    sheet, row, stated, expected = tamper(request_xlsx)
    assert main(["review", str(request_xlsx)]) == 1
    out = capsys.readouterr().out
    assert "**Verdict:** " in out
    assert "## Errors (0)" not in out
    lines = [
        line
        for line in out.splitlines()
        if f"({sheet}, row {row}," in line and stated in line and expected in line
    ]
    assert lines, f"no error naming {sheet} row {row}, {stated} and {expected}:\n{out}"


def test_json_out_has_the_findings(request_xlsx, tmp_path, capsys):
    sheet, row, _, _ = tamper_budget_cost(request_xlsx)
    out = tmp_path / "findings.json"
    assert main(["review", str(request_xlsx), "--out", str(out)]) == 1
    printed = capsys.readouterr().out
    assert printed.startswith(f"wrote review {out}: Cascadia — baseline\n")
    assert f"error: {sheet}, row {row}, column planned_cost_usd:" in printed
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["ok"] is False
    assert data["counts"]["error"] >= 1
    errors = [f for f in data["findings"] if f["severity"] == "error"]
    where = {"sheet": sheet, "row": row, "column": "planned_cost_usd"}
    assert where.items() <= errors[0].items()
    assert data["plan_vs_actual"] is None
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_docx_out_opens_with_verdict_findings_and_plan_versus_actual(
    request_xlsx, tmp_path, capsys
):
    out = tmp_path / "findings.docx"
    args = ["review", str(request_xlsx), "--history", str(HISTORY), "--out", str(out)]
    assert main(args) == 0
    assert "No errors" in capsys.readouterr().out
    document = docx.Document(str(out))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Committee review: Cascadia — baseline" in text
    assert "Verdict: No errors" in text
    for heading in ("Errors (0)", "Warnings (", "Notes (", "Plan versus actual", "Not checked"):
        assert heading in text
    assert "Question to the State: " in text
    # the action plan in force when the pack was made is named, and each finding carries
    # the actions of its check
    assert f"Action plan: {in_force(read_request(request_xlsx)).describe()}" in text
    assert "Action plan: Oslo Action Plan #" in text
    # the pack carries cascadia's Article 7 stocks: the reconciliation table comes last
    assert "Reconciliation of the stock" in text
    track, reconciliation = document.tables[-2:]
    assert track.rows[0].cells[0].text == "year"
    first = read_country_info(SAMPLES / "cascadia")[0].milestones[0]  # the first target
    assert [track.rows[1].cells[i].text for i in (0, 3)] == [
        str(first.year),
        f"{first.area_m2:,.0f}",
    ]
    assert [c.text for c in reconciliation.rows[0].cells[:3]] == ["region", "from_year", "to_year"]


def test_markdown_out_is_the_printed_review(request_xlsx, tmp_path, capsys):
    assert main(["review", str(request_xlsx)]) == 0
    printed = capsys.readouterr().out
    out = tmp_path / "findings.md"
    assert main(["review", str(request_xlsx), "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == printed


def _not_a_workbook(path: Path) -> Path:
    bad = path.parent / "notes.xlsx"
    bad.write_text("these are notes, not a workbook\n", encoding="utf-8")
    return bad


def _missing(path: Path) -> Path:
    return path.parent / "missing.xlsx"


def _text_file(path: Path) -> Path:
    bad = path.parent / "request.txt"
    bad.write_text("year,cost\n", encoding="utf-8")
    return bad


def _sheet_removed(path: Path) -> Path:
    book = openpyxl.load_workbook(path)
    del book["budget"]
    book.save(path)
    return path


def _text_in_area(path: Path) -> Path:
    book = openpyxl.load_workbook(path)
    book["form_c"]["E3"] = "lots"
    book.save(path)
    return path


@pytest.mark.parametrize(
    ("make", "said"),
    [
        (_not_a_workbook, "not an Excel workbook"),
        (_missing, "no such file"),
        (_text_file, "not a request pack"),
        (_sheet_removed, "table budget is missing"),
        (_text_in_area, "r.xlsx [form_c], row 3, column area_m2"),
    ],
)
def test_an_unreadable_request_exits_2_with_a_message(request_xlsx, capsys, make, said):
    bad = make(request_xlsx)
    assert main(["review", str(bad)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("error: ")
    assert said in captured.err
    assert "Traceback" not in captured.err


def test_an_unreadable_history_exits_2(request_xlsx, tmp_path, capsys):
    history = tmp_path / "releases.csv"
    history.write_text("year,area\n2020,abc\n", encoding="utf-8")
    assert main(["review", str(request_xlsx), "--history", str(history)]) == 2
    err = capsys.readouterr().err
    assert "releases.csv" in err
    assert "Traceback" not in err


def test_an_unknown_out_extension_exits_2_before_reading(tmp_path, capsys):
    out = tmp_path / "findings.pdf"
    assert main(["review", str(tmp_path / "missing.xlsx"), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert ".md, .docx or .json" in err
    assert not out.exists()


def test_json_out_records_the_tool_version_and_the_inputs_sha256(request_xlsx, tmp_path, capsys):
    out = tmp_path / "findings.json"
    args = ["review", str(request_xlsx), "--history", str(HISTORY), "--out", str(out)]
    assert main(args) == 0
    origin = json.loads(out.read_text(encoding="utf-8"))["provenance"]
    assert origin["tool_version"] == __version__
    inputs = {i["role"]: (i["file"], i["sha256"]) for i in origin["inputs"]}
    assert inputs == {
        role: (path.name, hashlib.sha256(path.read_bytes()).hexdigest())
        for role, path in (("request", request_xlsx), ("history", HISTORY))
    }


def test_a_committee_members_thresholds_change_the_verdict(request_xlsx, tmp_path, capsys):
    """Cascadia's fourth request with falling output is a warning in the package's table; a
    Committee member who makes it an error gets exit 1."""
    rules = tmp_path / "committee.toml"
    rules.write_text(
        '[[rule]]\ncheck = "repeat_request"\nparameter = "falling_pct"\nseverity = "error"\n',
        encoding="utf-8",
    )
    assert main(["review", str(request_xlsx), "--thresholds", str(rules)]) == 1
    out = capsys.readouterr().out
    assert "## Errors (1)" in out
    assert "**repeat_request** (header, row " in out
    assert f"Severities and thresholds: {rules}." in out


def test_an_unreadable_thresholds_file_exits_2(request_xlsx, tmp_path, capsys):
    rules = tmp_path / "committee.toml"
    rules.write_text('[[rule]]\ncheck = "best_year"\nparameter = "fastest"\nvalue = 2\n', "utf-8")
    assert main(["review", str(request_xlsx), "--thresholds", str(rules)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "committee.toml, [[rule]] entry 1, column parameter" in captured.err
    assert "Traceback" not in captured.err
    assert main(["review", str(request_xlsx), "--thresholds", str(tmp_path / "none.toml")]) == 2
    assert "no such file" in capsys.readouterr().err
