"""The country as it was known at the end of a past year, for backtests.

- **Baseline**: the stocks file's stock at the end of the year. The hazard file is today's, so
  today's hazards are **scaled to that stock**, region by region where the stocks file gives
  the year's regions (regions it does not give share the rest of the national stock), else
  nationally. Scaling keeps today's mix of areas, statuses, types and priorities, which the
  order of work needs; aggregated stock rows (one area per region, status and type) would
  release each region's stock in one lump in the year its stage ends. Where a region with
  stock then has no hazard today (it was finished since), the whole baseline is scaled
  nationally.
- **History**: releases and stocks up to the year; milestones known then
  (:func:`~landrelease.forecast.track_record.known_milestones`); extensions granted by
  its end.
- **Deadline then in force**: that of the last extension granted by the end of the year,
  else the original deadline (ten years after entry into force).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd

from landrelease.domain.country import Country, CountryInfo
from landrelease.errors import LandreleaseError
from landrelease.forecast.track_record import known_milestones
from landrelease.validation.stocks import ALL, stock_totals

__all__ = ["as_of_country", "deadline_in_force", "stock_by_year"]


def deadline_in_force(info: CountryInfo, year: int) -> dt.date:
    """The Article 5 deadline in force at the end of ``year``."""
    end = dt.date(year, 12, 31)
    granted = [e for e in info.previous_extensions if e.granted_date <= end]
    if not granted:
        return info.original_deadline_date
    return max(granted, key=lambda e: e.granted_date).deadline_date


def stock_by_year(country: Country) -> dict[int, float]:
    """National stock (m²) at the end of each year of the stocks file, and at the baseline
    year the hazard table's total where the file has no figure for it."""
    out: dict[int, float] = {}
    if country.stocks is not None and len(country.stocks):
        totals = stock_totals(country.stocks)
        national = totals[totals["region"] == ALL]
        out = {int(y): float(a) for y, a in zip(national["year"], national["area_m2"], strict=True)}
    out.setdefault(country.info.baseline_year, float(country.hazards["area_m2"].sum()))
    return dict(sorted(out.items()))


def _factors(country: Country, year: int) -> pd.Series:
    """Scale factor of each hazard's area (see the module docstring)."""
    assert country.stocks is not None
    totals = stock_totals(country.stocks)
    at = totals[totals["year"] == year]
    national = float(at.loc[at["region"] == ALL, "area_m2"].iloc[0])
    region = country.hazards["region"].astype(object)
    area = country.hazards["area_m2"].astype(float)
    today = area.groupby(region).sum()
    given = {str(r): float(a) for r, a in zip(at["region"], at["area_m2"], strict=True) if r != ALL}
    lost = [r for r, a in given.items() if a > 0 and today.get(r, 0.0) <= 0]
    if not given or lost:
        total = float(today.sum())
        return pd.Series(national / total if total > 0 else 0.0, index=area.index)
    rest_today = float(today[[r for r in today.index if r not in given]].sum())
    rest_stock = max(national - sum(given.values()), 0.0)
    factor = {r: (a / today[r] if today.get(r, 0.0) > 0 else 0.0) for r, a in given.items()}
    rest = rest_stock / rest_today if rest_today > 0 else 0.0
    return region.map(lambda r: factor.get(str(r), rest)).astype(float)


def as_of_country(country: Country, year: int) -> Country:
    """``country`` as known at the end of ``year`` (see the module docstring).

    Raises
    ------
    LandreleaseError
        when ``year`` is not before the baseline year, or the stocks file has no stock for
        the end of ``year``.
    """
    info = country.info
    if year >= info.baseline_year:
        raise LandreleaseError(
            f"--as-of {year}: a backtest starts before the baseline ({info.baseline_year}), "
            "so that what happened afterwards can be compared; give an earlier year"
        )
    stocks = country.stocks
    known = sorted(stock_by_year(country)) if stocks is not None else []
    if stocks is None or year not in known:
        have = f"years {known[0]}–{known[-1]}" if known else "no stocks file"
        raise LandreleaseError(
            f"--as-of {year}: the baseline of a backtest is the stock at the end of {year}, "
            f"but the country has {have}; add the year to the stocks file "
            "([files] stocks in country.toml) or choose a year it gives"
        )
    hazards = country.hazards.copy()
    hazards["area_m2"] = hazards["area_m2"].astype(float) * _factors(country, year).to_numpy()
    releases = country.releases
    kept = releases[releases["year"].notna() & (releases["year"] <= year)].reset_index(drop=True)
    end = dt.date(year, 12, 31)
    then = dataclasses.replace(
        info,
        baseline_date=end,
        article5_deadline_date=deadline_in_force(info, year),
        previous_extensions=tuple(e for e in info.previous_extensions if e.granted_date <= end),
        milestones=known_milestones(info.milestones, year),
    )
    return Country(
        info=then,
        hazards=hazards,
        releases=kept,
        path=country.path,
        source_files=dict(country.source_files),
        stocks=stocks[stocks["year"] <= year].reset_index(drop=True),
    )
