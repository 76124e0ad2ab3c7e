"""What a forecast keeps of one draw: yearly national and regional totals, compiled (numba)
in one pass over the areas; the engine's :func:`~landrelease.engine.tables.flows_and_stocks`
and :func:`~landrelease.engine.tables.finish_stocks` are the reference they are tested
against (tests/forecast/test_compiled.py).

The engine builds a table by region × contamination type with every flow and stock column;
a draw needs only seven national series and two regional ones, so this sums by region ×
Article 5 scope, releasing area as it is worked (:mod:`landrelease.engine.tables`), with
the same formulas: the stock at year end is the stock at the start plus the cumulative sum
of discovered − released − released by the residual capacity, and stocks below
:data:`~landrelease.engine.tables.DUST_M2` are zero.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from landrelease.engine.items import WorkItems
from landrelease.engine.stages import StageOutcome, StageWork
from landrelease.engine.tables import DUST_M2
from landrelease.forecast.jit import CACHE
from landrelease.forecast.kept import KeptForArrays

__all__ = ["NATIONAL_COLUMNS", "REGIONAL_COLUMNS", "yearly_totals"]

NATIONAL_COLUMNS = (
    "cancelled_area_m2",
    "reduced_area_m2",
    "cleared_area_m2",
    "released_area_m2",
    "discovered_area_m2",
    "remaining_area_m2",
    "article5_remaining_area_m2",
)
"""Columns of :func:`yearly_totals`' national array: five flows (during the year), then two
stocks (year end)."""
REGIONAL_COLUMNS = ("remaining_area_m2", "released_area_m2")
"""Columns of :func:`yearly_totals`' regional array."""


@njit(cache=CACHE, nogil=True, error_model="numpy")
def _release(
    out: np.ndarray,
    amount: np.ndarray,
    needed: np.ndarray,
    start_level: np.ndarray,
    work: np.ndarray,
    finish_year: np.ndarray,
    levels: np.ndarray,
    group: np.ndarray,
) -> None:  # pragma: no cover - compiled
    """Add to ``out`` (years × groups) the m² of ``amount`` released by one stage as it is
    worked (:func:`~landrelease.engine.kernels.release_by_year`)."""
    n = len(levels)
    for i in range(len(amount)):
        a = amount[i] if needed[i] else 0.0
        s, w, fin = start_level[i], work[i], finish_year[i]
        if not (w > 0 and np.isfinite(w) and np.isfinite(s) and a > 0):
            continue
        g = group[i]
        yf = fin if fin >= 0 else n
        # most areas start and finish within one year: ys >= yf exactly when the level of
        # the year before yf is already reached at the start (levels are sorted), so the
        # count below is needed only for the few areas worked over a year's end
        if yf == 0 or levels[yf - 1] <= s:
            if fin >= 0:
                out[yf, g] += a
            continue
        # ys = searchsorted(levels, s, "right"), counted: a few dozen year ends, and a
        # count without branches is several times faster than a binary search here
        ys = 0
        for y in range(n):
            ys += levels[y] <= s
        if ys >= yf:
            if fin >= 0:
                out[yf, g] += a
            continue
        rate = a / w
        out[ys, g] += rate * (min(levels[ys], s + w) - s)
        for y in range(ys + 1, yf):
            out[y, g] += rate * (levels[y] - levels[y - 1])
        if fin >= 0:
            before = min(levels[max(yf - 1, 0)] - s, w)
            out[yf, g] += max(a - rate * before, 0.0)


@njit(cache=CACHE, nogil=True, error_model="numpy")
def _snap(stock: float) -> float:  # pragma: no cover - compiled
    return 0.0 if stock < DUST_M2 else stock


