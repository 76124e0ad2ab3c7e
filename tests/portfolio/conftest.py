"""Fixtures of the portfolio tests (``make_country``, ``make_scenario`` and ``sample`` are the
root conftest's): a fresh curve cache, and hand-made countries whose response to money is
linear or uncertain."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from landrelease.domain.country import Country
from landrelease.portfolio.requests import clear_cache
from landrelease.scenario import Scenario


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Every test starts with no cached curve (a test must not pass on another's work)."""
    clear_cache()


def linear(
    make_country: Callable[..., Country],
    make_scenario: Callable[..., Scenario],
    *,
    name: str,
    area_m2: float,
    manual_m2_per_team_year: float,
    manual_teams: int,
) -> tuple[Country, Scenario]:
    """A country of one confirmed AP-mined area whose only cost is manual clearance at
    US$100,000 a team-year, with no money of its own and no uncertainty: technical survey
    (free, 10⁹ m² a team-year, reducing nothing) is done within a thousandth of a year
    and hands the area on as it goes, so clearance is never short of work, and the area
    cleared by the end of year Y is ``manual m² × min(teams, money / 100,000) × years``."""
    country = make_country(
        [
            {
                "hazard_id": f"{name}-1",
                "region": "North",
                "status": "cha",
                "contamination_type": "ap_mine",
                "area_m2": area_m2,
                "priority": 1,
            }
        ],
        name=name,
    )
    scenario = make_scenario(
        {
            "release": {"sha_cancelled_frac": 0.5, "ts_reduced_frac": 0.0},
            "productivity": {"ts": 1e9, "manual": manual_m2_per_team_year},
            "teams": {"nts": 0, "ts": 1, "manual": manual_teams},
            "costs": {
                "usd_per_team_year": {
                    "nts": 0,
                    "ts": 0,
                    "manual": 100_000,
                    "mechanical": 0,
                    "mdd": 0,
                }
            },
            "uncertainty": {"none": True},
        }
    )
    return country, scenario


@pytest.fixture
def paper_pair(
    make_country: Callable[..., Country], make_scenario: Callable[..., Scenario]
) -> list[tuple[Country, Scenario]]:
    """Two linear countries (see :func:`linear`): A clears 10,000 m² a team-year with up to
    6 teams (0.1 m² a US$ up to US$600,000 a year), B 5,000 m² with up to 10 teams
    (0.05 m² a US$ up to US$1M) on 300,000 m²."""
    return [
        linear(
            make_country,
            make_scenario,
            name="A",
            area_m2=1_000_000,
            manual_m2_per_team_year=10_000,
            manual_teams=6,
        ),
        linear(
            make_country,
            make_scenario,
            name="B",
            area_m2=300_000,
            manual_m2_per_team_year=5_000,
            manual_teams=10,
        ),
    ]


def uncertain_rows(n: int = 8) -> list[dict[str, Any]]:
    """``n`` areas of mixed status, type and region: suspected ones go through survey."""
    return [
        {
            "hazard_id": f"H{i}",
            "region": "North" if i % 2 else "South",
            "status": "sha" if i % 3 else "cha",
            "contamination_type": "ap_mine" if i % 4 else "erw",
            "area_m2": 20_000 + 7_000 * i,
            "priority": i + 1,
        }
        for i in range(n)
    ]


MONEY: dict[str, Any] = {
    "teams": {"nts": 1, "ts": 2, "manual": 4},
    "costs": {
        "usd_per_team_year": {
            "nts": 100_000,
            "ts": 100_000,
            "manual": 100_000,
            "mechanical": 0,
            "mdd": 0,
        },
        "fixed_programme_usd_per_year": 50_000,
        "residual_years": 1,
    },
    "funding": {
        "national_usd_per_year": 200_000,
        "international_secured_usd_per_year": 150_000,
        "international_expected_usd_per_year": 100_000,
        "count_expected": True,
    },
    "discoveries": {"sha_area_m2_per_year": 20_000, "decay_frac_per_year": 0.2, "last_year": 2029},
    "uncertainty": {"productivity_noise_frac": 0.1},
}
"""Money binds: the plan's teams cost 700,000 a year, 350,000 is secured and 100,000
expected; the forecast's default widths and yearly noise make every draw differ."""


@pytest.fixture
def uncertain(
    make_country: Callable[..., Country], make_scenario: Callable[..., Scenario]
) -> tuple[Country, Scenario]:
    """A small country whose draws differ and whose money binds (:data:`MONEY`)."""
    return make_country(uncertain_rows(), regions=("North", "South")), make_scenario(MONEY)
