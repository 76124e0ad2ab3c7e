#!/usr/bin/env python
"""Generate the three SYNTHETIC sample countries shipped in ``sample_countries/``.

None of this is real data. The countries are invented, their coordinates lie in open ocean
(South Atlantic, Indian Ocean, South Pacific) so that nobody mistakes them for a real place,
and their figures are drawn from seeded random distributions chosen to look like the public
orders of magnitude in the domain primer (docs of Landmine Monitor / Mine Action Review).

What it makes, one folder per country::

    sample_countries/<country>/
        country.toml        header read by landrelease (dates, regions, file names)
        <hazard file>       baseline hazardous areas (polygons, EPSG:4326)
        releases.csv        land released 2015-2025 (or 2019-2025), canonical columns
        scenarios/.gitkeep  empty folder for the user's scenarios
        README.md           what the country depicts, and that it is synthetic

The countries:

``aurelia``  large legacy programme. ~6,000 hazards, ~700 km², ~75 % of the area SHA (CHA more
    numerous), six regions, AP, AV and mixed contamination along an old front line, around
    villages, a border and military sites. ``hazards.gpkg`` (layer ``hazards``), canonical
    column names. History 2015-2025 at 30-60 km²/yr, mostly released by survey.
``borealis`` post-conflict. ~1,500 hazards, ~150 km², ~40 % of the area improvised AP mines,
    also AP mines, ERW, cluster munition remnants and mixed. Five provinces; one beyond the line
    of control (inaccessible) and one partly so. ``hazards_imsma.zip``: a zipped Shapefile with
    IMSMA-style field names and values (``hazards_mapping = "imsma"``), including 20 ``Closed``
    rows the loader must drop. History 2019-2025, ramping up.
``cascadia`` near completion. ~150 confirmed minefields strung along an international border,
    ~15 km², mostly AP. ``hazards.geojson``, canonical column names. History 2015-2025, declining.

How: for each country a local Lambert azimuthal equal-area frame (metres) is centred on the
country. Regions are Voronoi cells or strips of a country-sized box. Hazards are grouped in
clusters (villages, front lines, strike sites, border posts); each gets a lognormal area (many of a
few thousand m², a few of several km²), rescaled so that the totals by status and contamination
type hit their targets, and an irregular star-shaped polygon of 6-20 vertices with exactly that
area. Polygons are placed largest first near their cluster centre, inside their region, and
rejected and re-placed (shapely STRtree, ``dwithin``) when closer than 10 m to another. The
polygons are then projected to EPSG:4326, rounded to 6 decimals, and their area is measured
again in the equal-area frame; that measured area (nearest m²) is what the files state.
Release history is drawn per year x region x method x contamination type x asset from the
release totals, method shares and team productivities set below, plus a few dozen per-hazard
partial releases whose hazards carry an ``original_area_m2`` (``Orig_Area``) that covers them.

Determinism: one seed (``SEED``), one ``numpy.random.Generator`` per country (spawned from it),
stable row orders. CSV and GeoJSON are byte-identical between runs; the GeoPackage timestamps are
pinned with GDAL's ``OGR_CURRENT_DATE``; the Shapefile's DBF is written here with the baseline date
in its header and zipped with fixed entry timestamps, so all files are byte-identical too.

Usage::

    python scripts/make_sample_countries.py [--out sample_countries] [--no-check]

After writing, the script reads every file back with geopandas and checks counts, areas
(re-measured in EPSG:6933, an independent equal-area projection), validity, overlaps and the
release table, then prints a summary per country. Only numpy, pandas, geopandas, shapely and pyproj
are used (plus the standard library). The scenarios/ folders are never emptied.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import struct
import tempfile
import tomllib
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

# Pin the timestamps GDAL writes into GeoPackages (gpkg_contents.last_change), so that two runs
# give identical files. Must be set before GDAL writes anything.
os.environ.setdefault("OGR_CURRENT_DATE", "2025-12-31T00:00:00Z")

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer

SEED = 20251231
BASELINE = dt.date(2025, 12, 31)
GAP_M = 10.0  # minimum distance between two hazard polygons, metres
SCRIPT = "scripts/make_sample_countries.py"

RELEASE_COLUMNS = [
    "hazard_id",
    "region",
    "date",
    "year",
    "method",
    "area_m2",
    "contamination_type",
    "ap_mines_destroyed",
    "av_mines_destroyed",
    "other_items_destroyed",
    "teams",
    "asset",
]
METHODS = ("cancelled", "reduced", "cleared")
CLEARANCE_ASSETS = ("manual", "mechanical", "mdd")

# Team productivity in m² per team-year: (low, high), for ordinary and for improvised AP mines.
PRODUCTIVITY = {
    "nts": ((2.0e6, 5.0e6), (0.8e6, 2.0e6)),
    "ts": ((0.3e6, 0.8e6), (0.10e6, 0.25e6)),
    "manual": ((20_000, 60_000), (5_000, 15_000)),
    "mechanical": ((150_000, 400_000), (40_000, 100_000)),
    "mdd": ((80_000, 200_000), (20_000, 50_000)),
}
# Items found per 10,000 m² cleared: (AP mines, AV mines, other explosive items).
DENSITY_PER_HA = {
    "ap_mine": (3.5, 0.0, 0.5),
    "ap_improvised": (2.5, 0.0, 1.5),
    "mixed": (2.0, 0.6, 0.8),
    "av_mine": (0.2, 1.0, 0.5),
    "cluster_munition": (0.0, 0.0, 8.0),
    "erw": (0.0, 0.0, 5.0),
}
ASSET_FIND_FACTOR = {"manual": 1.0, "mechanical": 0.45, "mdd": 0.7}

# IMSMA-style values written for Borealis (see src/landrelease/io/mappings/imsma.toml).
IMSMA_TYPE = {
    "ap_mine": "AP Mine",
    "ap_improvised": "Improvised AP Mine",
    "erw": "ERW",
    "cluster_munition": "CMR",
    "mixed": "AP/AV",
    "av_mine": "AV Mine",
}


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------
def laea(lat0: float, lon0: float) -> str:
    """PROJ string of the local equal-area frame of a country."""
    return f"+proj=laea +lat_0={lat0} +lon_0={lon0} +datum=WGS84 +units=m +no_defs"


def random_dates(
    rng: np.random.Generator,
    n: int,
    start: dt.date,
    end: dt.date,
) -> list[dt.date]:
    """``n`` dates drawn uniformly between ``start`` and ``end`` (inclusive)."""
    days = rng.integers(0, (end - start).days + 1, size=n)
    return [start + dt.timedelta(days=int(d)) for d in days]


def lognormal_areas(
    rng: np.random.Generator,
    n: int,
    median: float,
    sigma: float,
    lo: float,
    hi: float,
    total: float,
) -> np.ndarray:
    """Long-tailed areas (m²) clipped to [lo, hi] and rescaled to sum to ``total``."""
    a = median * np.exp(sigma * rng.standard_normal(n))
    for _ in range(50):
        a = np.clip(a, lo, hi)
        a *= total / a.sum()
    return a


def fit_margins(area: np.ndarray, groups: list[np.ndarray], targets: list[dict]) -> np.ndarray:
    """Rescale areas so their sums by each grouping match the targets (iterative fitting)."""
    a = area.copy()
    for _ in range(60):
        for g, t in zip(groups, targets, strict=True):
            for key, want in t.items():
                sel = g == key
                if sel.any() and a[sel].sum() > 0:
                    a[sel] *= want / a[sel].sum()
    return a


_ONSETS = [
    "b",
    "d",
    "f",
    "g",
    "k",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "v",
    "z",
    "br",
    "dr",
    "gr",
    "kr",
    "tr",
    "st",
    "sh",
    "ch",
    "h",
    "j",
]
_VOWELS = ["a", "e", "i", "o", "u", "a", "e", "o", "ai", "ou", "ei"]
_CODAS = ["", "", "", "n", "r", "l", "s", "m", "k", "th"]


def place_names(rng: np.random.Generator, n: int, endings: list[str]) -> list[str]:
    """``n`` distinct invented locality names."""
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < n:
        k = int(rng.integers(2, 4))
        s = "".join(
            _ONSETS[int(rng.integers(len(_ONSETS)))]
            + _VOWELS[int(rng.integers(len(_VOWELS)))]
            + _CODAS[int(rng.integers(len(_CODAS)))]
            for _ in range(k)
        )
        s = (s + endings[int(rng.integers(len(endings)))]).capitalize()
        if s not in seen and 5 <= len(s) <= 14:
            seen.add(s)
            names.append(s)
    return names


# --------------------------------------------------------------------------------------------
# Polygons
# --------------------------------------------------------------------------------------------
def star_template(
    rng: np.random.Generator,
    area: float,
    n_vertices: int,
    aspect: float,
    angle: float,
    roughness: float,
) -> np.ndarray:
    """Irregular simple polygon centred on (0, 0) with exactly ``area`` m² (open ring, n x 2).

    Vertices sit at strictly increasing angles around the centre (so the ring is star-shaped
    and cannot self-intersect); radii follow a few random harmonics plus jitter; the shape is
    then stretched (``aspect``) and rotated (``angle``), which keeps it simple.
    """
    while True:
        gaps = rng.dirichlet(np.full(n_vertices, 5.0)) * 2 * np.pi
        if gaps.max() < 0.8 * np.pi and gaps.min() > 0.08:
            break
    theta = rng.uniform(0, 2 * np.pi) + np.cumsum(gaps)
    logr = np.zeros(n_vertices)
    for k in (2, 3, 4):
        logr += rng.uniform(0, roughness / (k - 1)) * np.cos(k * theta + rng.uniform(0, 6.3))
    logr += rng.normal(0, roughness * 0.35, n_vertices)
    r = np.exp(np.clip(logr, -1.2, 1.2))
    x = r * np.cos(theta) * np.sqrt(aspect)
    y = r * np.sin(theta) / np.sqrt(aspect)
    c, s = np.cos(angle), np.sin(angle)
    xy = np.column_stack([c * x - s * y, s * x + c * y])
    nxt = np.roll(xy, -1, axis=0)
    a0 = 0.5 * abs(np.sum(xy[:, 0] * nxt[:, 1] - xy[:, 1] * nxt[:, 0]))
    return xy * np.sqrt(area / a0)


def vertex_count(rng: np.random.Generator, area: float, status: str) -> int:
    """More vertices for bigger (and suspected) areas: 6-12 for small CHA up to 20."""
    base = 6 + 2.2 * max(0.0, np.log10(area) - 3.0) + (2 if status == "sha" else 0)
    return int(np.clip(round(base + rng.normal(0, 1.5)), 6, 20))


@dataclass
class Clusters:
    """Places hazards gather around: centre (m), spread (m), region index, kind, orientation."""

    x: list[float] = field(default_factory=list)
    y: list[float] = field(default_factory=list)
    sigma: list[float] = field(default_factory=list)
    region: list[int] = field(default_factory=list)
    kind: list[str] = field(default_factory=list)
    angle: list[float | None] = field(default_factory=list)
    weight: list[float] = field(default_factory=list)

    def add(
        self,
        x: float,
        y: float,
        sigma: float,
        region: int,
        kind: str,
        weight: float = 1.0,
        angle: float | None = None,
    ) -> None:
        self.x.append(float(x))
        self.y.append(float(y))
        self.sigma.append(float(sigma))
        self.region.append(int(region))
        self.kind.append(kind)
        self.angle.append(angle)
        self.weight.append(float(weight))

    def pick(self, rng: np.random.Generator, n: int, kinds: dict[str, float]) -> np.ndarray:
        """``n`` cluster indices, choosing by kind weights then by cluster weight."""
        kind = np.array(self.kind)
        w = np.array(self.weight) * np.array([kinds.get(k, 0.0) for k in kind])
        w = w / np.array([w[kind == k].sum() / kinds[k] if kinds.get(k) else 1 for k in kind])
        return rng.choice(len(kind), size=n, p=w / w.sum())


def region_of(point_x: float, point_y: float, regions: list[shapely.Polygon]) -> int:
    """Index of the region containing a point, or -1."""
    for i, reg in enumerate(regions):
        if shapely.contains_xy(reg, point_x, point_y):
            return i
    return -1


def place_polygons(
    rng: np.random.Generator,
    templates: list[np.ndarray],
    cx: np.ndarray,
    cy: np.ndarray,
    sigma: np.ndarray,
    zones: np.ndarray,
    batch: int = 256,
) -> np.ndarray:
    """Place each template near its cluster centre, inside its zone, apart from all others.

    Largest first. Candidates are checked in batches: against the polygons already accepted
    (an STRtree rebuilt per batch) and against each other; those closer than ``GAP_M`` to an
    accepted polygon, or not strictly inside their zone, are re-drawn with a slowly widening
    spread, and after 40 failures anywhere in their zone.
    """
    n = len(templates)
    size = np.array([np.ptp(t[:, 0]) * np.ptp(t[:, 1]) for t in templates])
    pending = list(np.argsort(-size, kind="stable"))
    tries = np.zeros(n, dtype=int)
    placed = np.empty(n, dtype=object)
    accepted: list[shapely.Polygon] = []
    for z in {id(z): z for z in zones}.values():
        shapely.prepare(z)
    while pending:
        idx = np.array(pending[:batch])
        pending = pending[batch:]
        spread = sigma[idx] * 1.2 ** np.minimum(tries[idx] // 3, 15)
        px = cx[idx] + rng.normal(0, 1, len(idx)) * spread
        py = cy[idx] + rng.normal(0, 1, len(idx)) * spread
        for j, i in enumerate(idx):
            if tries[i] >= 40:  # give up on the cluster: anywhere in the zone
                x0, y0, x1, y1 = zones[i].bounds
                px[j], py[j] = rng.uniform(x0, x1), rng.uniform(y0, y1)
            if tries[i] > 400:
                raise RuntimeError(f"could not place hazard {i}")
        cands = np.array(
            [shapely.Polygon(templates[i] + (px[j], py[j])) for j, i in enumerate(idx)],
            dtype=object,
        )
        ok = shapely.contains_properly(zones[idx], cands)
        if accepted:
            tree = shapely.STRtree(accepted)
            hits = tree.query(cands, predicate="dwithin", distance=GAP_M)
            ok[np.unique(hits[0])] = False
        good = np.flatnonzero(ok)
        btree = shapely.STRtree(cands[good])
        pairs = btree.query(cands[good], predicate="dwithin", distance=GAP_M)
        conflicts: dict[int, list[int]] = {}
        for a, b in zip(*pairs, strict=True):
            if a != b:
                conflicts.setdefault(int(a), []).append(int(b))
        taken: set[int] = set()
        for k in range(len(good)):
            if not any(o in taken for o in conflicts.get(k, [])):
                taken.add(k)
        failed = []
        for j, i in enumerate(idx):
            k = np.searchsorted(good, j)
            if k < len(good) and good[k] == j and k in taken:
                placed[i] = cands[j]
                accepted.append(cands[j])
            else:
                tries[i] += 1
                failed.append(i)
        pending = failed + pending
    return placed


def to_lonlat(geoms: np.ndarray, frame: str) -> tuple[np.ndarray, np.ndarray]:
    """Project to EPSG:4326 rounded to 6 decimals; return them and their area (m²) re-measured."""
    fwd = Transformer.from_crs(frame, "EPSG:4326", always_xy=True)
    inv = Transformer.from_crs("EPSG:4326", frame, always_xy=True)

    def f(c: np.ndarray) -> np.ndarray:
        return np.round(np.column_stack(fwd.transform(c[:, 0], c[:, 1])), 6)

    def g(c: np.ndarray) -> np.ndarray:
        return np.column_stack(inv.transform(c[:, 0], c[:, 1]))

    ll = shapely.transform(geoms, f)
    ll = shapely.orient_polygons(ll) if hasattr(shapely, "orient_polygons") else ll
    area = shapely.area(shapely.transform(ll, g))
    return ll, area


# --------------------------------------------------------------------------------------------
# Hazards common to all countries
# --------------------------------------------------------------------------------------------
@dataclass
class HazardDraw:
    """Per-hazard attributes before placement."""

    status: np.ndarray
    ctype: np.ndarray
    cluster: np.ndarray
    area: np.ndarray


def build_hazards(
    rng: np.random.Generator,
    draw: HazardDraw,
    clusters: Clusters,
    zones: list[shapely.Geometry],
    frame: str,
    aspect: tuple[float, float],
    roughness: tuple[float, float],
) -> gpd.GeoDataFrame:
    """Make templates, place them and return a GeoDataFrame (EPSG:4326) with measured areas."""
    n = len(draw.area)
    cl = draw.cluster
    templates = []
    for i in range(n):
        c = cl[i]
        pref = clusters.angle[c]
        ang = rng.uniform(0, np.pi) if pref is None else pref + rng.normal(0, 0.25)
        asp = rng.uniform(*aspect) if pref is None else rng.uniform(aspect[1], aspect[1] * 1.6)
        rough = rng.uniform(*roughness) * (1.3 if draw.status[i] == "sha" else 1.0)
        templates.append(
            star_template(
                rng, draw.area[i], vertex_count(rng, draw.area[i], draw.status[i]), asp, ang, rough
            )
        )
    zone_arr = np.empty(n, dtype=object)
    for i in range(n):
        zone_arr[i] = zones[clusters.region[cl[i]]]
    geoms = place_polygons(
        rng,
        templates,
        np.array(clusters.x)[cl],
        np.array(clusters.y)[cl],
        np.array(clusters.sigma)[cl],
        zone_arr,
    )
    ll, measured = to_lonlat(geoms, frame)
    return gpd.GeoDataFrame(
        {
            "status": draw.status,
            "contamination_type": draw.ctype,
            "region_idx": np.array(clusters.region)[cl],
            "kind": np.array(clusters.kind)[cl],
            "area_m2": np.round(measured).astype(np.int64),
            "cx": shapely.get_x(shapely.centroid(geoms)),
            "cy": shapely.get_y(shapely.centroid(geoms)),
        },
        geometry=ll,
        crs="EPSG:4326",
    )


def assign_ids(
    gdf: gpd.GeoDataFrame, prefix: str, codes: list[str], width: int
) -> gpd.GeoDataFrame:
    """Number hazards per region in order of recording (as a database would) and sort."""
    gdf = gdf.sort_values(["region_idx", "recorded_date", "area_m2"], kind="stable")
    seq = gdf.groupby("region_idx").cumcount() + 1
    gdf["hazard_id"] = [
        f"{prefix}-{codes[r]}-{s:0{width}d}" for r, s in zip(gdf["region_idx"], seq, strict=True)
    ]
    return gdf.reset_index(drop=True)


def priorities(
    rng: np.random.Generator, status: np.ndarray, kind: np.ndarray, base: dict[str, float]
) -> np.ndarray:
    """Priority 1..5: confirmed areas near people first, remote suspected areas last."""
    mu = np.array([base.get(k, 3.0) for k in kind]) + np.where(status == "cha", -0.6, 0.4)
    return np.clip(np.round(mu + rng.normal(0, 0.9, len(mu))), 1, 5).astype(np.int64)


def hazard_names(
    rng: np.random.Generator, gdf: gpd.GeoDataFrame, villages: list[str], cluster: np.ndarray
) -> list[str]:
    """Locality-style names: '<village> minefield 3', '<village> river fields'."""
    sha_features = [
        "north fields",
        "south fields",
        "orchards",
        "riverbank",
        "road verge",
        "hillside",
        "pasture",
        "power line",
        "well area",
        "old checkpoint",
        "railway embankment",
        "forest edge",
        "terraces",
        "canal",
    ]
    cha_features = [
        "minefield",
        "mined area",
        "defensive position",
        "bridge approach",
        "outpost",
        "trench line",
    ]
    out = []
    counter: dict[tuple[int, str], int] = {}
    for st, c in zip(gdf["status"], cluster, strict=True):
        feats = cha_features if st == "cha" else sha_features
        feat = feats[int(rng.integers(len(feats)))]
        key = (int(c), feat)
        counter[key] = counter.get(key, 0) + 1
        out.append(f"{villages[c]} {feat} {counter[key]}")
    return out


# --------------------------------------------------------------------------------------------
# Release history
# --------------------------------------------------------------------------------------------
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
                        rows.append(
                            {
                                "hazard_id": "",
                                "region": region,
                                "date": "",
                                "year": year,
                                "method": method,
                                "area_m2": a,
                                "contamination_type": ctype,
                                "ap_mines_destroyed": ap,
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


# --------------------------------------------------------------------------------------------
# Countries
# --------------------------------------------------------------------------------------------
@dataclass
class Country:
    """Everything needed to write one country."""

    key: str
    name: str
    code: str
    eif: str
    deadline: str
    extensions: list[tuple[str, str]]
    regions: list[str]
    hazards: gpd.GeoDataFrame
    releases: pd.DataFrame
    hazard_file: str
    readme: str
    hazards_mapping: str | None = None


def voronoi_regions(
    seeds: list[tuple[float, float]], box: shapely.Polygon
) -> list[shapely.Polygon]:
    """Voronoi cells of ``seeds`` clipped to ``box``, in the order of the seeds."""
    cells = shapely.voronoi_polygons(shapely.MultiPoint(seeds), extend_to=box)
    out = []
    for sx, sy in seeds:
        cell = next(c for c in cells.geoms if shapely.contains_xy(c, sx, sy))
        out.append(shapely.intersection(cell, box))
    return out


def random_point_in(
    rng: np.random.Generator, poly: shapely.Geometry, margin: float = 0.0
) -> tuple[float, float]:
    """A uniform random point at least ``margin`` inside ``poly``."""
    inner = poly.buffer(-margin) if margin else poly
    x0, y0, x1, y1 = inner.bounds
    while True:
        x, y = rng.uniform(x0, x1), rng.uniform(y0, y1)
        if shapely.contains_xy(inner, x, y):
            return x, y


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
        ],
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
        "It released 35-55 km² a year in 2015-2025, mostly by survey, and is preparing a third "
        "extension request before its 2028 deadline."
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
    ctype = []
    for k, r in zip(kind, reg, strict=True):
        if k == "strike":
            p = [0.0, 0.0, 0.0, 0.1, 0.9]
        elif k == "front":
            p = [0.35, 0.35, 0.25, 0.05, 0.0]
        elif r in (2, 3, 4):  # retaken towns: improvised devices and ERW
            p = [0.6, 0.1, 0.05, 0.25, 0.0]
        else:  # older legacy fields in the west
            p = [0.1, 0.55, 0.15, 0.2, 0.0]
        ctype.append(types[rng.choice(5, p=p)])
    ctype = np.array(ctype)
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
    readme = (
        "Borealis stands for a post-conflict programme: about 1,500 hazardous areas and 150 km² "
        "left by a 2016-2018 conflict, some 40 % of the area contaminated with improvised AP "
        "mines (victim-activated IEDs) in and around retaken towns, the rest factory-made AP "
        "mines along the old front, mixed AP/AV, ERW and cluster munition strike sites. Varda "
        "province lies beyond the line of control and cannot be worked (some areas expected "
        "to open in 2028, others not); the east of Keswal is also inaccessible. Its hazard "
        "file is an IMSMA-style Shapefile export (zipped) with 20 closed areas the loader must "
        "drop. Release ramps up from 2019 to over 20 km² a year; the 2027 deadline is its "
        "first."
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
    )
    agg = aggregated_releases(rng, plan, regions)
    per = partial_releases(rng, gdf, regions, 10, 2015, np.ones(n, dtype=bool))
    set_original_area(gdf, per)
    gdf["region"] = [regions[i] for i in gdf["region_idx"]]
    readme = (
        "Cascadia stands for a programme close to completion: about 150 confirmed minefields "
        "(CHA), some 15 km² in all, laid in a strip along its northern international border, "
        "mostly AP mines with some mixed and AV. Release has declined from about 3 km² a year "
        "in 2015 to about 1 km² in 2025, and its third extension runs out on 1 March 2027."
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


# --------------------------------------------------------------------------------------------
# Writers
# --------------------------------------------------------------------------------------------
CANONICAL = [
    "hazard_id",
    "region",
    "status",
    "contamination_type",
    "area_m2",
    "original_area_m2",
    "priority",
    "accessible",
    "border_area",
    "military_area",
    "recorded_date",
    "name",
]


def write_dbf(
    path: Path, fields: list[tuple[str, str, int, int]], records: list[list], last_update: dt.date
) -> None:
    """Write a dBase III table: C (text), N (number, blank = NULL) and D (date) fields."""
    header_len = 32 + 32 * len(fields) + 1
    record_len = 1 + sum(f[2] for f in fields)
    out = bytearray(
        struct.pack(
            "<BBBBIHH20x",
            0x03,
            last_update.year - 1900,
            last_update.month,
            last_update.day,
            len(records),
            header_len,
            record_len,
        )
    )
    for name, kind, width, dec in fields:
        out += struct.pack("<11sc4xBB14x", name.encode("ascii"), kind.encode("ascii"), width, dec)
    out += b"\r"
    for rec in records:
        out += b" "
        for (_, kind, width, dec), v in zip(fields, rec, strict=True):
            if v is None or (not isinstance(v, str) and pd.isna(v)):
                cell = ""
            elif kind == "D":
                cell = v.strftime("%Y%m%d")
            elif kind == "N":
                cell = f"{v:.{dec}f}"
            else:
                cell = str(v)
            raw = cell.encode("utf-8")
            if len(raw) > width:
                raise ValueError(f"{name}: {cell!r} wider than {width}")
            out += raw.rjust(width) if kind == "N" else raw.ljust(width)
    out += b"\x1a"
    path.write_bytes(bytes(out))


def write_imsma_zip(gdf: gpd.GeoDataFrame, path: Path) -> None:
    """Zipped Shapefile with IMSMA-style fields; fixed timestamps so the zip is reproducible."""
    fields = [
        ("Hazard_ID", "C", 20, 0),
        ("Province", "C", 30, 0),
        ("Hazard_Cla", "C", 10, 0),
        ("Hazard_Typ", "C", 30, 0),
        ("Status", "C", 12, 0),
        ("Area_sqm", "N", 16, 2),
        ("Orig_Area", "N", 16, 2),
        ("Priority", "N", 2, 0),
        ("Accessible", "C", 3, 0),
        ("Access_Yr", "N", 4, 0),
        ("Border", "C", 3, 0),
        ("Date_Recor", "D", 8, 0),
        ("Haz_Name", "C", 60, 0),
    ]
    records = [
        [
            h.hazard_id,
            h.region,
            h.status.upper(),
            IMSMA_TYPE[h.contamination_type],
            "Closed" if h.closed else "Active",
            float(h.area_m2),
            float(h.original_area_m2),
            int(h.priority),
            "Yes" if h.accessible else "No",
            None if pd.isna(h.access_year) else int(h.access_year),
            "Yes" if h.border_area else "No",
            h.recorded_date,
            h.name,
        ]
        for h in gdf.itertuples()
    ]
    with tempfile.TemporaryDirectory() as tmp:
        shp = Path(tmp) / "hazards_imsma.shp"
        gdf[["hazard_id", "geometry"]].to_file(shp, driver="ESRI Shapefile")
        write_dbf(shp.with_suffix(".dbf"), fields, records, BASELINE)  # replaces GDAL's DBF
        shp.with_suffix(".cpg").write_text("UTF-8", encoding="ascii")
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            for ext in ("shp", "shx", "dbf", "prj", "cpg"):
                info = zipfile.ZipInfo(f"hazards_imsma.{ext}", date_time=(2025, 12, 31, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                zf.writestr(info, (Path(tmp) / f"hazards_imsma.{ext}").read_bytes())


def country_toml(c: Country) -> str:
    """country.toml text in the format the loader expects."""
    lines = [
        "[country]",
        f'name = "{c.name}"',
        f'code = "{c.code}"            # user-assigned ISO range; synthetic',
        "synthetic = true",
        'currency = "USD"',
        f'entry_into_force_date = "{c.eif}"',
        f'article5_deadline_date = "{c.deadline}"   # current deadline (after extensions)',
        f'baseline_date = "{BASELINE.isoformat()}"',
        "regions = [" + ", ".join(f'"{r}"' for r in c.regions) + "]",
        f'notes = "SYNTHETIC sample country generated by {SCRIPT} (seed {SEED}). Not real data."',
        "",
        "[files]",
        f'hazards = "{c.hazard_file}"',
    ]
    if c.hazard_file.endswith(".gpkg"):
        lines.append('hazards_layer = "hazards"')
    if c.hazards_mapping:
        lines.append(f'hazards_mapping = "{c.hazards_mapping}"')
    lines.append('releases = "releases.csv"')
    for granted, deadline in c.extensions:
        lines += [
            "",
            "[[previous_extensions]]",
            f'granted_date = "{granted}"',
            f'deadline_date = "{deadline}"',
        ]
    lines += milestone_lines(c)
    return "\n".join(lines) + "\n"


MILESTONE_OPTIMISM = 1.25
"""Targets of the last extension request were this much above what was then achieved: plans
that outrun past output are the Committee's most common finding (domain primer, §5)."""


