r"""Response curves: how a country's Article 5 completion moves with additional money.

For a country and scenario, :func:`response_curve` gives at each amount of additional
secured international money a year (:mod:`.money`) the P50 and P90 Article 5 completion
year, ``p_complete_by_deadline``, ``p_complete_by_requested`` and the AP area released by a
year, over the forecast's draws (the same draws and seed at every amount: common random
numbers, :mod:`.evaluate`), so the curves are monotone exactly.

**The grid** (:func:`default_amounts`): :data:`DEFAULT_POINTS` evenly spaced amounts from
none to the *full-funding amount*, the least additional money at which every draw pays
every planned team in every year (the largest saturation over the draws,
:func:`~landrelease.portfolio.money.saturation_usd`). Above it the curve is flat — proved,
not assumed — so the grid spans exactly the part of the curve money can move; ten steps
show its shape at a tenth of the cost of a draw each. A past-release pace (money per m²)
has no saturation known in advance: its grid ends at twice the largest yearly cost of the
central plan. Callers may give any amounts instead.

What every curve of a country shares is :func:`~.prepared.prepare`\ d once; the draws are
run and cached by :func:`~.requests.many_outcomes`.
"""

from __future__ import annotations

import datetime as dt
import math
import warnings
from collections.abc import Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from landrelease.domain.country import Country
from landrelease.errors import LandreleaseWarning
from landrelease.forecast import QUANTITIES, evaluate, inputs_at, sample_inputs
from landrelease.forecast.result import year_quantile
from landrelease.portfolio.evaluate import FullOutcome, Progress
from landrelease.portfolio.money import plan_need_usd, saturation_usd
from landrelease.portfolio.prepared import CurveError, Prepared, last_year_meeting, prepare
from landrelease.portfolio.requests import Request, chunks, many_outcomes
from landrelease.scenario.model import Scenario

__all__ = [
    "DEFAULT_POINTS",
    "DEFAULT_YEARS_AHEAD",
    "ResponseCurve",
    "default_amounts",
    "full_funding_usd",
    "response_curve",
]

DEFAULT_POINTS = 11
"""Amounts of a default curve: none, then every tenth of the full-funding amount."""
DEFAULT_YEARS_AHEAD = 5
"""Default year of "AP area released by": the end of the plan's fifth year, the length of a
donor's usual multi-year commitment."""
PAST_PACE_TOP_FACTOR = 2.0
"""A past-release pace's default grid ends at this multiple of the central plan's largest
yearly cost (its saturation moves with each draw's shares and is not known in advance)."""

_PLANNED = QUANTITIES.index("planned_cost_usd")


def full_funding_usd(prepared: Prepared, *, draws: int, seed: int) -> float:
    """The least additional money a year at which every draw pays every planned team in
    every year (the largest saturation); for a past-release pace,
    :data:`PAST_PACE_TOP_FACTOR` times the central plan's largest yearly cost."""
    need = plan_need_usd(prepared.model)
    if need is None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", LandreleaseWarning)
            plan = project_plan_cost(prepared)
        return PAST_PACE_TOP_FACTOR * plan
    top = 0.0
    for c, size in chunks(draws):
        inputs = sample_inputs(
            prepared.uncertainty,
            size,
            prepared.model.n_years,
            seed=seed,
            chunk=c,
            realisation=prepared.realisation,
        )
        found = saturation_usd(prepared.model, inputs, margin=False)
        top = max(top, float(found.max(initial=0.0)))
    return top


def project_plan_cost(prepared: Prepared) -> float:
    """The central plan's largest yearly planned cost (US$): every input at its P50."""
    outcome = evaluate(prepared.model, inputs_at(prepared.uncertainty, {}, prepared.model.n_years))
    return float(outcome.annual[0, :, _PLANNED].max(initial=0.0))


def default_amounts(
    prepared: Prepared, *, draws: int, seed: int, points: int = DEFAULT_POINTS
) -> np.ndarray:
    """``points`` amounts (US$ a year) evenly from none to the full-funding amount, rounded
    up to a whole US$1,000 (see the module docstring)."""
    if points < 2:
        raise CurveError(f"a curve needs at least 2 amounts; {points} given")
    top = math.ceil(full_funding_usd(prepared, draws=draws, seed=seed) / 1000) * 1000.0
    if top <= 0:
        return np.zeros(1)
    return np.linspace(0.0, top, points)


def _share(index: np.ndarray, last: int) -> np.ndarray:
    """Per amount, the share of draws whose Article 5 completion (year indexes, ``-1``:
    after the horizon) is in year index ``last`` or before."""
    return ((index >= 0) & (index <= last)).mean(axis=1)


