"""Release history of the sample countries: aggregated rows per year, region, method,
contamination type and asset, and a few dated partial releases on hazards still in the
baseline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd

from landrelease.samples.draws import random_dates
from landrelease.samples.params import (
    ASSET_FIND_FACTOR,
    BASELINE,
    DENSITY_PER_HA,
    METHODS,
    PRODUCTIVITY,
    RELEASE_COLUMNS,
)

__all__ = [
    "ReleasePlan",
    "aggregated_releases",
    "finish_releases",
    "partial_releases",
    "set_original_area",
    "type_shares_by_region",
]


@dataclass
class ReleasePlan:
    """What drives a country's release history."""

    years: list[int]
    total_km2: dict[int, float]
    method_share: tuple[float, float, float]
    region_weight: Callable[[int, int], float]  # (region index, year) -> weight
    type_share: list[dict[str, float]]  # per region
    asset_share: list[dict[str, float]]  # per region, clearance assets
    min_row_m2: float = 400.0
    growth: dict[int, float] | None = None
    """Yearly factor on the rows once drawn (a programme that grew its teams): a row's area,
    team-years and items scale together, so its pace and find rate, and every random draw,
    stay as without it (the rows are chosen and drawn at ``total_km2``)."""


def aggregated_releases(
    rng: np.random.Generator, plan: ReleasePlan, regions: list[str]
) -> pd.DataFrame:
    """Rows per year x region x method x contamination type x asset (hazard_id, date empty)."""
    rows = []
    terrain = np.exp(rng.normal(0, 0.15, len(regions)))  # regional productivity factor
    for year in plan.years:
        w = np.array([plan.region_weight(r, year) for r in range(len(regions))])
        w = w * np.exp(rng.normal(0, 0.1, len(w)))
        w = w / w.sum()
        total = plan.total_km2[year] * 1e6
        grow = (plan.growth or {}).get(year, 1.0)
        for r, region in enumerate(regions):
            if w[r] <= 0:
                continue
            shares = rng.dirichlet(np.array(plan.method_share) * 150)
            types = list(plan.type_share[r])
            tshare = rng.dirichlet(np.array([plan.type_share[r][t] for t in types]) * 60 + 0.05)
            for m, method in enumerate(METHODS):
                for t, ctype in enumerate(types):
                    area = total * w[r] * shares[m] * tshare[t]
                    improvised = ctype == "ap_improvised"
                    if method == "cleared":
                        assets = list(plan.asset_share[r])
                        ashare = rng.dirichlet(
                            np.array([plan.asset_share[r][a] for a in assets]) * 40 + 0.05
                        )
                        parts = [(a, area * s) for a, s in zip(assets, ashare, strict=True)]
                    else:
                        parts = [("nts" if method == "cancelled" else "ts", area)]
                    for asset, a in parts:
                        a = round(a)
                        if a < plan.min_row_m2:
                            continue
                        lo, hi = PRODUCTIVITY[asset][1 if improvised else 0]
                        prod = rng.uniform(lo, hi) * terrain[r]
                        ap = av = other = 0
                        if method == "cleared":
                            dens = np.array(DENSITY_PER_HA[ctype]) * ASSET_FIND_FACTOR[asset]
                            dens *= np.exp(rng.normal(0, 0.4))
                            ap, av, other = (int(v) for v in rng.poisson(dens * a / 10_000))
                        a, ap, av, other = (round(v * grow) for v in (a, ap, av, other))
                        rows.append(
                            {
                                "hazard_id": "",
                                "region": region,
                                "date": "",
                                "year": year,
                                "method": method,
                                "area_m2": a,
                                "contamination_type": ctype,
                                # improvised AP mines reported apart (OAP #21)
                                "ap_mines_destroyed": 0 if ctype == "ap_improvised" else ap,
                                "ap_improvised_destroyed": ap if ctype == "ap_improvised" else 0,
                                "av_mines_destroyed": av,
                                "other_items_destroyed": other,
                                "teams": max(0.001, round(a / prod, 3)),
                                "asset": asset,
                            }
                        )
    return pd.DataFrame(rows, columns=RELEASE_COLUMNS)


