"""Committee review: the checks of the Article 5 Committee on a request pack, findings by
severity with their numbers and questions, and plan versus actual."""

from __future__ import annotations

import hashlib
import json

import state
import streamlit as st
import ui
from lrapp import display, figures, packs, uploads

from landrelease import LandreleaseError, ValidationError
from landrelease.review import SEVERITIES, review_json, review_markdown

HEADINGS = {"error": "Errors", "warning": "Warnings", "info": "Notes"}

country = ui.need_country()
st.title("Committee review")
st.caption(
    "What the Article 5 Committee checks in an extension request: consistency, duration, pace, "
    "funding, disaggregation and the Oslo Action Plan's elements."
)
source = st.radio(
    "Request to review",
    ["The current scenario's request pack", "An uploaded request workbook (XLSX)"],
    key="review_source",
)
if source.startswith("The current"):
    country, scenario = ui.need_scenario()
    timed = ui.need_projection(country, scenario)
    cased = ui.cases(country, scenario)  # cached: the pack's cases come from them
    result = timed.result if cased is None else cased.result
    pack = state.request_pack(country, result, public=False)
    key = f"pack:{country.path}:{scenario.name}:{scenario.hash}"
else:
    upload = st.file_uploader(
        "Request workbook (as written by landrelease export, or the blank template filled in)",
        type=["xlsx"],
        key="review_upload",
    )
    if upload is None:
        ui.stop()
    data = upload.getvalue()
    try:
        pack = packs.read_uploaded_request(uploads.Upload(upload.name, data), state.session_dir())
    except ValidationError as exc:
        st.error(f"{upload.name} cannot be read as a request pack:")
        ui.problems(exc.problems)
        ui.stop()
    except LandreleaseError as exc:
        st.error(str(exc))
        ui.stop()
    key = "upload:" + hashlib.sha256(data).hexdigest()

use_history = st.checkbox(
    f"Compare with {country.info.name}'s release history (pace, plan versus actual)",
    value=pack.metadata.get("country") == country.info.name,
    key="review_history",
)
review = state.review(
    f"{key}:{use_history}:{country.path}", pack, country.releases if use_history else None
)

st.subheader(review.title)
(st.success if review.ok else st.error)(review.verdict)
if review.action_plan:
    st.caption(review.action_plan)
cols = st.columns(len(SEVERITIES) + 2)
for col, severity in zip(cols, SEVERITIES, strict=False):
    col.metric(HEADINGS[severity], review.counts.get(severity, 0))
stem = packs.safe_stem(
    "review",
    pack.metadata.get("country", "request"),
    pack.metadata.get("scenario", "scenario"),
    pack.metadata.get("scenario_hash", "")[: packs.HASH_CHARS] or "x",
)
cols[-2].download_button(
    "Markdown",
    review_markdown(review),
    f"{stem}.md",
    "text/markdown",
    icon=":material/download:",
    key="review_md",
)
cols[-1].download_button(
    "JSON",
    json.dumps(review_json(review), indent=2, ensure_ascii=False),
    f"{stem}.json",
    "application/json",
    icon=":material/download:",
    key="review_json",
)

for severity in SEVERITIES:
    found = review.of(severity)
    if not found:
        continue
    st.subheader(f"{HEADINGS[severity]} ({len(found)})")
    for row in display.findings_rows(found):
        with st.container(border=True):
            st.markdown(f"**{row['check']}** · {row['where']}")
            st.markdown(display.plain(row["message"]))
            if row["figures"]:
                st.caption(f"Figures: {row['figures']}")
            if row["question"]:
                st.markdown("*Question to the State:* " + display.plain(row["question"]))
            if row["actions"]:
                st.caption(f"Action plan: {row['actions']}")

if review.plan_vs_actual is not None:
    st.subheader("Plan versus actual")
    if review.plan_vs_actual.empty:
        st.info("No milestone year is covered by the release history.")
    else:
        st.plotly_chart(
            figures.plan_vs_actual(review.plan_vs_actual),
            key="plan_vs_actual",
            config={"displaylogo": False},
        )
        ui.table(display.readable(review.plan_vs_actual, schema="progress"))
        st.caption("Gap carried forward > 0: behind plan; < 0: ahead of plan.")
if review.reconciliation is not None:
    st.subheader("Reconciliation of the stock")
    ui.table(display.readable(review.reconciliation, ("region", "from_year", "to_year")))
    st.caption(
        "Revision = closing − opening + released: new finds and re-survey revisions "
        "(> 0: the stock grew beyond what release explains)."
    )
with st.expander("Not checked"):
    for what, why in review.not_checked:
        st.markdown(f"- **{what}**: {why}.")
