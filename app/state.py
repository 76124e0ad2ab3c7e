"""Session state and caches of the app: with ``forecasts.py``, the only modules that cache.

Caches (``st.cache_resource``: one copy per server process, shared by sessions, never
copied, so results must not be modified): a country by its folder, a projection by
(country folder, scenario name, scenario hash), a projection with its cases side by side
by the same key, and what is built from a projection (the request pack, its review, a
required-funding search) by the same key plus their options. A portfolio run
(``st.cache_data``: a copy per session, so a page may sort its tables) by its inputs.

A case that keeps the country (``secured_only``, ``todays_teams``) is the projection of
another scenario and shares the projection cache: a case scenario equal to one already
projected (``secured_only`` of a plan that counts no expected money is the plan itself;
``todays_teams`` after an edit of the planned teams) costs nothing. A case that changes the
country (``no_access``) is cached under its case name.

Forecasts are cached in ``forecasts.py``, the app's other caching module; the request pack
of a projection with a forecast is cached here by the forecast's key too.

Session state (one browser tab): the current country folder, the scenario being edited (its
TOML table) and the folder where this session's uploads are saved.
"""

from __future__ import annotations

import atexit
import copy
import dataclasses
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st
from forecasts import TimedForecast
from lrapp import loading, paths, portfolios, scenarios

from landrelease import Country, remaining_challenge
from landrelease.engine import CASES, ProjectionResult, project, with_cases
from landrelease.engine.cases import case_scenario
from landrelease.engine.funding import (
    FundingRequirement,
    earliest_completion_year,
    required_funding,
)
from landrelease.forecast import ForecastResult
from landrelease.reports.request import RequestPack, build_request_pack
from landrelease.review import Review, review_pack

COUNTRY = "country_folder"
ATTEMPT = "attempted_country_folder"
LABEL = "scenario_label"
RAW = "scenario_raw"
SAVED_RAW = "scenario_saved_raw"
VERSION = "scenario_version"
SNAPSHOT = "scenario_editor_snapshot"
SESSION_DIR = "session_dir"
UPLOAD_FAILURE = "upload_failure"


# --- caches -------------------------------------------------------------------------------


