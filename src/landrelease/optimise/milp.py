"""The least-cost team mix as a mixed-integer program (``scipy.optimize.milp``, HiGHS) on the
aggregate model (:mod:`.aggregate`).

Decision: whole teams ``n[k, t]`` of each kind in each year. Per stage a continuous
cumulative work done ``d[s, t]``; per year a binary ``open[t]`` (the programme still has
work, so its fixed programme and risk-education costs are paid). Constraints, every year:

- capacity: ``d[s, t] − d[s, t−1] ≤`` the stage's output that year (teams × ramp-up share ×
  productivity; ramp-up as the engine counts it, :func:`~landrelease.engine.kernels.ramp_up_share`,
  with ``c[k, a, t] ≤ n[k, t−u]`` for the teams present ``a`` years), and ``d`` never falls;
- ready work: ``d[s, t] ≤`` the work of the areas open by the end of the year, and
  ``d[s, t] ≤ a + b · d[s−1, t]`` for each line of the previous stage's feed (survey before
  clearance, in aggregate);
- Article 5 by the year asked: ``d[s, by] ≥`` the required level of each stage;
- the programme is open in every year some stage works: closed in year ``t`` only when
  ``d[s, t−1] ≥ total[s]`` for every stage; ``open`` never reopens;
- recruitment: ``Σ_k n[k, t] ≤ ramp × Σ_k n[k, t−1]``, year −1 being today's team-years
  (the review's ``ramp_up`` rule on the sum of team-years);
- money (when it binds): teams' cost + fixed and risk-education costs while open ≤ the money
  the scenario counts that year (the engine deploys nothing more); money a donor earmarks to
  a kind pays only that kind's teams, so the pooled money pays the rest (each kind's cost
  beyond its earmark, through a continuous ``q[k, t]``).

Objective: the plan's cost, ``Σ n[k, t] · cost per team-year (at the year's prices) +
Σ open[t] · (fixed programme + risk education)``, plus a small cost of changing teams:
:data:`TEAM_CHANGE_COST_FRAC` of a team-year's cost for each team recruited or released
between two years (``up[k, t] − down[k, t] = n[k, t] − n[k, t−1]``). Team-years of one kind
cost the same in any year (without inflation), so many mixes cost (almost) the same; the
change cost picks the steady one among them, as a programme would (recruitment, training
and demobilisation have costs the engine does not price), and it helps HiGHS prove the
optimum quickly. ``Limits(team_change_cost_frac=0)`` asks for the plan's cost alone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

from landrelease.engine.capacity import STAGE_OF_KIND, STAGES, YearlyPlan
from landrelease.optimise.aggregate import Aggregate
from landrelease.scenario.model import TEAM_KINDS

__all__ = ["Limits", "MixSolution", "solve_mix"]

USD_SCALE = 1e6
"""Money in the program is in millions of US$ (keeps the rows of similar size)."""
TIME_LIMIT_S = 60.0
"""HiGHS stops after this long and returns the best mix found, if any (the samples' aggregate
models solve in under five seconds; the limit only guards against a pathological case)."""
MIP_REL_GAP = 1e-3
"""Relative optimality gap HiGHS stops at: no mix costs less than the answer by more than
0.1% (the proved gap is reported). Proving the last 0.1% (a few team-years on aurelia) took
HiGHS 6 to 15 s instead of under 1 s, for a difference far below what the calibrated
productivity is known to."""
TEAM_CHANGE_COST_FRAC = 0.01
"""Cost of recruiting or releasing one team between two years, as a share of its yearly cost
(1%: small against any plan's cost, large enough to prefer steady teams among mixes of
nearly equal cost; see the module)."""
TINY = 1e-12
"""Right-hand sides and coefficients smaller than this (in the program's scaled units) are
taken as 0, so HiGHS is not handed rounding noise."""


@dataclass(frozen=True)
class Limits:
    """The limits the mix respects.

    ``ramp_factor``: yearly growth of total team-years (``None``: no limit);
    ``today_team_years``: the level year −1 starts from (``inf``: none known, the first year
    is free); ``money``: whether the scenario's money binds;
    ``max_teams``: whole teams of one kind in one year (plausibility limit);
    ``ramp_up_years``: years a new team takes to reach full output (as the scenario's);
    ``team_change_cost_frac``: cost of recruiting or releasing a team, as a share of its
    yearly cost (:data:`TEAM_CHANGE_COST_FRAC`; 0 = the plan's cost alone); ``kept`` by
    kind, teams each year held as given (not chosen; any number, whole or not), paid while
    the programme is open (as fixed costs are; the engine pays a kind while its stage has
    work). The engine check's repairs: ``efficiency`` by stage, the share of output that
    counts (default 1); ``floors`` by stage, the least cumulative work done at the end of
    each year (a stage kept ahead of the one it feeds).
    """

    ramp_factor: float | None
    today_team_years: float
    money: bool
    max_teams: float
    ramp_up_years: int
    team_change_cost_frac: float = TEAM_CHANGE_COST_FRAC
    kept: tuple[tuple[str, tuple[float, ...]], ...] = ()
    efficiency: tuple[tuple[str, float], ...] = ()
    floors: tuple[tuple[str, tuple[float, ...]], ...] = ()


@dataclass(frozen=True)
class MixSolution:
    """What the program found: ``status`` (``optimal``, ``infeasible``, ``time_limit``),
    ``teams`` by kind (whole teams a year; empty when none was found), ``cost_usd`` (the
    plan's cost in the program: teams, fixed programme and risk education while open, US$),
    ``change_cost_usd`` (the cost of changing teams, US$), ``gap_frac`` (the optimality gap
    HiGHS proved, 0..1), ``done`` by stage (cumulative work planned at each year's end),
    ``open_years`` (years the programme is open)."""

    status: str
    teams: dict[str, np.ndarray]
    cost_usd: float
    done: dict[str, np.ndarray]
    open_years: np.ndarray
    message: str = ""
    change_cost_usd: float = 0.0
    gap_frac: float = math.nan


class _Program:
    """Variables by name and sparse rows, built up then handed to ``milp``."""

    def __init__(self) -> None:
        self.size = 0
        self.low: list[float] = []
        self.high: list[float] = []
        self.integer: list[int] = []
        self.cost: list[float] = []
        self.rows: list[tuple[dict[int, float], float, float]] = []

    def add(self, low: float, high: float, cost: float = 0.0, integer: bool = False) -> int:
        self.low.append(low)
        self.high.append(high)
        self.cost.append(cost)
        self.integer.append(int(integer))
        self.size += 1
        return self.size - 1

    def row(self, coef: dict[int, float], low: float, high: float) -> None:
        self.rows.append((coef, low, high))

    def solve(self) -> tuple[str, np.ndarray | None, str, float]:
        data, ri, ci = [], [], []
        lows, highs = [], []
        for i, (coef, low, high) in enumerate(self.rows):
            for j, v in coef.items():
                if abs(v) > TINY:
                    ri.append(i)
                    ci.append(j)
                    data.append(v)
            lows.append(0.0 if abs(low) < TINY else low)
            highs.append(0.0 if abs(high) < TINY else high)
        matrix = coo_array((data, (ri, ci)), shape=(len(self.rows), self.size)).tocsr()
        result = milp(
            np.array(self.cost),
            integrality=np.array(self.integer),
            bounds=Bounds(np.array(self.low), np.array(self.high)),
            constraints=[LinearConstraint(matrix, np.array(lows), np.array(highs))]
            if self.rows
            else [],
            options={"time_limit": TIME_LIMIT_S, "mip_rel_gap": MIP_REL_GAP},
        )
        if result.x is None:
            status = "time_limit" if result.status == 1 else "infeasible"
            return status, None, str(result.message), math.nan
        status = "optimal" if result.status == 0 else "time_limit"
        gap = float(getattr(result, "mip_gap", math.nan))
        return status, np.asarray(result.x, dtype=float), str(result.message), gap


def _ramp_weights(years: int) -> np.ndarray:
    """Weights ``w_a`` of teams present for at least ``a`` years (a = 0..R) in the output
    of a year, as :func:`~landrelease.engine.kernels.ramp_up_share` counts them."""
    if years <= 0:
        return np.ones(1)
    rate = np.minimum((np.arange(years + 1) + 0.5) / years, 1.0)
    rate[years] = 1.0
    return np.diff(rate, prepend=0.0)


def _money_rows(
    p: _Program,
    plan: YearlyPlan,
    teams: dict[str, list[int]],
    is_open: list[int],
    unit: dict[str, np.ndarray],
    kept: dict[str, tuple[float, ...]],
) -> None:
    """Each year, what the pooled money pays is no more than it: fixed programme and risk
    education while open, kept teams while open, and every kind's teams beyond the money
    earmarked to the kind (``q[k, t] ≥ cost − earmark``, ``q ≥ 0``), as the engine pays
    (:mod:`~landrelease.engine.earmarks`: earmarked money pays its kind first and nothing
    else). Without earmarks: teams + other costs ≤ the money counted."""
    earmarked = {k: v / USD_SCALE for k, v in plan.earmarked_usd.items()}
    pooled = plan.pooled_usd / USD_SCALE
    fixed = (plan.fixed_programme_usd + plan.risk_education_usd) / USD_SCALE
    for t in range(len(plan.years)):
        other_t = float(fixed[t])
        coef: dict[int, float] = {}
        for k in TEAM_KINDS:
            mark = float(earmarked[k][t]) if k in earmarked else 0.0
            if k in kept:  # a constant cost while open: what the earmark leaves
                other_t += max(float(kept[k][t] * unit[k][t]) - mark, 0.0)
            elif mark > 0:
                beyond = p.add(0.0, math.inf)
                p.row({beyond: 1.0, teams[k][t]: -float(unit[k][t])}, -mark, math.inf)
                coef[beyond] = 1.0
            else:
                coef[teams[k][t]] = float(unit[k][t])
        coef[is_open[t]] = other_t
        p.row(coef, -math.inf, float(pooled[t]))


def solve_mix(agg: Aggregate, limits: Limits, *, least_cost: bool = True) -> MixSolution:
    """The least-cost whole teams by kind and year under ``limits`` (see the module);
    ``least_cost=False`` asks only for some mix within the limits (whether there is one)."""
    n_years = len(agg.years)
    plan = agg.plan
    p = _Program()
    efficiency = dict(limits.efficiency)
    stage_scale = {s: max(agg.total[s], 1e-9) for s in STAGES}  # levels in 0..1
    useful = {
        k: agg.total[STAGE_OF_KIND[k]] > 0 and agg.capacity_per_team_year(k) > 0 for k in TEAM_KINDS
    }
    kept = dict(limits.kept)
    unit = {k: plan.usd_per_team_year[k] / USD_SCALE for k in TEAM_KINDS}
    teams = {
        k: [
            p.add(
                kept[k][t] if k in kept else 0.0,
                kept[k][t] if k in kept else limits.max_teams if useful[k] else 0.0,
                0.0 if k in kept else float(unit[k][t]),  # kept teams: paid while open
                integer=k not in kept,
            )
            for t in range(n_years)
        ]
        for k in TEAM_KINDS
    }
    other = (plan.fixed_programme_usd + plan.risk_education_usd) / USD_SCALE
    other = other + sum((np.asarray(kept[k]) * unit[k] for k in kept), np.zeros(n_years))
    is_open = [p.add(0.0, 1.0, float(other[t]), integer=True) for t in range(n_years)]
    done = {
        s: [p.add(0.0, agg.available[s][t] / stage_scale[s]) for t in range(n_years)]
        for s in STAGES
    }

    # output of each kind and year as {variable: weight}, ramp-up included
    weights = _ramp_weights(limits.ramp_up_years)
    output: dict[str, list[dict[int, float]]] = {}
    for k in TEAM_KINDS:
        rows = []
        for t in range(n_years):
            terms = {teams[k][t]: float(weights[0])}
            for a in range(1, len(weights)):
                present = p.add(0.0, limits.max_teams)
                for u in range(a + 1):  # teams present for a years: never more than any year's
                    before = teams[k][max(t - u, 0)]  # the first year's teams count as in the field
                    p.row({present: 1.0, before: -1.0}, -math.inf, 0.0)
                terms[present] = float(weights[a])
            rows.append(terms)
        output[k] = rows

    for s in STAGES:
        kinds = [k for k in TEAM_KINDS if STAGE_OF_KIND[k] == s]
        share = efficiency.get(s, 1.0)
        for t in range(n_years):
            coef: dict[int, float] = {done[s][t]: 1.0}
            if t > 0:
                coef[done[s][t - 1]] = -1.0
                p.row({done[s][t]: 1.0, done[s][t - 1]: -1.0}, 0.0, math.inf)
            for k in kinds:
                per = agg.capacity_per_team_year(k) * share / stage_scale[s]
                for var, w in output[k][t].items():
                    coef[var] = coef.get(var, 0.0) - w * per
            p.row(coef, -math.inf, 0.0)
            # closed in year t only when every stage's work was done by the end of t − 1
            whole = agg.total[s] / stage_scale[s]
            if t == 0:
                p.row({is_open[0]: whole}, whole, math.inf)
            else:
                p.row({done[s][t - 1]: 1.0, is_open[t]: whole}, whole, math.inf)
        p.low[done[s][agg.by_index]] = agg.required[s] / stage_scale[s]
    for s, floor in limits.floors:
        for t, level in enumerate(floor):
            top = p.high[done[s][t]]
            p.low[done[s][t]] = min(max(p.low[done[s][t]], level / stage_scale[s]), top)
    for s, prev in (("ts", "nts"), ("clearance", "ts")):
        for a, b in agg.feeds[s]:
            slope = b * stage_scale[prev] / stage_scale[s]
            for t in range(n_years):
                p.row({done[s][t]: 1.0, done[prev][t]: -slope}, -math.inf, a / stage_scale[s])
    for t in range(n_years - 1):
        p.row({is_open[t]: 1.0, is_open[t + 1]: -1.0}, 0.0, math.inf)
    changes = []
    if limits.team_change_cost_frac > 0:
        for k in TEAM_KINDS:
            if not useful[k] or k in kept:
                continue
            for t in range(1, n_years):
                price = limits.team_change_cost_frac * float(plan.usd_per_team_year[k][t])
                up = p.add(0.0, math.inf, price / USD_SCALE)
                down = p.add(0.0, math.inf, price / USD_SCALE)
                p.row({up: 1.0, down: -1.0, teams[k][t]: -1.0, teams[k][t - 1]: 1.0}, 0.0, 0.0)
                changes += [up, down]

    if limits.ramp_factor is not None:
        f = limits.ramp_factor
        for t in range(n_years):
            coef = {teams[k][t]: 1.0 for k in TEAM_KINDS}
            if t == 0:
                if math.isfinite(limits.today_team_years):
                    p.row(coef, -math.inf, f * limits.today_team_years)
            else:
                for k in TEAM_KINDS:
                    coef[teams[k][t - 1]] = -f
                p.row(coef, -math.inf, 0.0)
    if limits.money:
        _money_rows(p, plan, teams, is_open, unit, kept)

    if not least_cost:
        p.cost = [0.0] * p.size
    status, x, message, gap = p.solve()
    if x is None:
        return MixSolution(status, {}, math.nan, {}, np.zeros(0, dtype=bool), message)
    # whole teams (HiGHS returns integers within its tolerance; never -0.0)
    mix = {
        k: np.array(kept[k]) if k in kept else np.maximum(np.round(x[teams[k]]), 0.0) + 0.0
        for k in TEAM_KINDS
    }
    levels = {s: x[done[s]] * stage_scale[s] for s in STAGES}
    total = float(np.dot(p.cost, x)) * USD_SCALE if least_cost else math.nan
    change = (
        float(np.dot(np.asarray(p.cost)[changes], x[changes])) * USD_SCALE if least_cost else 0.0
    )
    return MixSolution(status, mix, total - change, levels, x[is_open] > 0.5, message, change, gap)