@dataclass(frozen=True)
class ResponseCurve:
    """A country's response to additional money: :attr:`table` and the draws behind it.

    ``article5_index``: Article 5 completion year index per amount and draw (``-1``: after
    the horizon); ``article5_remaining_m2``: mean Article 5 stock at each year end per
    amount (m², amounts × years).
    """

    country: str
    scenario: str
    amounts_usd: np.ndarray
    years: np.ndarray
    by_year: int
    deadline: dt.date
    requested: dt.date | None
    article5_index: np.ndarray
    article5_remaining_m2: np.ndarray
    ap_baseline_m2: float
    draws: int
    seed: int
    evaluations: int
    origin: dict[str, Any]

    def year_at(self, q: float) -> list[int | None]:
        """Quantile ``q`` (0..1) of the Article 5 completion year at each amount
        (``None``: after the horizon)."""
        end = int(self.years[-1])
        out = [year_quantile(row, self.years, q, end) for row in self.article5_index]
        return [v if isinstance(v, int) else None for v in out]

    def p_complete_by(self, day: dt.date) -> np.ndarray:
        """Per amount, the share of draws (0..1) whose Article 5 completion meets ``day``
        (the last year whose end is on or before it)."""
        return _share(self.article5_index, last_year_meeting(day) - int(self.years[0]))

    def ap_released_m2(self, by_year: int | None = None) -> np.ndarray:
        """Per amount, the AP area released by the end of ``by_year`` (default
        :attr:`by_year`), m²: the fall of the Article 5 stock from the baseline, net of new
        finds and re-survey (the same at every amount, so differences are release)."""
        year = self.by_year if by_year is None else by_year
        if year < self.years[0]:
            return np.zeros(len(self.amounts_usd))
        k = min(int(year - self.years[0]), len(self.years) - 1)
        return self.ap_baseline_m2 - self.article5_remaining_m2[:, k]

    @property
    def table(self) -> pd.DataFrame:
        """One row per amount: ``additional_usd_per_year, article5_completion_year_p50,
        article5_completion_year_p90`` (empty: after the horizon),
        ``p_complete_by_deadline, p_complete_by_requested`` (0..1; empty without a
        requested date), ``ap_area_released_m2`` (by the end of :attr:`by_year`)."""
        start = int(self.years[0])
        requested = (
            _share(self.article5_index, last_year_meeting(self.requested) - start)
            if self.requested is not None
            else np.full(len(self.amounts_usd), np.nan)
        )
        return pd.DataFrame(
            {
                "additional_usd_per_year": self.amounts_usd,
                "article5_completion_year_p50": pd.array(self.year_at(0.5), dtype="Int64"),
                "article5_completion_year_p90": pd.array(self.year_at(0.9), dtype="Int64"),
                "p_complete_by_deadline": _share(
                    self.article5_index, last_year_meeting(self.deadline) - start
                ),
                "p_complete_by_requested": requested,
                "ap_area_released_m2": self.ap_released_m2(),
            }
        )


def response_curve(
    country: Country | Prepared,
    scenario: Scenario | None = None,
    *,
    amounts_usd: Sequence[float] | None = None,
    points: int = DEFAULT_POINTS,
    draws: int = 500,
    seed: int = 0,
    by_year: int | None = None,
    executor: Executor | None = None,
    progress: Progress | None = None,
) -> ResponseCurve:
    """The response of ``country`` under ``scenario`` to additional secured international
    money a year (US$).

    Parameters
    ----------
    country, scenario : the country and scenario (or ``country`` already
        :func:`prepare`\\ d, ``scenario`` then ``None``).
    amounts_usd : additional US$ a year, increasing; default :func:`default_amounts`.
    points : amounts of the default grid.
    draws, seed : the forecast's draws and seed (the curve at no additional money is the
        forecast's own figures).
    by_year : year of "AP area released by" (default: the plan's
        :data:`DEFAULT_YEARS_AHEAD`\\ th year).
    executor : where the chunks of draws run (:mod:`.evaluate`).
    progress : called with (draws done, draws in all).
    """
    if isinstance(country, Prepared):
        prepared = country
    elif scenario is None:
        raise CurveError("give the scenario of the curve")
    else:
        prepared = prepare(country, scenario)
    if isinstance(draws, bool) or not isinstance(draws, int) or draws < 1:
        raise CurveError(f"draws = {draws!r}: give a whole number of at least 1")
    if amounts_usd is None:
        amounts = default_amounts(prepared, draws=draws, seed=seed, points=points)
    else:
        amounts = np.asarray(amounts_usd, dtype=float)
    (result,) = many_outcomes(
        [Request(prepared, tuple(map(float, amounts)))],
        draws=draws,
        seed=seed,
        executor=executor,
        progress=progress,
    )
    assert isinstance(result, FullOutcome)
    start = prepared.scenario.start_year
    return ResponseCurve(
        country=prepared.name,
        scenario=prepared.scenario.name,
        amounts_usd=amounts,
        years=prepared.years,
        by_year=start + DEFAULT_YEARS_AHEAD - 1 if by_year is None else by_year,
        deadline=prepared.deadline,
        requested=prepared.requested,
        article5_index=result.article5_index,
        article5_remaining_m2=result.article5_remaining_m2.mean(axis=1),
        ap_baseline_m2=prepared.ap_baseline_m2,
        draws=draws,
        seed=seed,
        evaluations=result.evaluations,
        origin=prepared.origin,
    )
