"""A plain per-area Python loop implementing the projection model, to check the engine.

It implements the same model as :func:`landrelease.engine.project` but independently of its
vectorised kernels (no ``stage_curve``/``curve_at``/``release_by_year``/``finish_years``/
``release_outcomes``/``run_stages``): it follows each area through each stage, interval by
interval. Only the inputs are shared: the work items
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
  priority rank. Areas never accessible within the horizon are left out. An area whose
  previous stage is not done within the horizon holds its place: the areas after it wait.
* Work flows: an area's work in a stage is ready in proportion to the share of its previous
  stage done (its first stage: all of it once the area is accessible). The server starts an
  area when the one before it is done and then, in each interval where its capacity ``c``
  and the previous stage's progress are linear, does ``w(t) = min(w(a) + c·(t − a),
  work·ready_share(t))``: full capacity while work is ready, otherwise it follows what
  becomes ready. Capacity idle meanwhile is lost.
* The finish year of an area in a stage is the year in which its work is done, or whose end
  leaves the stage's cumulative work within ``LEVEL_RTOL·max(level, 1)`` of the area's
  finish level (``LEVEL_RTOL = 1e-9``, as in the engine), and never before the area is
  accessible or its previous stage has finished.
* Release as it is worked: each year an area releases the share of a stage's work done in
  that year times what the stage releases (cancelled, reduced, cleared), the rest in the
  stage's finish year. An SHA leaves the SHA stock in the same way during NTS. An area is
  complete in the last year of its needed stages; it is open from its discovery year
  (baseline areas: from the start) to the end of its completion year.
* Stocks are computed per area (what each open area still holds at the end of each year),
  not from the flows, so the stock/flow identity is checked too. Stocks below 1e-4 m² are
  shown as zero, as the engine does (floating-point dust).
* Completion that stays complete: the Article 5 completion year is the first year that ends
  with no known AP-mined area (``ap_mine``, ``ap_improvised``, ``mixed``) left and after
  which every year's AP-mined finds are at most ``costs.residual_m2_per_year``; AP-mined
  finds after it go to the residual capacity, and the stages are served again without them.
  The plan's completion year is the same rule for every area and every find (those found
  later go to the residual capacity too). The residual capacity releases its finds in the
  year they are found (``residual_released_area_m2``); they are no part of the plan.
* Years kept: up to the last year in which some area of the plan is open plus
  ``residual_years`` (all years when the last active year is the horizon's last).
"""

from __future__ import annotations

import bisect
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
"""Relative tolerance on the cumulative work level (same value as the engine's)."""
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
    "residual_released_area_m2",
)
STOCKS = (
    "remaining_sha_area_m2",
    "remaining_cha_area_m2",
    "remaining_area_m2",
    "remaining_inaccessible_area_m2",
)

Path = list[tuple[float, float]]
"""Progress of an area in a stage: (time, share done) points, linear in between, 0 before
the first point and constant after the last; a repeated time is a jump."""


def share_at(path: Path, t: float, *, right: bool) -> float:
    """Share done at ``t`` (``right``: just after ``t``, else just before)."""
    times = [p[0] for p in path]
    k = bisect.bisect_right(times, t) if right else bisect.bisect_left(times, t)
    if k == 0:
        return 0.0
    if k == len(path):
        return path[-1][1]
    (t0, f0), (t1, f1) = path[k - 1], path[k]
    if t1 == t0:
        return f1 if right else f0
    return f0 + (f1 - f0) * (t - t0) / (t1 - t0)


@dataclass
class Worked:
    """One area in one stage: its progress path, its work done in each year, when it was
    finished (``inf``: not within the horizon) and the stage's cumulative level at each
    year's end while the area was being worked."""

    path: Path
    per_year: dict[int, float]
    finish: float
    year_end_level: dict[int, float]


