"""Yearly flows and stocks from stage outcomes: national, by region, by contamination type.

Area is released as it is worked: each year, the share of a stage's work done on an area
releases the same share of what that stage releases (cancelled during non-technical survey,
reduced during technical survey, cleared during clearance), the rest in the year the stage
finishes. Stocks are at year end: ``remaining(t) = remaining(t−1) + discovered(t) −
cancelled(t) − reduced(t) − cleared(t) − residual_released(t)``, where the residual capacity
releases, in the year they are found, the finds after completion (:mod:`.completion`). An SHA
leaves the SHA stock in the same way, as its non-technical survey proceeds; what survey does
not cancel is then confirmed (CHA). ``remaining_inaccessible_area_m2`` is the part of the
remaining area in areas the baseline gives as inaccessible.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from landrelease.engine.items import WorkItems
from landrelease.engine.kernels import release_by_year
from landrelease.engine.stages import StageOutcome, StageWork

__all__ = [
    "FLOW_COLUMNS",
    "STOCK_COLUMNS",
    "WORK_COLUMNS",
    "finish_stocks",
    "flows_and_stocks",
    "grid_to_frame",
    "open_counts",
    "region_type_frame",
]

FLOW_COLUMNS = (
    "hazards_completed",
    "cancelled_area_m2",
    "reduced_area_m2",
    "cleared_area_m2",
    "released_area_m2",
    "discovered_area_m2",
    "residual_released_area_m2",
)
DUST_M2 = 1e-4
"""Stocks below this (m²) are floating-point dust from summing flows, shown as zero."""
STOCK_COLUMNS = (
    "remaining_sha_area_m2",
    "remaining_cha_area_m2",
    "remaining_area_m2",
    "remaining_inaccessible_area_m2",
)
_N_FLOWS = len(FLOW_COLUMNS)
WORK_COLUMNS = ("nts_team_years", "ts_team_years", "clearance_work_m2")
"""Work done in each stage during the year: NTS and TS in team-years, clearance in m² on
factory-made AP mines (m² cleared ÷ type factor)."""


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
    found, done = items.discovered_year_index, outcome.done_year
    if mask is not None:
        found, done = found[mask], done[mask]
    # counts by year index + 1: bin 0 holds the baseline items (found -1, open from the
    # start) and the items never done (done -1); a forecast calls this for every draw
    opened = np.bincount(found + 1, minlength=n_years + 1)[: n_years + 1].cumsum()[1:]
    closed = np.bincount(done + 1, minlength=n_years + 1)[: n_years + 1]
    closed[0] = 0
    closed = closed.cumsum()  # closed[y + 1]: closed by the end of year y
    return opened - closed[1:], (opened - closed[:-1]) > 0


def _released(
    amount: np.ndarray,
    stage: StageWork,
    year: np.ndarray,
    needed: np.ndarray,
    group: np.ndarray,
    n_groups: int,
) -> np.ndarray:
    """(years × groups) m² of ``amount`` (or of each row of a 2-D ``amount``) released by
    ``stage`` as it is worked."""
    return release_by_year(
        np.where(needed, amount, 0.0),
        stage.start_level,
        stage.work,
        year,
        stage.levels,
        group,
        n_groups,
    )


def flows_and_stocks(
    items: WorkItems,
    outcome: StageOutcome,
    group: np.ndarray,
    n_groups: int,
    years: np.ndarray,
    residual: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """A (years × groups × columns) array of :data:`FLOW_COLUMNS` then the raw stocks
    (remaining SHA, total and inaccessible), before :func:`finish_stocks`, and a (years ×
    groups × 3) array of the work done in each stage (:data:`WORK_COLUMNS`). Sums over
    groups stay exact flows and stocks of the merged groups. ``residual`` marks the items the
    residual capacity releases in the year they are found (none by default)."""
    n = len(years)
    o = outcome
    residual = np.zeros(len(items), dtype=bool) if residual is None else residual
    locked = items.inaccessible
    completed = _bin(o.done_year, group, None, ~residual, n, n_groups)
    cancelled, sha_surveyed, cancelled_locked, nts_work = _released(
        np.stack(
            [o.cancelled_m2, items.area_m2, np.where(locked, o.cancelled_m2, 0.0), o.nts.work]
        ),
        o.nts,
        o.nts_year,
        o.nts_needed,
        group,
        n_groups,
    )
    reduced, reduced_locked, ts_work = _released(
        np.stack([o.reduced_m2, np.where(locked, o.reduced_m2, 0.0), o.ts.work]),
        o.ts,
        o.ts_year,
        o.ts_needed,
        group,
        n_groups,
    )
    cleared, cleared_locked, clearance_work = _released(
        np.stack([o.cleared_m2, np.where(locked, o.cleared_m2, 0.0), o.clearance.work]),
        o.clearance,
        o.clearance_year,
        o.clearance_needed,
        group,
        n_groups,
    )
    released = cancelled + reduced + cleared
    found_year, area = items.discovered_year_index, items.area_m2
    disc_mask = found_year >= 0
    discovered = _bin(found_year, group, area, disc_mask, n, n_groups)
    sha_found = _bin(found_year, group, area, disc_mask & items.is_sha, n, n_groups)
    residual_released = _bin(found_year, group, area, disc_mask & residual, n, n_groups)
    residual_sha = _bin(found_year, group, area, disc_mask & residual & items.is_sha, n, n_groups)
    base = ~disc_mask

    def at_start(mask: np.ndarray) -> np.ndarray:
        return np.bincount(group[mask], weights=area[mask], minlength=n_groups)

    remaining = at_start(base) + np.cumsum(discovered - released - residual_released, axis=0)
    remaining_sha = at_start(base & items.is_sha) + np.cumsum(
        sha_found - sha_surveyed - residual_sha, axis=0
    )
    remaining_locked = at_start(base & locked) - np.cumsum(
        cancelled_locked + reduced_locked + cleared_locked, axis=0
    )
    flows = np.stack(
        [
            completed,
            cancelled,
            reduced,
            cleared,
            released,
            discovered,
            residual_released,
            remaining_sha,
            remaining,
            remaining_locked,
        ],
        axis=-1,
    )
    return flows, np.stack([nts_work, ts_work, clearance_work], axis=-1)


def finish_stocks(raw: np.ndarray) -> np.ndarray:
    """Add the CHA stock and snap floating-point dust (below 1 cm²) to zero, so finished
    stocks read 0: the (years × groups × columns) grid of FLOW_COLUMNS + STOCK_COLUMNS."""
    flows = raw[..., :_N_FLOWS]
    remaining_sha, remaining, locked = (raw[..., _N_FLOWS + i] for i in range(3))
    remaining = np.where(remaining < DUST_M2, 0.0, remaining)
    remaining_sha = np.clip(np.where(remaining_sha < DUST_M2, 0.0, remaining_sha), 0.0, remaining)
    locked = np.clip(np.where(locked < DUST_M2, 0.0, locked), 0.0, remaining)
    stocks = np.stack([remaining_sha, remaining - remaining_sha, remaining, locked], axis=-1)
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


def region_type_frame(
    grid: np.ndarray,
    years: np.ndarray,
    regions: tuple[str, ...],
    types: tuple[str, ...],
) -> pd.DataFrame:
    """Long table of a finished (years × regions × types × columns) grid: one row per year,
    region and contamination type that holds or found any area."""
    n_years, n_regions, n_types, _ = grid.shape
    frame = grid_to_frame(
        grid.reshape(n_years, n_regions * n_types, -1),
        years,
        "region",
        tuple(np.repeat(regions, n_types)),
    )
    frame.insert(
        2, "contamination_type", np.tile(np.array(types, dtype=object), n_years * n_regions)
    )
    cols = list(FLOW_COLUMNS + STOCK_COLUMNS)
    seen = (
        frame.groupby(["region", "contamination_type"])[cols].transform("sum").abs().sum(axis=1) > 0
    )
    return frame[seen.to_numpy()].reset_index(drop=True)
