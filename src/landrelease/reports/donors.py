"""Funding by donor: each funding line's money per year and what it paid for, so that a donor
can see its own share of the plan (``funding_by_donor.csv``, columns documented in the
``funding_by_donor`` schema and ``docs/columns.md``).

What a line *spent* in a year is an **accounting convention**, not a causal claim:

- an earmarked line spent what the engine's earmark paid for its kind's teams (shared among
  the lines earmarked to the same kind pro rata of their money); the rest of it is
  ``earmark_unspent_usd`` (:mod:`landrelease.engine.earmarks`);
- the pooled money (national, and international money not earmarked, named or not) spent
  in a year is the year's deployed cost (``annual`` ``cost_usd``) less what earmarks paid,
  at most the pooled money counted; each pooled line is attributed its part of it pro rata of
  the money it gave that year. Money is fungible inside the pool: the attribution says whose
  money paid, in proportion, not which teams or areas one donor's money paid for.

Expected money the scenario does not count (``count_expected = false``) is pledged but
spends nothing.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from landrelease.engine.earmarks import AGGREGATE_DONOR
from landrelease.engine.result import ProjectionResult
from landrelease.reports.labels import AGGREGATE_DONOR_LABELS

__all__ = ["DONOR_COLUMNS", "donor_totals", "funding_by_donor"]

DONOR_COLUMNS = (
    "donor",
    "status",
    "earmark",
    "year",
    "pledged_usd",
    "spent_usd",
    "earmark_unspent_usd",
    "share_of_international_frac",
)
"""Columns of :func:`funding_by_donor` (``funding_by_donor.csv``)."""
NATIONAL = "national"


def _per_year(frame: pd.DataFrame, mask: np.ndarray, column: str, year: pd.Series) -> np.ndarray:
    """The sum of ``column`` over the rows of ``mask`` in each row's year."""
    sums = frame.loc[mask].groupby("year")[column].sum()
    return year.map(sums).fillna(0.0).to_numpy(dtype=float)


def funding_by_donor(result: ProjectionResult) -> pd.DataFrame:
    """Each funding line of ``result`` per kept year (:data:`DONOR_COLUMNS`): national money,
    the aggregate international lines (``other (secured)``, ``other (expected)``), then the
    scenario's named donors; see the module docstring for how ``spent_usd`` is attributed.
    ``share_of_international_frac`` is the line's ``spent_usd`` over all international
    money spent in the year (empty for national money, and when none is spent)."""
    lines = result.funding_lines
    if lines.empty:
        return pd.DataFrame(columns=list(DONOR_COLUMNS))
    year = lines["year"]
    earmarked = lines["earmark"].notna().to_numpy()
    cost = year.map(result.annual.set_index("year")["cost_usd"]).fillna(0.0).to_numpy(float)
    by_earmark = _per_year(lines, earmarked, "earmark_spent_usd", year)
    pooled = _per_year(lines, ~earmarked, "counted_usd", year)
    counted = lines["counted_usd"].to_numpy(dtype=float)
    attributed = np.minimum(np.maximum(cost - by_earmark, 0.0), pooled)
    with np.errstate(divide="ignore", invalid="ignore"):
        pooled_share = np.where(pooled > 0, counted / np.where(pooled > 0, pooled, 1.0), 0.0)
    spent = np.where(
        earmarked, lines["earmark_spent_usd"].to_numpy(float), attributed * pooled_share
    )
    out = pd.DataFrame(
        {
            "donor": np.where(
                lines["donor"] == AGGREGATE_DONOR,
                lines["status"].map(AGGREGATE_DONOR_LABELS),
                lines["donor"],
            ),
            "status": lines["status"],
            "earmark": lines["earmark"].fillna(""),
            "year": year,
            "pledged_usd": lines["pledged_usd"],
            "spent_usd": spent,
            "earmark_unspent_usd": lines["earmark_unspent_usd"],
        }
    )
    international = (lines["status"] != NATIONAL).to_numpy()
    total = _per_year(out, international, "spent_usd", year)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(international & (total > 0), spent / np.where(total > 0, total, 1), np.nan)
    out["share_of_international_frac"] = share
    return out[list(DONOR_COLUMNS)]


def donor_totals(table: pd.DataFrame) -> list[dict[str, Any]]:
    """Per line of :func:`funding_by_donor` (donor, status, earmark), its sums over the years
    (``pledged_usd``, ``spent_usd``, ``earmark_unspent_usd``) and its share of all the
    international money spent over them (``share_of_international_frac``; ``None`` for
    national money or when none is spent): the summary's ``funding_by_donor``."""
    if table.empty:
        return []
    keys = ["donor", "status", "earmark"]
    sums = table.groupby(keys, sort=False)[["pledged_usd", "spent_usd", "earmark_unspent_usd"]]
    totals = sums.sum().reset_index()
    international = float(table.loc[table["status"] != NATIONAL, "spent_usd"].sum())
    rows = []
    for row in totals.itertuples(index=False):
        share = None
        if row.status != NATIONAL and international > 0:
            share = float(row.spent_usd) / international
        rows.append(
            {
                "donor": str(row.donor),
                "status": str(row.status),
                "earmark": str(row.earmark) or None,
                "pledged_usd": float(row.pledged_usd),
                "spent_usd": float(row.spent_usd),
                "earmark_unspent_usd": float(row.earmark_unspent_usd),
                "share_of_international_frac": share,
            }
        )
    return rows
