"""Charts of the app (Plotly), drawn in the browser with no tile server and no internet.

Areas are stored in m² and shown in km²; money is shown in US$ million. Colours come from
:mod:`landrelease.reports.palette` (Okabe-Ito, readable with colour-vision deficiencies), the
same as the DOCX annex's charts. The map is in :mod:`lrapp.maps`.

Remaining area is an end-of-year stock: it is drawn at ``x = Y`` for the end of year ``Y``,
so it reaches zero at the completion year the pages state; dates (the baseline, the deadline)
sit where their day ends on that axis (:func:`landrelease.export.charts.year_end_position`),
as in the DOCX burn-down.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from landrelease.domain.enums import ReleaseMethod
from landrelease.engine import ProjectionResult
from landrelease.export.charts import year_end_position
from landrelease.reports import palette
from landrelease.reports.labels import METHOD_LABELS, STATUS_LABELS

__all__ = [
    "burndown",
    "compare_burndown",
    "completion_by_funding",
    "cost_and_funding",
    "layout",
    "plan_vs_actual",
    "release_by_method",
]

KM2 = 1e6
MILLION = 1e6
MAX_YEAR_TICKS = 16
"""Up to this many years, every year gets its tick; beyond, Plotly chooses."""
MAX_BAR_YEAR_TICKS = 8
"""Yearly bar charts sit half a page wide: up to this many years, every year gets its tick."""
LEGEND_BELOW = {"yanchor": "top", "y": -0.1, "xanchor": "left", "x": 0}
"""A legend under the plot, for long names that would run into the title."""


def layout(title: str, y_title: str, x_title: str = "", **extra: Any) -> dict[str, Any]:
    """The common layout as one dict (one Figure constructor is much faster than updates);
    ``extra`` entries that are dicts update the default's dict of the same name."""
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
    """Layout parts of a labelled vertical line at the Article 5 deadline (on the year-end
    axis: where the deadline's day ends)."""
    x = year_end_position(deadline)
    text = f"Article 5 deadline {deadline.isoformat()}"
    return {
        "shapes": [
            {
                "type": "line",
                "x0": x,
                "x1": x,
                "y0": 0,
                "y1": 1,
                "yref": "paper",
                "line": {"color": palette.DEADLINE, "width": 2, "dash": "dash"},
            }
        ],
        "annotations": [
            {
                "x": x,
                "y": 1,
                "yref": "paper",
                "text": text,
                "showarrow": False,
                "xanchor": "left",
                "yanchor": "top",
                "font": {"color": palette.DEADLINE},
                "bgcolor": "rgba(255,255,255,0.8)",
            }
        ],
    }


def _stock_points(baseline_date: dt.date, years: Sequence[int] | np.ndarray) -> dict[str, Any]:
    """x positions of end-of-year stocks (the baseline first) and their hover names."""
    ends = [int(y) for y in years]
    return {
        "x": [year_end_position(baseline_date), *ends],
        "customdata": [f"baseline {baseline_date.isoformat()}", *(f"end of {y}" for y in ends)],
    }


def _year_axis(first: float, last: float) -> dict[str, Any]:
    """A year axis whose ticks are year ends, labelled with the year."""
    axis: dict[str, Any] = {"tickformat": "d", "title": {"text": "end of year"}}
    if last - first <= MAX_YEAR_TICKS:
        axis["dtick"] = 1
    return axis


def _bar_years(count: int) -> dict[str, Any]:
    """An x axis of ``count`` yearly bars in a half-width chart: every year up to
    :data:`MAX_BAR_YEAR_TICKS`, else every second or fifth year, labels level (crowded
    labels turn on end and are cut)."""
    step = 1 if count <= MAX_BAR_YEAR_TICKS else (2 if count <= 2 * MAX_BAR_YEAR_TICKS else 5)
    return {"dtick": step, "tickformat": "d", "tickangle": 0}


def _figure(traces: list[dict[str, Any]], layout_: dict[str, Any]) -> go.Figure:
    return go.Figure(data=traces, layout=layout_)


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
            "name": METHOD_LABELS[method],
            "marker": {"color": colour},
            "hovertemplate": "%{y:,.2f} km²",
        }
        for method, colour in palette.METHOD_COLOURS.items()
        if ReleaseMethod(method).is_imas or annual.get(f"{method}_area_m2", pd.Series()).any()
    ]
    xaxis = _bar_years(len(annual))
    return _figure(traces, layout(title, "km²", barmode="stack", xaxis=xaxis, legend=LEGEND_BELOW))


