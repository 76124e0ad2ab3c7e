"""Request-pack files as bytes for download, written by the library's own writers (the same
as ``landrelease export``), and uploaded request workbooks read back by the library."""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from pathlib import Path

from landrelease.engine import ProjectionResult
from landrelease.export import write_request
from landrelease.forecast import ForecastResult
from landrelease.io import read_request
from landrelease.reports.request import RequestPack
from lrapp.uploads import REQUEST_SUFFIXES, Upload, save_upload

__all__ = [
    "FORMATS",
    "HASH_CHARS",
    "file_name",
    "file_stem",
    "read_uploaded_request",
    "request_bytes",
    "safe_stem",
]

FORMATS = {
    "xlsx": (
        "Excel workbook (XLSX)",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "docx": (
        "Word annex (DOCX)",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "csv": ("CSV files (ZIP)", "application/zip"),
}
"""Download formats: label and MIME type."""
HASH_CHARS = 8
"""Hex digits of the scenario hash in file names (the metadata keep all 16)."""
MAX_PART_CHARS = 60
"""Longest country or scenario name kept in a file name."""


def safe_stem(*parts: str) -> str:
    """``parts`` joined by ``_``, each with only letters, digits, ``_`` and ``-`` (other runs
    become ``-``: ``baseline (edited)`` → ``baseline-edited``), at most
    :data:`MAX_PART_CHARS` characters each, never empty."""
    return "_".join(
        re.sub(r"[^A-Za-z0-9_-]+", "-", p).strip("-_")[:MAX_PART_CHARS] or "x" for p in parts
    )


def file_stem(pack: RequestPack) -> str:
    """``<country>_<scenario>_<hash>_request[_public]``: the scenario's name and the first
    :data:`HASH_CHARS` digits of its hash, so that an edited scenario's files never pass for
    the saved one's."""
    m = pack.metadata
    parts = [m.get("country", "country"), m.get("scenario", "scenario")]
    if m.get("scenario_hash"):
        parts.append(m["scenario_hash"][:HASH_CHARS])
    return safe_stem(*parts) + "_request" + ("_public" if pack.public else "")


def file_name(pack: RequestPack, fmt: str) -> str:
    """:func:`file_stem` with the format's extension (``.zip`` for the CSV files)."""
    return f"{file_stem(pack)}.{'zip' if fmt == 'csv' else fmt}"


def request_bytes(
    pack: RequestPack,
    result: ProjectionResult | None,
    fmt: str,
    forecast: ForecastResult | None = None,
) -> bytes:
    """The pack written by :func:`landrelease.io.write_request` as ``fmt`` (``xlsx``,
    ``docx``, or ``csv`` = the CSV folder zipped), as bytes; ``forecast``, the one behind the
    pack's confidence table, draws the DOCX fan chart."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    with tempfile.TemporaryDirectory(prefix="landrelease-pack-") as tmp:
        folder = Path(tmp)
        if fmt == "csv":
            out = write_request(pack, folder / "request", result=result, forecast=forecast)
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                for path in sorted(out.iterdir()):
                    archive.write(path, arcname=f"request/{path.name}")
            return buffer.getvalue()
        out = write_request(pack, folder / f"request.{fmt}", result=result, forecast=forecast)
        return out.read_bytes()


def read_uploaded_request(upload: Upload, work_dir: Path) -> RequestPack:
    """Read an uploaded request workbook with :func:`landrelease.io.read_request`.

    Raises
    ------
    landrelease.ValidationError
        listing every problem (sheet, row, column).
    lrapp.uploads.UploadError
        for a file that is too large or not a workbook.
    """
    folder = Path(tempfile.mkdtemp(prefix="request-", dir=work_dir))
    path = save_upload(upload, folder, REQUEST_SUFFIXES, set())
    return read_request(path)
