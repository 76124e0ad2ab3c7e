"""Text files a person edits (``country.toml``, scenario files): UTF-8, with a clear message
naming the file, the line and the byte when one was saved in another encoding.

TOML is UTF-8 by definition, so a file in another encoding is reported rather than guessed:
Windows-1252 decodes almost any bytes, and a guess would turn a Cyrillic or Arabic name into
other letters without a word.
"""

from __future__ import annotations

from pathlib import Path

from landrelease.errors import LandreleaseError

__all__ = ["read_utf8"]

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_HOW_TO_SAVE = (
    "save it as UTF-8 (Notepad: File > Save as > Encoding: UTF-8; "
    "VS Code: Save with Encoding > UTF-8)"
)


def read_utf8(path: Path, error: type[LandreleaseError] = LandreleaseError) -> str:
    """The text of ``path`` decoded as UTF-8 (a byte-order mark is dropped).

    Raises
    ------
    LandreleaseError
        (of class ``error``) naming the file, the line and column of the first byte that is
        not UTF-8, that byte, and how to save the file as UTF-8.
    """
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if raw.startswith(_UTF16_BOMS):
            raise error(
                f"{path}: the file is saved as UTF-16 (Windows 'Unicode'), not UTF-8; "
                + _HOW_TO_SAVE
            ) from None
        start = exc.start
        line = raw.count(b"\n", 0, start) + 1
        column = start - (raw.rfind(b"\n", 0, start) + 1) + 1
        byte = raw[start : start + 1]
        guess = byte.decode("cp1252", errors="replace")
        raise error(
            f"{path}: not UTF-8 text: line {line}, column {column} holds byte "
            f"0x{byte.hex().upper()} ({guess!r} in Windows-1252, so the file was probably "
            f"saved in a Windows code page); " + _HOW_TO_SAVE
        ) from None
