"""Donor view: change international funding and see the completion year move; the response
curve of the scenario so changed to additional money (a forecast on demand, the same draws at
every amount: how likely completion is by each date, the completion year's P50 and P90, AP
area released); the least yearly funding to finish by a chosen year."""

from __future__ import annotations

import forecasts
import state
import streamlit as st
import ui
from lrapp import display, figures, forecast_figures, responses, scenarios

from landrelease import LandreleaseError
from landrelease.engine.funding import CAPACITY_BINDS, capacity_binds

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

st.subheader("Who pays: each donor's share")
if scenario.funding.lines:
    st.dataframe(responses.donor_shares(result), hide_index=True, key="donor_shares_table")
    st.caption(
        "With this funding, over the plan's years (`funding_by_donor.csv` of `landrelease "
        "project --out`, year by year). Earmarked money pays its kind's teams first; what it "
        "cannot pay stays unspent. Pooled money spent is attributed to each line pro rata of "
        "what it gave that year: an accounting convention, not what each dollar bought."
    )
else:
    st.caption(
        "This scenario names no donor: its international money is one secured and one "
        "expected line. Name donors' pledges, with their years and earmarks, as "
        "`[[funding.lines]]` (Scenario page, or docs/scenarios.md) to see each one's share."
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

st.subheader("How likely, with more money: the response curve")
st.caption(
    f"A forecast ({forecasts.CURVE_DRAWS} draws, seed {forecasts.FORECAST_SEED}, the same draws "
    "at every amount) of the scenario as changed above, with additional secured international "
    f"money every year at {forecasts.CURVE_POINTS} amounts from none to the full-funding "
    "amount (every planned team paid in every draw: more money changes nothing): how likely "
    "Article 5 completion is by the deadline, by the requested deadline and within ten years "
    "of the deadline; the completion year's P50 and P90; the AP area released in the plan's "
    "first five years. The same curve `landrelease portfolio` splits a donor budget on."
)
curve_key = forecasts.curve_key(country, changed, scenario)
if st.button("Draw the response curve", key="donor_curve_button", icon=":material/query_stats:"):
    forecasts.ask_forecast(curve_key)
if forecasts.forecast_asked(curve_key):
    bar = st.progress(0.0, text="Forecasting the response to additional money…")

    def tick(done: int, total: int) -> None:
        bar.progress(min(done / max(total, 1), 1.0), text=f"{done:,} of {total:,} draws")

    try:
        timed_curve = forecasts.curve_of(country, changed, basis=scenario, progress=tick)
    except LandreleaseError as exc:
        st.error(f"The response curve cannot be drawn: {exc}")
        ui.stop()
    bar.empty()
    curve = timed_curve.curve
    curve_table = responses.response_table(curve)
    c1, c2 = st.columns(2)
    c1.plotly_chart(
        forecast_figures.probability_by_money(curve_table),
        key="donor_probability_chart",
        config={"displaylogo": False},
    )
    c2.plotly_chart(
        forecast_figures.completion_by_money(curve_table, country.info.article5_deadline_date),
        key="donor_completion_chart",
        config={"displaylogo": False},
    )
    st.dataframe(
        responses.shown_table(curve_table, curve), hide_index=True, key="donor_curve_table"
    )
    st.caption(
        f"Response-curve server time: {len(curve.amounts_usd)} amounts × {curve.draws} draws "
        f"in {timed_curve.seconds * 1000:,.0f} ms ({curve.evaluations:,} projections of a draw "
        "when first computed; the same inputs again come from the cache)."
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
