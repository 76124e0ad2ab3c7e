"""Geometry checks and area measurement in an equal-area projection."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS

__all__ = ["equal_area_crs", "measure_area_m2", "overlapping_pairs"]

WGS84 = "EPSG:4326"


def equal_area_crs(geometry: gpd.GeoSeries) -> CRS:
    """A Lambert azimuthal equal-area CRS centred on the data (metres).

    Equal-area by construction, so areas measured in it are true areas whatever the
    country's extent, unlike a UTM zone chosen for one end of a long country.
    """
    lonlat = geometry.to_crs(WGS84)
    minx, miny, maxx, maxy = lonlat.total_bounds
    lon0, lat0 = (minx + maxx) / 2, (miny + maxy) / 2
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
