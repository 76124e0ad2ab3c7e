"""Pure, vectorised kernels of the projection: outcomes, capacity, money, queues.

Time is measured in years from the start of the projection (``0.0`` = 1 January of the start
year). A stage's capacity in year ``y`` is spread evenly over that year, so its cumulative
capacity is piecewise linear in time. Work and capacity share a unit per stage (team-years
for survey, m² on factory-made AP mines for clearance).
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "LEVEL_RTOL",
    "funded_fraction",
    "level_to_time",
    "ramp_up_share",
    "release_outcomes",
    "serve_queue",
    "serving_order",
    "time_to_level",
    "work_by_year",
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


def time_to_level(time: np.ndarray, capacity: np.ndarray) -> np.ndarray:
    """Cumulative capacity reached at each ``time`` (years from start); ``inf`` past the end."""
    n_years = len(capacity)
    cum_start = np.concatenate(([0.0], np.cumsum(capacity)))
    finite = np.isfinite(time) & (time < n_years)
    t = np.where(finite, np.maximum(time, 0.0), 0.0)
    year = np.minimum(np.floor(t).astype(np.int64), n_years - 1) if n_years else t.astype(int)
    if n_years == 0:
        return np.full(len(time), np.inf)
    level = cum_start[year] + (t - year) * capacity[year]
    return np.where(finite, level, np.inf)


def level_to_time(level: np.ndarray, capacity: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """First time the cumulative capacity reaches each ``level``, and that year's index.

    Returns ``(time, year_index)``: ``time`` in years from start (``inf`` when the level is
    not reached within the horizon) and the index of the year in which it is reached
    (``-1`` when never). A level reached exactly at a year's end belongs to that year, and a
    level within :data:`LEVEL_RTOL` of a year's end is taken to be exactly there, so that
    areas finishing "on 31 December" tie with areas that open on 1 January and the tie is
    broken by priority, not by rounding.
    """
    cum = np.cumsum(capacity)
    cum_start = np.concatenate(([0.0], cum))
    finite = np.isfinite(level)
    tol = np.where(finite, LEVEL_RTOL * np.maximum(np.abs(np.where(finite, level, 0.0)), 1.0), 0.0)
    target = np.where(finite, level - tol, np.inf)
    idx = np.searchsorted(cum, target, side="left")
    reached = finite & (idx < len(capacity))
    safe = np.where(reached, idx, 0)
    if len(capacity):
        cap, end = capacity[safe], cum[safe]
    else:
        cap = end = np.zeros(len(level))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        frac = np.where(cap > 0, (level - cum_start[safe]) / cap, 0.0)
    frac = np.where(level >= end - tol, 1.0, np.clip(frac, 0.0, 1.0))
    time = np.where(reached, safe + frac, np.inf)
    return time, np.where(reached, safe, -1)


def serving_order(available_time: np.ndarray, rank: np.ndarray) -> np.ndarray:
    """The fixed order every stage works in: by the time an area becomes accessible (or is
    found), then by priority ``rank`` (a permutation, 0 first)."""
    by_rank = np.empty(len(rank), dtype=np.int64)
    by_rank[rank] = np.arange(len(rank))
    return by_rank[np.argsort(available_time[by_rank], kind="stable")]


def serve_queue(
    work: np.ndarray, ready_time: np.ndarray, order: np.ndarray, capacity: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Finish time, year index and start level of each item of one stage, served one at a
    time.

    Items are served strictly in ``order`` (see :func:`serving_order`): an item starts when
    the one before it is done and it is ready (``ready_time``, years from start: the end of
    its previous stage); capacity idle meanwhile is lost. Because the order never depends on
    capacity, more capacity never makes any item finish later. Items with no work are
    skipped (year index ``-1``; their time is their ready time). An item never ready (its
    previous stage not done within the horizon) is not skipped: it holds its place, and the
    items after it wait, as they wait behind one that is ready late. Skipping it would let
    more money finish an area later: the money that gets the item ready puts it back in
    front of the others. Vectorised: with
    work ``p`` and ready levels ``r`` in order and ``W = cumsum(p)``, item ``j`` finishes at
    level ``W[j] + max(r[k] − W[k−1], k ≤ j)``. No item finishes before it is ready.
    The start level (cumulative capacity when the item's work begins; ``inf`` when never
    served) places its work in the years: see :func:`work_by_year`.
    """
    n = len(work)
    finish_time = ready_time.astype(float).copy()
    finish_year = np.full(n, -1, dtype=np.int64)
    start_level = np.full(n, np.inf)
    servable = work > 0
    if not servable.any():
        return finish_time, finish_year, start_level
    order = order[servable[order]]
    p = work[order]
    ready = ready_time[order]
    ready_level = time_to_level(ready, capacity)
    w = np.cumsum(p)
    w_before = np.concatenate(([0.0], w[:-1]))
    # An item with infinite work (a stage without productivity) or a ready level past the
    # horizon makes everything after it unreachable: inf − inf is nan there, read as never.
    with np.errstate(invalid="ignore"):
        finish_level = w + np.maximum.accumulate(ready_level - w_before)
    finish_level = np.where(np.isnan(finish_level), np.inf, finish_level)
    with np.errstate(invalid="ignore"):
        begin = finish_level - p
    start_level[order] = np.where(np.isfinite(begin), begin, np.inf)
    time, year = level_to_time(finish_level, capacity)
    # the tolerance must never move a finish before the item was ready
    done = year >= 0
    time = np.where(done, np.maximum(time, ready), time)
    ready_year = np.floor(np.where(done, ready, 0.0)).astype(np.int64)  # done: ready is finite
    year = np.where(done, np.maximum(year, ready_year), year)
    finish_time[order] = time
    finish_year[order] = year
    return finish_time, finish_year, start_level


def work_by_year(
    work: np.ndarray,
    start_level: np.ndarray,
    capacity: np.ndarray,
    group: np.ndarray,
    n_groups: int,
) -> np.ndarray:
    """Work done in each year, by group, for the items of one stage: a (years × groups) array.

    Item ``j`` uses the cumulative capacity from ``start_level[j]`` to ``start_level[j] +
    work[j]`` (items never served have ``inf``); year ``y`` spans the cumulative capacity
    from ``C[y−1]`` to ``C[y]``. With ``D(X) = Σ_j clip(X − S_j, 0, p_j) = Σ_j (X − S_j)⁺ −
    (X − S_j − p_j)⁺``, each ``(X − a)⁺`` summed over items is ``count(a < X)·X − Σ a``:
    one ``bincount`` and ``cumsum`` per end, no loop over items or years.
    """
    n_years = len(capacity)
    cum = np.cumsum(np.asarray(capacity, dtype=float))
    ok = np.isfinite(start_level) & np.isfinite(work) & (work > 0)
    starts, g = start_level[ok], group[ok]
    ends = starts + work[ok]

    def above(level: np.ndarray) -> np.ndarray:
        """Σ (C[y] − level)⁺ per year and group."""
        first = np.searchsorted(cum, level, side="right")  # first year whose end is past it
        keep = first < n_years
        flat = first[keep] * n_groups + g[keep]
        size = n_years * n_groups
        count = np.bincount(flat, minlength=size).reshape(n_years, n_groups).cumsum(axis=0)
        total = np.bincount(flat, weights=level[keep], minlength=size)
        return count * cum[:, None] - total.reshape(n_years, n_groups).cumsum(axis=0)

    done = np.maximum(above(starts) - above(ends), 0.0)
    return np.maximum(np.diff(done, axis=0, prepend=0.0), 0.0)
