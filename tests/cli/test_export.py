"""``landrelease export``, in-process: every sample country in every format."""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
import pandas as pd
import pytest

from landrelease.cli.export import PACK_DRAWS
from landrelease.cli.main import main
from landrelease.domain.outline import outline
from landrelease.engine.cases import CASES
from landrelease.export.request_docx import NO_FORECAST, TO_BE_COMPLETED
from landrelease.io.manifest import MANIFEST_FILE
from landrelease.reports.request import REQUEST_TABLES
from landrelease.samples.narrative import MARK

SAMPLES = Path(__file__).resolve().parents[2] / "sample_countries"
COUNTRIES = ("aurelia", "borealis", "cascadia")
FEW_DRAWS = 20
"""Draws of the pack's forecast where a test is about the files, not the figures."""


@pytest.mark.parametrize("country", COUNTRIES)
@pytest.mark.parametrize("target", ["request.xlsx", "request.docx", "request"])
def test_export_every_sample_in_every_format(tmp_path, capsys, country, target):
    out = tmp_path / target
    args = ["export", str(SAMPLES / country), "--scenario", "baseline", "--out", str(out)]
    assert main([*args, "--draws", str(FEW_DRAWS)]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("wrote ")
    assert str(out) in printed
    assert "scenario baseline" in printed
    assert f"forecast of the plan and its cases ({FEW_DRAWS} draws, seed 0): P(" in printed
    sheets = [*REQUEST_TABLES, "area_list", "metadata"]
    if out.suffix == ".xlsx":
        book = openpyxl.load_workbook(out, read_only=True)
        assert book.sheetnames == sheets
        rows = list(book["confidence"].iter_rows(min_row=2, values_only=True))
        book.close()
        assert [r[0] for r in rows] == list(CASES)  # the plan and every case
    elif out.suffix == ".docx":
        document = docx.Document(str(out))
        assert len(document.inline_shapes) == 3  # the fan, the burn-down, the funding chart
        assert document.paragraphs[0].text.endswith(country.capitalize())
        # the whole request: every section in order, each with its (synthetic) text, every
        # figure filled
        texts = [p.text for p in document.paragraphs]
        headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
        assert headings == [s.heading for s in outline()]
        assert TO_BE_COMPLETED not in texts
        assert texts.count(MARK.format(name=country.capitalize()).strip("*")) == len(outline())
        assert not any("{{" in t or "}}" in t for t in texts)
    else:
        assert sorted(p.name for p in out.iterdir()) == sorted(
            [*(f"{s}.csv" for s in sheets), MANIFEST_FILE]
        )


@pytest.mark.parametrize("target", ["public.xlsx", "public"])
def test_public_export_leaves_out_the_area_list(tmp_path, capsys, target):
    out = tmp_path / target
    args = ["export", str(SAMPLES / "cascadia"), "--out", str(out), "--public"]
    assert main([*args, "--draws", str(FEW_DRAWS)]) == 0
    printed = capsys.readouterr().out
    assert "wrote public" in printed
    assert "left out: area_list" in printed
    sheets = [*REQUEST_TABLES, "metadata"]
    if out.suffix == ".xlsx":
        assert openpyxl.load_workbook(out).sheetnames == sheets
    else:
        assert sorted(p.name for p in out.iterdir()) == sorted(
            [*(f"{s}.csv" for s in sheets), MANIFEST_FILE]
        )


def test_unsupported_extension_is_a_message(tmp_path, capsys):
    out = tmp_path / "request.pdf"
    assert main(["export", str(SAMPLES / "cascadia"), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "error:" in err
    assert ".pdf" in err
    assert ".xlsx or .docx" in err
    assert "Traceback" not in err
    assert not out.exists()


def test_unknown_scenario_is_a_message(tmp_path, capsys):
    out = tmp_path / "r.xlsx"
    assert main(["export", str(SAMPLES / "cascadia"), "--scenario", "nope", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "scenario 'nope' not found" in err
    assert "Traceback" not in err
    assert not out.exists()


def test_a_folder_of_other_files_keeps_them(tmp_path, capsys):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "keep.txt").write_text("mine", encoding="utf-8")
    args = ["export", str(SAMPLES / "cascadia"), "--out", str(tmp_path / "docs"), "--draws", "0"]
    assert main(args) == 0
    assert (tmp_path / "docs" / "keep.txt").read_text(encoding="utf-8") == "mine"
    assert (tmp_path / "docs" / "budget.csv").is_file()


def test_out_is_required(capsys):
    with pytest.raises(SystemExit):
        main(["export", str(SAMPLES / "cascadia")])
    assert "--out" in capsys.readouterr().err


def test_submission_date_is_stated_in_the_header(tmp_path, capsys):
    out = tmp_path / "request"
    args = ["export", str(SAMPLES / "cascadia"), "--out", str(out), "--draws", "0"]
    assert main([*args, "--submission-date", "2026-03-31"]) == 0
    assert "submission_date,2026-03-31" in (out / "header.csv").read_text(encoding="utf-8")
    with pytest.raises(SystemExit) as caught:
        main([*args, "--submission-date", "31/03/2026"])
    assert caught.value.code == 2
    assert "'31/03/2026' is not a date; expected YYYY-MM-DD" in capsys.readouterr().err


def confidence_rows(folder: Path) -> pd.DataFrame:
    return pd.read_csv(folder / "confidence.csv")


def test_the_forecast_behind_the_pack_takes_its_draws_and_seed(tmp_path, capsys):
    default, chosen, again = tmp_path / "default", tmp_path / "chosen", tmp_path / "again"
    args = ["export", str(SAMPLES / "cascadia"), "--out"]
    assert main([*args, str(default)]) == 0
    assert f"({PACK_DRAWS} draws, seed 0)" in capsys.readouterr().out
    assert main([*args, str(chosen), "--draws", "12", "--seed", "5"]) == 0
    assert main([*args, str(again), "--draws", "12", "--seed", "5"]) == 0
    table = confidence_rows(default)
    assert list(table["case"]) == list(CASES)
    assert set(table["draws"]) == {PACK_DRAWS}
    assert set(table["seed"]) == {0}
    mine = confidence_rows(chosen)
    assert (set(mine["draws"]), set(mine["seed"])) == ({12}, {5})
    same = (chosen / "confidence.csv").read_bytes() == (again / "confidence.csv").read_bytes()
    assert same  # the same seed gives the same figures
    meta = pd.read_csv(chosen / "metadata.csv").set_index("key")["value"]
    assert (meta["forecast_draws"], meta["forecast_seed"]) == ("12", "5")


def test_no_forecast_with_zero_draws(tmp_path, capsys):
    out = tmp_path / "request.docx"
    assert main(["export", str(SAMPLES / "cascadia"), "--out", str(out), "--draws", "0"]) == 0
    assert "no forecast (--draws 0): the confidence table is empty" in capsys.readouterr().out
    document = docx.Document(str(out))
    assert len(document.inline_shapes) == 2  # no fan
    assert NO_FORECAST in [p.text for p in document.paragraphs]


@pytest.mark.parametrize("flag", ["--draws", "--seed"])
@pytest.mark.parametrize("value", ["-1", "many"])
def test_bad_draws_or_seed_is_a_usage_error(tmp_path, capsys, flag, value):
    out = tmp_path / "r.xlsx"
    with pytest.raises(SystemExit) as caught:
        main(["export", str(SAMPLES / "cascadia"), "--out", str(out), flag, value])
    assert caught.value.code == 2
    assert f"{value!r} is not a whole number (0 or more)" in capsys.readouterr().err
    assert not out.exists()


def test_too_many_draws_is_a_message(tmp_path, capsys):
    out = tmp_path / "r.xlsx"
    args = ["export", str(SAMPLES / "cascadia"), "--out", str(out), "--draws", "1000001"]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "draws = 1000001: give a whole number from 1 to 100,000" in err
    assert not out.exists()
