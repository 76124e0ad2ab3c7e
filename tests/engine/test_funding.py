"""The required-funding solver on a sample country: minimal, monotone, honest when capacity
binds."""

from __future__ import annotations

from pathlib import Path

import pytest

from landrelease import load_country
from landrelease.engine import project
from landrelease.engine.funding import (
    capacity_binds,
    earliest_completion_year,
    fully_funded,
    required_funding,
    with_international_funding,
)
from landrelease.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def cascadia():
    country = load_country(ROOT / "sample_countries" / "cascadia")
    scenario = load_scenario("baseline", country.scenarios_dir,
                             baseline_year=country.info.baseline_year)
    return country, scenario


@pytest.mark.parametrize("mode", ["flat", "scale"])
def test_answer_finishes_in_time_and_a_little_less_does_not(cascadia, mode):
    country, scenario = cascadia
    fully = project(country, with_international_funding(scenario, "scale", 100.0))
    target = fully.article5_completion_year  # the earliest year money can buy
    none = project(country, with_international_funding(scenario, "scale", 0.0))
    assert none.article5_completion_year is None or none.article5_completion_year > target
    req = required_funding(country, scenario, target, mode=mode)
    assert req.reachable
    value = req.amount_usd_per_year if mode == "flat" else req.scale
    enough = project(country, with_international_funding(scenario, mode, value))
    assert enough.article5_completion_year <= target
    less = value - (20_000 if mode == "flat" else 20_000 / req.amount_usd_per_year * req.scale)
    short = project(country, with_international_funding(scenario, mode, max(less, 0.0)))
    assert short.article5_completion_year is None or short.article5_completion_year > target


def test_later_target_never_needs_more_money(cascadia):
    country, scenario = cascadia
    amounts = []
    for year in (2033, 2035, 2040):
        req = required_funding(country, scenario, year)
        assert req.reachable
        amounts.append(req.amount_usd_per_year)
    assert amounts == sorted(amounts, reverse=True)


def test_capacity_bound_target_is_not_reachable(cascadia):
    country, scenario = cascadia
    fully = project(country, with_international_funding(scenario, "scale", 100.0))
    req = required_funding(country, scenario, fully.article5_completion_year - 1)
    assert not req.reachable
    assert req.amount_usd_per_year is None
    assert "capacity" in req.reason


def test_earliest_completion_is_the_first_reachable_target(cascadia):
    country, scenario = cascadia
    earliest = earliest_completion_year(country, scenario)
    fully = project(country, with_international_funding(scenario, "scale", 100.0))
    assert earliest == fully.article5_completion_year
    assert required_funding(country, scenario, earliest).reachable
    short = required_funding(country, scenario, earliest - 1)
    assert not short.reachable
    assert short.reason.startswith("not reachable: capacity binds (teams), not money")
    assert str(earliest) in short.reason


def test_capacity_binds_only_when_every_team_was_paid(cascadia):
    country, scenario = cascadia
    assert capacity_binds(project(country, fully_funded(country, scenario)))
    starved = project(country, with_international_funding(scenario, "scale", 0.0))
    a = starved.annual
    assert (a["funded_team_years_manual"] < a["planned_team_years_manual"]).any()
    assert not capacity_binds(starved)
