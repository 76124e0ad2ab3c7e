"""Country: open a sample country or upload your own files; see every problem found."""

from __future__ import annotations

import state
import streamlit as st
import ui
import widgets
from lrapp import paths, uploads

from landrelease import LandreleaseError

st.title("Country")
st.caption(
    "The hazardous areas at the baseline, the release history and the facts of the State's "
    "Article 5 obligation. Everything stays on this computer."
)

samples = paths.sample_countries()
source = st.radio(
    "Open", ["A sample country", "My own files"], horizontal=True, key="country_source"
)

if source == "A sample country":
    if not samples:
        st.warning("The sample countries are not installed; upload your own files.")
    else:
        current = state.country_folder()
        names = list(samples)
        st.selectbox(
            "Sample country (synthetic, not real data)",
            names,
            index=next((i for i, n in enumerate(names) if str(samples[n]) == current), None),
            placeholder="Choose a sample country",
            key="sample_name",
            on_change=lambda: state.open_country(samples[st.session_state["sample_name"]]),
        )
else:
    try:
        upload = widgets.country_upload_form()
        if upload is not None:
            state.open_country(uploads.save_country(state.session_dir(), *upload))
    except LandreleaseError as exc:
        state.fail_upload(str(exc))

attempt = state.attempted()
failed = attempt is not None and not attempt.ok
if attempt is not None and failed:
    st.error(
        attempt.message
        or f"{len(attempt.errors)} problem(s) in the files: correct them and upload again. "
        "Rows are spreadsheet rows (header = row 1); features are GIS feature numbers."
    )
    if attempt.problems:
        ui.problems(attempt.problems)

load = state.country_load()
country = None if load is None else load.country
if load is None or country is None:
    ui.stop()
if failed:  # the failure, not the previous success
    st.info(f"{country.info.name} is still open: the files above were not opened.")
    st.button(
        f"Show {country.info.name}",
        key="dismiss_failure",
        on_click=state.dismiss_attempt,
        icon=":material/arrow_back:",
    )
    ui.stop()

st.divider()
info = country.info
st.subheader(
    f"Open now: {info.name} ({info.code})" + (" — synthetic sample" if info.synthetic else "")
)
total = state.remaining(country).iloc[-1]  # the Total row
years = country.releases["year"].dropna()
cols = st.columns(4)
cols[0].metric("Hazardous areas", f"{int(total['hazard_count']):,}")
cols[1].metric("Area (km²)", f"{total['area_m2'] / 1e6:,.1f}")
cols[2].metric("of which confirmed (CHA, km²)", f"{total['cha_area_m2'] / 1e6:,.1f}")
cols[3].metric(
    "Release history", f"{int(years.min())}–{int(years.max())}" if len(years) else "none"
)
st.markdown(
    f"Article 5 deadline **{info.article5_deadline_date:%d %B %Y}** · baseline "
    f"{info.baseline_date:%d %B %Y} · entry into force {info.entry_into_force_date:%d %B %Y} · "
    f"original deadline {info.original_deadline_date:%d %B %Y} · "
    f"{len(info.previous_extensions)} previous extension(s)"
)
st.caption(f"Regions: {', '.join(country.regions)}")
if load.warnings:
    with st.expander(f"{len(load.warnings)} warning(s): the data loads, but look at them"):
        ui.problems(load.warnings, "warnings")
else:
    st.success("No problems found in the files.")
st.page_link(
    str(paths.PAGES_DIR / "baseline.py"),
    label="Baseline: map and remaining challenge",
    icon=":material/arrow_forward:",
)
