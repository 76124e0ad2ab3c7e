"""The engine check's repairs: where the engine finds a mix late, what to solve again with.

The aggregate model is a relaxation of the engine's queue: within a year it lets a stage
use all the work its previous stage makes ready that year, and it bounds ready work by the
least concave majorant of the queue's true curve. Where the engine finishes later, the most
upstream stage short of what completion needs is repaired:

- a stage that left capacity idle waited for the previous one (confirmed areas behind
  suspected ones in the order, or survey finishing late in a year): the previous stage is
  kept ahead, every year, of what the stage's planned work needs along the true queue
  (:meth:`~.aggregate.Aggregate.feeding`), and from the second such repair ahead of a
  growing share (:data:`LEAD_STEP`) of the next year's planned work too; where it was
  already ahead at every year's end, the stage waited within the year, and the previous
  stage counts its output lower (more of its teams: it finishes earlier in the year);
- a stage that used all its capacity and was still short counts its output lower (at least
  :data:`MIN_EFFICIENCY` of it);
- when every stage did its work but completion still came later, clearance output counts
  :data:`FALLBACK_STEP` lower.
"""

from __future__ import annotations

import numpy as np

from landrelease.engine.capacity import STAGE_OF_KIND, STAGES
from landrelease.engine.kernels import ramp_up_share
from landrelease.engine.result import ProjectionResult
from landrelease.optimise.aggregate import Aggregate
from landrelease.scenario.model import TEAM_KINDS

__all__ = [
    "FALLBACK_STEP",
    "LEAD_STEP",
    "MIN_EFFICIENCY",
    "STAGE_NAME",
    "STAGE_RTOL",
    "repair",
    "stage_progress",
]

LEAD_STEP = 0.25
"""From the second repair of a stage that waited for the previous one, the previous stage
is kept ahead of a further quarter of the next year's planned work of the stage (work flows
through a year, not only at its end)."""
MIN_EFFICIENCY = 0.5
"""A stage short of capacity counts its output at least this share in a repair (one repair
never more than doubles what is bought)."""
FALLBACK_STEP = 0.03
"""Clearance output counted 3% lower when no stage is short yet completion is late."""
STAGE_RTOL = 1e-6
"""Relative tolerance when comparing a stage's work done with what completion requires."""
IDLE_SHARE = 0.5
"""A stage whose unused capacity is more than this share of its shortfall waited for the
previous stage (rather than ran out of capacity)."""
STAGE_NAME = {"nts": "non-technical survey", "ts": "technical survey", "clearance": "clearance"}
"""Each stage in words."""
_PREVIOUS = {"ts": "nts", "clearance": "ts"}


def stage_progress(
    result: ProjectionResult, agg: Aggregate, teams: dict[str, np.ndarray], ramp_up_years: int
) -> dict[str, tuple[float, float]]:
    """By stage, ``(work done, capacity)`` in the engine's projection through the year asked,
    in the stage's unit (team-years of full output; clearance m² on factory-made AP mines);
    ``teams`` are the mix's whole teams by kind."""
    by_year = int(agg.years[agg.by_index])
    work = result.work_by_type
    work = work[(work["contamination_type"].astype(str) != "article5") & (work["year"] <= by_year)]
    annual = result.annual[result.annual["year"] <= by_year]
    n = len(annual)
    out = {}
    for stage, column in zip(
        STAGES, ("nts_team_years", "ts_team_years", "clearance_work_m2"), strict=True
    ):
        capacity = 0.0
        for k in TEAM_KINDS:
            if STAGE_OF_KIND[k] != stage:
                continue
            funded = annual[f"funded_team_years_{k}"].to_numpy(dtype=float)
            share = ramp_up_share(teams[k], ramp_up_years)[:n]
            capacity += float(np.sum(funded * share)) * agg.capacity_per_team_year(k)
        out[stage] = (float(work[column].sum()), capacity)
    return out


