"""Files named .xlsx that are not readable workbooks: a message with the likely cause, exit 2
from ``review`` and an ordinary problem from ``validate`` — never an internal error."""

from __future__ import annotations

import zipfile

import pytest

from landrelease.cli.main import main
from landrelease.io.workbooks import why_not_a_workbook


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """A real workbook (the blank request template) to damage."""
    path = tmp_path_factory.mktemp("template") / "template.xlsx"
    assert main(["template", str(path)]) == 0
    return path


def rezip(template, path, change):
    """``template``'s members rewritten to ``path``, each through ``change(name, data)``."""
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(path, "w") as target:
        for name in source.namelist():
            target.writestr(name, change(name, source.read(name)))
    return path


def junk_members(template, path):
    return rezip(template, path, lambda name, data: bytes(range(256)) * 3)


def broken_sheet_xml(template, path):
    def change(name, data):
        return b"<worksheet><sheetData><row><c><v>1" if "worksheets/" in name else data

    return rezip(template, path, change)


def corrupt_packed_data(template, path):
    data = bytearray(template.read_bytes())
    for i in range(2000, 2400):  # inside the first compressed members
        data[i] = (data[i] * 7 + 3) % 256
    path.write_bytes(bytes(data))
    return path


def zip_of_text(template, path):
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "hello")
    return path


def raw(content):
    """A maker writing exactly ``content``."""

    def make(template, path):
        path.write_bytes(content)
        return path

    return make


CASES = {
    "zip of junk": (junk_members, "zip archive but not a readable Excel workbook"),
    "broken XML": (broken_sheet_xml, "zip archive but not a readable Excel workbook"),
    "corrupt zip data": (corrupt_packed_data, "zip archive but not a readable Excel workbook"),
    "zip of text": (zip_of_text, "zip archive but not a readable Excel workbook"),
    "empty": (raw(b""), "the file is empty"),
    "HTML": (
        raw(b"<html><body><table><tr><td>1</td></tr></table>"),
        "web page or XML saved with an .xlsx name",
    ),
    "password-protected": (
        raw(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 600),
        "password-protected workbook or an old .xls",
    ),
    "text": (raw(b"hazard_id,region\nH1,N\n"), "save it as .csv"),
}


@pytest.mark.parametrize("case", CASES)
def test_review_of_an_unreadable_workbook_exits_2_with_the_cause(template, tmp_path, capsys, case):
    make, cause = CASES[case]
    path = make(template, tmp_path / "request.xlsx")
    assert main(["review", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith("error: request.xlsx: not an Excel workbook: ")
    assert cause in captured.err
    assert "internal error" not in captured.err


@pytest.mark.parametrize("case", CASES)
def test_validate_of_an_unreadable_workbook_is_a_problem(template, tmp_path, capsys, case):
    make, cause = CASES[case]
    path = make(template, tmp_path / "hazards.xlsx")
    assert main(["validate", str(path), "--kind", "hazards"]) == 1
    out = capsys.readouterr().out
    assert "hazards.xlsx: cannot read as an Excel workbook: " in out
    assert cause in out


def test_the_cause_is_read_from_the_first_bytes(tmp_path, template):
    assert "zip archive" in why_not_a_workbook(template)  # readable, but the question was asked
    assert "cannot be opened" in why_not_a_workbook(tmp_path / "absent.xlsx")
