"""The aggregate (stage-by-stage area) model of a country under a scenario, for the team-mix
optimiser: each stage's work along the fixed order of work, what is ready when, and what
Article 5 completion by a year requires.

The engine serves areas one after another in one fixed order (accessible first, then
priority; docs/model.md), so a stage's cumulative work done is all that matters to the
aggregate: a stage has done ``d`` of its cumulative work, and

- no more than the areas open by then hold (``ready_m2`` … :attr:`Aggregate.available`),
- no more than its previous stage has made ready: technical survey follows non-technical
  survey of each area in proportion (an SHA's TS work is ready as its NTS is done, a CHA's at
  once, but always in the queue's order), clearance follows technical survey. Ready work as
  a function of the previous stage's work done is a non-decreasing, piecewise-linear curve
  along the queue; the aggregate keeps its least concave majorant (:attr:`Aggregate.feeds`,
  lines ``d_next ≤ a + b·d_prev``), exact where the curve is concave and optimistic where
  confirmed areas come late in the order — the engine's check finds those cases.

Work is in each stage's unit: NTS and TS team-years (of full output), clearance m² on
factory-made AP mines (m² ÷ type factor), exactly as :func:`~landrelease.engine.stages.run_stages`
counts it.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from landrelease.domain.country import Country
from landrelease.engine.capacity import STAGES, YearlyPlan, yearly_plan
from landrelease.engine.items import AP_TYPES, WorkItems, build_items
from landrelease.engine.kernels import release_outcomes, serving_order
from landrelease.engine.project import resolve_assumptions
from landrelease.scenario.model import CLEARANCE_KINDS, TYPES, Scenario

__all__ = ["SAME_X", "Aggregate", "aggregate_model", "concave_majorant", "stage_work"]

SAME_X = 1e-12
"""Points of a feed curve closer than this in x (relative to the largest x, at least 1 unit
of work) are one point: a smaller step would give a slope beyond floating-point range."""


@dataclass(frozen=True)
class Aggregate:
    """The aggregate model over the scenario's years (index 0 = start year).

    ``work`` by stage: each queued area's work, in the order of work; ``available`` by stage:
    cumulative work of the areas open by the end of each year; ``required`` by stage: the
    cumulative work through the last area Article 5 completion by ``by_index`` needs (AP
    areas and AP finds up to that year; everything before them in the order comes with them);
    ``total`` by stage: all queued work (the programme closes when it is done); ``feeds``:
    for ``ts`` and ``clearance``, lines ``(a, b)`` with ``ready ≤ a + b · done(previous)``.
    ``cumulative`` by stage: the queue's cumulative work, from 0 (one more element than
    ``work``). ``m2_per_team_year`` is the resolved productivity by kind (clearance kinds on
    factory-made AP mines); ``plan`` the scenario's yearly plan (prices, money).
    ``ap_finds_after_m2``: AP-mined area found in each year after ``by_index`` (the residual
    capacity's to release); ``ap_unavailable_m2``: AP-mined area not open by then.
    """

    years: np.ndarray
    by_index: int
    work: dict[str, np.ndarray]
    available: dict[str, np.ndarray]
    required: dict[str, float]
    total: dict[str, float]
    feeds: dict[str, np.ndarray]
    m2_per_team_year: dict[str, float]
    plan: YearlyPlan
    ap_finds_after_m2: np.ndarray
    ap_unavailable_m2: float
    cumulative: dict[str, np.ndarray]

    def feeding(self, stage: str, level: np.ndarray) -> np.ndarray:
        """The previous stage's cumulative work that makes ``level`` of ``stage``'s
        cumulative work ready along the queue (the true curve, not its concave majorant):
        every area before the one holding ``level`` done, and of that area the share of its
        previous-stage work that ``level`` reaches into it (all of it ready at once for an
        area without previous-stage work). ``stage`` is ``ts`` or ``clearance``."""
        previous = {"ts": "nts", "clearance": "ts"}[stage]
        mine, theirs = self.cumulative[stage], self.cumulative[previous]
        if len(mine) <= 1:
            return np.zeros(np.shape(level))
        target = np.clip(np.asarray(level, dtype=float), 0.0, mine[-1])
        # the area holding the level: the first whose cumulative end reaches it
        i = np.clip(np.searchsorted(mine, target, side="left"), 1, len(mine) - 1)
        own = mine[i] - mine[i - 1]
        feed = theirs[i] - theirs[i - 1]
        with np.errstate(divide="ignore", invalid="ignore"):
            into = np.where(own > 0, (target - mine[i - 1]) / np.where(own > 0, own, 1.0), 0.0)
        return theirs[i - 1] + feed * np.clip(into, 0.0, 1.0)

    def capacity_per_team_year(self, kind: str) -> float:
        """Work one team-year of full output of ``kind`` does in its stage's unit."""
        return self.m2_per_team_year[kind] if kind in CLEARANCE_KINDS else 1.0


def concave_majorant(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Lines ``(a, b)`` whose minimum is the least concave majorant of the points
    ``(x, y)`` (both non-decreasing along the queue, from ``(0, y0)``) up to the last x;
    empty when every x is 0 (nothing limits ``y``). Points within :data:`SAME_X` of each
    other in x count as one (the highest), so no slope is out of floating-point range."""
    order = np.lexsort((y, x))
    px, py = x[order], y[order]
    same = SAME_X * max(abs(float(px[-1])), 1.0) if len(px) else 0.0
    hull: list[tuple[float, float]] = []
    for point in zip(px.tolist(), py.tolist(), strict=True):
        while hull and point[0] - hull[-1][0] <= same:
            # the same x: keep the first x and the highest y
            point = (hull[-1][0], max(point[1], hull.pop()[1]))
        while len(hull) >= 2:
            (x1, y1), (x2, y2) = hull[-2], hull[-1]
            # drop the middle point when it lies on or under the chord to the new point
            if (y2 - y1) * (point[0] - x1) <= (point[1] - y1) * (x2 - x1):
                hull.pop()
            else:
                break
        hull.append(point)
    lines = []
    for (x1, y1), (x2, y2) in itertools.pairwise(hull):
        slope = (y2 - y1) / (x2 - x1)
        lines.append((y1 - slope * x1, slope))
    return np.array(lines, dtype=float).reshape(-1, 2)


def stage_work(
    items: WorkItems,
    sha_cancelled_frac: np.ndarray,
    ts_reduced_frac: np.ndarray,
    type_factor: np.ndarray,
    nts_m2_per_team_year: float,
    ts_m2_per_team_year: float,
) -> dict[str, np.ndarray]:
    """Per item, the work of each stage (NTS and TS team-years, clearance m² on factory-made
    AP mines), as :func:`~landrelease.engine.stages.run_stages` counts it; shares and type
    factors are indexed by type code."""
    t = items.type_code
    cancelled, _, cleared = release_outcomes(
        items.area_m2, items.is_sha, sha_cancelled_frac[t], ts_reduced_frac[t]
    )
    addressed = items.area_m2 - cancelled
    factor = type_factor[t]
    with np.errstate(divide="ignore", invalid="ignore"):
        nts = np.where(items.is_sha, items.area_m2 / nts_m2_per_team_year, 0.0)
        ts = np.where(addressed > 0, addressed / (ts_m2_per_team_year * factor), 0.0)
        clearance = np.where(cleared > 0, cleared / factor, 0.0)
    return {"nts": nts, "ts": ts, "clearance": clearance}


def _level_through(cumulative: np.ndarray, mask: np.ndarray) -> float:
    """Cumulative work through the last position of ``mask`` (0 when none)."""
    hits = np.flatnonzero(mask)
    return float(cumulative[hits[-1]]) if len(hits) else 0.0


def aggregate_model(country: Country, scenario: Scenario, by_year: int) -> Aggregate:
    """The aggregate model of ``country`` under ``scenario`` for completion by ``by_year``
    (a year of the scenario's horizon; the caller checks it).

    Productivity the scenario needs calibrated comes from the history
    (:func:`~landrelease.engine.project.resolve_assumptions`); a kind with no productivity
    does no work here (its productivity is 0).
    """
    fc, fr, productivity, _ = resolve_assumptions(country, scenario)
    items = build_items(country, scenario)
    years = scenario.years
    by_index = int(by_year - scenario.start_year)
    shares = (np.array([fc.get(t, 0.0) for t in TYPES]), np.array([fr.get(t, 0.0) for t in TYPES]))
    factor = np.array([scenario.productivity.factor(t) for t in TYPES])
    per_item = stage_work(items, *shares, factor, productivity["nts"], productivity["ts"])
    is_ap = np.isin(items.type_code, [i for i, t in enumerate(TYPES) if t in AP_TYPES])
    found = items.discovered_year_index
    later_find = is_ap & (found > by_index)  # the residual capacity's, if it can
    order = serving_order(items.available_time, items.rank)
    queued = order[np.isfinite(items.available_time[order]) & ~later_find[order]]
    needed = is_ap[queued] & (items.available_time[queued] <= by_index)
    open_time = items.available_time[queued]
    work, available, required, total, cumulative = {}, {}, {}, {}, {}
    for stage in STAGES:
        w = per_item[stage][queued]
        cum = np.cumsum(w)
        work[stage] = w
        cumulative[stage] = np.concatenate(([0.0], cum))
        last_open = np.searchsorted(open_time, np.arange(len(years)), side="right")
        available[stage] = cumulative[stage][last_open]
        required[stage] = _level_through(cum, needed & (w > 0))
        total[stage] = float(cum[-1]) if len(cum) else 0.0
    feeds = {
        "ts": concave_majorant(cumulative["nts"], cumulative["ts"]),
        "clearance": concave_majorant(cumulative["ts"], cumulative["clearance"]),
    }
    finds = np.bincount(
        found[later_find & (found < len(years))],
        weights=items.area_m2[later_find & (found < len(years))],
        minlength=len(years),
    )
    closed = is_ap & ~later_find & ~(items.available_time <= by_index)
    return Aggregate(
        years=years,
        by_index=by_index,
        work=work,
        available=available,
        required=required,
        total=total,
        feeds=feeds,
        m2_per_team_year=productivity,
        plan=yearly_plan(scenario, productivity),
        ap_finds_after_m2=finds[by_index + 1 :],
        ap_unavailable_m2=float(items.area_m2[closed].sum()),
        cumulative=cumulative,
    )
