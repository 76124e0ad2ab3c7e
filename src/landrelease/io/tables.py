"""Read hazard and release files into canonical, validated tables.

Pipeline: read the file → filter rows and rename columns by the mapping → translate values →
measure polygons → coerce to the schema → run the table's own meaning checks. Every problem
is collected; errors are raised once as a :class:`~landrelease.errors.ValidationError`,
warnings are emitted as :class:`~landrelease.errors.LandreleaseWarning`.
"""

from __future__ import annotations

import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from landrelease.domain.schema import TableSchema, coerce, schema
from landrelease.errors import Problem, ValidationError, warn
from landrelease.io.files import RawTable, read_raw
from landrelease.io.geometry import WGS84, equal_area_crs, measure_area_m2, overlapping_pairs
from landrelease.io.mapping import ColumnMapping, load_mapping

__all__ = [
    "AREA_MISMATCH_FRAC",
    "OVERLAP_TOLERANCE_FRAC",
    "inspect_hazards",
    "inspect_releases",
    "read_hazards",
    "read_releases",
]

AREA_MISMATCH_FRAC = 0.10
"""Warn when a stated area and its polygon's measured area differ by more than this share."""
OVERLAP_TOLERANCE_FRAC = 0.01
"""Polygons overlapping by more than this share of the smaller one double-count area."""


def _mapped(
    raw: RawTable, mapping: ColumnMapping, table: str
) -> tuple[pd.DataFrame, pd.Series, gpd.GeoSeries | None, list[Problem], dict[str, str]]:
    """Filter, rename and translate; also return how to label each canonical column."""
    keep, problems = mapping.filter_rows(
        raw.attributes, file=raw.name, row_numbers=raw.row_numbers, row_kind=raw.row_kind
    )
    attributes = raw.attributes[keep]
    rows = raw.row_numbers[keep]
    geometry = raw.geometry[keep] if raw.geometry is not None else None
    renames = mapping.renames(attributes.columns, schema(table).names)
    labels = {canonical: f"{source} ({canonical})" for source, canonical in renames.items()}
    attributes = mapping.translate_values(attributes.rename(columns=renames))
    if raw.decimal == ",":
        attributes = _decimal_comma(attributes, schema(table))
    attributes = attributes.assign(source_row=rows.to_numpy())
    return attributes, rows, geometry, problems, labels


_EUROPEAN_NUMBER = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$|^[+-]?\d+,\d+$")


def _decimal_comma(attributes: pd.DataFrame, table: TableSchema) -> pd.DataFrame:
    """Read ``1.234,5`` and ``0,75`` as numbers in numeric columns of a ``;``-separated CSV.

    Plain ``1234.5`` is left as it is, so a file mixing both still reads.
    """
    out = attributes.copy()
    for col in table.columns:
        if col.dtype in ("float", "int") and col.name in out.columns:
            out[col.name] = out[col.name].map(
                lambda v: (
                    v.strip().replace(".", "").replace(",", ".")
                    if isinstance(v, str) and _EUROPEAN_NUMBER.match(v.strip())
                    else v
                )
            )
    return out


def _problem(
    raw: RawTable,
    rows: pd.Series,
    idx: object,
    check: str,
    message: str,
    column: str | None = None,
    value: object = None,
    expected: str | None = None,
    severity: str = "error",
) -> Problem:
    return Problem(
        check=check,
        message=message,
        file=raw.name,
        row=int(rows.loc[idx]),
        column=column,
        value=value,
        expected=expected,
        severity=severity,
        row_kind=raw.row_kind,
    )


