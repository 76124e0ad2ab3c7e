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

from landrelease.engine.capacity import STAGES
from landrelease.engine.completion import FIT_RTOL, PlanEnd
from landrelease.engine.items import AP_TYPES, WorkItems
from landrelease.engine.stages import StageOutcome
from landrelease.forecast.jit import CACHE
from landrelease.scenario.model import TYPES

__all__ = ["complete_compiled", "open_at_year_end", "stage_ends_compiled"]

_IS_AP = np.array([t in AP_TYPES for t in TYPES])
"""Per contamination type code, whether it is AP-mined."""
_LANES = 4
"""Interleaved tallies in :func:`_open_counts`."""


@njit(cache=CACHE, nogil=True)
def _open_counts(
    found: np.ndarray, done: np.ndarray, mask: np.ndarray, n_years: int
) -> tuple[np.ndarray, np.ndarray]:  # pragma: no cover - compiled
    """:func:`~landrelease.engine.tables.open_counts` of the items in ``mask``: items open
    at the end of each year, and whether some item is open during each year."""
    # four interleaved tallies: neighbouring items often fall in the same year, and one
    # tally would make each count wait for the previous one (exact integer sums)
    opened = np.zeros((_LANES, n_years + 1), dtype=np.int64)
    closed = np.zeros((_LANES, n_years + 1), dtype=np.int64)
    for i in range(len(found)):
        if mask[i]:
            lane = i % _LANES
            f = found[i] + 1  # bin 0: baseline items, open from the start
            if f <= n_years:
                opened[lane, f] += 1
            d = done[i] + 1  # bin 0: never done
            if 0 < d <= n_years:
                closed[lane, d] += 1
    open_end = np.empty(n_years, dtype=np.int64)
    active = np.empty(n_years, dtype=np.bool_)
    o = 0
    for lane in range(_LANES):
        o += opened[lane, 0]
    c = 0
    for y in range(n_years):
        for lane in range(_LANES):
            o += opened[lane, y + 1]
        active[y] = o - c > 0  # closed by the end of the year before
        for lane in range(_LANES):
            c += closed[lane, y + 1]
        open_end[y] = o - c
    return open_end, active


@njit(cache=CACHE, nogil=True)
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


@njit(cache=CACHE, nogil=True)
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


@njit(cache=CACHE, nogil=True)
def _over(finds_m2: float, capacity_m2: float) -> bool:  # pragma: no cover - compiled
    """As :func:`landrelease.engine.completion._over`, for one year."""
    return finds_m2 > capacity_m2 + FIT_RTOL * max(capacity_m2, 1.0)


@njit(cache=CACHE, nogil=True)
def _completion_index(
    open_end: np.ndarray, finds_m2: np.ndarray, capacity_m2: float
) -> int:  # pragma: no cover - compiled
    """:func:`~landrelease.engine.completion.completion_index`, ``-1`` for ``None``."""
    n = len(open_end)
    fits_after = np.empty(n, dtype=np.bool_)
    over_later = False  # some year after y overruns
    for y in range(n - 1, -1, -1):
        fits_after[y] = not over_later
        over_later = over_later or _over(finds_m2[y], capacity_m2)
    for y in range(n):
        if open_end[y] == 0 and fits_after[y]:
            return y
    return -1


@njit(cache=CACHE, nogil=True)
def _overrun_years(
    open_end: np.ndarray, finds_m2: np.ndarray, capacity_m2: float, done: int
) -> np.ndarray:  # pragma: no cover - compiled
    """:func:`~landrelease.engine.completion.overrun_years` (``done`` -1 for ``None``)."""
    n = len(open_end)
    zero = -1
    for y in range(n):
        if open_end[y] == 0:
            zero = y
            break
    out = np.empty(n, dtype=np.int64)
    k = 0
    if zero >= 0:
        last = n - 1 if done < 0 else done
        for y in range(zero + 1, last + 1):
            if _over(finds_m2[y], capacity_m2):
                out[k] = y
                k += 1
    return out[:k]


