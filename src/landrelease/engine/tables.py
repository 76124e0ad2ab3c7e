"""Yearly flows and stocks from stage outcomes: national, by region, by contamination type.

Area counts as released in the year the stage that releases it finishes (not pro rata as it
is worked). Stocks are at year end: ``remaining(t) = remaining(t−1) + discovered(t) −
cancelled(t) − reduced(t) − cleared(t)``. An SHA leaves the SHA stock when its
non-technical survey ends; what survey did not cancel is then confirmed (CHA).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from landrelease.engine.items import WorkItems
from landrelease.engine.stages import StageOutcome

__all__ = [
    "FLOW_COLUMNS",
    "STOCK_COLUMNS",
    "finish_stocks",
    "flows_and_stocks",
    "grid_to_frame",
    "open_counts",
]

FLOW_COLUMNS = (
    "hazards_completed",
    "cancelled_area_m2",
    "reduced_area_m2",
    "cleared_area_m2",
    "released_area_m2",
    "discovered_area_m2",
)
DUST_M2 = 1e-4
"""Stocks below this (m²) are floating-point dust from summing flows, shown as zero."""
STOCK_COLUMNS = ("remaining_sha_area_m2", "remaining_cha_area_m2", "remaining_area_m2")


def _bin(
    year: np.ndarray,
    group: np.ndarray,
    weight: np.ndarray | None,
    mask: np.ndarray,
    n_years: int,
    n_groups: int,
) -> np.ndarray:
    """Sum ``weight`` into a (years × groups) grid where ``mask`` and the year is valid."""
    ok = mask & (year >= 0) & (year < n_years)
    flat = year[ok] * n_groups + group[ok]
    w = None if weight is None else weight[ok]
    return np.bincount(flat, weights=w, minlength=n_years * n_groups).reshape(n_years, n_groups)


def open_counts(
    items: WorkItems, outcome: StageOutcome, n_years: int, mask: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Items open at the end of each year, and items with work during each year.

    An item exists from its discovery year (baseline items from the start) and is closed at
    the end of its completion year. Exact integer counts, so completion is never decided by
    floating-point dust.
    """
    keep = np.ones(len(items), dtype=bool) if mask is None else mask
    start = np.maximum(items.discovered_year_index, 0)
    opened = np.bincount(start[keep & (start < n_years)], minlength=n_years).cumsum()
    done = outcome.done_year
    closed = np.bincount(done[keep & (done >= 0)], minlength=n_years).cumsum()
    open_end = opened - closed
    closed_before = np.concatenate(([0], closed[:-1]))
    active = (opened - closed_before) > 0
    return open_end, active


def flows_and_stocks(
    items: WorkItems, outcome: StageOutcome, group: np.ndarray, n_groups: int, years: np.ndarray
) -> np.ndarray:
    """A (years × groups × columns) array of :data:`FLOW_COLUMNS` then the raw stocks
    (remaining SHA and total), before :func:`finish_stocks`. Sums over groups stay exact
    flows and stocks of the merged groups."""
    n = len(years)
    everyone = np.ones(len(items), dtype=bool)
    completed = _bin(outcome.done_year, group, None, everyone, n, n_groups)
    cancelled = _bin(outcome.nts_year, group, outcome.cancelled_m2, outcome.nts_needed, n, n_groups)
    reduced = _bin(outcome.ts_year, group, outcome.reduced_m2, outcome.ts_needed, n, n_groups)
    cleared = _bin(
        outcome.clearance_year, group, outcome.cleared_m2, outcome.clearance_needed, n, n_groups
    )
    released = cancelled + reduced + cleared
    disc_mask = items.discovered_year_index >= 0
    discovered = _bin(items.discovered_year_index, group, items.area_m2, disc_mask, n, n_groups)
    sha_found = _bin(
        items.discovered_year_index, group, items.area_m2, disc_mask & items.is_sha, n, n_groups
    )
    sha_surveyed = _bin(outcome.nts_year, group, items.area_m2, outcome.nts_needed, n, n_groups)
    base = ~disc_mask
    start_total = np.bincount(group[base], weights=items.area_m2[base], minlength=n_groups)
    start_sha = np.bincount(
        group[base & items.is_sha], weights=items.area_m2[base & items.is_sha], minlength=n_groups
    )
    remaining = start_total + np.cumsum(discovered - released, axis=0)
    remaining_sha = start_sha + np.cumsum(sha_found - sha_surveyed, axis=0)
    return np.stack(
        [completed, cancelled, reduced, cleared, released, discovered, remaining_sha, remaining],
        axis=-1,
    )


def finish_stocks(raw: np.ndarray) -> np.ndarray:
    """Add the CHA stock and snap floating-point dust (below 1 cm²) to zero, so finished
    stocks read 0: the (years × groups × columns) grid of FLOW_COLUMNS + STOCK_COLUMNS."""
    flows, remaining_sha, remaining = raw[..., :6], raw[..., 6], raw[..., 7]
    remaining = np.where(remaining < DUST_M2, 0.0, remaining)
    remaining_sha = np.clip(np.where(remaining_sha < DUST_M2, 0.0, remaining_sha), 0.0, remaining)
    stocks = np.stack([remaining_sha, remaining - remaining_sha, remaining], axis=-1)
    return np.concatenate([flows, stocks], axis=-1)


def grid_to_frame(
    grid: np.ndarray, years: np.ndarray, key: str | None, labels: tuple[str, ...]
) -> pd.DataFrame:
    """Long table: one row per year (and group) with the flow and stock columns."""
    n_years, n_groups, _ = grid.shape
    data: dict[str, object] = {"year": np.repeat(years, n_groups)}
    if key is not None:
        data[key] = np.tile(np.array(labels, dtype=object), n_years)
    for i, col in enumerate(FLOW_COLUMNS + STOCK_COLUMNS):
        values = grid[:, :, i].reshape(-1)
        data[col] = values.astype(np.int64) if col == "hazards_completed" else values
    return pd.DataFrame(data)
