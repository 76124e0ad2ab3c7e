"""Request pack: the extension-request tables, downloaded as XLSX, DOCX or CSV files written
by the same writers as ``landrelease export``; the forecast behind the confidence table and
the fan chart on demand."""

from __future__ import annotations

import forecasts
import state
import streamlit as st
import ui
from lrapp import display, packs

from landrelease import LandreleaseError
from landrelease.engine import CASES
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
forecast_cases = tuple(CASES)
forecast_key = forecasts.forecast_key(
    country, scenario, forecasts.FORECAST_DRAWS, forecasts.FORECAST_SEED, forecast_cases
)
if st.button(
    "Add how likely the dates are (forecast of the plan and its cases)",
    key="pack_forecast_button",
    icon=":material/query_stats:",
    help=f"{forecasts.FORECAST_DRAWS:,} draws, seed {forecasts.FORECAST_SEED}, as "
    "landrelease export by default: fills the confidence table and draws the fan chart in "
    "the Word request.",
):
    forecasts.ask_forecast(forecast_key)
likely = None
if forecasts.forecast_asked(forecast_key):
    try:
        with st.spinner(
            f"Forecasting the plan and its cases ({forecasts.FORECAST_DRAWS:,} draws)…"
        ):
            likely = forecasts.forecast_of(country, scenario, cases=forecast_cases)
    except LandreleaseError as exc:
        st.error(f"The forecast cannot run: {exc}")
pack = state.request_pack(country, result, public, likely)
if likely is None:
    st.caption(
        "The confidence table is empty until the forecast is added (the files then match "
        "`landrelease export`'s, which forecasts by default)."
    )
else:
    st.caption(
        f"Confidence table and fan chart: {likely.result.n_draws:,} draws, seed "
        f"{likely.result.seed}; forecast server time {likely.seconds * 1000:,.0f} ms."
    )

cols = st.columns(len(packs.FORMATS))
for col, (fmt, (label, mime)) in zip(cols, packs.FORMATS.items(), strict=True):
    col.download_button(
        label,
        # written when clicked, by the library's writers, on a copy of this pack
        data=lambda fmt=fmt: packs.request_bytes(
            pack, result, fmt, None if likely is None else likely.result
        ),
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
