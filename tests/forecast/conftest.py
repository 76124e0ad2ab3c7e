"""Fixtures of the forecast tests: the engine tests' builders (a country from rows, a
scenario from numbers) and the sample countries, loaded once."""

from __future__ import annotations

import importlib.util
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from landrelease.domain.country import Country
from landrelease.io.country import load_country
from landrelease.scenario import Scenario, load_scenario

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("engine_builders", ROOT / "tests/engine/conftest.py")
assert _spec is not None
assert _spec.loader is not None
builders: Any = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(builders)


@pytest.fixture(scope="session")
def make_country() -> Callable[..., Country]:
    return builders.country_from_rows


@pytest.fixture(scope="session")
def make_scenario() -> Callable[..., Scenario]:
    return builders.scenario_from_numbers


@pytest.fixture(scope="session")
def sample() -> Callable[[str, str], tuple[Country, Scenario]]:
    """A sample country (loaded once) and one of its scenarios."""
    loaded: dict[str, Country] = {}

    def get(name: str, scenario: str = "baseline") -> tuple[Country, Scenario]:
        if name not in loaded:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # borealis' closed hazards, said elsewhere
                loaded[name] = load_country(ROOT / "sample_countries" / name)
        country = loaded[name]
        return country, load_scenario(
            scenario, country.scenarios_dir, baseline_year=country.info.baseline_year
        )

    return get
