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
    "ramp_up_share",
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
    """Share (0..1) of each kind's planned team cost that the money pays for, per year.

    ``team_cost_usd`` is (kinds × years) with the kinds in spending order (a 1-D array is
    one kind). Fixed programme and risk-education costs (``other_cost_usd``) are paid first;
    what is left pays the first kind in full, then the next, and so on: under a shortfall
    the last kinds in the order are cut first. Unspent money does not carry over.
    """
    given = np.asarray(team_cost_usd, dtype=float)
    cost = given[None, :] if given.ndim == 1 else given  # one kind: a row, not a column
    left = np.maximum(np.asarray(funding_usd, dtype=float) - other_cost_usd, 0.0)
    before = np.cumsum(cost, axis=0) - cost
    paid = np.clip(left - before, 0.0, cost)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        frac = np.where(cost > 0, paid / np.where(cost > 0, cost, 1.0), 1.0)
    frac = np.clip(frac, 0.0, 1.0)
    return frac[0] if given.ndim == 1 else frac


def ramp_up_share(teams: np.ndarray, ramp_up_years: int) -> np.ndarray:
    """Output of each year's teams as a share (0..1) of what as many experienced teams give.

    A new team's output rises linearly from 0 to full over ``ramp_up_years`` years, averaged
    over each year: ``(a + 0.5) / ramp_up_years`` in its year ``a`` (0 = the year it joins),
    full from year ``ramp_up_years`` on. Teams of the first year are taken as already in the
    field; when teams are cut the newest go first. With ``c_a(y) = min(teams[y−a..y])``
    (teams present for at least ``a`` years), output is ``Σ_a c_a·(r_a − r_{a−1})``; every
    weight is ≥ 0, so more teams in any year never give less output in any year.
    """
    teams = np.asarray(teams, dtype=float)
    n, years = len(teams), int(ramp_up_years)
    if years <= 0 or n == 0:
        return np.ones(n)
    rate = np.minimum((np.arange(years + 1) + 0.5) / years, 1.0)
    rate[years] = 1.0
    padded = np.concatenate([np.full(years, teams[0]), teams])
    present = teams.copy()
    output = teams * rate[0]
    for age in range(1, years + 1):
        present = np.minimum(present, padded[years - age : years - age + n])
        output += present * (rate[age] - rate[age - 1])
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(teams > 0, np.clip(output / np.where(teams > 0, teams, 1.0), 0, 1), 1.0)


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
