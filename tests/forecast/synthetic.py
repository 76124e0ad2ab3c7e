"""Synthetic countries from a known random process, for the calibration harness
(``test_calibration_harness.py``).

The process (all countries at once, in arrays):

- a stock of suspected land ``R0`` (m²), worked by ``TEAMS`` survey teams whose output per
  team-year is ``P · exp(σ ε_t)`` in year *t* (``ε`` independent standard normal; ``P`` and
  ``σ`` the country's own, unknown to the forecaster): the **known pace** and its **noise**;
- every year, a **revision** of the stock outside the release records (re-survey, new finds,
  rounding): ``R(t) = max(R(t−1) · (1 + ρ_t) − released(t), 0)`` with ``ρ_t`` normal around
  the country's own level ``δ`` (some States' re-surveys cut their stock year after year,
  others keep finding new areas; ``δ`` normal, spread 1%) with the country's own spread
  ``τ``;
- what the State reports: the release of each year (non-technical survey cancels the land it
  works, with the team-years behind it) and the stock at each year's end.

A country is forecast from its first ``H`` years: a release history and a stocks file of
those years, and a baseline of the stock at the end of year ``H`` as many suspected areas.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from landrelease.domain.country import Country, CountryInfo
from landrelease.domain.schema import coerce, schema
from landrelease.forecast import (
    QUANTITIES,
    evaluate,
    prepare_draws,
    resolve_uncertainty,
    sample_inputs,
)
from landrelease.scenario import scenario_from_dict

FIRST_YEAR = 2001
"""Calendar year of the first year of every synthetic history."""
TEAMS = 4.0
"""Survey teams in the field every year (team-years a year)."""
N_AREAS = 40
"""Areas the baseline is cut into (the engine releases area as it is worked, so a few dozen
areas of similar size behave like the smooth stock of the process)."""
REGION = "Only"


@dataclass(frozen=True)
class World:
    """The truth of ``n`` countries over ``years`` years (rows: countries; columns: years
    1..years, with the initial stock in column 0 of ``stock_m2``)."""

    stock_m2: np.ndarray  # n × (years + 1): end of year t (t = 0: the start)
    released_m2: np.ndarray  # n × years
    productivity_m2: np.ndarray  # n × years, per team-year
    pace_m2: np.ndarray  # n: P, the median output per team-year
    sigma: np.ndarray  # n
    tau: np.ndarray  # n
    area_shape: np.ndarray  # n × N_AREAS: relative sizes of the baseline's areas

    @property
    def n(self) -> int:
        return len(self.pace_m2)


def simulate(rng: np.random.Generator, n: int, years: int) -> World:
    """The truth of ``n`` countries over ``years`` years (see the module docstring)."""
    stock0 = rng.lognormal(np.log(5e6), 0.5, n)
    # at its median pace the stock would last 22 to 40 years: the longest history (12
    # years) and the years forecast after it all fit before completion
    pace = stock0 / TEAMS / rng.uniform(22, 40, n)
    sigma = rng.uniform(0.1, 0.35, n)
    tau = rng.uniform(0.0, 0.03, n)
    drift = rng.normal(0.0, 0.01, n)
    productivity = pace[:, None] * np.exp(sigma[:, None] * rng.standard_normal((n, years)))
    revision = drift[:, None] + tau[:, None] * rng.standard_normal((n, years))
    stock = np.zeros((n, years + 1))
    released = np.zeros((n, years))
    stock[:, 0] = stock0
    for t in range(years):
        opening = stock[:, t] * (1.0 + revision[:, t])
        released[:, t] = np.minimum(TEAMS * productivity[:, t], opening)
        stock[:, t + 1] = opening - released[:, t]
    shape = rng.lognormal(0.0, 0.3, (n, N_AREAS))
    return World(stock, released, productivity, pace, sigma, tau, shape)


def year_of(t: int) -> int:
    """Calendar year of history year ``t`` (1-based)."""
    return FIRST_YEAR + t - 1


def _checked(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    table, problems = coerce(frame, schema(name))
    assert not problems, [str(p) for p in problems[:3]]
    return table


@cache
def _templates(history: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Hazard, release and stocks tables of a history of ``history`` years, validated
    once by their schemas; each country copies them with its own areas."""
    years = [year_of(t) for t in range(1, history + 1)]
    hazards = _checked(
        "hazards",
        pd.DataFrame(
            {
                "hazard_id": [f"S-{i}" for i in range(N_AREAS)],
                "region": REGION,
                "status": "sha",
                "contamination_type": "ap_mine",
                "area_m2": 1.0,
                "priority": np.arange(N_AREAS),
            }
        ),
    )
    releases = _checked(
        "releases",
        pd.DataFrame(
            {
                "year": years,
                "region": REGION,
                "method": "cancelled",
                "area_m2": 1.0,
                "contamination_type": "ap_mine",
                "teams": TEAMS,
                "asset": "nts",
            }
        ),
    )
    stocks = _checked(
        "stocks",
        pd.DataFrame(
            {
                "year": [FIRST_YEAR - 1, *years],
                "region": "all",
                "status": "all",
                "contamination_type": "all",
                "area_m2": 1.0,
            }
        ),
    )
    return hazards, releases, stocks


