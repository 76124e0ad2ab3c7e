"""When the plan is complete, and what the residual capacity releases after it (Oslo Action
Plan #26).

Completion stays complete: the plan's teams work until the first year that ends with no
known area left (of the scope: AP-mined areas for Article 5, every area for the whole plan)
*and* after which each year's projected finds of that scope fit within the residual
capacity (``[costs] residual_m2_per_year``). From the year after, the residual capacity
releases what is found, in the year it is found; the plan no longer works on it. Without
the second condition, a plan whose teams finish early would declare completion while
discoveries reopen it, and then release AP-mined area for years after its stated
completion.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from landrelease.engine.items import AP_TYPES, WorkItems
from landrelease.engine.stages import StageOutcome, StageWork
from landrelease.engine.tables import open_counts
from landrelease.errors import Problem, warn
from landrelease.scenario.model import TYPES

__all__ = [
    "FIT_RTOL",
    "PlanEnd",
    "complete",
    "completion_index",
    "finds_by_year",
    "overrun_years",
    "warn_overrun",
    "without_items",
]

FIT_RTOL = 1e-9
"""Relative tolerance when comparing a year's finds with the residual capacity (finds equal
to the capacity fit, whatever the floating-point sums)."""


@dataclass(frozen=True)
class PlanEnd:
    """Year indexes of the Article 5 and whole-plan completion (``None``: not within the
    horizon) and, per item, whether the residual capacity releases it (found after the
    completion of its scope) instead of the plan's teams."""

    article5_index: int | None
    all_index: int | None
    residual: np.ndarray
    accessible_article5_index: int | None = None
    overrun: tuple[int, ...] = ()
    """Year indexes whose AP-mined finds exceeded the residual capacity after the known
    AP-mined area first reached zero, keeping the plan's teams at work."""


def finds_by_year(items: WorkItems, mask: np.ndarray, n_years: int) -> np.ndarray:
    """m² of the items in ``mask`` found in each year (projected discoveries)."""
    found = items.discovered_year_index
    keep = mask & (found >= 0) & (found < n_years)
    return np.bincount(found[keep], weights=items.area_m2[keep], minlength=n_years)


def _over(finds_m2: np.ndarray, capacity_m2: float) -> np.ndarray:
    return finds_m2 > capacity_m2 + FIT_RTOL * max(capacity_m2, 1.0)


def completion_index(open_end: np.ndarray, finds_m2: np.ndarray, capacity_m2: float) -> int | None:
    """First year index whose end leaves no known area (``open_end`` = 0) and after which
    every year's finds fit within the residual capacity (m² a year); ``None`` if none."""
    over = _over(finds_m2, capacity_m2)
    over_from = np.logical_or.accumulate(over[::-1])[::-1]  # some year from y on overruns
    fits_after = np.concatenate((~over_from[1:], [True]))
    hits = np.flatnonzero((open_end == 0) & fits_after)
    return int(hits[0]) if len(hits) else None


def overrun_years(
    open_end: np.ndarray, finds_m2: np.ndarray, capacity_m2: float, done: int | None
) -> np.ndarray:
    """Year indexes, after the first year that ends with no known area and up to ``done``
    (the completion index, or the horizon's end), whose finds exceed the residual capacity:
    the years that kept the plan's teams at work."""
    zero = np.flatnonzero(open_end == 0)
    if len(zero) == 0:
        return np.zeros(0, dtype=np.int64)
    years = np.arange(len(open_end))
    last = len(open_end) - 1 if done is None else done
    return years[(years > zero[0]) & (years <= last) & _over(finds_m2, capacity_m2)]


def without_items(outcome: StageOutcome, drop: np.ndarray) -> StageOutcome:
    """The outcome with the items in ``drop`` taken out of the plan: no stage needed, no
    stage year, no work, not completed by the plan (the residual capacity releases them)."""
    if not drop.any():
        return outcome

    def stage(work: StageWork) -> StageWork:
        return replace(work, start_level=np.where(drop, np.nan, work.start_level))

    def year(values: np.ndarray) -> np.ndarray:
        return np.where(drop, -1, values)

    def needed(flags: np.ndarray) -> np.ndarray:
        return flags & ~drop

    return replace(
        outcome,
        nts_needed=needed(outcome.nts_needed),
        ts_needed=needed(outcome.ts_needed),
        clearance_needed=needed(outcome.clearance_needed),
        nts_year=year(outcome.nts_year),
        ts_year=year(outcome.ts_year),
        clearance_year=year(outcome.clearance_year),
        done_year=year(outcome.done_year),
        nts=stage(outcome.nts),
        ts=stage(outcome.ts),
        clearance=stage(outcome.clearance),
    )


