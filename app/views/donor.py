"""Donor view: change international funding and see the completion year move, and how
likely completion by the deadline is at a few funding levels (a forecast on demand, the same
seed at every level); the least yearly funding to finish by a chosen year."""

from __future__ import annotations

import time

import forecasts
import pandas as pd
import state
import streamlit as st
import ui
from lrapp import display, figures, forecast_figures, scenarios

from landrelease import LandreleaseError
from landrelease.engine.funding import CAPACITY_BINDS, capacity_binds
from landrelease.forecast.result import percent as percent_text

country, scenario = ui.need_scenario()
base = ui.need_projection(country, scenario).result
by = country.info.baseline_year
st.title("Donor view")
st.caption(
    f"{country.info.name}, scenario {scenario.name}: what more (or less) international funding "
    "does to the year Article 5 clearance is completed."
)

c1, c2 = st.columns(2)
percent = c1.number_input(
    "Change of international funding (%)",
    -100.0,
    500.0,
    0.0,
    step=10.0,
    key="donor_percent",
    help="Every international line (secured, and expected where counted) × (1 + change).",
)
amount = c2.number_input(
    "International funding added every year (US$; negative: removed)",
    value=0.0,
    step=1_000_000.0,
    format="%.0f",
    key="donor_amount",
)
try:
    changed = scenarios.with_international_change(scenario, by, percent=percent, amount_usd=amount)
    result = state.projection(country, changed).result
except LandreleaseError as exc:
    st.error(str(exc))
    ui.stop()

end = int(result.summary["end_year"])
c1, c2, c3 = st.columns(3)
with c1:
    ui.completion_metric(result, "Article 5 completion with this funding")
before = base.article5_completion_year
binds = capacity_binds(result)
c2.metric(
    f"Change from the unchanged scenario ({display.year_text(before, end)})",
    display.years_moved(before, result.article5_completion_year, end),
    delta=CAPACITY_BINDS if binds else None,
    delta_color="off",
    delta_arrow="off",
    help="Years earlier (−) or later (+) than with the scenario's own funding."
    + (
        " Every planned team is paid in every year: more money cannot finish earlier; more "
        "teams, higher productivity or access can."
        if binds
        else ""
    ),
)
gap_change = result.summary["funding_gap_usd"] - base.summary["funding_gap_usd"]
c3.metric(
    "Funding gap",
    display.money_text(result.summary["funding_gap_usd"]),
    f"{gap_change / 1e6:+,.1f}M" if round(gap_change / 1e5) else None,
    delta_color="inverse",
    help="Σ max(planned cost − secured money, 0) over the years: the money still to find for "
    "the plan as designed with this funding (expected pledges not counted; "
    f"US${result.summary['gap_after_expected_usd'] / 1e6:,.1f}M if every expected pledge is "
    "paid).",
)

if st.toggle("Completion year for changes from −50% to +100%", key="donor_curve"):
    points = {}
    for step in range(-50, 101, 10):
        moved_scenario = scenarios.with_international_change(
            scenario, by, percent=step, amount_usd=amount
        )
        points[float(step)] = state.projection(
            country, moved_scenario
        ).result.article5_completion_year
    st.plotly_chart(
        figures.completion_by_funding(points, percent),
        key="donor_curve_chart",
        config={"displaylogo": False},
    )

st.subheader("How likely, with more or less funding")
changes = ", ".join(f"{v:+d}%" for v in forecasts.DONOR_LEVELS_PCT)
st.caption(
    f"A forecast ({forecasts.DONOR_LEVEL_DRAWS} draws, seed {forecasts.FORECAST_SEED}, the "
    f"same at every level) of the plan with international funding changed by {changes} (and "
    "the amount above added every year): P(complete Article 5 clearance by the deadline), "
    "and within ten years of it."
)
levels = [float(v) for v in forecasts.DONOR_LEVELS_PCT]
try:
    level_scenarios = {
        v: scenarios.with_international_change(scenario, by, percent=v, amount_usd=amount)
        for v in levels
    }
except LandreleaseError as exc:
    st.error(str(exc))
    ui.stop()
level_keys = [
    forecasts.forecast_key(
        country, s, forecasts.DONOR_LEVEL_DRAWS, forecasts.FORECAST_SEED, ("plan",)
    )
    for s in level_scenarios.values()
]
donor_key = "donor:" + "|".join(level_keys)
if st.button(
    "Forecast P(complete by the deadline) at each level",
    key="donor_forecast_button",
    icon=":material/query_stats:",
):
    forecasts.ask_forecast(donor_key)
