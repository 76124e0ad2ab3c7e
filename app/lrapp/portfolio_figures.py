"""Charts of the Portfolio page (Plotly, offline): the allocation against the equal split,
the marginal value of one more US$1M a year, and each country's completion-year band moving
from current pledges to the allocation. Colours from :mod:`landrelease.reports.palette`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from lrapp.figures import layout
from plotly.subplots import make_subplots

from landrelease.portfolio.prepared import last_year_meeting
from landrelease.reports import palette

__all__ = ["CASE_COLOURS", "MARGINAL_PARTS", "allocation_bars", "completion_bands", "marginal_bars"]

MILLION = 1e6
CASE_COLOURS = {"current pledges": palette.GREY, "allocation": palette.BLUE}
"""The band without additional money in neutral grey, the allocation's in the colour of
money covered."""
BAND_OFFSET = 0.18
"""Half the gap between a country's two bands (in rows of the chart)."""
MARGINAL_PARTS = (
    ("completion_years_gained", "Completion years gained", "years", palette.BLUE),
    (
        "probability_gained_points",
        "Chance of meeting the date",
        "percentage points",
        palette.BLUISH_GREEN,
    ),
    ("ap_km2_gained", "AP area released", "km²", palette.ORANGE),
)
"""The three marginal values: column of :func:`lrapp.portfolios.marginal_table`, title,
unit and colour."""


def allocation_bars(allocation: pd.DataFrame, equal_usd: float) -> go.Figure:
    """The allocation per country (``country, usd_per_year``; US$ million a year shown)
    beside the equal split (``equal_usd``, US$ a year)."""
    names = allocation["country"].astype(str).tolist()
    usd = allocation["usd_per_year"].to_numpy(dtype=float)
    traces = [
        {
            "type": "bar",
            "x": names,
            "y": [equal_usd / MILLION] * len(names),
            "name": "equal split",
            "marker": {"color": palette.GREY},
            "hovertemplate": "US$%{y:,.2f}M",
        },
        {
            "type": "bar",
            "x": names,
            "y": usd / MILLION,
            "name": "allocation",
            "marker": {"color": palette.BLUE},
            "hovertemplate": "US$%{y:,.2f}M",
        },
    ]
    return go.Figure(
        data=traces,
        layout=layout("Allocation of the yearly budget", "US$ million a year", barmode="group"),
    )


def marginal_bars(marginal: pd.DataFrame) -> go.Figure:
    """What one more US$1M a year gives each country, three panels
    (:data:`MARGINAL_PARTS`) of the :func:`lrapp.portfolios.marginal_table`."""
    by_year = marginal["ap_km2_by_year"].iloc[0] if len(marginal) else ""
    titles = [
        f"{title} ({unit}{', by ' + str(by_year) if column == 'ap_km2_gained' else ''})"
        for column, title, unit, _ in MARGINAL_PARTS
    ]
    fig = make_subplots(rows=1, cols=len(MARGINAL_PARTS), subplot_titles=titles)
    names = marginal["country"].astype(str).tolist()
    for i, (column, title, unit, colour) in enumerate(MARGINAL_PARTS, start=1):
        fig.add_trace(
            go.Bar(
                x=names,
                y=marginal[column].to_numpy(dtype=float),
                name=title,
                marker={"color": colour},
                hovertemplate=f"%{{y:,.3f}} {unit}<extra></extra>",
                showlegend=False,
            ),
            row=1,
            col=i,
        )
    fig.update_layout(
        title={"text": "One more US$1M a year on top of the allocation", "font": {"size": 16}},
        margin={"l": 10, "r": 10, "t": 80, "b": 10},
        plot_bgcolor="white",
        hovermode="x unified",
    )
    fig.update_annotations(font={"size": 12})
    fig.update_yaxes(rangemode="tozero", gridcolor="#e5e5e5", zerolinecolor="#999999")
    return fig


