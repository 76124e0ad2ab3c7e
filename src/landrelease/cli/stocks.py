"""Print a country's past stocks reconciled with its release history (``validate`` and
``summary``)."""

from __future__ import annotations

import pandas as pd

from landrelease.cli.output import format_table
from landrelease.domain.country import Country
from landrelease.validation.stocks import REVISION_NOTE_FRAC, reconcile_stocks

__all__ = ["stock_lines"]


def stock_lines(country: Country) -> list[str]:
    """Lines of text: the national reconciliation by year, the years whose unexplained change
    exceeds :data:`REVISION_NOTE_FRAC` of the opening stock marked; empty without stocks."""
    if country.stocks is None:
        return []
    table = reconcile_stocks(
        country.stocks,
        country.releases,
        hazards=country.hazards,
        baseline_year=country.info.baseline_year,
    )
    name = country.source_files.get("stocks")
    head = (
        f"Past stocks ({name.name if name else 'stocks'}) against the release history, "
        "national (m²):\n  stock(t-1) - released(t) + unexplained(t) = stock(t); unexplained = "
        "new finds and revisions such as re-survey (information, not an error)"
    )
    if table.empty:
        return ["", head, "  (fewer than two years of stocks: nothing to reconcile)"]
    shown = pd.DataFrame(
        {
            "year": table["year"].astype("int64").astype(str),
            "stock_start_m2": table["stock_start_m2"],
            "released_area_m2": table["released_area_m2"],
            "unexplained_m2": table["unexplained_m2"],
            "stock_end_m2": table["stock_end_m2"],
            "unexplained_pct": 100 * table["unexplained_frac"],
            "note": [
                "revised" if abs(f) > REVISION_NOTE_FRAC else ""
                for f in table["unexplained_frac"].fillna(0.0)
            ],
        }
    )
    return ["", head, format_table(shown)]
