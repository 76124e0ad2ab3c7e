"""The calibration window of a release history: its rows, the unsplit methods split, and
the share of each row's land that began as suspected (SHA).

Three rules, each documented in ``docs/model.md`` (Calibration):

- **Window**: the last ``years`` *calendar* years up to the baseline year. A year without
  records inside it is reported (:attr:`Window.years_without_records`), never replaced by an
  older year.
- **Unsplit methods**: ``released_by_survey`` is split into cancelled and reduced, and
  ``released_unspecified`` into cancelled, reduced and cleared, in proportion to the
  country's own split of the three IMAS methods in the window (all types together), or in
  its whole history up to the window's end when the window has none. Their team-years are not
  used for productivity: which stage's teams did the work is unknown.
- **Origin**: land cancelled by survey began as SHA; land reduced or cleared began as SHA if
  the row's ``status_at_start`` says ``sha``, or (without it) if the row's ``hazard_id`` is a
  baseline hazard whose status is SHA (a hazard no longer in the baseline says nothing). Of
  the reduced and cleared land whose origin no row says, the share that began as SHA is the
  baseline's SHA share of area of its contamination type (all types where the type is not in
  the baseline): the land worked in the last few years came from a stock like today's. This
  leans towards CHA, since the stock's SHA share falls as survey goes first; a history that
  gives ``status_at_start`` avoids the guess. Without a baseline, all of it is taken as SHA.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from landrelease.domain.enums import IMAS_METHODS, HazardStatus, ReleaseMethod

__all__ = ["Origin", "Split", "Window", "history_window"]

_IMAS = tuple(m.value for m in IMAS_METHODS)
_SURVEY = (ReleaseMethod.CANCELLED.value, ReleaseMethod.REDUCED.value)
_UNSPLIT_PARTS = {
    ReleaseMethod.RELEASED_BY_SURVEY.value: _SURVEY,
    ReleaseMethod.RELEASED_UNSPECIFIED.value: _IMAS,
}
SHA_WEIGHT = "sha_weight"
"""Column of :attr:`Window.rows`: share (0..1) of the row's land that began as SHA."""


@dataclass(frozen=True)
class Split:
    """How the unsplit rows were shared out: their area by method (m²) and the share of
    each IMAS method used (empty when there was nothing to split or no split to copy)."""

    area_m2: dict[str, float] = field(default_factory=dict)
    shares: dict[str, float] = field(default_factory=dict)
    left_out_m2: float = 0.0

    def as_dict(self) -> dict[str, object]:
        """Plain values for JSON."""
        return {
            "area_m2": {k: round(v, 3) for k, v in self.area_m2.items()},
            "shares": {k: round(v, 6) for k, v in self.shares.items()},
            "left_out_m2": round(self.left_out_m2, 3),
        }


@dataclass(frozen=True)
class Origin:
    """Which rules gave the SHA origin of released land.

    ``rule``: the sources joined by ``+``: ``status_at_start``, ``hazard_links`` (rows that
    say), ``baseline_share`` (rows that do not, by the baseline's SHA share of their type) or
    ``all_released`` (rows that do not, with no baseline: all taken as SHA).
    ``known_frac``: share of the window's reduced and cleared land whose origin a row says;
    ``baseline_sha_frac``: the baseline's SHA share of area (all types).
    """

    rule: str = "all_released"
    known_frac: float = 0.0
    baseline_sha_frac: float | None = None

    def as_dict(self) -> dict[str, object]:
        """Plain values for JSON."""
        base = self.baseline_sha_frac
        return {
            "rule": self.rule,
            "known_frac": round(self.known_frac, 6),
            "baseline_sha_frac": None if base is None else round(base, 6),
        }


@dataclass(frozen=True)
class Window:
    """The rows of the calibration window (IMAS methods only, with :data:`SHA_WEIGHT`)."""

    first_year: int
    last_year: int
    years_with_records: tuple[int, ...]
    years_without_records: tuple[int, ...]
    rows: pd.DataFrame = field(compare=False, repr=False)
    split: Split = field(default_factory=Split)
    origin: Origin = field(default_factory=Origin)


def _split_shares(frame: pd.DataFrame, parts: tuple[str, ...]) -> dict[str, float]:
    area = frame[frame["method"].isin(parts)].groupby("method", observed=True)["area_m2"].sum()
    total = float(area.sum())
    if total <= 0:
        return {}
    return {m: float(area.get(m, 0.0)) / total for m in parts}


def _split(rows: pd.DataFrame, history: pd.DataFrame) -> tuple[pd.DataFrame, Split]:
    """Rows with the unsplit methods replaced by one row per IMAS part (teams dropped)."""
    unsplit = rows["method"].isin(list(_UNSPLIT_PARTS))
    if not unsplit.any():
        return rows, Split()
    kept = [rows[~unsplit]]
    area_by = rows[unsplit].groupby("method", observed=True)["area_m2"].sum()
    shares_used: dict[str, float] = {}
    left_out = 0.0
    for method, parts in _UNSPLIT_PARTS.items():
        these = rows[rows["method"] == method]
        if these.empty:
            continue
        shares = _split_shares(rows, parts) or _split_shares(history, parts)
        if not shares:
            left_out += float(these["area_m2"].sum())
            continue
        for part, share in shares.items():
            piece = these.copy()
            piece["method"] = part
            piece["area_m2"] = these["area_m2"] * share
            piece["teams"] = np.nan
            kept.append(piece)
        shares_used.update({f"{method}.{k}": v for k, v in shares.items()})
    out = pd.concat(kept, ignore_index=True)
    out["method"] = out["method"].astype(str)
    split = Split({str(k): float(v) for k, v in area_by.items()}, shares_used, left_out)
    return out, split


