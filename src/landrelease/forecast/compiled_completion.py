"""Compiled (numba) completion for the forecast's many draws:
:func:`complete_compiled` is :func:`landrelease.engine.completion.complete` (same arguments,
same result), the reference it is tested against (tests/forecast/test_compiled.py).

Why compiled: completion counts the areas open at each year's end three times per run of
the stages (the Article 5 scope, the whole plan, the accessible Article 5 scope), sums the
finds by year twice and takes the finds after completion out of the outcome; the engine
does each with masked copies and bincounts over every area. At 100,000 areas that was
about a fifth of a draw (issue 11 item 8). Here one pass over the areas
(:mod:`.compiled_tally`) counts them by scope, year found and year done, and every count
is a sum of that table; the areas set aside are cleared in place in the outcome that
``run`` has just made (a fresh outcome no one else holds). The sums add the same numbers
in the same order as ``np.bincount``, so the results are the engine's to the last bit.
:class:`Counted` keeps what the pass counted for the questions asked of the same outcome
next (its stages' last years of work, the years an area of the plan is open), which then
need no pass of their own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np
from numba import njit

from landrelease.engine.capacity import STAGES
from landrelease.engine.completion import FIT_RTOL, PlanEnd
from landrelease.engine.items import WorkItems
from landrelease.engine.stages import StageOutcome
from landrelease.forecast.compiled import StageRunner
from landrelease.forecast.compiled_tally import (
    ALL_FOUND,
    IS_AP_TYPE,
    NONE_FOUND,
    Tally,
    ends_of,
    open_of,
    tally,
)
from landrelease.forecast.jit import CACHE
from landrelease.forecast.kept import KeptForArrays

__all__ = ["Counted", "complete_compiled", "open_at_year_end", "stage_ends_compiled"]

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


@njit(cache=CACHE, nogil=True)
def _limits(ap_index: int, all_index: int) -> tuple[int, int]:  # pragma: no cover - compiled
    """The last found bins (year found + 1) the plan keeps of the areas outside and inside
    the Article 5 scope: the residual capacity releases the Article 5 finds after its
    completion and every find after the whole plan's."""
    whole = ALL_FOUND if all_index < 0 else all_index + 1
    article5 = ALL_FOUND if ap_index < 0 else ap_index + 1
    return whole, min(whole, article5)


@njit(cache=CACHE, nogil=True)
def _article5_end(
    counts: np.ndarray, finds: np.ndarray, capacity_m2: float
) -> tuple[int, np.ndarray]:  # pragma: no cover - compiled
    """From a :func:`.compiled_tally.tally`: the Article 5 completion index (-1: none) and
    the years its finds overrun the residual capacity (``PlanEnd.overrun``)."""
    none, every = NONE_FOUND, ALL_FOUND
    ap_open, _ = open_of(counts, np.array([none, none, every, every]))
    ap_index = _completion_index(ap_open, finds[0], capacity_m2)
    return ap_index, _overrun_years(ap_open, finds[0], capacity_m2, ap_index)


@njit(cache=CACHE, nogil=True)
def _plan_end(
    counts: np.ndarray, finds: np.ndarray, last: np.ndarray, ap_index: int, capacity_m2: float
) -> tuple[int, int, np.ndarray, np.ndarray]:  # pragma: no cover - compiled
    """From a :func:`.compiled_tally.tally` and the Article 5 completion index: the whole
    plan's completion index and the accessible Article 5 scope's (-1: none), and, without
    the finds the residual capacity releases, the years some area of the plan is open and
    each stage's last year of work."""
    none, every = NONE_FOUND, ALL_FOUND
    _, kept = _limits(ap_index, -1)
    open_all, _ = open_of(counts, np.array([every, every, kept, kept]))
    all_index = _completion_index(open_all, finds[1], capacity_m2)
    whole, kept = _limits(ap_index, all_index)
    reachable, _ = open_of(counts, np.array([none, none, kept, none]))
    _, active = open_of(counts, np.array([whole, whole, kept, kept]))
    accessible = _completion_index(reachable, finds[0], capacity_m2)
    return all_index, accessible, active, ends_of(last, np.array([whole, kept]))


@njit(cache=CACHE, nogil=True)
def _residual_after(
    is_ap: np.ndarray, found: np.ndarray, available: np.ndarray, ap_index: int
) -> tuple[np.ndarray, bool, bool]:  # pragma: no cover - compiled
    """Per item, whether it is an Article 5 find after the Article 5 completion
    (``ap_index``: the residual capacity releases it); whether there is any; and whether
    some other item opens after that year within the horizon (then the stages are worked
    again with those finds held back). One pass, for numpy's three, without branches (the
    bitwise ``&``/``|`` rather than ``and``/``or``, ``a < inf`` for ``isfinite(a)``: ``-inf``
    is not ``> ap_index``), which the compiler turns into vector instructions: about a fifth
    of the time of the loop with branches at 100,000 areas."""
    n = len(found)
    residual = np.empty(n, dtype=np.bool_)
    some = False
    later = False
    for i in range(n):
        r = is_ap[i] & (found[i] > ap_index)
        residual[i] = r
        some |= r
        a = available[i]
        later |= (not r) & (a < np.inf) & (a > ap_index)
    return residual, some, some and later


