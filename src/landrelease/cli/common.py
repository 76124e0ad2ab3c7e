"""Helpers shared by commands: print a reader's warnings, load a country and its scenarios."""

from __future__ import annotations

import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from landrelease.domain.country import Country
from landrelease.errors import LandreleaseWarning
from landrelease.io.country import load_country
from landrelease.scenario import Scenario, load_scenario

__all__ = ["country_and_scenarios", "printing_warnings"]

T = TypeVar("T")


def printing_warnings(read: Callable[[], T]) -> T:
    """Call ``read`` (a reader or a projection), printing its landrelease warnings to standard
    error as ``warning: …`` (standard output stays clean for tables and CSV)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", LandreleaseWarning)
        value = read()
    for w in caught:
        print(f"warning: {w.message}", file=sys.stderr)
    return value


def country_and_scenarios(country_dir: Path, specs: list[str]) -> tuple[Country, list[Scenario]]:
    """Load the country (printing its warnings) and each scenario (a name or a TOML file)."""
    country = printing_warnings(lambda: load_country(country_dir))
    scenarios = [
        load_scenario(spec, country.scenarios_dir, baseline_year=country.info.baseline_year)
        for spec in specs
    ]
    return country, scenarios