def work_area(
    work: float, ready: Path, free: float, per_year: list[float], before: float
) -> Worked:
    """Serve one area of ``work`` from time ``free``, its work ready as ``ready`` says.

    ``before`` is the stage's cumulative work of the areas served before it."""
    n = len(per_year)
    worked = Worked([], {}, INF, {})
    if not free < n or math.isinf(work):
        return worked
    events = sorted({float(k) for k in range(1, n + 1)} | {p[0] for p in ready})
    t, w = free, 0.0
    worked.path.append((t, 0.0))
    for b in events:
        if b <= t:
            continue
        if t >= n:
            break
        c = per_year[math.floor(t)]
        fa, fb = share_at(ready, t, right=True), share_at(ready, b, right=False)
        line_end = w + c * (b - t)
        ready_end = work * fb
        if line_end > ready_end and c > 0:  # catches up with the ready work inside
            # w + c·(x − t) = work·(fa + (fb − fa)·(x − t)/(b − t))
            slope = work * (fb - fa) / (b - t)
            x = t + (work * fa - w) / (c - slope) if c > slope else b
            if t < x < b:
                worked.path.append((x, (w + c * (x - t)) / work))
        w_end = min(line_end, ready_end)
        year = math.floor(t)
        if fb >= 1.0 and line_end >= work:  # done inside the interval
            x_line = t + (work - w) / c if c > 0 else b
            x_ready = b
            for tt, ff in ready:
                if ff >= 1.0:
                    x_ready = max(tt, t)
                    break
            finish = min(max(x_line, x_ready), b)
            worked.per_year[year] = worked.per_year.get(year, 0.0) + (work - w)
            worked.path.append((finish, 1.0))
            worked.finish = finish
            if b == float(year + 1):
                worked.year_end_level[year] = before + work
            return worked
        worked.per_year[year] = worked.per_year.get(year, 0.0) + (w_end - w)
        w, t = w_end, b
        worked.path.append((t, w / work))
        if t == float(year + 1):
            worked.year_end_level[year] = before + w
        if t >= n:
            break
    return worked


@dataclass
class Stage:
    """What one stage did to each area."""

    path: list[Path]  # progress; for areas without work here: []
    finish: list[float]  # exact finish time (inf = not within the horizon)
    year: list[int]  # finish year index; -1 = not needed or not finished
    share_by_year: list[dict[int, float]]  # share of the area's work done in each year
    tiny: list[bool]  # work within the tolerance of its level


def serve(
    work: list[float],
    ready: list[Path],
    queue: list[int],
    per_year: list[float],
    earliest: list[int],
    prev_year: list[int] | None,
) -> Stage:
    """Serve one stage: areas with work, one at a time, in the order ``queue``."""
    n_items = len(work)
    stage = Stage(
        [[] for _ in range(n_items)],
        [INF] * n_items,
        [-1] * n_items,
        [{} for _ in range(n_items)],
        [False] * n_items,
    )
    free, level = 0.0, 0.0
    for i in queue:
        if work[i] <= 0:
            continue
        after = level + work[i]
        tol = LEVEL_RTOL * max(abs(after), 1.0)
        stage.tiny[i] = work[i] <= tol
        done = work_area(work[i], ready[i], free, per_year, level)
        stage.path[i] = done.path
        stage.finish[i] = done.finish
        stage.share_by_year[i] = {y: v / work[i] for y, v in done.per_year.items()}
        year = -1
        if math.isfinite(done.finish):
            year = min(math.floor(done.finish), len(per_year) - 1)
            if done.finish == math.floor(done.finish) and done.finish > 0:
                year = int(done.finish) - 1  # done exactly at a year's end
        for y in sorted(done.year_end_level):
            if done.year_end_level[y] >= after - tol and (year < 0 or y < year):
                year = y
                break
        if year >= 0:
            year = max(year, earliest[i])
            if prev_year is not None and prev_year[i] != -2:
                year = max(year, prev_year[i]) if prev_year[i] >= 0 else -1
        stage.year[i] = year
        free = done.finish
        level = after
    return stage


@dataclass
class Run:
    """The loop's full result: the two tables and notes on rounding-sensitive cases."""

    schedule: pd.DataFrame
    annual: pd.DataFrame
    tiny_work: list[str] = field(default_factory=list)
    """Areas with some stage's work within ``LEVEL_RTOL·level`` (finish years of such areas
    depend on how the tolerance is applied)."""


