"""Cases side by side, worked on paper: the plan, secured money only, today's teams, no
access gained; and the requested deadline reached on secured or unsecured money."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from landrelease.engine import project
from landrelease.engine.cases import CASE_KEYS, CASES, add_cases, project_cases, todays_teams

# Two CHAs of ap_mine, 20,000 m² each, fr = 1 (TS reduces all: 1 TS team-year each):
#   A priority 1; B priority 2, inaccessible until 2027 (t = 1).
# One TS team (20,000 m² a year) at US$100,000; secured national money 50,000 a year,
# expected international 50,000 counted. Deadline 2028-03-01. History: TS team-years 1.0
# recorded in 2024, 0.5 in 2025 (the last year with team records).
#   plan: fully paid, capacity 1: A in 2026, B (ready t 1) in 2027 → Article 5 2027; it
#     ends 2027-12-31, before the deadline 2028-03-01: no extension. Planned 100,000 × 2 =
#     200,000; secured 50,000 a year → gap 100,000.
#   secured_only: 50,000 pays half the team: capacity 0.5: A ends t 2.0 (2027), B after it
#     ends t 4.0 (2029) → 2 years beyond (2030-03-01). TS deployed 2026–2029: planned
#     400,000, gap 200,000.
#   todays_teams: 0.5 TS team-years a year, paid in full: the same dates as secured_only;
#     planned 50,000 × 4 = 200,000, gap 0.
#   no_access: B never opens: A in 2026; no Article 5 completion within the horizon. The
#     team has no workable area after 2026: planned 100,000, gap 50,000.
AREAS = [
    {
        "hazard_id": "A",
        "region": "North",
        "status": "cha",
        "contamination_type": "ap_mine",
        "area_m2": 20_000,
        "priority": 1,
    },
    {
        "hazard_id": "B",
        "region": "North",
        "status": "cha",
        "contamination_type": "ap_mine",
        "area_m2": 20_000,
        "priority": 2,
        "accessible": False,
        "access_year": 2027,
    },
]
HISTORY = [
    {"year": y, "region": "North", "method": "reduced", "area_m2": 10_000,
     "contamination_type": "ap_mine", "asset": "ts", "teams": t}
    for y, t in ((2024, 1.0), (2025, 0.5))
]
SCENARIO: dict[str, Any] = {
    "period": {"start_year": 2026, "end_year": 2035},
    "release": {"ts_reduced_frac": 1.0},
    "teams": {"nts": 0, "ts": 1, "manual": 0},
    "costs": {"usd_per_team_year": {"ts": 100_000}},
    "funding": {
        "national_usd_per_year": 50_000,
        "international_expected_usd_per_year": 50_000,
        "count_expected": True,
    },
}


@pytest.fixture
def country(make_country):
    return make_country(AREAS, HISTORY)


def test_four_cases_worked_on_paper(country, make_scenario):
    results = project_cases(country, make_scenario(SCENARIO))
    assert list(results) == list(CASES)
    s = {name: r.summary for name, (r, _) in results.items()}
    expected = {
        #              A5 year, all, beyond, deadline,     planned,  gap
        "plan": (2027, 2027, 0, "2028-03-01", 200_000, 100_000),
        "secured_only": (2029, 2029, 2, "2030-03-01", 400_000, 200_000),
        "todays_teams": (2029, 2029, 2, "2030-03-01", 200_000, 0),
        "no_access": (None, None, None, None, 100_000, 50_000),
    }
    for name, values in expected.items():
        got = tuple(s[name][k] for k in CASE_KEYS)
        assert got[:4] == values[:4], name
        assert got[4:] == pytest.approx(values[4:]), name
    assert "team-years recorded in 2025" in results["todays_teams"][1]


def test_todays_teams_come_from_the_last_year_with_team_records_or_the_scenario(
    country, make_scenario
):
    teams, basis = todays_teams(country, make_scenario(SCENARIO))
    assert teams == {"manual": 0.0, "mechanical": 0.0, "mdd": 0.0, "nts": 0.0, "ts": 0.5}
    assert basis == "team-years recorded in 2025"
    stated = make_scenario({**SCENARIO, "todays_teams": {"ts": 2}})
    teams, basis = todays_teams(country, stated)
    assert teams["ts"] == 2.0
    assert basis.startswith("[todays_teams] for ts")
    (result, _), = project_cases(country, stated, ["todays_teams"]).values()
    assert result.article5_completion_year == 2027  # A at t 0.5, B (ready t 1) at t 1.5


def test_without_team_records_today_is_the_plans_first_year(make_country, make_scenario):
    teams, basis = todays_teams(make_country(AREAS), make_scenario(SCENARIO))
    assert teams["ts"] == 1.0
    assert "first-year" in basis


def test_requested_deadline_reached_on_unsecured_money(country, make_scenario):
    result = add_cases(country, project(country, make_scenario(SCENARIO)))
    s = result.summary
    assert set(s["cases"]) == set(CASES)
    assert s["requested_deadline_date"] == "2028-03-01"  # the plan's own
    assert s["duration_requested_years"] == 0
    assert s["requested_deadline_status"] == "unsecured"
    assert "with secured money only, Article 5 completion is in 2029" in (
        s["requested_deadline_note"]
    )
    assert s["request_kind"] == "extension"


def test_a_stated_requested_deadline_and_whole_years(country, make_scenario):
    later = make_scenario({**SCENARIO, "request": {"requested_deadline_date": "2030-03-01"}})
    s = add_cases(country, project(country, later)).summary
    assert (s["requested_deadline_date"], s["duration_requested_years"]) == ("2030-03-01", 2)
    assert s["requested_deadline_status"] == "secured"  # secured_only finishes in 2029
    early = make_scenario(
        {**SCENARIO, "request": {"requested_deadline_date": dt.date(2026, 6, 30), "interim": True}}
    )
    s = add_cases(country, project(country, early)).summary
    assert s["requested_deadline_status"] == "not_reached"
    assert s["request_kind"] == "interim"
    assert s["duration_requested_years"] == 0  # already before the current deadline