class Counted:
    """What :func:`complete_compiled` counted of the last outcome it returned, for what is
    asked of that outcome next: its stages' last years of work (:meth:`stage_ends`, each
    pass of :func:`~landrelease.engine.costs.deploy`) and the years some area of the plan is
    open (:meth:`active`, once a draw). Asked of another outcome, each counts it afresh.
    With the :class:`~.compiled.StageRunner` that works the stages, the completion takes
    the counts the runner made as it put its outcome in item order (no pass of its own)."""

    def __init__(self, runner: StageRunner | None = None) -> None:
        self.runner = runner
        self._outcome: StageOutcome | None = None
        self._available = np.empty(0)
        self._residual = np.empty(0)
        self._ends = np.empty(0, dtype=np.int64)
        self._active = np.empty(0, dtype=bool)

    def keep(
        self,
        outcome: StageOutcome,
        available: np.ndarray,
        residual: np.ndarray,
        ends: np.ndarray,
        active: np.ndarray,
    ) -> None:
        """Remember the counts of ``outcome`` (for items whose available times are
        ``available``, with the residual capacity's ``residual``)."""
        self._outcome, self._available, self._residual = outcome, available, residual
        self._ends, self._active = ends, active

    def stage_ends(self, items: WorkItems, outcome: StageOutcome, n_years: int) -> dict[str, int]:
        """:func:`stage_ends_compiled` (same arguments and result)."""
        if outcome is not self._outcome or items.available_time is not self._available:
            return stage_ends_compiled(items, outcome, n_years)
        return {stage: int(e) for stage, e in zip(STAGES, self._ends, strict=True)}

    def active(
        self, items: WorkItems, outcome: StageOutcome, residual: np.ndarray, n_years: int
    ) -> np.ndarray:
        """Per year, whether some item not in ``residual`` is open during the year
        (:func:`open_at_year_end`'s second array with the mask ``~residual``)."""
        if outcome is not self._outcome or residual is not self._residual:
            return open_at_year_end(items, outcome, n_years, ~residual)[1]
        return self._active


_IS_AP: KeptForArrays[np.ndarray] = KeptForArrays(lambda type_code: IS_AP_TYPE[type_code])
"""Per item, whether its type is AP-mined, kept for the last items' type codes (the draws
of a case share them)."""


def _tally(items: WorkItems, outcome: StageOutcome, n_years: int, counted: Counted | None) -> Tally:
    """The :func:`.compiled_tally.tally` of a fresh ``outcome``: the runner's when it made
    it, else counted here. The runner counts an area as workable when it queued it; in the
    run without the Article 5 finds after its completion, those are held back (not queued)
    where ``items`` has them workable, but they are the areas set aside, which no count
    taken after that run includes: the same counts either way."""
    made = None if counted is None or counted.runner is None else counted.runner.tally_of(outcome)
    if made is not None:
        return made
    needed, year, _, _ = _parts(outcome)
    return tally(
        items.discovered_year_index,
        outcome.done_year,
        np.asarray(items.type_code, dtype=np.int64),
        IS_AP_TYPE,
        np.asarray(items.inaccessible, dtype=np.bool_),
        items.area_m2,
        items.available_time,
        needed,
        year,
        n_years,
    )


def complete_compiled(
    items: WorkItems,
    run: Callable[[WorkItems], StageOutcome],
    years: np.ndarray,
    residual_m2_per_year: float,
    counted: Counted | None = None,
) -> tuple[StageOutcome, PlanEnd]:
    """:func:`~landrelease.engine.completion.complete` (same arguments and result); ``run``
    must return a fresh outcome each call (the finds after completion are cleared in it).
    ``counted`` keeps what was counted of the outcome, for the questions asked of it next.

    The open counts and finds of every scope come from one :func:`.compiled_tally.tally`
    of the stages' outcome (two when the stages are worked again without the Article 5
    finds after its completion)."""
    n = len(years)
    found = items.discovered_year_index
    capacity = float(residual_m2_per_year)
    outcome = run(items)
    counts, finds, last = _tally(items, outcome, n, counted)
    ap_index, overrun = _article5_end(counts, finds, capacity)
    if ap_index < 0:
        residual = np.zeros(len(items), dtype=bool)
    else:
        residual, some, again = _residual_after(
            _IS_AP.get(items.type_code), found, items.available_time, ap_index
        )
        if some:
            if again:
                held = np.where(residual, np.inf, items.available_time)
                outcome = run(replace(items, available_time=held))
                counts, _, last = _tally(items, outcome, n, counted)
            _drop(residual, *_parts(outcome))
    all_index, accessible, active, ends = _plan_end(counts, finds, last, ap_index, capacity)
    if all_index >= 0:
        later_finds = found > all_index
        if later_finds.any():
            residual |= later_finds
            _drop(residual, *_parts(outcome))
    if counted is not None:
        counted.keep(outcome, items.available_time, residual, ends, active)
    return outcome, PlanEnd(
        article5_index=_index(ap_index),
        all_index=_index(all_index),
        residual=residual,
        accessible_article5_index=_index(accessible),
        overrun=tuple(int(i) for i in overrun),
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
