"""Backtests: forecast from a past year with only what was known then, and compare with what
the country folder records afterwards.

From the country as known at the end of ``as_of_year`` (:func:`~.asof.as_of_country`: the
stock then as baseline, the history up to then, the milestones and the deadline then in
force), two forecasts:

- ``past_release``: the pace of the releases up to then (``[pace] mode = "past_release"``,
  the level model over the calibration window), with the uncertainty the history then gives;
- ``plan``: where milestones set by then target years after it, the plan of that time —
  the past-release pace scaled each year to the plan's target (m² released; the scale is
  the target over what the past pace releases a year in the engine over the plan's
  years), times the
  plan realisation of the State's record as known then (:func:`~.realisation.plan_realisation`;
  a record too short gives none). The plan's own pace carries no other noise (the
  realisation's spread is the State's record of years against plans). After the plan's
  last target year the pace returns to the past release.

Each is compared with the national stock the stocks file gives for every later year (the
baseline year's from the hazard table): the error of the P50 remaining area (%, positive:
the forecast expected more area left than there was), whether the actual fell inside
P10–P90, and the completion call against the deadline then in force — the forecast's
probability that all areas are released by it against whether they were (``met``,
``missed``, or ``open`` while the deadline has not passed in the records). All areas, not
only Article 5's: the stocks file counts every contamination type.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from landrelease.domain.country import Country
from landrelease.domain.provenance import provenance
from landrelease.engine.project import project
from landrelease.forecast.asof import as_of_country, stock_by_year
from landrelease.forecast.realisation import PlanRealisation, plan_realisation
from landrelease.forecast.result import ForecastResult
from landrelease.forecast.run import forecast
from landrelease.forecast.track_record import plan_targets
from landrelease.scenario.files import scenario_from_dict
from landrelease.scenario.model import Scenario

__all__ = [
    "BACKTEST_COLUMNS",
    "DEFAULT_BACKTEST_DRAWS",
    "DEFAULT_HORIZON_YEARS",
    "BacktestResult",
    "PlanPace",
    "backtest",
    "compare_with_actual",
    "completion_call",
]

DEFAULT_HORIZON_YEARS = 20
"""Years forecast after the as-of year: past any deadline then in force, so that the
completion call has its answer within the horizon."""
DEFAULT_BACKTEST_DRAWS = 500
"""Draws of each forecast: P10 and P90 within about ±1.3 percentage points of their limit,
and two forecasts of a large country in seconds."""
BACKTEST_COLUMNS = (
    "forecast",
    "year",
    "actual_remaining_area_m2",
    "remaining_area_m2_p10",
    "remaining_area_m2_p50",
    "remaining_area_m2_p90",
    "error_pct",
    "inside_p10_p90",
)
"""Columns of :attr:`BacktestResult.table`."""


@dataclass(frozen=True)
class PlanPace:
    """The plan of a past year as multipliers of the past-release pace: ``scale`` per
    projection year (target ÷ the past pace's yearly release; 1 after the plan), times the
    State's plan realisation then (``realisation``)."""

    scale: np.ndarray
    realisation: PlanRealisation

    def draw_factors(self, rng: np.random.Generator, n_draws: int, n_years: int) -> np.ndarray:
        """Multipliers per draw and year (see the class docstring)."""
        scale = np.ones(n_years)
        scale[: min(n_years, len(self.scale))] = self.scale[:n_years]
        return self.realisation.draw_factors(rng, n_draws, n_years) * scale[None, :]

    def as_dict(self) -> dict[str, Any]:
        """The scale and the realisation, for JSON."""
        return {
            "scale_of_past_pace": [round(float(v), 6) for v in self.scale],
            "realisation": self.realisation.as_dict(),
        }


@dataclass(frozen=True)
class BacktestResult:
    """Every figure of a backtest: ``table`` (:data:`BACKTEST_COLUMNS`, one row per forecast
    and later year with a recorded stock), ``calls`` (per forecast: the completion call),
    ``summary`` (per forecast: mean absolute error and coverage), the as-of year, the
    deadline then in force, the forecasts' settings and the provenance."""

    as_of_year: int
    deadline_date: dt.date
    table: pd.DataFrame
    calls: dict[str, dict[str, Any]]
    summary: dict[str, dict[str, Any]]
    settings: dict[str, Any]
    provenance: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        """Plain values for JSON (``backtest.json``)."""
        rows = [
            {
                k: (None if isinstance(v, float) and np.isnan(v) else v)
                for k, v in zip(self.table.columns, r, strict=True)
            }
            for r in self.table.itertuples(index=False)
        ]
        return {
            "as_of_year": self.as_of_year,
            "deadline_date": self.deadline_date.isoformat(),
            "forecasts": {
                name: {**self.summary[name], "completion_call": self.calls[name]}
                for name in self.summary
            },
            "years": rows,
            "settings": self.settings,
            "provenance": self.provenance,
        }


def compare_with_actual(
    name: str, annual: pd.DataFrame, actual: Mapping[int, float]
) -> pd.DataFrame:
    """Rows of :data:`BACKTEST_COLUMNS` for forecast ``name``: its ``annual`` table (columns
    ``year``, ``remaining_area_m2_p10/_p50/_p90``; the ``plan`` case) against the actual
    national stock of each year it covers. ``error_pct`` = 100 · (P50 − actual) / actual
    (NaN where the actual is 0)."""
    rows = []
    plan = annual[annual["case"] == "plan"] if "case" in annual.columns else annual
    by_year = plan.set_index("year")
    for year in sorted(actual):
        if year not in by_year.index:
            continue
        truth = float(actual[year])
        p10, p50, p90 = (
            float(by_year.at[year, f"remaining_area_m2_{q}"]) for q in ("p10", "p50", "p90")
        )
        error = 100.0 * (p50 - truth) / truth if truth > 0 else float("nan")
        rows.append((name, year, truth, p10, p50, p90, error, bool(p10 <= truth <= p90)))
    return pd.DataFrame(rows, columns=list(BACKTEST_COLUMNS))


def completion_call(
    completion_years: pd.Series, actual: Mapping[int, float], deadline: dt.date
) -> dict[str, Any]:
    """The forecast's call on completion (all areas) by ``deadline`` against what happened.

    ``completion_years``: one per draw (``<NA>``: after the horizon). A year *Y* meets the
    deadline when 31 December of *Y* is on or before it. The forecast says ``met`` when at
    least half of its draws finish by the deadline. ``actual``: ``met`` (a recorded stock
    of 0 by the deadline), ``missed`` (the deadline passed in the records with area left)
    or ``open``; ``right``: whether the call matched (``None`` while open).
    """
    years = completion_years.astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    done = np.array([np.isfinite(y) and dt.date(int(y), 12, 31) <= deadline for y in years])
    p = float(done.mean()) if len(done) else 0.0
    finished = [y for y in sorted(actual) if actual[y] <= 0]
    last = max(actual) if actual else None
    if finished and dt.date(finished[0], 12, 31) <= deadline:
        outcome = "met"
    elif last is not None and dt.date(last, 12, 31) >= deadline:
        outcome = "missed"
    else:
        outcome = "open"
    said = "met" if p >= 0.5 else "missed"
    return {
        "deadline_date": deadline.isoformat(),
        "p_complete_by_deadline": round(p, 6),
        "forecast": said,
        "actual": outcome,
        "actual_completion_year": finished[0] if finished else None,
        "right": None if outcome == "open" else said == outcome,
    }


def _scenario(as_of: int, horizon: int, name: str, uncertainty: dict[str, Any]) -> Scenario:
    return scenario_from_dict(
        {
            "name": name,
            "description": f"Backtest from {as_of}: {name.replace('_', ' ')}",
            "period": {"start_year": as_of + 1, "end_year": as_of + horizon},
            "pace": {"mode": "past_release"},
            "uncertainty": uncertainty,
        },
        baseline_year=as_of,
    )


def _plan_pace(then: Country, scenario: Scenario, as_of: int) -> PlanPace | None:
    """The plan of that time as multipliers of the past pace (None without targets)."""
    targets = plan_targets(then.info, as_of)
    if not targets:
        return None
    # what the past pace releases a year, as the engine works it (areas wait for their
    # earlier stage; idle capacity is lost), over the plan's years
    annual = project(then, scenario).annual
    first, last = min(targets), max(targets)
    window = annual[annual["year"].between(first, last)]["released_area_m2"]
    per_year = float(window.mean()) if len(window) else 0.0
    if per_year <= 0:
        return None
    # each year the latest target up to it (a plan's target holds until the next one);
    # before the first target year and after the last, the past pace
    scale = np.ones(len(scenario.years))
    current: float | None = None
    for i, year in enumerate(int(y) for y in scenario.years):
        current = targets.get(year, current)
        if current is not None and year <= last:
            scale[i] = current / per_year
    return PlanPace(scale, plan_realisation(then, "own", as_of_year=as_of))


def _summary(rows: pd.DataFrame) -> dict[str, Any]:
    errors = rows["error_pct"].dropna()
    return {
        "years_compared": len(rows),
        "mean_abs_error_pct": None if errors.empty else round(float(errors.abs().mean()), 4),
        "coverage_p10_p90": None if rows.empty else round(float(rows["inside_p10_p90"].mean()), 6),
    }


def backtest(
    country: Country,
    as_of_year: int,
    *,
    horizon: int = DEFAULT_HORIZON_YEARS,
    draws: int = DEFAULT_BACKTEST_DRAWS,
    seed: int = 0,
    executor: Executor | None = None,
) -> BacktestResult:
    """Backtest ``country`` from the end of ``as_of_year`` (see the module docstring).

    Parameters
    ----------
    country : the country as loaded today, with a stocks file.
    as_of_year : the year whose end the forecasts start from (before the baseline year).
    horizon : years forecast after it.
    draws, seed, executor : as for :func:`~landrelease.forecast.forecast`.

    Raises
    ------
    LandreleaseError
        when the year is not before the baseline or has no stock, or the history up to it
        has no release to take a pace from.
    """
    then = as_of_country(country, as_of_year)
    actual = {y: a for y, a in stock_by_year(country).items() if y > as_of_year}
    deadline = then.info.article5_deadline_date
    past = _scenario(as_of_year, horizon, "past_release", {})
    results: dict[str, ForecastResult] = {
        "past_release": forecast(then, past, draws=draws, seed=seed, executor=executor)
    }
    settings: dict[str, Any] = {"horizon_years": horizon, "draws": draws, "seed": seed}
    fixed = {"productivity": "fixed", "productivity_noise_frac": 0.0}
    plan_scenario = _scenario(as_of_year, horizon, "plan", fixed)
    plan = _plan_pace(then, plan_scenario, as_of_year)
    if plan is not None:
        results["plan"] = forecast(
            then, plan_scenario, draws=draws, seed=seed, executor=executor, realisation=plan
        )
        settings["plan"] = {
            "targets_m2": {str(y): v for y, v in plan_targets(then.info, as_of_year).items()},
            **plan.as_dict(),
        }
    tables, calls, summary = [], {}, {}
    for name, result in results.items():
        rows = compare_with_actual(name, result.annual, actual)
        tables.append(rows)
        draws_plan = result.draws[result.draws["case"] == "plan"]
        calls[name] = completion_call(draws_plan["completion_year"], actual, deadline)
        summary[name] = {
            **_summary(rows),
            "uncertainty": result.uncertainty,
        }
    return BacktestResult(
        as_of_year=as_of_year,
        deadline_date=deadline,
        table=pd.concat(tables, ignore_index=True),
        calls=calls,
        summary=summary,
        settings=settings,
        provenance=provenance(country),
    )
