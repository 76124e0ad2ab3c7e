"""Check a layer's polygons and measure their areas, one problem per feature.

Every problem names the feature number and, where the file gives one, the hazard id, so a
user finds the polygon in QGIS by either. A layer whose coordinates cannot be in its CRS
(metres in a layer that says degrees, the usual result of a wrong or missing ``.prj``) is
reported once, with the likely cause, before anything is measured.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS
from pyproj.exceptions import ProjError

from landrelease.errors import Problem
from landrelease.io.files import RawTable
from landrelease.io.geometry import WGS84, coordinate_mismatch, measure_area_m2

__all__ = ["AREA_MISMATCH_FRAC", "Measured", "measure_polygons"]

AREA_MISMATCH_FRAC = 0.10
"""Warn when a stated area and its polygon's measured area differ by more than this share."""

_CHECK_PRJ = "check the layer's .prj (or crs in country.toml)"

Measured = tuple[pd.DataFrame, gpd.GeoSeries | None, list[Problem], set[int]]
"""Attributes with ``area_m2`` measured, the geometry in EPSG:4326 (``None`` when the layer
cannot be placed), the problems, and the rows whose empty geometry is already reported."""


def _hazard(attributes: pd.DataFrame, idx: object) -> str:
    """``hazard H-12: `` for messages, or nothing when the row has no id."""
    if "hazard_id" not in attributes.columns:
        return ""
    value = attributes.loc[idx, "hazard_id"]
    if value is None or (isinstance(value, float) and np.isnan(value)) or str(value).strip() == "":
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # ids read as numbers from GIS files
    return f"hazard {str(value).strip()}: "


def _layer_problem(raw: RawTable, message: str, expected: str) -> Problem:
    return Problem(
        check="valid_geometry",
        message=message,
        file=raw.name,
        column="geometry",
        expected=expected,
        row_kind=raw.row_kind,
    )


def _with_crs(
    raw: RawTable, geometry: gpd.GeoSeries, crs: str | None
) -> tuple[gpd.GeoSeries | None, list[Problem]]:
    """The geometry with its CRS (``crs`` when the layer has none), or the problem."""
    if geometry.crs is not None:
        return geometry, []
    if crs is None:
        return None, [
            _layer_problem(
                raw,
                "the layer has no coordinate reference system",
                "a layer with a CRS (.prj for a Shapefile), or crs= set in country.toml",
            )
        ]
    try:
        return geometry.set_crs(CRS.from_user_input(crs)), []
    except ProjError:
        return None, [
            _layer_problem(
                raw,
                f"crs = {crs!r} (in country.toml) is not a coordinate reference system",
                'an EPSG code such as "EPSG:32634" (UTM 34N) or "EPSG:4326" (degrees)',
            )
        ]


def measure_polygons(
    raw: RawTable,
    attributes: pd.DataFrame,
    rows: pd.Series,
    geometry: gpd.GeoSeries,
    crs: str | None,
    area_label: str = "area_m2",
) -> Measured:
    """Check polygons, measure their area, keep the file's own area as ``reported_area_m2``.

    Parameters
    ----------
    raw : the file read (for its name and row kind).
    attributes : its mapped attributes (canonical names), one row per feature.
    rows : feature number of each row.
    geometry : the layer's geometry, aligned with ``attributes``.
    crs : CRS to assume when the layer has none.
    area_label : the file's name for ``area_m2``, for messages.
    """
    geometry_with_crs, problems = _with_crs(raw, geometry, crs)
    if geometry_with_crs is None:
        return attributes, None, problems, set()
    geometry = geometry_with_crs
    mismatch = coordinate_mismatch(geometry)
    if mismatch is not None:
        message, severity = mismatch
        problems.append(
            Problem(
                check="valid_geometry",
                message=message,
                file=raw.name,
                column="geometry",
                expected=_CHECK_PRJ,
                severity=severity,
                row_kind=raw.row_kind,
            )
        )
        if severity == "error":
            return attributes, None, problems, set()
    geoms = geometry.to_numpy()
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    polygonal = np.isin(shapely.get_type_id(geoms), (3, 6))  # Polygon, MultiPolygon
    valid = shapely.is_valid(geoms)
    stated = (
        pd.to_numeric(attributes["area_m2"], errors="coerce")
        if "area_m2" in attributes.columns
        else pd.Series(np.nan, index=attributes.index)
    )
    empty_reported: set[int] = set()

    def problem(
        idx: object,
        message: str,
        *,
        column: str,
        expected: str | None = None,
        value: object = None,
        severity: str = "error",
        check: str = "valid_geometry",
    ) -> Problem:
        return Problem(
            check=check,
            message=_hazard(attributes, idx) + message,
            file=raw.name,
            row=int(rows.loc[idx]),
            column=column,
            value=value,
            expected=expected,
            severity=severity,
            row_kind=raw.row_kind,
        )

    for pos, idx in enumerate(attributes.index):
        if missing[pos]:
            if stated.loc[idx] > 0:
                problems.append(
                    problem(
                        idx,
                        "geometry is empty; the stated area is used and the area is not mapped",
                        column="geometry",
                        expected="a polygon",
                        severity="warning",
                    )
                )
            else:
                empty_reported.add(int(rows.loc[idx]))
                problems.append(
                    problem(
                        idx,
                        "geometry is empty, so the area cannot be measured",
                        column="geometry",
                        expected=f"a polygon, or an area in {area_label}",
                    )
                )
        elif not polygonal[pos]:
            problems.append(
                problem(
                    idx,
                    "geometry is not a polygon",
                    column="geometry",
                    value=geoms[pos].geom_type,
                    expected="a Polygon or MultiPolygon",
                )
            )
        elif not valid[pos]:
            problems.append(
                problem(
                    idx,
                    "polygon is invalid: " + shapely.is_valid_reason(geoms[pos]),
                    column="geometry",
                    expected="a valid polygon (QGIS: Vector > Geometry > Fix geometries)",
                )
            )
    good = ~missing & polygonal & valid
    measured = measure_area_m2(geometry).where(good)
    out = attributes.copy()
    if "area_m2" in out.columns:
        out["reported_area_m2"] = out["area_m2"]
        diff = ((stated - measured).abs() / measured).where(stated > 0)
        for idx in diff[diff > AREA_MISMATCH_FRAC].index:
            problems.append(
                problem(
                    idx,
                    f"stated area differs from the polygon's measured area "
                    f"({measured.loc[idx]:,.0f} m²) by {diff.loc[idx]:.0%}; "
                    "the measured area is used",
                    check="area_matches_polygon",
                    column=area_label,
                    value=out.loc[idx, "area_m2"],
                    severity="warning",
                )
            )
        out["area_m2"] = out["area_m2"].where(~good, measured)
    else:
        out["area_m2"] = measured.where(good, np.nan)
    return out, geometry.to_crs(WGS84), problems, empty_reported