@st.cache_resource(show_spinner=False)
def _temp_root() -> Path:
    root = Path(tempfile.mkdtemp(prefix="landrelease-app-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    return root


@st.cache_resource(max_entries=16, show_spinner="Reading the country's files…")
def load_country(folder: str) -> loading.CountryLoad:
    """The country in ``folder`` with every problem found (cached by folder)."""
    return loading.load(folder)


@st.cache_resource(max_entries=32, show_spinner=False)
def _challenge(folder: str, by: str, _country: Country) -> pd.DataFrame:
    return remaining_challenge(_country.hazards, by=by)


def remaining(country: Country, by: str = "region") -> pd.DataFrame:
    """:func:`landrelease.remaining_challenge` of the country's hazards (cached)."""
    return _challenge(str(country.path), by, country)


@dataclass(frozen=True)
class Timed:
    """A projection and the server time ``project()`` took when it was computed (s)."""

    result: ProjectionResult
    seconds: float


@st.cache_resource(max_entries=128, show_spinner=False)
def _projection(
    folder: str, name: str, scenario_hash: str, _country: Country, _scenario: Any
) -> Timed:
    start = time.perf_counter()
    result = project(_country, _scenario)
    return Timed(result, time.perf_counter() - start)


def projection(country: Country, scenario: Any) -> Timed:
    """``landrelease.engine.project(country, scenario)``, cached by (country folder,
    scenario name, scenario hash)."""
    return _projection(str(country.path), scenario.name, scenario.hash, country, scenario)


@st.cache_resource(max_entries=32, show_spinner=False)
def _changed_country_case(
    folder: str, name: str, case: str, scenario_hash: str, _country: Country, _scenario: Any
) -> ProjectionResult:
    return project(_country, _scenario)


@st.cache_resource(max_entries=128, show_spinner="Projecting the cases side by side…")
def _cases(folder: str, name: str, scenario_hash: str, _country: Country, _scenario: Any) -> Timed:
    plan = projection(_country, _scenario).result
    start = time.perf_counter()
    found = {}
    for case in CASES:
        if case == "plan":
            continue
        country, scenario, note = case_scenario(_country, _scenario, case)
        if country is _country:
            result = projection(country, scenario).result
        else:
            result = _changed_country_case(folder, name, case, scenario.hash, country, scenario)
        found[case] = (result, note)
    return Timed(with_cases(plan, found), time.perf_counter() - start)


def cases(country: Country, scenario: Any) -> Timed:
    """The projection of ``scenario`` with its cases side by side in ``summary["cases"]``
    (as :func:`landrelease.engine.add_cases` gives them), and the server time the cases
    took beyond the plan's projection when they were computed (s). Cached like
    :func:`projection`."""
    return _cases(str(country.path), scenario.name, scenario.hash, country, scenario)


@st.cache_resource(max_entries=32, show_spinner="Building the request tables…")
def _pack(
    folder: str,
    name: str,
    scenario_hash: str,
    public: bool,
    forecast_key: str,
    _c: Country,
    _r: ProjectionResult,
    _f: ForecastResult | None,
) -> RequestPack:
    return build_request_pack(_c, _r, public=public, forecast=_f)


def request_pack(
    country: Country,
    result: ProjectionResult,
    public: bool,
    likely: TimedForecast | None = None,
) -> RequestPack:
    """The extension-request pack of a projection (cached with the projection's key), with
    the confidence table of ``likely`` (a forecast of the same scenario, from
    :func:`forecasts.forecast_of`) when given."""
    s = result.scenario
    key = ""
    if likely is not None:  # the forecast's distributions, draws, seed and cases
        f = likely.result
        cases = ",".join(f.summary["cases"])
        key = f"{f.provenance.get('uncertainty_hash', '')}:{f.n_draws}:{f.seed}:{cases}"
    return _pack(
        str(country.path),
        s.name,
        s.hash,
        public,
        key,
        country,
        result,
        None if likely is None else likely.result,
    )


@st.cache_resource(max_entries=32, show_spinner="Reviewing the request…")
def _review(key: str, _pack: RequestPack, _history: pd.DataFrame | None) -> Review:
    return review_pack(_pack, history=_history)


def review(key: str, pack: RequestPack, history: pd.DataFrame | None) -> Review:
    """The committee review of ``pack`` (cached by ``key``, which names pack and history)."""
    return _review(key, pack, history)


@st.cache_resource(max_entries=64, show_spinner="Searching the least international funding…")
def _required(
    folder: str, name: str, h: str, by: int, mode: str, scope: str, _c: Country, _s: Any
) -> FundingRequirement:
    return required_funding(_c, _s, by, mode=mode, scope=scope)


def required(country: Country, scenario: Any, by: int, mode: str, scope: str) -> FundingRequirement:
    """:func:`landrelease.engine.funding.required_funding`, cached."""
    return _required(
        str(country.path), scenario.name, scenario.hash, by, mode, scope, country, scenario
    )


@st.cache_resource(max_entries=64, show_spinner=False)
def _earliest(folder: str, name: str, h: str, scope: str, _c: Country, _s: Any) -> int | None:
    return earliest_completion_year(_c, _s, scope=scope)


def earliest(country: Country, scenario: Any, scope: str = "article5") -> int | None:
    """:func:`landrelease.engine.funding.earliest_completion_year`, cached."""
    return _earliest(str(country.path), scenario.name, scenario.hash, scope, country, scenario)


@st.cache_data(max_entries=16, show_spinner=False)
def _portfolio(
    key: tuple[tuple[str, str, str], ...],
    budget_usd: float,
    objective: str,
    draws: int,
    steps: int,
    _pairs: list[tuple[Country, Any]],
) -> portfolios.PortfolioView:
    bar = st.progress(0.0, text="Preparing the countries…")  # replayed on a cache hit

    def tick(share: float, text: str) -> None:
        bar.progress(share, text=text)

    try:
        return portfolios.run(
            _pairs, budget_usd, objective, draws=draws, steps_per_country=steps, progress=tick
        )
    finally:
        bar.empty()


def portfolio(
    pairs: list[tuple[Country, Any]], budget_usd: float, objective: str, draws: int, steps: int
) -> portfolios.PortfolioView:
    """:func:`lrapp.portfolios.run` with a progress bar, cached per inputs (``st.cache_data``:
    each session gets its own copy) by the countries' folders, scenario names and hashes,
    the budget (US$ a year), the objective, draws and steps."""
    key = tuple((str(c.path), s.name, s.hash) for c, s in pairs)
    return _portfolio(key, float(budget_usd), objective, int(draws), int(steps), list(pairs))


# --- session ------------------------------------------------------------------------------


def session_dir() -> Path:
    """This session's folder for uploads (removed when the server stops)."""
    if SESSION_DIR not in st.session_state:
        st.session_state[SESSION_DIR] = tempfile.mkdtemp(prefix="session-", dir=_temp_root())
    return Path(st.session_state[SESSION_DIR])


def uploads_folder() -> Path | None:
    """This session's folder for uploads, or ``None`` before anything was uploaded."""
    folder = st.session_state.get(SESSION_DIR)
    return None if folder is None else Path(folder)


def init() -> None:
    """On a session's first run, open the first country (``landrelease app``'s, or a sample)."""
    if ATTEMPT not in st.session_state:
        st.session_state[ATTEMPT] = None
        first = paths.initial_country()
        if first is not None:
            open_country(first)


def open_country(folder: Path) -> loading.CountryLoad:
    """Load ``folder``; when it loads without errors it becomes the current country and its
    first scenario (``baseline`` if there is one) is opened."""
    load = load_country(str(folder))
    st.session_state[ATTEMPT] = str(folder)
    st.session_state.pop(UPLOAD_FAILURE, None)
    if load.ok:
        st.session_state[COUNTRY] = str(folder)
        options = saved()
        if options:
            open_scenario("baseline" if "baseline" in options else next(iter(options)))
    return load


def fail_upload(message: str) -> None:
    """Remember that the last upload was refused before its files could be read (too large,
    of a kind not accepted, no hazard file): :func:`attempted` then says so."""
    st.session_state[UPLOAD_FAILURE] = message


def dismiss_attempt() -> None:
    """Forget a failed attempt: the country still open is shown again."""
    st.session_state.pop(UPLOAD_FAILURE, None)
    st.session_state[ATTEMPT] = st.session_state.get(COUNTRY)


def attempted() -> loading.CountryLoad | None:
    """The last country the user tried to open (maybe with errors), or the refused upload."""
    failure = st.session_state.get(UPLOAD_FAILURE)
    if failure is not None:
        return loading.CountryLoad(Path("upload"), None, (), failure)
    folder = st.session_state.get(ATTEMPT)
    return None if folder is None else load_country(folder)


def country_folder() -> str | None:
    """The current country's folder."""
    return st.session_state.get(COUNTRY)


def country() -> Country | None:
    """The current country, or ``None`` before one loads without errors."""
    folder = st.session_state.get(COUNTRY)
    return None if folder is None else load_country(folder).country


def country_load() -> loading.CountryLoad | None:
    """The current country's load (with its warnings)."""
    folder = st.session_state.get(COUNTRY)
    return None if folder is None else load_country(folder)


def saved() -> dict[str, scenarios.SavedScenario]:
    """Saved scenarios of the current country, by label."""
    current = country()
    return {} if current is None else scenarios.saved_scenarios(current)


def open_scenario(label: str) -> str | None:
    """Start editing a saved scenario; return an error message, or ``None``."""
    current = country()
    options = saved()
    if current is None or label not in options:
        return f"no saved scenario {label!r}"
    try:
        raw = scenarios.load_raw(options[label], current.info.baseline_year)
    except ValueError as exc:
        return str(exc)
    set_loaded_raw(raw, label)
    return None


def set_loaded_raw(raw: dict[str, Any], label: str | None = None) -> None:
    """Start editing ``raw`` (a saved or uploaded scenario); the editor's widgets restart."""
    st.session_state[LABEL] = label
    st.session_state[RAW] = raw
    st.session_state[SAVED_RAW] = raw
    st.session_state[VERSION] = st.session_state.get(VERSION, 0) + 1


def working_raw() -> dict[str, Any] | None:
    """The scenario being edited, as its TOML table."""
    return st.session_state.get(RAW)


def set_working_raw(raw: dict[str, Any]) -> None:
    """Keep the edited table (the editor's widgets keep their state)."""
    st.session_state[RAW] = raw


def restart_editor() -> None:
    """Rebuild the editor's widgets from the working table (after a change of period)."""
    st.session_state[VERSION] = st.session_state.get(VERSION, 0) + 1


def editor_version() -> int:
    """Bumped whenever the editor's widgets must restart from the working table."""
    return int(st.session_state.get(VERSION, 0))


def editor_snapshot(sentinel: Callable[[int], str]) -> tuple[int, dict[str, Any]]:
    """The editor's version and the table its widgets start from: the working table as it
    was when the widgets were (re)made. It is taken again when the version changes, or when
    Streamlit dropped the widgets (``sentinel(version)`` gone: the user was on another page)."""
    version = editor_version()
    snap = st.session_state.get(SNAPSHOT)
    if snap is None or snap[0] != version or sentinel(version) not in st.session_state:
        snap = (version, copy.deepcopy(working_raw() or {}))
        st.session_state[SNAPSHOT] = snap
    return snap


def scenario_label() -> str | None:
    """Label of the saved scenario being edited (``None`` for an uploaded one)."""
    return st.session_state.get(LABEL)


def is_edited() -> bool:
    """True when the working scenario differs from the one opened."""
    return not scenarios.same(working_raw(), st.session_state.get(SAVED_RAW))


def scenario() -> scenarios.Built:
    """The working scenario built by the library, or why it cannot be. Once edited, its name
    says so (``baseline (edited)``): the projection, the request pack's header and metadata,
    and the files downloaded carry that name with the scenario's hash, never the saved
    scenario's name alone."""
    current, raw = country(), working_raw()
    if current is None:
        return scenarios.Built(None, "open a country first")
    if raw is None:
        return scenarios.Built(None, "open or upload a scenario on the Scenario page")
    built = scenarios.build(raw, current.info.baseline_year, str(raw.get("name", "scenario")))
    if built.scenario is None or not is_edited():
        return built
    name = scenarios.edited_name(built.scenario.name)  # not part of the hash
    return scenarios.Built(dataclasses.replace(built.scenario, name=name))
