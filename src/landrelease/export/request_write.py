"""Write a request pack to a path, choosing the format by its extension, atomically.

``.xlsx`` → workbook, ``.docx`` → annex, a path without suffix (or an existing folder) →
a folder of CSV files. Nothing half-written is ever left behind: a file is built in a
temporary file beside the target and moved into place; a folder is built in a temporary
folder beside the target and renamed into place, replacing an earlier pack only once the
new one is complete. An existing folder is only replaced if it holds nothing but pack files.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from landrelease.engine.result import ProjectionResult
from landrelease.errors import LandreleaseError
from landrelease.export.request_csv import write_request_csv
from landrelease.export.request_xlsx import write_request_xlsx
from landrelease.export.writers import atomic_write
from landrelease.reports.request import METADATA_SHEET, PUBLIC_OMITTED, REQUEST_TABLES, RequestPack

__all__ = ["PACK_FILES", "REQUEST_FORMATS", "request_format", "write_request"]

REQUEST_FORMATS = ("xlsx", "docx", "csv")
"""Formats :func:`write_request` writes."""
PACK_FILES = frozenset(f"{n}.csv" for n in (*REQUEST_TABLES, *PUBLIC_OMITTED, METADATA_SHEET))
"""File names a CSV pack folder may hold (an existing folder is replaced only if it holds
nothing else)."""


def request_format(path: str | Path) -> str:
    """The format :func:`write_request` would use for ``path``: ``xlsx``, ``docx`` or ``csv``.

    Raises
    ------
    LandreleaseError
        for any other extension.
    """
    path = Path(path)
    if path.is_dir():
        return "csv"
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".docx"):
        return suffix[1:]
    if suffix == "":
        return "csv"
    raise LandreleaseError(
        f"{path}: cannot write a request pack as {suffix!r}; give a .xlsx or .docx file, "
        "or a folder name without an extension for CSV files"
    )


def _check_replaceable(folder: Path) -> None:
    foreign = sorted(p.name for p in folder.iterdir() if p.name not in PACK_FILES or p.is_dir())
    if foreign:
        shown = ", ".join(foreign[:5]) + (", …" if len(foreign) > 5 else "")
        raise LandreleaseError(
            f"{folder}: will not replace this folder, it holds files that are not part of a "
            f"request pack ({shown}); give a new or empty folder"
        )


def _write_folder(pack: RequestPack, folder: Path) -> Path:
    """Write the CSV pack into a temporary folder beside ``folder``, then rename it."""
    if folder.exists() and not folder.is_dir():
        raise LandreleaseError(f"{folder}: exists and is not a folder")
    if folder.is_dir():
        _check_replaceable(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".tmp", dir=folder.parent))
    try:
        new, old = work / "new", work / "old"
        new.mkdir()
        write_request_csv(pack, new)
        if folder.exists():
            os.replace(folder, old)
        try:
            os.replace(new, folder)
        except BaseException:
            if old.exists():
                os.replace(old, folder)
            raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return folder


def write_request(
    pack: RequestPack, path: str | Path, *, result: ProjectionResult | None = None
) -> Path:
    """Write ``pack`` to ``path`` as XLSX, DOCX or a CSV folder (by extension); atomic.

    Parameters
    ----------
    pack : the request tables and metadata (:func:`landrelease.reports.request.
        build_request_pack`).
    path : ``*.xlsx``, ``*.docx``, or a folder (no extension, or an existing folder).
    result : the projection behind ``pack``; the DOCX burn-down chart uses it to split the
        remaining area (m²) into SHA and CHA per year. Ignored by the other formats.

    Returns
    -------
    The path written.
    """
    path = Path(path)
    fmt = request_format(path)
    if fmt == "xlsx":
        return atomic_write(path, lambda h: write_request_xlsx(pack, h), binary=True)
    if fmt == "docx":
        # imported here: python-docx and matplotlib take a while to import, and every
        # command of the CLI imports this module
        from landrelease.export.request_docx import write_request_docx

        return atomic_write(path, lambda h: write_request_docx(pack, h, result), binary=True)
    return _write_folder(pack, path)
