"""Charts of a request pack, rendered with matplotlib's Agg canvas to PNG bytes (no display).

- :func:`burndown_png`: remaining SHA and CHA area (km²) at the end of each year, with the
  current Article 5 deadline and the requested deadline marked.
- :func:`funding_png`: yearly cost against secured funding, with the gap.

The figures are built on :class:`matplotlib.figure.Figure` directly, never through
``pyplot``, so no global state or window is involved. Tables stay in m² and US$; the charts
convert to km² and millions only for display. Colours come from
:mod:`landrelease.reports.palette`, as in the app.

Years on the x axis are year ends: ``x = Y`` is 31 December of ``Y``, where the remaining
area of year ``Y`` (an end-of-year stock) is drawn, so the remaining area reaches zero at
the completion year a request states. A date such as a deadline sits at
:func:`year_end_position` (the end of 1 March 2027 at 2026.16, just after the end of 2026).
"""

from __future__ import annotations

import datetime as dt
import io

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from landrelease.domain.enums import HazardStatus
from landrelease.engine.result import ProjectionResult
from landrelease.reports import palette
from landrelease.reports.labels import STATUS_LABELS
from landrelease.reports.request import RequestPack

__all__ = [
    "burndown_figure",
    "burndown_png",
    "burndown_table",
    "deadlines",
    "funding_figure",
    "funding_png",
    "funding_table",
    "mark_deadlines",
    "year_end_position",
]

M2_PER_KM2 = 1e6


def _header(pack: RequestPack) -> dict[str, str]:
    h = pack.tables["header"]
    return {str(k): str(v) for k, v in zip(h["item"], h["value"], strict=True) if pd.notna(v)}


def deadlines(pack: RequestPack) -> dict[str, dt.date]:
    """The current Article 5 deadline and the requested one (when the plan finishes)."""
    h = _header(pack)
    out = {}
    for key, label in (
        ("current_deadline_date", "Article 5 deadline"),
        ("requested_deadline_date", "requested deadline"),
    ):
        try:
            out[label] = dt.date.fromisoformat(h.get(key, ""))
        except ValueError:
            continue
    return out


def burndown_table(pack: RequestPack, result: ProjectionResult | None = None) -> pd.DataFrame:
    """Remaining area (m²) at the end of the baseline year and of every plan year.

    Columns ``year, remaining_sha_area_m2, remaining_cha_area_m2, remaining_area_m2``. The
    baseline row comes from ``remaining_challenge`` (national ``all`` row), plan years from
    the ``work_plan`` Total rows; the pack has no SHA/CHA split per plan year, so those
    columns are empty unless ``result`` (the projection of the pack) is given.
    """
    rows = []
    rc = pack.tables["remaining_challenge"]
    national = rc[(rc["region"] == "Total") & (rc["contamination_type"] == "all")]
    baseline = _header(pack).get("baseline_date", "")
    if len(national) and baseline[:4].isdigit():
        n = national.iloc[0]
        rows.append(
            {
                "year": int(baseline[:4]),
                "remaining_sha_area_m2": float(n["sha_area_m2"]),
                "remaining_cha_area_m2": float(n["cha_area_m2"]),
                "remaining_area_m2": float(n["area_m2"]),
            }
        )
    wp = pack.tables["work_plan"]
    totals = wp[wp["region"] == "Total"]
    if result is not None:
        a = result.annual
        a = a[a["year"].isin(totals["year"].astype("int64"))]  # the plan's years only
        plan = pd.DataFrame(
            {
                "year": a["year"].astype("int64"),
                "remaining_sha_area_m2": a["remaining_sha_area_m2"].astype(float),
                "remaining_cha_area_m2": a["remaining_cha_area_m2"].astype(float),
                "remaining_area_m2": a["remaining_area_m2"].astype(float),
            }
        )
    else:
        plan = pd.DataFrame(
            {
                "year": totals["year"].astype("int64"),
                "remaining_sha_area_m2": np.nan,
                "remaining_cha_area_m2": np.nan,
                "remaining_area_m2": totals["remaining_area_m2"].astype(float),
            }
        )
    table = pd.concat([pd.DataFrame(rows), plan], ignore_index=True)
    return table.drop_duplicates("year", keep="last").reset_index(drop=True)


def funding_table(pack: RequestPack) -> pd.DataFrame:
    """Yearly ``year, planned_cost_usd, secured_usd, expected_usd, funding_gap_usd`` from the
    ``budget`` table (the Total row left out)."""
    b = pack.tables["budget"]
    years = b[b["year"].astype(str).str.fullmatch(r"\d{4}")]
    cols = ["planned_cost_usd", "secured_usd", "expected_usd", "funding_gap_usd"]
    table = years[cols].astype(float).reset_index(drop=True)
    table.insert(0, "year", years["year"].astype(int).to_numpy())
    return table


def year_end_position(day: dt.date) -> float:
    """Position of the end of ``day`` on an axis where ``x = Y`` is the end of year ``Y``
    (31 December): ``Y − 1`` plus the share of year ``Y`` gone by the end of ``day``."""
    start = dt.date(day.year, 1, 1)
    length = (dt.date(day.year + 1, 1, 1) - start).days
    return day.year - 1 + ((day - start).days + 1) / length


def _png(fig: Figure, dpi: int) -> bytes:
    FigureCanvasAgg(fig)  # render with Agg, never a display
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


