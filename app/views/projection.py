"""Projection: completion against the deadline, the cases side by side, how likely the dates
are (a forecast on demand: the fan chart and the probabilities), burn-down, release, planned
and deployed cost, the funding gap, the funded share of each kind of team."""

from __future__ import annotations

import datetime as dt
import time

import forecasts
import state
import streamlit as st
import ui
from lrapp import display, figures, forecast_figures, plans

from landrelease import LandreleaseError
from landrelease.domain.enums import ContaminationType
from landrelease.reports.compare import headline
from landrelease.reports.request.confidence import widths_source

country, scenario = ui.need_scenario()
timed = ui.need_projection(country, scenario)  # cached: seconds is the time it first took
cased = ui.cases(country, scenario)  # cached likewise; None when a case cannot be projected
result = timed.result if cased is None else cased.result
start = time.perf_counter()
info = country.info
baseline = state.remaining(country).iloc[-1]  # the Total row
charts = {
    "burndown": figures.burndown(
        result,
        info.baseline_date,
        float(baseline["sha_area_m2"]),
        float(baseline["cha_area_m2"]),
        info.article5_deadline_date,
    ),
    "release": figures.release_by_method(result.annual, "Projected release per year by method"),
    "money": figures.cost_and_funding(result.annual),
}
charts_ms = (time.perf_counter() - start) * 1000


st.title("Projection")
st.caption(
    display.plain(headline(result))
    + (" Assumptions edited on the Scenario page." if state.is_edited() else "")
)
s = result.summary
c1, c2, c3 = st.columns(3)
with c1:
    ui.completion_metric(result, "Article 5 completion (plan as written)")
c2.metric(
    "All areas released (plan as written)",
    display.year_text(result.completion_year, int(s["end_year"])),
    help="Including anti-vehicle mines and other ordnance.",
)
if s.get("requested_deadline_date"):
    c3.metric(
        "Deadline requested" + (" (interim request)" if s["request_kind"] == "interim" else ""),
        s["requested_deadline_date"],
        s["requested_deadline_status"].replace("_", " "),
        delta_color="green" if s["requested_deadline_status"] == "secured" else "red",
        delta_arrow="off",
        help=f"{display.plain(s['requested_deadline_note'])}.",
    )

money = st.columns(5)
money[0].metric(
    "Planned cost",
    display.money_text(s["planned_cost_usd"]),
    help="The plan as designed: planned team-years × cost while each kind's stage has work, "
    "fixed programme and risk education while work remains, residual capacity after.",
)
money[1].metric(
    "Cost deployed",
    display.money_text(s["cost_usd"]),
    help="What the money counted pays for (never more than planned): teams are paid in the "
    "spending order after fixed programme and risk-education costs.",
)
money[2].metric(
    "Funding gap",
    display.money_text(s["funding_gap_usd"]),
    help="Σ max(planned cost − secured money, 0) over the years: the money still to find for "
    "the plan as designed. Expected pledges are not counted.",
)
money[3].metric(
    "Gap after expected money",
    display.money_text(s["gap_after_expected_usd"]),
    help="Σ max(planned cost − secured − expected money, 0): the gap left if every expected "
    "pledge is paid.",
)
money[4].metric(
    "Unsecured money counted on",
    display.money_text(s["unsecured_usd"]),
    help="Expected money, not secured, that the deployed cost relies on (counted only when the "
    "scenario counts expected money).",
)

st.subheader("Cases side by side")
if cased is not None:
    st.caption(
        "The same scenario four ways. The headline figures above are the first case, the plan "
        f"as written; {plans.CASE_NAMES['secured_only'].lower()} leaves expected pledges out, "
        "today's teams holds each kind at today's team-years, no access gained never opens "
        "areas inaccessible at the start."
    )
    ui.cases_table(result)

