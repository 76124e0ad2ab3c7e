"""``landrelease template``, in-process: the blank workbook, readable by ``review``."""

from __future__ import annotations

import openpyxl

from landrelease.cli.main import main
from landrelease.reports.request import REQUEST_TABLES


def test_template_writes_the_blank_workbook(tmp_path, capsys):
    out = tmp_path / "blank" / "request.xlsx"
    assert main(["template", str(out)]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith(f"wrote request template {out}")
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["readme", *REQUEST_TABLES, "area_list", "metadata"]
    assert book["remaining_challenge"]["B1"].comment is not None
    assert book["remaining_challenge"].data_validations.dataValidation
    assert [p.name for p in out.parent.iterdir()] == ["request.xlsx"]  # no temporary left


def test_public_template_has_no_area_list(tmp_path, capsys):
    out = tmp_path / "public.xlsx"
    assert main(["template", str(out), "--public"]) == 0
    assert "area_list" not in capsys.readouterr().out
    assert "area_list" not in openpyxl.load_workbook(out).sheetnames


def test_blank_template_is_read_by_review(tmp_path, capsys):
    out = tmp_path / "request.xlsx"
    assert main(["template", str(out)]) == 0
    capsys.readouterr()
    # read without a problem (not 2); empty, so the review finds errors (not costed)
    assert main(["review", str(out)]) == 1
    captured = capsys.readouterr()
    assert captured.err == ""  # no warning about the readme sheet
    assert "## Errors" in captured.out
    assert "costed" in captured.out


def test_template_needs_an_xlsx_name(tmp_path, capsys):
    out = tmp_path / "request.docx"
    assert main(["template", str(out)]) == 1
    err = capsys.readouterr().err
    assert ".xlsx" in err
    assert "Traceback" not in err
    assert not out.exists()
