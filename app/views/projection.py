"""Projection: completion against the deadline, burn-down, release, cost and funding."""

from __future__ import annotations

import time

import state
import streamlit as st
import ui
from lrapp import display, figures

from landrelease.reports.compare import headline

country, scenario = ui.need_scenario()
timed = ui.need_projection(country, scenario)  # cached: seconds is the time it first took
result = timed.result
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
    headline(result) + (" Assumptions edited on the Scenario page." if state.is_edited() else "")
)
s = result.summary
c1, c2, c3, c4 = st.columns(4)
with c1:
    ui.completion_metric(result)
c2.metric(
    "All areas released",
    display.year_text(result.completion_year, int(s["end_year"])),
    help="Including anti-vehicle mines and other ordnance.",
)
c3.metric("Total cost", f"US${s['total_cost_usd'] / 1e6:,.1f}M")
c4.metric(
    "Funding gap",
    f"US${s['funding_gap_usd'] / 1e6:,.1f}M",
    help="Sum over years of cost above the funding counted.",
)

st.plotly_chart(charts["burndown"], key="burndown", config={"displaylogo": False})
left, right = st.columns(2)
left.plotly_chart(charts["release"], key="release", config={"displaylogo": False})
right.plotly_chart(charts["money"], key="money", config={"displaylogo": False})

st.subheader("Tables")
by_region, by_type, yearly = st.tabs(["By region", "By contamination type", "Every year"])
with by_region:
    ui.table(display.readable(result.annual_by_region, ("year", "region"), "work_plan"))
with by_type:
    ui.table(display.readable(result.annual_by_type, ("year", "contamination_type"), "work_plan"))
with yearly:
    ui.table(display.readable(result.annual, schema="work_plan"))
st.caption(
    f"Re-projection server time: project() {timed.seconds * 1000:.0f} ms + charts "
    f"{charts_ms:.0f} ms = {timed.seconds * 1000 + charts_ms:.0f} ms · scenario "
    f"{scenario.name}, hash {scenario.hash}"
)
