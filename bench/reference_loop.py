"""A plain per-area Python loop implementing the projection model, to check the engine.

It implements the same model as :func:`landrelease.engine.project` but independently of its
vectorised kernels (no ``serve_queue``/``level_to_time``/``time_to_level``/
``release_outcomes``/``run_stages``). Only the inputs are shared: the work items
(:func:`~landrelease.engine.items.build_items`), the yearly capacities
(:func:`~landrelease.engine.capacity.yearly_plan`) and the resolved assumptions
(:func:`~landrelease.engine.project.resolve_assumptions`).

The model, as this loop implements it
-------------------------------------
Time is in years from 1 January of the start year; a stage's capacity of year ``y`` is
spread evenly over that year.

* Outcomes of an area ``A``: ``cancelled = A·fc`` (SHA only), ``reduced = (A − cancelled)·fr``,
  ``cleared = (A − cancelled) − reduced``.
* Work: NTS ``A / P_nts`` team-years (SHA only); TS ``(A − cancelled) / (P_ts·factor)``
  team-years; clearance ``cleared / factor`` m² on ap_mine. Capacities per year are
  ``plan.nts_capacity``, ``plan.ts_capacity``, ``plan.clearance_capacity_m2`` of the plan
  in which each kind's teams are released after its stage's last year of work (found by
  repeating the serving until it settles; see the comment in :func:`reference_run`).
* Each stage is one server. Areas with work are served one at a time in ONE FIXED ORDER, the
  same for every stage: by the time the area becomes accessible (or is found), then by
  priority rank. An area starts at ``max(previous area's finish, its ready time)`` (ready:
  NTS ``available_time``; TS the NTS finish; clearance the TS finish) and then consumes
  capacity year by year until its work is done. Capacity idle while the next area is not
  ready is lost. An area with no work in a stage passes it at its ready time.
* The finish year is the year whose cumulative capacity reaches the area's finish level
  ``L`` (cumulative capacity at the start plus the work); a level reached exactly at a
  year's end belongs to that year. As in the engine, ``L`` counts as reached once the
  cumulative capacity is within ``LEVEL_RTOL·max(L, 1)`` of it (``LEVEL_RTOL = 1e-9``),
  which absorbs floating-point sums. Two choices make the loop exact where rounding would
  otherwise decide: an area whose level is reached at a year's end within that tolerance
  finishes at exactly that year's end (so ties with areas that become ready on 1 January are
  true ties, broken by rank), and an area never finishes in a year before it started.
* Area counts as released in the year the stage that releases it finishes. An area is
  complete in the last year of its needed stages; it is open from its discovery year
  (baseline areas: from the start) to the end of its completion year.
* Stocks are computed per area (what each open area still holds at the end of each year),
  not from the flows, so the stock/flow identity is checked too. Stocks below 1e-4 m² are
  shown as zero, as the engine does (floating-point dust).
* Years kept: up to the last year in which some area is open plus ``residual_years``
  (all years when the last active year is the horizon's last).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from landrelease.domain.country import Country
from landrelease.engine.capacity import yearly_plan
from landrelease.engine.items import build_items
from landrelease.engine.project import resolve_assumptions
from landrelease.scenario.model import TYPES, Scenario

__all__ = ["LEVEL_RTOL", "Run", "reference_project", "reference_run"]

LEVEL_RTOL = 1e-9
"""Relative tolerance on the cumulative capacity level (same value as the engine's)."""
DUST_M2 = 1e-4
"""Stocks below this are shown as zero (same convention as the engine)."""
INF = math.inf
FLOWS = (
    "hazards_completed",
    "cancelled_area_m2",
    "reduced_area_m2",
    "cleared_area_m2",
    "released_area_m2",
    "discovered_area_m2",
)
STOCKS = ("remaining_sha_area_m2", "remaining_cha_area_m2", "remaining_area_m2")


class Server:
    """One stage's capacity over the years, consumed from a start time."""

    def __init__(self, per_year: list[float]) -> None:
        self.per_year = per_year
        self.before: list[float] = [0.0]  # cumulative capacity at the start of each year
        for cap in per_year:
            self.before.append(self.before[-1] + cap)

    def level_at(self, t: float) -> float:
        """Cumulative capacity used up to time ``t`` (only for the tolerance)."""
        y = int(t)
        return self.before[y] + (t - y) * self.per_year[y]

    def work_from(self, start: float, work: float) -> tuple[float, int, str]:
        """Finish time and year index of ``work`` begun at ``start``, and how it ended:
        ``"inside"`` a year, at a ``"year_end"`` (within the tolerance), ``"tiny"`` (the work
        is within the tolerance itself) or ``"never"`` (``(inf, -1)``: not within the
        horizon)."""
        n = len(self.per_year)
        if not start < n:  # also inf
            return INF, -1, "never"
        level = self.level_at(start) + work
        tolerance = LEVEL_RTOL * max(abs(level), 1.0)
        t = start
        left = work
        year = math.floor(t)
        while year < n:
            cap = self.per_year[year]
            avail = (year + 1 - t) * cap
            if left - avail <= tolerance:
                how = "tiny" if work <= tolerance else "inside"
                if cap > 0 and left - avail < -tolerance:
                    return t + left / cap, year, how
                return float(year + 1), year, "tiny" if how == "tiny" else "year_end"
            left -= avail
            year += 1
            t = float(year)
        return INF, -1, "never"


def work_needed(amount: float, per_unit: float) -> float:
    """Work = amount / productivity (0 for nothing to do; inf without productivity)."""
    if amount <= 0:
        return 0.0
    if per_unit <= 0:
        return INF
    return amount / per_unit


@dataclass
class Stage:
    """What one stage did to each area."""

    finish: list[float]  # finish time; the ready time when the area had no work here
    year: list[int]  # finish year index; -1 = not served or not finished
    year_end: list[bool]  # finished at a year's end within the tolerance (or passed one on)
    tiny: list[bool]  # served, with work within the tolerance


def serve(
    work: list[float],
    ready: list[float],
    key: list[tuple[float, int]],
    server: Server,
    ready_at_end: list[bool],
) -> Stage:
    """Serve one stage: areas with work, one at a time, strictly in the fixed order ``key``
    (time the area becomes accessible or is found, then priority rank); an area starts when
    the one before it is done and its previous stage has ended.

    ``ready_at_end`` says which ready times are year ends reached within the tolerance by
    the previous stage (passed on to the next stage, for :attr:`Run.year_end_ties`).
    """
    n = len(work)
    stage = Stage(list(ready), [-1] * n, list(ready_at_end), [False] * n)
    queue = [i for i in range(n) if work[i] > 0]  # never ready: holds its place
    queue.sort(key=lambda i: key[i])
    busy_until = 0.0
    for i in queue:
        start = max(busy_until, ready[i])
        stage.finish[i], stage.year[i], how = server.work_from(start, work[i])
        stage.year_end[i] = how == "year_end"
        stage.tiny[i] = how == "tiny"
        busy_until = stage.finish[i]
    return stage


def year_end_ties(work: list[float], ready: list[float], ready_at_end: list[bool]) -> set[int]:
    """Areas queued at the same ready time as another, where one of them became ready at a
    year's end reached within the tolerance: their order rests on a true tie (rank)."""
    by_time: dict[float, list[int]] = {}
    for i in range(len(work)):
        if work[i] > 0 and math.isfinite(ready[i]):
            by_time.setdefault(ready[i], []).append(i)
    tied: set[int] = set()
    for group in by_time.values():
        if len(group) > 1 and any(ready_at_end[i] for i in group):
            tied.update(group)
    return tied


@dataclass
class Run:
    """The loop's full result: the two tables and notes on rounding-sensitive cases."""

    schedule: pd.DataFrame
    annual: pd.DataFrame
    year_end_ties: list[str] = field(default_factory=list)
    """Areas whose serving order rests on a tie at a year's end reached within the
    tolerance (a vectorised engine may break it by rounding instead of by rank)."""
    tiny_work: list[str] = field(default_factory=list)
    """Areas with some stage's work within ``LEVEL_RTOL·level`` (finish years of such areas
    depend on how the tolerance is applied)."""


def reference_project(country: Country, scenario: Scenario) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Schedule (one row per area) and national annual flows/stocks, by a per-area loop."""
    run = reference_run(country, scenario)
    return run.schedule, run.annual


def reference_run(country: Country, scenario: Scenario) -> Run:
    """Project ``country`` under ``scenario`` with the per-area loop."""
    fc, fr, productivity, _ = resolve_assumptions(country, scenario)
    items = build_items(country, scenario)
    plan = yearly_plan(scenario, productivity)
    years = [int(y) for y in plan.years]
    n_years = len(years)
    n = len(items)

    area = [float(a) for a in items.area_m2]
    is_sha = [bool(s) for s in items.is_sha]
    kind = [TYPES[int(t)] for t in items.type_code]
    rank = [int(r) for r in items.rank]
    available = [float(t) for t in items.available_time]
    found = [int(d) for d in items.discovered_year_index]

    cancelled, reduced, cleared = [0.0] * n, [0.0] * n, [0.0] * n
    nts_work, ts_work, clear_work = [0.0] * n, [0.0] * n, [0.0] * n
    for i in range(n):
        a = area[i]
        c = a * fc.get(kind[i], 0.0) if is_sha[i] else 0.0
        addressed = a - c
        r = addressed * fr.get(kind[i], 0.0)
        cancelled[i], reduced[i], cleared[i] = c, r, addressed - r
        factor = scenario.productivity.factor(kind[i])
        nts_work[i] = work_needed(a if is_sha[i] else 0.0, productivity["nts"])
        ts_work[i] = work_needed(addressed, productivity["ts"] * factor)
        clear_work[i] = work_needed(cleared[i], factor)

    to_float = lambda values: [float(v) for v in values]  # noqa: E731
    order_key = [(available[i], rank[i]) for i in range(n)]
    needed = [
        is_sha,
        [area[i] - cancelled[i] > 0 for i in range(n)],
        [cleared[i] > 0 for i in range(n)],
    ]

    def serve_all(plan: Any) -> tuple[list[Stage], set[int]]:
        stages, ties = [], set()
        ready, ready_at_end = available, [False] * n
        for work, capacity in (
            (nts_work, plan.nts_capacity),
            (ts_work, plan.ts_capacity),
            (clear_work, plan.clearance_capacity_m2),
        ):
            ties |= year_end_ties(work, ready, ready_at_end)
            stage = serve(work, ready, order_key, Server(to_float(capacity)), ready_at_end)
            stages.append(stage)
            ready, ready_at_end = stage.finish, stage.year_end
        return stages, ties

    # Teams are released once their stage has no work left or arriving (docs/model.md): a
    # stage's last year of work is its last finish among areas that need it and become
    # workable within the horizon, the horizon's end while one of them is unfinished.
    # Releasing them frees money for kinds after them in the spending order; repeat until
    # the capacities up to each stage's end stop changing.
    plan = yearly_plan(scenario, productivity)
    for _ in range(3 * n_years + 2):
        stages, ties = serve_all(plan)
        ends = {}
        for name, stage, need in zip(("nts", "ts", "clearance"), stages, needed, strict=True):
            years_done = [
                stage.year[i] for i in range(n) if need[i] and math.isfinite(available[i])
            ]
            unfinished = any(y < 0 for y in years_done)
            ends[name] = n_years - 1 if unfinished else max(years_done, default=-1)
        released = yearly_plan(scenario, productivity, ends)
        same = all(
            list(plan.capacity(s)[: ends[s] + 1]) == list(released.capacity(s)[: ends[s] + 1])
            for s in ends
        )
        plan = released
        if same:
            break
    y_nts, y_ts, y_clear = (stage.year for stage in stages)
    tiny = {i for stage in stages for i in range(n) if stage.tiny[i]}

    stage_years: list[list[int]] = []  # per area: [nts, ts, clearance], -1 = not needed/reached
    done: list[int] = []
    for i in range(n):
        needs = [
            (is_sha[i], y_nts[i]),
            (area[i] - cancelled[i] > 0, y_ts[i]),
            (cleared[i] > 0, y_clear[i]),
        ]
        stage_years.append([y if needed else -1 for needed, y in needs])
        needed_years = [y for needed, y in needs if needed]
        done.append(max(needed_years) if min(needed_years) >= 0 else -1)

    # Flows by year.
    flows = {col: [0.0] * n_years for col in FLOWS}
    for i in range(n):
        y_n, y_t, y_c = stage_years[i]
        if done[i] >= 0:
            flows["hazards_completed"][done[i]] += 1
        if y_n >= 0:
            flows["cancelled_area_m2"][y_n] += cancelled[i]
        if y_t >= 0:
            flows["reduced_area_m2"][y_t] += reduced[i]
        if y_c >= 0:
            flows["cleared_area_m2"][y_c] += cleared[i]
        if found[i] >= 0:
            flows["discovered_area_m2"][found[i]] += area[i]
    for y in range(n_years):
        released = flows["cancelled_area_m2"][y] + flows["reduced_area_m2"][y]
        flows["released_area_m2"][y] = released + flows["cleared_area_m2"][y]

    # Stocks per area: what each area still holds at the end of each year it is open.
    open_from = [max(f, 0) for f in found]
    remaining, remaining_sha = [0.0] * n_years, [0.0] * n_years
    active = [False] * n_years  # some area open during the year
    for i in range(n):
        y_n, y_t, y_c = stage_years[i]
        for y in range(open_from[i], n_years):
            if 0 <= done[i] < y:
                break
            active[y] = True
            if done[i] == y:
                break
            left = area[i]
            if 0 <= y_n <= y:
                left -= cancelled[i]
            if 0 <= y_t <= y:
                left -= reduced[i]
            if 0 <= y_c <= y:
                left -= cleared[i]
            remaining[y] += left
            if is_sha[i] and not 0 <= y_n <= y:
                remaining_sha[y] += area[i]
    remaining = [0.0 if v < DUST_M2 else v for v in remaining]
    remaining_sha = [
        0.0 if s < DUST_M2 else min(s, r) for s, r in zip(remaining_sha, remaining, strict=True)
    ]

    last_active = max((y for y in range(n_years) if active[y]), default=-1)
    if last_active == n_years - 1:
        kept = n_years
    else:
        kept = min(max(last_active, 0) + scenario.costs.residual_years, n_years - 1) + 1
    annual: dict[str, Any] = {"year": years[:kept]}
    for col in FLOWS:
        annual[col] = flows[col][:kept]
    annual["remaining_sha_area_m2"] = remaining_sha[:kept]
    annual["remaining_cha_area_m2"] = [
        r - s for r, s in zip(remaining[:kept], remaining_sha[:kept], strict=True)
    ]
    annual["remaining_area_m2"] = remaining[:kept]
    annual_df = pd.DataFrame(annual)
    annual_df["hazards_completed"] = annual_df["hazards_completed"].astype("int64")

    def calendar(index: list[int]) -> pd.Series:
        return pd.Series([years[y] if y >= 0 else None for y in index], dtype="Int64")

    schedule = pd.DataFrame(
        {
            "hazard_id": [str(h) for h in items.hazard_id],
            "area_m2": area,
            "cancelled_area_m2": cancelled,
            "reduced_area_m2": reduced,
            "cleared_area_m2": cleared,
            "nts_year": calendar([s[0] for s in stage_years]),
            "ts_year": calendar([s[1] for s in stage_years]),
            "clearance_year": calendar([s[2] for s in stage_years]),
            "completion_year": calendar(done),
        }
    )
    ids = schedule["hazard_id"]
    return Run(
        schedule=schedule,
        annual=annual_df,
        year_end_ties=[ids[i] for i in sorted(ties)],
        tiny_work=[ids[i] for i in sorted(tiny)],
    )


def main() -> None:  # pragma: no cover - manual check on the sample countries
    """Compare the loop with the engine on every sample country and scenario."""
    import sys
    from pathlib import Path

    import numpy as np

    import landrelease
    from landrelease.engine import project
    from landrelease.scenario import list_scenarios, load_scenario

    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("sample_countries")
    for folder in sorted(p for p in root.iterdir() if (p / "country.toml").is_file()):
        country = landrelease.load_country(folder)
        for name in list_scenarios(country.scenarios_dir):
            baseline = country.info.baseline_year
            sc = load_scenario(name, country.scenarios_dir, baseline_year=baseline)
            result = project(country, sc)
            schedule, annual = reference_project(country, sc)
            cols = ["nts_year", "ts_year", "clearance_year", "completion_year"]
            same = all(result.schedule[c].equals(schedule[c]) for c in cols)
            eng = result.annual[list(annual.columns)].to_numpy(dtype=float)
            ok = eng.shape == annual.shape and np.allclose(
                eng, annual.to_numpy(dtype=float), rtol=1e-9, atol=1e-6
            )
            print(
                f"{folder.name}/{name}: schedule {'same' if same else 'DIFFERS'}, "
                f"annual {'same' if ok else 'DIFFERS'}"
            )


if __name__ == "__main__":  # pragma: no cover
    main()
