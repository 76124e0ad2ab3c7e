"""How likely a plan's yearly pace is on the State's own record: the forecast's pace model
(:mod:`landrelease.forecast.pace_spread`) applied to the record's yearly release.

The record is the release of the last few past years (m², national). As the forecast reads
a pace, the State's level is the record's median year, uncertain by its standard error (a
level drawn once per draw, normal in logs between its P10 and P90), and each future year
varies around the level by the record's yearly spread (drawn year by year, so it averages
out over the years). The plan's pace is reached in a draw when the State's average yearly
release over the plan's years is at least the plan's average. The probability is the share
of draws that reach it.

A plan at the State's typical (median) year is reached a little more often than not: the
mean of a year's output is above its median, and the years average out. A plan at three
times its best year is almost never reached. The review's ``forecast_probability`` check
(:mod:`landrelease.review.checks.pace_odds`) reports the probability from a request's own
progress table.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from landrelease.forecast.distributions import Z90
from landrelease.forecast.pace_spread import pace_spread

__all__ = ["MIN_RECORD_YEARS", "ODDS_DRAWS", "PaceOdds", "pace_odds"]

MIN_RECORD_YEARS = 3
"""Past years with release needed: fewer say nothing about how far a year may fall from the
centre (as the forecast's calibration spread, ``MIN_YEARS_FOR_SPREAD``)."""
ODDS_DRAWS = 20_000
"""Draws behind a probability: its sampling error is then about ±0.35 percentage points,
far below the thresholds' steps (a few milliseconds)."""


@dataclass(frozen=True)
class PaceOdds:
    """The probability that a plan's yearly pace is reached on the State's record.

    ``probability`` (0..1); ``plan_m2_per_year`` the plan's average yearly release over its
    ``plan_years`` years; ``median_m2`` the record's median year (the level),
    ``level_p10``/``level_p90`` its uncertainty (multipliers of the median) and
    ``noise_sd_log`` the yearly spread (standard deviation of a year's log output);
    ``record_years`` the years of the record used.
    """

    probability: float
    plan_m2_per_year: float
    plan_years: int
    median_m2: float
    level_p10: float
    level_p90: float
    noise_sd_log: float
    record_years: tuple[int, ...]


def pace_odds(
    years: np.ndarray,
    released_m2: np.ndarray,
    plan_m2_per_year: float,
    plan_years: int,
    *,
    seed: int = 0,
    draws: int = ODDS_DRAWS,
) -> PaceOdds | None:
    """The probability that the State, at the pace its record shows, releases on average at
    least ``plan_m2_per_year`` a year over ``plan_years`` years.

    Parameters
    ----------
    years, released_m2 : the record: past years and the area released in each (m²); years
        without release (0 or missing) are left out.
    plan_m2_per_year : the plan's average yearly release (m²).
    plan_years : the plan's years with work (1 or more).
    seed : seed of the draws (the same seed, the same probability).
    draws : number of draws.

    Returns
    -------
    PaceOdds, or ``None`` when the record has fewer than :data:`MIN_RECORD_YEARS` years with
    release.
    """
    v = np.asarray(released_m2, dtype=float)
    known = np.isfinite(v) & (v > 0)
    values, kept = v[known], np.asarray(years)[known]
    spread = pace_spread(values)
    if len(values) < MIN_RECORD_YEARS or spread is None:
        return None
    n = max(int(plan_years), 1)
    rng = np.random.default_rng(np.random.SeedSequence(seed))
    level_sd = float(np.log(spread.level_p90)) / Z90
    level = rng.standard_normal(draws) * level_sd
    noise = rng.standard_normal((draws, n)) * spread.noise_sd_log
    median = float(np.median(values))
    average = median * np.exp(level) * np.exp(noise).mean(axis=1)
    return PaceOdds(
        probability=float(np.mean(average >= plan_m2_per_year)),
        plan_m2_per_year=float(plan_m2_per_year),
        plan_years=n,
        median_m2=median,
        level_p10=spread.level_p10,
        level_p90=spread.level_p90,
        noise_sd_log=spread.noise_sd_log,
        record_years=tuple(int(y) for y in kept),
    )
