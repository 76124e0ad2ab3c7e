"""Portfolio: split a yearly budget of additional money across several countries to maximise
one objective; the allocation, the marginal value of one more US$1M a year and each
country's completion-year band moving from current pledges to the allocation."""

from __future__ import annotations

import time
from pathlib import Path

import state
import streamlit as st
import ui
from lrapp import display, paths, portfolio_figures, portfolios, scenarios

from landrelease import Country, LandreleaseError
from landrelease.portfolio.curves import DEFAULT_YEARS_AHEAD
from landrelease.scenario import Scenario

REQUEST = "portfolio_request"

st.title("Portfolio")
st.caption(
    "Split a yearly budget of additional secured international money — on top of what each "
    "country's scenario already counts — across countries, to maximise one objective over "
    "each country's forecast draws (the same draws at every amount). The same calculation "
    "as `landrelease portfolio`, with fewer draws and a coarser budget grid so that it "
    "answers in seconds."
)

opened = state.country_folder()
choices = portfolios.country_choices(
    paths.sample_countries(), state.uploads_folder(), None if opened is None else Path(opened)
)
picked = st.multiselect(
    "Countries",
    list(choices),
    default=[label for label in choices if label.endswith("(sample)")],
    key="portfolio_countries",
    help="The sample countries, the countries uploaded on the Country page in this session "
    "and the country open now.",
)

problems: list[str] = []
countries: list[tuple[str, Country]] = []
for label in picked:
    load = state.load_country(str(choices[label]))
    if load.ok and load.country is not None:
        countries.append((label, load.country))
        continue
    st.error(
        f"{label}: "
        + (load.message or f"{len(load.errors)} problem(s) in the files")
        + ". Correct the files and upload them again, or leave this country out."
    )
    if load.errors:
        with st.expander(f"The problems of {label}"):
            ui.problems(load.errors)
    problems.append(label)


def _options(country: Country) -> dict[str, Scenario | str]:
    """The country's scenarios by label (a message where one cannot be built); the one
    edited on the Scenario page too when this is the country open now."""
    out: dict[str, Scenario | str] = {}
    by = country.info.baseline_year
    for label, saved in scenarios.saved_scenarios(country).items():
        try:
            raw = scenarios.load_raw(saved, by)
        except LandreleaseError as exc:
            out[label] = str(exc)
            continue
        built = scenarios.build(raw, by, label)
        out[label] = built.scenario or built.message or "the scenario cannot be built"
    current = state.scenario().scenario
    if str(country.path) == opened and state.is_edited() and current is not None:
        out[current.name] = current
    return out


def _default(options: dict[str, Scenario | str]) -> str:
    """``baseline``, else the first baseline that builds (a sample's, for an upload without
    scenarios), else the first that builds, else the first."""
    usable = [label for label, found in options.items() if isinstance(found, Scenario)]
    if "baseline" in options:
        return "baseline"
    return next((u for u in usable if u.startswith("baseline")), (usable or list(options))[0])


pairs: list[tuple[Country, Scenario]] = []
if countries:
    st.markdown("**Scenario of each country** (its own money is counted as the scenario says)")
    columns = st.columns(min(len(countries), 4))
    for i, (label, country) in enumerate(countries):
        options = _options(country)
        names = list(options)
        if not names:
            st.error(f"{label}: no scenario to choose; upload one with the country's files.")
            problems.append(label)
            continue
        chosen = columns[i % len(columns)].selectbox(
            label,
            names,
            index=names.index(_default(options)),
            key=f"portfolio_scenario:{country.path}",
        )
        found = options[chosen]
        if isinstance(found, Scenario):
            pairs.append((country, found))
        else:
            st.error(f"{label}, scenario {chosen}: {found}")
            problems.append(label)
elif not problems:
    st.error("Pick at least one country.")

c1, c2, c3 = st.columns(3)
budget = c1.number_input(
    "Yearly budget (US$)",
    value=portfolios.DEFAULT_BUDGET_USD,
    step=1_000_000.0,
    format="%.0f",
    key="portfolio_budget",
    help="Additional secured international money every year of each scenario's period.",
)
kind = c2.selectbox(
    "Objective",
    list(portfolios.OBJECTIVE_KINDS),
    format_func=portfolios.OBJECTIVE_KINDS.get,
    key="portfolio_objective",
)
year = None
if kind == "ap_area_released_by":
    first = min((s.start_year for _, s in pairs), default=2026)
    year = int(
        c3.number_input(
            "Released by the end of",
            min_value=first,
            max_value=first + 50,
            value=first + DEFAULT_YEARS_AHEAD - 1,
            step=1,
            key="portfolio_year",
        )
    )
