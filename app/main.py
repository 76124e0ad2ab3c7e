"""landrelease app: navigation and the sidebar (current country and scenario).

Run with ``landrelease app`` (or ``streamlit run app/main.py``). Pages are thin scripts in
``views/`` (not ``pages/``: Streamlit treats a ``pages/`` folder beside the main script as a
legacy multipage app and then skips this script on reruns); caches and session state live in
``state.py``; everything else in ``lrapp/``.
"""

from __future__ import annotations

import contextlib

import state
import streamlit as st
import ui
from lrapp import paths

st.set_page_config(page_title="landrelease", layout="wide")  # no page_icon: a Material
# icon as favicon would be fetched from fonts.gstatic.com, and the app must work offline


def _page(name: str, title: str, default: bool = False) -> st.Page:
    # no icon: a page's icon becomes the tab's favicon, and a Material icon favicon is
    # fetched from fonts.gstatic.com; the app must need nothing from the internet
    return st.Page(paths.PAGES_DIR / f"{name}.py", title=title, default=default)


PAGES = {
    "Baseline": [
        _page("country", "Country", default=True),
        _page("baseline", "Baseline"),
    ],
    "Plan": [
        _page("scenario", "Scenario"),
        _page("projection", "Projection"),
        _page("compare", "Compare"),
    ],
    "Request and review": [
        _page("request_pack", "Request pack"),
        _page("review", "Committee review"),
        _page("donor", "Donor view"),
        _page("portfolio", "Portfolio"),
    ],
}


def _choose_scenario(key: str) -> None:
    label = st.session_state[key]
    if label in state.saved():
        message = state.open_scenario(label)
        if message:
            st.session_state["sidebar_message"] = message


def _sidebar() -> None:
    country = state.country()
    if country is None:
        st.caption("No country open.")
        return
    st.markdown(
        f"**{country.info.name}**" + (" · synthetic sample" if country.info.synthetic else "")
    )
    st.caption(f"Article 5 deadline {country.info.article5_deadline_date:%d %B %Y}")
    options = list(state.saved())
    label = state.scenario_label()
    raw = state.working_raw() or {}
    if label is None and raw:
        options = [f"{raw.get('name', 'uploaded')} (uploaded)", *options]
        label = options[0]
    if options:
        key = "sidebar_scenario:" + str(country.path) + ":" + "|".join(options)
        st.selectbox(
            "Scenario",
            options,
            index=options.index(label) if label in options else 0,
            key=key,
            on_change=_choose_scenario,
            args=(key,),
            help="Start from a saved scenario; edit it on the Scenario page.",
        )
    if state.is_edited():
        st.caption(":material/edit: edited on the Scenario page")
    message = st.session_state.pop("sidebar_message", None)
    if message:
        st.error(message)


state.init()
page = st.navigation(PAGES)
sidebar = st.sidebar.container()  # drawn after the page, so it shows the page's changes
with contextlib.suppress(ui.PageStopped):
    page.run()
with sidebar:
    _sidebar()