def country_at(world: World, k: int, history: int) -> Country:
    """Country ``k`` as its State knows it at the end of year ``history``."""
    hazards, releases, stocks = (t.copy() for t in _templates(history))
    hazards["area_m2"] = (
        world.area_shape[k] / world.area_shape[k].sum() * world.stock_m2[k, history]
    )
    releases["area_m2"] = world.released_m2[k, :history]
    stocks["area_m2"] = world.stock_m2[k, : history + 1]
    info = CountryInfo(
        name=f"Synthetic {k}",
        code="XSY",
        entry_into_force_date=dt.date(1999, 3, 1),
        article5_deadline_date=dt.date(2009, 3, 1),
        baseline_date=dt.date(year_of(history), 12, 31),
        synthetic=True,
        regions=(REGION,),
    )
    return Country(info=info, hazards=hazards, releases=releases, stocks=stocks)


def scenario_table(history: int, horizon: int) -> dict[str, object]:
    """The forecaster's scenario: today's teams, productivity and shares calibrated from
    the whole history, no money limit, the track record not asked for."""
    return {
        "name": "synthetic",
        "period": {"start_year": year_of(history + 1), "end_year": year_of(history + horizon)},
        "teams": {"nts": TEAMS},
        "calibration": {"years": history},
        "uncertainty": {"plan_realisation": "none"},
    }


@dataclass(frozen=True)
class Forecasts:
    """Per country forecast: its history length, and per lead year (columns) the truth and
    the forecast's P10, P50 and P90 of remaining area (m², end of year); the truth, the
    forecast P50 and the process's expectation (its pace's mean, without the luck of the
    years) of the area released over all the lead years."""

    history: np.ndarray  # countries
    truth_m2: np.ndarray  # countries × leads
    p10_m2: np.ndarray
    p50_m2: np.ndarray
    p90_m2: np.ndarray
    released_truth_m2: np.ndarray  # countries
    released_p50_m2: np.ndarray
    released_expected_m2: np.ndarray  # the process's expected release over the leads


def forecast_countries(
    world: World, jobs: list[tuple[int, int]], horizon: int, draws: int
) -> Forecasts:
    """Forecast country ``k`` from its first ``h`` years for each ``(k, h)`` of ``jobs``,
    ``draws`` draws each (seed ``k``), with the forecast's per-draw path."""
    rows = []
    for k, h in jobs:
        country = country_at(world, k, h)
        scenario = scenario_from_dict(scenario_table(h, horizon), baseline_year=year_of(h))
        model = prepare_draws(country, scenario)
        uncertainty = resolve_uncertainty(country, scenario)
        out = evaluate(model, sample_inputs(uncertainty, draws, model.n_years, seed=k))
        remaining = out.annual[:, :, QUANTITIES.index("remaining_area_m2")]
        released = out.annual[:, :, QUANTITIES.index("released_area_m2")].sum(axis=1)
        q = np.quantile(remaining, [0.1, 0.5, 0.9], axis=0)
        rows.append(
            (
                h,
                world.stock_m2[k, h + 1 : h + 1 + horizon],
                *q,
                world.released_m2[k, h : h + horizon].sum(),
                float(np.median(released)),
                horizon * TEAMS * world.pace_m2[k] * np.exp(world.sigma[k] ** 2 / 2),
            )
        )
    parts = list(zip(*rows, strict=True))
    return Forecasts(*(np.array(p) for p in parts))
