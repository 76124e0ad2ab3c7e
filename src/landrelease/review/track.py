"""Plan versus actual: milestones of a request against the release the State then reported
(Oslo Action Plan #20; what the Article 5 Committee tracks between requests)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from landrelease.accounting import annual_release
from landrelease.domain.country import CountryInfo
from landrelease.domain.enums import ReleaseMethod
from landrelease.reports.request import RequestPack

__all__ = [
    "MILESTONE_COLUMNS",
    "TRACK_COLUMNS",
    "milestones_from_country",
    "milestones_from_pack",
    "plan_vs_actual",
]

TOTAL = "Total"
RELEASED = "released"
"""Method label of milestones on all release (cancelled + reduced + cleared)."""
MILESTONE_COLUMNS = ("year", "region", "method", "area_m2")
"""Columns of a milestones table; ``region`` and ``method`` may be blank (national, all)."""
TRACK_COLUMNS = (
    "year",
    "region",
    "method",
    "target_area_m2",
    "achieved_area_m2",
    "achieved_pct",
    "cumulative_target_m2",
    "cumulative_achieved_m2",
    "gap_carried_forward_m2",
)
"""Columns of :func:`plan_vs_actual`."""


def milestones_from_country(info: CountryInfo) -> pd.DataFrame:
    """The milestones of ``country.toml`` (targets of the previous request) as a table with
    :data:`MILESTONE_COLUMNS`."""
    rows = [(m.year, m.region, m.method, float(m.area_m2)) for m in info.milestones]
    return pd.DataFrame(rows, columns=list(MILESTONE_COLUMNS))


def milestones_from_pack(pack: RequestPack) -> pd.DataFrame:
    """National milestones a request pack states: the previous request's targets (progress
    ``Total`` rows with ``target_area_m2``; their method is not in the pack, so they count
    as all release) and the new plan's yearly release (work plan ``Total`` rows). A year in
    both keeps the work plan's."""
    parts = []
    progress = pack.tables.get("progress")
    if progress is not None and "target_area_m2" in progress.columns:
        national = progress[(progress["region"] == TOTAL) & progress["target_area_m2"].notna()]
        parts.append(national[["year", "target_area_m2"]].rename(columns={"target_area_m2": "a"}))
    plan = pack.tables.get("work_plan")
    if plan is not None:
        national = plan[plan["region"] == TOTAL]
        parts.append(
            national[["year", "released_area_m2"]].rename(columns={"released_area_m2": "a"})
        )
    if not parts:
        return pd.DataFrame(columns=list(MILESTONE_COLUMNS))
    both = pd.concat(parts, ignore_index=True)
    both["year"] = pd.to_numeric(both["year"]).astype("int64")
    both = both.drop_duplicates("year", keep="last").sort_values("year", kind="stable")
    return pd.DataFrame(
        {
            "year": both["year"].to_numpy(),
            "region": None,
            "method": None,
            "area_m2": both["a"].to_numpy(dtype=float),
        }
    )


def plan_vs_actual(milestones: pd.DataFrame, history: pd.DataFrame) -> pd.DataFrame:
    """Each milestone year against what the release history reports.

    Parameters
    ----------
    milestones : table with ``year`` and ``area_m2`` (target, m²), optionally ``region``
        (blank: national) and ``method`` (``cancelled``, ``reduced``, ``cleared``; blank: all
        release). Targets of the same year, region and method are summed.
    history : release history, ``schema("releases")``.

    Returns
    -------
    One row per year, region and method, sorted by region (``Total`` first), method and
    year, with :data:`TRACK_COLUMNS`: ``target_area_m2`` and ``achieved_area_m2`` (m²),
    ``achieved_pct`` (achieved / target × 100), their running sums from the first
    milestone year (``cumulative_target_m2``, ``cumulative_achieved_m2``) and
    ``gap_carried_forward_m2`` = cumulative target − cumulative achieved, **signed**:
    positive is area behind plan carried into the next year, negative is area ahead of
    plan. A year the history does not cover (before its first or after its last year) has
    no achievement (NaN), and neither do the running sums from then on; a covered year with
    no release achieved 0.
    """
    m = milestones.copy()
    for col in ("region", "method"):
        if col not in m.columns:
            m[col] = None
    m["region"] = m["region"].where(m["region"].notna() & (m["region"] != ""), TOTAL)
    m["method"] = m["method"].where(m["method"].notna() & (m["method"] != ""), RELEASED)
    unknown = set(m["method"]) - {RELEASED, *(x.value for x in ReleaseMethod)}
    if unknown:
        raise ValueError(
            f"milestones: unknown method(s) {sorted(unknown)}; expected cancelled, reduced, "
            "cleared or blank (all release)"
        )
    m["year"] = pd.to_numeric(m["year"]).astype("int64")
    m["area_m2"] = pd.to_numeric(m["area_m2"]).astype(float)
    keys = ["region", "method", "year"]
    m = m.groupby(keys, sort=False, as_index=False)["area_m2"].sum()
    m["_national"] = (m["region"] != TOTAL).astype(int)
    m = m.sort_values(["_national", "region", "method", "year"], kind="stable")
    national = annual_release(history).assign(region=TOTAL)
    regional = annual_release(history, by=("region",))
    done = pd.concat([national, regional], ignore_index=True).set_index(["region", "year"])
    covered = (int(history["year"].min()), int(history["year"].max())) if len(history) else (1, 0)
    achieved = []
    for r in m.itertuples():
        if not covered[0] <= r.year <= covered[1]:
            achieved.append(np.nan)
            continue
        column = f"{r.method}_area_m2"
        key = (r.region, r.year)
        achieved.append(float(done.at[key, column]) if key in done.index else 0.0)
    out = pd.DataFrame(
        {
            "year": m["year"].to_numpy(),
            "region": m["region"].to_numpy(),
            "method": m["method"].to_numpy(),
            "target_area_m2": m["area_m2"].to_numpy(),
            "achieved_area_m2": np.asarray(achieved, dtype=float),
        }
    )
    target = out["target_area_m2"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        out["achieved_pct"] = np.where(target > 0, 100 * out["achieved_area_m2"] / target, np.nan)
    groups = out.groupby(["region", "method"], sort=False)
    out["cumulative_target_m2"] = groups["target_area_m2"].transform(lambda s: np.cumsum(s))
    out["cumulative_achieved_m2"] = groups["achieved_area_m2"].transform(
        lambda s: np.cumsum(s.to_numpy())  # NaN propagates: no running sum past a gap
    )
    out["gap_carried_forward_m2"] = out["cumulative_target_m2"] - out["cumulative_achieved_m2"]
    return out[list(TRACK_COLUMNS)].reset_index(drop=True)