def milestone_lines(c: Country) -> list[str]:
    """``[[milestones]]`` of the last extension's work plan: yearly national targets of area
    released, from the year after it was granted to the baseline year."""
    if not c.extensions:
        return []
    first = int(str(c.extensions[-1][0])[:4]) + 1
    achieved = c.releases.groupby("year")["area_m2"].sum()
    lines: list[str] = []
    for year in range(first, BASELINE.year + 1):
        if year not in achieved.index:
            continue
        target = round(float(achieved[year]) * MILESTONE_OPTIMISM, -5)
        lines += ["", "[[milestones]]", f"year = {year}", f"area_m2 = {target:.0f}"]
    return lines


def country_readme(c: Country) -> str:
    """README.md of a country folder."""
    live = c.hazards[~c.hazards.get("closed", pd.Series(False, index=c.hazards.index))]
    fmt = {
        "hazards.gpkg": "GeoPackage, layer `hazards`, canonical column names",
        "hazards.geojson": "GeoJSON (EPSG:4326), canonical column names",
        "hazards_imsma.zip": "zipped ESRI Shapefile with IMSMA-style field names and values, "
        "read through the `imsma` mapping",
    }[c.hazard_file]
    n_km2 = f"{len(live):,} ({live['area_m2'].sum() / 1e6:,.1f} km²)"
    years = f"{c.releases['year'].min()}-{c.releases['year'].max()}"
    return f"""# {c.name} (SYNTHETIC)

**This country does not exist. Every figure and polygon here is synthetic**, drawn at random by
`{SCRIPT}` (seed {SEED}) to exercise landrelease. The polygons lie in open ocean on purpose.

{c.readme}

| | |
| --- | --- |
| hazardous areas at {BASELINE.isoformat()} | {n_km2} |
| regions | {", ".join(c.regions)} |
| entry into force | {c.eif} |
| current Article 5 deadline | {c.deadline} |
| release history | {years}, {len(c.releases):,} rows |

Files:
- `country.toml`: header (dates, previous extensions, regions, file names).
- `{c.hazard_file}`: the baseline hazardous areas ({fmt}).
- `releases.csv`: land cancelled, reduced and cleared per year, region, contamination type and
  asset (aggregated rows), plus a few dated partial releases on hazards still in the baseline.
- `scenarios/`: put scenario files here.

Regenerate (all three sample countries, byte-identical):

```
python scripts/make_sample_countries.py
```
"""


