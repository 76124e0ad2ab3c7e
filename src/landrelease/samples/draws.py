"""Random draws the sample countries are made of: dates, long-tailed areas, invented names,
points in a polygon. Every function takes its ``numpy.random.Generator``."""

from __future__ import annotations

import datetime as dt

import numpy as np
import shapely

__all__ = [
    "fit_margins",
    "laea",
    "lognormal_areas",
    "place_names",
    "random_dates",
    "random_point_in",
]


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
