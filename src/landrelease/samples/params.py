"""Fixed parameters of the synthetic sample countries: seed, baseline date, release
productivity and item densities (public orders of magnitude, domain primer §7)."""

from __future__ import annotations

import datetime as dt

__all__ = [
    "ASSET_FIND_FACTOR",
    "BASELINE",
    "CLEARANCE_ASSETS",
    "DENSITY_PER_HA",
    "GAP_M",
    "IMSMA_TYPE",
    "METHODS",
    "PRODUCTIVITY",
    "RELEASE_COLUMNS",
    "SCRIPT",
    "SEED",
]

SEED = 20251231
BASELINE = dt.date(2025, 12, 31)
GAP_M = 10.0  # minimum distance between two hazard polygons, metres
SCRIPT = "landrelease.samples"
"""How the sample files name their generator (the package module; `landrelease samples DIR`
runs it, and so does `scripts/make_sample_countries.py` in a source checkout)."""

RELEASE_COLUMNS = [
    "hazard_id",
    "region",
    "date",
    "year",
    "method",
    "area_m2",
    "contamination_type",
    "ap_mines_destroyed",
    "ap_improvised_destroyed",
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
