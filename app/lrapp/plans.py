"""What a plan adds up to, as tables for the Projection and Scenario pages: the cases side by
side, the funded share of each kind of team, the spending order, Article 5 and other work.

Every number comes from a projection's ``annual`` table and ``summary`` (with its cases,
:func:`landrelease.engine.add_cases`); these functions only select, divide and name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from landrelease.engine import ProjectionResult
from landrelease.reports.labels import column_heading
from landrelease.reports.request.plan_tables import cases as pack_cases
from landrelease.scenario import TEAM_KINDS

__all__ = [
    "CASE_NAMES",
    "HEADLINE_CASE",
    "KIND_NAMES",
    "article5_split",
    "cases_table",
    "funded_share",
    "kind_totals",
    "spending_order_text",
]

HEADLINE_CASE = "plan"
"""The case the pages' headline figures describe: the scenario as written."""
CASE_NAMES = {
    "plan": "Plan as written (headline)",
    "secured_only": "Secured money only",
    "todays_teams": "Today's teams",
    "no_access": "No access gained",
}
"""Names of the cases for people, the headline case first (``landrelease.engine.CASES``
says what each changes)."""


def _kind_name(kind: str) -> str:
    # the library's heading of the planned team-years column, "Planned: NTS teams"
    return column_heading(f"planned_team_years_{kind}", unit="").removeprefix("Planned: ")


KIND_NAMES: dict[str, str] = {kind: _kind_name(kind) for kind in TEAM_KINDS}
"""Team kinds for people (``nts`` → ``NTS teams``), from the library's column headings."""


def cases_table(result: ProjectionResult) -> pd.DataFrame:
    """The request pack's ``cases`` table (plan first) with the case's name for people in
    ``case``; needs ``result.summary["cases"]``. Columns: ``case``,
    ``article5_completion_year``, ``years_beyond_deadline``, ``required_deadline_date``,
    ``planned_cost_usd`` and ``funding_gap_usd`` (US$), ``reaches_requested_deadline``
    (when a deadline is requested), ``completion_year`` and ``assumes``."""
    table = pack_cases(result)
    order = [c for c in CASE_NAMES if c in set(table["case"])]
    order += [c for c in table["case"] if c not in order]
    table = table.set_index("case").loc[order].reset_index()
    table["case"] = [CASE_NAMES.get(c, c) for c in table["case"]]
    columns = [
        "case",
        "article5_completion_year",
        "years_beyond_deadline",
        "required_deadline_date",
        "planned_cost_usd",
        "funding_gap_usd",
    ]
    if result.summary.get("requested_deadline_date"):
        columns.append("reaches_requested_deadline")
    return table[[*columns, "completion_year", "assumes"]]


def _planned_kinds(annual: pd.DataFrame) -> list[str]:
    return [k for k in TEAM_KINDS if float(annual[f"planned_team_years_{k}"].sum()) > 0]


def funded_share(annual: pd.DataFrame, order: Sequence[str] = TEAM_KINDS) -> pd.DataFrame:
    """Funded ÷ planned team-years (0..1) by year (index ``year``) and kind (columns, in
    ``order``): what the money pays of each kind's planned teams. Only kinds and years with
    planned team-years; a kind with none planned in a year is missing (NaN) that year.
    Empty under the past-release pace, which plans no teams."""
    kinds = [k for k in order if k in _planned_kinds(annual)]
    planned = annual[[f"planned_team_years_{k}" for k in kinds]].to_numpy(dtype=float)
    funded = annual[[f"funded_team_years_{k}" for k in kinds]].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(planned > 0, funded / planned, np.nan)
    table = pd.DataFrame(share, columns=kinds, index=pd.Index(annual["year"], name="year"))
    working = planned.sum(axis=1) > 0 if kinds else np.zeros(len(annual), dtype=bool)
    return table[working]


def kind_totals(annual: pd.DataFrame, order: Sequence[str] = TEAM_KINDS) -> pd.DataFrame:
    """Planned and funded team-years of each kind over the plan and the funded share
    (Σ funded ÷ Σ planned), one row per kind planned (index ``kind``), in ``order``."""
    kinds = [k for k in order if k in _planned_kinds(annual)]
    planned = [float(annual[f"planned_team_years_{k}"].sum()) for k in kinds]
    funded = [float(annual[f"funded_team_years_{k}"].sum()) for k in kinds]
    return pd.DataFrame(
        {
            "planned_team_years": planned,
            "funded_team_years": funded,
            "funded_frac": [f / p for f, p in zip(funded, planned, strict=True)],
        },
        index=pd.Index(kinds, name="kind"),
    )


def spending_order_text(order: Sequence[str]) -> str:
    """The order money pays for teams under a shortfall, in words: ``NTS teams → TS teams →
    …``."""
    return " → ".join(KIND_NAMES.get(k, k) for k in order)


def article5_split(summary: Mapping[str, Any]) -> pd.DataFrame:
    """Planned and deployed cost (US$) of Article 5 work (areas with AP mines) and of other
    work (AV mines, cluster munitions, other ERW), and their total: rows ``article5``,
    ``other``, ``total``; columns ``planned_cost_usd``, ``cost_usd``."""
    planned = (
        float(summary["article5_planned_cost_usd"]),
        float(summary["non_article5_planned_cost_usd"]),
    )
    deployed = (float(summary["article5_cost_usd"]), float(summary["non_article5_cost_usd"]))
    return pd.DataFrame(
        {
            "planned_cost_usd": [*planned, float(summary["planned_cost_usd"])],
            "cost_usd": [*deployed, float(summary["cost_usd"])],
        },
        index=pd.Index(["article5", "other", "total"], name="work"),
    )