if forecasts.forecast_asked(donor_key):
    start = time.perf_counter()
    bar = st.progress(0.0, text="Forecasting the funding levels…")
    rows, computed = [], 0.0
    try:
        for n, (change, changed_scenario) in enumerate(level_scenarios.items(), start=1):
            timed_level = forecasts.forecast_of(
                country, changed_scenario, draws=forecasts.DONOR_LEVEL_DRAWS, basis=scenario
            )
            computed += timed_level.seconds
            c = timed_level.result.case("plan")
            rows.append(
                {
                    "change_pct": change,
                    "p_complete_by_deadline": c["p_complete_by_deadline"],
                    "p_complete_by_requested": c["p_complete_by_requested"],
                    "p_within_10_years": c["p_within_10_years"],
                    "article5_completion_year_p50": str(c["article5_completion_year_p50"]),
                }
            )
            bar.progress(n / len(levels), text=f"Forecast {n} of {len(levels)} levels")
    except LandreleaseError as exc:
        st.error(f"The forecast cannot run: {exc}")
        ui.stop()
    bar.empty()
    elapsed = time.perf_counter() - start
    by_level = pd.DataFrame(rows)
    if scenario.requested_deadline_date is None:
        # the deadline requested is then the one each level's projection needs: not one date
        by_level["p_complete_by_requested"] = None
    st.plotly_chart(
        forecast_figures.probability_by_funding(by_level, percent),
        key="donor_probability_chart",
        config={"displaylogo": False},
    )
    shown = pd.DataFrame(
        {
            "Change of international funding": [f"{v:+.0f}%" for v in by_level["change_pct"]],
            "P(complete by the deadline)": [
                percent_text(p) for p in by_level["p_complete_by_deadline"]
            ],
            "P(within ten years of the deadline)": [
                percent_text(p) for p in by_level["p_within_10_years"]
            ],
            "Article 5 completion, P50": by_level["article5_completion_year_p50"],
        }
    )
    if scenario.requested_deadline_date is not None:
        shown.insert(
            2,
            f"P(by the requested {scenario.requested_deadline_date.isoformat()})",
            [percent_text(p) for p in by_level["p_complete_by_requested"]],
        )
    st.dataframe(shown, hide_index=True, key="donor_probability_table")
    st.caption(
        f"Forecast server time: {len(levels)} levels × {forecasts.DONOR_LEVEL_DRAWS} draws "
        f"in {elapsed * 1000:,.0f} ms ({computed * 1000:,.0f} ms when first computed; cached "
        "afterwards)."
    )

st.subheader("Funding needed to finish by a year")
earliest = state.earliest(country, scenario)
deadline = display.deadline_year(country.info.article5_deadline_date)
with st.form("required_funding"):
    c1, c2, c3 = st.columns(3)
    target = c1.number_input(
        "Finish by the end of",
        scenario.start_year,
        scenario.end_year,
        display.target_year(
            base.article5_completion_year,
            deadline,
            earliest,
            scenario.start_year,
            scenario.end_year,
        ),
        step=1,
        key="donor_by",
        help=f"Meeting the Article 5 deadline means finishing by the end of {deadline}. "
        + (
            f"With every planned team paid, the plan finishes in {earliest}: no money "
            "finishes earlier."
            if earliest is not None
            else "Even with every planned team paid, the plan does not finish within the horizon."
        ),
    )
    mode = c2.radio(
        "International funding",
        ["flat", "scale"],
        key="donor_mode",
        format_func=lambda m: (
            "the same amount every year" if m == "flat" else "the scenario's profile scaled"
        ),
    )
    scope = c3.radio(
        "Areas",
        ["article5", "all"],
        key="donor_scope",
        format_func=lambda s: (
            "anti-personnel mined (Article 5)" if s == "article5" else "all areas"
        ),
    )
    asked = st.form_submit_button("Compute")
if asked:
    st.session_state["donor_request"] = (int(target), mode, scope)
request = st.session_state.get("donor_request")
if request is not None:
    target_year, mode, scope = request
    try:
        need = state.required(country, scenario, target_year, mode, scope)
    except LandreleaseError as exc:
        st.error(str(exc))
        ui.stop()
    if not need.reachable:
        st.warning(f"Completion by {target_year} is {need.reason}.")
    elif need.amount_usd_per_year is not None:
        what = (
            f"US${need.amount_usd_per_year:,.0f} of international funding every year"
            if mode == "flat"
            else f"the international profile × {need.scale:.3f} "
            f"(US${need.amount_usd_per_year:,.0f} in the first year)"
        )
        st.success(f"Completes by {target_year} (in {need.completion_year}) with {what}.")