INDEX_README = f"""# Sample countries (SYNTHETIC)

Three invented countries for trying landrelease. **None of this is real data**: all of it is
drawn at random by `{SCRIPT}` (seed {SEED}); the polygons lie in open ocean on purpose.

| folder | depicts | hazard file |
| --- | --- | --- |
| `aurelia/` | large legacy programme, ~6,000 areas, ~700 km², mostly suspected | GeoPackage |
| `borealis/` | post-conflict, improvised AP mines, ~150 km² | IMSMA-style Shapefile (zip) |
| `cascadia/` | near completion, ~150 border minefields, ~15 km² | GeoJSON |

Regenerate with `python scripts/make_sample_countries.py` (add `--out DIR` to write elsewhere).
"""


def write_country(c: Country, out: Path) -> None:
    """Write one country folder (never touches existing scenario files)."""
    folder = out / c.key
    (folder / "scenarios").mkdir(parents=True, exist_ok=True)
    (folder / "scenarios" / ".gitkeep").touch()
    gdf = c.hazards
    path = folder / c.hazard_file
    path.unlink(missing_ok=True)
    if c.hazard_file == "hazards_imsma.zip":
        write_imsma_zip(gdf, path)
    else:
        table = gdf[[*CANONICAL, "geometry"]].copy()
        table["area_m2"] = table["area_m2"].astype(float)
        if c.hazard_file.endswith(".gpkg"):
            table["recorded_date"] = pd.to_datetime(table["recorded_date"])
            table.to_file(path, layer="hazards", driver="GPKG")
        else:
            table["recorded_date"] = [d.isoformat() for d in table["recorded_date"]]
            table.to_file(
                path, driver="GeoJSON", RFC7946="YES", COORDINATE_PRECISION=6, WRITE_NAME="NO"
            )
    c.releases.to_csv(folder / "releases.csv", index=False, lineterminator="\n")
    (folder / "country.toml").write_text(country_toml(c), encoding="utf-8", newline="\n")
    (folder / "README.md").write_text(country_readme(c), encoding="utf-8", newline="\n")


