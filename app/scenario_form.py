"""The scenario editor's widgets: every key of ``docs/scenarios.md``, started from a scenario
table and giving back the edited table (conversions in :mod:`lrapp.scenario_tables`)."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

import pandas as pd
import plan_controls
import streamlit as st
import widgets
from lrapp import plans
from lrapp import scenario_tables as tables

from landrelease import Country
from landrelease.engine import calibrate
from landrelease.scenario import SCENARIO_KEYS, TEAM_KINDS

MONEY_LINES = {
    "national_usd_per_year": "national (US$)",
    "international_secured_usd_per_year": "international secured (US$)",
    "international_expected_usd_per_year": "international expected (US$)",
}
COST_LINES = {
    "fixed_programme_usd_per_year": "fixed programme (US$)",
    "risk_education_usd_per_year": "risk education (US$)",
    "residual_capacity_usd_per_year": "residual capacity (US$)",
}


def sentinel(version: int) -> str:
    """Key of the editor's first widget: absent when the editor's widgets were cleaned up."""
    return f"sc{version}_name"


def _section(raw: Mapping[str, Any], name: str) -> dict[str, Any]:
    value = raw.get(name)
    return dict(value) if isinstance(value, Mapping) else {}


def editor(country: Country, snapshot: Mapping[str, Any], version: int) -> dict[str, Any]:
    """Widgets for every assumption of ``snapshot``; returns the edited scenario table."""

    def k(name: str) -> str:
        return f"sc{version}_{name}"

    def sec(name: str) -> dict[str, Any]:
        return _section(snapshot, name)

    raw = copy.deepcopy(dict(snapshot))
    by = country.info.baseline_year
    start0, end0 = tables.period(snapshot, by)

    c1, c2 = st.columns([1, 3])
    raw["name"] = c1.text_input(
        "Name", str(snapshot.get("name", "scenario")), key=sentinel(version)
    )
    description = c2.text_input(
        "Description", str(snapshot.get("description", "")), key=k("description")
    )
    tables.put(raw, "description", description, "")
    period = sec("period")
    c1, c2, _ = st.columns([1, 1, 2])
    start = int(c1.number_input("First year", 1997, 2200, start0, step=1, key=k("start")))
    end = int(c2.number_input("Last year", 1997, 2200, end0, step=1, key=k("end")))
    tables.put(period, "start_year", start, by + 1)
    tables.put(period, "end_year", end, start + tables.DEFAULT_HORIZON_YEARS - 1)
    raw["period"] = period
    years = list(range(start0, end0 + 1))

    tabs = st.tabs(
        [
            "Teams",
            "Pace",
            "Productivity and unit costs",
            "Programme costs",
            "Funding",
            "Release shares",
            "Discoveries and access",
            "Priority",
            "Request",
            "Sources",
        ]
    )
    history_years = int(sec("calibration").get("years", 5))
    prod = sec("productivity")
    type_factor = tables.by_type_values(prod.get("type_factor", 1.0), 1.0)
    cal = calibrate(country.releases, history_years, up_to_year=by, type_factor=type_factor)
    costs = sec("costs")

    with tabs[0]:
        st.caption(
            "Planned teams by kind and year (NTS and TS: survey teams). A year carries "
            "forward until the next change."
        )
        teams = sec("teams")
        team_labels = {t: plans.KIND_NAMES[t] for t in TEAM_KINDS}  # the library's names
        teams.update(widgets.yearly_editor(k("teams"), teams, team_labels, years))
        plan_controls.ramp_up(k("ramp_up"), teams)
        raw["teams"] = teams

    with tabs[1]:
        pace = sec("pace")
        plan_controls.pace(k("pace"), pace, costs)
        raw["pace"] = pace

    with tabs[2]:
        st.caption(
            "Productivity in m² per team-year on factory-made AP mines, or *calibrated* from "
            f"the release history ({', '.join(map(str, cal.years)) or 'none'}); "
            "cost per team-year in US$."
        )
        kinds = st.data_editor(
            tables.kinds_table(prod, costs, cal.m2_per_team_year),
            key=k("kinds"),
            column_config={
                "_index": st.column_config.TextColumn("Team kind"),
                "calibrated": st.column_config.CheckboxColumn("calibrated"),
                "m2_per_team_year": st.column_config.NumberColumn(
                    "m² per team-year", min_value=0, format="localized"
                ),
                "usd_per_team_year": st.column_config.NumberColumn(
                    "US$ per team-year", min_value=0, format="localized"
                ),
            },
            num_rows="fixed",
        )
        prod_kinds, unit = tables.kinds_to_raw(kinds, prod, costs)
        prod.update(prod_kinds)
        costs["usd_per_team_year"] = unit
        st.caption(
            "Type factor: TS and clearance productivity multiplied by contamination type "
            "(0.25 = four times slower)."
        )
        factors = widgets.by_type_editor(
            k("type_factor"), {"type_factor": ("type factor", prod.get("type_factor", 1.0), 1.0)}
        )
        tables.put(
            prod,
            "type_factor",
            tables.by_type_from_table(factors["type_factor"], prod.get("type_factor"), 1.0),
            1,
        )
        raw["productivity"] = prod

    with tabs[3]:
        st.caption(
            "Yearly costs besides teams, in US$; residual capacity is paid after completion."
        )
        costs.update(widgets.yearly_editor(k("costs"), costs, COST_LINES, years))
        residual = int(
            st.number_input(
                "Residual capacity: years after completion",
                0,
                50,
                int(costs.get("residual_years", 3)),
                key=k("residual_years"),
            )
        )
        tables.put(costs, "residual_years", residual, 3)
        plan_controls.inflation(k("inflation"), costs)
        raw["costs"] = costs

    with tabs[4]:
        funding = sec("funding")
        st.caption(
            "Money per year, US$. Expected international money counts only when ticked below."
        )
        funding.update(widgets.yearly_editor(k("funding"), funding, MONEY_LINES, years))
        c1, c2 = st.columns(2)
        tables.put(
            funding,
            "count_expected",
            c1.checkbox(
                "Count expected international money",
                bool(funding.get("count_expected", False)),
                key=k("count_expected"),
            ),
            False,
        )
        tables.put(
            funding,
            "international_scale",
            c2.number_input(
                "International scale (0.7 = a 30% cut)",
                0.0,
                10.0,
                float(funding.get("international_scale", 1.0)),
                step=0.05,
                key=k("scale"),
            ),
            1.0,
        )
        plan_controls.spending_order(k("spending_order"), funding)
        st.caption(
            "Donors' lines add to the international money above (which then means other "
            "donors): zero outside their pledge years; earmarked money pays only its team "
            "kind, and what that kind cannot use stays unspent."
        )
        lines = widgets.donor_lines_editor(k("donor_lines"), funding)
        if lines:
            funding["lines"] = lines
        else:
            funding.pop("lines", None)
        raw["funding"] = funding

    with tabs[5]:
        release = sec("release")
        st.caption(
            "Shares 0–1 by contamination type: of an SHA, the share cancelled by NTS; of what TS "
            "addresses, the share reduced. Calibrated shares come from the release history."
        )
        c1, c2 = st.columns(2)
        cal_fc = c1.checkbox(
            "SHA cancelled share: calibrated",
            release.get("sha_cancelled_frac", "calibrated") == "calibrated",
            key=k("cal_fc"),
        )
        cal_fr = c2.checkbox(
            "TS reduced share: calibrated",
            release.get("ts_reduced_frac", "calibrated") == "calibrated",
            key=k("cal_fr"),
        )
        shares = widgets.by_type_editor(
            k("shares"),
            {
                "sha_cancelled_frac": (
                    "SHA cancelled share",
                    release.get("sha_cancelled_frac")
                    if not _is_cal(release, "sha_cancelled_frac")
                    else cal.sha_cancelled_frac,
                    0.0,
                ),
                "ts_reduced_frac": (
                    "TS reduced share",
                    release.get("ts_reduced_frac")
                    if not _is_cal(release, "ts_reduced_frac")
                    else cal.ts_reduced_frac,
                    0.0,
                ),
            },
        )
        for key, is_cal in (("sha_cancelled_frac", cal_fc), ("ts_reduced_frac", cal_fr)):
            value = (
                "calibrated"
                if is_cal
                else tables.by_type_from_table(shares[key], release.get(key), 0.0, complete=True)
            )
            tables.put(release, key, value, "calibrated")
        raw["release"] = release

    with tabs[6]:
        disc = sec("discoveries")
        st.caption(
            "New suspected area found each year (m² in the first year), "
            "falling by the decay share a year."
        )
        found = widgets.by_type_editor(
            k("discoveries"),
            {
                "sha_area_m2_per_year": (
                    "new SHA, m² in the first year",
                    disc.get("sha_area_m2_per_year", 0),
                    0.0,
                )
            },
            number_format="localized",
        )
        tables.put(
            disc,
            "sha_area_m2_per_year",
            tables.by_type_from_table(
                found["sha_area_m2_per_year"], disc.get("sha_area_m2_per_year"), 0.0
            ),
            0,
        )
        c1, c2, c3 = st.columns(3)
        tables.put(
            disc,
            "decay_frac_per_year",
            c1.number_input(
                "Decay share per year",
                0.0,
                1.0,
                float(disc.get("decay_frac_per_year", 0.0)),
                step=0.05,
                key=k("decay"),
            ),
            0.0,
        )
        _optional_year(
            c2, disc, "first_year", "First year of discoveries", "the first year", k("disc_first")
        )
        _optional_year(
            c3, disc, "last_year", "Last year of discoveries", "the last year", k("disc_last")
        )
        raw["discoveries"] = disc
        access = sec("access")
        _optional_year(
            st,
            access,
            "inaccessible_from_year",
            "Inaccessible areas without an access year become workable from",
            "never",
            k("access"),
        )
        raw["access"] = access

    with tabs[7]:
        prio = sec("priority")
        c1, c2 = st.columns(2)
        rule = c1.selectbox(
            "Order of work",
            ["field", "weights"],
            index=0 if prio.get("rule", "field") == "field" else 1,
            format_func=lambda r: "by a field, ascending" if r == "field" else "by weighted fields",
            key=k("rule"),
        )
        tables.put(prio, "rule", rule, "field")
        numeric = [
            c
            for c in country.hazards.columns
            if pd.api.types.is_numeric_dtype(country.hazards[c]) and c != "source_row"
        ]
        field = str(prio.get("field", "priority"))
        options = [field, *[c for c in numeric if c != field]]
        tables.put(
            prio, "field", c2.selectbox("Field (rule: field)", options, key=k("field")), "priority"
        )
        st.caption("Weights (rule: weights): score = Σ weight × field; highest score first.")
        weights = st.data_editor(
            tables.weights_table(prio.get("weights", {})),
            key=k("weights"),
            num_rows="dynamic",
            column_config={
                "field": st.column_config.SelectboxColumn("field", options=numeric),
                "weight": st.column_config.NumberColumn("weight"),
            },
        )
        new_weights = tables.weights_from_table(weights, prio.get("weights"))
        tables.put(prio, "weights", new_weights if new_weights or "weights" in prio else None, None)
        order = [r for r in prio.get("region_order", []) if r in country.regions]
        chosen = st.multiselect(
            "Work regions one after another, in this order (optional)",
            list(country.regions),
            default=order,
            key=k("regions"),
        )
        tables.put(prio, "region_order", chosen if chosen or "region_order" in prio else None, None)
        raw["priority"] = prio
        calib = sec("calibration")
        tables.put(
            calib,
            "years",
            int(
                st.number_input(
                    "Calibration: history years used", 1, 50, history_years, key=k("cal_years")
                )
            ),
            5,
        )
        raw["calibration"] = calib

    with tabs[8]:
        request = sec("request")
        plan_controls.request(k("request"), request)
        raw["request"] = request

    with tabs[9]:
        st.caption(
            "Where each section's numbers come from: kept in the file and in the request's "
            "assumptions table."
        )
        for name in SCENARIO_KEYS:
            section = raw.get(name, {})
            text = st.text_input(
                name, str(_section(snapshot, name).get("source", "")), key=k(f"source_{name}")
            )
            tables.put(section, "source", text.strip() or None, None)
            raw[name] = section

    return {key: value for key, value in raw.items() if value != {} or key in snapshot}


def _is_cal(section: Mapping[str, Any], key: str) -> bool:
    return section.get(key, "calibrated") == "calibrated"


def _year_or_none(value: float | None) -> int | None:
    return None if value is None else int(value)


def _optional_year(
    container: Any,
    section: dict[str, Any],
    key: str,
    label: str,
    placeholder: str,
    widget_key: str,
) -> None:
    """A year input that may stay empty (``None`` = the placeholder's meaning), written to
    ``section[key]``."""
    value = container.number_input(
        label, 1997, 2200, section.get(key), step=1, placeholder=placeholder, key=widget_key
    )
    tables.put(section, key, _year_or_none(value), None)