def _ahead_already(
    agg: Aggregate, stage: str, planned: dict[str, np.ndarray], leads: dict[str, float]
) -> bool:
    """Whether the previous stage's planned work already kept ahead, at every year's end, of
    what the stage's planned work (and the share of the next year's a repair asks) needs
    along the queue: keeping it ahead again would change nothing."""
    previous = _PREVIOUS[stage]
    path = planned[stage]
    lead = leads.get(stage, 0.0)
    ahead = path + lead * (np.append(path[1:], path[-1]) - path)
    need = np.minimum(agg.feeding(stage, ahead), agg.available[previous])
    tolerance = STAGE_RTOL * max(agg.total[previous], 1.0)
    return bool(np.all(planned[previous] >= need - tolerance))


def repair(
    agg: Aggregate,
    planned: dict[str, np.ndarray],
    progress: dict[str, tuple[float, float]],
    efficiency: dict[str, float],
    floors: dict[str, np.ndarray],
    leads: dict[str, float],
) -> str:
    """Repair the most upstream stage the engine found short (see the module), updating
    ``efficiency`` (share of output counted, by stage), ``floors`` (least cumulative work by
    the end of each year, by stage) and ``leads`` (share of the next year's work kept ahead,
    by stage); return what was done, in words. ``planned``: the program's cumulative work
    by stage at each year's end; ``progress``: :func:`stage_progress` of the engine."""
    by_year = int(agg.years[agg.by_index])
    for stage in STAGES:
        done, capacity = progress[stage]
        need = agg.required[stage]
        short = need - done
        if short <= STAGE_RTOL * max(need, 1.0):
            continue
        previous = _PREVIOUS.get(stage)
        waited = previous is not None and capacity - done > IDLE_SHARE * short
        if waited and previous is not None and _ahead_already(agg, stage, planned, leads):
            # the previous stage was ahead at every year's end: the stage waited for it
            # within the year, so the previous stage must work faster, not longer
            factor = max(done / need, MIN_EFFICIENCY)
            efficiency[previous] = efficiency.get(previous, 1.0) * factor
            return (
                f"{STAGE_NAME[stage]} waited for {STAGE_NAME[previous]} within the year and "
                f"was short by {100 * short / need:.2f}% of its work in {by_year}: solved "
                f"again counting {100 * efficiency[previous]:.1f}% of "
                f"{STAGE_NAME[previous]} output (more of its teams, done earlier in the year)"
            )
        if waited and previous is not None:
            lead = leads.get(stage)
            lead = 0.0 if lead is None else min(lead + LEAD_STEP, 1.0)
            leads[stage] = lead
            path = planned[stage]
            ahead = path + lead * (np.append(path[1:], path[-1]) - path)
            floor = np.minimum(agg.feeding(stage, ahead), agg.available[previous])
            floors[previous] = np.maximum(floors.get(previous, floor), floor)
            extra = f" and {100 * lead:.0f}% of the next year's" if lead > 0 else ""
            return (
                f"{STAGE_NAME[stage]} waited for {STAGE_NAME[previous]} and was short by "
                f"{100 * short / need:.2f}% of its work in {by_year}: solved again with "
                f"{STAGE_NAME[previous]} kept ahead of what each year's planned "
                f"{STAGE_NAME[stage]}{extra} needs, area by area in the order of work"
            )
        factor = max(done / need, MIN_EFFICIENCY) if need > 0 else 1.0
        efficiency[stage] = efficiency.get(stage, 1.0) * factor
        return (
            f"{STAGE_NAME[stage]} was short by {100 * short / need:.2f}% of its work in "
            f"{by_year}: solved again counting {100 * efficiency[stage]:.1f}% of its output"
        )
    efficiency["clearance"] = efficiency.get("clearance", 1.0) * (1.0 - FALLBACK_STEP)
    return (
        "every stage did its work but Article 5 completion came later: solved again counting "
        f"{100 * efficiency['clearance']:.1f}% of clearance output"
    )
