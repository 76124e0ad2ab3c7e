"""Calibrate release shares and productivity from a country's own release history.

The history rarely says which released land was SHA and which CHA, so the shares are read as
the country reports them:

- ``sha_cancelled_frac[c] = cancelled / (cancelled + reduced + cleared)`` of type ``c``
  (all released land is taken to have started as suspected);
- ``ts_reduced_frac[c] = reduced / (reduced + cleared)``.

Productivity uses records with team-years and an asset: NTS teams survey the whole suspected
area, so ``m² surveyed = cancelled / sha_cancelled_frac``; TS teams address what NTS left,
``m² addressed = reduced / ts_reduced_frac``; clearance assets clear their area. TS and
clearance are expressed on factory-made AP mines by dividing by the scenario's type factor.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from landrelease.domain.enums import IMAS_METHODS, Asset
from landrelease.scenario.model import TYPES

__all__ = ["Calibration", "calibrate"]


@dataclass(frozen=True)
class Calibration:
    """What the history says, with the years it was read from.

    Shares are 0..1 by contamination type (types with no history take the all-type value);
    productivity is m² per team-year by team kind (kinds without team records are absent).
    """

    years: tuple[int, ...]
    sha_cancelled_frac: dict[str, float]
    ts_reduced_frac: dict[str, float]
    m2_per_team_year: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        """Plain values for JSON."""
        return {
            "years": list(self.years),
            "sha_cancelled_frac": {k: round(v, 6) for k, v in self.sha_cancelled_frac.items()},
            "ts_reduced_frac": {k: round(v, 6) for k, v in self.ts_reduced_frac.items()},
            "m2_per_team_year": {k: round(v, 3) for k, v in self.m2_per_team_year.items()},
        }


def _shares(frame: pd.DataFrame) -> tuple[dict[str, float], dict[str, float]]:
    by = frame.pivot_table(
        index="contamination_type",
        columns="method",
        values="area_m2",
        aggfunc="sum",
        fill_value=0.0,
        observed=True,
    )
    by = by.reindex(columns=[m.value for m in IMAS_METHODS], fill_value=0.0)
    total = by.sum()
    c, r, k = (float(total[m.value]) for m in IMAS_METHODS)
    all_fc = c / (c + r + k) if c + r + k > 0 else 0.0
    all_fr = r / (r + k) if r + k > 0 else 0.0
    fc, fr = {}, {}
    for t in TYPES:
        if t in by.index:
            tc, tr, tk = (float(by.loc[t, m.value]) for m in IMAS_METHODS)
            fc[t] = tc / (tc + tr + tk) if tc + tr + tk > 0 else all_fc
            fr[t] = tr / (tr + tk) if tr + tk > 0 else all_fr
        else:
            fc[t], fr[t] = all_fc, all_fr
    return fc, fr


def calibrate(
    releases: pd.DataFrame,
    years: int = 5,
    *,
    up_to_year: int | None = None,
    type_factor: Mapping[str, float] | None = None,
) -> Calibration:
    """Calibrate from the last ``years`` years of history up to ``up_to_year``.

    Parameters
    ----------
    releases : table of ``schema("releases")``.
    years : how many of the most recent years with records to use.
    up_to_year : last year to consider (the baseline year); all years when ``None``.
    type_factor : productivity multiplier by contamination type (default 1).

    Returns
    -------
    A :class:`Calibration`; empty shares (all zero) when there is no history.
    """
    factor = dict(type_factor or {})
    frame = releases.dropna(subset=["year"])
    if up_to_year is not None:
        frame = frame[frame["year"] <= up_to_year]
    used = sorted(int(y) for y in pd.unique(frame["year"]))[-years:]
    frame = frame[frame["year"].isin(used)]
    if frame.empty:
        return Calibration((), dict.fromkeys(TYPES, 0.0), dict.fromkeys(TYPES, 0.0))
    fc, fr = _shares(frame)
    teams = frame[frame["teams"].notna() & (frame["teams"] > 0) & frame["asset"].notna()]
    eq = teams["area_m2"] / teams["contamination_type"].map(lambda t: factor.get(t, 1.0))
    frac = {
        Asset.NTS.value: teams["contamination_type"].map(fc),
        Asset.TS.value: teams["contamination_type"].map(fr),
    }
    productivity: dict[str, float] = {}
    for kind in Asset:
        rows = teams["asset"] == kind.value
        if not rows.any():
            continue
        if kind.value == Asset.NTS.value:
            area = teams.loc[rows, "area_m2"] / frac[kind.value][rows].where(lambda s: s > 0)
        elif kind.value == Asset.TS.value:
            area = eq[rows] / frac[kind.value][rows].where(lambda s: s > 0)
        else:
            area = eq[rows]
        team_years = float(teams.loc[rows, "teams"][area.notna()].sum())
        if team_years > 0:
            productivity[kind.value] = float(area.sum()) / team_years
    return Calibration(tuple(used), fc, fr, productivity)
