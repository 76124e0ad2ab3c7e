"""Charts of the app (Plotly), drawn in the browser with no tile server and no internet.

Areas are stored in m² and shown in km²; money is shown in US$ million. Colours are the
Okabe-Ito palette, readable with colour-vision deficiencies.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import shapely

from landrelease import ContaminationType, HazardStatus, ReleaseMethod
from landrelease.engine import ProjectionResult

__all__ = [
    "burndown",
    "compare_burndown",
    "completion_by_funding",
    "cost_and_funding",
    "hazard_map",
    "plan_vs_actual",
    "release_by_method",
]

KM2 = 1e6
MILLION = 1e6
METHOD_COLOURS = {
    ReleaseMethod.CANCELLED.value: "#E69F00",
    ReleaseMethod.REDUCED.value: "#009E73",
    ReleaseMethod.CLEARED.value: "#0072B2",
    ReleaseMethod.RELEASED_BY_SURVEY.value: "#F0E442",
    ReleaseMethod.RELEASED_UNSPECIFIED.value: "#999999",
}
STATUS_COLOURS = {HazardStatus.SHA.value: "#56B4E9", HazardStatus.CHA.value: "#D55E00"}
TYPE_COLOURS = {
    ContaminationType.AP_MINE.value: "#D55E00",
    ContaminationType.AP_IMPROVISED.value: "#CC79A7",
    ContaminationType.AV_MINE.value: "#E69F00",
    ContaminationType.CLUSTER_MUNITION.value: "#0072B2",
    ContaminationType.ERW.value: "#009E73",
    ContaminationType.MIXED.value: "#555555",
}
GAP_COLOUR = "#D55E00"
FUNDED_COLOUR = "#0072B2"
SCENARIO_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
DEADLINE_COLOUR = "#B00020"


def _layout(title: str, y_title: str, x_title: str = "", **extra: Any) -> dict[str, Any]:
    """The common layout as one dict (one Figure constructor is much faster than updates)."""
    layout: dict[str, Any] = {
        "title": {"text": title, "font": {"size": 16}},
        "margin": {"l": 10, "r": 10, "t": 50, "b": 10},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1},
        "hovermode": "x unified",
        "plot_bgcolor": "white",
        "yaxis": {"title": {"text": y_title}, "rangemode": "tozero", "gridcolor": "#e5e5e5"},
        "xaxis": {"title": {"text": x_title}, "gridcolor": "#f0f0f0"},
    }
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(layout.get(key), dict):
            layout[key] = {**layout[key], **value}
        else:
            layout[key] = value
    return layout


def _deadline(deadline: dt.date) -> dict[str, Any]:
    """Layout parts of a labelled vertical line at the Article 5 deadline (a date axis)."""
    x = deadline.isoformat()
    return {
        "shapes": [
            {
                "type": "line",
                "x0": x,
                "x1": x,
                "y0": 0,
                "y1": 1,
                "yref": "paper",
                "line": {"color": DEADLINE_COLOUR, "width": 2, "dash": "dash"},
            }
        ],
        "annotations": [
            {
                "x": x,
                "y": 1,
                "yref": "paper",
                "text": f"Article 5 deadline {x}",
                "showarrow": False,
                "xanchor": "left",
                "yanchor": "top",
                "font": {"color": DEADLINE_COLOUR},
                "bgcolor": "rgba(255,255,255,0.8)",
            }
        ],
    }


def _year_ends(years: Sequence[int] | np.ndarray) -> list[str]:
    return [f"{int(y)}-12-31" for y in years]


def _figure(traces: list[dict[str, Any]], layout: dict[str, Any]) -> go.Figure:
    return go.Figure(data=traces, layout=layout)


def hazard_map(hazards: pd.DataFrame, colour_by: str = "status") -> go.Figure | None:
    """Hazardous areas as points at their polygons' centroids, sized by area and coloured by
    ``status`` or ``contamination_type``, on a plain background (longitude/latitude, WGS 84,
    north up, distances to scale at the data's latitude). ``None`` when the hazards have no
    polygons (a CSV or Excel hazard file)."""
    if "geometry" not in hazards.columns or hazards["geometry"].isna().all():
        return None
    geoms = np.asarray(hazards["geometry"].to_numpy(), dtype=object)
    centroids = shapely.centroid(geoms)
    x = shapely.get_x(centroids)
    y = shapely.get_y(centroids)
    area = hazards["area_m2"].to_numpy(dtype=float)
    size = 4 + 18 * np.sqrt(area / max(float(np.nanmax(area)), 1.0))
    colours = STATUS_COLOURS if colour_by == "status" else TYPE_COLOURS
    labels = hazards[colour_by].astype("string").fillna("unknown")
    order = [v for v in colours if (labels == v).any()] + sorted(set(labels) - set(colours))
    traces = []
    for value in order:
        pick = (labels == value).to_numpy()
        data = hazards.loc[pick]
        traces.append(
            {
                "type": "scattergl",
                "x": x[pick],
                "y": y[pick],
                "mode": "markers",
                "name": value.upper() if colour_by == "status" else value,
                "marker": {
                    "size": size[pick],
                    "color": colours.get(value, "#999999"),
                    "opacity": 0.7,
                    "line": {"width": 0},
                },
                "customdata": np.column_stack(
                    [
                        data["hazard_id"].astype(str),
                        data["region"].astype(str),
                        data["status"].astype(str),
                        data["contamination_type"].astype(str),
                        data["area_m2"].to_numpy(dtype=float),
                    ]
                ),
                "hovertemplate": "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>"
                "%{customdata[2]}, %{customdata[3]}<br>%{customdata[4]:,.0f} m²<extra></extra>",
            }
        )
    lat = float(np.nanmean(y)) if len(y) else 0.0
    grid = {"showgrid": True, "gridcolor": "#e0e0d8"}
    layout = _layout(
        "Hazardous areas at the baseline (size: area)",
        "latitude (°)",
        "longitude (°)",
        plot_bgcolor="#f7f7f2",
        hovermode="closest",
        height=560,
        xaxis=grid,
        yaxis={
            **grid,
            "rangemode": "normal",
            "scaleanchor": "x",
            "scaleratio": 1 / max(math.cos(math.radians(lat)), 0.1),
        },
    )
    return _figure(traces, layout)


def release_by_method(annual: pd.DataFrame, title: str) -> go.Figure:
    """Stacked bars of area released per year by method (km²), from a table with ``year``
    and ``cancelled_area_m2``, ``reduced_area_m2``, ``cleared_area_m2`` (and, where a
    history has them, the unsplit ``released_by_survey_area_m2`` and
    ``released_unspecified_area_m2``, shown apart)."""
    years = annual["year"].to_numpy(dtype=int)
    traces = [
        {
            "type": "bar",
            "x": years,
            "y": annual[f"{method}_area_m2"].to_numpy(dtype=float) / KM2,
            "name": method,
            "marker": {"color": colour},
            "hovertemplate": "%{y:,.2f} km²",
        }
        for method, colour in METHOD_COLOURS.items()
        if ReleaseMethod(method).is_imas or annual.get(f"{method}_area_m2", pd.Series()).any()
    ]
    xaxis = {"dtick": 1} if len(annual) <= 16 else {}
    return _figure(traces, _layout(title, "km²", barmode="stack", xaxis=xaxis))


def burndown(
    result: ProjectionResult,
    baseline_date: dt.date,
    baseline_sha_m2: float,
    baseline_cha_m2: float,
    deadline: dt.date,
) -> go.Figure:
    """Remaining SHA and CHA area (km², stacked) at the baseline and at the end of each
    projected year, with the Article 5 deadline marked."""
    annual = result.annual
    x = [baseline_date.isoformat(), *_year_ends(annual["year"])]
    traces = [
        {
            "type": "scatter",
            "x": x,
            "y": np.concatenate([[start], annual[column].to_numpy(dtype=float)]) / KM2,
            "name": f"remaining {label}",
            "stackgroup": "remaining",
            "line": {"color": colour, "width": 1.5},
            "hovertemplate": "%{y:,.1f} km²",
        }
        for label, column, start, colour in (
            ("CHA", "remaining_cha_area_m2", baseline_cha_m2, STATUS_COLOURS["cha"]),
            ("SHA", "remaining_sha_area_m2", baseline_sha_m2, STATUS_COLOURS["sha"]),
        )
    ]
    layout = _layout(
        "Remaining hazardous area (end of year)",
        "km²",
        xaxis={"type": "date"},
        **_deadline(deadline),
    )
    return _figure(traces, layout)


def cost_and_funding(annual: pd.DataFrame) -> go.Figure:
    """Yearly cost (US$ million) split into its funded part and the funding gap, with the
    funding counted as a line."""
    years = annual["year"].to_numpy(dtype=int)
    cost = annual["cost_usd"].to_numpy(dtype=float)
    funding = annual["funding_usd"].to_numpy(dtype=float)
    gap = annual["funding_gap_usd"].to_numpy(dtype=float)
    money = "US$%{y:,.1f}M"
    traces = [
        {
            "type": "bar",
            "x": years,
            "y": (cost - gap) / MILLION,
            "name": "cost covered",
            "marker": {"color": FUNDED_COLOUR},
            "hovertemplate": money,
        },
        {
            "type": "bar",
            "x": years,
            "y": gap / MILLION,
            "name": "funding gap",
            "marker": {"color": GAP_COLOUR},
            "hovertemplate": money,
        },
        {
            "type": "scatter",
            "x": years,
            "y": funding / MILLION,
            "name": "funding counted",
            "mode": "lines+markers",
            "line": {"color": "#222222", "width": 2},
            "hovertemplate": money,
        },
    ]
    return _figure(traces, _layout("Yearly cost and funding", "US$ million", barmode="stack"))


def compare_burndown(
    results: Sequence[ProjectionResult],
    baseline_date: dt.date,
    baseline_area_m2: float,
    deadline: dt.date,
) -> go.Figure:
    """Remaining area (km², all areas) of several projections, overlaid, with the deadline."""
    traces = []
    for i, result in enumerate(results):
        annual = result.annual
        traces.append(
            {
                "type": "scatter",
                "x": [baseline_date.isoformat(), *_year_ends(annual["year"])],
                "y": np.concatenate([[baseline_area_m2], annual["remaining_area_m2"].to_numpy()])
                / KM2,
                "name": result.scenario.name,
                "mode": "lines+markers",
                "line": {"color": SCENARIO_COLOURS[i % len(SCENARIO_COLOURS)], "width": 2},
                "hovertemplate": "%{y:,.1f} km²",
            }
        )
    layout = _layout(
        "Remaining hazardous area by scenario",
        "km²",
        xaxis={"type": "date"},
        **_deadline(deadline),
    )
    return _figure(traces, layout)


def completion_by_funding(points: Mapping[float, int | None], current: float) -> go.Figure:
    """Article 5 completion year against the change of international funding (%)."""
    xs = sorted(points)
    trace = {
        "type": "scatter",
        "x": xs,
        "y": [points[x] for x in xs],
        "mode": "lines+markers",
        "line": {"shape": "hv", "color": FUNDED_COLOUR},
        "hovertemplate": "%{x:+.0f}%: %{y}<extra></extra>",
        "name": "completion year",
    }
    marker = {
        "type": "line",
        "x0": current,
        "x1": current,
        "y0": 0,
        "y1": 1,
        "yref": "paper",
        "line": {"color": "#888888", "dash": "dot"},
    }
    layout = _layout(
        "Article 5 completion year by change of international funding",
        "year",
        "change",
        xaxis={"ticksuffix": "%"},
        yaxis={"rangemode": "normal", "tickformat": "d"},
        shapes=[marker],
    )
    return _figure([trace], layout)


def plan_vs_actual(track: pd.DataFrame) -> go.Figure:
    """Targets against achieved release per year (km²), national rows."""
    national = track[(track["region"] == "Total")]
    years = national["year"].to_numpy(dtype=int)
    traces = [
        {
            "type": "bar",
            "x": years,
            "y": national[column].to_numpy(dtype=float) / KM2,
            "name": name,
            "marker": {"color": colour},
            "hovertemplate": "%{y:,.1f} km²",
        }
        for column, name, colour in (
            ("target_area_m2", "target", "#BBBBBB"),
            ("achieved_area_m2", "achieved", FUNDED_COLOUR),
        )
    ]
    layout = _layout("Milestones: target against achieved release", "km²", barmode="group")
    return _figure(traces, layout)
