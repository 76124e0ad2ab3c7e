"""Past stocks against the release history: checks of the stocks table, and the yearly
reconciliation ``stock(t−1) − released(t) + new(t) ± revision(t) = stock(t)``.

Real histories do not add up: new areas are found, re-surveys cancel or enlarge suspected
areas, reports round. The reconciliation states, year by year, the change that release does
not explain (new finds and revisions together, which the history does not tell apart) as
information, never as an error. Later analyses (backtests, the Committee's reconciliation)
read the same table.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from landrelease.domain.country import CountryInfo
from landrelease.errors import Problem

__all__ = [
    "ALL",
    "BASELINE_TOLERANCE_FRAC",
    "REVISION_NOTE_FRAC",
    "check_stocks",
    "reconcile_stocks",
    "stock_totals",
]

ALL = "all"
"""The value of ``region``, ``status`` or ``contamination_type`` that means a total."""
BASELINE_TOLERANCE_FRAC = 0.005
"""A stock for the baseline year may differ from the hazard table's total by this share
(rounding of reported figures) before it is a warning."""
REVISION_NOTE_FRAC = 0.02
"""An unexplained change above this share of the year's opening stock is pointed out:
below it, reports rounded to thousands of m² or to hectares explain it."""

_COLUMNS = [
    "year",
    "region",
    "stock_start_m2",
    "released_area_m2",
    "stock_end_m2",
    "unexplained_m2",
    "unexplained_frac",
    "end_source",
]


_BREAKDOWNS = 4
"""Breakdowns of a year's stock, least detailed first: all statuses and types, by type (all
statuses), by status (all types), by status and type."""


def _breakdown(frame: pd.DataFrame) -> np.ndarray:
    """Per row, its breakdown (0 to 3, see :data:`_BREAKDOWNS`)."""
    status_all = (frame["status"] == ALL).to_numpy()
    type_all = (frame["contamination_type"] == ALL).to_numpy()
    return np.select([status_all & type_all, status_all, type_all], [0, 1, 2], _BREAKDOWNS - 1)


def stock_totals(stocks: pd.DataFrame) -> pd.DataFrame:
    """Total stock per year, nationally (``region = "all"``) and per region.

    A year without a national row takes the sum of its regions. Returns columns ``year``,
    ``region``, ``area_m2``.
    """
    frame = stocks.dropna(subset=["year", "region", "status", "contamination_type", "area_m2"])
    frame = frame.astype(
        {
            "year": "int64",
            "region": object,
            "status": object,
            "contamination_type": object,
            "area_m2": float,
        }
    )
    # each year and region from its least detailed breakdown: a row for all statuses and
    # types, else the types (all statuses), else the statuses (all types), else every
    # status-and-type row
    frame = frame.assign(breakdown=_breakdown(frame))
    least = frame.groupby(["year", "region"], sort=False)["breakdown"].transform("min")
    totals = (
        frame[frame["breakdown"] == least]
        .groupby(["year", "region"], sort=True, as_index=False)["area_m2"]
        .sum()
        .astype({"region": str})
    )
    national = set(totals.loc[totals["region"] == ALL, "year"])
    regional = totals[(totals["region"] != ALL) & ~totals["year"].isin(national)]
    summed = regional.groupby("year", as_index=False)["area_m2"].sum().assign(region=ALL)
    out = pd.concat([totals, summed[["year", "region", "area_m2"]]], ignore_index=True)
    return out.sort_values(["region", "year"], kind="stable").reset_index(drop=True)


def _released(releases: pd.DataFrame) -> pd.DataFrame:
    """Area released per year and region (every method), with national rows."""
    frame = releases.dropna(subset=["year"])
    frame = pd.DataFrame(
        {
            "year": frame["year"].astype("int64"),
            "region": frame["region"].astype(object),
            "area_m2": frame["area_m2"].astype(float),
        }
    )
    by_region = frame.groupby(["year", "region"], as_index=False)["area_m2"].sum()
    national = frame.groupby("year", as_index=False)["area_m2"].sum().assign(region=ALL)
    return pd.concat([by_region, national], ignore_index=True)


def reconcile_stocks(
    stocks: pd.DataFrame,
    releases: pd.DataFrame,
    *,
    hazards: pd.DataFrame | None = None,
    baseline_year: int | None = None,
    by_region: bool = False,
) -> pd.DataFrame:
    """Each year's change of stock that release does not explain.

    Parameters
    ----------
    stocks : table of ``schema("stocks")``.
    releases : table of ``schema("releases")``.
    hazards, baseline_year : the baseline; where ``stocks`` has no figure for the baseline
        year, the hazard table's total (per region) closes the last year.
    by_region : also reconcile each region (national rows have ``region = "all"``).

    Returns
    -------
    One row per year after the first stock (and region), with ``stock_start_m2``
    (stock at the end of the previous year), ``released_area_m2`` (the history's release in
    the year, every method), ``stock_end_m2``, ``unexplained_m2 = end − start + released``
    (new finds and revisions; positive: the stock grew beyond what release explains) and
    ``unexplained_frac`` (of the opening stock; NaN where there is none), and ``end_source``
    (``stocks`` or ``baseline``). NaN where a stock is missing.
    """
    totals = stock_totals(stocks).assign(end_source="stocks")
    if hazards is not None and baseline_year is not None and len(hazards):
        h = pd.DataFrame(
            {"region": hazards["region"].astype(object), "area_m2": hazards["area_m2"]}
        )
        base = h.groupby("region", as_index=False)["area_m2"].sum()
        base = pd.concat(
            [base, pd.DataFrame([{"region": ALL, "area_m2": float(h["area_m2"].sum())}])],
            ignore_index=True,
        ).assign(year=baseline_year, end_source="baseline")
        have = set(totals.loc[totals["year"] == baseline_year, "region"])
        totals = pd.concat([totals, base[~base["region"].isin(have)]], ignore_index=True)
    if not by_region:
        totals = totals[totals["region"] == ALL]
    released = _released(releases).set_index(["year", "region"])["area_m2"]
    rows = []
    for region, group in totals.groupby("region", sort=False):
        stock = group.set_index("year")
        for year in range(int(stock.index.min()) + 1, int(stock.index.max()) + 1):
            start = float(stock.at[year - 1, "area_m2"]) if year - 1 in stock.index else np.nan
            end = float(stock.at[year, "area_m2"]) if year in stock.index else np.nan
            out = float(released.get((year, region), 0.0))
            unexplained = end - start + out
            rows.append(
                {
                    "year": year,
                    "region": region,
                    "stock_start_m2": start,
                    "released_area_m2": out,
                    "stock_end_m2": end,
                    "unexplained_m2": unexplained,
                    "unexplained_frac": unexplained / start if start > 0 else np.nan,
                    "end_source": stock.at[year, "end_source"] if year in stock.index else None,
                }
            )
    table = pd.DataFrame(rows, columns=_COLUMNS)
    order = {ALL: -1}
    table["_r"] = table["region"].map(lambda r: order.get(r, 0))
    table = table.sort_values(["_r", "region", "year"], kind="stable").drop(columns="_r")
    return table.reset_index(drop=True)


def check_stocks(
    stocks: pd.DataFrame,
    hazards: pd.DataFrame,
    info: CountryInfo,
    file: str,
    row_kind: str = "row",
) -> list[Problem]:
    """Problems of a stocks table against the country: regions not in ``country.toml``
    (errors), years after the baseline (errors), and a baseline-year total that differs from
    the hazard table's (a warning)."""
    problems: list[Problem] = []
    listed = set(info.regions)
    for row in stocks.itertuples():
        where = None if pd.isna(row.source_row) else int(row.source_row)
        if listed and not pd.isna(row.region) and row.region != ALL and row.region not in listed:
            problems.append(
                Problem(
                    check="regions_known",
                    message="unknown region",
                    file=file,
                    row=where,
                    column="region",
                    value=row.region,
                    expected="a region listed in country.toml, or all",
                    row_kind=row_kind,
                )
            )
        if not pd.isna(row.year) and int(row.year) > info.baseline_year:
            problems.append(
                Problem(
                    check="stock_years",
                    message="stock after the baseline year",
                    file=file,
                    row=where,
                    column="year",
                    value=int(row.year),
                    expected=f"a year up to {info.baseline_year} (the baseline)",
                    row_kind=row_kind,
                )
            )
    totals = stock_totals(stocks)
    at_base = totals[(totals["year"] == info.baseline_year) & (totals["region"] == ALL)]
    baseline_m2 = float(hazards["area_m2"].sum())
    if len(at_base) and baseline_m2 > 0:
        stated = float(at_base["area_m2"].iloc[0])
        if abs(stated - baseline_m2) > BASELINE_TOLERANCE_FRAC * baseline_m2:
            problems.append(
                Problem(
                    check="stock_baseline",
                    message=(
                        f"the national stock for {info.baseline_year} is {stated:,.0f} m² but "
                        f"the hazard table holds {baseline_m2:,.0f} m²"
                    ),
                    file=file,
                    column="area_m2",
                    expected=(
                        f"the baseline's total within {BASELINE_TOLERANCE_FRAC:.1%}, or an "
                        "explanation in the source column"
                    ),
                    severity="warning",
                )
            )
    return problems
