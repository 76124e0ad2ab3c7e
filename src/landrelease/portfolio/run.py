"""``portfolio(...)``: split a yearly budget of additional money across countries.

1. Each country is prepared as its forecast would be (:func:`~.prepared.prepare`).
2. The budget is cut into ``steps_per_country × countries`` equal steps, so that the equal
   split is a whole number of steps for everyone; a country's ``max_usd_per_year`` caps
   its steps.
3. Each country's objective is computed at every number of steps it may take, over the
   forecast's draws with common random numbers (:mod:`.evaluate`): for States completing,
   per draw the first step at which it meets its deadline (bisection; exact on the grid);
   for area, every step up to the draw's saturation.
4. :func:`~.allocate.allocate` splits the steps exactly (dynamic programming).
5. At the allocation and one more US$1M per country, every draw is worked again for the
   marginal values: completion years, probability and km² gained (not where step 3 already
   worked it at that amount, or both amounts saturate it: :mod:`.seen`).

The objective is reported for the allocation, the equal split and the current pledges
(no additional money): all three on the same draws, so their differences are the money's.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from landrelease.domain.country import Country
from landrelease.errors import LandreleaseWarning
from landrelease.portfolio.allocate import allocate
from landrelease.portfolio.curves import DEFAULT_YEARS_AHEAD, full_funding_usd
from landrelease.portfolio.evaluate import (
    DifferenceOutcome,
    FullOutcome,
    Outcome,
    Progress,
    ThresholdOutcome,
)
from landrelease.portfolio.objectives import Objective
from landrelease.portfolio.prepared import CurveError, Prepared, prepare
from landrelease.portfolio.requests import Request, many_outcomes
from landrelease.scenario.model import Scenario

__all__ = [
    "DEFAULT_STEPS_PER_COUNTRY",
    "MARGINAL_USD",
    "PortfolioResult",
    "Progress",
    "portfolio",
    "portfolio_origin",
]

DEFAULT_STEPS_PER_COUNTRY = 10
"""Budget steps per country: the equal split is ten steps each, and the allocation moves
money in tenths of a country's equal share (5% of the budget between two countries)."""
MARGINAL_USD = 1_000_000.0
"""The marginal values are those of one more US$1M a year (issue 13)."""
M2_PER_KM2 = 1e6


@dataclass(frozen=True)
class PortfolioResult:
    """``allocation`` (columns ``country, region, usd_per_year``; region empty: the whole
    country) and ``summary`` (what ``portfolio.json`` holds); with ``yearly=True``,
    ``annual`` by country: ``year, additional_usd_per_year, p_article5_complete`` (the
    share of draws whose Article 5 completion is in the year or before, at the
    allocation), and ``scenarios``, each country's scenario name."""

    allocation: pd.DataFrame
    summary: dict[str, Any]
    annual: dict[str, pd.DataFrame] = field(default_factory=dict)
    scenarios: dict[str, str] = field(default_factory=dict)


def _check(budget: float, draws: int, steps: int, names: Sequence[str]) -> None:
    if not (isinstance(budget, int | float) and math.isfinite(budget) and budget > 0):
        raise CurveError(f"budget {budget!r} US$ a year: give an amount above 0")
    if isinstance(draws, bool) or not isinstance(draws, int) or draws < 1:
        raise CurveError(f"draws = {draws!r}: give a whole number of at least 1")
    if isinstance(steps, bool) or not isinstance(steps, int) or steps < 1:
        raise CurveError(f"steps per country = {steps!r}: give a whole number of at least 1")
    if not names:
        raise CurveError("give at least one country")
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise CurveError(f"country {', '.join(twice)} given more than once; give each once")


def _limits(
    limits: Mapping[str, float], names: Sequence[str], step_usd: float, steps: int
) -> list[int]:
    unknown = sorted(set(limits) - set(names))
    if unknown:
        raise CurveError(
            f"--max-usd-per-year names {', '.join(unknown)}, which is not among the "
            f"countries ({', '.join(names)})"
        )
    out = []
    for name in names:
        cap = limits.get(name)
        if cap is not None and (not math.isfinite(cap) or cap < 0):
            raise CurveError(f"--max-usd-per-year {name}={cap}: give an amount of 0 or more")
        # a cap within a millionth of a step of a whole step is that step (rounding)
        out.append(steps if cap is None else min(steps, math.floor(cap / step_usd + 1e-6)))
    return out


def _year_index(prepared: Prepared, year: int) -> int:
    return min(max(year - prepared.scenario.start_year, -1), len(prepared.years) - 1)


def _values(objective: Objective, prepared: Prepared, outcome: Outcome, steps: int) -> np.ndarray:
    """The objective at 0..steps steps, in exact units: draws meeting the date (count), or
    whole m² released (mean over draws)."""
    if isinstance(outcome, ThresholdOutcome):
        k = np.arange(steps + 1)
        return (outcome.first_index[None, :] <= k[:, None]).sum(axis=1).astype(float)
    assert isinstance(outcome, FullOutcome)
    assert objective.year is not None
    i = _year_index(prepared, objective.year)
    if i < 0:
        return np.zeros(steps + 1)
    return np.round(prepared.ap_baseline_m2 - outcome.article5_remaining_m2[:, :, i].mean(axis=1))


