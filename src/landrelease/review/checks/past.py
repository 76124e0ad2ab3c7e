"""The State's own record that the pace and track-record checks judge a plan by: release per
past year, by method (survey apart from clearance), with team-years where known, and the
team-years the plan's money pays for."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from landrelease.accounting import annual_release
from landrelease.reports.request import RequestPack
from landrelease.review.checks.common import TOTAL, num, table, text, work_plan_totals

__all__ = [
    "METHODS",
    "Past",
    "funded_teams",
    "past_release",
    "planned_by_method",
]

METHODS = ("release", "survey", "clearance")
"""How pace is compared: all release, survey (cancelled + reduced, and release by survey
not split between them) and clearance, each against its own past (domain primer §8: a year
of re-survey is not clearance capacity)."""
_PLANNED = {
    "release": ("released_area_m2",),
    "survey": ("cancelled_area_m2", "reduced_area_m2"),
    "clearance": ("cleared_area_m2",),
}
_PAST = {
    "release": ("released_area_m2",),
    "survey": ("cancelled_area_m2", "reduced_area_m2", "released_by_survey_area_m2"),
    "clearance": ("cleared_area_m2",),
}


@dataclass(frozen=True)
class Past:
    """National release per past year (m²), by method, and team-years (NaN where unknown).

    ``by_method`` maps each of :data:`METHODS` to one value per year; survey and clearance
    are NaN in a year whose release the record does not split by method
    (``released_unspecified_area_m2`` above 1 m²), so that an unsplit year is never read
    as a year without clearance.
    """

    years: np.ndarray
    released: np.ndarray
    team_years: np.ndarray
    source: str
    by_method: dict[str, np.ndarray]

    @property
    def best(self) -> tuple[float, int]:
        """The most released in one year (m²) and that year."""
        return self.best_of("release")

    def best_of(self, method: str) -> tuple[float, int]:
        """The most released by ``method`` in one year (m²) and that year (NaN, 0 if none)."""
        values = self.by_method[method]
        if not np.isfinite(values).any():
            return float("nan"), 0
        i = int(np.nanargmax(values))
        return float(values[i]), int(self.years[i])

    def recent_of(self, method: str, n: int) -> tuple[float, str]:
        """The average release by ``method`` over the last ``n`` years with a figure (m² a
        year), and the span, e.g. ``2023–2025``."""
        values = self.by_method[method]
        known = np.flatnonzero(np.isfinite(values))[-n:]
        if len(known) == 0:
            return float("nan"), ""
        first, last = int(self.years[known[0]]), int(self.years[known[-1]])
        span = f"{first}–{last}" if last > first else str(last)
        return float(np.mean(values[known])), span


def _methods(frame: pd.DataFrame, pick: np.ndarray | None = None) -> dict[str, np.ndarray]:
    def column(name: str) -> np.ndarray:
        if name not in frame.columns:
            return np.zeros(len(frame) if pick is None else int(pick.sum()))
        values = np.nan_to_num(num(frame, name))
        return values if pick is None else values[pick]

    unsplit = column("released_unspecified_area_m2") > 1.0
    out = {}
    for method, columns in _PAST.items():
        values = sum(column(c) for c in columns)
        if method != "release":
            values = np.where(unsplit, np.nan, values)
        out[method] = np.asarray(values, dtype=float)
    return out


def past_release(pack: RequestPack, history: pd.DataFrame | None) -> Past | None:
    """The State's own past release: from ``history`` (``schema("releases")``, summarised
    with :func:`~landrelease.accounting.annual_release`) if given, else the progress
    table's national ``Total`` rows. ``None`` when neither has a year."""
    if history is not None and not history.empty:
        a = annual_release(history)
        return Past(
            a["year"].to_numpy(dtype=int),
            a["released_area_m2"].to_numpy(dtype=float),
            a["team_years"].to_numpy(dtype=float),
            "the release history",
            _methods(a),
        )
    pr = table(pack, "progress", "year", "region", "released_area_m2")
    if pr is None:
        return None
    mask = text(pr, "region") == TOTAL
    years, released = num(pr, "year")[mask], num(pr, "released_area_m2")[mask]
    keep = ~np.isnan(years) & ~np.isnan(released)
    if not keep.any():
        return None
    rows = np.flatnonzero(mask)[keep]
    order = np.argsort(years[keep], kind="stable")
    national = pr.iloc[rows[order]].reset_index(drop=True)
    return Past(
        years[keep][order].astype(int),
        released[keep][order],
        np.full(int(keep.sum()), np.nan),
        "the progress table",
        _methods(national),
    )


def planned_by_method(pack: RequestPack) -> pd.DataFrame | None:
    """The work plan's national ``Total`` rows (:func:`work_plan_totals`) with one column per
    method of :data:`METHODS` (m² planned in the year)."""
    totals = work_plan_totals(pack)
    if totals is None:
        return None
    for method, columns in _PLANNED.items():
        totals[method] = sum(np.nan_to_num(totals[c].to_numpy(dtype=float)) for c in columns)
    return totals


def funded_teams(pack: RequestPack) -> dict[int, tuple[float, int]]:
    """Plan year → (team-years the money pays for, capacity row): Σ ``funded_team_years_*``,
    or Σ ``teams_*`` × ``funded_frac`` in a pack made before kinds were funded apart."""
    cap = table(pack, "capacity", "year")
    if cap is None:
        return {}
    funded = [c for c in cap.columns if str(c).startswith("funded_team_years_")]
    if funded:
        teams = sum(np.nan_to_num(num(cap, k)) for k in funded)
    elif "funded_frac" in cap.columns:
        kinds = [c for c in cap.columns if str(c).startswith("teams_")]
        teams = sum(np.nan_to_num(num(cap, k)) for k in kinds) * np.nan_to_num(
            num(cap, "funded_frac")
        )
    else:
        return {}
    return {
        int(y): (float(t), i + 2)
        for i, (y, t) in enumerate(zip(num(cap, "year"), np.atleast_1d(teams), strict=True))
        if not np.isnan(y) and t > 0
    }
