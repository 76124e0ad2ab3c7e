"""Cascadia: a programme near completion, border minefields (SYNTHETIC), South Pacific."""

from __future__ import annotations

import datetime as dt
import itertools

import numpy as np
import shapely

from landrelease.samples.draws import (
    fit_margins,
    laea,
    lognormal_areas,
    place_names,
    random_dates,
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

__all__ = ["make_cascadia"]


def make_cascadia(rng: np.random.Generator) -> Country:
    """Near completion: border minefields, South Pacific (fictional)."""
    lat0, lon0 = -35.0, -125.0
    frame = laea(lat0, lon0)
    regions = ["Alder Pass", "Brackwater", "Cinder Ridge", "Dunmore"]
    codes = ["ALD", "BRA", "CIN", "DUN"]
    phase = rng.uniform(0, 6.3, 3)
    bx = np.arange(-85e3, 85e3 + 1, 500.0)
    by = (
        2.5e3 * np.sin(bx / 23e3 + phase[0])
        + 1.5e3 * np.sin(bx / 9e3 + phase[1])
        + 0.6e3 * np.sin(bx / 4e3 + phase[2])
    )
    border = shapely.LineString(np.column_stack([bx, by]))
    country = shapely.Polygon([*zip(bx, by, strict=True), (85e3, -70e3), (-85e3, -70e3)])
    cuts = [-85e3, -42e3, 1e3, 43e3, 85e3]
    band = border.buffer(3_500)
    zones = [
        shapely.intersection(shapely.intersection(shapely.box(a, -70e3, b, 10e3), country), band)
        for a, b in itertools.pairwise(cuts)
    ]
    villages = place_names(rng, 60, ["ford", "by", "ton", "wick", ""])
    cl = Clusters()
    for x in np.sort(rng.uniform(-80e3, 80e3, 36)):
        i = int(np.searchsorted(bx, x))
        tangent = float(np.arctan2(by[min(i + 1, len(bx) - 1)] - by[i - 1], 1_000.0))
        d = rng.uniform(300, 1_800)
        y = float(np.interp(x, bx, by)) - d
        r = int(np.searchsorted(cuts, x) - 1)
        kind = "post" if rng.random() < 0.08 else "border"
        cl.add(x, y, rng.uniform(500, 1_000), r, kind, rng.lognormal(0, 0.4), tangent)
    n = 150
    status = np.array(["cha"] * n)
    cluster = cl.pick(rng, n, {"border": 0.93, "post": 0.07})
    ctype = rng.choice(["ap_mine", "mixed", "av_mine"], n, p=[0.76, 0.16, 0.08])
    area = lognormal_areas(rng, n, 55_000, 1.0, 2_500, 1.2e6, 15e6)
    area = fit_margins(area, [ctype], [{"ap_mine": 11.4e6, "mixed": 2.5e6, "av_mine": 1.1e6}])
    gdf = build_hazards(
        rng, HazardDraw(status, ctype, cluster, area), cl, zones, frame, (1.5, 3.0), (0.12, 0.3)
    )
    gdf["recorded_date"] = random_dates(rng, n, dt.date(1998, 1, 1), dt.date(2012, 12, 31))
    gdf["priority"] = priorities(
        rng, gdf["status"].to_numpy(), gdf["kind"].to_numpy(), {"border": 3.0, "post": 4.0}
    )
    gdf["accessible"] = True
    gdf["border_area"] = True
    gdf["military_area"] = gdf["kind"] == "post"
    gdf["name"] = hazard_names(rng, gdf, villages, cluster)
    gdf = assign_ids(gdf, "CA", codes, 4)

    years = list(range(2015, 2026))
    base = [3.0, 2.8, 2.6, 2.5, 2.2, 1.5, 1.8, 1.6, 1.4, 1.2, 1.1]
    remaining = gdf.groupby("region_idx")["area_m2"].sum().to_numpy()
    plan = ReleasePlan(
        years=years,
        total_km2={
            y: b * float(np.exp(rng.normal(0, 0.05))) for y, b in zip(years, base, strict=True)
        },
        method_share=(0.10, 0.35, 0.55),
        region_weight=lambda r, y: remaining[r] / remaining.sum(),
        type_share=type_shares_by_region(gdf, len(regions), {}),
        asset_share=[{"manual": 0.5, "mechanical": 0.35, "mdd": 0.15}] * len(regions),
        min_row_m2=200.0,
        # New teams in 2021 lifted output after the 2020 stop; it has fallen since.
        growth=dict.fromkeys(range(2021, 2026), 1.5),
    )
    agg = aggregated_releases(rng, plan, regions)
    per = partial_releases(rng, gdf, regions, 10, 2015, np.ones(n, dtype=bool))
    set_original_area(gdf, per)
    gdf["region"] = [regions[i] for i in gdf["region_idx"]]
    readme = (
        "Cascadia stands for a programme close to completion: about 150 confirmed minefields "
        "(CHA), some 15 km² in all, laid in a strip along its northern international border, "
        "mostly AP mines with some mixed and AV. Release has declined from about 3 km² a year "
        "in 2015 to under 2 km² in 2025 (new teams lifted it in 2021 after the 2020 stop), "
        "and its third extension runs out on 1 March 2027."
    )
    return Country(
        "cascadia",
        "Cascadia",
        "XCA",
        "2001-05-01",
        "2027-03-01",
        [("2010-12-03", "2016-05-01"), ("2015-12-04", "2021-05-01"), ("2020-11-20", "2027-03-01")],
        regions,
        gdf,
        finish_releases(agg, per, regions),
        "hazards.geojson",
        readme,
    )
