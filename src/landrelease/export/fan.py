"""The fan chart of a request: remaining Article 5 (anti-personnel-mined) area at each year
end, as the forecast sees it (the P10–P90 band and the P50 line over the draws) beside the
plan's own projection, with the Article 5 deadline and the requested deadline.

Rendered with matplotlib's Agg canvas to PNG bytes (no display, no ``pyplot`` state), like
the other charts of the pack (:mod:`landrelease.export.charts`), with the same axis: ``x = Y``
is 31 December of ``Y``, where the year-end stock is drawn. The baseline year's stock starts
every line (the ``remaining_challenge`` table's national ``article5`` row). Each quantile is
taken year by year, so the P50 line is not the path of any one draw.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from landrelease.export.charts import M2_PER_KM2, mark_deadlines
from landrelease.reports import palette
from landrelease.reports.request import RequestPack

if TYPE_CHECKING:  # the forecast (numba) takes a second to import; the chart needs its tables
    from landrelease.forecast import ForecastResult

__all__ = ["FAN_COLUMNS", "fan_figure", "fan_png", "fan_table"]

FAN_COLUMNS = (
    "year",
    "article5_remaining_area_m2_p10",
    "article5_remaining_area_m2_p50",
    "article5_remaining_area_m2_p90",
    "plan_article5_remaining_area_m2",
)
"""Columns of :func:`fan_table`."""
TAIL_YEARS = 2
"""Years drawn after the last year any draw of P90 still has area: the horizon's long tail of
zeros would squeeze the years that matter."""
BAND_ALPHA = 0.35
"""Opacity of the P10–P90 band: light enough for the lines and deadlines drawn over it."""


def _baseline(pack: RequestPack) -> tuple[int, float] | None:
    """The baseline year and its remaining Article 5 area (m²), from the pack."""
    h = pack.tables["header"]
    dates = h.loc[h["item"] == "baseline_date", "value"].dropna()
    year = str(dates.iloc[0])[:4] if len(dates) else ""
    rc = pack.tables["remaining_challenge"]
    row = rc[(rc["region"] == "Total") & (rc["contamination_type"] == "article5")]
    if not year.isdigit() or row.empty:
        return None
    return int(year), float(row["area_m2"].iloc[0])


def fan_table(pack: RequestPack, forecast: ForecastResult, case: str = "plan") -> pd.DataFrame:
    """The chart's figures (m²): per year end, the forecast's P10, P50 and P90 of remaining
    Article 5 area (``forecast.annual`` of ``case``) and the plan's own projection (the
    ``work_plan`` Total rows' ``article5_remaining_area_m2``; empty after the work plan
    ends, at the Article 5 completion). The baseline year comes first, every column at the
    baseline's stock. Columns :data:`FAN_COLUMNS`."""
    annual = forecast.annual[forecast.annual["case"] == case]
    quantiles = list(FAN_COLUMNS[1:4])
    table = annual[["year", *quantiles]].astype({"year": "int64"}).reset_index(drop=True)
    wp = pack.tables["work_plan"]
    totals = wp[wp["region"] == "Total"]
    plan = pd.Series(
        totals["article5_remaining_area_m2"].astype(float).to_numpy(),
        index=totals["year"].astype("int64").to_numpy(),
    )
    table["plan_article5_remaining_area_m2"] = table["year"].map(plan).astype(float)
    start = _baseline(pack)
    if start is not None and (table.empty or start[0] < int(table["year"].iloc[0])):
        first = pd.DataFrame([dict.fromkeys(FAN_COLUMNS[1:], start[1]) | {"year": start[0]}])
        table = pd.concat([first, table], ignore_index=True)
    return table[list(FAN_COLUMNS)]


def fan_figure(pack: RequestPack, forecast: ForecastResult, case: str = "plan") -> Figure:
    """The chart of :func:`fan_png` as a matplotlib figure (not rendered)."""
    data = fan_table(pack, forecast, case)
    left = np.flatnonzero(data["article5_remaining_area_m2_p90"].to_numpy(dtype=float) > 0)
    if len(left):  # years after every draw has finished show nothing: keep two of them
        data = data.iloc[: left[-1] + 1 + TAIL_YEARS]
    km2 = {c: data[c].to_numpy(dtype=float) / M2_PER_KM2 for c in FAN_COLUMNS[1:]}
    years = data["year"].to_numpy()
    fig = Figure(figsize=(8.0, 3.6), layout="constrained")
    ax = fig.add_subplot()
    ax.fill_between(
        years,
        km2["article5_remaining_area_m2_p10"],
        km2["article5_remaining_area_m2_p90"],
        color=palette.FORECAST_BAND,
        alpha=BAND_ALPHA,
        linewidth=0,
        label="forecast P10–P90 (eight draws in ten)",
    )
    ax.plot(
        years,
        km2["article5_remaining_area_m2_p50"],
        color=palette.FORECAST_MEDIAN,
        linewidth=1.8,
        label="forecast P50",
    )
    planned = ~np.isnan(km2["plan_article5_remaining_area_m2"])
    ax.plot(
        years[planned],
        km2["plan_article5_remaining_area_m2"][planned],
        color=palette.PLAN_LINE,
        linewidth=1.4,
        marker="o",
        markersize=2.5,
        label="the plan as projected",
    )
    mark_deadlines(ax, pack)
    ax.set_ylabel("remaining Article 5 area (km²)")
    ax.set_xlabel("end of year")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    top = float(np.nanmax(np.concatenate(list(km2.values())), initial=0.0))
    ax.set_ylim(0, top * 1.15 if top > 0 else 1.0)  # room for the legend
    ax.grid(axis="y", alpha=0.3)
    ax.legend(fontsize=8, frameon=False)
    draws = forecast.n_draws
    ax.set_title(
        f"How likely: remaining anti-personnel-mined area, {pack.metadata.get('country', '')} "
        f"({draws:,} draws, seed {forecast.seed})",
        fontsize=10,
    )
    return fig


def fan_png(
    pack: RequestPack, forecast: ForecastResult, case: str = "plan", *, dpi: int = 150
) -> bytes:
    """PNG of the remaining Article 5 area (km²) at each year end: the forecast's P10–P90
    band and P50 line, the plan's own projection, the deadlines.

    Parameters
    ----------
    pack : the request pack (``header``, ``remaining_challenge``, ``work_plan``).
    forecast : a forecast of the pack's scenario (:func:`landrelease.forecast.forecast`).
    case : the forecast's case to draw (default the plan).
    dpi : resolution (dots per inch) of the 8 × 3.6 inch figure.

    Returns
    -------
    The PNG file's bytes (no software tag or time stamp: the same figures give the same
    bytes).
    """
    fig = fan_figure(pack, forecast, case)
    FigureCanvasAgg(fig)  # render with Agg, never a display
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()
