"""Read any supported file into a raw table, through pandas or geopandas/pyogrio.

Supported: GeoPackage (.gpkg), Shapefile (.shp or a .zip holding one), GeoJSON (.geojson,
.json), CSV (.csv) and Excel (.xlsx). Cells are returned as read (text for CSV), to be mapped
and coerced to a schema afterwards.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from landrelease.errors import Problem, ValidationError
from landrelease.io import limits
from landrelease.io.header import locate_header
from landrelease.io.workbooks import UNREADABLE_WORKBOOK, why_not_a_workbook

__all__ = ["SUPPORTED_SUFFIXES", "RawTable", "read_raw"]

VECTOR_SUFFIXES = (".gpkg", ".shp", ".geojson", ".json", ".zip")
TABULAR_SUFFIXES = (".csv", ".xlsx", ".xlsm")
SUPPORTED_SUFFIXES = VECTOR_SUFFIXES + TABULAR_SUFFIXES


@dataclass(frozen=True)
class RawTable:
    """A file's rows before mapping: attributes, geometry (if any) and row numbers."""

    path: Path
    attributes: pd.DataFrame
    geometry: gpd.GeoSeries | None
    row_numbers: pd.Series
    row_kind: str
    decimal: str = "."
    """Decimal mark of numbers written as text: ``","`` for semicolon-separated CSV."""
    notes: tuple[Problem, ...] = ()
    """Warnings about how the file was read (e.g. the header found below title rows)."""

    @property
    def name(self) -> str:
        """The file name used in messages."""
        return self.path.name


def _fail(path: Path, message: str, expected: str | None = None) -> ValidationError:
    return ValidationError(
        [Problem(check="readable_file", message=message, file=path.name, expected=expected)],
        source=path,
    )