def mark_deadlines(ax: Axes, pack: RequestPack) -> None:
    """The current and the requested deadline as labelled vertical lines (burn-down, fan)."""
    styles = {
        "Article 5 deadline": (palette.DEADLINE, "--"),
        "requested deadline": (palette.REQUESTED_DEADLINE, ":"),
    }
    for label, day in deadlines(pack).items():
        colour, style = styles[label]
        ax.axvline(
            year_end_position(day),
            color=colour,
            linestyle=style,
            linewidth=1.4,
            label=f"{label} ({day.isoformat()})",
        )


def _headroom(ax: Axes, top: float) -> None:
    """Y axis from 0 to a little above ``top`` (the legend needs room)."""
    ax.set_ylim(0, top * 1.15 if top > 0 else 1.0)


def burndown_figure(pack: RequestPack, result: ProjectionResult | None = None) -> Figure:
    """The burn-down chart of :func:`burndown_png` as a matplotlib figure (not rendered).

    Bars of year ``Y`` stand at ``x = Y``: the remaining area at the end of ``Y``.
    """
    data = burndown_table(pack, result)
    fig = Figure(figsize=(8.0, 3.6), layout="constrained")
    ax = fig.add_subplot()
    years = data["year"].to_numpy()
    split = data[["remaining_sha_area_m2", "remaining_cha_area_m2"]].notna().all(axis=1)
    sha = data["remaining_sha_area_m2"].where(split, 0.0).to_numpy() / M2_PER_KM2
    cha = data["remaining_cha_area_m2"].where(split, 0.0).to_numpy() / M2_PER_KM2
    rest = data["remaining_area_m2"].where(~split, 0.0).to_numpy() / M2_PER_KM2
    cha_label, sha_label = (STATUS_LABELS[s.value] for s in (HazardStatus.CHA, HazardStatus.SHA))
    ax.bar(years, cha, color=palette.STATUS_COLOURS[HazardStatus.CHA.value], label=cha_label)
    ax.bar(
        years,
        sha,
        bottom=cha,
        color=palette.STATUS_COLOURS[HazardStatus.SHA.value],
        label=sha_label,
    )
    if (~split).any():
        ax.bar(years, rest, color=palette.GREY, label="SHA + CHA (no split)")
    mark_deadlines(ax, pack)
    ax.set_ylabel("remaining area (km²)")
    ax.set_xlabel("end of year")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    _headroom(ax, float(np.nanmax(data["remaining_area_m2"], initial=0.0)) / M2_PER_KM2)
    ax.grid(axis="y", alpha=0.3)
    ax.legend(fontsize=8, frameon=False)
    ax.set_title(f"Remaining contaminated area: {pack.metadata.get('country', '')}", fontsize=10)
    return fig


def burndown_png(
    pack: RequestPack, result: ProjectionResult | None = None, *, dpi: int = 150
) -> bytes:
    """PNG of the remaining area (km², stacked SHA and CHA when known) at each year end.

    Parameters
    ----------
    pack : the request pack (``header``, ``remaining_challenge``, ``work_plan``).
    result : the projection behind ``pack``, for the SHA/CHA split per year (optional).
    dpi : resolution (dots per inch) of the 8 × 3.6 inch figure.

    Returns
    -------
    The PNG file's bytes.
    """
    return _png(burndown_figure(pack, result), dpi)


def funding_figure(pack: RequestPack) -> Figure:
    """The chart of :func:`funding_png` as a matplotlib figure (not rendered)."""
    data = funding_table(pack)
    currency = pack.metadata.get("currency", "USD")
    scale = 1e6
    fig = Figure(figsize=(8.0, 3.6), layout="constrained")
    ax = fig.add_subplot()
    years = data["year"].to_numpy()
    covered = np.minimum(data["planned_cost_usd"], data["secured_usd"]).to_numpy() / scale
    gap = data["funding_gap_usd"].to_numpy() / scale
    ax.bar(years, covered, color=palette.COVERED, label="cost covered by secured funding")
    ax.bar(years, gap, bottom=covered, color=palette.FUNDING_GAP, hatch="//", label="funding gap")
    secured = data["secured_usd"].to_numpy() / scale
    expected = secured + data["expected_usd"].to_numpy() / scale
    ax.step(
        years, secured, where="mid", color=palette.BLACK, linewidth=1.2, label="secured funding"
    )
    ax.step(
        years,
        expected,
        where="mid",
        color=palette.BLACK,
        linestyle="--",
        linewidth=0.9,
        label="secured + expected funding",
    )
    ax.set_ylabel(f"{'US$' if currency == 'USD' else currency} million per year")
    ax.set_xlabel("year")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    _headroom(ax, float(max(np.max(expected, initial=0.0), np.max(covered + gap, initial=0.0))))
    ax.grid(axis="y", alpha=0.3)
    ax.legend(fontsize=8, frameon=False)
    ax.set_title(f"Cost and funding: {pack.metadata.get('country', '')}", fontsize=10)
    return fig


def funding_png(pack: RequestPack, *, dpi: int = 150) -> bytes:
    """PNG of the plan's yearly cost (millions) split into the part secured funding covers
    and the funding gap, with secured and secured + expected funding as lines.

    Parameters
    ----------
    pack : the request pack (``budget``; ``metadata["currency"]`` names the money).
    dpi : resolution (dots per inch) of the 8 × 3.6 inch figure.

    Returns
    -------
    The PNG file's bytes.
    """
    return _png(funding_figure(pack), dpi)
