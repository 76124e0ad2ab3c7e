"""Past stocks of a sample country (``stocks.csv``): the remaining area at the end of each
year as an Article 7 report would give it, nationally and by region, consistent with the
release history up to the new finds, revisions and rounding real histories show.

Drawn backwards from the baseline, region by region:
``stock(t−1) = (stock(t) + released(t) − new(t)) / (1 − resurvey(t))`` where ``new(t)`` is a
lognormal share of the year's release (areas found) and ``resurvey(t)``, in about one
region-year in eight, cancels a share of the opening estimate outside the release records
(a re-survey of suspected land), with a little reporting noise on top. Figures are
rounded to 1,000 m², as reports round them; the national row is the sum of the regions.
"""

from __future__ import annotations

import zlib

import numpy as np
import pandas as pd

from landrelease.samples.hazards import Country
from landrelease.samples.params import BASELINE, SEED

__all__ = ["STOCK_COLUMNS", "sample_stocks", "stocks_rng"]

STOCK_COLUMNS = ["year", "region", "status", "contamination_type", "area_m2", "source"]
NEW_FINDS_MEDIAN_FRAC = 0.04
"""Median area found in a year, as a share of the year's release."""
RESURVEY_CHANCE = 0.12
"""Chance that a region-year carries a re-survey that revises its estimate down."""
RESURVEY_FRAC = (0.03, 0.15)
"""Share of the opening estimate a re-survey cancels (uniform between these)."""
NOISE_FRAC = 0.005
"""Standard deviation of other revisions, as a share of the stock."""
ROUND_M2 = 1_000


def stocks_rng(key: str) -> np.random.Generator:
    """The stocks' own stream for sample ``key`` (drawn after, and apart from, the rest)."""
    return np.random.default_rng(
        np.random.SeedSequence(SEED, spawn_key=(zlib.crc32(key.encode()),))
    )


def sample_stocks(rng: np.random.Generator, c: Country) -> pd.DataFrame:
    """Rows ``year, region, status, contamination_type, area_m2, source`` from the year before
    the history starts to the baseline year (whose stock is the baseline's area)."""
    live = c.hazards[~c.hazards.get("closed", pd.Series(False, index=c.hazards.index))]
    stock = live.groupby("region")["area_m2"].sum().reindex(c.regions, fill_value=0.0)
    released = c.releases.groupby(["year", "region"])["area_m2"].sum()
    first = int(c.releases["year"].min()) - 1
    years = list(range(BASELINE.year, first - 1, -1))
    by_year = {BASELINE.year: stock.to_numpy(dtype=float)}
    current = by_year[BASELINE.year]
    for year in years[:-1]:
        out = np.array([float(released.get((year, r), 0.0)) for r in c.regions])
        new = out * np.exp(rng.normal(np.log(NEW_FINDS_MEDIAN_FRAC), 0.6, len(out)))
        resurvey = np.where(
            rng.random(len(out)) < RESURVEY_CHANCE, rng.uniform(*RESURVEY_FRAC, len(out)), 0.0
        )
        noise = rng.normal(0.0, NOISE_FRAC, len(out)) * current
        current = np.maximum((current + out - new - noise) / (1.0 - resurvey), 0.0)
        by_year[year - 1] = current
    rows = []
    for year in sorted(by_year):
        regional = np.round(by_year[year] / ROUND_M2) * ROUND_M2
        source = f"Article 7 report {year + 1}, Form C (synthetic)"
        rows.append((year, "all", "all", "all", float(regional.sum()), source))
        rows += [
            (year, r, "all", "all", float(a), source)
            for r, a in zip(c.regions, regional, strict=True)
        ]
    table = pd.DataFrame(rows, columns=STOCK_COLUMNS)
    table["area_m2"] = table["area_m2"].astype("int64")
    return table
