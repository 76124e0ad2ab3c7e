"""Compiled (numba) completion for the forecast's many draws:
:func:`complete_compiled` is :func:`landrelease.engine.completion.complete` (same arguments,
same result), the reference it is tested against (tests/forecast/test_compiled.py).

Why compiled: completion counts the areas open at each year's end three times per run of
the stages (the Article 5 scope, the whole plan, the accessible Article 5 scope), sums the
finds by year twice and takes the finds after completion out of the outcome; the engine
does each with masked copies and bincounts over every area. At 100,000 areas that was
about a fifth of a draw (issue 11 item 8). Here each count is one pass over the areas
without copies, and the areas set aside are cleared in place in the outcome that ``run``
has just made (a fresh outcome no one else holds). The sums add the same numbers in the
same order as ``np.bincount``, so the results are the engine's to the last bit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np
from numba import njit

from landrelease.engine.completion import PlanEnd, completion_index, overrun_years
from landrelease.engine.items import AP_TYPES, WorkItems
from landrelease.engine.stages import StageOutcome
from landrelease.scenario.model import TYPES

__all__ = ["complete_compiled", "open_at_year_end"]

_IS_AP = np.array([t in AP_TYPES for t in TYPES])
"""Per contamination type code, whether it is AP-mined."""


@njit(cache=True, nogil=True)
def _open_counts(
    found: np.ndarray, done: np.ndarray, mask: np.ndarray, n_years: int
) -> tuple[np.ndarray, np.ndarray]:  # pragma: no cover - compiled
    """:func:`~landrelease.engine.tables.open_counts` of the items in ``mask``: items open
    at the end of each year, and whether some item is open during each year."""
    opened = np.zeros(n_years + 1, dtype=np.int64)
    closed = np.zeros(n_years + 1, dtype=np.int64)
    for i in range(len(found)):
        if mask[i]:
            f = found[i] + 1  # bin 0: baseline items, open from the start
            if f <= n_years:
                opened[f] += 1
            d = done[i] + 1  # bin 0: never done
            if 0 < d <= n_years:
                closed[d] += 1
    open_end = np.empty(n_years, dtype=np.int64)
    active = np.empty(n_years, dtype=np.bool_)
    o = opened[0]
    c = 0
    for y in range(n_years):
        o += opened[y + 1]
        active[y] = o - c > 0  # closed by the end of the year before
        c += closed[y + 1]
        open_end[y] = o - c
    return open_end, active


@njit(cache=True, nogil=True)
def _finds(
    found: np.ndarray, area: np.ndarray, mask: np.ndarray, n_years: int
) -> np.ndarray:  # pragma: no cover - compiled
    """:func:`~landrelease.engine.completion.finds_by_year`: m² of the items in ``mask``
    found in each year, added in item order as ``np.bincount`` adds them."""
    out = np.zeros(n_years)
    for i in range(len(found)):
        y = found[i]
        if mask[i] and 0 <= y < n_years:
            out[y] += area[i]
    return out


@njit(cache=True, nogil=True)
def _drop(
    drop: np.ndarray,
    needed: tuple[np.ndarray, np.ndarray, np.ndarray],
    year: tuple[np.ndarray, np.ndarray, np.ndarray],
    start: tuple[np.ndarray, np.ndarray, np.ndarray],
    done: np.ndarray,
) -> None:  # pragma: no cover - compiled
    """:func:`~landrelease.engine.completion.without_items`, in place."""
    for i in range(len(drop)):
        if drop[i]:
            for s in range(3):
                needed[s][i] = False
                year[s][i] = -1
                start[s][i] = np.nan
            done[i] = -1


def _without(outcome: StageOutcome, drop: np.ndarray) -> StageOutcome:
    """The outcome with the items in ``drop`` taken out of the plan, cleared in place."""
    if drop.any():
        _drop(
            drop,
            (outcome.nts_needed, outcome.ts_needed, outcome.clearance_needed),
            (outcome.nts_year, outcome.ts_year, outcome.clearance_year),
            (outcome.nts.start_level, outcome.ts.start_level, outcome.clearance.start_level),
            outcome.done_year,
        )
    return outcome


def open_at_year_end(
    items: WorkItems, outcome: StageOutcome, n_years: int, mask: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`~landrelease.engine.tables.open_counts` (with a mask), compiled."""
    return _open_counts(items.discovered_year_index, outcome.done_year, mask, n_years)


def complete_compiled(
    items: WorkItems,
    run: Callable[[WorkItems], StageOutcome],
    years: np.ndarray,
    residual_m2_per_year: float,
) -> tuple[StageOutcome, PlanEnd]:
    """:func:`~landrelease.engine.completion.complete` (same arguments and result); ``run``
    must return a fresh outcome each call (the finds after completion are cleared in it)."""
    n = len(years)
    found = items.discovered_year_index
    ap = _IS_AP[np.asarray(items.type_code, dtype=np.int64)]
    outcome = run(items)
    ap_open, _ = _open_counts(found, outcome.done_year, ap, n)
    ap_finds = _finds(found, items.area_m2, ap, n)
    ap_index = completion_index(ap_open, ap_finds, residual_m2_per_year)
    residual = np.zeros(len(items), dtype=bool)
    if ap_index is not None:
        residual = ap & (found > ap_index)
        later = np.isfinite(items.available_time) & (items.available_time > ap_index) & ~residual
        if residual.any() and later.any():
            held = np.where(residual, np.inf, items.available_time)
            outcome = run(replace(items, available_time=held))
        outcome = _without(outcome, residual)
    open_all, _ = _open_counts(found, outcome.done_year, ~residual, n)
    every = np.ones(len(items), dtype=bool)
    all_index = completion_index(
        open_all, _finds(found, items.area_m2, every, n), residual_m2_per_year
    )
    if all_index is not None:
        residual |= found > all_index
        outcome = _without(outcome, residual)
    reachable, _ = _open_counts(found, outcome.done_year, ap & ~items.inaccessible & ~residual, n)
    overrun = overrun_years(ap_open, ap_finds, residual_m2_per_year, ap_index)
    return outcome, PlanEnd(
        article5_index=ap_index,
        all_index=all_index,
        residual=residual,
        accessible_article5_index=completion_index(reachable, ap_finds, residual_m2_per_year),
        overrun=tuple(int(i) for i in overrun),
    )
