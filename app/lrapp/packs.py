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
from landrelease.io import read_request
from landrelease.reports.request import RequestPack
from lrapp.uploads import REQUEST_SUFFIXES, Upload, save_upload

__all__ = ["FORMATS", "file_name", "read_uploaded_request", "request_bytes"]

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


def file_name(pack: RequestPack, fmt: str) -> str:
    """``<country>_<scenario>_request[_public].<ext>`` with safe characters only."""
    parts = [pack.metadata.get("country", "country"), pack.metadata.get("scenario", "scenario")]
    stem = "_".join(re.sub(r"[^A-Za-z0-9_-]+", "-", p).strip("-") or "x" for p in parts)
    stem += "_request" + ("_public" if pack.public else "")
    return f"{stem}.{'zip' if fmt == 'csv' else fmt}"


def request_bytes(pack: RequestPack, result: ProjectionResult | None, fmt: str) -> bytes:
    """The pack written by :func:`landrelease.io.write_request` as ``fmt`` (``xlsx``,
    ``docx``, or ``csv`` = the CSV folder zipped), as bytes."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    with tempfile.TemporaryDirectory(prefix="landrelease-pack-") as tmp:
        folder = Path(tmp)
        if fmt == "csv":
            out = write_request(pack, folder / "request", result=result)
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                for path in sorted(out.iterdir()):
                    archive.write(path, arcname=f"request/{path.name}")
            return buffer.getvalue()
        out = write_request(pack, folder / f"request.{fmt}", result=result)
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
