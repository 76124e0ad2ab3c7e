"""What went wrong when a file named ``.xlsx`` cannot be read as a workbook, in a user's words.

An XLSX workbook is a zip of XML parts. Files that carry the name without being one are
common: an empty file, a web page saved as ``.xlsx``, a password-protected workbook (Excel
stores those encrypted inside an OLE2 container, not a zip), an old ``.xls``, a damaged zip,
or a zip of something else. The parsers fail on each with a different exception;
:data:`UNREADABLE_WORKBOOK` lists them and :func:`why_not_a_workbook` names the likely cause
from the file's first bytes.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

__all__ = ["UNREADABLE_WORKBOOK", "why_not_a_workbook"]

UNREADABLE_WORKBOOK: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,  # not a zip, or a damaged one
    zlib.error,  # a member whose packed data is corrupt
    EOFError,  # a zip cut short
    KeyError,  # a zip without the parts of a workbook
    SyntaxError,  # XML that does not parse (ElementTree's and lxml's errors subclass it)
    OSError,
    ValueError,
    TypeError,  # openpyxl on XML parts of unexpected shape
    AttributeError,
    IndexError,
)
"""Exceptions the workbook readers (openpyxl, through pandas or directly) raise on a file
that is not a readable workbook. Only the call that parses the file is guarded with them.
(openpyxl's ``InvalidFileException`` is raised only for a file name of another extension,
which the readers never pass; leaving it out keeps openpyxl from loading at import.)"""

_OLE2 = bytes.fromhex("D0CF11E0A1B11AE1")
_ZIP = b"PK"


def why_not_a_workbook(path: Path) -> str:
    """The likely reason ``path`` is not a readable XLSX workbook, from its first bytes."""
    try:
        with path.open("rb") as handle:
            head = handle.read(512)
    except OSError as exc:
        return f"the file cannot be opened ({exc.strerror})"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if not head:
        return "the file is empty"
    if head.startswith(_OLE2):
        return (
            "the file is a password-protected workbook or an old .xls (an OLE2 file); "
            "open it in Excel, remove the password and save it as .xlsx"
        )
    if text.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml", b"<")):
        return (
            "the file is a web page or XML saved with an .xlsx name; open it in Excel "
            "and save it as an Excel workbook (.xlsx)"
        )
    if head.startswith(_ZIP):
        return (
            "the file is a zip archive but not a readable Excel workbook (damaged, or not "
            "saved by a spreadsheet program); open it in Excel and save it again"
        )
    return "the file is not an Excel workbook; if it holds text, save it as .csv"
