"""Annual totals of past land release, by method, region and contamination type."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from landrelease.domain.enums import ReleaseMethod

__all__ = ["annual_release", "method_column"]

_COUNTS = (
    "ap_mines_destroyed",
    "ap_improvised_destroyed",
    "av_mines_destroyed",
    "other_items_destroyed",
)


def method_column(method: str) -> str:
    """Column of a release method's area in yearly tables, e.g. ``cancelled_area_m2``."""
    return f"{method}_area_m2"


def annual_release(releases: pd.DataFrame, by: Sequence[str] = ()) -> pd.DataFrame:
    """Yearly release totals from a release-history table.

    Parameters
    ----------
    releases : table of ``schema("releases")``.
    by : extra grouping columns, e.g. ``("region",)`` or ``("region", "contamination_type")``.

    Returns
    -------
    One row per year (and group), sorted, with columns ``year``, the ``by`` columns,
    ``cancelled_area_m2``, ``reduced_area_m2``, ``cleared_area_m2`` (the IMAS methods),
    ``released_by_survey_area_m2`` and ``released_unspecified_area_m2`` (totals the history
    does not split, kept apart), ``released_area_m2`` (the sum of all five, m²),
    ``ap_mines_destroyed`` (factory-made), ``ap_improvised_destroyed``,
    ``av_mines_destroyed``, ``other_items_destroyed`` (counts) and ``team_years`` (sum of
    ``teams``).
    """
    keys = ["year", *by]
    methods = [m.value for m in ReleaseMethod]
    area_cols = [method_column(m) for m in methods]
    if releases.empty:
        return pd.DataFrame(columns=[*keys, *area_cols, "released_area_m2", *_COUNTS, "team_years"])
    areas = releases.pivot_table(
        index=keys, columns="method", values="area_m2", aggfunc="sum", fill_value=0.0, observed=True
    )
    areas = areas.reindex(columns=methods, fill_value=0.0).astype(float)
    areas.columns = area_cols
    areas["released_area_m2"] = areas[area_cols].sum(axis=1)
    # a table made before a count existed (e.g. ap_improvised_destroyed) counts it as 0
    releases = releases.assign(**{c: 0 for c in _COUNTS if c not in releases.columns})
    counts = releases.groupby(keys, observed=True)[list(_COUNTS)].sum().astype("int64")
    teams = releases.groupby(keys, observed=True)["teams"].sum(min_count=1).rename("team_years")
    out = areas.join(counts).join(teams.astype(float)).reset_index()
    out["year"] = out["year"].astype("int64")
    return out.sort_values(keys, kind="stable").reset_index(drop=True)
