"""Helpers shared by commands: load a country and its scenarios."""

from __future__ import annotations

import warnings
from pathlib import Path

from landrelease.domain.country import Country
from landrelease.errors import LandreleaseWarning
from landrelease.io.country import load_country
from landrelease.scenario import Scenario, load_scenario

__all__ = ["country_and_scenarios"]


def country_and_scenarios(country_dir: Path, specs: list[str]) -> tuple[Country, list[Scenario]]:
    """Load the country (printing its warnings) and each scenario (a name or a TOML file)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", LandreleaseWarning)
        country = load_country(country_dir)
    for w in caught:
        print(f"warning: {w.message}")
    scenarios = [
        load_scenario(spec, country.scenarios_dir, baseline_year=country.info.baseline_year)
        for spec in specs
    ]
    return country, scenarios
