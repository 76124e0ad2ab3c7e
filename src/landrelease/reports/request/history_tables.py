"""Request tables about past progress: progress by region against earlier milestones, and
Article 7 Forms F and G."""

from __future__ import annotations

import numpy as np
import pandas as pd

from landrelease.accounting import annual_release
from landrelease.domain.country import Country
from landrelease.reports.request.baseline_tables import TOTAL

__all__ = ["form_f_g", "progress"]

_COLUMNS = [
    "cancelled_area_m2",
    "reduced_area_m2",
    "cleared_area_m2",
    "released_by_survey_area_m2",
    "released_unspecified_area_m2",
    "released_area_m2",
    "ap_mines_destroyed",
    "av_mines_destroyed",
    "other_items_destroyed",
]


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


def form_f_g(country: Country) -> pd.DataFrame:
    """Article 7 Forms F and G: national release by method and items destroyed per year."""
    return annual_release(country.releases)[["year", *_COLUMNS]]