def burndown(
    result: ProjectionResult,
    baseline_date: dt.date,
    baseline_sha_m2: float,
    baseline_cha_m2: float,
    deadline: dt.date,
) -> go.Figure:
    """Remaining SHA and CHA area (km², stacked) at the baseline and at the end of each
    projected year (``x = Y``: the end of ``Y``), with the Article 5 deadline marked."""
    annual = result.annual
    points = _stock_points(baseline_date, annual["year"])
    traces = [
        {
            "type": "scatter",
            **points,
            "y": np.concatenate([[start], annual[column].to_numpy(dtype=float)]) / KM2,
            "name": f"remaining {STATUS_LABELS[status]}",
            "stackgroup": "remaining",
            "line": {"color": palette.STATUS_COLOURS[status], "width": 1.5},
            "hovertemplate": "%{customdata}: %{y:,.1f} km²",
        }
        for status, column, start in (
            ("cha", "remaining_cha_area_m2", baseline_cha_m2),
            ("sha", "remaining_sha_area_m2", baseline_sha_m2),
        )
    ]
    layout_ = layout(
        "Remaining hazardous area (end of year)",
        "km²",
        xaxis=_year_axis(points["x"][0], points["x"][-1]),
        **_deadline(deadline),
    )
    return _figure(traces, layout_)


def cost_and_funding(annual: pd.DataFrame) -> go.Figure:
    """Yearly planned cost (US$ million) as stacked bars, the part secured money covers and
    the funding gap, with secured and secured + expected funding as lines (the request
    annex's funding chart, :func:`landrelease.export.charts.funding_figure`).

    Covered is ``min(planned_cost_usd, secured_usd)`` and the gap ``funding_gap_usd`` =
    ``max(planned_cost_usd − secured_usd, 0)``, so each bar is the year's planned cost and
    neither part is negative.
    """
    years = annual["year"].to_numpy(dtype=int)
    planned = annual["planned_cost_usd"].to_numpy(dtype=float)
    secured = annual["secured_usd"].to_numpy(dtype=float)
    expected = annual["expected_usd"].to_numpy(dtype=float)
    gap = annual["funding_gap_usd"].to_numpy(dtype=float)
    money = "US$%{y:,.1f}M"
    bars = (
        (np.minimum(planned, secured), "cost covered by secured funding", palette.COVERED),
        (gap, "funding gap", palette.FUNDING_GAP),
    )
    lines = (
        (secured, "secured funding", "solid"),
        (secured + expected, "secured + expected funding", "dash"),
    )
    traces: list[dict[str, Any]] = [
        {
            "type": "bar",
            "x": years,
            "y": values / MILLION,
            "name": name,
            "marker": {"color": colour},
            "hovertemplate": money,
        }
        for values, name, colour in bars
    ]
    traces += [
        {
            "type": "scatter",
            "x": years,
            "y": values / MILLION,
            "name": name,
            "mode": "lines",
            "line": {"color": palette.BLACK, "width": 2, "dash": dash, "shape": "hvh"},
            "hovertemplate": money,
        }
        for values, name, dash in lines
    ]
    xaxis = _bar_years(len(annual))
    title = "Planned cost, secured funding and the funding gap"
    return _figure(
        traces, layout(title, "US$ million", barmode="stack", xaxis=xaxis, legend=LEGEND_BELOW)
    )


def compare_burndown(
    results: Sequence[ProjectionResult],
    baseline_date: dt.date,
    baseline_area_m2: float,
    deadline: dt.date,
) -> go.Figure:
    """Remaining area (km², all areas) of several projections, overlaid, at the end of each
    year (``x = Y``: the end of ``Y``), with the deadline."""
    traces = []
    first, last = year_end_position(baseline_date), year_end_position(baseline_date)
    for i, result in enumerate(results):
        annual = result.annual
        points = _stock_points(baseline_date, annual["year"])
        last = max(last, points["x"][-1])
        traces.append(
            {
                "type": "scatter",
                **points,
                "y": np.concatenate([[baseline_area_m2], annual["remaining_area_m2"].to_numpy()])
                / KM2,
                "name": result.scenario.name,
                "mode": "lines+markers",
                "line": {
                    "color": palette.SCENARIO_COLOURS[i % len(palette.SCENARIO_COLOURS)],
                    "width": 2,
                },
                "hovertemplate": "%{customdata}: %{y:,.1f} km²",
            }
        )
    layout_ = layout(
        "Remaining hazardous area by scenario",
        "km²",
        xaxis=_year_axis(first, last),
        **_deadline(deadline),
    )
    return _figure(traces, layout_)


def completion_by_funding(points: Mapping[float, int | None], current: float) -> go.Figure:
    """Article 5 completion year against the change of international funding (%)."""
    xs = sorted(points)
    trace = {
        "type": "scatter",
        "x": xs,
        "y": [points[x] for x in xs],
        "mode": "lines+markers",
        "line": {"shape": "hv", "color": palette.COVERED},
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
    layout_ = layout(
        "Article 5 completion year by change of international funding",
        "year",
        "change",
        xaxis={"ticksuffix": "%"},
        yaxis={"rangemode": "normal", "tickformat": "d"},
        shapes=[marker],
    )
    return _figure([trace], layout_)


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
            ("target_area_m2", "target", palette.TARGET),
            ("achieved_area_m2", "achieved", palette.COVERED),
        )
    ]
    layout_ = layout("Milestones: target against achieved release", "km²", barmode="group")
    return _figure(traces, layout_)