@njit(cache=CACHE, nogil=True, error_model="numpy")
def _totals(
    released: np.ndarray,
    found_year: np.ndarray,
    area: np.ndarray,
    residual: np.ndarray,
    group: np.ndarray,
    n_regions: int,
) -> tuple[np.ndarray, np.ndarray]:  # pragma: no cover - compiled
    """National and regional totals from ``released`` (3 methods × years × groups, groups
    region × Article 5 scope) and the areas' discovery years (-1: baseline), areas and
    whether the residual capacity releases them."""
    n_years, n_groups = released.shape[1], released.shape[2]
    discovered = np.zeros((n_years, n_groups))
    gone = np.zeros((n_years, n_groups))
    at_start = np.zeros(n_groups)
    for i in range(len(area)):
        y, g = found_year[i], group[i]
        if y < 0:
            at_start[g] += area[i]
        elif y < n_years:
            discovered[y, g] += area[i]
            if residual[i]:
                gone[y, g] += area[i]
    national = np.zeros((n_years, 7))
    regional = np.zeros((n_years, n_regions, 2))
    running = np.zeros(n_groups)
    for y in range(n_years):
        remaining_all = 0.0
        remaining_ap = 0.0
        for g in range(n_groups):
            out = released[0, y, g] + released[1, y, g] + released[2, y, g]
            running[g] += discovered[y, g] - out - gone[y, g]
            remaining = at_start[g] + running[g]
            for k in range(3):
                national[y, k] += released[k, y, g]
            national[y, 3] += out
            national[y, 4] += discovered[y, g]
            remaining_all += remaining
            if g % 2 == 1:
                remaining_ap += remaining
            regional[y, g // 2, 0] += remaining
            regional[y, g // 2, 1] += out
        national[y, 5] = _snap(remaining_all)
        national[y, 6] = _snap(remaining_ap)
        for r in range(n_regions):
            regional[y, r, 0] = _snap(regional[y, r, 0])
    return national, regional


_Stage = tuple[np.ndarray, np.ndarray, StageWork, np.ndarray]

_GROUPS: KeptForArrays[np.ndarray] = KeptForArrays(lambda region, ap: region * 2 + ap)
"""Each item's group, region × Article 5 scope (``region * 2 + is_ap``), kept for the last
items' arrays (every draw of a case has the same)."""


def _stages(outcome: StageOutcome) -> tuple[_Stage, _Stage, _Stage]:
    """Per stage: the m² it releases, whether it is needed, its work, its finish year."""
    return (
        (outcome.cancelled_m2, outcome.nts_needed, outcome.nts, outcome.nts_year),
        (outcome.reduced_m2, outcome.ts_needed, outcome.ts, outcome.ts_year),
        (outcome.cleared_m2, outcome.clearance_needed, outcome.clearance, outcome.clearance_year),
    )


def yearly_totals(
    items: WorkItems,
    outcome: StageOutcome,
    residual: np.ndarray,
    is_ap: np.ndarray,
    n_years: int,
) -> tuple[np.ndarray, np.ndarray]:
    """The yearly flows and stocks a forecast keeps of one draw, as
    :func:`~landrelease.engine.tables.flows_and_stocks` and
    :func:`~landrelease.engine.tables.finish_stocks` give them, summed over fewer groups
    (region × Article 5 scope instead of region × type).

    Parameters
    ----------
    items, outcome : the draw's work items and their stage outcome.
    residual : per item, whether the residual capacity releases it (in the year found).
    is_ap : per item, whether it is in the Article 5 scope (AP-mined).
    n_years : years of the horizon.

    Returns
    -------
    national : (years × 7) m², :data:`NATIONAL_COLUMNS`.
    regional : (years × regions × 2) m², :data:`REGIONAL_COLUMNS`.
    """
    n_regions = len(items.regions)
    group = _GROUPS.get(items.region_code, is_ap)
    released = np.zeros((3, n_years, 2 * n_regions))
    for k, (amount, needed, stage, year) in enumerate(_stages(outcome)):
        _release(
            released[k], amount, needed, stage.start_level, stage.work, year, stage.levels, group
        )
    return _totals(
        released,
        items.discovered_year_index,
        items.area_m2,
        np.asarray(residual, dtype=np.bool_),
        group,
        n_regions,
    )
