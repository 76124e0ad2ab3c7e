"""Calibrate release shares and productivity from a country's own release history.

The window, the split of unsplit methods and the SHA origin of released land are read by
:func:`~landrelease.engine.history_window.history_window`. Then, year by year and by type:

- ``sha_cancelled_frac = cancelled / (cancelled + reduced + cleared)`` of the land that began
  as SHA (cancelled land always did; reduced and cleared land by the origin rule);
- ``ts_reduced_frac = reduced / (reduced + cleared)`` of all land.

Productivity uses records with team-years and an asset, year by year: NTS teams survey the
whole suspected area, so ``m² surveyed = cancelled / sha_cancelled_frac``; TS teams address
what NTS left, ``m² addressed = reduced / ts_reduced_frac``; clearance assets clear their
area. TS and clearance are expressed on factory-made AP mines by dividing by the scenario's
type factor.

The central value of each is the **median of its yearly values** (:data:`CENTRAL`): one
year of a re-survey campaign that cancels a large suspected area moves a pooled ratio of a
five-year window a long way, a median not at all (a trimmed mean of five values would drop
one from each end and still weigh the spike when two years are high). The yearly values and
their spread are kept (:class:`Spread`) for the uncertainty analysis.

Records whose method was not recorded (``method_recorded = false``, e.g. closed hazards of an
IMSMA export used as history) are left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from landrelease.domain.enums import Asset, ReleaseMethod
from landrelease.engine.history_window import SHA_WEIGHT, Origin, Split, history_window
from landrelease.errors import Problem
from landrelease.scenario.model import TYPES

__all__ = ["CENTRAL", "MIN_TEAM_YEARS", "Calibration", "Spread", "calibrate"]

CENTRAL = "median"
"""How the yearly values of the window become one value (see the module docstring)."""
MIN_TEAM_YEARS = 1.0
"""A productivity calibrated from fewer team-years of records than this is a warning: one
team's year is the least effort whose output says something about a team's pace (a few
weeks of one team vary with the site more than with the team)."""
ALL = "all"
"""Key of the all-type values in :attr:`Calibration.spread`."""
_C, _R, _K = (
    m.value for m in (ReleaseMethod.CANCELLED, ReleaseMethod.REDUCED, ReleaseMethod.CLEARED)
)


@dataclass(frozen=True)
class Spread:
    """Yearly values of one calibrated quantity and their spread (P10/P90 by linear
    interpolation between the yearly values)."""

    yearly: dict[int, float]

    @property
    def values(self) -> np.ndarray:
        return np.array(list(self.yearly.values()), dtype=float)

    @property
    def median(self) -> float:
        return float(np.median(self.values))

    def as_dict(self, digits: int) -> dict[str, object]:
        """Yearly values (keyed by year as text) with min, P10, median, P90 and max."""
        v = self.values
        stats = {
            "min": v.min(),
            "p10": np.percentile(v, 10),
            "median": np.median(v),
            "p90": np.percentile(v, 90),
            "max": v.max(),
        }
        return {
            "yearly": {str(y): round(x, digits) for y, x in self.yearly.items()},
            **{k: round(float(x), digits) for k, x in stats.items()},
        }


@dataclass(frozen=True)
class Calibration:
    """What the history says, with the years it was read from.

    Shares are 0..1 by contamination type (types with no history take the all-type value);
    productivity is m² per team-year by team kind (kinds without team records are absent),
    with the team-years of records behind it. ``years`` are the window's years that have
    records; ``window`` the calendar years (first, last) asked for. ``spread`` holds the yearly
    values of every calibrated quantity (``sha_cancelled_frac`` and ``ts_reduced_frac`` by
    type and ``all``, ``m2_per_team_year`` by kind). ``release_by_year`` is the window's
    release (m²) by year, type and IMAS method after the unsplit methods are split, for the
    past-release pace. ``warnings`` are soft problems of the history (see also
    :meth:`thin_records` for thin team records).
    """

    years: tuple[int, ...]
    sha_cancelled_frac: dict[str, float]
    ts_reduced_frac: dict[str, float]
    m2_per_team_year: dict[str, float] = field(default_factory=dict)
    window: tuple[int, int] | None = None
    years_without_records: tuple[int, ...] = ()
    team_years: dict[str, float] = field(default_factory=dict)
    spread: dict[str, dict[str, Spread]] = field(default_factory=dict)
    origin: Origin = field(default_factory=Origin)
    split: Split = field(default_factory=Split)
    release_by_year: pd.DataFrame | None = field(default=None, compare=False, repr=False)
    warnings: tuple[Problem, ...] = ()

    def thin_records(self, kinds: tuple[str, ...] | None = None) -> list[Problem]:
        """Warnings for each kind (of ``kinds``, default all) whose productivity comes from
        fewer than :data:`MIN_TEAM_YEARS` team-years of records."""
        first, last = self.window or (0, 0)
        return [
            Problem(
                check="calibration_team_years",
                message=(
                    f"productivity of {kind} teams is calibrated from {effort:.3g} team-years "
                    f"of records in {first}–{last} (under {MIN_TEAM_YEARS:g} team-year): too "
                    "little effort to tell a team's pace"
                ),
                expected=f"a number for productivity.{kind} in the scenario, or more records",
                severity="warning",
            )
            for kind, effort in self.team_years.items()
            if effort < MIN_TEAM_YEARS and (kinds is None or kind in kinds)
        ]

    def as_dict(self) -> dict[str, object]:
        """Plain values for JSON."""
        digits = {"sha_cancelled_frac": 6, "ts_reduced_frac": 6, "m2_per_team_year": 3}
        return {
            "years": list(self.years),
            "window": None if self.window is None else list(self.window),
            "years_without_records": list(self.years_without_records),
            "central": CENTRAL,
            "sha_cancelled_frac": {k: round(v, 6) for k, v in self.sha_cancelled_frac.items()},
            "ts_reduced_frac": {k: round(v, 6) for k, v in self.ts_reduced_frac.items()},
            "m2_per_team_year": {k: round(v, 3) for k, v in self.m2_per_team_year.items()},
            "team_years": {k: round(v, 3) for k, v in self.team_years.items()},
            "sha_origin": self.origin.as_dict(),
            "unsplit_methods": self.split.as_dict(),
            "spread": {
                q: {k: s.as_dict(digits[q]) for k, s in by.items()} for q, by in self.spread.items()
            },
            "warnings": [str(p) for p in (*self.warnings, *self.thin_records())],
        }


def _ratio_by_year(num: pd.DataFrame, den: pd.DataFrame) -> dict[str, Spread]:
    """Yearly ``num / den`` per type (columns) and for all types, where ``den`` > 0."""
    out: dict[str, Spread] = {}
    for key, n, d in [(ALL, num.sum(axis=1), den.sum(axis=1))] + [
        (t, num[t], den[t]) for t in num.columns
    ]:
        ok = d > 0
        if ok.any():
            out[str(key)] = Spread({int(y): float(v) for y, v in (n[ok] / d[ok]).items()})
    return out


def _by_year_type(rows: pd.DataFrame, method: str, weight: pd.Series | None) -> pd.DataFrame:
    """Area (m², times ``weight`` when given) of ``method`` by year (rows) and type."""
    sel = rows["method"] == method
    area = rows.loc[sel, "area_m2"].astype(float)
    if weight is not None:
        area = area * weight[sel]
    frame = pd.DataFrame(
        {"year": rows.loc[sel, "year"].astype(int), "t": rows.loc[sel, "contamination_type"]}
    )
    table = area.groupby([frame["year"], frame["t"].astype(str)]).sum().unstack(fill_value=0.0)
    years = sorted({int(y) for y in rows["year"]})
    return table.reindex(index=years, columns=list(TYPES), fill_value=0.0)


def _shares(rows: pd.DataFrame) -> tuple[dict[str, Spread], dict[str, Spread]]:
    w = rows[SHA_WEIGHT].astype(float)
    c_sha, r_sha, k_sha = (_by_year_type(rows, m, w) for m in (_C, _R, _K))
    r_all, k_all = (_by_year_type(rows, m, None) for m in (_R, _K))
    return _ratio_by_year(c_sha, c_sha + r_sha + k_sha), _ratio_by_year(r_all, r_all + k_all)


def _central(spread: dict[str, Spread]) -> dict[str, float]:
    fallback = spread[ALL].median if ALL in spread else 0.0
    return {t: spread[t].median if t in spread else fallback for t in TYPES}


def _productivity(
    rows: pd.DataFrame, fc: dict[str, float], fr: dict[str, float], factor: Mapping[str, float]
) -> tuple[dict[str, Spread], dict[str, float]]:
    teams = rows[rows["teams"].notna() & (rows["teams"] > 0) & rows["asset"].notna()]
    spread: dict[str, Spread] = {}
    team_years: dict[str, float] = {}
    if teams.empty:
        return spread, team_years
    ctype = teams["contamination_type"].astype(str)
    eq = teams["area_m2"].astype(float) / ctype.map(lambda t: factor.get(t, 1.0)).astype(float)
    for kind in Asset:
        sel = (teams["asset"] == kind.value).to_numpy()
        if not sel.any():
            continue
        if kind is Asset.NTS:
            area = teams.loc[sel, "area_m2"] / ctype[sel].map(fc).where(lambda s: s > 0)
        elif kind is Asset.TS:
            area = eq[sel] / ctype[sel].map(fr).where(lambda s: s > 0)
        else:
            area = eq[sel]
        ok = area.notna()
        effort = teams.loc[sel, "teams"][ok].astype(float)
        by_year = (
            pd.DataFrame({"y": teams.loc[sel, "year"][ok].astype(int), "a": area[ok], "e": effort})
            .groupby("y")[["a", "e"]]
            .sum()
        )
        by_year = by_year[by_year["e"] > 0]
        if by_year.empty:
            continue
        spread[kind.value] = Spread(
            {
                int(y): float(a / e)
                for y, a, e in zip(by_year.index, by_year["a"], by_year["e"], strict=True)
            }
        )
        team_years[kind.value] = float(by_year["e"].sum())
    return spread, team_years


def _release_by_year(rows: pd.DataFrame) -> pd.DataFrame:
    frame = rows.assign(t=rows["contamination_type"].astype(str), year=rows["year"].astype(int))
    table = frame.pivot_table(
        index=["year", "t"], columns="method", values="area_m2", aggfunc="sum", fill_value=0.0
    ).reindex(columns=[_C, _R, _K], fill_value=0.0)
    table.columns = [f"{m}_area_m2" for m in table.columns]
    return table.reset_index().rename(columns={"t": "contamination_type"})


def calibrate(
    releases: pd.DataFrame,
    years: int = 5,
    *,
    up_to_year: int | None = None,
    type_factor: Mapping[str, float] | None = None,
    hazards: pd.DataFrame | None = None,
) -> Calibration:
    """Calibrate from the last ``years`` calendar years of history up to ``up_to_year``.

    Parameters
    ----------
    releases : table of ``schema("releases")``.
    years : length of the window in calendar years (years without records in it are
        reported, not replaced by older ones).
    up_to_year : last year of the window (the baseline year); the history's last year when
        ``None``.
    type_factor : productivity multiplier by contamination type (default 1).
    hazards : the baseline hazard table, whose statuses tell where linked land began.

    Returns
    -------
    A :class:`Calibration`; empty shares (all zero) when the window has no records.
    """
    factor = dict(type_factor or {})
    if "method_recorded" in releases:  # records whose method is an assumption say nothing
        releases = releases[releases["method_recorded"].fillna(True).astype(bool)]
    window = history_window(releases, years, up_to_year, hazards)
    if window is None:
        zero = dict.fromkeys(TYPES, 0.0)
        return Calibration((), zero, dict(zero))
    span = (window.first_year, window.last_year)
    problems = []
    if window.split.left_out_m2 > 0:
        problems.append(
            Problem(
                check="calibration_unsplit",
                message=(
                    f"{window.split.left_out_m2:,.0f} m² released by survey or unspecified in "
                    f"{span[0]}–{span[1]} left out of calibration: the history never splits "
                    "that release by method, so there is no split to copy"
                ),
                expected="cancelled, reduced or cleared rows for some years",
                severity="warning",
            )
        )
    rows = window.rows
    if rows.empty:
        zero = dict.fromkeys(TYPES, 0.0)
        return Calibration(
            (),
            zero,
            dict(zero),
            window=span,
            years_without_records=window.years_without_records,
            split=window.split,
            warnings=tuple(problems),
        )
    fc_spread, fr_spread = _shares(rows)
    fc, fr = _central(fc_spread), _central(fr_spread)
    prod_spread, team_years = _productivity(rows, fc, fr, factor)
    return Calibration(
        years=window.years_with_records,
        sha_cancelled_frac=fc,
        ts_reduced_frac=fr,
        m2_per_team_year={k: s.median for k, s in prod_spread.items()},
        window=span,
        years_without_records=window.years_without_records,
        team_years=team_years,
        spread={
            "sha_cancelled_frac": fc_spread,
            "ts_reduced_frac": fr_spread,
            "m2_per_team_year": prod_spread,
        },
        origin=window.origin,
        split=window.split,
        release_by_year=_release_by_year(rows),
        warnings=tuple(problems),
    )