@njit(cache=CACHE, nogil=True)
def _article5(
    found: np.ndarray,
    done: np.ndarray,
    type_code: np.ndarray,
    is_ap_type: np.ndarray,
    area: np.ndarray,
    n_years: int,
    capacity_m2: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:  # pragma: no cover - compiled
    """The Article 5 scope (AP-mined items), its open counts, its finds by year and its
    completion index (-1: none)."""
    ap = np.empty(len(found), dtype=np.bool_)
    for i in range(len(found)):
        ap[i] = is_ap_type[type_code[i]]
    ap_open, _ = _open_counts(found, done, ap, n_years)
    ap_finds = _finds(found, area, ap, n_years)
    return ap, ap_open, ap_finds, _completion_index(ap_open, ap_finds, capacity_m2)


@njit(cache=CACHE, nogil=True)
def _whole_plan(
    found: np.ndarray,
    ap: np.ndarray,
    inaccessible: np.ndarray,
    area: np.ndarray,
    residual: np.ndarray,
    n_years: int,
    capacity_m2: float,
    needed: tuple[np.ndarray, np.ndarray, np.ndarray],
    year: tuple[np.ndarray, np.ndarray, np.ndarray],
    start: tuple[np.ndarray, np.ndarray, np.ndarray],
    done: np.ndarray,
) -> tuple[int, np.ndarray]:  # pragma: no cover - compiled
    """The whole plan's completion index (-1: none), with every find after it added to
    ``residual`` and taken out of the outcome (in place); and the open counts of the
    accessible Article 5 scope."""
    n = len(found)
    mask = np.empty(n, dtype=np.bool_)
    for i in range(n):
        mask[i] = not residual[i]
    open_all, _ = _open_counts(found, done, mask, n_years)
    mask[:] = True
    all_index = _completion_index(open_all, _finds(found, area, mask, n_years), capacity_m2)
    if all_index >= 0:
        for i in range(n):
            if found[i] > all_index:
                residual[i] = True
        _drop(residual, needed, year, start, done)
    for i in range(n):
        mask[i] = ap[i] and not inaccessible[i] and not residual[i]
    reachable, _ = _open_counts(found, done, mask, n_years)
    return all_index, reachable


def _parts(
    outcome: StageOutcome,
) -> tuple[
    tuple[np.ndarray, np.ndarray, np.ndarray],
    tuple[np.ndarray, np.ndarray, np.ndarray],
    tuple[np.ndarray, np.ndarray, np.ndarray],
    np.ndarray,
]:
    """The outcome's arrays that taking items out of the plan clears."""
    return (
        (outcome.nts_needed, outcome.ts_needed, outcome.clearance_needed),
        (outcome.nts_year, outcome.ts_year, outcome.clearance_year),
        (outcome.nts.start_level, outcome.ts.start_level, outcome.clearance.start_level),
        outcome.done_year,
    )


def open_at_year_end(
    items: WorkItems, outcome: StageOutcome, n_years: int, mask: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`~landrelease.engine.tables.open_counts` (with a mask), compiled."""
    return _open_counts(items.discovered_year_index, outcome.done_year, mask, n_years)


def _index(value: int) -> int | None:
    return None if value < 0 else int(value)


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
    capacity = float(residual_m2_per_year)
    outcome = run(items)
    ap, ap_open, ap_finds, ap_index = _article5(
        found,
        outcome.done_year,
        np.asarray(items.type_code, dtype=np.int64),
        _IS_AP,
        items.area_m2,
        n,
        capacity,
    )
    residual = np.zeros(len(items), dtype=bool)
    if ap_index >= 0:
        residual = ap & (found > ap_index)
        if residual.any():
            later = np.isfinite(items.available_time) & (items.available_time > ap_index)
            if (later & ~residual).any():
                held = np.where(residual, np.inf, items.available_time)
                outcome = run(replace(items, available_time=held))
            _drop(residual, *_parts(outcome))
    all_index, reachable = _whole_plan(
        found,
        ap,
        np.asarray(items.inaccessible, dtype=np.bool_),
        items.area_m2,
        residual,
        n,
        capacity,
        *_parts(outcome),
    )
    return outcome, PlanEnd(
        article5_index=_index(ap_index),
        all_index=_index(all_index),
        residual=residual,
        accessible_article5_index=_index(_completion_index(reachable, ap_finds, capacity)),
        overrun=tuple(int(i) for i in _overrun_years(ap_open, ap_finds, capacity, ap_index)),
    )


@njit(cache=CACHE, nogil=True)
def _stage_ends(
    available: np.ndarray,
    needed: tuple[np.ndarray, np.ndarray, np.ndarray],
    year: tuple[np.ndarray, np.ndarray, np.ndarray],
    n_years: int,
) -> np.ndarray:  # pragma: no cover - compiled
    """:func:`~landrelease.engine.costs.stage_ends` per stage (NTS, TS, clearance)."""
    out = np.empty(3, dtype=np.int64)
    for s in range(3):
        need, finish = needed[s], year[s]
        last = -1
        for i in range(len(available)):
            if need[i] and np.isfinite(available[i]):
                y = finish[i]
                if y < 0:  # an area that needs the stage is not finished
                    last = n_years - 1
                    break
                last = max(last, y)
        out[s] = last
    return out


def stage_ends_compiled(items: WorkItems, outcome: StageOutcome, n_years: int) -> dict[str, int]:
    """:func:`~landrelease.engine.costs.stage_ends` (same arguments and result), compiled."""
    needed, year, _, _ = _parts(outcome)
    ends = _stage_ends(items.available_time, needed, year, n_years)
    return {stage: int(e) for stage, e in zip(STAGES, ends, strict=True)}
