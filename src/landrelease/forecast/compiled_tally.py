"""One compiled pass over the areas that counts everything the completion of a stage outcome
asks of it (:mod:`.compiled_completion`): the open-area counts of every scope, the finds by
year and each stage's last year of work, before and after the finds the residual capacity
releases are taken out of the plan.

Why: the completion counts the areas open at each year's end for three scopes (the Article
5 scope, the whole plan without the Article 5 residual, the accessible Article 5 scope), a
draw counts them once more for its kept years, and each deploy pass asks for the stages'
last years of work: one pass over every area each, six at 100,000 areas (issue 11 item 8).
Every one of those scopes is a class of area (Article 5 scope or not, accessible or not)
whose finds up to a year stay in it (the residual capacity takes the finds after a
completion year). So one pass tallies the areas by class, year found and year done (a few
thousand integer counts), and each scope's counts are sums of that table: the same integer
counts as a pass over its areas. The finds are summed in the pass in item order, as
``np.bincount`` adds them; the stages' last years are maxima, whatever the order.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from landrelease.engine.items import AP_TYPES
from landrelease.forecast.jit import CACHE
from landrelease.scenario.model import TYPES

__all__ = [
    "ALL_FOUND",
    "GATHER_APART_FROM",
    "IS_AP_TYPE",
    "NONE_FOUND",
    "Tally",
    "back_and_tally",
    "back_in_one_pass",
    "back_stage_by_stage",
    "ends_of",
    "open_of",
    "tally",
]

IS_AP_TYPE = np.array([t in AP_TYPES for t in TYPES])
"""Per contamination type code, whether it is AP-mined (in the Article 5 scope)."""

ALL_FOUND = 1 << 30
"""A class's limit when all its areas count, whenever found (:func:`open_of`)."""
NONE_FOUND = -1
"""A class's limit when none of its areas count."""

GATHER_APART_FROM = 15_000
"""Queued items from which :func:`back_and_tally` reads the stages' results a stage at a
time (:func:`back_stage_by_stage`) rather than all in one pass (:func:`back_in_one_pass`).
Measured on this project's 2-core VM (2 MB L2 cache a core) with the items in serving order
(``position`` the identity, so both read in sequence), time stage by stage over time in one
pass, arguments captured from forecasts of synthetic countries and called again and again
(best of 11, alternating): 1.20 at 3,000 items, 1.16 at 6,000, 1.05 at 10,000, 0.98 at
20,000, 0.90 at 40,000, 0.78 at 100,000 (with the items in random order, before, the two
crossed at 10,000). Probably why the one pass still loses on large arrays read in
sequence: its loop streams some fifteen arrays at once and is long enough to be bound by
its instructions, while each short loop of the split streams four and waits on memory
alone."""

Tally = tuple[np.ndarray, np.ndarray, np.ndarray]
"""What :func:`tally` counts: areas by class × found bin × done bin, finds by year (m²; the
Article 5 scope, every area), and each stage's latest finish by Article 5 scope × found bin."""