def reference_project(country: Country, scenario: Scenario) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Schedule (one row per area) and national annual flows/stocks, by a per-area loop."""
    run = reference_run(country, scenario)
    return run.schedule, run.annual


def work_needed(amount: float, per_unit: float) -> float:
    """Work = amount / productivity (0 for nothing to do; inf without productivity)."""
    if amount <= 0:
        return 0.0
    if per_unit <= 0:
        return INF
    return amount / per_unit


def reference_run(country: Country, scenario: Scenario) -> Run:
    """Project ``country`` under ``scenario`` with the per-area loop."""
    fc, fr, productivity, _ = resolve_assumptions(country, scenario)
    items = build_items(country, scenario)
    years = [int(y) for y in scenario.years]
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

    earliest = [math.floor(t) if math.isfinite(t) else 0 for t in available]
    to_float = lambda values: [float(v) for v in values]  # noqa: E731
    needs_all = [[is_sha[i], area[i] - cancelled[i] > 0, cleared[i] > 0] for i in range(n)]

    def work_all(
        plan: Any, open_at: list[float]
    ) -> tuple[tuple[Stage, Stage, Stage], list[int]]:
        """Serve the three stages for the areas available at ``open_at``; each area's
        completion year index (-1 = not within the horizon)."""
        queue = sorted(
            (i for i in range(n) if math.isfinite(open_at[i])),
            key=lambda i: (open_at[i], rank[i]),
        )
        step: list[Path] = [[(t, 0.0), (t, 1.0)] if math.isfinite(t) else [] for t in open_at]
        nts = serve(nts_work, step, queue, to_float(plan.nts_capacity), earliest, None)
        ts_ready = [nts.path[i] if nts_work[i] > 0 else step[i] for i in range(n)]
        ts_prev = [nts.year[i] if nts_work[i] > 0 else -2 for i in range(n)]
        ts = serve(ts_work, ts_ready, queue, to_float(plan.ts_capacity), earliest, ts_prev)
        clear_prev = [ts.year[i] if ts_work[i] > 0 else -2 for i in range(n)]
        clearance = serve(
            clear_work, ts.path, queue, to_float(plan.clearance_capacity_m2), earliest, clear_prev
        )
        finished = []
        for i in range(n):
            got = [nts.year[i], ts.year[i], clearance.year[i]]
            needed_years = [y for need, y in zip(needs_all[i], got, strict=True) if need]
            finished.append(max(needed_years) if min(needed_years) >= 0 else -1)
        return (nts, ts, clearance), finished

    # Completion that stays complete: the first year that ends with no known area of the
    # scope left and after which every year's finds of the scope fit within the residual
    # capacity; finds after it go to the residual capacity (released the year found).
    capacity = scenario.costs.residual_m2_per_year
    is_ap = [k in ("ap_mine", "ap_improvised", "mixed") for k in kind]

    def completion(finished: list[int], scope: list[bool], skip: set[int]) -> int:
        finds = [0.0] * n_years
        for i in range(n):
            if scope[i] and 0 <= found[i] < n_years:
                finds[found[i]] += area[i]
        fits = [f <= capacity + 1e-9 * max(capacity, 1.0) for f in finds]
        for y in range(n_years):
            known_open = any(
                scope[i] and i not in skip and found[i] <= y and not 0 <= finished[i] <= y
                for i in range(n)
            )
            if not known_open and all(fits[y + 1 :]):
                return y
        return -1

    def work_plan(plan: Any) -> tuple[tuple[Stage, Stage, Stage], list[int], set[int]]:
        """The stages, each area's completion year index and the areas the residual
        capacity releases, under ``plan``."""
        stages, done = work_all(plan, available)
        y_ap = completion(done, is_ap, set())
        residual: set[int] = set()
        if y_ap >= 0:
            residual = {i for i in range(n) if is_ap[i] and found[i] > y_ap}
            if residual:
                held = [INF if i in residual else available[i] for i in range(n)]
                stages, done = work_all(plan, held)
        y_all = completion(done, [True] * n, residual)
        if y_all >= 0:
            residual |= {i for i in range(n) if found[i] > y_all}
        return stages, done, residual

    # Teams are released once their stage has no work left or arriving (docs/model.md): a
    # stage's last year of work is its last finish among areas of the plan (not released by
    # the residual capacity) that need it and become workable within the horizon, the
    # horizon's end while one of them is unfinished. Releasing them frees money for kinds
    # after them in the spending order; repeat until the capacities up to each stage's end
    # stop changing.
    plan = yearly_plan(scenario, productivity)
    for _ in range(3 * n_years + 2):
        stages, done, residual = work_plan(plan)
        ends = {}
        for k, (name, stage) in enumerate(zip(("nts", "ts", "clearance"), stages, strict=True)):
            years_done = [
                stage.year[i]
                for i in range(n)
                if needs_all[i][k] and math.isfinite(available[i]) and i not in residual
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
    nts, ts, clearance = stages
    tiny = {i for stage in stages for i in range(n) if stage.tiny[i] and i not in residual}

    stage_years: list[list[int]] = []  # per area: [nts, ts, clearance], -1 = not needed/reached
    for i in range(n):
        got = [nts.year[i], ts.year[i], clearance.year[i]]
        if i in residual:
            got, done[i] = [-1, -1, -1], -1
        stage_years.append([y if need else -1 for need, y in zip(needs_all[i], got, strict=True)])

    def released_by_year(stage: Stage, i: int, amount: float, y_done: int) -> list[float]:
        """m² of ``amount`` released in each year as the stage works on area ``i``."""
        out = [0.0] * n_years
        share = stage.share_by_year[i]
        so_far = 0.0
        for y in range(n_years):
            if 0 <= y_done <= y:
                out[y] = amount - so_far
                break
            part = amount * share.get(y, 0.0)
            out[y] = part
            so_far += part
        return out

    flows = {col: [0.0] * n_years for col in FLOWS}
    remaining, remaining_sha = [0.0] * n_years, [0.0] * n_years
    locked_left, ap_left, ap_released = [0.0] * n_years, [0.0] * n_years, [0.0] * n_years
    active = [False] * n_years  # some area of the plan open during the year
    for i in range(n):
        if i in residual:  # found and released the same year by the residual capacity
            flows["discovered_area_m2"][found[i]] += area[i]
            flows["residual_released_area_m2"][found[i]] += area[i]
            continue
        y_n, y_t, y_c = stage_years[i]
        need_n, need_t, need_c = needs_all[i]
        by_year = [0.0] * n_years
        sha_gone = [0.0] * n_years
        for col, stage, amount, y_done, need in (
            ("cancelled_area_m2", nts, cancelled[i], y_n, need_n),
            ("reduced_area_m2", ts, reduced[i], y_t, need_t),
            ("cleared_area_m2", clearance, cleared[i], y_c, need_c),
        ):
            if not need or amount <= 0:
                continue
            part = released_by_year(stage, i, amount, y_done)
            for y in range(n_years):
                flows[col][y] += part[y]
                by_year[y] += part[y]
        if need_n:
            sha_gone = released_by_year(nts, i, area[i], y_n)
        if done[i] >= 0:
            flows["hazards_completed"][done[i]] += 1
        if found[i] >= 0:
            flows["discovered_area_m2"][found[i]] += area[i]
        if is_ap[i]:
            for y in range(n_years):
                ap_released[y] += by_year[y]
        # stocks of this area at each year end while it is open
        left, sha_left = area[i], area[i] if is_sha[i] else 0.0
        for y in range(n_years):
            left -= by_year[y]
            sha_left -= sha_gone[y]
            if y < max(found[i], 0) or 0 <= done[i] < y:
                continue
            active[y] = True
            if done[i] == y:
                continue
            remaining[y] += left
            remaining_sha[y] += sha_left
            if bool(items.inaccessible[i]):
                locked_left[y] += left
            if is_ap[i]:
                ap_left[y] += left
    for y in range(n_years):
        released = flows["cancelled_area_m2"][y] + flows["reduced_area_m2"][y]
        flows["released_area_m2"][y] = released + flows["cleared_area_m2"][y]
    remaining = [0.0 if v < DUST_M2 else v for v in remaining]
    remaining_sha = [
        0.0 if s < DUST_M2 else min(s, r) for s, r in zip(remaining_sha, remaining, strict=True)
    ]
    locked_left = [0.0 if v < DUST_M2 else v for v in locked_left]
    ap_left = [0.0 if v < DUST_M2 else v for v in ap_left]

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
    annual["remaining_inaccessible_area_m2"] = locked_left[:kept]
    annual["article5_released_area_m2"] = ap_released[:kept]
    annual["article5_remaining_area_m2"] = ap_left[:kept]
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
    return Run(schedule=schedule, annual=annual_df, tiny_work=[ids[i] for i in sorted(tiny)])


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
