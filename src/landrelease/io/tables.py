"""Read hazard and release files into canonical, validated tables.

Pipeline: read the file → filter rows and rename columns by the mapping → translate values →
measure polygons → coerce to the schema → run the table's own meaning checks. Every problem
is collected; errors are raised once as a :class:`~landrelease.errors.ValidationError`,
warnings are emitted as :class:`~landrelease.errors.LandreleaseWarning`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from landrelease.errors import Problem, ValidationError, sort_problems, warn
from landrelease.io.files import RawTable, read_raw
from landrelease.io.geometry import WGS84, equal_area_crs, overlapping_pairs
from landrelease.io.mapped import coerce_mapped, map_table
from landrelease.io.mapping import ColumnMapping, load_mapping
from landrelease.io.polygons import AREA_MISMATCH_FRAC, measure_polygons
from landrelease.validation.plausible import area_problems, unit_problems

__all__ = [
    "AREA_MISMATCH_FRAC",
    "OVERLAP_TOLERANCE_FRAC",
    "HazardFile",
    "inspect_hazard_file",
    "inspect_hazards",
    "inspect_releases",
    "read_hazards",
    "read_releases",
]

OVERLAP_TOLERANCE_FRAC = 0.01
"""Polygons overlapping by more than this share of the smaller one double-count area."""


@dataclass(frozen=True)
class HazardFile:
    """What reading a hazard file gives: the canonical table, every problem, the rows the
    mapping's filters dropped (closed hazards; ``None`` when none) and the mapping used."""

    table: pd.DataFrame
    problems: list[Problem]
    closed: RawTable | None
    mapping: ColumnMapping


def inspect_hazard_file(
    path: str | Path,
    mapping: str | Path | ColumnMapping | None = None,
    layer: str | None = None,
    crs: str | None = None,
    header_row: int | None = None,
) -> HazardFile:
    """Read a hazard file; return the table, every problem and the closed rows dropped.

    ``header_row`` (1 = first row) overrides the mapping's; see :func:`read_hazards`.
    """
    column_mapping = load_mapping(mapping, Path(path).parent)
    raw = read_raw(path, layer, header_row if header_row is not None else column_mapping.header_row)
    mapped = map_table(raw, column_mapping, "hazards")
    attributes, geometry, problems = mapped.attributes, mapped.geometry, mapped.problems
    labels = mapped.labels
    empty: set[int] = set()  # rows whose empty geometry is reported: not also as no area
    if geometry is not None:
        attributes, geometry, more, empty = measure_polygons(
            raw, attributes, mapped.rows, geometry, crs, labels.get("area_m2", "area_m2")
        )
        problems += more
        # with polygons, the file's own area column is kept as reported_area_m2
        labels["reported_area_m2"] = labels.get("area_m2", "area_m2")
    table, more = coerce_mapped(
        raw, replace(mapped, attributes=attributes), column_mapping, "hazards"
    )
    area_label = labels.get("area_m2", "area_m2")
    problems += [
        p
        for p in more
        if not (p.check == "required_values" and p.column == area_label and p.row in empty)
    ]
    problems += _plausible(raw, table, labels, stated="area_m2" if geometry is None else None)
    if geometry is not None:
        problems += unit_problems(
            table, file=raw.name, label=labels["reported_area_m2"], column="reported_area_m2"
        )
        table = gpd.GeoDataFrame(table, geometry=geometry.reset_index(drop=True), crs=WGS84)
        problems += _overlaps(raw, table)
    return HazardFile(table, sort_problems(problems), mapped.dropped, column_mapping)


def _plausible(
    raw: RawTable, table: pd.DataFrame, labels: dict[str, str], stated: str | None
) -> list[Problem]:
    """Areas within the plausibility limits; the ``stated`` column (as the file gave it, not
    measured from polygons) also checked for hectares or km²."""
    label = labels.get("area_m2", "area_m2")
    problems = area_problems(table, file=raw.name, row_kind=raw.row_kind, label=label)
    if stated is not None:
        problems += unit_problems(table, file=raw.name, label=label, column=stated)
    return problems


def inspect_hazards(
    path: str | Path,
    mapping: str | Path | ColumnMapping | None = None,
    layer: str | None = None,
    crs: str | None = None,
    header_row: int | None = None,
) -> tuple[pd.DataFrame, list[Problem]]:
    """Read a hazard file and return the canonical table with every problem found.

    Unlike :func:`read_hazards` it never raises for bad content; use it to report.
    """
    read = inspect_hazard_file(path, mapping, layer, crs, header_row)
    return read.table, read.problems


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
    path: str | Path,
    mapping: str | Path | ColumnMapping | None = None,
    layer: str | None = None,
    header_row: int | None = None,
) -> tuple[pd.DataFrame, list[Problem]]:
    """Read a release-history file; return the canonical table and every problem found.

    ``header_row`` (1 = first row) overrides the mapping's; see :func:`read_releases`.
    """
    column_mapping = load_mapping(mapping, Path(path).parent)
    raw = read_raw(path, layer, header_row if header_row is not None else column_mapping.header_row)
    mapped = map_table(raw, column_mapping, "releases")
    problems, labels = mapped.problems, mapped.labels
    table, more = coerce_mapped(raw, mapped, column_mapping, "releases")
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
    problems += _plausible(raw, table, labels, stated="area_m2")
    problems += _improvised_apart(mapped.attributes, table, raw.name, labels)
    return table, sort_problems(problems)


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
    header_row: int | None = None,
) -> pd.DataFrame:
    """Read a hazard file (GPKG, SHP, zipped SHP, GeoJSON, CSV, XLSX) into the canonical table.

    Parameters
    ----------
    path : the file.
    mapping : a built-in mapping name (``"imsma"``), a mapping TOML file, or ``None`` when the
        file already uses canonical column names.
    layer : layer (GeoPackage) or sheet (XLSX) to read; the first by default.
    crs : CRS to assume when a GIS layer has none (e.g. ``"EPSG:32634"``).
    header_row : row of the header in a CSV or spreadsheet (1 = first row); by default the
        mapping's ``header_row``, else row 1 or the first header-like row below title rows.

    Returns
    -------
    The hazard table (columns of ``schema("hazards")``; a GeoDataFrame in EPSG:4326 when the
    file has polygons), with ``area_m2`` measured from the polygons where they exist.

    Raises
    ------
    ValidationError
        listing every problem (file, row, column, value, what was expected).
    """
    return _raise_or_warn(*inspect_hazards(path, mapping, layer, crs, header_row), path)


def read_releases(
    path: str | Path,
    mapping: str | Path | ColumnMapping | None = None,
    layer: str | None = None,
    header_row: int | None = None,
) -> pd.DataFrame:
    """Read a release-history file (CSV, XLSX or a GIS layer's attributes) into the canonical table.

    Returns the table of ``schema("releases")`` with ``year`` filled from ``date`` where empty.
    Raises :class:`ValidationError` listing every problem.
    """
    return _raise_or_warn(*inspect_releases(path, mapping, layer, header_row), path)