with st.expander("Precision"):
    p1, p2 = st.columns(2)
    draws = p1.select_slider(
        "Draws a country",
        portfolios.DRAW_CHOICES,
        value=portfolios.DEFAULT_DRAWS,
        key="portfolio_draws",
        help="More draws give steadier probabilities and take longer (the command line uses 500).",
    )
    steps = int(
        p2.number_input(
            "Budget steps a country",
            min_value=1,
            max_value=20,
            value=portfolios.DEFAULT_STEPS_PER_COUNTRY,
            step=1,
            key="portfolio_steps",
            help="The budget is cut into this many steps per country; the equal split is a "
            "whole number of steps for everyone (the command line uses 10).",
        )
    )
if budget <= 0:
    st.error(f"Budget US${budget:,.0f} a year: give an amount above US$0.")
objective = portfolios.objective_text(str(kind), year)
ready = bool(pairs) and not problems and budget > 0
key = (tuple((str(c.path), s.name, s.hash) for c, s in pairs), budget, objective, draws, steps)
if st.button("Run the allocation", type="primary", disabled=not ready, key="portfolio_run"):
    st.session_state[REQUEST] = (key, pairs, budget, objective, draws, steps)

request = st.session_state.get(REQUEST)
if request is None:
    ui.stop()
if request[0] != key:
    st.info("The inputs changed since this run: run the allocation again to update it.")
_, run_pairs, run_budget, run_objective, run_draws, run_steps = request
try:
    view = state.portfolio(run_pairs, run_budget, run_objective, run_draws, run_steps)
except LandreleaseError as exc:
    st.error(f"The portfolio cannot run: {exc}")
    ui.stop()

start = time.perf_counter()
s = view.summary
names = [c["country"] for c in s["countries"]]
marginal = portfolios.marginal_table(view)
charts = {
    "allocation": portfolio_figures.allocation_bars(view.allocation, run_budget / len(names)),
    "marginal": portfolio_figures.marginal_bars(marginal),
    "bands": portfolio_figures.completion_bands(view.bands, names),
}
charts_ms = (time.perf_counter() - start) * 1000

st.subheader("Allocation")
value = s["objective_value"]
area = run_objective.startswith("ap_area")


def _value(v: float) -> str:
    return f"{v:,.1f} km²" if area else f"{v:.2f}"


m1, m2, m3 = st.columns(3)
m1.metric(
    "With the allocation",
    _value(value["allocation"]),
    f"{value['allocation'] - value['equal_split']:+,.2f} on the equal split",
    delta_color="off" if value["allocation"] == value["equal_split"] else "normal",
    help=f"{s['objective_label']}.",
)
m2.metric("With an equal split", _value(value["equal_split"]))
m3.metric("With current pledges only", _value(value["current_pledges"]))
st.caption(
    f"{s['objective_label'][0].upper()}{s['objective_label'][1:]}. Budget "
    f"US${s['budget_usd_per_year']:,.0f} a year in {s['steps']} steps of "
    f"US${s['step_usd_per_year']:,.0f}; {s['draws']} draws a country, seed {s['seed']}; "
    f"{s['solver']}."
)
table = portfolios.allocation_table(view)
ui.table(display.Shown(table, portfolios.formats(table)), key="portfolio_allocation")
_, words, _ = portfolios.objective_part(run_objective)
st.caption(
    f"Per country: its share of the objective, the {words}; the least additional money a "
    "year that pays every planned team in every draw (more buys nothing); its Article 5 "
    "completion year P10–P50–P90 without and with its allocation."
)
st.plotly_chart(
    charts["allocation"], key="portfolio_allocation_chart", config={"displaylogo": False}
)
st.download_button(
    "Allocation files (ZIP: allocation.csv, portfolio.json)",
    portfolios.files_zip(view),
    file_name="portfolio.zip",
    mime="application/zip",
    key="portfolio_download",
)

st.subheader("One more US$1M a year")
st.caption(
    "What one more US$1M a year on top of its allocation gives each country, over the same "
    "draws: Article 5 completion years earlier (mean), the chance of meeting its date "
    "(percentage points) and AP-mined area released by the year shown (km²)."
)
st.plotly_chart(charts["marginal"], key="portfolio_marginal_chart", config={"displaylogo": False})

st.subheader("Completion year")
st.caption(
    "Article 5 completion year of each country, P50 with the P10–P90 band, with its current "
    "pledges (grey) and with its allocation (blue); the black tick is the last year whose "
    "completion meets its current Article 5 deadline."
)
st.plotly_chart(charts["bands"], key="portfolio_bands_chart", config={"displaylogo": False})
if view.notes:
    with st.expander(f"{len(view.notes)} note(s) from the countries' projections"):
        for note in view.notes:
            st.markdown(f"- {display.plain(note)}")
t = {k: v * 1000 for k, v in view.seconds.items()}
st.caption(
    f"Portfolio server time: preparing {t['prepare']:.0f} ms + allocation "
    f"{t['allocation']:.0f} ms + completion bands {t['bands']:.0f} ms = {t['total']:.0f} ms "
    f"(when first run; cached for these inputs since) + charts {charts_ms:.0f} ms"
)
