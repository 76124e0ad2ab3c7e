"""Forecasts of the app, on demand: computed when a page's button asks, cached (with
``state.py``, the only modules that cache).

A forecast is cached with ``st.cache_data`` by its input hash (:func:`forecast_key`: the
country's input files' SHA-256, the scenario's hash, the draws, the seed and the cases), so
a page shows it again at once on every later run; the distributions a forecast draws from
are cached with ``st.cache_resource`` by scenario. The draws run in this process (no worker
pool to keep). Which forecasts this session asked for is session state
(:func:`ask_forecast`).
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from typing import Any

import streamlit as st

from landrelease import Country
from landrelease.cli.common import reference_realisation
from landrelease.domain.provenance import describe_inputs, input_files
from landrelease.forecast import (
    ForecastResult,
    Realisation,
    Uncertainty,
    forecast,
    resolve_uncertainty,
)
from landrelease.forecast.realisation import default_realisation
from landrelease.portfolio.curves import ResponseCurve, response_curve
from landrelease.portfolio.evaluate import Progress
from landrelease.portfolio.prepared import Prepared, prepare

FORECASTS_ASKED = "forecasts_asked"
FORECAST_DRAWS = 500
"""Draws of the app's forecasts: the same as ``landrelease export``'s pack, so that the app's
figures are the pack's; about a second or two for a sample country."""
FORECAST_SEED = 0
"""Seed of the app's forecasts and of the Donor view's response curve (the same draws at
every amount: common random numbers)."""
CURVE_DRAWS = 200
"""Draws of the Donor view's response curve: the same draws at every amount (common random
numbers: the amounts differ by the money alone, and more money never finishes a draw
later), each probability within about ±7 percentage points (±4 near 10% or 90%)."""
CURVE_POINTS = 6
"""Amounts of the Donor view's response curve: none, then every fifth of the full-funding
amount (the least additional money that pays every planned team in every draw; above it the
curve is flat), as many projections as the six funding levels it replaced."""


@st.cache_resource(max_entries=16, show_spinner=False)
def _inputs_digest(folder: str, _country: Country) -> str:
    """SHA-256 of the country's input files' own SHA-256 (read once per folder)."""
    described = describe_inputs(input_files(_country))
    text = "|".join(f"{d.get('role')}={d.get('sha256')}" for d in described)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def forecast_key(
    country: Country, scenario: Any, draws: int, seed: int, cases: tuple[str, ...]
) -> str:
    """The input hash a forecast is cached by: the country's input files, the scenario's
    hash (its resolved assumptions), the draws, the seed and the cases."""
    text = "|".join(
        [_inputs_digest(str(country.path), country), scenario.hash, str(draws), str(seed), *cases]
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class TimedForecast:
    """A forecast and the server time it took when it was computed (s)."""

    result: ForecastResult
    seconds: float


@st.cache_resource(max_entries=32, show_spinner=False)
def _distributions(
    folder: str, name: str, scenario_hash: str, _country: Country, _scenario: Any
) -> tuple[Uncertainty, Realisation | None]:
    uncertainty = resolve_uncertainty(_country, _scenario)
    realisation = reference_realisation(_country, _scenario)
    if realisation is None:
        realisation = default_realisation(_country, _scenario, uncertainty)
    return uncertainty, realisation


@st.cache_data(max_entries=64, show_spinner=False)
def _forecast(
    key: str,
    draws: int,
    seed: int,
    cases: tuple[str, ...],
    _country: Country,
    _scenario: Any,
    _basis: Any,
) -> TimedForecast:
    start = time.perf_counter()
    uncertainty, realisation = _distributions(
        str(_country.path), _basis.name, _basis.hash, _country, _basis
    )
    result = forecast(
        _country,
        _scenario,
        draws=draws,
        seed=seed,
        cases=cases,
        uncertainty=uncertainty,
        realisation=realisation,
    )
    return TimedForecast(result, time.perf_counter() - start)


def forecast_of(
    country: Country,
    scenario: Any,
    *,
    draws: int = FORECAST_DRAWS,
    seed: int = FORECAST_SEED,
    cases: tuple[str, ...] = ("plan",),
    basis: Any = None,
) -> TimedForecast:
    """:func:`landrelease.forecast.forecast` of ``scenario`` (cached by
    :func:`forecast_key`), with the server time it took when computed.

    ``basis``: a scenario whose distributions (:func:`~landrelease.forecast.
    resolve_uncertainty` and the plan realisation, cached) the forecast uses — the Donor
    view's funding levels share their unchanged scenario's, which funding does not move, and
    are resolved once; default ``scenario`` itself."""
    basis = scenario if basis is None else basis
    key = forecast_key(country, scenario, draws, seed, cases) + ":" + basis.hash
    return _forecast(key, draws, seed, cases, country, scenario, basis)


@dataclass(frozen=True)
class TimedCurve:
    """A response curve and the server time this run took for it (s; milliseconds when the
    library's curve cache already held it)."""

    curve: ResponseCurve
    seconds: float


@st.cache_resource(max_entries=16, show_spinner=False)
def _prepared(key: str, _country: Country, _scenario: Any, _basis: Any) -> Prepared:
    uncertainty, realisation = _distributions(
        str(_country.path), _basis.name, _basis.hash, _country, _basis
    )
    return prepare(_country, _scenario, uncertainty=uncertainty, realisation=realisation)


def curve_key(country: Country, scenario: Any, basis: Any) -> str:
    """The input hash a response curve is kept by (its scenario's forecast key, its
    draws and seed, and the distributions' scenario)."""
    return forecast_key(country, scenario, CURVE_DRAWS, FORECAST_SEED, ("curve",)) + basis.hash


def curve_of(
    country: Country, scenario: Any, *, basis: Any = None, progress: Progress | None = None
) -> TimedCurve:
    """:func:`landrelease.portfolio.curves.response_curve` of ``scenario`` at
    :data:`CURVE_POINTS` amounts and :data:`CURVE_DRAWS` draws (the forecast's seed), with
    the distributions of ``basis`` (default ``scenario``: funding does not move them, so the
    Donor view's changed scenario shares its unchanged one's, resolved once). The prepared
    draw model is cached here, the curve in the library's own cache (by the inputs' hash,
    amounts, draws and seed); ``progress`` is called with (draws done, draws in all) while
    it is computed."""
    basis = scenario if basis is None else basis
    start = time.perf_counter()
    prepared = _prepared(curve_key(country, scenario, basis), country, scenario, basis)
    curve = response_curve(
        prepared,
        points=CURVE_POINTS,
        draws=CURVE_DRAWS,
        seed=FORECAST_SEED,
        progress=progress,
    )
    return TimedCurve(curve, time.perf_counter() - start)


def ask_forecast(key: str) -> None:
    """Remember that this session asked for the forecast ``key`` (a page's button): the page
    shows it on every rerun from now on."""
    asked = set(st.session_state.get(FORECASTS_ASKED, ()))
    st.session_state[FORECASTS_ASKED] = asked | {key}


def forecast_asked(key: str) -> bool:
    """True once this session asked for the forecast ``key``."""
    return key in st.session_state.get(FORECASTS_ASKED, ())
