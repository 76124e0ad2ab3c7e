"""The synthetic-truth harness: are the forecast's ranges honest?

Countries are drawn from a known random process (``synthetic.py``: a known pace with yearly
noise, yearly revisions of the stock outside the release records), each forecast from its
first 3, 6 or 12 years with the forecast's own per-draw path (``prepare_draws``,
``sample_inputs``, ``evaluate``), and compared with what the process did next.

Figures at the seed below (201 countries, 200 draws, five years ahead; printed with
``pytest -s``) are in docs/forecast.md.
"""

from __future__ import annotations

import multiprocessing
import warnings
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pytest

SEED = 20251231
COUNTRIES = 201
HISTORIES = (3, 6, 12)
"""Years of history each country is forecast from (a third of the countries each)."""
HORIZON = 5
DRAWS = 200
WORKERS = 2
"""The countries are shared between two processes (this machine's two cores): the harness
runs 40,200 draws through the engine, over a minute in one process."""


def _run(synthetic):
    world = synthetic.simulate(
        np.random.default_rng(SEED),
        COUNTRIES,
        max(HISTORIES) + HORIZON,
    )
    jobs = [(k, HISTORIES[k % len(HISTORIES)]) for k in range(world.n)]
    halves = [jobs[i::WORKERS] for i in range(WORKERS)]
    try:
        context = multiprocessing.get_context("fork")
    except ValueError:  # no fork (Windows): one process
        return synthetic.forecast_countries(world, jobs, HORIZON, DRAWS), jobs
    with warnings.catch_warnings():
        # Python 3.12+ warns that forking a process with threads may deadlock; the workers
        # only run numpy and pandas on their own data
        warnings.simplefilter("ignore", DeprecationWarning)
        with ProcessPoolExecutor(WORKERS, mp_context=context) as pool:
            futures = [
                pool.submit(synthetic.forecast_countries, world, half, HORIZON, DRAWS)
                for half in halves
            ]
            parts = [f.result() for f in futures]
    order = [job for half in halves for job in half]
    merged = synthetic.Forecasts(
        *(
            np.concatenate([getattr(p, f) for p in parts])
            for f in synthetic.Forecasts.__dataclass_fields__
        )
    )
    return merged, order


@pytest.fixture(scope="module")
def harness(synthetic):
    result, _ = _run(synthetic)
    return result


def _coverage(f, rows=slice(None)):
    inside = (f.p10_m2[rows] <= f.truth_m2[rows]) & (f.truth_m2[rows] <= f.p90_m2[rows])
    return float(inside.mean())


def _median_error(p50, truth):
    return float(np.median(np.abs(p50 - truth) / truth))


def test_80_percent_intervals_cover_the_truth_70_to_90_percent_of_the_time(harness):
    f = harness
    assert (f.truth_m2 > 0).all()  # every country still has land to release: no free hits
    coverage = _coverage(f)
    by_history = {h: _coverage(f, f.history == h) for h in HISTORIES}
    by_lead = [
        float(((f.p10_m2[:, j] <= f.truth_m2[:, j]) & (f.truth_m2[:, j] <= f.p90_m2[:, j])).mean())
        for j in range(HORIZON)
    ]
    print(f"\ncoverage of P10-P90: {coverage:.3f}; by history {by_history}; by lead {by_lead}")
    # 1,005 country-years, about 400 independent ones (the years of one country are
    # correlated): the standard error of a coverage near 0.8 is about 0.02, so the band
    # 0.70-0.90 is five standard errors either side of an honest 0.80
    assert 0.70 <= coverage <= 0.90
    # each history length on its own: 335 country-years, standard error about 0.035
    for h, c in by_history.items():
        assert 0.65 <= c <= 0.95, (h, c)


def _slope(history, error):
    """Least-squares slope of log |error| on log years of history."""
    return float(np.polyfit(np.log(history), np.log(np.abs(error)), 1)[0])


def test_p50_errors_shrink_as_history_lengthens(harness):
    f = harness
    pace = f.released_p50_m2 / f.released_expected_m2 - 1  # the pace the forecast expects
    realised = f.released_p50_m2 / f.released_truth_m2 - 1
    remaining = f.p50_m2[:, -1] / f.truth_m2[:, -1] - 1
    for name, error in (("pace", pace), ("release", realised), ("remaining", remaining)):
        by = {h: round(float(np.median(np.abs(error[f.history == h]))), 4) for h in HISTORIES}
        print(
            f"\nmedian |error| of P50 {name} by years of history {by}; "
            f"slope on log years {_slope(f.history, error):.2f}"
        )
    # The forecast's pace is the median of the history's years: its error falls as
    # 1/sqrt(years), a slope of -0.5 of log |error| on log years. log |error| of one country
    # spreads by about 1.1 and log years by 0.57 over the 201 countries, so the slope's
    # standard error is about 0.14: a slope below 0 is three standard errors from -0.5.
    assert _slope(f.history, pace) < 0
    # The area released over the five years adds the years' own luck, which no history
    # foretells, and remaining area the yearly revisions as well: their errors shrink far
    # less (printed above and in docs/forecast.md), which is what honest ranges must show.
