"""Resource caps on the files a reader opens: how big, how compressed, how many rows.

Each cap is far above any real national database and every benchmark size, and low enough
that a broken or hostile file is refused at once — before it is inflated or parsed — with a
message naming the file and the cap. The readers look the caps up in this module when they
run, so a test (or a user with a larger machine) can change them.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from landrelease.errors import Problem, ValidationError

__all__ = [
    "MAX_ROWS",
    "MAX_TEXT_FILE_BYTES",
    "MAX_ZIP_RATIO",
    "MAX_ZIP_UNCOMPRESSED_BYTES",
    "ZIP_RATIO_FLOOR_BYTES",
    "check_rows",
    "check_text_file",
    "check_zip_file",
]

MAX_ROWS = 2_000_000
"""Rows (or features) of one hazard or release table. The speed benchmark (``bench/``)
projects 1,000,000 hazards and the largest national databases hold tens of thousands of
areas; twice the benchmark leaves room without letting a runaway file fill the memory."""

MAX_TEXT_FILE_BYTES = 1_000_000_000
"""Size of a CSV or GeoJSON file (1 GB). 2,000,000 rows of the hazard columns take about
0.3 GB as CSV; a text file over 1 GB is not a table of hazardous areas."""

MAX_ZIP_UNCOMPRESSED_BYTES = 2_000_000_000
"""Total unpacked size of a zip archive's members (2 GB): a zipped Shapefile, or an XLSX
workbook, which is a zip of XML. A Shapefile of 2,000,000 simple polygons with the hazard
attributes is about 1 GB unpacked (measured: 136 bytes of polygon and 265 of attributes a
feature)."""

MAX_ZIP_RATIO = 100
"""Unpacked over packed size of a zip archive. Shapefiles and workbooks pack 3 to 25 times
(measured: 15 times for a Shapefile with a wide, empty text field); a zip bomb packs 1 GB of
zeros into 1 MB (1,000 times)."""

ZIP_RATIO_FLOOR_BYTES = 50_000_000
"""The ratio cap applies above this unpacked size (50 MB): a small archive exhausts
nothing whatever its ratio (a few kB of blank attributes pack 100 times)."""


def _size(n_bytes: float) -> str:
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n_bytes >= scale:
            return f"{n_bytes / scale:,.1f} {unit}"
    return f"{n_bytes:,.0f} bytes"


def _refuse(path: Path, message: str, expected: str) -> ValidationError:
    problem = Problem(check="readable_file", message=message, file=path.name, expected=expected)
    return ValidationError([problem], source=path)


def check_text_file(path: Path) -> None:
    """Refuse a CSV or GeoJSON file larger than :data:`MAX_TEXT_FILE_BYTES`."""
    size = path.stat().st_size
    if size > MAX_TEXT_FILE_BYTES:
        raise _refuse(
            path,
            f"the file is {_size(size)}, above the limit of {_size(MAX_TEXT_FILE_BYTES)} "
            "for a text table",
            "a smaller file (split it by region), or raise landrelease.io.limits"
            ".MAX_TEXT_FILE_BYTES",
        )


def check_zip_file(path: Path) -> None:
    """Refuse a zip archive (zipped Shapefile, XLSX) that unpacks to too much, from its list
    of members alone: nothing is inflated. A file that is not a zip is left to the reader,
    which says so in its own words."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return
    unpacked = sum(m.file_size for m in members)
    packed = max(sum(m.compress_size for m in members), 1)
    if unpacked > MAX_ZIP_UNCOMPRESSED_BYTES:
        raise _refuse(
            path,
            f"the archive unpacks to {_size(unpacked)}, above the limit of "
            f"{_size(MAX_ZIP_UNCOMPRESSED_BYTES)}",
            "a smaller file (split it by region), or raise landrelease.io.limits"
            ".MAX_ZIP_UNCOMPRESSED_BYTES",
        )
    ratio = unpacked / packed
    if unpacked > ZIP_RATIO_FLOOR_BYTES and ratio > MAX_ZIP_RATIO:
        raise _refuse(
            path,
            f"the archive unpacks {_size(packed)} into {_size(unpacked)} ({ratio:,.0f} times), "
            f"above the limit of {MAX_ZIP_RATIO} times for archives over "
            f"{_size(ZIP_RATIO_FLOOR_BYTES)}: it looks like a zip bomb, not data",
            "an archive of real data; if it is one, unpack it and read the .shp directly",
        )


def check_rows(path: Path, n_rows: int, kind: str = "row") -> None:
    """Refuse a table of more than :data:`MAX_ROWS` rows (``kind``: ``row`` or ``feature``)."""
    if n_rows > MAX_ROWS:
        raise _refuse(
            path,
            f"the table has more than {MAX_ROWS:,} {kind}s, the limit of a hazard or release table",
            f"at most {MAX_ROWS:,} {kind}s (split the file by region), or raise "
            "landrelease.io.limits.MAX_ROWS",
        )
