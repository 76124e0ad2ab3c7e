"""Compiled (numba) planned cost and funding gap of a draw's kept years: the two lines of
:func:`~landrelease.engine.costs.plan_lines` a forecast keeps, the engine being the
reference (tests/forecast/test_compiled_lines.py: equal to the last bit).

The engine builds every cost line of the plan as a dict of numpy arrays (some twenty small
numpy calls a draw); a draw needs only the planned cost and the funding gap, year by year.
:func:`planned_and_gap` makes the same operations in the same order on each year's numbers
(numpy's ``minimum``/``maximum``, NaN and signed zeros included), so the numbers are the
same. A plan with donors' earmarked money keeps the engine's path.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from landrelease.engine.capacity import YearlyPlan
from landrelease.engine.costs import METHODS, plan_lines
from landrelease.forecast.jit import CACHE
from landrelease.scenario.model import TEAM_KINDS

__all__ = ["planned_and_gap"]


@njit(cache=CACHE, nogil=True, error_model="numpy")
def _minimum(a: float, b: float) -> float:  # pragma: no cover - compiled
    """``np.minimum`` of two numbers (NaN if either is; ``b`` when they are equal)."""
    return a if (a < b or a != a) else b


@njit(cache=CACHE, nogil=True, error_model="numpy")
def _maximum(a: float, b: float) -> float:  # pragma: no cover - compiled
    """``np.maximum`` of two numbers (NaN if either is; ``b`` when they are equal)."""
    return a if (a > b or a != a) else b


@njit(cache=CACHE, nogil=True, error_model="numpy")
def _lines(
    team_years: np.ndarray,
    usd_per_team_year: np.ndarray,
    method_usd: np.ndarray,
    work_remains: np.ndarray,
    residual_years: np.ndarray,
    residual_usd: np.ndarray,
    fixed_usd: np.ndarray,
    risk_education_usd: np.ndarray,
    national_usd: np.ndarray,
    secured_usd: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:  # pragma: no cover - compiled
    """Planned cost and funding gap (US$) of each year of ``residual_years`` (the kept
    years): teams (kinds × years) at their cost, the methods' costs (methods × years), the
    fixed programme and risk education while work remains, the residual capacity in its
    years; the gap is the planned cost less the money counted, never below zero."""
    n = len(residual_years)
    planned = np.empty(n)
    gap = np.empty(n)
    for y in range(n):
        working = work_remains[y]
        residual = residual_usd[y] if residual_years[y] else 0.0
        total = (fixed_usd[y] + risk_education_usd[y] if working else 0.0) + residual
        for k in range(team_years.shape[0]):  # sum(team.values(), other + residual)
            total = total + team_years[k, y] * usd_per_team_year[k, y]
        by_method = 0.0  # sum(method.values(), zero)
        for m in range(method_usd.shape[0]):
            by_method = by_method + method_usd[m, y]
        total = total + by_method
        need = np.inf if working else residual
        national = _minimum(national_usd[y], need)
        secured = _minimum(secured_usd[y] - 0.0, need - national)  # no idle earmarks
        planned[y] = total
        gap[y] = _maximum(total - (national + secured), 0.0)
    return planned, gap


def planned_and_gap(
    plan: YearlyPlan, kept: int, residual_years: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """``planned_usd`` and ``funding_gap_usd`` of
    :func:`~landrelease.engine.costs.plan_lines` ``(plan, slice(0, kept + 1),
    residual_years)`` (US$ a year over the kept years; ``residual_years``: per kept year,
    whether the residual capacity stands)."""
    money = plan.line_money
    if money is not None and (money.earmarked_secured_usd or money.earmarked_expected_usd):
        lines = plan_lines(plan, slice(0, kept + 1), residual_years)
        return lines.planned_usd, lines.funding_gap_usd
    n = len(plan.years)
    zero = np.zeros(n)
    return _lines(
        np.array([plan.planned_team_years[k] for k in TEAM_KINDS], dtype=float),
        np.array([plan.usd_per_team_year[k] for k in TEAM_KINDS], dtype=float),
        np.array([plan.method_cost_usd.get(m, zero) for m in METHODS], dtype=float),
        np.asarray(plan.work_remains, dtype=np.bool_),
        np.asarray(residual_years, dtype=np.bool_),
        np.asarray(plan.residual_capacity_usd, dtype=float),
        np.asarray(plan.fixed_programme_usd, dtype=float),
        np.asarray(plan.risk_education_usd, dtype=float),
        np.asarray(plan.national_usd, dtype=float),
        np.asarray(plan.international_secured_usd, dtype=float),
    )
