"""The State's own track record: each past milestone year's release against the target of
the plan then in force (achieved / planned), as known at a given year.

Rules (docs/forecast.md, "Plan realisation"):

- **Known at a year** ``Y``: a milestone whose ``set_year`` is ``Y`` or earlier; one without
  ``set_year`` only if its own year is ``Y`` or earlier (a target for a past year was surely
  set by then; one for a later year may not have been).
- **Plan in force**: where several plans targeted the same year, the one set last (a known
  ``set_year`` before an unknown one).
- **Scope**: per year the least detailed targets of that plan: national all-release, else
  national by method (summed), else by region (summed), else by region and method.
- **Achieved**: the release history's release of that year in the same scope (every method,
  the unsplit ones included, for all-release targets). A year the history does not cover
  but the stocks file does (a national stock at the end of the year and of the year before)
  takes the stock's net decrease, which counts new finds against the year; such rows say
  ``source = "stocks"``. A year neither covers has no ratio.
- **Ratio** ``achieved / target`` (targets of 0 give none). For the fit it is kept within
  :data:`RATIO_FLOOR` and :data:`RATIO_CAP` (``ratio_fitted``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from landrelease.accounting import annual_release
from landrelease.domain.country import CountryInfo, Milestone
from landrelease.validation.stocks import ALL, stock_totals

__all__ = [
    "RATIO_CAP",
    "RATIO_FLOOR",
    "TRACK_RECORD_COLUMNS",
    "known_milestones",
    "plan_targets",
    "track_record",
]

RATIO_FLOOR = 0.05
"""Least ratio the fit takes: a year with (almost) no release against its target is a
programme that stopped; a log-ratio needs a positive value, and 5% weighs such a year
heavily without making the fit infinite."""
RATIO_CAP = 1.5
"""Greatest ratio the fit takes: a year far above plan is, in practice, a re-survey that
cancelled a large suspected area at once (domain primer §8: milestones are "sometimes far
above when a re-survey cancels large suspected areas in one year, seldom steadily above").
It says little about the pace a plan can count on, so it counts as 150%."""
TRACK_RECORD_COLUMNS = (
    "year",
    "set_year",
    "scope",
    "target_area_m2",
    "achieved_area_m2",
    "ratio",
    "ratio_fitted",
    "source",
)
"""Columns of :func:`track_record`: ``set_year`` is ``<NA>`` where unknown; ``scope`` is
``national``, ``national_by_method``, ``regional`` or ``regional_by_method``; ``source``
``releases`` or ``stocks``."""
_SCOPES = ("national", "national_by_method", "regional", "regional_by_method")


def _known(m: Milestone, year: int) -> bool:
    return m.set_year <= year if m.set_year is not None else m.year <= year


def known_milestones(milestones: tuple[Milestone, ...], as_of_year: int) -> tuple[Milestone, ...]:
    """The milestones known at the end of ``as_of_year`` (see the module docstring)."""
    return tuple(m for m in milestones if _known(m, as_of_year))


def _in_force(milestones: tuple[Milestone, ...]) -> dict[int, list[Milestone]]:
    """Per target year, the milestones of the plan set last, in their least detailed scope."""
    out: dict[int, list[Milestone]] = {}
    for year in sorted({m.year for m in milestones}):
        these = [m for m in milestones if m.year == year]
        latest = max(-1 if m.set_year is None else m.set_year for m in these)
        these = [m for m in these if (-1 if m.set_year is None else m.set_year) == latest]
        rank = min(_rank(m) for m in these)
        out[year] = [m for m in these if _rank(m) == rank]
    return out


def _rank(m: Milestone) -> int:
    return 2 * (m.region is not None) + (m.method is not None)


def plan_targets(info: CountryInfo, as_of_year: int) -> dict[int, float]:
    """National yearly targets (m² released, all methods) of the plans known at the end of
    ``as_of_year``, for the years after it: the plan set last for each year, its national
    all-release target or else the sum of its regional all-release targets. Years whose
    plan targets methods only are left out (they do not say the year's whole release)."""
    future = tuple(m for m in known_milestones(info.milestones, as_of_year) if m.year > as_of_year)
    targets: dict[int, float] = {}
    for year, rows in _in_force(future).items():
        if all(m.method is None for m in rows):
            targets[year] = float(sum(m.area_m2 for m in rows))
    return targets


def _achieved(release: pd.DataFrame, rows: list[Milestone], year: int) -> float:
    total = 0.0
    for m in rows:
        region = ALL if m.region is None else m.region
        column = "released_area_m2" if m.method is None else f"{m.method}_area_m2"
        key = (region, year)
        total += float(release.at[key, column]) if key in release.index else 0.0
    return total


def track_record(
    info: CountryInfo,
    releases: pd.DataFrame,
    stocks: pd.DataFrame | None = None,
    *,
    as_of_year: int | None = None,
) -> pd.DataFrame:
    """Achieved against planned for every past milestone year known at ``as_of_year``.

    Parameters
    ----------
    info : the country's facts, with its milestones (``set_year`` optional).
    releases : release history, ``schema("releases")``; years after ``as_of_year`` are
        not used.
    stocks : past stocks, ``schema("stocks")``, or ``None``.
    as_of_year : the year the record is read at (default: the baseline year).

    Returns
    -------
    One row per milestone year up to ``as_of_year`` that the history or the stocks cover,
    sorted by year, with :data:`TRACK_RECORD_COLUMNS` (areas in m², ratios achieved /
    target as fractions).
    """
    as_of = info.baseline_year if as_of_year is None else as_of_year
    past = tuple(m for m in known_milestones(info.milestones, as_of) if m.year <= as_of)
    history = releases[releases["year"].notna() & (releases["year"] <= as_of)]
    national = annual_release(history).assign(region=ALL)
    regional = annual_release(history, by=("region",))
    release = pd.concat([national, regional], ignore_index=True).set_index(["region", "year"])
    covered = (int(history["year"].min()), int(history["year"].max())) if len(history) else (1, 0)
    stock = _national_stock(stocks, as_of)
    rows = []
    for year, plan in _in_force(past).items():
        scope = _SCOPES[_rank(plan[0])]
        target = float(sum(m.area_m2 for m in plan))
        if covered[0] <= year <= covered[1]:
            achieved, source = _achieved(release, plan, year), "releases"
        elif scope == "national" and year in stock and year - 1 in stock:
            achieved, source = stock[year - 1] - stock[year], "stocks"
        else:
            continue
        if target <= 0:
            continue
        ratio = achieved / target
        rows.append(
            (
                year,
                plan[0].set_year,
                scope,
                target,
                achieved,
                ratio,
                float(np.clip(ratio, RATIO_FLOOR, RATIO_CAP)),
                source,
            )
        )
    table = pd.DataFrame(rows, columns=list(TRACK_RECORD_COLUMNS))
    table["year"] = table["year"].astype("int64")
    table["set_year"] = table["set_year"].astype("Int64")
    for column in ("target_area_m2", "achieved_area_m2", "ratio", "ratio_fitted"):
        table[column] = table[column].astype(float)
    return table


def _national_stock(stocks: pd.DataFrame | None, as_of_year: int) -> dict[int, float]:
    """National stock (m²) at the end of each year up to ``as_of_year``."""
    if stocks is None or stocks.empty:
        return {}
    totals = stock_totals(stocks)
    totals = totals[(totals["region"] == ALL) & (totals["year"] <= as_of_year)]
    return {int(y): float(a) for y, a in zip(totals["year"], totals["area_m2"], strict=True)}
