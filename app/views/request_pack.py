"""Request pack: the extension-request tables, downloaded as XLSX, DOCX or CSV files written
by the same writers as ``landrelease export``."""

from __future__ import annotations

import state
import streamlit as st
import ui
from lrapp import display, packs

from landrelease.reports.request import PUBLIC_OMITTED

country, scenario = ui.need_scenario()
timed = ui.need_projection(country, scenario)
cased = ui.cases(country, scenario)  # cached: the pack's cases table comes from them
result = timed.result if cased is None else cased.result
st.title("Request pack")
st.caption(
    "The tables of an Article 5 extension request (the States Parties' 2006 outline) and of "
    f"Article 7 Forms C, F and G for {country.info.name} under scenario {scenario.name}."
)
public = st.toggle(
    "Public version",
    key="pack_public",
    help=f"Leaves out {', '.join(PUBLIC_OMITTED)}: identifiers and coordinates of areas not "
    "yet released (IMAS 05.10). Use it for anything published.",
)
pack = state.request_pack(country, result, public)

cols = st.columns(len(packs.FORMATS))
for col, (fmt, (label, mime)) in zip(cols, packs.FORMATS.items(), strict=True):
    col.download_button(
        label,
        # written when clicked, by the library's writers, on a copy of this pack
        data=lambda fmt=fmt: packs.request_bytes(pack, result, fmt),
        file_name=packs.file_name(pack, fmt),
        mime=mime,
        icon=":material/download:",
        key=f"download_{fmt}",
    )

st.caption(f"Scenario {scenario.name}, hash {scenario.hash}: files named {packs.file_stem(pack)}.*")
name = st.selectbox("Table", list(pack.tables), key="pack_table")
ui.table(display.readable(pack[name], schema=name))
st.caption("Areas are shown in km² and money in US$ million here; the files keep m² and US$.")
with st.expander("Metadata"):
    ui.table(display.readable(pack.metadata_table(), schema="metadata"))
