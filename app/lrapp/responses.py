"""The Donor view's tables (no Streamlit): each donor's share of the money spent; the
response curve: a country's P(complete Article 5
clearance) by its dates, its completion year's P50 and P90 and the AP area released by a
year, against additional secured international money a year — the curve
``landrelease portfolio`` allocates on (:mod:`landrelease.portfolio.curves`)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from landrelease.domain.country import add_years
from landrelease.engine import ProjectionResult
from landrelease.forecast.result import percent
from landrelease.portfolio.curves import ResponseCurve
from landrelease.reports.donors import donor_totals, funding_by_donor

__all__ = ["WITHIN_YEARS", "donor_shares", "response_table", "shown_table"]

WITHIN_YEARS = 10
"""Years after the current deadline that Article 5.3 allows a request (the forecast's
``p_within_10_years``)."""


def response_table(curve: ResponseCurve) -> pd.DataFrame:
    """One row per amount: ``additional_usd_per_year``; ``p_complete_by_deadline``,
    ``p_complete_by_requested`` (NaN without a requested date), ``p_within_10_years`` (0..1);
    ``article5_completion_year_p50`` and ``_p90`` (``<NA>``: after the horizon);
    ``ap_area_released_m2`` by the end of the curve's ``by_year``."""
    table = curve.table
    table.insert(
        4, "p_within_10_years", curve.p_complete_by(add_years(curve.deadline, WITHIN_YEARS))
    )
    return table


def _year(value: object, end_year: int) -> str:
    return f"after {end_year}" if pd.isna(value) else str(int(value))


def shown_table(table: pd.DataFrame, curve: ResponseCurve) -> pd.DataFrame:
    """:func:`response_table` as the page shows it: money in US$ million a year,
    probabilities in %, years (``after <end year>``), AP area in km²."""
    end = int(curve.years[-1])
    shown = pd.DataFrame(
        {
            "Additional money (US$ million a year)": [
                f"{v / 1e6:,.1f}" for v in table["additional_usd_per_year"]
            ],
            "P(complete by the deadline)": [percent(p) for p in table["p_complete_by_deadline"]],
        }
    )
    if curve.requested is not None:
        shown[f"P(by the requested {curve.requested.isoformat()})"] = [
            percent(p) for p in table["p_complete_by_requested"]
        ]
    shown["P(within ten years of the deadline)"] = [percent(p) for p in table["p_within_10_years"]]
    shown["Article 5 completion, P50"] = [
        _year(v, end) for v in table["article5_completion_year_p50"]
    ]
    shown["Article 5 completion, P90"] = [
        _year(v, end) for v in table["article5_completion_year_p90"]
    ]
    shown[f"AP area released by {curve.by_year} (km²)"] = np.round(
        table["ap_area_released_m2"].to_numpy(dtype=float) / 1e6, 2
    )
    return shown


def donor_shares(result: ProjectionResult) -> pd.DataFrame:
    """Each funding line's totals over the projection (``funding_by_donor.csv`` summed, as
    the summary's ``funding_by_donor``) as the Donor view shows them: US$ million pledged and
    spent, earmarked money left unspent, and the share of the international money spent (%;
    empty for national money). Pooled money is attributed pro rata of what each line gave
    that year: an accounting convention, not a claim of what each dollar bought."""
    rows = donor_totals(funding_by_donor(result))
    return pd.DataFrame(
        {
            "Donor": [r["donor"] for r in rows],
            "Status": [r["status"] for r in rows],
            "Earmarked to": [r["earmark"] or "" for r in rows],
            "Pledged (US$ million)": [round(r["pledged_usd"] / 1e6, 1) for r in rows],
            "Spent (US$ million)": [round(r["spent_usd"] / 1e6, 1) for r in rows],
            "Earmark unspent (US$ million)": [
                round(r["earmark_unspent_usd"] / 1e6, 1) for r in rows
            ],
            "Share of international money spent": [
                ""
                if r["share_of_international_frac"] is None
                else f"{100 * r['share_of_international_frac']:.1f}%"
                for r in rows
            ],
        }
    )
