"""Borealis: a post-conflict programme with improvised AP mines (SYNTHETIC), Indian Ocean."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import shapely

from landrelease.samples.draws import (
    fit_margins,
    laea,
    lognormal_areas,
    place_names,
    random_dates,
    random_point_in,
)
from landrelease.samples.hazards import (
    Clusters,
    Country,
    HazardDraw,
    assign_ids,
    build_hazards,
    hazard_names,
    priorities,
)
from landrelease.samples.history import (
    ReleasePlan,
    aggregated_releases,
    finish_releases,
    partial_releases,
    set_original_area,
    type_shares_by_region,
)
from landrelease.samples.params import BASELINE
from landrelease.samples.shapes import region_of, voronoi_regions

__all__ = ["BLOCKAGE_FLAGS", "imsma_fields", "make_borealis"]

BLOCKAGE_FLAGS = {
    "blocks_water": "Waters",
    "blocks_roads": "Roads",
    "blocks_housing": "Housing",
    "blocks_infrastructure": "Infrastruc",
    "blocks_agriculture": "Agricultur",
    "blocks_grazing": "Grazing",
    "blocks_historical": "Historical",
    "blocks_mining": "Mines",
}
"""Land-use blockage flags: canonical column → IMSMA field."""
_BLOCKAGE_P = {
    "town": (0.15, 0.3, 0.4, 0.2, 0.5, 0.3, 0.03, 0.02),
    "front": (0.1, 0.2, 0.05, 0.1, 0.3, 0.5, 0.02, 0.05),
    "strike": (0.05, 0.3, 0.2, 0.1, 0.4, 0.2, 0.01, 0.01),
}
"""Chance that an area blocks each land use (order of :data:`BLOCKAGE_FLAGS`), by cluster."""


def make_borealis(rng: np.random.Generator) -> Country:
    """Post-conflict programme with improvised AP mines, Indian Ocean (fictional)."""
    lat0, lon0 = -25.0, 85.0
    frame = laea(lat0, lon0)
    regions = ["Orlen", "Tarvos", "Mirrin", "Keswal", "Varda"]
    codes = ["ORL", "TAR", "MIR", "KES", "VAR"]
    w, h = 120_000.0, 85_000.0
    box = shapely.box(-w, -h, w, h)
    zones = voronoi_regions(
        [(-80e3, 45e3), (-80e3, -45e3), (-15e3, 0), (42e3, 5e3), (100e3, -5e3)], box
    )

    def loc_x(y: float) -> float:  # line of control: east of it is not accessible today
        return 58e3 + 6e3 * np.sin(y / 20e3)

    villages = place_names(rng, 200, ["vik", "ova", "en", "ik", "a", ""])
    cl = Clusters()
    for r, zone in enumerate(zones):  # towns and villages
        for _ in range(int(rng.integers(18, 28))):
            x, y = random_point_in(rng, zone, 2_000)
            cl.add(x, y, rng.uniform(1_000, 3_500), r, "town", rng.lognormal(0, 0.6))
    for y in np.linspace(-80e3, 80e3, 40):  # the front of 2016-2018, near the line of control
        x = loc_x(y) + rng.normal(-4e3, 3e3)
        cl.add(
            x,
            y,
            rng.uniform(1_000, 2_000),
            region_of(x, y, zones),
            "front",
            rng.lognormal(0, 0.3),
            np.pi / 2,
        )
    for _ in range(30):  # cluster munition strike sites
        r = int(rng.choice([2, 3, 4], p=[0.35, 0.4, 0.25]))
        x, y = random_point_in(rng, zones[r], 3_000)
        cl.add(x, y, rng.uniform(800, 1_800), r, "strike", 1.0)

    n_sha, n_cha, n_closed = 620, 880, 20
    status = np.array(["sha"] * n_sha + ["cha"] * n_cha)
    town_w = {0: 0.5, 1: 0.5, 2: 1.4, 3: 1.6, 4: 1.2}
    cl.weight = [
        wt * (town_w[r] if k == "town" else 1.0)
        for wt, k, r in zip(cl.weight, cl.kind, cl.region, strict=True)
    ]
    cluster = np.concatenate(
        [
            cl.pick(rng, n_sha, {"town": 0.6, "front": 0.2, "strike": 0.2}),
            cl.pick(rng, n_cha, {"town": 0.55, "front": 0.35, "strike": 0.10}),
        ]
    )
    kind = np.array(cl.kind)[cluster]
    reg = np.array(cl.region)[cluster]
    types = ["ap_improvised", "ap_mine", "mixed", "erw", "cluster_munition"]
    drawn: list[str] = []
    for k, r in zip(kind, reg, strict=True):
        if k == "strike":
            p = [0.0, 0.0, 0.0, 0.1, 0.9]
        elif k == "front":
            p = [0.35, 0.35, 0.25, 0.05, 0.0]
        elif r in (2, 3, 4):  # retaken towns: improvised devices and ERW
            p = [0.6, 0.1, 0.05, 0.25, 0.0]
        else:  # older legacy fields in the west
            p = [0.1, 0.55, 0.15, 0.2, 0.0]
        drawn.append(types[rng.choice(5, p=p)])
    ctype = np.array(drawn)
    area = np.concatenate(
        [
            lognormal_areas(rng, n_sha, 45_000, 1.5, 2_000, 4e6, 82e6),
            lognormal_areas(rng, n_cha, 30_000, 1.3, 800, 2e6, 68e6),
        ]
    )
    area = fit_margins(
        area,
        [status, ctype],
        [
            {"sha": 82e6, "cha": 68e6},
            {
                "ap_improvised": 60e6,
                "ap_mine": 30e6,
                "mixed": 19e6,
                "erw": 18e6,
                "cluster_munition": 23e6,
            },
        ],
    )
    # 20 hazards closed (fully released) but still in the export, marked Status = Closed.
    # They lie in accessible provinces only (Orlen, Tarvos, Mirrin).
    west_towns = np.flatnonzero((np.array(cl.kind) == "town") & (np.array(cl.region) <= 2))
    closed_cluster = rng.choice(west_towns, n_closed)
    status = np.concatenate([status, rng.choice(["sha", "cha"], n_closed)])
    ctype = np.concatenate([ctype, rng.choice(["ap_mine", "ap_improvised", "erw"], n_closed)])
    cluster = np.concatenate([cluster, closed_cluster])
    area = np.concatenate(
        [area, lognormal_areas(rng, n_closed, 20_000, 0.8, 2_000, 2e5, n_closed * 28_000)]
    )
    gdf = build_hazards(
        rng, HazardDraw(status, ctype, cluster, area), cl, zones, frame, (1.0, 2.4), (0.15, 0.45)
    )
    n = len(gdf)
    gdf["closed"] = np.arange(n) >= n - n_closed
    start = np.where(gdf["contamination_type"] == "ap_improvised", 2017, 2016)
    gdf["recorded_date"] = [random_dates(rng, 1, dt.date(int(s), 6, 1), BASELINE)[0] for s in start]
    gdf["priority"] = priorities(
        rng,
        gdf["status"].to_numpy(),
        gdf["kind"].to_numpy(),
        {"town": 2.2, "front": 3.4, "strike": 3.0},
    )
    beyond = (gdf["region_idx"] == 4) | (
        (gdf["region_idx"] == 3) & (gdf["cx"] > [loc_x(y) for y in gdf["cy"]])
    )
    gdf["accessible"] = ~beyond
    gdf.loc[gdf["closed"], "accessible"] = True
    yr = pd.Series(pd.NA, index=gdf.index, dtype="Int64")
    for i in np.flatnonzero(~gdf["accessible"].to_numpy()):
        u = rng.random()
        if gdf.at[i, "region_idx"] == 4:
            yr.iat[i] = 2028 if u < 0.5 else pd.NA
        else:
            yr.iat[i] = 2027 if u < 0.45 else (2029 if u < 0.65 else pd.NA)
    gdf["access_year"] = yr
    gdf.loc[~gdf["accessible"], "priority"] = 5
    gdf["border_area"] = gdf["cx"] > w - 8_000
    gdf["name"] = hazard_names(rng, gdf, villages, cluster)
    gdf = assign_ids(gdf, "BO", codes, 5)

    live = gdf[~gdf["closed"]]
    years = list(range(2019, 2026))
    base = [6, 9, 12, 15, 19, 22, 24]
    region_w = [0.9, 0.8, 1.3, 0.9, 0.0]
    plan = ReleasePlan(
        years=years,
        total_km2={
            y: b * float(np.exp(rng.normal(0, 0.05))) for y, b in zip(years, base, strict=True)
        },
        method_share=(0.33, 0.25, 0.42),
        region_weight=lambda r, y: region_w[r] * (0.5 if r == 3 and y < 2022 else 1.0),
        type_share=type_shares_by_region(live, len(regions), {"ap_improvised": 0.6}),
        asset_share=[{"manual": 0.45, "mechanical": 0.4, "mdd": 0.15}] * 2
        + [{"manual": 0.5, "mechanical": 0.42, "mdd": 0.08}] * 3,
    )
    agg = aggregated_releases(rng, plan, regions)
    eligible = (~gdf["closed"] & gdf["accessible"]).to_numpy()
    per = partial_releases(rng, gdf, regions, 14, 2019, eligible)
    set_original_area(gdf, per)
    gdf["region"] = [regions[i] for i in gdf["region_idx"]]
    imsma_fields(rng, gdf)
    readme = (
        "Borealis stands for a post-conflict programme: about 1,500 hazardous areas and 150 km² "
        "left by a 2016-2018 conflict, some 40 % of the area contaminated with improvised AP "
        "mines (victim-activated IEDs) in and around retaken towns, the rest factory-made AP "
        "mines along the old front, mixed AP/AV, ERW and cluster munition strike sites. Varda "
        "province lies beyond the line of control and cannot be worked (some areas expected "
        "to open in 2028, others not); the east of Keswal is also inaccessible. Its hazard "
        "file is a Shapefile export (zipped) with the field names and values of a real IMSMA "
        "hazard-polygon export: Hazard_Typ is IMSMA's hazard type (MineField, Suspected "
        "Minefield, Converted From SHA, Battle Area), the contamination is in Contam_Typ, "
        "Status_1 = Expired marks 20 closed areas the loader drops, and land-use blockage "
        "flags (Waters, Roads, Housing, ...) are kept. Release ramps up from 2019 to over "
        "20 km² a year; the 2027 deadline is its first."
    )
    return Country(
        "borealis",
        "Borealis",
        "XBO",
        "2017-07-01",
        "2027-07-01",
        [],
        regions,
        gdf,
        finish_releases(agg, per, regions),
        "hazards_imsma.zip",
        readme,
        "imsma",
    )


def imsma_fields(rng: np.random.Generator, gdf: pd.DataFrame) -> None:
    """Add what a real IMSMA export carries: status (``Expired`` when closed, else Active,
    Open or Worked On) and the date of its last change, IMSMA's hazard type, and land-use
    blockage flags. Drawn after everything else, so the other attributes do not change."""
    n = len(gdf)
    closed = gdf["closed"].to_numpy()
    open_status = rng.choice(["Active", "Open", "Worked On"], n, p=[0.7, 0.15, 0.15])
    gdf["imsma_status"] = np.where(closed, "Expired", open_status)
    changed = []
    for rec, status in zip(gdf["recorded_date"], gdf["imsma_status"], strict=True):
        start = min(rec + dt.timedelta(days=120), BASELINE)
        changed.append(rec if status == "Active" else random_dates(rng, 1, start, BASELINE)[0])
    gdf["status_changed"] = changed
    mines = gdf["contamination_type"].isin(["ap_mine", "ap_improvised", "mixed", "av_mine"])
    converted = rng.random(n) < 0.3
    gdf["imsma_hazard_type"] = np.where(
        ~mines,
        "Battle Area",
        np.where(
            gdf["status"] == "sha",
            "Suspected Minefield",
            np.where(converted, "Converted From SHA", "MineField"),
        ),
    )
    chance = np.array([_BLOCKAGE_P[k] for k in gdf["kind"]])
    blocks = rng.random(chance.shape) < chance
    for j, column in enumerate(BLOCKAGE_FLAGS):
        gdf[column] = blocks[:, j]
