"""Write a request pack to a path, choosing the format by its extension, atomically.

``.xlsx`` → workbook, ``.docx`` → annex, a path without suffix (or an existing folder) →
a folder of CSV files. Nothing half-written is ever left behind: a file is built in a
temporary file beside the target and moved into place. A folder is written as one output
set (:func:`landrelease.export.output_set.write_set`): only the pack's own files in it are
replaced (a stale ``area_list.csv`` removed when the new pack is public), other files are
left alone, and the manifest written last lets readers tell a complete pack from an
interrupted one.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from landrelease.engine.result import ProjectionResult
from landrelease.errors import LandreleaseError
from landrelease.export.output_set import write_set
from landrelease.export.request_csv import csv_files
from landrelease.export.request_xlsx import write_request_xlsx
from landrelease.export.writers import atomic_write
from landrelease.reports.request import METADATA_SHEET, PUBLIC_OMITTED, REQUEST_TABLES, RequestPack

if TYPE_CHECKING:  # the forecast (numba) takes a second to import; the writers need its tables
    from landrelease.forecast import ForecastResult

__all__ = ["PACK_FILES", "REQUEST_FORMATS", "request_format", "write_request"]

REQUEST_FORMATS = ("xlsx", "docx", "csv")
"""Formats :func:`write_request` writes."""
PACK_FILES = frozenset(f"{n}.csv" for n in (*REQUEST_TABLES, *PUBLIC_OMITTED, METADATA_SHEET))
"""File names of a CSV pack folder: the pack's own files (a stale one is removed)."""


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


def _origin(pack: RequestPack) -> dict[str, Any]:
    """The pack's provenance for the manifest, from its metadata."""
    meta = pack.metadata
    origin: dict[str, Any] = {"tool": "landrelease", "tool_version": meta.get("tool_version")}
    for key in ("country", "scenario", "scenario_hash"):
        if key in meta:
            origin[key] = meta[key]
    origin["inputs"] = [
        {"role": key[len("source_") :], "file": value, "sha256": meta.get(f"{key}_sha256")}
        for key, value in meta.items()
        if key.startswith("source_") and not key.endswith("_sha256")
    ]
    return origin


def _write_folder(pack: RequestPack, folder: Path, command: str | None) -> Path:
    """Write the CSV pack into ``folder`` as one output set, manifest last."""
    write_set(folder, csv_files(pack), own=PACK_FILES, origin=_origin(pack), command=command)
    return folder


def write_request(
    pack: RequestPack,
    path: str | Path,
    *,
    result: ProjectionResult | None = None,
    command: str | None = None,
    forecast: ForecastResult | None = None,
) -> Path:
    """Write ``pack`` to ``path`` as XLSX, DOCX or a CSV folder (by extension); atomic.

    Parameters
    ----------
    pack : the request tables and metadata (:func:`landrelease.reports.request.
        build_request_pack`).
    path : ``*.xlsx``, ``*.docx``, or a folder (no extension, or an existing folder).
    result : the projection behind ``pack``; the DOCX burn-down chart uses it to split the
        remaining area (m²) into SHA and CHA per year. Ignored by the other formats.
    command : the command line, recorded in a CSV folder's manifest.
    forecast : the forecast behind the pack's ``confidence`` table; the DOCX draws its fan
        chart of remaining Article 5 area. Ignored by the other formats (the table is in
        every format).

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

        return atomic_write(
            path, lambda h: write_request_docx(pack, h, result, forecast), binary=True
        )
    return _write_folder(pack, path, command)
