"""Charts of a forecast in the app (Plotly): the fan of remaining Article 5 area beside the
plan; the response curve's probabilities and completion years against additional money.
Axes, colours and the deadline marks are those of :mod:`lrapp.figures`."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from landrelease.engine import ProjectionResult
from landrelease.export.charts import year_end_position
from landrelease.reports import palette
from lrapp.figures import (
    KM2,
    LEGEND_BELOW,
    _deadline,
    _figure,
    _stock_points,
    _year_axis,
    layout,
)

__all__ = [
    "FAN_BAND_ALPHA",
    "FAN_TAIL_YEARS",
    "PROBABILITY_LINES",
    "completion_by_money",
    "fan",
    "probability_by_money",
]

FAN_TAIL_YEARS = 2
"""Years of the fan drawn after the last year any draw's P90 still has area."""
FAN_BAND_ALPHA = 0.35
"""Opacity of the fan's P10–P90 band (as in the DOCX request)."""
LEGEND_UNDER_AXIS = {**LEGEND_BELOW, "y": -0.3}
"""A legend under the x axis's title (these charts title their x axes)."""


def fan(
    annual: pd.DataFrame,
    plan: ProjectionResult,
    baseline_date: dt.date,
    baseline_article5_m2: float,
    deadline: dt.date,
    requested: dt.date | None = None,
) -> go.Figure:
    """Remaining Article 5 (anti-personnel-mined) area (km²) at each year end: the forecast's
    P10–P90 band and P50 line (``annual``, the ``plan`` case of a forecast's annual table)
    beside the plan as projected (``plan.annual``), from the baseline's stock; the Article 5
    deadline marked, and the requested deadline when given. The same figure as the DOCX
    request's (:mod:`landrelease.export.fan`)."""
    rows = annual[annual["case"] == "plan"] if "case" in annual else annual
    left = np.flatnonzero(rows["article5_remaining_area_m2_p90"].to_numpy(dtype=float) > 0)
    if len(left):  # after every draw has finished: two more years, not the horizon's zeros
        rows = rows.iloc[: left[-1] + 1 + FAN_TAIL_YEARS]
    points = _stock_points(baseline_date, rows["year"])

    def line(column: str, frame: pd.DataFrame = rows) -> np.ndarray:
        values = frame[column].to_numpy(dtype=float)
        return np.concatenate([[baseline_article5_m2], values]) / KM2

    projected = plan.annual.set_index("year")["article5_remaining_area_m2"]
    until = int(plan.article5_completion_year or projected.index.max())
    shown = rows["year"].to_numpy(dtype=int)
    plan_y = [float(projected.get(y, np.nan)) / KM2 if y <= until else None for y in shown]
    hover = "%{customdata}: %{y:,.1f} km²"
    traces = [
        {
            "type": "scatter",
            **points,
            "y": line("article5_remaining_area_m2_p90"),
            "name": "forecast P90",
            "mode": "lines",
            "line": {"width": 0, "color": palette.FORECAST_BAND},
            "hovertemplate": hover,
            "showlegend": False,
        },
        {
            "type": "scatter",
            **points,
            "y": line("article5_remaining_area_m2_p10"),
            "name": "forecast P10–P90 (eight draws in ten)",
            "mode": "lines",
            "fill": "tonexty",
            "fillcolor": _rgba(palette.FORECAST_BAND, FAN_BAND_ALPHA),
            "line": {"width": 0, "color": palette.FORECAST_BAND},
            "hovertemplate": hover,
        },
        {
            "type": "scatter",
            **points,
            "y": line("article5_remaining_area_m2_p50"),
            "name": "forecast P50",
            "mode": "lines",
            "line": {"width": 2.5, "color": palette.FORECAST_MEDIAN},
            "hovertemplate": hover,
        },
        {
            "type": "scatter",
            **points,
            "y": [baseline_article5_m2 / KM2, *plan_y],
            "name": "the plan as projected",
            "mode": "lines+markers",
            "marker": {"size": 5},
            "line": {"width": 1.8, "color": palette.PLAN_LINE},
            "hovertemplate": hover,
        },
    ]
    marks = _deadline(deadline)
    if requested is not None:
        x = year_end_position(requested)
        marks["shapes"].append(
            {
                "type": "line",
                "x0": x,
                "x1": x,
                "y0": 0,
                "y1": 1,
                "yref": "paper",
                "line": {"color": palette.REQUESTED_DEADLINE, "width": 2, "dash": "dot"},
            }
        )
        marks["annotations"].append(
            {
                "x": x,
                "y": 0.9,
                "yref": "paper",
                "text": f"requested {requested.isoformat()}",
                "showarrow": False,
                "xanchor": "left",
                "yanchor": "top",
                "font": {"color": palette.REQUESTED_DEADLINE},
                "bgcolor": "rgba(255,255,255,0.8)",
            }
        )
    layout_ = layout(
        "How likely: remaining anti-personnel-mined (Article 5) area",
        "km²",
        xaxis=_year_axis(points["x"][0], points["x"][-1]),
        legend=LEGEND_UNDER_AXIS,
        margin={"b": 90},
        **marks,
    )
    return _figure(traces, layout_)