def read_raw(path: str | Path, layer: str | None = None, header_row: int | None = None) -> RawTable:
    """Read ``path`` (any supported format) into a :class:`RawTable`.

    ``header_row`` is the row of the header in a CSV or spreadsheet (1 = the first row); by
    default row 1, or the first row that looks like a header below title rows (said in a
    note). GIS layers have no header row.

    Raises :class:`~landrelease.errors.ValidationError` naming the file when it is missing,
    of an unsupported kind, or cannot be parsed.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.exists():
        raise _fail(path, "file not found")
    if suffix not in SUPPORTED_SUFFIXES:
        raise _fail(
            path,
            f"unsupported file type {suffix or '(none)'}",
            "one of " + ", ".join(SUPPORTED_SUFFIXES),
        )
    if suffix in (".csv", ".geojson", ".json"):
        limits.check_text_file(path)
    if suffix in (".zip", ".xlsx", ".xlsm"):
        limits.check_zip_file(path)
    if suffix in TABULAR_SUFFIXES:
        skip = 0 if header_row is None else header_row - 1
        if suffix == ".csv":
            frame, sep = _read_csv(path, skip)
        else:
            frame, sep = _read_excel(path, layer, skip), ","
        first = skip + 2
        notes: tuple[Problem, ...] = ()
        if header_row is None:
            found = locate_header(frame, path.name)
            frame, first, notes = found.frame, found.first_data_row, found.notes
        decimal = "," if sep == ";" else "."
        return RawTable(path, frame, None, _rows(frame, first), "row", decimal, notes)
    return _read_vector(path, layer)


def _rows(frame: pd.DataFrame, first: int) -> pd.Series:
    return pd.Series(np.arange(len(frame)) + first, index=frame.index)


def _read_csv(path: Path, skip: int = 0) -> tuple[pd.DataFrame, str]:
    """Read a CSV as text cells from row ``skip + 1`` (the header): UTF-8, Windows-1252 or
    UTF-16 (Excel's "Unicode text"); ``;``-separated (Excel in many locales) and
    tab-separated files are detected."""
    raw = path.read_bytes()
    utf16 = raw.startswith((b"\xff\xfe", b"\xfe\xff"))  # Excel's "Unicode text"
    for encoding in ("utf-16",) if utf16 else ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # cp1252 decodes all but five bytes
        raise _fail(
            path,
            "cannot decode text: neither UTF-8 nor Windows-1252",
            "a CSV saved as 'CSV UTF-8' (Excel: Save as > CSV UTF-8)",
        )
    lines = text.split("\n", skip + 1)
    first_line = lines[skip] if len(lines) > skip else ""
    sep = max((",", ";", "\t"), key=first_line.count)  # ties: the first, a comma
    try:
        frame = pd.read_csv(
            path,
            dtype=str,
            keep_default_na=False,
            sep=sep,
            encoding=encoding,
            skipinitialspace=True,
            skiprows=skip,
            nrows=limits.MAX_ROWS + 1,
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise _fail(path, f"cannot read as CSV: {exc}") from None
    limits.check_rows(path, len(frame))
    frame.columns = [str(c).strip() for c in frame.columns]
    return _drop_empty_rows(frame), sep


def _read_excel(path: Path, sheet: str | None, skip: int = 0) -> pd.DataFrame:
    try:
        frame = pd.read_excel(
            path,
            sheet_name=sheet if sheet is not None else 0,
            dtype=object,
            engine="openpyxl",
            header=skip,
            nrows=limits.MAX_ROWS + 1,
        )
    except UNREADABLE_WORKBOOK as exc:
        if sheet is not None and isinstance(exc, ValueError) and str(sheet) in str(exc):
            raise _fail(path, f"cannot read sheet {sheet!r}: {exc}") from None
        raise _fail(
            path, f"cannot read as an Excel workbook: {why_not_a_workbook(path)}"
        ) from None
    limits.check_rows(path, len(frame))
    frame.columns = [str(c).strip() for c in frame.columns]
    return _drop_empty_rows(frame)


def _drop_empty_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Drop trailing rows with no value at all, as spreadsheets often carry them."""
    if frame.empty:
        return frame
    blank = frame.apply(
        lambda col: col.map(lambda v: v is None or v != v or (isinstance(v, str) and not v.strip()))
    )
    filled = ~blank.all(axis=1)
    if not filled.any():
        return frame.iloc[:0]
    last = int(np.flatnonzero(filled.to_numpy())[-1])
    return frame.iloc[: last + 1]


def _read_vector(path: Path, layer: str | None) -> RawTable:
    source: str = str(path)
    if path.suffix.lower() == ".zip":
        try:
            with zipfile.ZipFile(path) as archive:
                shps = [n for n in archive.namelist() if n.lower().endswith(".shp")]
        except zipfile.BadZipFile:
            raise _fail(path, "not a valid zip archive") from None
        if not shps:
            raise _fail(
                path,
                "the zip archive holds no .shp file",
                "a zipped Shapefile (.shp with .shx, .dbf and .prj)",
            )
        source = f"/vsizip/{path}/{shps[0]}"
    try:
        frame = gpd.read_file(
            source, layer=layer, engine="pyogrio", max_features=limits.MAX_ROWS + 1
        )
    except (
        pyogrio.errors.DataSourceError,
        pyogrio.errors.DataLayerError,
        pyogrio.errors.FieldError,
        pyogrio.errors.GeometryError,
        shapely.errors.ShapelyError,  # a geometry GEOS cannot decode (a ring of one point)
        ValueError,
    ) as exc:
        raise _fail(path, f"cannot read as a GIS layer: {exc}") from None
    limits.check_rows(path, len(frame), "feature")
    # pd.notna on the objects: GeoSeries.notna warns when some geometries are empty
    present = "geometry" in frame and pd.notna(np.asarray(frame.geometry, dtype=object)).any()
    geometry = frame.geometry if present else None
    attributes = pd.DataFrame(frame.drop(columns=frame.geometry.name, errors="ignore"))
    return RawTable(path, attributes, geometry, _rows(attributes, 1), "feature")