def _date(objective: Objective, prepared: Prepared) -> Any:
    return prepared.requested if objective.deadline == "requested" else prepared.deadline


def _meets_at(outcome: Outcome, k: int, meets: int) -> float:
    """Share of draws meeting year index ``meets`` with ``k`` steps (phase one's outcome)."""
    if isinstance(outcome, ThresholdOutcome):
        return float((outcome.first_index <= k).mean())
    assert isinstance(outcome, FullOutcome)
    index = outcome.article5_index[k]
    return float(((index >= 0) & (index <= meets)).mean())


def portfolio(
    countries: Sequence[tuple[Country, Scenario]],
    budget_usd_per_year: float,
    objective: Objective,
    *,
    max_usd_per_year: Mapping[str, float] | None = None,
    draws: int = 500,
    seed: int = 0,
    steps_per_country: int = DEFAULT_STEPS_PER_COUNTRY,
    executor: Executor | None = None,
    progress: Progress | None = None,
    prepared: Sequence[Prepared] | None = None,
    yearly: bool = False,
) -> PortfolioResult:
    """Split ``budget_usd_per_year`` of additional secured international money a year
    across ``countries`` to maximise ``objective``.

    Parameters
    ----------
    countries : (country, scenario) pairs; each scenario's money is counted as it is, the
        budget comes on top (:func:`~.money.with_additional_funding`).
    budget_usd_per_year : the budget (US$ a year).
    objective : see :mod:`.objectives`.
    max_usd_per_year : per country name, the most it may receive (US$ a year).
    draws, seed : the forecast's draws and seed, the same for every amount.
    steps_per_country : budget steps per country (:data:`DEFAULT_STEPS_PER_COUNTRY`).
    executor : where the chunks of draws run (``None``: here).
    progress : called with (draws done, draws in all) over both passes.
    prepared : the countries already :func:`~.prepared.prepare`\\ d (in the same order).
    yearly : also work every draw at the allocation for the yearly table
        (:attr:`PortfolioResult.annual`; one more projection a draw).

    Raises
    ------
    CurveError
        for a budget, draws, steps or limits it cannot use.
    """
    names = [c.info.name for c, _ in countries]
    _check(budget_usd_per_year, draws, steps_per_country, names)
    ready = list(prepared) if prepared is not None else [prepare(c, s) for c, s in countries]
    n = len(ready)
    steps = steps_per_country * n
    step_usd = budget_usd_per_year / steps
    limit = dict(max_usd_per_year or {})
    caps = _limits(limit, names, step_usd, steps)
    usable = min(steps, sum(caps))
    if usable < steps:
        warnings.warn(
            LandreleaseWarning(
                f"the limits (--max-usd-per-year) take US${usable * step_usd:,.0f} a year of the "
                f"budget of US${budget_usd_per_year:,.0f}: US${(steps - usable) * step_usd:,.0f} "
                "is left unallocated"
            ),
            stacklevel=2,
        )
    if objective.kind == "states_completing":
        missing = [p.name for p in ready if _date(objective, p) is None]
        if missing:
            raise CurveError(
                f"{', '.join(missing)}: no requested deadline (the scenario gives none and "
                "the plan does not complete within its horizon); use states_completing"
            )
    passes = 3 if yearly else 2
    first, second, third = (_pass(progress, k, draws * n, passes) for k in range(3))

    threshold = objective.kind == "states_completing"
    requests = [
        Request(
            p,
            tuple(float(k * step_usd) for k in range(cap + 1)),
            "threshold" if threshold else "full",
            p.meets_index(_date(objective, p)) if threshold else -1,
        )
        for p, cap in zip(ready, caps, strict=True)
    ]
    found = many_outcomes(requests, draws=draws, seed=seed, executor=executor, progress=first)
    values = [_values(objective, p, o, cap) for p, o, cap in zip(ready, found, caps, strict=True)]
    equal = [min(steps_per_country, cap) for cap in caps]
    chosen = allocate(values, usable, prefer=equal)
    usd = [k * step_usd for k in chosen]
    marginal = many_outcomes(
        [
            Request(
                p,
                (x, x + MARGINAL_USD),
                "difference",
                p.meets_index(_marginal_date(objective, p)),
                seen=o.seen if isinstance(o, ThresholdOutcome) else None,
            )
            for p, x, o in zip(ready, usd, found, strict=True)
        ],
        draws=draws,
        seed=seed,
        executor=executor,
        progress=second,
    )
    unit = draws if threshold else M2_PER_KM2  # the exact units' divisor
    rows = []
    for p, v, k, k_eq, x, o, m in zip(
        ready, values, chosen, equal, usd, found, marginal, strict=True
    ):
        assert isinstance(m, DifferenceOutcome)
        p_meets = _meets_at(o, k, p.meets_index(_marginal_date(objective, p)))
        rows.append(
            _country(objective, p, v / unit, (k, k_eq), x, p_meets, m, limit.get(p.name))
            | {"full_funding_usd_per_year": _full(p, draws, seed)}
        )
    allocation = pd.DataFrame(
        {
            "country": names,
            "region": pd.array([pd.NA] * n, dtype="string"),
            "usd_per_year": np.round(usd, 2),
        }
    )
    value = {  # sums in the exact units, then scaled
        "allocation": sum(v[k] for v, k in zip(values, chosen, strict=True)) / unit,
        "equal_split": sum(v[k] for v, k in zip(values, equal, strict=True)) / unit,
        "current_pledges": sum(v[0] for v in values) / unit,
    }
    summary: dict[str, Any] = {
        "objective": objective.text,
        "objective_label": objective.label,
        "budget_usd_per_year": float(budget_usd_per_year),
        "allocated_usd_per_year": float(sum(usd)),
        "step_usd_per_year": step_usd,
        "steps": steps,
        "draws": draws,
        "seed": seed,
        "solver": (
            f"dynamic programming over countries on a grid of {steps} steps of "
            f"US${step_usd:,.0f} a year: exact on the grid for any curves (a probability "
            "of completion is S-shaped, not concave, so a greedy could miss the best split)"
        ),
        "objective_value": value,
        "marginal_usd_per_year": MARGINAL_USD,
        "draws_worked": sum(o.evaluations for o in (*found, *marginal)),
        "countries": rows,
        "provenance": portfolio_origin(ready),
    }
    annual: dict[str, pd.DataFrame] = {}
    if yearly:
        at = many_outcomes(
            [Request(p, (x,)) for p, x in zip(ready, usd, strict=True)],
            draws=draws,
            seed=seed,
            executor=executor,
            progress=third,
        )
        for p, x, o in zip(ready, usd, at, strict=True):
            assert isinstance(o, FullOutcome)
            index = o.article5_index[0]
            steps_ = np.arange(len(p.years))
            done = (index[None, :] >= 0) & (index[None, :] <= steps_[:, None])
            annual[p.name] = pd.DataFrame(
                {
                    "year": p.years,
                    "additional_usd_per_year": x,
                    "p_article5_complete": done.mean(axis=1),
                }
            )
    return PortfolioResult(allocation, summary, annual, {p.name: p.scenario.name for p in ready})


