"""Key figures of a projection, the same analysis for one scenario or several side by side."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from landrelease.engine.result import ProjectionResult

__all__ = ["compare", "headline", "key_figures"]

KEY_FIGURES: tuple[tuple[str, str], ...] = (
    ("completion_year", "completion year (all areas)"),
    ("article5_completion_year", "completion year (AP-mined areas, Article 5)"),
    ("deadline_date", "Article 5 deadline"),
    ("years_beyond_deadline", "extension needed (years)"),
    ("required_deadline_date", "deadline needed"),
    ("baseline_area_m2", "baseline area (m²)"),
    ("discovered_area_m2", "projected discoveries (m²)"),
    ("released_area_m2", "released over the plan (m²)"),
    ("remaining_area_m2", "remaining at plan end (m²)"),
    ("planned_cost_usd", "cost of the plan as designed (US$)"),
    ("cost_usd", "cost the money counted deploys (US$)"),
    ("funding_usd", "funding counted (US$)"),
    ("secured_usd", "funding secured (US$)"),
    ("funding_gap_usd", "funding gap: plan cost − secured (US$)"),
    ("gap_after_expected_usd", "gap if every expected pledge is paid (US$)"),
    ("unsecured_usd", "expected (unsecured) money the plan counts on (US$)"),
    ("requested_deadline_date", "deadline requested"),
    ("requested_deadline_status", "requested deadline reached (secured / unsecured money)"),
    ("cases.secured_only.article5_completion_year", "Article 5 completion, secured money only"),
    ("cases.secured_only.funding_gap_usd", "funding gap, secured money only (US$)"),
    ("cases.todays_teams.article5_completion_year", "Article 5 completion, today's teams"),
    ("cases.todays_teams.funding_gap_usd", "funding gap, today's teams (US$)"),
    ("cases.no_access.article5_completion_year", "Article 5 completion, no access gained"),
    ("scenario_hash", "scenario hash"),
)
"""Summary keys shown as key figures, with their labels (``cases.<case>.<key>``: a figure
of one case, when the result carries its cases)."""


def _figure(summary: dict[str, Any], key: str) -> Any:
    """A summary figure by key; ``cases.<case>.<key>`` looks into ``summary["cases"]``;
    ``None`` when the summary does not have it."""
    value: Any = summary
    for part in key.split(".", 2) if key.startswith("cases.") else [key]:
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def key_figures(result: ProjectionResult) -> pd.Series:
    """The key figures of one projection, indexed by summary key."""
    return pd.Series(
        {key: _figure(result.summary, key) for key, _ in KEY_FIGURES},
        dtype=object,
        name=result.scenario.name,
    )


def compare(results: Sequence[ProjectionResult]) -> pd.DataFrame:
    """Key figures side by side: one row per figure (``figure``, ``label``), one column per
    scenario (by name; repeated names get a suffix)."""
    table = pd.DataFrame(
        {"figure": [k for k, _ in KEY_FIGURES], "label": [label for _, label in KEY_FIGURES]}
    )
    seen: dict[str, int] = {}
    for result in results:
        name = result.scenario.name
        seen[name] = seen.get(name, 0) + 1
        column = name if seen[name] == 1 else f"{name} ({seen[name]})"
        table[column] = key_figures(result).to_numpy()
    return table


def headline(result: ProjectionResult) -> str:
    """One paragraph: completion against the deadline, cost, funding gap."""
    s = result.summary
    done = s["article5_completion_year"]
    if done is None:
        when = f"does not complete Article 5 clearance by {s['end_year']} (end of horizon)"
    elif s["years_beyond_deadline"] == 0:
        when = (
            f"completes Article 5 clearance in {done}, within the deadline ({s['deadline_date']})"
        )
    else:
        when = (
            f"completes Article 5 clearance in {done}: {s['years_beyond_deadline']} year(s) "
            f"beyond the deadline of {s['deadline_date']} (new deadline needed: "
            f"{s['required_deadline_date']})"
        )
    unsecured = (
        f"; it counts on US${s['unsecured_usd'] / 1e6:,.1f} million of expected, unsecured money"
        if s["unsecured_usd"] > 0
        else ""
    )
    text = (
        f"{s['country']} — scenario {s['scenario']}: {when}. "
        f"The plan costs US${s['planned_cost_usd'] / 1e6:,.1f} million "
        f"(US${s['cost_usd'] / 1e6:,.1f} million deployed by the money counted); "
        f"US${s['secured_usd'] / 1e6:,.1f} million is secured, a funding gap of "
        f"US${s['funding_gap_usd'] / 1e6:,.1f} million{unsecured}."
    )
    cases = s.get("cases") or {}
    labels = {
        "secured_only": "with secured money only",
        "todays_teams": "at today's teams",
        "no_access": "if inaccessible areas never open",
    }
    shown = [
        f"{label} {'beyond ' + str(s['end_year']) if year is None else year}"
        for case, label in labels.items()
        if case in cases
        for year in [cases[case]["article5_completion_year"]]
    ]
    if shown:
        text += " Article 5 completion " + ", ".join(shown) + "."
    if "requested_deadline_note" in s and s.get("requested_deadline_date"):
        requested = s["requested_deadline_date"]
        text += f" Requested deadline {requested}: {s['requested_deadline_note']}."
    return text