def partial_releases(
    rng: np.random.Generator,
    gdf: gpd.GeoDataFrame,
    regions: list[str],
    n_hazards: int,
    first_year: int,
    eligible: np.ndarray,
) -> pd.DataFrame:
    """Per-hazard rows (dated) releasing part of hazards still in the baseline.

    Suspected areas get a cancellation (and sometimes a later reduction), confirmed areas a
    reduction. Sets ``original_area_m2`` of those hazards to remaining + released.
    """
    cand = np.flatnonzero(
        eligible
        & (gdf["area_m2"].to_numpy() > 20_000)
        & (pd.to_datetime(gdf["recorded_date"]).dt.year.to_numpy() < 2024)
    )
    chosen = np.sort(rng.choice(cand, size=min(n_hazards, len(cand)), replace=False))
    rows = []
    for i in chosen:
        h = gdf.iloc[i]
        rec = pd.Timestamp(h["recorded_date"]).date()
        start = max(rec + dt.timedelta(days=120), dt.date(first_year, 1, 1))
        steps = ["cancelled"] if h["status"] == "sha" else ["reduced"]
        if h["status"] == "sha" and rng.random() < 0.4:
            steps.append("reduced")
        dates = sorted(random_dates(rng, len(steps), start, BASELINE))
        remaining = float(h["area_m2"])
        for method, d in zip(steps, dates, strict=True):
            frac = rng.uniform(0.15, 0.6) if method == "cancelled" else rng.uniform(0.1, 0.4)
            a = round(remaining * frac / (1 - frac))  # released share of the area before it
            asset = "nts" if method == "cancelled" else "ts"
            lo, hi = PRODUCTIVITY[asset][1 if h["contamination_type"] == "ap_improvised" else 0]
            rows.append(
                {
                    "hazard_id": h["hazard_id"],
                    "region": regions[h["region_idx"]],
                    "date": d.isoformat(),
                    "year": d.year,
                    "method": method,
                    "area_m2": a,
                    "contamination_type": h["contamination_type"],
                    "ap_mines_destroyed": 0,
                    "ap_improvised_destroyed": 0,
                    "av_mines_destroyed": 0,
                    "other_items_destroyed": 0,
                    "teams": max(0.001, round(a / rng.uniform(lo, hi), 3)),
                    "asset": asset,
                }
            )
    return pd.DataFrame(rows, columns=RELEASE_COLUMNS)


def finish_releases(
    agg: pd.DataFrame, per_hazard: pd.DataFrame, regions: list[str]
) -> pd.DataFrame:
    """Concatenate and sort: year, aggregated before per-hazard, region order, method, type."""
    df = pd.concat([agg, per_hazard], ignore_index=True)
    df["_r"] = df["region"].map({r: i for i, r in enumerate(regions)})
    df["_m"] = df["method"].map({m: i for i, m in enumerate(METHODS)})
    df["_h"] = df["hazard_id"] != ""
    df = df.sort_values(
        ["year", "_h", "date", "_r", "_m", "contamination_type", "asset", "hazard_id"],
        kind="stable",
    )
    return df[RELEASE_COLUMNS].reset_index(drop=True)


def set_original_area(gdf: gpd.GeoDataFrame, per_hazard: pd.DataFrame) -> None:
    """original_area_m2 = remaining + what per-hazard rows released on it."""
    released = per_hazard.groupby("hazard_id")["area_m2"].sum()
    gdf["original_area_m2"] = (gdf["area_m2"] + gdf["hazard_id"].map(released).fillna(0)).astype(
        float
    )


def type_shares_by_region(
    gdf: gpd.GeoDataFrame, n_regions: int, damp: dict[str, float]
) -> list[dict[str, float]]:
    """Contamination mix of released land per region: like the remaining mix, smoothed."""
    national = gdf.groupby("contamination_type")["area_m2"].sum()
    national = national / national.sum()
    out = []
    for r in range(n_regions):
        loc = gdf[gdf["region_idx"] == r].groupby("contamination_type")["area_m2"].sum()
        loc = loc / loc.sum()
        mix = 0.7 * loc.reindex(national.index).fillna(0) + 0.3 * national
        mix = mix * pd.Series({t: damp.get(t, 1.0) for t in mix.index})
        out.append({t: float(v) for t, v in (mix / mix.sum()).items() if v > 0.01})
    return out