def _measure(
    raw: RawTable,
    attributes: pd.DataFrame,
    rows: pd.Series,
    geometry: gpd.GeoSeries,
    crs: str | None,
    area_label: str = "area_m2",
) -> tuple[pd.DataFrame, gpd.GeoSeries | None, list[Problem]]:
    """Check polygons, measure their area, keep the file's own area as reported_area_m2."""
    problems: list[Problem] = []
    if geometry.crs is None:
        if crs is None:
            problems.append(
                Problem(
                    check="valid_geometry",
                    message="the layer has no coordinate reference system",
                    file=raw.name,
                    expected="a layer with a CRS (.prj for a Shapefile), or crs= "
                    "set in country.toml",
                )
            )
            return attributes, None, problems
        geometry = geometry.set_crs(crs)
    geoms = geometry.to_numpy()
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    polygonal = np.isin(shapely.get_type_id(geoms), (3, 6))  # Polygon, MultiPolygon
    valid = shapely.is_valid(geoms)
    for pos, idx in enumerate(attributes.index):
        if missing[pos]:
            continue
        if not polygonal[pos]:
            problems.append(
                _problem(
                    raw,
                    rows,
                    idx,
                    "valid_geometry",
                    "geometry is not a polygon",
                    "geometry",
                    geoms[pos].geom_type,
                    "a Polygon or MultiPolygon",
                )
            )
        elif not valid[pos]:
            problems.append(
                _problem(
                    raw,
                    rows,
                    idx,
                    "valid_geometry",
                    "polygon is invalid: " + shapely.is_valid_reason(geoms[pos]),
                    "geometry",
                    None,
                    "a valid polygon (QGIS: Vector > Geometry > Fix geometries)",
                )
            )
    good = ~missing & polygonal & valid
    measured = measure_area_m2(geometry).where(good)
    out = attributes.copy()
    if "area_m2" in out.columns:
        stated = pd.to_numeric(out["area_m2"], errors="coerce")
        out["reported_area_m2"] = out["area_m2"]
        diff = ((stated - measured).abs() / measured).where(stated > 0)
        for idx in diff[diff > AREA_MISMATCH_FRAC].index:
            problems.append(
                _problem(
                    raw,
                    rows,
                    idx,
                    "area_matches_polygon",
                    f"stated area differs from the polygon's measured area "
                    f"({measured.loc[idx]:,.0f} m²) by {diff.loc[idx]:.0%}; "
                    "the measured area is used",
                    area_label,
                    out.loc[idx, "area_m2"],
                    severity="warning",
                )
            )
        out["area_m2"] = out["area_m2"].where(~good, measured)
    else:
        out["area_m2"] = measured.where(good, np.nan)
    return out, geometry.to_crs(WGS84), problems


def inspect_hazards(
    path: str | Path,
    mapping: str | Path | ColumnMapping | None = None,
    layer: str | None = None,
    crs: str | None = None,
) -> tuple[pd.DataFrame, list[Problem]]:
    """Read a hazard file and return the canonical table with every problem found.

    Unlike :func:`read_hazards` it never raises for bad content; use it to report.
    """
    raw = read_raw(path, layer)
    column_mapping = load_mapping(mapping, Path(path).parent)
    attributes, rows, geometry, problems, labels = _mapped(raw, column_mapping, "hazards")
    if geometry is not None:
        attributes, geometry, more = _measure(
            raw, attributes, rows, geometry, crs, labels.get("area_m2", "area_m2")
        )
        problems += more
        # with polygons, the file's own area column is kept as reported_area_m2
        labels["reported_area_m2"] = labels.get("area_m2", "area_m2")
    table, more = coerce(
        attributes,
        schema("hazards"),
        file=raw.name,
        row_numbers=rows,
        row_kind=raw.row_kind,
        column_labels=labels,
        aliases=column_mapping.columns,
    )
    problems += more
    if geometry is not None:
        table = gpd.GeoDataFrame(table, geometry=geometry.reset_index(drop=True), crs=WGS84)
        problems += _overlaps(raw, table)
    return table, problems


def _overlaps(raw: RawTable, table: gpd.GeoDataFrame) -> list[Problem]:
    """Meaning check ``overlapping_polygons``: duplicates and overlaps above tolerance."""
    projected = table.geometry.to_crs(equal_area_crs(table.geometry))
    problems = []
    for i, j, overlap_m2, frac in overlapping_pairs(projected, OVERLAP_TOLERANCE_FRAC):
        first, second = table.iloc[i], table.iloc[j]
        kind = "duplicates" if frac > 0.99 else "overlaps"
        problems.append(
            Problem(
                check="overlapping_polygons",
                message=f"polygon of {second['hazard_id']} {kind} {first['hazard_id']} "
                f"({raw.row_kind} {first['source_row']}) by {overlap_m2:,.0f} m² "
                f"({frac:.0%} of the smaller): the area would be counted twice",
                file=raw.name,
                row=int(second["source_row"]),
                column="geometry",
                expected=f"polygons overlapping by at most {OVERLAP_TOLERANCE_FRAC:.0%}",
                row_kind=raw.row_kind,
            )
        )
    return problems