def _pass(progress: Progress | None, k: int, size: int, passes: int) -> Progress:
    """Progress of pass ``k`` of ``passes`` (each of ``size`` draws) as one count."""

    def report(done: int, _total: int) -> None:
        if progress is not None:
            progress(k * size + done, passes * size)

    return report


def portfolio_origin(ready: Sequence[Prepared]) -> dict[str, Any]:
    """The provenance of a portfolio: the tool, and every country's inputs (roles prefixed
    by the country's name) and scenario hash."""
    first = dict(ready[0].origin) if ready else {}
    return {
        "tool": first.get("tool", "landrelease"),
        "tool_version": first.get("tool_version"),
        "countries": [p.name for p in ready],
        "scenario_hashes": {p.name: p.scenario.hash for p in ready},
        "input_hashes": {p.name: p.key for p in ready},
        "inputs": [
            {**record, "role": f"{p.name}/{record['role']}"}
            for p in ready
            for record in p.origin.get("inputs", [])
        ],
    }


def _marginal_date(objective: Objective, p: Prepared) -> Any:
    """The date whose probability the marginal values report: the objective's for States
    completing, else the current Article 5 deadline."""
    return _date(objective, p) if objective.kind == "states_completing" else p.deadline


def _full(p: Prepared, draws: int, seed: int) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LandreleaseWarning)
        return full_funding_usd(p, draws=draws, seed=seed)


def _country(
    objective: Objective,
    p: Prepared,
    values: np.ndarray,
    steps: tuple[int, int],
    usd: float,
    p_meets: float,
    more: DifferenceOutcome,
    cap_usd: float | None,
) -> dict[str, Any]:
    """One country's entry of ``portfolio.json`` (``steps``: the allocation's and the equal
    split's; ``more``: what one more US$1M gains, draw by draw)."""
    date = _marginal_date(objective, p)
    by_year = (
        objective.year
        if objective.year is not None
        else p.scenario.start_year + DEFAULT_YEARS_AHEAD - 1
    )
    i = _year_index(p, by_year)
    km2 = float(more.stock_fall_m2[:, i].mean()) / M2_PER_KM2 if i >= 0 else 0.0
    return {
        "country": p.name,
        "scenario": p.scenario.name,
        "usd_per_year": usd,
        "limit_usd_per_year": cap_usd,
        "date": None if date is None else date.isoformat(),
        "objective": {
            "allocation": float(values[steps[0]]),
            "equal_split": float(values[steps[1]]),
            "current_pledges": float(values[0]),
        },
        "p_meets_date_at_allocation": p_meets,
        "marginal": {
            "completion_years_gained": float(more.years_gained.mean()),
            "probability_gained": float(more.meets_gained.mean()),
            "ap_km2_gained": km2,
            "ap_km2_by_year": by_year,
        },
        "provenance": p.origin,
    }
