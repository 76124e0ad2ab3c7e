"""Baseline: where the hazardous areas are, the remaining challenge, and past release."""

from __future__ import annotations

import state
import streamlit as st
import ui
from lrapp import display, figures, maps

from landrelease import annual_release

country = ui.need_country()
st.title("Baseline")
st.caption(
    f"{country.info.name}: hazardous areas remaining on {country.info.baseline_date:%d %B %Y}."
)

colour_by = (
    st.segmented_control(
        "Colour by",
        ["status", "contamination_type"],
        default="status",
        format_func=lambda v: "SHA / CHA" if v == "status" else "contamination type",
        key="map_colour",
    )
    or "status"
)
fig = maps.hazard_map(country.hazards, colour_by)
if fig is None:
    st.info("The hazard file has no polygons (CSV or Excel), so there is no map.")
else:
    st.plotly_chart(fig, key="hazard_map", config={"displaylogo": False})

st.subheader("Remaining challenge")
st.caption("Counts and areas of suspected (SHA) and confirmed (CHA) hazardous areas.")
by_region, by_type = st.tabs(["By region", "By contamination type"])
with by_region:
    ui.table(display.readable(state.remaining(country, "region"), schema="remaining_challenge"))
with by_type:
    ui.table(
        display.readable(
            state.remaining(country, "contamination_type"), schema="remaining_challenge"
        )
    )

st.subheader("Release history")
history = annual_release(country.releases)
if history.empty:
    st.info("No release history was given.")
else:
    st.plotly_chart(
        figures.release_by_method(history, "Land released per year by method"),
        key="history_chart",
        config={"displaylogo": False},
    )
    with st.expander("Yearly release table"):
        ui.table(display.readable(history, schema="progress"))
