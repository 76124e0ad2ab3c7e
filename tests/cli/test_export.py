"""``landrelease export``, in-process: every sample country in every format."""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
import pytest

from landrelease.cli.main import main
from landrelease.domain.outline import outline
from landrelease.export.request_docx import TO_BE_COMPLETED
from landrelease.io.manifest import MANIFEST_FILE
from landrelease.reports.request import REQUEST_TABLES
from landrelease.samples.narrative import MARK

SAMPLES = Path(__file__).resolve().parents[2] / "sample_countries"
COUNTRIES = ("aurelia", "borealis", "cascadia")


@pytest.mark.parametrize("country", COUNTRIES)
@pytest.mark.parametrize("target", ["request.xlsx", "request.docx", "request"])
def test_export_every_sample_in_every_format(tmp_path, capsys, country, target):
    out = tmp_path / target
    code = main(["export", str(SAMPLES / country), "--scenario", "baseline", "--out", str(out)])
    assert code == 0
    printed = capsys.readouterr().out
    assert printed.startswith("wrote ")
    assert str(out) in printed
    assert "scenario baseline" in printed
    sheets = [*REQUEST_TABLES, "area_list", "metadata"]
    if out.suffix == ".xlsx":
        book = openpyxl.load_workbook(out, read_only=True)
        assert book.sheetnames == sheets
        book.close()
    elif out.suffix == ".docx":
        document = docx.Document(str(out))
        assert len(document.inline_shapes) == 2
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
    assert main(["export", str(SAMPLES / "cascadia"), "--out", str(out), "--public"]) == 0
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
    assert main(["export", str(SAMPLES / "cascadia"), "--out", str(tmp_path / "docs")]) == 0
    assert (tmp_path / "docs" / "keep.txt").read_text(encoding="utf-8") == "mine"
    assert (tmp_path / "docs" / "budget.csv").is_file()


def test_out_is_required(capsys):
    with pytest.raises(SystemExit):
        main(["export", str(SAMPLES / "cascadia")])
    assert "--out" in capsys.readouterr().err


def test_submission_date_is_stated_in_the_header(tmp_path, capsys):
    out = tmp_path / "request"
    args = ["export", str(SAMPLES / "cascadia"), "--out", str(out)]
    assert main([*args, "--submission-date", "2026-03-31"]) == 0
    assert "submission_date,2026-03-31" in (out / "header.csv").read_text(encoding="utf-8")
    with pytest.raises(SystemExit) as caught:
        main([*args, "--submission-date", "31/03/2026"])
    assert caught.value.code == 2
    assert "'31/03/2026' is not a date; expected YYYY-MM-DD" in capsys.readouterr().err
