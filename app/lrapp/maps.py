"""The map of hazardous areas (Plotly, no tiles, no internet) with region outlines.

The country's files give no region boundaries, so each region is outlined by the convex hull
of its hazardous areas' polygons: the smallest convex shape holding every area of the region.
Outlines of neighbouring regions may overlap where their areas interleave.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import shapely

from landrelease.reports import palette
from landrelease.reports.labels import STATUS_LABELS, TYPE_LABELS
from lrapp.figures import layout

__all__ = ["OUTLINE_COLOUR", "hazard_map", "region_outlines"]

OUTLINE_COLOUR = "#555555"
"""Region outlines: a neutral dark grey under the coloured areas."""
MARKER_EDGE = "rgba(0,0,0,0.45)"
"""Outline of each area's marker, so that light colours (yellow, sky blue) stay visible."""


def _polygons(hazards: pd.DataFrame) -> np.ndarray | None:
    if "geometry" not in hazards.columns or hazards["geometry"].isna().all():
        return None
    return np.asarray(hazards["geometry"].to_numpy(), dtype=object)


def region_outlines(hazards: pd.DataFrame) -> dict[str, shapely.Geometry]:
    """Each region's outline: the convex hull of its hazardous areas' geometries (longitude
    and latitude, WGS 84), by region in the order of first appearance. Empty when the
    hazards have no polygons; areas without a geometry are left out."""
    geoms = _polygons(hazards)
    if geoms is None:
        return {}
    regions = hazards["region"].astype("string").fillna("").to_numpy(dtype=object)
    present = ~shapely.is_missing(geoms) & ~shapely.is_empty(geoms)
    outlines = {}
    for region in pd.unique(regions[present]):
        pick = present & (regions == region)
        outlines[str(region)] = shapely.convex_hull(shapely.geometrycollections(geoms[pick]))
    return outlines


def _outlines(
    outlines: dict[str, shapely.Geometry],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """One line trace for every outline (rings joined by gaps), and each region's name as an
    annotation (drawn above the areas, on a light box)."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    names = []
    for region, shape in outlines.items():
        coords = shapely.get_coordinates(shapely.boundary(shape) if shape.area > 0 else shape)
        xs.extend([*coords[:, 0].tolist(), None])
        ys.extend([*coords[:, 1].tolist(), None])
        point = shape.representative_point()
        names.append(
            {
                "x": point.x,
                "y": point.y,
                "text": region,
                "showarrow": False,
                "font": {"color": OUTLINE_COLOUR, "size": 13},
                "bgcolor": "rgba(255,255,255,0.75)",
            }
        )
    if not names:
        return [], []
    line = {
        "type": "scatter",
        "x": xs,
        "y": ys,
        "mode": "lines",
        "name": "region outline",
        "line": {"color": OUTLINE_COLOUR, "width": 1.2, "dash": "dot"},
        "hoverinfo": "skip",
    }
    return [line], names


def hazard_map(hazards: pd.DataFrame, colour_by: str = "status") -> go.Figure | None:
    """Hazardous areas as points at their polygons' centroids, sized by area and coloured by
    ``status`` or ``contamination_type`` (palette and names of
    :mod:`landrelease.reports.palette` and :mod:`landrelease.reports.labels`), with each
    region's outline, on a plain background (longitude/latitude, WGS 84, north up, distances
    to scale at the data's latitude). ``None`` when the hazards have no polygons (a CSV or
    Excel hazard file)."""
    geoms = _polygons(hazards)
    if geoms is None:
        return None
    centroids = shapely.centroid(geoms)
    x = shapely.get_x(centroids)
    y = shapely.get_y(centroids)
    area = hazards["area_m2"].to_numpy(dtype=float)
    size = 4 + 18 * np.sqrt(area / max(float(np.nanmax(area)), 1.0))
    colours = palette.STATUS_COLOURS if colour_by == "status" else palette.TYPE_COLOURS
    names = STATUS_LABELS if colour_by == "status" else TYPE_LABELS
    values = hazards[colour_by].astype("string").fillna("unknown")
    order = [v for v in colours if (values == v).any()] + sorted(set(values) - set(colours))
    status = hazards["status"].astype("string").map(STATUS_LABELS).fillna("")
    kind = hazards["contamination_type"].astype("string").map(TYPE_LABELS).fillna("")
    traces, names_of_regions = _outlines(region_outlines(hazards))
    for value in order:
        pick = (values == value).to_numpy()
        data = hazards.loc[pick]
        traces.append(
            {
                "type": "scattergl",
                "x": x[pick],
                "y": y[pick],
                "mode": "markers",
                "name": names.get(value, value),
                "marker": {
                    "size": size[pick],
                    "color": palette.colour_of(value, colours),
                    "opacity": 0.75,
                    "line": {"width": 0.5, "color": MARKER_EDGE},
                },
                "customdata": np.column_stack(
                    [
                        data["hazard_id"].astype(str),
                        data["region"].astype(str),
                        status[pick].astype(str),
                        kind[pick].astype(str),
                        data["area_m2"].to_numpy(dtype=float),
                    ]
                ),
                "hovertemplate": "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>"
                "%{customdata[2]}, %{customdata[3]}<br>%{customdata[4]:,.0f} m²<extra></extra>",
            }
        )
    lat = float(np.nanmean(y)) if len(y) else 0.0
    grid = {"showgrid": True, "gridcolor": "#e0e0d8"}
    return go.Figure(
        data=traces,
        layout=layout(
            "Hazardous areas at the baseline (size: area; dotted: region outlines)",
            "latitude (°)",
            "longitude (°)",
            plot_bgcolor="#f7f7f2",
            hovermode="closest",
            height=560,
            annotations=names_of_regions,
            xaxis=grid,
            yaxis={
                **grid,
                "rangemode": "normal",
                "scaleanchor": "x",
                "scaleratio": 1 / max(math.cos(math.radians(lat)), 0.1),
            },
        ),
    )
