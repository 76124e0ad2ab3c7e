"""Widths of the discoveries and the baseline revision from the country's own history.

- **Discoveries**: the area of hazards recorded in each year of the calibration window
  (``recorded_date``; ``original_area_m2`` where given, else ``area_m2``). Only areas still
  open at the baseline are in the hazard table, so the level is a lower bound; the *spread*
  of the yearly values (P10 and P90 over their median) is what the forecast uses, as a
  multiplier of the scenario's ``[discoveries]``.
- **Baseline revision**: the stocks reconciliation's unexplained change of each window year
  (:func:`~landrelease.validation.stocks.reconcile_stocks`) less the area recorded as new
  that year, as a share of the opening stock. One year's revision, as large as the window's
  P10 and P90, is the width of the multiplier of remaining SHA area (P50: 1, the baseline as
  given).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from landrelease.domain.country import Country
from landrelease.engine.calibration import Calibration
from landrelease.scenario.model import Scenario
from landrelease.validation.stocks import ALL, reconcile_stocks

__all__ = ["MIN_YEARS_FOR_SPREAD", "HistoryWidths", "history_widths", "recorded_by_year"]

MIN_YEARS_FOR_SPREAD = 3
"""Yearly values needed before their spread is used as a width: P10 and P90 of one or two
values say nothing about how far a year may fall from the centre."""
MIN_REVISION_FACTOR = 0.05
"""Floor of the revision multiplier's P10: a re-survey never removes all suspected area."""

Width = tuple[float, float, str]
"""P10 and P90 multipliers (P50 = 1) and where they came from."""


@dataclass(frozen=True)
class HistoryWidths:
    """Multiplier widths the history gives (``None``: not enough history)."""

    discoveries: Width | None
    revision: Width | None
    revision_fractions: tuple[np.ndarray, str] | None = None
    """Each window year's revision as a share of the opening stock, and where from (the
    yearly revision of the forecast, :func:`~.pace_spread.revision_spread`)."""


def _window(scenario: Scenario, cal: Calibration | None, baseline_year: int) -> tuple[int, int]:
    if cal is not None and cal.window is not None:
        return cal.window
    return baseline_year - scenario.calibration_years + 1, baseline_year


def recorded_by_year(hazards: pd.DataFrame, first: int, last: int) -> pd.Series | None:
    """Area (m²) of the hazards recorded in each year ``first``..``last`` (0 where none);
    ``None`` when the table records no dates."""
    if "recorded_date" not in hazards or hazards["recorded_date"].notna().sum() == 0:
        return None
    year = pd.to_datetime(hazards["recorded_date"], errors="coerce").dt.year
    area = hazards["area_m2"].astype(float)
    if "original_area_m2" in hazards:
        area = hazards["original_area_m2"].astype(float).fillna(area)
    sums = area.groupby(year).sum()
    years = range(first, last + 1)
    return pd.Series([float(sums.get(y, 0.0)) for y in years], index=list(years))


def _ratio_width(values: np.ndarray, source: str) -> Width | None:
    if len(values) < MIN_YEARS_FOR_SPREAD or np.median(values) <= 0:
        return None
    mid = float(np.median(values))
    return float(np.percentile(values, 10)) / mid, float(np.percentile(values, 90)) / mid, source


def history_widths(country: Country, scenario: Scenario, cal: Calibration | None) -> HistoryWidths:
    """The discoveries' and the baseline revision's widths from ``country``'s history (see
    the module docstring)."""
    first, last = _window(scenario, cal, country.info.baseline_year)
    recorded = recorded_by_year(country.hazards, first, last)
    discoveries = None
    if recorded is not None:
        discoveries = _ratio_width(recorded.to_numpy(), f"hazards recorded {first}–{last}")
    revision = None
    fractions = None
    if country.stocks is not None and len(country.stocks):
        table = reconcile_stocks(
            country.stocks,
            country.releases,
            hazards=country.hazards,
            baseline_year=country.info.baseline_year,
        )
        table = table[(table["region"] == ALL) & table["year"].between(first, last)].dropna(
            subset=["unexplained_m2", "stock_start_m2"]
        )
        table = table[table["stock_start_m2"] > 0]
        new = 0.0 if recorded is None else table["year"].map(recorded).fillna(0.0)
        frac = ((table["unexplained_m2"] - new) / table["stock_start_m2"]).to_numpy(dtype=float)
        if len(frac):
            span = table["year"].astype(int)
            fractions = (frac, f"stocks reconciliation {span.min()}–{span.max()}")
        if len(frac) >= MIN_YEARS_FOR_SPREAD:
            low = max(1.0 + min(float(np.percentile(frac, 10)), 0.0), MIN_REVISION_FACTOR)
            high = 1.0 + max(float(np.percentile(frac, 90)), 0.0)
            years = table["year"].astype(int)
            revision = (
                low,
                high,
                f"stocks reconciliation {years.min()}–{years.max()}",
            )
    return HistoryWidths(discoveries=discoveries, revision=revision, revision_fractions=fractions)
