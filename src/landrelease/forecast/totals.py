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
def _release_one(
    out: np.ndarray, g: int, a: float, s: float, w: float, fin: int, levels: np.ndarray
) -> None:  # pragma: no cover - compiled
    """Add to ``out`` the m² ``a`` (> 0) of one area of group ``g`` released as its work
    ``w`` (finite, > 0) is done from level ``s`` (finite) on, finished in year ``fin``."""
    n = len(levels)
    yf = fin if fin >= 0 else n
    # most areas start and finish within one year: ys >= yf exactly when the level of
    # the year before yf is already reached at the start (levels are sorted), so the
    # count below is needed only for the few areas worked over a year's end
    if yf == 0 or levels[yf - 1] <= s:
        if fin >= 0:
            out[yf, g] += a
        return
    # ys = searchsorted(levels, s, "right"), counted: a few dozen year ends, and a count
    # without branches is several times faster than a binary search here
    ys = 0
    for y in range(n):
        ys += levels[y] <= s
    if ys >= yf:
        if fin >= 0:
            out[yf, g] += a
        return
    rate = a / w
    out[ys, g] += rate * (min(levels[ys], s + w) - s)
    for y in range(ys + 1, yf):
        out[y, g] += rate * (levels[y] - levels[y - 1])
    if fin >= 0:
        before = min(levels[max(yf - 1, 0)] - s, w)
        out[yf, g] += max(a - rate * before, 0.0)


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
    """Add to ``out`` ((years + 1) × groups) the m² of ``amount`` released by one stage as
    it is worked (:func:`~landrelease.engine.kernels.release_by_year`), area after area
    (:func:`_release_one`); the last row is not a year (see below)."""
    n = len(levels)
    if n == 0:
        return
    ordered = True  # no level is NaN (never, from the engine)
    for y in range(n):
        ordered &= not np.isnan(levels[y])
    n_groups = np.uint64(out.shape[1])
    flat = out.reshape(-1)
    for i in range(len(amount)):
        a, s, w, fin = amount[i], start_level[i], work[i], finish_year[i]
        released = needed[i] & (w > 0) & np.isfinite(w) & np.isfinite(s) & (a > 0)
        yf = fin if fin >= 0 else n
        # The areas started and finished within one year (_release_one's first case)
        # without a branch on whether an area releases anything, which a stage needed by
        # about half the areas at random would mispredict: + 0.0 to a sum of positive m²
        # leaves it as it is, and an area not finished adds to the last row, left out.
        # "not >" takes NaN starts (areas never worked on) this way too.
        if (yf == 0) | (ordered & (not (levels[max(yf - 1, 0)] > s))):
            flat[np.uint64(yf) * n_groups + np.uint64(group[i])] += a if released else 0.0
        elif released:
            _release_one(out, group[i], a, s, w, fin, levels)


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
    """National and regional totals from ``released`` (3 methods × (years + 1) × groups,
    groups region × Article 5 scope; the last year row is left out) and the areas'
    discovery years (-1: baseline), areas and whether the residual capacity releases them."""
    n_years, n_groups = released.shape[1] - 1, released.shape[2]
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


_Stage = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]
"""One stage's arguments of :func:`_release` (see :func:`_stage`)."""


@njit(cache=CACHE, nogil=True, error_model="numpy")
def _yearly(
    nts: _Stage,
    ts: _Stage,
    clearance: _Stage,
    group: np.ndarray,
    found_year: np.ndarray,
    area: np.ndarray,
    residual: np.ndarray,
    n_regions: int,
    n_years: int,
) -> tuple[np.ndarray, np.ndarray]:  # pragma: no cover - compiled
    """:func:`_release` of each stage, then :func:`_totals`: one compiled call a draw
    (``n_years``: the length of each stage's levels)."""
    released = np.zeros((3, n_years + 1, 2 * n_regions))
    _release(released[0], *nts, group)
    _release(released[1], *ts, group)
    _release(released[2], *clearance, group)
    return _totals(released, found_year, area, residual, group, n_regions)


_GROUPS: KeptForArrays[np.ndarray] = KeptForArrays(
    lambda region, ap: (region * 2 + ap).astype(np.int32)
)
"""Each item's group, region × Article 5 scope (``region * 2 + is_ap``), kept for the last
items' arrays (every draw of a case has the same); 32-bit: the three stages and the
totals each read it once a draw (2-8% faster than 64-bit)."""


def _stage(amount: np.ndarray, needed: np.ndarray, work: StageWork, year: np.ndarray) -> _Stage:
    """The arguments of :func:`_release` for one stage: the m² it releases, whether it is
    needed, its start levels, its work, its finish years, its levels."""
    return amount, needed, work.start_level, work.work, year, work.levels


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
    o = outcome
    return _yearly(
        _stage(o.cancelled_m2, o.nts_needed, o.nts, o.nts_year),
        _stage(o.reduced_m2, o.ts_needed, o.ts, o.ts_year),
        _stage(o.cleared_m2, o.clearance_needed, o.clearance, o.clearance_year),
        _GROUPS.get(items.region_code, is_ap),
        items.discovered_year_index,
        items.area_m2,
        np.asarray(residual, dtype=np.bool_),
        len(items.regions),
        n_years,
    )
