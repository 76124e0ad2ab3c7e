"""The result of a forecast: quantiles by year, completion quantiles and probabilities.

Quantiles: P10, P50 and P90 over the draws. Areas and money use linear interpolation
between draws (``numpy.quantile``'s default); completion years use the draws' own values
(``inverted_cdf``), so a quantile is a year some draw reached. A draw that does not
complete within the horizon counts as after it: its year is ``null`` in JSON and empty in
CSV, and a quantile that falls on such draws reads ``after <end_year>``.

Probabilities are shares of draws (Article 5 completion, the AP-mined areas): completion
in year *Y* meets a deadline when 31 December of *Y* is on or before it, as the
projection's cases read it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from landrelease.forecast.draws import QUANTITIES, REGION_QUANTITIES, DrawOutcome

__all__ = [
    "PERCENTILES",
    "ForecastResult",
    "annual_table",
    "case_summary",
    "draws_table",
    "region_table",
    "year_quantile",
]

PERCENTILES = (10, 50, 90)
"""The quantiles every forecast reports (P10, P50, P90)."""
SUMMARY_PLAN_KEYS = (
    "completion_year_p10",
    "completion_year_p50",
    "completion_year_p90",
    "article5_completion_year_p10",
    "article5_completion_year_p50",
    "article5_completion_year_p90",
    "p_complete_by_deadline",
    "p_complete_by_requested",
    "p_within_10_years",
)
"""Figures of each case, also at the top level of the summary for the ``plan`` case."""


@dataclass(frozen=True)
class ForecastResult:
    """What :func:`landrelease.forecast.forecast` returns.

    - ``annual``: per case and year, ``<quantity>_p10/_p50/_p90`` of remaining area (all and
      Article 5, m², year end), area cancelled, reduced, cleared, released and discovered in
      the year (m²), planned cost and funding gap (US$): columns ``case, year``, then
      :data:`~landrelease.forecast.draws.QUANTITIES` with each suffix.
    - ``by_region``: the same for ``remaining_area_m2`` and ``released_area_m2`` with a
      ``region`` column.
    - ``summary``: JSON-ready; per case (under ``cases``, and at the top level for ``plan``)
      ``completion_year_p10/p50/p90`` and ``article5_completion_year_p10/p50/p90`` (a year,
      or ``"after <end_year>"``), ``p_complete_by_deadline`` (the current Article 5
      deadline), ``p_complete_by_requested`` (the scenario's ``requested_deadline_date``,
      else the one the plan needs), ``p_within_10_years`` (ten years after the current
      deadline, Article 5.3's longest extension), ``planned_cost_usd_p10/p50/p90`` and the
      projection's own completion years; plus the dates used, ``draws``, ``seed``, the
      distributions (``uncertainty``) and ``provenance``.
    - ``draws``: one row per case and draw: ``case, draw, completion_year,
      article5_completion_year`` (empty: after the horizon), ``planned_cost_usd``.
    """

    annual: pd.DataFrame
    by_region: pd.DataFrame
    summary: dict[str, Any]
    draws: pd.DataFrame
    seed: int
    n_draws: int
    uncertainty: dict[str, Any]
    provenance: dict[str, Any]

    def case(self, name: str = "plan") -> dict[str, Any]:
        """The summary figures of one case."""
        return dict(self.summary["cases"][name])

    def headline(self, case: str = "plan") -> str:
        """One line: ``P(complete by 2028-03-01) = 4%; P50 2039 (P10 2036 – P90 2044)``
        (Article 5 completion)."""
        c = self.case(case)
        deadline = self.summary["deadline_date"]
        return (
            f"P(complete by {deadline}) = {percent(c['p_complete_by_deadline'])}; "
            f"P50 {c['article5_completion_year_p50']} "
            f"(P10 {c['article5_completion_year_p10']} – "
            f"P90 {c['article5_completion_year_p90']})"
        )


def percent(p: float) -> str:
    """A probability as a whole percentage; "<1%" and ">99%" rather than a rounded 0 or 100
    that no draw supports."""
    if 0 < p < 0.005:
        return "<1%"
    if 0.995 < p < 1:
        return ">99%"
    return f"{p:.0%}"


def year_quantile(index: np.ndarray, years: np.ndarray, q: float, end_year: int) -> int | str:
    """Quantile ``q`` (0..1) of completion year indexes (``-1``: after the horizon): a year
    some draw reached, or ``"after <end_year>"``."""
    value = np.where(index >= 0, years[np.maximum(index, 0)].astype(float), np.inf)
    result = float(np.quantile(value, q, method="inverted_cdf"))
    return f"after {end_year}" if not np.isfinite(result) else int(result)


def _by(index: np.ndarray, years: np.ndarray, day: dt.date | None) -> float | None:
    """Share of draws whose completion (year indexes) meets the deadline ``day``."""
    if day is None:
        return None
    done = index >= 0
    year = years[np.maximum(index, 0)]
    meets = done & (year <= day.year - 1 + (day >= dt.date(day.year, 12, 31)))
    return float(meets.mean())


def case_summary(
    outcome: DrawOutcome,
    years: np.ndarray,
    end_year: int,
    deadlines: Mapping[str, dt.date | None],
) -> dict[str, Any]:
    """The summary figures of one case (see :class:`ForecastResult`)."""
    out: dict[str, Any] = {}
    for name, index in (
        ("completion_year", outcome.completion_index),
        ("article5_completion_year", outcome.article5_completion_index),
    ):
        for p in PERCENTILES:
            out[f"{name}_p{p}"] = year_quantile(index, years, p / 100, end_year)
    a5 = outcome.article5_completion_index
    out["p_complete_by_deadline"] = _by(a5, years, deadlines["deadline"])
    out["p_complete_by_requested"] = _by(a5, years, deadlines["requested"])
    out["p_within_10_years"] = _by(a5, years, deadlines["within_10_years"])
    cost = np.quantile(outcome.planned_cost_usd, [p / 100 for p in PERCENTILES])
    for p, v in zip(PERCENTILES, cost, strict=True):
        out[f"planned_cost_usd_p{p}"] = float(v)
    return out


def _quantile_columns(values: np.ndarray, names: tuple[str, ...]) -> dict[str, np.ndarray]:
    """``<name>_p10/_p50/_p90`` over the first axis (draws) of ``values`` (… × names)."""
    q = np.quantile(values, [p / 100 for p in PERCENTILES], axis=0)
    columns = {}
    for j, name in enumerate(names):
        for k, p in enumerate(PERCENTILES):
            columns[f"{name}_p{p}"] = q[k, ..., j].reshape(-1)
    return columns


def annual_table(case: str, outcome: DrawOutcome, years: np.ndarray) -> pd.DataFrame:
    """Quantiles of the yearly national quantities of one case."""
    data: dict[str, Any] = {"case": case, "year": years.astype(np.int64)}
    data |= _quantile_columns(outcome.annual, QUANTITIES)
    return pd.DataFrame(data)


def region_table(
    case: str, outcome: DrawOutcome, years: np.ndarray, regions: tuple[str, ...]
) -> pd.DataFrame:
    """Quantiles of the yearly regional quantities of one case."""
    data: dict[str, Any] = {
        "case": case,
        "year": np.repeat(years.astype(np.int64), len(regions)),
        "region": np.tile(np.array(regions, dtype=object), len(years)),
    }
    data |= _quantile_columns(outcome.by_region, REGION_QUANTITIES)
    return pd.DataFrame(data)


def draws_table(case: str, outcome: DrawOutcome, years: np.ndarray) -> pd.DataFrame:
    """One row per draw: completion years (empty: after the horizon) and planned cost."""

    def year(index: np.ndarray) -> pd.arrays.IntegerArray:
        missing = index < 0
        values = np.where(missing, 0, years[np.maximum(index, 0)]).astype(np.int64)
        return pd.arrays.IntegerArray(values, missing)

    n = len(outcome.planned_cost_usd)
    return pd.DataFrame(
        {
            "case": case,
            "draw": np.arange(n, dtype=np.int64),
            "completion_year": year(outcome.completion_index),
            "article5_completion_year": year(outcome.article5_completion_index),
            "planned_cost_usd": outcome.planned_cost_usd,
        }
    )