st.subheader("How likely: the forecast")
st.caption(
    f"{forecasts.FORECAST_DRAWS:,} draws of the uncertain inputs (release shares, "
    "productivity, funding, discoveries, revisions, and the State's record of meeting its "
    f"plans), each projected by the same engine, seed {forecasts.FORECAST_SEED}: the figures "
    "of the request pack's confidence table for the plan. The chances given the model and "
    "its stated widths, not a guarantee (docs/forecast.md)."
)
forecast_key = forecasts.forecast_key(
    country, scenario, forecasts.FORECAST_DRAWS, forecasts.FORECAST_SEED, ("plan",)
)
if st.button(
    "Forecast how likely the dates are", key="forecast_button", icon=":material/query_stats:"
):
    forecasts.ask_forecast(forecast_key)
if forecasts.forecast_asked(forecast_key):
    try:
        with st.spinner(f"Forecasting {forecasts.FORECAST_DRAWS:,} draws…"):
            timed_forecast = forecasts.forecast_of(country, scenario)
    except LandreleaseError as exc:
        st.error(f"The forecast cannot run: {exc}")
    else:
        likely = timed_forecast.result
        ui.forecast_metrics(likely)
        fs = likely.summary
        requested = fs.get("requested_deadline_date")
        article5 = {t.value for t in ContaminationType if t.is_anti_personnel}
        hazards = country.hazards
        start_m2 = float(hazards.loc[hazards["contamination_type"].isin(article5), "area_m2"].sum())
        st.plotly_chart(
            forecast_figures.fan(
                likely.annual,
                timed.result,
                info.baseline_date,
                start_m2,
                info.article5_deadline_date,
                None if requested is None else dt.date.fromisoformat(requested),
            ),
            key="fan",
            config={"displaylogo": False},
        )
        st.caption(
            f"{likely.n_draws:,} draws, seed {likely.seed}; forecast server time "
            f"{timed_forecast.seconds * 1000:,.0f} ms (cached for this scenario). Where the "
            f"widths came from: {widths_source(likely.uncertainty)}."
        )

st.plotly_chart(charts["burndown"], key="burndown", config={"displaylogo": False})
left, right = st.columns(2)
left.plotly_chart(charts["release"], key="release", config={"displaylogo": False})
right.plotly_chart(charts["money"], key="money", config={"displaylogo": False})

st.subheader("Article 5 and other work")
left, right = st.columns(2)
right.caption(
    "Article 5: areas with anti-personnel mines (factory-made, improvised, mixed); other "
    "work: anti-vehicle mines, cluster munitions, other ERW. Planned: the plan as designed; "
    "deployed: what the money counted pays for. Fixed programme and risk-education costs are "
    "split in proportion to team-years."
)
split = plans.article5_split(s) / 1e6
headings = {"planned_cost_usd": "Planned (US$ million)", "cost_usd": "Deployed (US$ million)"}
with left:
    ui.table(
        display.Shown(
            split.rename(
                index={"article5": "Article 5", "other": "Other work", "total": "Total"},
                columns=headings,
            )
            .rename_axis("Work")
            .reset_index(),
            dict.fromkeys(headings.values(), "%,.1f"),
        ),
        key="article5_split",
    )

st.subheader("Funded share of each kind of team")
if not plans.kind_totals(result.annual).empty:
    st.caption(
        "Funded ÷ planned team-years by year. Under a shortfall money pays fixed programme and "
        "risk-education costs, then "
        + plans.spending_order_text(s["assumptions"]["spending_order"])
        + ", each in full before the next."
    )
ui.funded_share(result)

st.subheader("Tables")
by_region, by_type, yearly = st.tabs(["By region", "By contamination type", "Every year"])
with by_region:
    ui.table(display.readable(result.annual_by_region, ("year", "region"), "work_plan"))
with by_type:
    ui.table(display.readable(result.annual_by_type, ("year", "contamination_type"), "work_plan"))
with yearly:
    ui.table(display.readable(result.annual, schema="work_plan"))
project_ms = timed.seconds * 1000
cases_ms = 0.0 if cased is None else cased.seconds * 1000
st.caption(
    f"Re-projection server time: project() {project_ms:.0f} ms + cases {cases_ms:.0f} ms + "
    f"charts {charts_ms:.0f} ms = {project_ms + cases_ms + charts_ms:.0f} ms · scenario "
    f"{scenario.name}, hash {scenario.hash}"
)
