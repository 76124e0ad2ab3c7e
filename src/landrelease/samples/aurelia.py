"""Aurelia: a large legacy programme (SYNTHETIC), South Atlantic."""

from __future__ import annotations

import datetime as dt

import numpy as np
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

__all__ = ["make_aurelia"]


def make_aurelia(rng: np.random.Generator) -> Country:
    """Large legacy programme, South Atlantic (fictional)."""
    lat0, lon0 = -30.0, -15.0
    frame = laea(lat0, lon0)
    regions = ["Norvale", "Calder", "Estrada", "Brennic", "Sulmara", "Ostrel"]
    codes = ["NOR", "CAL", "EST", "BRE", "SUL", "OST"]
    w, h = 190_000.0, 130_000.0
    box = shapely.box(-w, -h, w, h)
    seeds = [
        (-120e3, 60e3),
        (0, 70e3),
        (125e3, 55e3),
        (-125e3, -65e3),
        (5e3, -60e3),
        (120e3, -70e3),
    ]
    seeds = [(x + rng.normal(0, 12e3), y + rng.normal(0, 10e3)) for x, y in seeds]
    zones = voronoi_regions(seeds, box)
    villages = place_names(rng, 400, ["a", "ar", "ino", "ela", "os", ""])

    cl = Clusters()
    for r, zone in enumerate(zones):  # villages
        for _ in range(int(rng.integers(40, 60))):
            x, y = random_point_in(rng, zone, 2_000)
            cl.add(x, y, rng.uniform(1_500, 5_000), r, "village", rng.lognormal(0, 0.6))
    # An old front line running from the north-west to the south-east.
    t = np.linspace(0, 1, 70)
    fx = -170e3 + 330e3 * t
    fy = 100e3 - 200e3 * t + 18e3 * np.sin(7 * t + 1.0)
    ang = np.arctan2(np.gradient(fy), np.gradient(fx))
    for x, y, a in zip(fx, fy, ang, strict=True):
        r = region_of(x, y, zones)
        if r >= 0:
            cl.add(x, y, rng.uniform(1_200, 2_500), r, "front", rng.lognormal(0, 0.4), a)
    # The eastern edge is an international border.
    for y in np.linspace(-120e3, 120e3, 24):
        x = w - rng.uniform(1_500, 3_500)
        cl.add(x, y, 1_500, region_of(x, y, zones), "border", 1.0, np.pi / 2)
    for _ in range(5):  # military installations
        r = int(rng.integers(len(zones)))
        x, y = random_point_in(rng, zones[r], 8_000)
        cl.add(x, y, 1_200, r, "military", 1.0)

    n_sha, n_cha = 2_250, 3_750
    status = np.array(["sha"] * n_sha + ["cha"] * n_cha)
    cluster = np.concatenate(
        [
            cl.pick(rng, n_sha, {"village": 0.72, "front": 0.2, "border": 0.05, "military": 0.03}),
            cl.pick(rng, n_cha, {"village": 0.55, "front": 0.35, "border": 0.07, "military": 0.03}),
        ]
    )
    kind = np.array(cl.kind)[cluster]
    type_probs = {
        "village": [0.75, 0.15, 0.10],
        "front": [0.2, 0.5, 0.3],
        "border": [0.65, 0.3, 0.05],
        "military": [0.55, 0.45, 0.0],
    }
    types = ["ap_mine", "mixed", "av_mine"]
    ctype = np.array([types[rng.choice(3, p=type_probs[k])] for k in kind])
    area = np.concatenate(
        [
            lognormal_areas(rng, n_sha, 50_000, 1.7, 1_500, 8e6, 525e6),
            lognormal_areas(rng, n_cha, 16_000, 1.4, 800, 1.5e6, 175e6),
        ]
    )
    area = fit_margins(
        area,
        [status, ctype],
        [
            {"sha": 525e6, "cha": 175e6},
            {"ap_mine": 0.52 * 700e6, "mixed": 0.33 * 700e6, "av_mine": 0.15 * 700e6},
        ],
    )
    gdf = build_hazards(
        rng, HazardDraw(status, ctype, cluster, area), cl, zones, frame, (1.0, 2.6), (0.15, 0.45)
    )
    n = len(gdf)
    era = rng.choice(3, size=n, p=[0.7, 0.2, 0.1])
    spans = [
        (dt.date(1996, 1, 1), dt.date(2006, 12, 31)),
        (dt.date(2007, 1, 1), dt.date(2014, 12, 31)),
        (dt.date(2015, 1, 1), BASELINE),
    ]
    gdf["recorded_date"] = [random_dates(rng, 1, *spans[e])[0] for e in era]
    gdf["priority"] = priorities(
        rng,
        gdf["status"].to_numpy(),
        gdf["kind"].to_numpy(),
        {"village": 2.6, "front": 3.4, "border": 3.6, "military": 4.4},
    )
    gdf["accessible"] = True
    gdf["border_area"] = (gdf["kind"] == "border") | (gdf["cx"] > w - 5_000)
    gdf["military_area"] = gdf["kind"] == "military"
    gdf["name"] = hazard_names(rng, gdf, villages, cluster)
    gdf = assign_ids(gdf, "AU", codes, 6)

    years = list(range(2015, 2026))
    base = [34, 38, 42, 47, 52, 36, 44, 51, 56, 48, 46]
    remaining = gdf.groupby("region_idx")["area_m2"].sum().to_numpy()
    plan = ReleasePlan(
        years=years,
        total_km2={
            y: b * float(np.exp(rng.normal(0, 0.04))) for y, b in zip(years, base, strict=True)
        },
        method_share=(0.30, 0.25, 0.45),
        region_weight=lambda r, y: remaining[r] / remaining.sum(),
        type_share=type_shares_by_region(gdf, len(regions), {}),
        asset_share=[
            {"manual": m, "mechanical": 0.8 - m, "mdd": 0.2}
            for m in rng.uniform(0.2, 0.45, len(regions))
        ],        # After 2020 the programme grew by a third (new operators, national funding): the
        # record a plan at its recent pace is judged against (review, forecast).
        growth=dict.fromkeys(range(2021, 2026), 1.3),
    )
    agg = aggregated_releases(rng, plan, regions)
    per = partial_releases(rng, gdf, regions, 26, 2015, np.ones(n, dtype=bool))
    set_original_area(gdf, per)
    gdf["region"] = [regions[i] for i in gdf["region_idx"]]
    readme = (
        "Aurelia stands for a large legacy programme: some 6,000 hazardous areas covering about "
        "700 km², three quarters of it suspected (SHA) from an old impact survey, the rest "
        "confirmed minefields (CHA) along a former front line, around villages, on the eastern "
        "border and at a few military sites. Contamination is AP mines, AV mines and mixed. "
        "It released 35-55 km² a year in 2015-2020 and 55-75 km² since, as it grew, mostly by "
        "survey, and is preparing a third extension request before its 2028 deadline."
    )
    return Country(
        "aurelia",
        "Aurelia",
        "XAU",
        "2003-03-01",
        "2028-03-01",
        [("2012-12-01", "2019-03-01"), ("2018-11-30", "2028-03-01")],
        regions,
        gdf,
        finish_releases(agg, per, regions),
        "hazards.gpkg",
        readme,
    )
