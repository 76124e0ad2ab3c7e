"""Request tables about past progress: progress by region against earlier milestones, by
contamination type (with the Article 5 total), and Article 7 Forms F and G."""

from __future__ import annotations

import numpy as np
import pandas as pd

from landrelease.accounting import annual_release
from landrelease.domain.country import Country
from landrelease.domain.enums import ContaminationType
from landrelease.reports.request.baseline_tables import ALL, ARTICLE5, TOTAL

__all__ = ["form_f_g", "progress", "progress_by_type"]

_COLUMNS = [
    "cancelled_area_m2",
    "reduced_area_m2",
    "cleared_area_m2",
    "released_by_survey_area_m2",
    "released_unspecified_area_m2",
    "released_area_m2",
    "ap_mines_destroyed",
    "ap_improvised_destroyed",
    "av_mines_destroyed",
    "other_items_destroyed",
]
_COUNTS = [c for c in _COLUMNS if c.endswith("_destroyed")]
_TYPES = tuple(t.value for t in ContaminationType)
_AP = {t.value for t in ContaminationType if t.is_anti_personnel}


def progress(country: Country) -> pd.DataFrame:
    """Release per year and region since the history starts, with national ``Total`` rows.

    Where ``country.toml`` lists milestones, ``target_area_m2`` is the target (of the method
    named, or of all release) and ``achieved_pct`` the share achieved (%).
    """
    by_region = annual_release(country.releases, by=("region",))
    national = annual_release(country.releases).assign(region=TOTAL)
    order = {r: i for i, r in enumerate((*country.regions, TOTAL))}
    table = pd.concat([by_region, national], ignore_index=True)
    table["_r"] = table["region"].map(order)
    table = table.sort_values(["year", "_r"], kind="stable").reset_index(drop=True)
    table = table[["year", "region", *_COLUMNS]].copy()
    target = np.full(len(table), np.nan)
    achieved = np.full(len(table), np.nan)
    for m in country.info.milestones:
        region = m.region or TOTAL
        hit = (table["year"] == m.year) & (table["region"] == region)
        column = f"{m.method}_area_m2" if m.method else "released_area_m2"
        for i in np.flatnonzero(hit.to_numpy()):
            target[i] = m.area_m2
            done = float(table[column].iloc[i])
            achieved[i] = 100.0 * done / m.area_m2 if m.area_m2 > 0 else np.nan
    table["target_area_m2"] = target
    table["achieved_pct"] = achieved
    return table


def progress_by_type(country: Country) -> pd.DataFrame:
    """Release per year and contamination type since the history starts: a row per type
    released in the year, then ``all`` (the year's national total, as in ``progress``) and
    ``article5`` (AP-mined types: ap_mine, ap_improvised, mixed)."""
    by_type = annual_release(country.releases, by=("contamination_type",))
    columns = ["year", "contamination_type", *_COLUMNS]
    if by_type.empty:
        return pd.DataFrame(columns=columns)
    by_type["contamination_type"] = by_type["contamination_type"].astype(str)
    national = annual_release(country.releases).assign(contamination_type=ALL)
    ap = by_type[by_type["contamination_type"].isin(_AP)]
    article5 = (
        ap.groupby("year")[_COLUMNS]
        .sum()
        .reindex(national["year"], fill_value=0)
        .reset_index()
        .assign(contamination_type=ARTICLE5)
    )
    order = {t: i for i, t in enumerate((*_TYPES, ALL, ARTICLE5))}
    table = pd.concat([by_type, national, article5], ignore_index=True)
    table["_t"] = table["contamination_type"].map(order)
    table = table.sort_values(["year", "_t"], kind="stable").reset_index(drop=True)
    table = table[columns].copy()
    for col in _COUNTS:
        table[col] = table[col].astype("int64")
    return table


def form_f_g(country: Country) -> pd.DataFrame:
    """Article 7 Forms F and G: national release by method and items destroyed per year."""
    return annual_release(country.releases)[["year", *_COLUMNS]]
