"""Pure, vectorised kernels of the projection: outcomes, money, order of work, finish years
and release by year.

Time is measured in years from the start of the projection (``0.0`` = 1 January of the start
year). A stage's capacity in year ``y`` is spread evenly over that year, so its cumulative
capacity is piecewise linear in time. Work and capacity share a unit per stage (team-years
for survey, m² on factory-made AP mines for clearance); :mod:`.curves` computes each stage's
cumulative work done.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "LEVEL_RTOL",
    "finish_years",
    "funded_fraction",
    "release_by_year",
    "release_outcomes",
    "serving_order",
]

LEVEL_RTOL = 1e-9
"""Relative tolerance when matching work to capacity (absorbs floating-point sums)."""


def release_outcomes(
    area_m2: np.ndarray,
    is_sha: np.ndarray,
    sha_cancelled_frac: np.ndarray,
    ts_reduced_frac: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Expected cancelled, reduced and cleared m² of each area (domain §3).

    ``cancelled = A·fc`` (SHA only), ``reduced = (A − cancelled)·fr``,
    ``cleared = A − cancelled − reduced``; the three add up to ``A`` exactly.
    """
    cancelled = np.where(is_sha, area_m2 * sha_cancelled_frac, 0.0)
    addressed = area_m2 - cancelled
    reduced = addressed * ts_reduced_frac
    cleared = addressed - reduced
    return cancelled, reduced, cleared


def funded_fraction(
    team_cost_usd: np.ndarray, other_cost_usd: np.ndarray, funding_usd: np.ndarray
) -> np.ndarray:
    """Share (0..1) of each year's planned team effort that the money pays for.

    Fixed programme and risk-education costs (``other_cost_usd``) are paid first; what is
    left pays for teams, all kinds cut in the same proportion. Unspent money does not carry
    over.
    """
    left = np.maximum(funding_usd - other_cost_usd, 0.0)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        frac = np.where(team_cost_usd > 0, left / team_cost_usd, 1.0)
    return np.clip(frac, 0.0, 1.0)


def serving_order(available_time: np.ndarray, rank: np.ndarray) -> np.ndarray:
    """The fixed order every stage works in: by the time an area becomes accessible (or is
    found), then by priority ``rank`` (a permutation, 0 first)."""
    by_rank = np.empty(len(rank), dtype=np.int64)
    by_rank[rank] = np.arange(len(rank))
    return by_rank[np.argsort(available_time[by_rank], kind="stable")]


def finish_years(levels: np.ndarray, finish_level: np.ndarray) -> np.ndarray:
    """Index of the year whose end first reaches each ``finish_level`` on a stage's
    cumulative-work levels at year ends (``-1`` = not within the horizon).

    A level within :data:`LEVEL_RTOL` of a year's end is taken as reached there, so that work
    ending "on 31 December" is not pushed into the next year by floating-point sums.
    """
    finite = np.isfinite(finish_level)
    safe = np.where(finite, finish_level, 0.0)
    target = safe - LEVEL_RTOL * np.maximum(np.abs(safe), 1.0)
    year = np.searchsorted(levels, target, side="left")
    return np.where(finite & (year < len(levels)), year, -1)


def release_by_year(
    amount: np.ndarray,
    start_level: np.ndarray,
    work: np.ndarray,
    finish_year: np.ndarray,
    levels: np.ndarray,
    group: np.ndarray,
    n_groups: int,
) -> np.ndarray:
    """(years × groups) m² released by one stage, each area in proportion to its work done.

    An area's work occupies ``[start_level, start_level + work]`` on the stage's cumulative
    work (``levels``: its value at each year's end). Of its ``amount``, the share released by
    the end of year ``y`` is ``clip((levels[y] − start_level) / work, 0, 1)`` before its
    ``finish_year`` and all of it from then on; an area not finished within the horizon
    (``finish_year`` −1) keeps what it released so far. ``amount`` may be 2-D (several
    amounts per area, released alike): the result then has a leading axis of the same size.

    Accumulated with bincounts and a difference array over (years × groups), never an
    areas × years matrix. A stage works on one area at a time, so at most one area per year
    boundary spans two or more years; all others release everything in their finish year.
    """
    amounts = np.atleast_2d(amount)
    k, n = len(amounts), len(levels)
    size = n * n_groups
    out = np.zeros((k, size))
    ok = (work > 0) & np.isfinite(work) & np.isfinite(start_level) & (amounts > 0).any(axis=0)
    idx = np.flatnonzero(ok)
    s, w, g, fin = start_level[idx], work[idx], group[idx], finish_year[idx]
    yf = np.where(fin >= 0, fin, n)
    ys = np.searchsorted(levels, s, side="right")
    span = ys < yf
    whole = (fin >= 0) & ~span
    cell = yf[whole] * n_groups + g[whole]
    for i in range(k):
        out[i] += np.bincount(cell, weights=amounts[i, idx[whole]], minlength=size)
    # the few areas worked over a year's end
    sp = np.flatnonzero(span)
    s, w, g, fin, yf, ys = s[sp], w[sp], g[sp], fin[sp], yf[sp], ys[sp]
    got_first = np.minimum(levels[ys], s + w) - s
    # years strictly between: the year's whole work at the area's rate, by a difference
    # array over (years × groups); an exact count says where some area is being worked
    middle = ys + 1 < yf
    lo, hi, g_mid = (ys + 1)[middle] * n_groups, yf[middle] * n_groups, g[middle]
    wide = (n + 1) * n_groups
    working = (
        np.cumsum(
            (
                np.bincount(lo + g_mid, minlength=wide) - np.bincount(hi + g_mid, minlength=wide)
            ).reshape(n + 1, n_groups)[:n],
            axis=0,
        )
        > 0
    )
    per_year = np.diff(levels, prepend=0.0)[:, None]
    done = fin >= 0
    before = np.minimum(levels[np.maximum(yf - 1, 0)] - s, w)
    for i in range(k):
        rate = amounts[i, idx[sp]] / w
        out[i] += np.bincount(ys * n_groups + g, weights=rate * got_first, minlength=size)
        r = rate[middle]
        diff = np.bincount(lo + g_mid, r, wide) - np.bincount(hi + g_mid, r, wide)
        rates = np.cumsum(diff.reshape(n + 1, n_groups)[:n], axis=0)
        out[i] += (np.where(working, rates, 0.0) * per_year).reshape(-1)
        left = np.maximum(amounts[i, idx[sp]] - rate * before, 0.0)
        out[i] += np.bincount((yf * n_groups + g)[done], weights=left[done], minlength=size)
    shaped = out.reshape(k, n, n_groups)
    return shaped if np.ndim(amount) == 2 else shaped[0]
