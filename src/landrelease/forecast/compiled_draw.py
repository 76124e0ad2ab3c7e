"""A whole draw in one compiled (numba) call: the deploy loop, the stages, the completion,
the yearly totals and the cost lines, for the forecast's usual case (teams pace, no donors'
earmarked lines). :func:`~landrelease.forecast.draws.evaluate` without it
(``one_call=False``) is the reference: tests/forecast/test_compiled_draw.py checks every
output equal to the last bit on the samples and on random countries.

Why: the kernels of a draw (:mod:`.compiled`, :mod:`.compiled_stage`,
:mod:`.compiled_tally`, :mod:`.compiled_completion`, :mod:`.compiled_plan`, :mod:`.totals`,
:mod:`.compiled_lines`) were called from Python some twenty-five times a draw, with plan,
outcome and completion objects built between them: on aurelia (6,000 areas) about a third
of a draw was that glue (issue 11 item 8: 1,000 draws in a second). Here the same kernels
are called in the same order on the same values, from compiled code, so the numbers are the
same; Python gathers the draw's arrays (:mod:`.one_call`) and writes its row.

Two rare turns are left to the Python path (:data:`HELD`, :data:`UNSETTLED`): the stages
worked again with the Article 5 finds after its completion held back (another queue), and
a deploy loop that does not settle (the engine's fallback and warning).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from landrelease.forecast.compiled import _outcomes
from landrelease.forecast.compiled_completion import (
    _article5_end,
    _drop,
    _plan_end,
    _residual_after,
)
from landrelease.forecast.compiled_finish import resume_year
from landrelease.forecast.compiled_lines import _lines
from landrelease.forecast.compiled_plan import (
    _CLEARANCE,
    _NTS,
    _STAGE_OF,
    _TS,
    _plan,
)
from landrelease.forecast.compiled_stage import (
    _FLOATS,
    _INTS,
    Fixed,
    Memo,
    Worked,
    fixed_parts,
    stage_from,
)
from landrelease.forecast.compiled_tally import back_and_tally
from landrelease.forecast.jit import CACHE
from landrelease.forecast.totals import _yearly

__all__ = ["DONE", "HELD", "UNSETTLED", "draw"]

DONE = 0
"""Status of a draw worked through."""
HELD = 1
"""Status: the stages must be worked again with finds held back; use the Python path."""
UNSETTLED = 2
"""Status: releasing finished teams did not settle; use the Python path."""
_METHODS = 3
"""Release methods in the cost lines (no cost per m² in the teams pace: zeros)."""


@njit(cache=CACHE, nogil=True)
def _same(a: np.ndarray, b: np.ndarray, count: int) -> bool:  # pragma: no cover - compiled
    """``np.array_equal(a[:count], b[:count])``."""
    for y in range(min(count, len(a))):  # noqa: SIM110 - numba compiles loops, not all()
        if a[y] != b[y]:
            return False
    return True


@njit(cache=CACHE, nogil=True, error_model="numpy")
def _scaled(output: np.ndarray, clearance: np.ndarray, factor: np.ndarray) -> np.ndarray:
    """The capacity the plan delivers (stages × years): the plan's times the draw's
    factor (years × stages), as :func:`~landrelease.engine.work._scaled` multiplies them."""
    n = len(clearance)
    capacity = np.empty((3, n))
    for y in range(n):
        capacity[0, y] = output[_NTS, y] * factor[y, 0]
        capacity[1, y] = output[_TS, y] * factor[y, 1]
        capacity[2, y] = clearance[y] * factor[y, 2]
    return capacity


@njit(cache=CACHE, nogil=True, error_model="numpy")
def _stage(
    s: int,
    again: bool,
    reuse: bool,
    capacity: np.ndarray,
    last_capacity: np.ndarray,
    queued: np.ndarray,
    available: np.ndarray,
    earliest: np.ndarray,
    opened: np.ndarray,
    prev: Worked,
    old_prev: Worked,
    prev_cum: np.ndarray,
    kept: int,
    old: Worked,
    parts: Fixed,
    memo: Memo,
) -> tuple[Worked, Fixed, Memo, int, bool]:  # pragma: no cover - compiled
    """Stage ``s`` of one pass, as :meth:`~.compiled.StageRunner.__call__` works it: from
    the start in a draw's first pass; in a later one (``again``) reused while its capacity
    and the stages before are unchanged (``reuse``), else worked again from the year up to
    which nothing it depends on changed. ``prev``: the stage before, as worked in this pass
    (its curve, and its finish years in serving order), ``old_prev`` as in the last pass."""
    n_years = capacity.shape[1]
    has_prev = s > 0
    work = queued[s]
    prev_work = queued[s - 1] if has_prev else queued[s]
    resume = 0
    if again:
        reuse = reuse and _same(last_capacity[s], capacity[s], n_years)
        if reuse:
            return old, parts, memo, kept, reuse
        changed = resume_year(
            last_capacity[s],
            capacity[s],
            has_prev,
            old_prev[0],
            old_prev[1],
            prev[0],
            prev[1],
        )
        resume = max(min(changed, n_years - 1), 0)
    else:
        parts = fixed_parts(work, opened, has_prev, prev_work, prev_cum)
    # one call site (one compiled specialisation): from the start, ``memo`` and ``old``
    # are not read
    result, memo, kept = stage_from(
        resume,
        capacity[s],
        work,
        available,
        earliest,
        has_prev,
        prev_work,
        prev[0],
        prev[1],
        prev[3],
        parts,
        memo,
        old,
        kept,
        s == 2,
    )
    return result, parts, memo, kept, reuse and again


@njit(cache=CACHE, nogil=True, error_model="numpy")
def _kept_years(active: np.ndarray, residual_years: int) -> int:  # pragma: no cover
    """:func:`~landrelease.engine.work.kept_years`."""
    n = len(active)
    last_active = -1
    for y in range(n):
        if active[y]:
            last_active = y
    if last_active == n - 1:
        return n - 1
    return min(max(last_active, 0) + residual_years, n - 1)


@njit(cache=CACHE, nogil=True, error_model="numpy")
def draw(
    area: np.ndarray,
    is_sha: np.ndarray,
    type_code: np.ndarray,
    found: np.ndarray,
    inaccessible: np.ndarray,
    is_ap: np.ndarray,
    available_time: np.ndarray,
    group: np.ndarray,
    n_regions: int,
    shares: tuple[np.ndarray, np.ndarray, np.ndarray],
    stage_m2: tuple[float, float],
    queue: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, int],
    basis: tuple[
        np.ndarray,
        np.ndarray,
        np.ndarray,
        np.ndarray,
        np.ndarray,
        np.ndarray,
        np.ndarray,
        np.ndarray,
    ],
    money: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    capacity_factor: np.ndarray,
    residual: tuple[float, int],
    start: np.ndarray,
) -> tuple[
    int, int, int, int, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray
]:  # pragma: no cover - compiled
    """One draw (see the module docstring).

    Parameters (item order unless said; m², US$, years from the start)
    ----------
    area, is_sha, type_code, found, inaccessible, is_ap, available_time, group : the
        draw's items (``found``: year index found, -1 baseline; ``group``: region × 2 +
        Article 5 scope), ``n_regions``.
    shares : cancelled and reduced fractions and the productivity factor, by type.
    stage_m2 : m² per team-year of NTS and TS teams.
    queue : each item's place in the serving order (-1: not queued), the available
        times and their years in serving order, the times areas open inside the horizon,
        and the number queued.
    basis : teams, spending order, unit costs in that order, fixed programme, risk
        education, money, output shares, m² per team-year by kind (as
        :meth:`~.compiled_plan.CompiledPlans.arrays` gives them).
    money : unit costs by kind, residual capacity, national and secured international
        money (the cost lines).
    capacity_factor : years × 3 stages.
    residual : the residual capacity (m² a year) and the years it is kept after work.
    start : stage ends to release the teams at first (-2: none).

    Returns
    -------
    status, passes of the stages (runs of the deploy loop), completion index, Article 5
    completion index (-1: none), the stage ends the teams were released at (3), national
    (years × 7) and regional (years × regions × 2) totals, and the planned cost and funding
    gap of the kept years.
    """
    teams, order, unit, fixed, risk, funding, share, m2 = basis
    usd, residual_usd, national_usd, secured_usd = money
    capacity_m2, residual_years = residual
    position, available, earliest, opened, n_queued = queue
    n = len(area)
    n_years = len(funding)
    released, needed_first, work, queued = _outcomes(
        area,
        is_sha,
        type_code,
        shares[0],
        shares[1],
        shares[2],
        stage_m2[0],
        stage_m2[1],
        position,
        n_queued,
    )
    has_start = start[0] >= -1
    until = start.copy() if has_start else np.full(3, n_years - 1, dtype=np.int64)
    released_at = until.copy()
    have_released = has_start  # whether ``plan`` was released at ``released_at``
    plan = _plan(until, _STAGE_OF, teams, order, unit, fixed, risk, funding, share, m2, _CLEARANCE)
    empty = np.zeros(0)
    none = (empty, empty, empty, np.zeros(0, dtype=np.int64), empty)
    p_empty = (
        empty,
        empty,
        empty,
        np.zeros(0, dtype=np.int64),
        empty,
        empty,
        empty,
    )
    m_empty = (
        empty,
        empty,
        empty,
        np.zeros((0, _INTS), dtype=np.int64),
        np.zeros((0, _FLOATS)),
    )
    # each stage's last result, fixed parts and memo (what StageRunner keeps between passes)
    results = [none, none, none]
    fixed_of = [p_empty, p_empty, p_empty]
    memos = [m_empty, m_empty, m_empty]
    last_capacity = np.zeros((3, n_years))
    ends = np.full(3, -1, dtype=np.int64)
    settled = False
    again = False
    passes = 0
    for _ in range(3 * n_years + 2):
        passes += 1
        output, clearance = plan[3], plan[5]
        capacity = _scaled(output, clearance, capacity_factor)
        prev = (empty, empty, empty, earliest, empty)  # before NTS: the areas' openings
        old_prev = prev
        prev_cum = np.zeros(1)
        kept = n_queued
        reuse = True
        for s in range(3):  # a loop, not three calls: one compiled _stage
            old = results[s]
            result, parts, memo, kept, reuse = _stage(
                s,
                again,
                reuse,
                capacity,
                last_capacity,
                queued,
                available,
                earliest,
                opened,
                prev,
                old_prev,
                prev_cum,
                kept,
                old,
                fixed_of[s],
                memos[s],
            )
            results[s], fixed_of[s], memos[s] = result, parts, memo
            prev, old_prev, prev_cum = result, old, parts[0]
        r0, r1, r2 = results[0], results[1], results[2]
        last_capacity = capacity
        again = True
        needed = needed_first.copy()
        year, begin, done, counted = back_and_tally(
            position,
            needed,
            (r0[4], r1[4], r2[4]),
            (r0[3], r1[3], r2[3]),
            found,
            type_code,
            inaccessible,
            area,
            n_years,
        )
        counts, finds, last = counted
        ap_index, _ = _article5_end(counts, finds, capacity_m2)
        # the areas the residual capacity releases, taken out of the plan's outcome: the
        # Article 5 finds after its completion, then every find after the whole plan's
        # (cleared once, for both: clearing an area is the same whenever it is done)
        kept_out = np.zeros(n, dtype=np.bool_)
        some = False
        if ap_index >= 0:
            kept_out, some, held = _residual_after(is_ap, found, available_time, ap_index)
            if held:
                return (
                    HELD,
                    passes,
                    -1,
                    -1,
                    ends,
                    np.zeros((0, 7)),
                    np.zeros((0, 0, 2)),
                    empty,
                    empty,
                )
        all_index, _, active, ends = _plan_end(counts, finds, last, ap_index, capacity_m2)
        if all_index >= 0:
            for i in range(n):
                if found[i] > all_index:
                    kept_out[i] = True
                    some = True
        if some:
            _drop(
                kept_out,
                (needed[0], needed[1], needed[2]),
                (year[0], year[1], year[2]),
                (begin[0], begin[1], begin[2]),
                done,
            )
        # deploy (:func:`~landrelease.engine.costs.deploy`): release each kind after its
        # stage's last year of work, until the capacity up to each stage's end is the same
        same_ends = have_released and (
            released_at[0] == ends[0] and released_at[1] == ends[1] and released_at[2] == ends[2]
        )
        have_released = True
        if same_ends:
            new_plan = plan
        else:
            new_plan = _plan(
                ends, _STAGE_OF, teams, order, unit, fixed, risk, funding, share, m2, _CLEARANCE
            )
        released_at = ends.copy()
        new_output, new_clearance = new_plan[3], new_plan[5]
        same = same_ends or (
            _same(output[_NTS], new_output[_NTS], ends[0] + 1)
            and _same(output[_TS], new_output[_TS], ends[1] + 1)
            and _same(clearance, new_clearance, ends[2] + 1)
        )
        plan = new_plan
        if same:
            settled = True
            break
    if not settled:
        return UNSETTLED, passes, -1, -1, ends, np.zeros((0, 7)), np.zeros((0, 0, 2)), empty, empty
    # the yearly totals (:func:`~.totals.yearly_totals`)
    national, regional = _yearly(
        (released[0], needed[0], begin[0], work[0], year[0], r0[2]),
        (released[1], needed[1], begin[1], work[1], year[1], r1[2]),
        (released[2], needed[2], begin[2], work[2], year[2], r2[2]),
        group,
        found,
        area,
        kept_out,
        n_regions,
        n_years,
    )
    # the cost lines of the kept years (:func:`~.compiled_lines.planned_and_gap`)
    kept_index = _kept_years(active, residual_years)
    paid = np.zeros(kept_index + 1, dtype=np.bool_)
    if ap_index >= 0:
        for y in range(ap_index + 1, kept_index + 1):
            paid[y] = True
    planned_usd, gap_usd = _lines(
        plan[1],
        usd,
        np.zeros((_METHODS, n_years)),
        plan[4],
        paid,
        residual_usd,
        fixed,
        risk,
        national_usd,
        secured_usd,
    )
    return DONE, passes, all_index, ap_index, released_at, national, regional, planned_usd, gap_usd