@njit(cache=CACHE, nogil=True)
def tally(
    found: np.ndarray,
    done: np.ndarray,
    type_code: np.ndarray,
    is_ap_type: np.ndarray,
    inaccessible: np.ndarray,
    area: np.ndarray,
    available: np.ndarray,
    needed: tuple[np.ndarray, np.ndarray, np.ndarray],
    year: tuple[np.ndarray, np.ndarray, np.ndarray],
    n_years: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # pragma: no cover - compiled
    """One pass over the areas (:data:`Tally`).

    ``counts[c, f, d]``: areas of class ``c`` (2 × in the Article 5 scope + inaccessible)
    found in bin ``f`` (year found + 1: 0 the baseline, ``n_years + 1`` after the horizon)
    and done in bin ``d`` (year done + 1: 0 never, ``n_years + 1`` after the horizon).
    ``finds[0]``, ``finds[1]``: m² found each year in the Article 5 scope and in all.
    ``last[s, a, f]``: of the workable areas (finite available time) that need stage ``s``,
    in scope ``a`` (1: Article 5) and found bin ``f``, the latest year the stage finishes
    one (``n_years`` when one is not finished; -1: none)."""
    n = n_years
    counts = np.zeros((4, n + 2, n + 2), dtype=np.int64)
    finds = np.zeros((2, n))
    last = np.full((3, 2, n + 2), -1, dtype=np.int64)
    nts_needed, ts_needed, clearance_needed = needed
    nts_year, ts_year, clearance_year = year
    for i in range(len(found)):
        ap = is_ap_type[type_code[i]]
        a = 1 if ap else 0
        y = found[i]
        f = min(y + 1, n + 1)
        d = min(done[i] + 1, n + 1)
        counts[2 * a + (1 if inaccessible[i] else 0), f, d] += 1
        if 0 <= y < n:
            finds[1, y] += area[i]
            if ap:
                finds[0, y] += area[i]
        if np.isfinite(available[i]):
            if nts_needed[i]:
                e = nts_year[i] if nts_year[i] >= 0 else n
                last[0, a, f] = max(last[0, a, f], e)
            if ts_needed[i]:
                e = ts_year[i] if ts_year[i] >= 0 else n
                last[1, a, f] = max(last[1, a, f], e)
            if clearance_needed[i]:
                e = clearance_year[i] if clearance_year[i] >= 0 else n
                last[2, a, f] = max(last[2, a, f], e)
    return counts, finds, last


@njit(cache=CACHE, nogil=True)
def back_and_tally(
    position: np.ndarray,
    needed: np.ndarray,
    begin: tuple[np.ndarray, np.ndarray, np.ndarray],
    finish: tuple[np.ndarray, np.ndarray, np.ndarray],
    found: np.ndarray,
    type_code: np.ndarray,
    inaccessible: np.ndarray,
    area: np.ndarray,
    n_years: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, Tally]:  # pragma: no cover - compiled
    """The stages' start levels and finish years (in serving order) back in item order
    (3 × items; -1 and NaN for items not queued or a stage not needed), each item's
    completion year (-1: a stage it needs is not finished), and the :func:`tally` of that
    outcome (an item is workable when it is queued: ``position``, its place in the queue,
    -1 when its available time is not finite).

    Both ways read in item order, so the writes are sequential and only the reads jump
    (cheaper than writing all over large arrays): :func:`back_in_one_pass` below
    :data:`GATHER_APART_FROM` queued items, else :func:`back_stage_by_stage`. Same
    results."""
    if len(begin[0]) >= GATHER_APART_FROM:
        return back_stage_by_stage(
            position, needed, begin, finish, found, type_code, inaccessible, area, n_years
        )
    return back_in_one_pass(
        position, needed, begin, finish, found, type_code, inaccessible, area, n_years
    )


@njit(cache=CACHE, nogil=True)
def back_in_one_pass(
    position: np.ndarray,
    needed: np.ndarray,
    begin: tuple[np.ndarray, np.ndarray, np.ndarray],
    finish: tuple[np.ndarray, np.ndarray, np.ndarray],
    found: np.ndarray,
    type_code: np.ndarray,
    inaccessible: np.ndarray,
    area: np.ndarray,
    n_years: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, Tally]:  # pragma: no cover - compiled
    """:func:`back_and_tally` in one pass over the items: the reads of the six arrays in
    serving order overlap with the counting while those arrays stay in the cache."""
    n = needed.shape[1]
    year = np.empty((3, n), dtype=np.int64)
    start = np.empty((3, n))
    done = np.empty(n, dtype=np.int64)
    counts = np.zeros((4, n_years + 2, n_years + 2), dtype=np.int64)
    finds = np.zeros((2, n_years))
    last = np.full((3, 2, n_years + 2), -1, dtype=np.int64)
    for i in range(n):
        k = position[i]
        ap = IS_AP_TYPE[type_code[i]]
        a = 1 if ap else 0
        y = found[i]
        f = min(y + 1, n_years + 1)
        reached = True
        latest = -1
        for s in range(3):
            z = -1
            if k >= 0:
                start[s, i] = begin[s][k]
                if needed[s, i]:
                    z = finish[s][k]
                    last[s, a, f] = max(last[s, a, f], z if z >= 0 else n_years)
            else:
                start[s, i] = np.nan
            year[s, i] = z
            if needed[s, i]:
                if z < 0:
                    reached = False
                latest = max(latest, z)
        d = latest if reached else -1
        done[i] = d
        counts[2 * a + (1 if inaccessible[i] else 0), f, min(d + 1, n_years + 1)] += 1
        if 0 <= y < n_years:
            finds[1, y] += area[i]
            if ap:
                finds[0, y] += area[i]
    return year, start, done, (counts, finds, last)


@njit(cache=CACHE, nogil=True)
def back_stage_by_stage(
    position: np.ndarray,
    needed: np.ndarray,
    begin: tuple[np.ndarray, np.ndarray, np.ndarray],
    finish: tuple[np.ndarray, np.ndarray, np.ndarray],
    found: np.ndarray,
    type_code: np.ndarray,
    inaccessible: np.ndarray,
    area: np.ndarray,
    n_years: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, Tally]:  # pragma: no cover - compiled
    """:func:`back_and_tally` a stage at a time: the first two stages each in a short loop
    that has only two arrays to read at random, so many of those reads (cache misses once
    the arrays outgrow the cache) are under way at once; the last stage in the pass that
    counts, which chooses with selects rather than branches (kinds and needs come in
    random order)."""
    n = needed.shape[1]
    year = np.empty((3, n), dtype=np.int64)
    start = np.empty((3, n))
    for s in range(2):
        b = begin[s]
        e = finish[s]
        for i in range(n):
            k = position[i]
            if k >= 0:
                start[s, i] = b[k]
                z = e[k]  # read, then choose: a branch on the need is mispredicted
                year[s, i] = z if needed[s, i] else -1
            else:
                start[s, i] = np.nan
                year[s, i] = -1
    begin_2, finish_2 = begin[2], finish[2]
    done = np.empty(n, dtype=np.int64)
    counts = np.zeros((4, n_years + 2, n_years + 2), dtype=np.int64)
    finds = np.zeros((2, n_years))
    last = np.full((3, 2, n_years + 2), -1, dtype=np.int64)
    for i in range(n):
        k = position[i]
        queued = k >= 0
        if queued:
            start[2, i] = begin_2[k]
            z = finish_2[k]
            z = z if needed[2, i] else -1
        else:
            start[2, i] = np.nan
            z = -1
        year[2, i] = z
        ap = IS_AP_TYPE[type_code[i]]
        a = 1 if ap else 0
        y = found[i]
        f = min(y + 1, n_years + 1)
        unfinished = False
        latest = -1
        for s in range(3):
            z = year[s, i]  # -1 when not needed
            need = needed[s, i]
            end = z if z >= 0 else n_years
            last[s, a, f] = max(last[s, a, f], end if need & queued else -1)
            unfinished |= need & (z < 0)
            latest = max(latest, z)
        d = -1 if unfinished else latest
        done[i] = d
        counts[2 * a + (1 if inaccessible[i] else 0), f, min(d + 1, n_years + 1)] += 1
        if 0 <= y < n_years:
            finds[1, y] += area[i]
            if ap:
                finds[0, y] += area[i]
    return year, start, done, (counts, finds, last)


@njit(cache=CACHE, nogil=True)
def open_of(counts: np.ndarray, limit: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`~landrelease.engine.tables.open_counts` of the areas of each class ``c``
    found in a bin up to ``limit[c]`` (year found + 1; :data:`ALL_FOUND`,
    :data:`NONE_FOUND`), from :func:`tally`'s counts: areas open at the end of each year,
    and whether some area is open during each year."""
    bins = counts.shape[1]
    n_years = bins - 2
    opened = np.zeros(bins, dtype=np.int64)
    closed = np.zeros(bins, dtype=np.int64)
    for c in range(counts.shape[0]):
        for f in range(min(limit[c], bins - 1) + 1):
            for d in range(bins):
                k = counts[c, f, d]
                opened[f] += k
                closed[d] += k
    open_end = np.empty(n_years, dtype=np.int64)
    active = np.empty(n_years, dtype=np.bool_)
    o = opened[0]  # baseline areas, open from the start (bin n + 1: never within the horizon)
    c = 0
    for y in range(n_years):
        o += opened[y + 1]
        active[y] = o - c > 0  # closed by the end of the year before
        c += closed[y + 1]  # bin 0: never done, bin n + 1: after the horizon
        open_end[y] = o - c
    return open_end, active


@njit(cache=CACHE, nogil=True)
def ends_of(last: np.ndarray, limit: np.ndarray) -> np.ndarray:
    """:func:`~landrelease.engine.costs.stage_ends` per stage (NTS, TS, clearance) of the
    areas of each scope ``a`` found in a bin up to ``limit[a]``, from :func:`tally`'s
    ``last``: the horizon's last year while one of them is unfinished."""
    n_years = last.shape[2] - 2
    out = np.empty(3, dtype=np.int64)
    for s in range(3):
        m = -1
        for a in range(2):
            for f in range(min(limit[a], n_years + 1) + 1):
                m = max(m, last[s, a, f])
        out[s] = min(m, n_years - 1)
    return out