_IS_AP = np.array([t in AP_TYPES for t in TYPES])
"""Per contamination type code, whether it is AP-mined (a lookup table: cheaper than
``np.isin`` for every run of the stages)."""


def _ap_mask(items: WorkItems) -> np.ndarray:
    return _IS_AP[np.asarray(items.type_code, dtype=np.int64)]


def complete(
    items: WorkItems,
    run: Callable[[WorkItems], StageOutcome],
    years: np.ndarray,
    residual_m2_per_year: float,
) -> tuple[StageOutcome, PlanEnd]:
    """Work the items (``run``: the stages on a set of items), find the Article 5 and the
    whole-plan completion, and take the finds after each out of the plan.

    AP-mined finds after the Article 5 completion go to the residual capacity; the stages
    are then worked again without them when other areas come after them in the order (they
    may finish sooner; nothing before them moves, so the Article 5 completion stands). Every
    find after the whole plan's completion goes to the residual capacity too; those come last
    in the order, so taking them out moves nothing. The plan's stages do not need the items
    the residual capacity releases (their ``*_needed`` flags are cleared), so no team waits
    for them. A residual capacity too small for the finds after the known AP-mined area
    first reaches zero is recorded in ``overrun``; :func:`warn_overrun` says so (once per
    projection, though the stages may be worked several times while teams are released).
    """
    n = len(years)
    ap = _ap_mask(items)
    outcome = run(items)
    ap_open, _ = open_counts(items, outcome, n, ap)
    ap_finds = finds_by_year(items, ap, n)
    ap_index = completion_index(ap_open, ap_finds, residual_m2_per_year)
    residual = np.zeros(len(items), dtype=bool)
    if ap_index is not None:
        residual = ap & (items.discovered_year_index > ap_index)
        later = np.isfinite(items.available_time) & (items.available_time > ap_index) & ~residual
        if residual.any() and later.any():
            held = np.where(residual, np.inf, items.available_time)
            outcome = without_items(run(replace(items, available_time=held)), residual)
        else:
            outcome = without_items(outcome, residual)
    open_all, _ = open_counts(items, outcome, n, ~residual)
    all_index = completion_index(
        open_all, finds_by_year(items, np.ones(len(items), dtype=bool), n), residual_m2_per_year
    )
    if all_index is not None:
        residual |= items.discovered_year_index > all_index
        outcome = without_items(outcome, residual)
    reachable, _ = open_counts(items, outcome, n, ap & ~items.inaccessible & ~residual)
    overrun = overrun_years(ap_open, ap_finds, residual_m2_per_year, ap_index)
    return outcome, PlanEnd(
        article5_index=ap_index,
        all_index=all_index,
        residual=residual,
        accessible_article5_index=completion_index(reachable, ap_finds, residual_m2_per_year),
        overrun=tuple(int(i) for i in overrun),
    )


def warn_overrun(
    items: WorkItems, years: np.ndarray, plan_end: PlanEnd, capacity_m2: float
) -> None:
    """Warn when the residual capacity (m² a year) is overrun by the projected finds of
    AP-mined area in the years :func:`complete` recorded in ``plan_end.overrun``."""
    if not plan_end.overrun:
        return
    finds_m2 = finds_by_year(items, _ap_mask(items), len(years))
    overrun = np.array(plan_end.overrun, dtype=np.int64)
    done = plan_end.article5_index
    shown = ", ".join(f"{int(years[i])} ({finds_m2[i]:,.0f} m²)" for i in overrun[:3])
    if len(overrun) > 3:
        shown += f" and {len(overrun) - 3} later year(s) to {int(years[overrun[-1]])}"
    until = (
        f"the plan's teams work on until {int(years[done])}"
        if done is not None
        else "Article 5 completion is not reached within the horizon"
    )
    warn(
        [
            Problem(
                check="residual_capacity",
                message=f"the residual capacity ({capacity_m2:,.0f} m² a year, "
                "costs.residual_m2_per_year) is overrun by the projected finds of AP-mined "
                f"area in {shown}: {until}",
                expected="a residual capacity that can release each year's projected finds "
                "(Oslo Action Plan #26)",
                severity="warning",
            )
        ],
        stacklevel=4,
    )
