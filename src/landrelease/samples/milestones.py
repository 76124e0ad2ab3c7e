"""Milestones of a sample country (``[[milestones]]`` of ``country.toml``): the yearly
national targets of each earlier extension request, with the year each was set, for the
years the release history covers.

Each request granted in year *g* set targets for the years from *g* + 1 until the next
request took over (its own grant year), or the baseline year. A target is the year's
achieved release divided by a drawn realisation ratio: plans are met at 70–90% in most years
and seldom above (domain primer §8), and a State below plan one year tends to stay below, so
the log-ratio is an AR(1) around log :data:`MEDIAN_REALISATION`. The draws come from their
own stream (:func:`milestones_rng`), so the other files do not change with them.
"""

from __future__ import annotations

import math
import zlib

import numpy as np

from landrelease.samples.hazards import Country
from landrelease.samples.params import BASELINE, SEED

__all__ = ["MEDIAN_REALISATION", "milestone_lines", "milestones_rng", "sample_milestones"]

MEDIAN_REALISATION = 0.8
"""Typical share of a yearly milestone achieved (primer §8: 70–90%)."""
YEARLY_SD_LOG = 0.09
"""Spread of the yearly log-ratio: with the median 0.8, four years in five fall within about
71–90%."""
PERSISTENCE = 0.5
"""Year-to-year correlation of the shortfall (a State below plan tends to stay below)."""
ROUND_M2 = 100_000
"""Targets are stated in round figures (0.1 km²)."""


def milestones_rng(key: str) -> np.random.Generator:
    """The milestones' own stream for sample ``key`` (apart from every other draw)."""
    return np.random.default_rng(
        np.random.SeedSequence(SEED, spawn_key=(zlib.crc32(f"{key}/milestones".encode()),))
    )


def sample_milestones(rng: np.random.Generator, c: Country) -> list[tuple[int, int, float]]:
    """``(year, set_year, area_m2)`` of every earlier request's targets, years in order."""
    granted = [int(str(g)[:4]) for g, _ in c.extensions]
    achieved = c.releases.groupby("year")["area_m2"].sum()
    years: list[tuple[int, int]] = []
    for i, g in enumerate(granted):
        last = granted[i + 1] if i + 1 < len(granted) else BASELINE.year
        years += [(y, g) for y in range(g + 1, last + 1) if y in achieved.index]
    out = []
    deviation = rng.normal(0.0, YEARLY_SD_LOG)
    scale = math.sqrt(1.0 - PERSISTENCE**2) * YEARLY_SD_LOG
    for i, (year, set_year) in enumerate(years):
        if i:
            deviation = PERSISTENCE * deviation + rng.normal(0.0, scale)
        ratio = MEDIAN_REALISATION * math.exp(deviation)
        target = round(float(achieved[year]) / ratio / ROUND_M2) * ROUND_M2
        out.append((year, set_year, float(target)))
    return out


def milestone_lines(c: Country) -> list[str]:
    """The ``[[milestones]]`` tables of ``country.toml`` (none without earlier requests)."""
    lines: list[str] = []
    for year, set_year, target in sample_milestones(milestones_rng(c.key), c):
        lines += [
            "",
            "[[milestones]]",
            f"year = {year}",
            f"area_m2 = {target:.0f}",
            f"set_year = {set_year}",
        ]
    return lines
