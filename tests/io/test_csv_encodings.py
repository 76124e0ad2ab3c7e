"""CSV files as spreadsheets save them: UTF-8 (with or without BOM), Windows-1252, and
Excel's "Unicode text" (UTF-16, tab-separated); anything else is named, not a crash."""

from __future__ import annotations

import pytest

from landrelease.errors import ValidationError
from landrelease.io.files import read_raw


def test_excel_unicode_text_utf16_tab_separated(write):
    path = write.text("unicode.csv", "id\tname\tarea\n1\tКиїв\t1500.5\n".encode("utf-16"))
    raw = read_raw(path)
    assert list(raw.attributes.columns) == ["id", "name", "area"]
    assert raw.attributes.iloc[0].tolist() == ["1", "Київ", "1500.5"]
    assert raw.decimal == "."


def test_tab_separated_utf8(write):
    raw = read_raw(write.text("tabs.csv", "id\tname\n1\tA, B\n"))
    assert raw.attributes.iloc[0].tolist() == ["1", "A, B"]


def test_bytes_neither_utf8_nor_windows_1252_are_named(write):
    path = write.text("odd.csv", b"id,name\n1,\x81\x8d\n")  # undefined in Windows-1252
    with pytest.raises(ValidationError) as info:
        read_raw(path)
    (p,) = info.value.problems
    assert p.message == "cannot decode text: neither UTF-8 nor Windows-1252"
    assert "CSV UTF-8" in str(p)