def _known_sha(rows: pd.DataFrame, hazards: pd.DataFrame | None) -> tuple[pd.Series, set[str]]:
    """Per row: 1 (began as SHA), 0 (as CHA) or NaN (unknown); and the sources used."""
    known = pd.Series(np.nan, index=rows.index, dtype=float)
    used: set[str] = set()
    if "status_at_start" in rows.columns:
        status = rows["status_at_start"].astype(object)
        given = status.notna()
        known[given] = (status[given] == HazardStatus.SHA.value).astype(float)
        if given.any():
            used.add("status_at_start")
    cancelled = known.isna() & (rows["method"] == ReleaseMethod.CANCELLED.value)
    known[cancelled] = 1.0
    if hazards is not None and "hazard_id" in rows.columns and len(hazards):
        status_of = (
            hazards[hazards["hazard_id"].notna()]
            .drop_duplicates("hazard_id")
            .set_index("hazard_id")["status"]
            .astype(object)
        )
        linked = rows["hazard_id"].astype(object).map(status_of)
        fill = known.isna() & linked.notna()
        known[fill] = (linked[fill] == HazardStatus.SHA.value).astype(float)
        if fill.any():
            used.add("hazard_links")
    return known, used


def _baseline_sha_share(hazards: pd.DataFrame | None) -> tuple[dict[str, float], float | None]:
    """SHA share of the baseline's area by contamination type, and over all types."""
    if hazards is None or hazards.empty:
        return {}, None
    area = hazards["area_m2"].to_numpy(dtype=float, na_value=0.0)
    sha = (hazards["status"].astype(object) == HazardStatus.SHA.value).to_numpy(dtype=bool)
    types = hazards["contamination_type"].astype(object).to_numpy()
    frame = pd.DataFrame({"t": types, "a": area, "s": area * sha}).groupby("t")[["a", "s"]].sum()
    frame = frame[frame["a"] > 0]
    total = float(area.sum())
    national = float((area * sha).sum()) / total if total > 0 else None
    return {str(t): float(r.s / r.a) for t, r in frame.iterrows()}, national


def _weights(rows: pd.DataFrame, hazards: pd.DataFrame | None) -> tuple[np.ndarray, Origin]:
    """Per row, the share of its land that began as SHA, and the rules that gave it."""
    known, used = _known_sha(rows, hazards)
    by_type, national = _baseline_sha_share(hazards)
    ctype = rows["contamination_type"].astype(object)
    prior = ctype.map(by_type).fillna(1.0 if national is None else national).astype(float)
    unknown = known.isna()
    if unknown.any():
        used.add("all_released" if national is None else "baseline_share")
    rk = (rows["method"] != ReleaseMethod.CANCELLED.value).to_numpy()
    area = rows["area_m2"].to_numpy(dtype=float)
    rk_area = float(area[rk].sum())
    known_frac = float(area[rk & ~unknown.to_numpy()].sum()) / rk_area if rk_area else 0.0
    order = ("status_at_start", "hazard_links", "baseline_share", "all_released")
    rule = "+".join(s for s in order if s in used) or "all_released"
    weight = known.where(~unknown, prior).to_numpy(dtype=float)
    return weight, Origin(rule, known_frac, national)


def history_window(
    releases: pd.DataFrame,
    years: int,
    up_to_year: int | None = None,
    hazards: pd.DataFrame | None = None,
) -> Window | None:
    """The last ``years`` calendar years of ``releases`` up to ``up_to_year`` (the last year
    of the history when ``None``); ``None`` when the history has no dated record at all.

    Parameters
    ----------
    releases : table of ``schema("releases")``.
    years : length of the window, in calendar years.
    up_to_year : last year of the window (the baseline year).
    hazards : the baseline hazard table, for ``hazard_id`` links (optional).
    """
    dated = releases[releases["year"].notna()]
    if up_to_year is None:
        if dated.empty:
            return None
        up_to_year = int(dated["year"].max())
    first = up_to_year - years + 1
    history = dated[dated["year"] <= up_to_year].copy()
    history["method"] = history["method"].astype(str)
    rows = history[history["year"] >= first]
    recorded = {int(y) for y in pd.unique(rows["year"])}
    rows, split = _split(rows, history)
    weight, origin = _weights(rows, hazards)
    rows = rows.assign(**{SHA_WEIGHT: weight})
    calendar = range(first, up_to_year + 1)
    return Window(
        first_year=first,
        last_year=up_to_year,
        years_with_records=tuple(sorted(recorded)),
        years_without_records=tuple(y for y in calendar if y not in recorded),
        rows=rows.reset_index(drop=True),
        split=split,
        origin=origin,
    )
