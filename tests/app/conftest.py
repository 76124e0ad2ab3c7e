"""Fixtures of the app's tests: the app folder on ``sys.path`` (as Streamlit puts it, so the
backend ``lrapp`` imports as the app imports it) and a fresh app session."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
for folder in (HERE.parents[1] / "app", HERE):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from apptest_support import start_app  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch) -> Callable[[], AppTest]:
    """Start a fresh session of the app, which opens the sample country aurelia."""
    monkeypatch.delenv("LANDRELEASE_APP_COUNTRY", raising=False)
    return start_app


@pytest.fixture(scope="session", autouse=True)
def compiled_forecast() -> None:
    """The forecast's compiled kernels built once before the app's tests (or loaded from
    numba's cache): on a clean checkout the first forecast compiles them (some 35 s of
    CPU), which would otherwise fall inside the timeout of the first page that forecasts."""
    import warnings

    from landrelease.forecast import forecast
    from landrelease.io.country import load_country
    from landrelease.scenario import load_scenario

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        country = load_country(HERE.parents[1] / "sample_countries" / "aurelia")
        scenario = load_scenario(
            "baseline", country.scenarios_dir, baseline_year=country.info.baseline_year
        )
        forecast(country, scenario, draws=2, seed=0)
