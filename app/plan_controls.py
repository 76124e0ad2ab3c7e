"""Scenario editor widgets for how the plan is paced and paid: ``[pace]`` (with ``[costs]
usd_per_m2``), ``[teams] ramp_up_years``, ``[costs] cost_inflation_frac_per_year``,
``[funding] spending_order`` and ``[request]`` (docs/scenarios.md). Each edits a section of
the scenario's TOML table in place; an untouched widget leaves the section as it was."""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st
from lrapp import plans
from lrapp import scenario_tables as tables

from landrelease.scenario import TEAM_KINDS
from landrelease.scenario.files import MAX_RAMP_UP_YEARS, PACE_COST_METHODS
from landrelease.scenario.model import PACE_MODELS, PACE_MODES

PACE_TEXT = {
    "teams": "planned teams × productivity",
    "past_release": "past release by method (no team data)",
}
MODEL_TEXT = {
    "level": "level: as recently achieved (median year)",
    "trend": "trend: the fitted line, never below 0",
    "proportional": "proportional: a share of what remains",
}
METHOD_TEXT = {
    "cancelled": "cancelled (US$ per m²)",
    "reduced": "reduced (US$ per m²)",
    "cleared": "cleared (US$ per m²)",
}
FIRST_DATE, LAST_DATE = dt.date(1999, 3, 1), dt.date(2200, 12, 31)
"""Dates the requested-deadline input offers: from the Convention's entry into force."""
MAX_INFLATION_FRAC = 1.0
"""The library's bound on ``cost_inflation_frac_per_year`` (a share, 0..1)."""


def pace(key: str, section: dict[str, Any], costs: dict[str, Any]) -> None:
    """``[pace]`` mode and model, and ``[costs] usd_per_m2`` by method when capacity comes
    from past release."""
    c1, c2 = st.columns(2)
    mode0 = str(section.get("mode", "teams"))
    mode = c1.radio(
        "Yearly capacity from",
        PACE_MODES,
        index=PACE_MODES.index(mode0) if mode0 in PACE_MODES else 0,
        format_func=lambda m: PACE_TEXT.get(m, m),
        key=f"{key}_mode",
        help="Past release: each stage's capacity comes from the calibration window's release "
        "by method; [teams] and [productivity] are then ignored (docs/model.md).",
    )
    tables.put(section, "mode", mode, "teams")
    if mode != "past_release":
        st.caption("Capacity comes from the Teams and Productivity tabs.")
        return
    model0 = str(section.get("model", "level"))
    model = c2.radio(
        "Model",
        PACE_MODELS,
        index=PACE_MODELS.index(model0) if model0 in PACE_MODELS else 0,
        format_func=lambda m: MODEL_TEXT.get(m, m),
        key=f"{key}_model",
        help="Level fits a steady programme; trend a programme growing or shrinking for good; "
        "proportional one whose output falls as the easy areas are done (latest dates).",
    )
    tables.put(section, "model", model, "level")
    st.caption(
        "Cost per m² released by each method (US$), so that money can still limit the "
        "pace; 0 or blank: that method costs nothing and money never binds on it."
    )
    given = tables.per_method_values(costs.get("usd_per_m2"), PACE_COST_METHODS)
    cols = st.columns(len(PACE_COST_METHODS))
    values = {
        method: col.number_input(
            METHOD_TEXT[method],
            0.0,
            None,
            given.get(method),
            step=0.1,
            format="%.3f",
            placeholder="not given",
            key=f"{key}_usd_per_m2_{method}",
        )
        for col, method in zip(cols, PACE_COST_METHODS, strict=True)
    }
    per_m2 = tables.per_method_from_inputs(values, costs.get("usd_per_m2"))
    tables.put(costs, "usd_per_m2", per_m2 if per_m2 or "usd_per_m2" in costs else None, None)


def ramp_up(key: str, teams: dict[str, Any]) -> None:
    """``[teams] ramp_up_years``."""
    value = st.columns([1, 2])[0].number_input(
        "Ramp-up: years a new team takes to reach full output",
        0,
        MAX_RAMP_UP_YEARS,
        int(teams.get("ramp_up_years", 0)),
        key=key,
        help="0: new teams work at full output at once; 1 is realistic (half output in a new "
        "team's first year: recruitment, training, accreditation, equipment).",
    )
    tables.put(teams, "ramp_up_years", int(value), 0)


def inflation(key: str, costs: dict[str, Any]) -> None:
    """``[costs] cost_inflation_frac_per_year``."""
    value = st.columns([1, 2])[0].number_input(
        "Cost inflation per year (share: 0.03 = 3%)",
        0.0,
        MAX_INFLATION_FRAC,
        float(costs.get("cost_inflation_frac_per_year", 0.0)),
        step=0.005,
        format="%.3f",
        key=key,
        help="Every cost line × (1 + inflation)^(year − first year): costs given at the first "
        "year's prices.",
    )
    tables.put(costs, "cost_inflation_frac_per_year", tables.clean_number(value), 0)


def spending_order(key: str, funding: dict[str, Any]) -> None:
    """``[funding] spending_order``: the kinds money pays first under a shortfall."""
    given = [k for k in funding.get("spending_order", []) if k in TEAM_KINDS]
    chosen = st.multiselect(
        "Under a shortfall, pay these kinds first, in this order",
        list(TEAM_KINDS),
        default=given,
        format_func=lambda k: plans.KIND_NAMES.get(k, k),
        key=key,
        help="Fixed programme and risk-education costs are paid first, then each kind in full "
        "before the next. Kinds not listed follow in the default order: NTS, TS, then the "
        "clearance kinds by m² per US$.",
    )
    keep = chosen or "spending_order" in funding
    tables.put(funding, "spending_order", chosen if keep else None, None)


def request(key: str, section: dict[str, Any]) -> None:
    """``[request] requested_deadline_date`` and ``interim``."""
    c1, c2 = st.columns(2)
    given = tables.date_value(section.get("requested_deadline_date"))
    day = c1.date_input(
        "Deadline requested (blank: the one the plan needs)",
        given,
        min_value=FIRST_DATE,
        max_value=LAST_DATE,
        key=f"{key}_date",
        format="YYYY-MM-DD",
        help="The cases show whether the plan reaches it on secured money, or only with "
        "expected money that is not secured.",
    )
    day = day if day is None or not isinstance(day, tuple) else None
    tables.put(
        section,
        "requested_deadline_date",
        None if day is None else (section["requested_deadline_date"] if day == given else day),
        None,
    )
    interim = c2.checkbox(
        "Interim request (time to survey, then a full plan)",
        bool(section.get("interim", False)),
        key=f"{key}_interim",
    )
    tables.put(section, "interim", interim, False)