# --------------------------------------------------------------------------------------------
# Check what was written, independently of the generator
# --------------------------------------------------------------------------------------------
IMSMA_COLUMNS = {
    "Hazard_ID": "hazard_id",
    "Province": "region",
    "Hazard_Cla": "status",
    "Hazard_Typ": "contamination_type",
    "Area_sqm": "area_m2",
    "Orig_Area": "original_area_m2",
    "Priority": "priority",
    "Accessible": "accessible",
    "Access_Yr": "access_year",
    "Date_Recor": "recorded_date",
    "Haz_Name": "name",
    "Border": "border_area",
}


def check_country(folder: Path) -> list[str]:
    """Read a country folder back, check it and print a summary; return problems found."""
    problems: list[str] = []
    meta = tomllib.loads((folder / "country.toml").read_text(encoding="utf-8"))
    cty, files = meta["country"], meta["files"]
    path = folder / files["hazards"]
    gdf = gpd.read_file(path, layer=files.get("hazards_layer"))
    if str(gdf.crs).upper() not in ("EPSG:4326", "OGC:CRS84"):
        problems.append(f"CRS is {gdf.crs}")
    if files.get("hazards_mapping") == "imsma":
        n_closed = int((gdf["Status"] == "Closed").sum())
        gdf = gdf[gdf["Status"] == "Active"].rename(columns=IMSMA_COLUMNS)
        inv = {v: k for k, v in IMSMA_TYPE.items()}
        gdf["contamination_type"] = gdf["contamination_type"].map(inv)
        gdf["status"] = gdf["status"].str.lower()
        gdf["accessible"] = gdf["accessible"] == "Yes"
        print(f"  dropped {n_closed} Closed rows")
    gdf = gdf.reset_index(drop=True)
    ea = gdf.to_crs("EPSG:6933")
    measured = ea.area.to_numpy()
    rel_err = np.abs(gdf["area_m2"].to_numpy() / measured - 1)
    if rel_err.max() > 0.01:
        problems.append(f"area attribute off by up to {rel_err.max():.2%}")
    if not gdf.geometry.is_valid.all():
        problems.append(f"{(~gdf.geometry.is_valid).sum()} invalid geometries")
    if not (gdf.geom_type == "Polygon").all():
        problems.append("non-Polygon geometries")
    nv = shapely.get_num_coordinates(gdf.geometry.to_numpy()) - 1
    if nv.min() < 6 or nv.max() > 20:
        problems.append(f"vertex counts {nv.min()}..{nv.max()}")
    tree = shapely.STRtree(ea.geometry.to_numpy())
    a, b = tree.query(ea.geometry.to_numpy(), predicate="intersects")
    pairs = [(i, j) for i, j in zip(a, b, strict=True) if i < j]
    if pairs:
        problems.append(f"{len(pairs)} intersecting pairs")
    if gdf["hazard_id"].duplicated().any():
        problems.append("duplicate hazard_id")
    if set(gdf["region"]) != set(cty["regions"]):
        problems.append(f"hazard regions {sorted(set(gdf['region']))} != {cty['regions']}")
    dates = pd.to_datetime(gdf["recorded_date"])
    if dates.min() < pd.Timestamp("1995-01-01") or dates.max() > pd.Timestamp(BASELINE):
        problems.append("recorded_date out of range")
    if not gdf["priority"].between(1, 5).all():
        problems.append("priority out of 1..5")

    rel = pd.read_csv(
        folder / "releases.csv", dtype={"hazard_id": str, "date": str}, keep_default_na=False
    )
    if list(rel.columns) != RELEASE_COLUMNS:
        problems.append(f"releases columns {list(rel.columns)}")
    if not set(rel["region"]) <= set(cty["regions"]):
        problems.append("release regions not in country.toml")
    if rel["year"].max() > BASELINE.year or (rel["date"][rel["date"] != ""] > str(BASELINE)).any():
        problems.append("release after baseline")
    if (rel["area_m2"] <= 0).any():
        problems.append("non-positive release area")
    bad_asset = ~rel.apply(
        lambda r: (
            (r["method"], r["asset"])
            in {
                ("cancelled", "nts"),
                ("reduced", "ts"),
                ("cleared", "manual"),
                ("cleared", "mechanical"),
                ("cleared", "mdd"),
            }
        ),
        axis=1,
    )
    if bad_asset.any():
        problems.append(f"{bad_asset.sum()} rows with method/asset mismatch")
    ph = rel[rel["hazard_id"] != ""]
    known = gdf.set_index("hazard_id")
    if not set(ph["hazard_id"]) <= set(known.index):
        problems.append("per-hazard release on unknown hazard")
    else:
        sums = ph.groupby("hazard_id")["area_m2"].sum()
        orig = known.loc[sums.index, "original_area_m2"]
        if (orig < known.loc[sums.index, "area_m2"] + sums - 0.5).any():
            problems.append("original_area_m2 below remaining + released")

    km2 = gdf.assign(km2=measured / 1e6)
    print(
        f"  {len(gdf):,} hazards, {km2['km2'].sum():,.1f} km² (EPSG:6933), "
        f"{len(pairs)} overlaps, area attr max err {rel_err.max():.1e}, vertices "
        f"{nv.min()}-{nv.max()}, file {path.stat().st_size / 1e6:.1f} MB"
    )
    print("  km² by status x type:")
    tab = km2.pivot_table(
        index="contamination_type",
        columns="status",
        values="km2",
        aggfunc="sum",
        fill_value=0.0,
        margins=True,
    )
    print("    " + tab.round(1).to_string().replace("\n", "\n    "))
    cnt = gdf.groupby("status").size().to_dict()
    print(
        f"  counts by status: {cnt}; by region: "
        f"{gdf.groupby('region').size().reindex(cty['regions']).to_dict()}"
    )
    if "accessible" in gdf:
        ina = gdf[~gdf["accessible"].astype(bool)]
        print(
            f"  inaccessible: {len(ina)} areas, {ina.area_m2.sum() / 1e6:.1f} km²"
            + (
                f", access_year {ina['access_year'].value_counts(dropna=False).to_dict()}"
                if "access_year" in ina and len(ina)
                else ""
            )
        )
    yearly = (
        rel.pivot_table(
            index="year", columns="method", values="area_m2", aggfunc="sum", fill_value=0
        )[list(METHODS)]
        / 1e6
    )
    yearly["total"] = yearly.sum(axis=1)
    print(f"  releases: {len(rel)} rows ({len(ph)} per hazard), km² per year by method:")
    print("    " + yearly.round(2).to_string().replace("\n", "\n    "))
    shares = yearly[list(METHODS)].sum() / yearly["total"].sum()
    teams = rel.groupby("asset")["teams"].sum()
    prod = rel.groupby("asset")["area_m2"].sum() / teams
    print(
        f"  method shares {shares.round(2).to_dict()}; m²/team-year by asset "
        f"{prod.round(0).astype(int).to_dict()}; AP/AV/other destroyed "
        f"{rel.ap_mines_destroyed.sum()}/{rel.av_mines_destroyed.sum()}/"
        f"{rel.other_items_destroyed.sum()}"
    )
    return problems


def main() -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("sample_countries"),
        help="output folder (default: sample_countries)",
    )
    parser.add_argument("--no-check", action="store_true", help="skip the read-back check")
    args = parser.parse_args()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    (out / "README.md").write_text(INDEX_README, encoding="utf-8", newline="\n")
    rngs = [np.random.default_rng(s) for s in np.random.SeedSequence(SEED).spawn(3)]
    makers = [make_aurelia, make_borealis, make_cascadia]
    countries = []
    for make, rng in zip(makers, rngs, strict=True):
        c = make(rng)
        write_country(c, out)
        countries.append(c)
        print(f"wrote {out / c.key}")
    if args.no_check:
        return
    failed = False
    for c in countries:
        print(f"\n== {c.name} ({out / c.key})")
        problems = check_country(out / c.key)
        for p in problems:
            print(f"  PROBLEM: {p}")
        failed |= bool(problems)
    if failed:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
