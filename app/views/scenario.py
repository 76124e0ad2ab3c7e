"""Scenario: edit every assumption, start from a saved scenario, download or upload TOML."""

from __future__ import annotations

import scenario_form
import state
import streamlit as st
import ui
from lrapp import display, packs, plans, scenario_tables, scenarios

from landrelease import LandreleaseError
from landrelease.reports.compare import headline

country = ui.need_country()
st.title("Scenario")
st.caption(
    "A scenario is a set of assumptions stored as a plain TOML file (see docs/scenarios.md). "
    "Changes apply at once; the projection follows."
)

options = state.saved()
c1, c2, c3 = st.columns([2, 1, 2], vertical_alignment="bottom")
if options:
    label = state.scenario_label()
    start_from = c1.selectbox(
        "Start from a saved scenario",
        list(options),
        index=list(options).index(label) if label in options else 0,
        key="scenario_start_from",
    )
    if c2.button("Start from it", help="Discards the edits made here."):
        message = state.open_scenario(start_from)
        if message:
            st.error(message)
        else:
            st.rerun()
upload = c3.file_uploader("Open a scenario file (TOML)", type=["toml"], key="scenario_upload")
if upload is not None and st.session_state.get("scenario_upload_done") != upload.file_id:
    st.session_state["scenario_upload_done"] = upload.file_id
    try:
        raw = scenarios.parse_toml(
            upload.getvalue().decode("utf-8", errors="replace"),
            upload.name,
            country.scenarios_dir,
            country.info.baseline_year,
            state.session_dir(),
        )
        state.set_loaded_raw(raw)
        st.rerun()
    except LandreleaseError as exc:
        st.error(f"{upload.name} cannot be opened:\n\n{exc}")

working = state.working_raw()
if working is None:
    st.info("Open a saved scenario or upload a scenario file to begin.")
    ui.stop()

version, snapshot = state.editor_snapshot(scenario_form.sentinel)
edited = scenario_form.editor(country, snapshot, version)
if edited != working:
    state.set_working_raw(edited)
if scenario_tables.period(edited, country.info.baseline_year) != scenario_tables.period(
    snapshot, country.info.baseline_year
):
    state.restart_editor()  # the yearly tables need the new years
    st.rerun()

st.divider()
built = state.scenario()
c1, c2 = st.columns([1, 3])
c1.download_button(
    "Download as TOML",
    data=scenarios.scenario_toml(edited),
    file_name=f"{packs.safe_stem(str(edited.get('name', 'scenario')))}.toml",
    mime="application/toml",
    icon=":material/download:",
)
if built.scenario is None:
    c2.error(f"The scenario cannot be used yet:\n\n{built.message}")
    ui.stop()
try:
    timed = state.projection(country, built.scenario)
except LandreleaseError as exc:
    c2.error(f"The projection cannot run: {exc}")
    ui.stop()
with c2:
    ui.completion_metric(timed.result)
st.caption(display.plain(headline(timed.result)) + f" Scenario hash {built.scenario.hash}.")

st.subheader("How the money buys capacity")
if plans.kind_totals(timed.result.annual).empty:  # past-release pace: no teams
    ui.funded_share(timed.result, by_year=False)
else:
    order = timed.result.summary["assumptions"]["spending_order"]
    st.markdown(
        "Under a shortfall the money pays fixed programme and risk-education costs first, then "
        f"each kind of team in full before the next: **{plans.spending_order_text(order)}**. "
        "Funded share: funded ÷ planned team-years over the plan."
    )
    ui.funded_share(timed.result, by_year=False)
    with st.expander("Funded share by year"):
        ui.funded_share(timed.result)
