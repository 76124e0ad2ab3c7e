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

FORECASTS_ASKED = "forecasts_asked"
FORECAST_DRAWS = 500
"""Draws of the app's forecasts: the same as ``landrelease export``'s pack, so that the app's
figures are the pack's; about a second or two for a sample country."""
FORECAST_SEED = 0
"""Seed of the app's forecasts (every funding level of the Donor view shares it: common
random numbers, so the levels differ by the funding alone)."""
DONOR_LEVELS_PCT = (-50, -25, 0, 25, 50, 100)
"""Changes of international funding the Donor view forecasts at (%, of every international
line, on top of the amount the page adds)."""
DONOR_LEVEL_DRAWS = 200
"""Draws at each funding level: six levels in a few seconds of one core, each probability
within about ±7 percentage points (±4 near 10% or 90%); every level shares the seed, so the
differences between levels are the funding's, not the draws' (common random numbers)."""


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


def ask_forecast(key: str) -> None:
    """Remember that this session asked for the forecast ``key`` (a page's button): the page
    shows it on every rerun from now on."""
    asked = set(st.session_state.get(FORECASTS_ASKED, ()))
    st.session_state[FORECASTS_ASKED] = asked | {key}


def forecast_asked(key: str) -> bool:
    """True once this session asked for the forecast ``key``."""
    return key in st.session_state.get(FORECASTS_ASKED, ())
