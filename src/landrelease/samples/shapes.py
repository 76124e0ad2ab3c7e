"""Polygons of the sample countries: star-shaped hazard outlines of an exact area, placed
apart from each other inside their region, and projected to EPSG:4326."""

from __future__ import annotations

import numpy as np
import shapely
from pyproj import Transformer

from landrelease.samples.params import GAP_M

__all__ = [
    "place_polygons",
    "region_of",
    "star_template",
    "to_lonlat",
    "vertex_count",
    "voronoi_regions",
]


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
            pos = int(np.searchsorted(good, j))
            if pos < len(good) and good[pos] == j and pos in taken:
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
