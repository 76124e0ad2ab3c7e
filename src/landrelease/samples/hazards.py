"""Hazards common to all sample countries: clusters they gather around, their attributes
before placement, the placed table with ids, priorities and names, and the country record."""

from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from landrelease.samples.shapes import place_polygons, star_template, to_lonlat, vertex_count

__all__ = [
    "Clusters",
    "Country",
    "HazardDraw",
    "assign_ids",
    "build_hazards",
    "hazard_names",
    "priorities",
]


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