def _rgba(colour: str, alpha: float) -> str:
    """``#RRGGBB`` with an opacity, as Plotly's ``rgba(r,g,b,a)``."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


PROBABILITY_LINES = (
    ("p_complete_by_deadline", "by the Article 5 deadline", palette.DEADLINE, "solid"),
    ("p_complete_by_requested", "by the requested deadline", palette.REQUESTED_DEADLINE, "dot"),
    ("p_within_10_years", "within ten years of the deadline", palette.BLUE, "dash"),
)
"""The probabilities of :func:`probability_by_money`: column, name, colour, dash."""


def probability_by_money(table: pd.DataFrame) -> go.Figure:
    """P(complete Article 5 clearance) by the deadline, by the requested deadline and within
    ten years of the deadline (%) against additional international money (US$ million a
    year); ``table`` is :func:`lrapp.responses.response_table` (probabilities 0..1)."""
    x = table["additional_usd_per_year"].to_numpy(dtype=float) / 1e6
    traces = [
        {
            "type": "scatter",
            "x": x,
            "y": table[column].to_numpy(dtype=float) * 100,
            "mode": "lines+markers",
            "name": name,
            "line": {"color": colour, "dash": dash, "width": 3 if dash == "solid" else 2},
            "hovertemplate": "US$%{x:,.1f}M: %{y:.0f}%",
        }
        for column, name, colour, dash in PROBABILITY_LINES
        if column in table and table[column].notna().any()
    ]
    layout_ = layout(
        "P(complete Article 5 clearance) by additional money",
        "probability",
        "additional international money (US$ million a year)",
        yaxis={"range": [0, 100], "ticksuffix": "%", "rangemode": "normal"},
        legend=LEGEND_UNDER_AXIS,
        margin={"b": 90},
    )
    return _figure(traces, layout_)


def completion_by_money(table: pd.DataFrame, deadline: dt.date) -> go.Figure:
    """Article 5 completion year, P50 and P90, against additional international money (US$
    million a year), with the deadline's year as a horizontal line; a quantile after the
    horizon is left out (a gap), as the table beside says."""
    x = table["additional_usd_per_year"].to_numpy(dtype=float) / 1e6

    def years(column: str) -> np.ndarray:
        return table[column].astype("Float64").to_numpy(dtype=float, na_value=np.nan)

    traces = [
        {
            "type": "scatter",
            "x": x,
            "y": years(column),
            "mode": "lines+markers",
            "name": name,
            "line": {"color": colour, "dash": dash, "width": 2},
            "hovertemplate": "US$%{x:,.1f}M: %{y:d}",
        }
        for column, name, colour, dash in (
            (
                "article5_completion_year_p50",
                "P50 (one draw in two later)",
                palette.FORECAST_MEDIAN,
                "solid",
            ),
            (
                "article5_completion_year_p90",
                "P90 (one draw in ten later)",
                palette.SKY_BLUE,
                "dot",
            ),
        )
    ]
    last = deadline.year if (deadline.month, deadline.day) == (12, 31) else deadline.year - 1
    marker = {
        "type": "line",
        "x0": 0,
        "x1": 1,
        "xref": "paper",
        "y0": last,
        "y1": last,
        "line": {"color": palette.DEADLINE, "dash": "dash", "width": 2},
    }
    layout_ = layout(
        "Article 5 completion year by additional money",
        "year",
        "additional international money (US$ million a year)",
        yaxis={"tickformat": "d", "rangemode": "normal"},
        shapes=[marker],
        annotations=[
            {
                "x": 1,
                "xref": "paper",
                "y": last,
                "text": f"meets the deadline {deadline.isoformat()}",
                "showarrow": False,
                "xanchor": "right",
                "yanchor": "top",
                "font": {"color": palette.DEADLINE},
            }
        ],
        legend=LEGEND_UNDER_AXIS,
        margin={"b": 90},
    )
    return _figure(traces, layout_)
