"""Geometry checks and area measurement in an equal-area projection."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS
from pyproj.exceptions import ProjError

__all__ = ["coordinate_mismatch", "equal_area_crs", "measure_area_m2", "overlapping_pairs"]

WGS84 = "EPSG:4326"


def equal_area_crs(geometry: gpd.GeoSeries) -> CRS:
    """A Lambert azimuthal equal-area CRS centred on the data (metres).

    Equal-area by construction, so areas measured in it are true areas whatever the
    country's extent, unlike a UTM zone chosen for one end of a long country.
    """
    lonlat = geometry.to_crs(WGS84)
    minx, miny, maxx, maxy = lonlat.total_bounds
    lon0, lat0 = (minx + maxx) / 2, (miny + maxy) / 2
    if not (np.isfinite(lon0) and np.isfinite(lat0)):  # nothing but empty geometries
        lon0, lat0 = 0.0, 0.0
    return CRS.from_proj4(f"+proj=laea +lat_0={lat0:.6f} +lon_0={lon0:.6f} +datum=WGS84 +units=m")


def measure_area_m2(geometry: gpd.GeoSeries) -> pd.Series:
    """Area of each geometry in m², measured in :func:`equal_area_crs`."""
    if geometry.crs is None:
        raise ValueError("geometry has no CRS")
    projected = geometry.to_crs(equal_area_crs(geometry))
    return pd.Series(projected.area.to_numpy(), index=geometry.index)


def overlapping_pairs(
    geometry: gpd.GeoSeries, tolerance_frac: float = 0.01
) -> list[tuple[int, int, float, float]]:
    """Pairs of positions whose overlap exceeds ``tolerance_frac`` of the smaller polygon.

    Returns ``(i, j, overlap_m2, overlap_frac)`` with ``i < j`` (positions, not labels).
    Geometry must be in a projected CRS in metres (see :func:`equal_area_crs`).
    """
    geoms = geometry.to_numpy()
    ok = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms)) & shapely.is_valid(geoms)
    tree = shapely.STRtree(np.where(ok, geoms, None))
    left, right = tree.query(geoms, predicate="intersects")
    keep = (left < right) & ok[left] & ok[right]
    left, right = left[keep], right[keep]
    if len(left) == 0:
        return []
    inter = shapely.area(shapely.intersection(geoms[left], geoms[right]))
    smaller = np.minimum(shapely.area(geoms[left]), shapely.area(geoms[right]))
    frac = np.divide(inter, smaller, out=np.zeros_like(inter), where=smaller > 0)
    hit = frac > tolerance_frac
    return [
        (int(i), int(j), float(a), float(f))
        for i, j, a, f in zip(left[hit], right[hit], inter[hit], frac[hit], strict=True)
    ]


def _bounds(geometry: gpd.GeoSeries) -> np.ndarray | None:
    """``minx, miny, maxx, maxy`` of the non-empty geometries, or ``None`` when there are none."""
    geoms = geometry.to_numpy()
    present = geoms[~(shapely.is_missing(geoms) | shapely.is_empty(geoms))]
    if len(present) == 0:
        return None
    return np.asarray(shapely.total_bounds(present), dtype=float)


def _in_degrees(bounds: np.ndarray) -> bool:
    minx, miny, maxx, maxy = bounds
    return bool(minx >= -180 and maxx <= 180 and miny >= -90 and maxy <= 90)


def coordinate_mismatch(geometry: gpd.GeoSeries) -> tuple[str, str] | None:
    """Why the coordinates cannot be (or are unlikely to be) in the layer's CRS, with the
    severity (``"error"`` or ``"warning"``), or ``None`` when they fit.

    An error: coordinates beyond ±180/±90 in a CRS in degrees (metres read as degrees, as
    when a ``.prj`` is missing and ``crs = "EPSG:4326"`` is assumed), or coordinates that
    cannot be placed on the Earth. A warning: every coordinate within ±180/±90 in a CRS in
    metres (degrees read as metres: every polygon would measure a fraction of a m²).
    """
    bounds = _bounds(geometry)
    if bounds is None:
        return None
    crs = CRS.from_user_input(geometry.crs)
    name = crs.to_string()
    x0, y0, x1, y1 = (f"{v:,.0f}" if abs(v) >= 1000 else f"{v:.6g}" for v in bounds)
    extent = f"x from {x0} to {x1}, y from {y0} to {y1}"
    if not np.isfinite(bounds).all():
        return f"coordinates are not finite numbers ({extent})", "error"
    if crs.is_geographic:
        if not _in_degrees(bounds):
            return (
                f"coordinates look like metres ({extent}), but the layer's CRS ({name}) is in "
                "degrees",
                "error",
            )
        return None
    try:
        lonlat = _bounds(geometry.to_crs(WGS84))
    except (ProjError, ValueError):
        lonlat = None
    if lonlat is None or not np.isfinite(lonlat).all() or not _in_degrees(lonlat):
        return (
            f"coordinates ({extent}) cannot be placed on the Earth in the layer's CRS ({name})",
            "error",
        )
    if _in_degrees(bounds):
        return (
            f"coordinates look like degrees ({extent}), but the layer's CRS ({name}) is in "
            "metres: every polygon would measure a fraction of a m²",
            "warning",
        )
    return None