def inspect_releases(
    path: str | Path, mapping: str | Path | ColumnMapping | None = None, layer: str | None = None
) -> tuple[pd.DataFrame, list[Problem]]:
    """Read a release-history file; return the canonical table and every problem found."""
    raw = read_raw(path, layer)
    column_mapping = load_mapping(mapping, Path(path).parent)
    attributes, rows, _, problems, labels = _mapped(raw, column_mapping, "releases")
    table, more = coerce(
        attributes,
        schema("releases"),
        file=raw.name,
        row_numbers=rows,
        row_kind=raw.row_kind,
        column_labels=labels,
        aliases=column_mapping.columns,
    )
    problems += more
    from_date = table["date"].dt.year.astype("Int64")
    # a year or date that is there but invalid has its own problem; do not report it again
    year_columns = (labels.get("year", "year"), labels.get("date", "date"))
    reported = {p.row for p in problems if p.column in year_columns}
    both_missing = table["year"].isna() & table["date"].isna()
    disagree = table["year"].notna() & from_date.notna() & (table["year"] != from_date)
    for pos in np.flatnonzero(both_missing.to_numpy()):
        if int(table["source_row"].iloc[pos]) in reported:
            continue
        problems.append(
            Problem(
                check="date_or_year",
                message="neither date nor year is given",
                file=raw.name,
                row=int(table["source_row"].iloc[pos]),
                column="year",
                expected="a year (e.g. 2024) or a date (YYYY-MM-DD)",
                row_kind=raw.row_kind,
            )
        )
    for pos in np.flatnonzero(disagree.fillna(False).to_numpy()):
        problems.append(
            Problem(
                check="date_or_year",
                message=f"year disagrees with date {table['date'].iloc[pos]:%Y-%m-%d}",
                file=raw.name,
                row=int(table["source_row"].iloc[pos]),
                column="year",
                value=int(table["year"].iloc[pos]),
                expected="the year of the date",
                row_kind=raw.row_kind,
            )
        )
    table["year"] = table["year"].fillna(from_date)
    problems += _improvised_apart(attributes, table, raw.name, labels)
    return table, problems


def _improvised_apart(
    attributes: pd.DataFrame, table: pd.DataFrame, file: str, labels: dict[str, str]
) -> list[Problem]:
    """A history without ``ap_improvised_destroyed`` (files made before improvised AP mines
    were counted apart, Oslo Action Plan #21) still reads; when it reports AP mines
    destroyed, a warning says improvised ones may be counted among them."""
    if "ap_improvised_destroyed" in attributes.columns:
        return []
    counted = pd.to_numeric(table["ap_mines_destroyed"], errors="coerce").fillna(0)
    if not (counted > 0).any():
        return []
    return [
        Problem(
            check="improvised_mines_apart",
            message="no ap_improvised_destroyed column: improvised AP mines destroyed may be "
            "counted in ap_mines_destroyed (factory-made only from now)",
            file=file,
            column=labels.get("ap_mines_destroyed", "ap_mines_destroyed"),
            expected="a column ap_improvised_destroyed with improvised AP mines destroyed "
            "(Oslo Action Plan #21), ap_mines_destroyed for factory-made ones",
            severity="warning",
        )
    ]


def _raise_or_warn(table: pd.DataFrame, problems: list[Problem], path: str | Path) -> pd.DataFrame:
    if any(p.severity == "error" for p in problems):
        raise ValidationError(problems, source=path)
    warn(problems, stacklevel=4)
    return table


def read_hazards(
    path: str | Path,
    mapping: str | Path | ColumnMapping | None = None,
    layer: str | None = None,
    crs: str | None = None,
) -> pd.DataFrame:
    """Read a hazard file (GPKG, SHP, zipped SHP, GeoJSON, CSV, XLSX) into the canonical table.

    Parameters
    ----------
    path : the file.
    mapping : a built-in mapping name (``"imsma"``), a mapping TOML file, or ``None`` when the
        file already uses canonical column names.
    layer : layer (GeoPackage) or sheet (XLSX) to read; the first by default.
    crs : CRS to assume when a GIS layer has none (e.g. ``"EPSG:32634"``).

    Returns
    -------
    The hazard table (columns of ``schema("hazards")``; a GeoDataFrame in EPSG:4326 when the
    file has polygons), with ``area_m2`` measured from the polygons where they exist.

    Raises
    ------
    ValidationError
        listing every problem (file, row, column, value, what was expected).
    """
    return _raise_or_warn(*inspect_hazards(path, mapping, layer, crs), path)


def read_releases(
    path: str | Path, mapping: str | Path | ColumnMapping | None = None, layer: str | None = None
) -> pd.DataFrame:
    """Read a release-history file (CSV, XLSX or a GIS layer's attributes) into the canonical table.

    Returns the table of ``schema("releases")`` with ``year`` filled from ``date`` where empty.
    Raises :class:`ValidationError` listing every problem.
    """
    return _raise_or_warn(*inspect_releases(path, mapping, layer), path)
