"""Small Streamlit pieces the pages share: guards that stop a page with a message instead of
a traceback, the problems table, the completion metric, the cases side by side, the
funded share of each kind of team and a forecast's probabilities."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NoReturn

import pandas as pd
import state
import streamlit as st
from lrapp import display, paths, plans

from landrelease import Country, LandreleaseError, Problem
from landrelease.engine import ProjectionResult
from landrelease.forecast import ForecastResult
from landrelease.forecast.result import percent
from landrelease.scenario import Scenario

PAGE = {name: str(paths.PAGES_DIR / f"{name}.py") for name in ("country", "scenario")}
MAX_PROBLEM_ROWS = 500
SHORT_HEADINGS = {
    "Article 5 completion year": "Article 5 completion",
    "Years beyond the deadline (number)": "Years beyond deadline",
    "Reaches the requested deadline": "Reaches deadline requested",
}
"""Shorter headings of the cases table, so that its key columns fit the page."""


class PageStopped(Exception):  # noqa: N818 - a signal, not an error
    """Raised by :func:`stop`; ``main.py`` catches it and still draws the sidebar."""


def stop() -> NoReturn:
    """End the page here (like ``st.stop()``, but the app still draws its sidebar, which
    comes after the page so that it shows the page's changes)."""
    raise PageStopped


def _stop(message: str, page: str, label: str) -> NoReturn:
    st.info(message)
    st.page_link(PAGE[page], label=label, icon=":material/arrow_forward:")
    stop()


def need_country() -> Country:
    """The current country, or stop the page with a link to the Country page."""
    country = state.country()
    if country is None:
        _stop("Open a country first: a sample or your own files.", "country", "Country")
    return country


def need_scenario() -> tuple[Country, Scenario]:
    """The current country and the scenario being edited, or stop with the reason."""
    country = need_country()
    built = state.scenario()
    if built.scenario is None:
        st.error(built.message or "the scenario cannot be built")
        _stop("Correct the scenario on the Scenario page.", "scenario", "Scenario")
    return country, built.scenario


def need_projection(country: Country, scenario: Scenario) -> state.Timed:
    """The (cached) projection, or stop with the library's message."""
    try:
        return state.projection(country, scenario)
    except LandreleaseError as exc:
        st.error(f"The projection cannot run: {exc}")
        _stop("Change the assumptions on the Scenario page.", "scenario", "Scenario")


def cases(country: Country, scenario: Scenario) -> state.Timed | None:
    """The (cached) projection with its cases side by side, or ``None`` with the library's
    message shown as a warning (the plan's own figures still show)."""
    try:
        return state.cases(country, scenario)
    except LandreleaseError as exc:
        st.warning(f"The cases side by side cannot be projected: {exc}")
        return None


def cases_table(result: ProjectionResult) -> None:
    """The cases side by side (:func:`lrapp.plans.cases_table`), plan first."""
    shown = display.readable(plans.cases_table(result), schema="cases")
    short = {h: SHORT_HEADINGS.get(h, h) for h in shown.table.columns}
    table(
        display.Shown(
            shown.table.rename(columns=short),
            {short[h]: f for h, f in shown.formats.items()},
        ),
        key="cases_table",
    )


def funded_share(result: ProjectionResult, by_year: bool = True) -> None:
    """Funded ÷ planned team-years of each kind (in the spending order, in %): per year, or
    over the plan with the team-years behind it. Under the past-release pace, which plans
    no teams, what the money deploys of the plan's cost instead."""
    annual = result.annual
    order = result.summary["assumptions"]["spending_order"]
    if by_year:
        share = plans.funded_share(annual, order) * 100
        shown = share.rename(columns=plans.KIND_NAMES).reset_index()
        shown = shown.rename(columns={"year": "Year"})
        formats = dict.fromkeys(shown.columns[1:], "%.0f%%") | {"Year": "%d"}
    else:
        totals = plans.kind_totals(annual, order)
        shown = pd.DataFrame(
            {
                "Team kind": [plans.KIND_NAMES.get(k, k) for k in totals.index],
                "Planned (team-years)": totals["planned_team_years"].to_numpy(),
                "Funded (team-years)": totals["funded_team_years"].to_numpy(),
                "Funded share": totals["funded_frac"].to_numpy() * 100,
            }
        )
        formats = {
            "Planned (team-years)": "%,.1f",
            "Funded (team-years)": "%,.1f",
            "Funded share": "%.0f%%",
        }
    if shown.empty:
        planned = float(annual["planned_cost_usd"].sum())
        deployed = float(annual["cost_usd"].sum())
        share_text = f"{deployed / planned:.0%}" if planned > 0 else "—"
        st.caption(
            "No teams are planned (capacity from past release): the money deploys "
            f"{share_text} of the plan's cost; it limits the three stages in the same "
            "proportion."
        )
        return
    table(display.Shown(shown, formats), key=f"funded_share_{'year' if by_year else 'plan'}")


def problems(found: Sequence[Problem], what: str = "problems") -> None:
    """Problems as a table (file, row, column, value, problem, expected)."""
    table = display.problems_table(found, limit=MAX_PROBLEM_ROWS)
    st.table(table.set_index("severity"))
    if len(found) > MAX_PROBLEM_ROWS:
        st.caption(f"The first {MAX_PROBLEM_ROWS:,} of {len(found):,} {what} are shown.")


def completion_metric(result: ProjectionResult, label: str = "Article 5 completion") -> None:
    """The Article 5 completion year against the deadline, as a metric with a delta."""
    s = result.summary
    beyond = s["years_beyond_deadline"]
    value = display.year_text(result.article5_completion_year, int(s["end_year"]))
    options: dict[str, Any]
    if beyond is None:
        options = {
            "delta": "beyond the horizon",
            "delta_color": "red",
            "delta_arrow": "off",
        }
    elif beyond == 0:
        options = {
            "delta": "within the deadline",
            "delta_color": "green",
            "delta_arrow": "off",
        }
    else:
        options = {
            "delta": f"{beyond} year{'s' if beyond != 1 else ''} late",
            "delta_color": "red",
            "delta_arrow": "up",
        }
    st.metric(
        label,
        value,
        help="First year whose end leaves no area with anti-personnel mines; Article 5 "
        f"deadline {s['deadline_date']}"
        + (f", deadline needed {s['required_deadline_date']}." if beyond else "."),
        **options,
    )


def table(shown: display.Shown, key: str | None = None) -> None:
    """A table for reading (:func:`lrapp.display.readable`): headings with units, numbers
    rounded with thousands separators."""
    st.dataframe(
        shown.table,
        hide_index=True,
        key=key,
        column_config={
            heading: st.column_config.NumberColumn(format=fmt)
            for heading, fmt in shown.formats.items()
        },
    )


def forecast_metrics(likely: ForecastResult, case: str = "plan") -> None:
    """A forecast's probabilities and its Article 5 completion years (P50, P10–P90) as
    metrics, one column each."""
    s, c = likely.summary, likely.case(case)
    figures = [
        (
            "P(complete by the deadline)",
            percent(c["p_complete_by_deadline"]),
            f"Share of the {likely.n_draws:,} draws that complete Article 5 clearance by the "
            f"current deadline ({s['deadline_date']}): the chance of completion without an "
            "extension.",
        ),
        (
            "P(by the requested deadline)",
            "—" if c["p_complete_by_requested"] is None else percent(c["p_complete_by_requested"]),
            f"Share of draws completing by the deadline requested ({s['requested_deadline_date']}, "
            f"{s['requested_deadline_source']}): below 50%, the period is more likely too short "
            "than not.",
        ),
        (
            "P(within ten years of the deadline)",
            percent(c["p_within_10_years"]),
            f"Share of draws completing by {s['within_10_years_date']}: Article 5.3 allows "
            "extensions of up to ten years.",
        ),
        (
            "Article 5 completion, P50",
            str(c["article5_completion_year_p50"]),
            f"Half of the draws finish by this year; one in ten by "
            f"{c['article5_completion_year_p10']} (P10), nine in ten by "
            f"{c['article5_completion_year_p90']} (P90).",
        ),
    ]
    for column, (label, value, help_text) in zip(st.columns(len(figures)), figures, strict=True):
        column.metric(label, value, help=help_text)
