"""On cascadia and aurelia, the least-cost mix completes by the year their ``surge`` scenario
reaches, with the surge's money, for no more than the surge plan costs; and within the
limits it states."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from landrelease import load_country
from landrelease.engine import project
from landrelease.engine.cases import todays_teams
from landrelease.optimise import RECRUITMENT_RAMP_FACTOR, optimise_teams
from landrelease.reports.request import build_request_pack
from landrelease.review import run_checks
from landrelease.review.thresholds import limit
from landrelease.scenario import load_scenario
from landrelease.scenario.model import TEAM_KINDS

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module", params=["cascadia", "aurelia"])
def surge(request):
    """A sample, its surge scenario and the surge's projection."""
    country = load_country(ROOT / "sample_countries" / request.param)
    scenario = load_scenario(
        "surge", country.scenarios_dir, baseline_year=country.info.baseline_year
    )
    return country, scenario, project(country, scenario)


def test_the_mix_completes_by_the_surge_year_for_no_more_than_the_surge(surge):
    country, scenario, planned = surge
    year = planned.article5_completion_year
    assert year is not None  # the surge completes within the horizon
    mix = optimise_teams(country, scenario, year)
    assert mix.reachable, mix.reason
    again = project(country, mix.scenario)  # the answer's scenario, projected afresh
    assert again.article5_completion_year <= year
    assert again.summary["planned_cost_usd"] == mix.planned_cost_usd
    assert mix.planned_cost_usd <= planned.summary["planned_cost_usd"]


def test_the_mix_keeps_its_limits(surge):
    country, scenario, planned = surge
    mix = optimise_teams(country, scenario, planned.article5_completion_year)
    teams = np.array([mix.teams[k] for k in TEAM_KINDS])
    assert np.array_equal(teams, np.round(teams))  # whole teams
    assert (teams >= 0).all()
    total = teams.sum(axis=0)
    today = sum(todays_teams(country, scenario)[0].values())
    assert total[0] <= RECRUITMENT_RAMP_FACTOR * today + 1e-9
    assert (total[1:] <= RECRUITMENT_RAMP_FACTOR * total[:-1] + 1e-9).all()
    # the money the scenario counts pays for every team: nothing is left unfunded
    annual = mix.result.annual
    for k in TEAM_KINDS:
        np.testing.assert_allclose(
            annual[f"funded_team_years_{k}"], annual[f"planned_team_years_{k}"], rtol=1e-9
        )


def test_the_review_finds_no_ramp_up_of_teams_in_the_mix(surge):
    country, scenario, planned = surge
    mix = optimise_teams(country, scenario, planned.article5_completion_year)
    pack = build_request_pack(country, mix.result, created=dt.datetime(2026, 1, 15, tzinfo=dt.UTC))
    findings = run_checks(pack, country.releases, ["ramp_up"])
    assert [f for f in findings if f.sheet == "capacity"] == []


def test_the_ramp_factor_is_the_reviews():
    assert limit("ramp_up", "team_ratio") == RECRUITMENT_RAMP_FACTOR