def _year(value: Any, end_year: int) -> float:
    """A completion year for the axis: after the horizon drawn one year beyond it."""
    return float(end_year + 1) if value is None or pd.isna(value) else float(value)


def _text(value: Any, end_year: int) -> str:
    return f"after {end_year}" if value is None or pd.isna(value) else str(int(value))


def completion_bands(bands: pd.DataFrame, order: Sequence[str]) -> go.Figure:
    """Per country (rows in ``order``), the Article 5 completion year's P50 with its P10–P90
    band at current pledges and with the allocation (:data:`CASE_COLOURS`), and the last
    year meeting its current Article 5 deadline (a black tick). A band after the horizon is
    drawn one year beyond it and says so."""
    row = {name: len(order) - 1 - i for i, name in enumerate(order)}  # first country on top
    traces: list[dict[str, Any]] = []
    for case, shift in (("current pledges", BAND_OFFSET), ("allocation", -BAND_OFFSET)):
        part = bands[bands["case"] == case]
        p10, p50, p90, text = [], [], [], []
        for r in part.to_dict("records"):
            end = int(r["end_year"])
            p10.append(_year(r["p10"], end))
            p50.append(_year(r["p50"], end))
            p90.append(_year(r["p90"], end))
            text.append(
                f"{r['country']}, {case}: P10 {_text(r['p10'], end)}, P50 "
                f"{_text(r['p50'], end)}, P90 {_text(r['p90'], end)}"
            )
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "x": p50,
                "y": [row[c] + shift for c in part["country"]],
                "name": f"{case} (P50, P10–P90)",
                "marker": {"color": CASE_COLOURS[case], "size": 11, "symbol": "diamond"},
                "error_x": {
                    "type": "data",
                    "symmetric": False,
                    "array": [b - a for a, b in zip(p50, p90, strict=True)],
                    "arrayminus": [a - b for a, b in zip(p50, p10, strict=True)],
                    "color": CASE_COLOURS[case],
                    "thickness": 6,
                    "width": 0,
                },
                "text": text,
                "hovertemplate": "%{text}<extra></extra>",
            }
        )
    deadlines = _deadlines(bands, row)
    traces.append(
        {
            "type": "scatter",
            "mode": "markers",
            "x": list(deadlines.values()),
            "y": [row[c] for c in deadlines],
            "name": "last year meeting the Article 5 deadline",
            "marker": {
                "color": palette.DEADLINE,
                "symbol": "line-ns",
                "size": 26,
                "line": {"width": 2, "color": palette.DEADLINE},
            },
            "hovertemplate": "Article 5 deadline met by completing in %{x}<extra></extra>",
        }
    )
    layout_ = layout(
        "Article 5 completion year: current pledges → allocation",
        "",
        hovermode="closest",
        legend={"yanchor": "top", "y": -0.12, "xanchor": "left", "x": 0},
        xaxis={"tickformat": "d", "dtick": 1 if _span(bands) <= 16 else None},
        yaxis={
            "tickvals": list(row.values()),
            "ticktext": list(row),
            "range": [-0.6, len(order) - 0.4],
            "rangemode": "normal",
            "title": {"text": ""},
        },
        height=180 + 70 * len(order),
    )
    return go.Figure(data=traces, layout=layout_)


def _deadlines(bands: pd.DataFrame, row: Mapping[str, int]) -> dict[str, int]:
    """Per country, the last completion year meeting its current Article 5 deadline."""
    out: dict[str, int] = {}
    for r in bands.to_dict("records"):
        if r["country"] in row and r["country"] not in out:
            out[r["country"]] = last_year_meeting(r["deadline_date"])
    return out


def _span(bands: pd.DataFrame) -> float:
    """Years the chart spans (P10 to P90, the horizon standing in for "after")."""
    low = [_year(v, int(e)) for v, e in zip(bands["p10"], bands["end_year"], strict=True)]
    high = [_year(v, int(e)) for v, e in zip(bands["p90"], bands["end_year"], strict=True)]
    return max(high, default=0.0) - min(low, default=0.0)
