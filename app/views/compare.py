"""Compare: two to four scenarios side by side, key figures (with each scenario's cases) and
overlaid burn-down."""

from __future__ import annotations

import state
import streamlit as st
import ui
from lrapp import display, figures, scenarios

from landrelease import LandreleaseError
from landrelease.reports.compare import compare
from landrelease.scenario import Scenario

country = ui.need_country()
st.title("Compare scenarios")
info = country.info

choices: dict[str, Scenario] = {}
built = state.scenario()
if built.scenario is not None:
    current = built.scenario  # named "… (edited)" once edited
    choices[current.name] = current
for label, saved in state.saved().items():
    if label in choices:
        continue
    try:
        raw = scenarios.load_raw(saved, info.baseline_year)
    except LandreleaseError as exc:
        st.warning(f"{label}: {exc}")
        continue
    made = scenarios.build(raw, info.baseline_year, label)
    if made.scenario is not None:
        choices[label] = made.scenario
picked = st.multiselect(
    "Scenarios (two to four)",
    list(choices),
    default=list(choices)[:4],
    max_selections=4,
    key="compare_pick",
)
if len(picked) < 2:
    st.info("Choose at least two scenarios.")
    ui.stop()

results = []
for label in picked:
    try:  # with the cases side by side, as ``landrelease compare`` gives them
        results.append(state.cases(country, choices[label]).result)
    except LandreleaseError as exc:
        st.error(f"{label}: {exc}")
if len(results) < 2:
    ui.stop()

st.caption(
    "Money in US$ million. Planned cost: the plan as designed; the funding gap is planned cost "
    "− secured money, year by year (expected pledges not counted); the figures of the cases "
    "(secured money only, today's teams, no access gained) are projections of the same "
    "scenario."
)
st.table(display.key_figures_text(compare(results)))
baseline_area = float(country.hazards["area_m2"].sum())
st.plotly_chart(
    figures.compare_burndown(
        results, info.baseline_date, baseline_area, info.article5_deadline_date
    ),
    key="compare_burndown",
    config={"displaylogo": False},
)
