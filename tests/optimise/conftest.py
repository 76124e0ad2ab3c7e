"""Builders for the optimiser's tests: the engine tests' hand-made country and scenario
(``tests/engine/conftest.py``, loaded by path: test folders are not packages), and a paper
country whose every stage has work in every year."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from landrelease.domain.country import Country
from landrelease.scenario import Scenario

_spec = importlib.util.spec_from_file_location(
    "landrelease_tests_engine_builders",
    Path(__file__).resolve().parents[1] / "engine" / "conftest.py",
)
assert _spec is not None
assert _spec.loader is not None
builders = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(builders)

PRICE_USD = {"nts": 50_000, "ts": 80_000, "manual": 60_000, "mechanical": 400_000, "mdd": 120_000}
"""Cost per team-year by kind (US$): multiples of US$10,000, so two mixes that cost differently
differ by at least US$10,000."""
FIXED_USD = 100_000
"""Fixed programme cost a year (US$)."""


def hazard(i: int, status: str, kind: str, area_m2: float, **extra: Any) -> dict[str, Any]:
    """One hazard row of the paper country (priority = ``i``)."""
    row = {
        "hazard_id": f"H-{i}",
        "region": "North",
        "status": status,
        "contamination_type": kind,
        "area_m2": area_m2,
        "priority": i,
        "accessible": "yes",
    }
    return row | extra


def paper_country(*extra_hazards: Mapping[str, Any]) -> Country:
    """AP work worked out on paper with the scenario's shares (½ of an SHA cancelled, ½ of
    what TS addresses reduced) and productivity (NTS 100,000, TS 20,000 m² a team-year):

    - H-1, CHA 40,000 m²: TS 40,000 / 20,000 = 2 team-years; 20,000 m² to clear;
    - H-2, SHA 100,000 m²: NTS 1 team-year; TS 50,000 / 20,000 = 2.5 team-years; 25,000 m²
      to clear.

    Article 5 needs NTS 1, TS 4.5 team-years and 45,000 m² of clearance. H-3, an ERW SHA of
    10 km² last in the order, keeps every stage working every year of a short horizon, so
    every team of the plan is paid every year (its planned cost is the plain sum).
    """
    rows = [
        hazard(1, "cha", "ap_mine", 40_000),
        hazard(2, "sha", "ap_mine", 100_000),
        hazard(3, "sha", "erw", 10_000_000),
        *extra_hazards,
    ]
    return builders.country_from_rows(rows)


def paper_scenario(overrides: Mapping[str, Any] | None = None) -> Scenario:
    """Two years (2026–2027), ramp-up of one year, today's 4 team-years, US$10M a year
    (money does not bind unless overridden)."""
    base = {
        "period": {"start_year": 2026, "end_year": 2027},
        "teams": {"ramp_up_years": 1},
        "todays_teams": {"nts": 1, "ts": 1, "manual": 2, "mechanical": 0, "mdd": 0},
        "costs": {"usd_per_team_year": PRICE_USD, "fixed_programme_usd_per_year": FIXED_USD},
        "funding": {"national_usd_per_year": 10_000_000},
    }
    return builders.scenario_from_numbers(builders.merged(base, overrides))


@pytest.fixture(scope="session")
def make_paper() -> Callable[..., tuple[Country, Scenario]]:
    """``(paper_country(*hazards), paper_scenario(overrides))``."""

    def make(
        overrides: Mapping[str, Any] | None = None, hazards: tuple[Mapping[str, Any], ...] = ()
    ) -> tuple[Country, Scenario]:
        return paper_country(*hazards), paper_scenario(overrides)

    return make


@pytest.fixture(scope="session")
def make_hazard() -> Callable[..., dict[str, Any]]:
    """:func:`hazard`: one more hazard row for ``make_paper(hazards=...)``."""
    return hazard
