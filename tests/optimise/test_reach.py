""" "Not reachable" names the limit that binds; a question that cannot be asked is an error
naming what to change. On the paper country (conftest): Article 5 needs NTS 1, TS 4.5
team-years and 45,000 m² of clearance."""

from __future__ import annotations

import pytest

from landrelease.errors import LandreleaseError
from landrelease.optimise import BINDING, TeamMixError, optimise_teams

from .conftest import FIXED_USD, PRICE_USD


def _answer(make_paper, overrides=None, hazards=(), by_year=2027, **kw):
    country, scenario = make_paper(overrides, hazards)
    return optimise_teams(country, scenario, by_year, **kw)


def test_money_binds_when_it_pays_for_too_few_teams(make_paper):
    # US$150,000 a year: the fixed programme (US$100,000), then one NTS team at most
    mix = _answer(make_paper, {"funding": {"national_usd_per_year": 150_000}})
    assert not mix.reachable
    assert mix.binding == "money"
    assert mix.reason.startswith("money binds")
    assert mix.teams == {}


def test_the_horizon_binds_when_even_unlimited_teams_are_too_slow(make_paper):
    # TS at 1 m² a team-year: 10,000 teams address 10,000 m² a year of the 90,000 needed
    mix = _answer(make_paper, {"productivity": {"ts": 1}}, ramp_factor=None)
    assert not mix.reachable
    assert mix.binding == "horizon"
    assert "10,000 teams of a kind a year" in mix.reason


@pytest.mark.parametrize(
    "extra",
    [
        {"accessible": "no"},  # never opened
        {"accessible": "no", "access_year": 2027},  # opened after the year asked
    ],
)
def test_access_binds_when_ap_mined_area_is_not_open_by_the_year(make_paper, make_hazard, extra):
    closed = make_hazard(4, "cha", "ap_mine", 5_000, **extra)
    mix = _answer(make_paper, hazards=(closed,), by_year=2026)
    assert not mix.reachable
    assert mix.binding == "access"
    assert "5,000 m² of AP-mined area is not accessible by 2026" in mix.reason


def test_an_area_opened_in_time_does_not_bind(make_paper, make_hazard):
    # first in the order of work (priority 0), before the ERW area that never finishes
    opened = make_hazard(4, "cha", "ap_mine", 5_000, accessible="no", access_year=2026, priority=0)
    mix = _answer(make_paper, hazards=(opened,), ramp_factor=2.0)
    assert mix.reachable, mix.reason
    assert mix.article5_completion_year <= 2027


def test_the_residual_capacity_binds_when_later_finds_exceed_it(make_paper):
    overrides = {
        "discoveries": {
            "sha_area_m2_per_year": {"ap_mine": 300_000},
            "decay_frac_per_year": 0.0,
            "first_year": 2027,
            "last_year": 2027,
        },
        "costs": {"residual_m2_per_year": 200_000},
    }
    mix = _answer(make_paper, overrides, by_year=2026)
    assert not mix.reachable
    assert mix.binding == "residual capacity"
    assert "300,000 m² of AP-mined area is projected to be found in 2027" in mix.reason
    assert "residual capacity's 200,000 m² a year" in mix.reason


def test_every_binding_named_is_one_of_the_list(make_paper):
    for overrides in ({"funding": {"national_usd_per_year": 150_000}}, None):
        mix = _answer(make_paper, overrides)
        assert mix.binding is None or mix.binding in BINDING


@pytest.mark.parametrize(
    ("by_year", "kw", "words"),
    [
        (2025, {}, "outside scenario 'paper''s horizon 2026–2027"),
        (2028, {}, "(or extend [period] end_year)"),
        (2027, {"ramp_factor": 0.9}, "give a factor of 1 or more"),
        (2027, {"keep": ("dogs",)}, "cannot keep dogs: not a team kind"),
        (2027, {"keep": ("nts", "ts", "manual", "mechanical", "mdd")}, "leave at least one"),
    ],
)
def test_a_question_that_cannot_be_asked_is_an_error(make_paper, by_year, kw, words):
    with pytest.raises(TeamMixError) as caught:
        _answer(make_paper, by_year=by_year, **kw)
    assert isinstance(caught.value, LandreleaseError)
    assert words in str(caught.value)


def test_a_scenario_paced_by_past_release_is_refused(make_paper):
    overrides = {
        "pace": {"mode": "past_release"},
        "costs": {"usd_per_m2": {"cancelled": 0.1, "reduced": 0.5, "cleared": 2.0}},
    }
    with pytest.raises(TeamMixError, match=r"pace\.mode = 'teams'"):
        _answer(make_paper, overrides)


def test_kept_kinds_stay_as_the_scenario_gives_them(make_paper):
    # manual teams kept at the scenario's 1 a year; the other kinds are chosen around them
    mix = _answer(make_paper, keep=("manual",))
    assert mix.reachable, mix.reason
    assert "manual" not in mix.teams
    assert list(mix.scenario.teams["manual"].over(mix.years)) == [1.0, 1.0]
    assert set(mix.teams) == {"nts", "ts", "mechanical", "mdd"}


def _earmarked(national_usd: float) -> dict:
    """Pooled national money and US$500,000 a year a donor earmarks to mechanical teams (the
    dearest per m² here: the program must not spend it on cheaper kinds)."""
    line = {"donor": "Fund", "status": "secured", "usd_per_year": 500_000, "earmark": "mechanical"}
    return {"funding": {"national_usd_per_year": national_usd, "lines": [line]}}


def test_money_earmarked_to_a_kind_pays_only_that_kind(make_paper):
    country, scenario = make_paper(_earmarked(400_000))
    mix = optimise_teams(country, scenario, 2027, ramp_factor=None, team_change_cost_frac=0.0)
    assert mix.reachable, mix.reason
    assert mix.repairs == ()  # the program's mix is one the engine pays as planned
    assert mix.article5_completion_year is not None
    assert mix.article5_completion_year <= 2027
    assert mix.teams["mechanical"].sum() >= 1
    pooled = sum(mix.teams[k] * PRICE_USD[k] for k in mix.teams if k != "mechanical")
    assert (pooled + FIXED_USD <= 400_000).all()  # the rest is paid by the pooled money


def test_earmarked_money_does_not_hide_that_pooled_money_binds(make_paper):
    country, scenario = make_paper(_earmarked(300_000))
    mix = optimise_teams(country, scenario, 2027, ramp_factor=None)
    assert not mix.reachable
    assert mix.binding == "money"
