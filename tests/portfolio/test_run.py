"""portfolio(): two linear countries worked on paper, the three samples against the equal
split, limits and objectives."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from landrelease.errors import LandreleaseWarning
from landrelease.portfolio.objectives import ObjectiveError, parse_objective
from landrelease.portfolio.prepared import CurveError
from landrelease.portfolio.run import portfolio

BY_2027 = parse_objective("ap_area_released_by:2027")


def test_two_linear_countries_split_as_on_paper(paper_pair):
    # By the end of 2027 (two years) A clears 0.2 m² per US$ a year up to US$600,000 (its
    # six teams), B 0.1 m² per US$ up to US$1M. With US$1M: A's US$600,000 first
    # (120,000 m²), then B the other US$400,000 (40,000 m²): 0.16 km². The equal split,
    # US$500,000 each: 100,000 + 50,000 m² = 0.15 km². Current pledges: nothing.
    result = portfolio(paper_pair, 1_000_000, BY_2027, draws=2)
    assert result.allocation["country"].tolist() == ["A", "B"]
    assert result.allocation["usd_per_year"].tolist() == [600_000, 400_000]
    assert result.allocation["region"].isna().all()
    value = result.summary["objective_value"]
    assert value["allocation"] == pytest.approx(0.16)
    assert value["equal_split"] == pytest.approx(0.15)
    assert value["current_pledges"] == 0
    a, b = result.summary["countries"]
    assert a["full_funding_usd_per_year"] == pytest.approx(600_000)
    assert b["full_funding_usd_per_year"] == pytest.approx(1_000_000)
    # one more US$1M: A is fully paid already; B goes from 4 to its 10 teams, +600,000 US$:
    # 60,000 m² more by 2027, and its 300,000 m² are done by 2031 (50,000 m² a year, six
    # years) instead of after 2035 (20,000 m² a year), counted as 2036: five years
    assert a["marginal"]["ap_km2_gained"] == 0
    assert a["marginal"]["completion_years_gained"] == 0
    assert b["marginal"]["ap_km2_gained"] == pytest.approx(0.06)
    assert b["marginal"]["completion_years_gained"] == 5


def test_a_state_that_money_can_finish_by_its_deadline_gets_what_it_needs(paper_pair):
    # B (300,000 m², 5,000 m² a team-year) meets 31 December 2032 with 7 years of work:
    # 42,857 m² a year, 8.57 teams, US$857,143 a year: on the grid of US$50,000 steps,
    # US$900,000. A (1,000,000 m², at most 60,000 m² a year) cannot finish by 2035. So B
    # takes US$900,000 and A the US$100,000 left; the equal split finishes neither.
    (a, plan_a), (b, plan_b) = paper_pair
    info = dataclasses.replace(b.info, article5_deadline_date=dt.date(2032, 12, 31))
    pair = [(a, plan_a), (dataclasses.replace(b, info=info), plan_b)]
    objective = parse_objective("states_completing")
    result = portfolio(pair, 1_000_000, objective, draws=2, yearly=True)
    assert result.allocation["usd_per_year"].tolist() == [100_000, 900_000]
    value = result.summary["objective_value"]
    assert (value["allocation"], value["equal_split"], value["current_pledges"]) == (1, 0, 0)
    assert result.summary["countries"][1]["p_meets_date_at_allocation"] == 1
    # the yearly table: with US$900,000, B's 9 teams clear 45,000 m² a year and finish
    # 300,000 m² in 6.7 years, in 2032; A never finishes
    b_years = result.annual["B"]
    assert b_years["additional_usd_per_year"].eq(900_000).all()
    assert b_years["p_article5_complete"].tolist() == [0] * 6 + [1] * 4  # 2026..2035
    assert result.annual["A"]["p_article5_complete"].eq(0).all()
    assert result.scenarios == {"A": "paper", "B": "paper"}


def test_the_three_samples_beat_or_equal_the_equal_split(sample):
    countries = [sample(name) for name in ("aurelia", "borealis", "cascadia")]
    budget = 30_000_000
    objective = parse_objective("states_completing:requested")
    result = portfolio(countries, budget, objective, draws=20, steps_per_country=4)
    assert abs(result.allocation["usd_per_year"].sum() - budget) <= 1_000
    value = result.summary["objective_value"]
    assert value["allocation"] >= value["equal_split"]
    assert value["allocation"] >= value["current_pledges"]
    for row in result.summary["countries"]:
        m = row["marginal"]
        assert m["completion_years_gained"] >= 0
        assert m["probability_gained"] >= 0
        assert m["ap_km2_gained"] >= 0
    assert result.summary["provenance"]["countries"] == ["Aurelia", "Borealis", "Cascadia"]


def test_limits_cap_a_country(paper_pair):
    result = portfolio(
        paper_pair, 1_000_000, BY_2027, max_usd_per_year={"A": 200_000}, draws=2
    )
    # A capped at US$200,000 (40,000 m²); B takes the rest, US$800,000 (80,000 m²)
    assert result.allocation["usd_per_year"].tolist() == [200_000, 800_000]
    assert result.summary["countries"][0]["limit_usd_per_year"] == 200_000
    assert result.summary["objective_value"]["allocation"] == pytest.approx(0.12)


def test_limits_that_cannot_take_the_budget_leave_the_rest_and_say_so(paper_pair):
    with pytest.warns(LandreleaseWarning, match=r"US\$300,000 is left unallocated"):
        result = portfolio(
            paper_pair,
            1_000_000,
            BY_2027,
            max_usd_per_year={"A": 300_000, "B": 400_000},
            draws=2,
        )
    assert result.allocation["usd_per_year"].tolist() == [300_000, 400_000]


def test_bad_settings_are_refused(paper_pair):
    with pytest.raises(CurveError, match="not among the countries"):
        portfolio(paper_pair, 1_000_000, BY_2027, max_usd_per_year={"C": 1}, draws=2)
    with pytest.raises(CurveError, match="above 0"):
        portfolio(paper_pair, 0, BY_2027, draws=2)
    with pytest.raises(CurveError, match="given more than once"):
        portfolio([paper_pair[0], paper_pair[0]], 1_000_000, BY_2027, draws=2)


def test_objectives_are_parsed_or_refused_with_the_reason():
    assert parse_objective("states_completing").deadline == "deadline"
    assert parse_objective("states_completing:requested").deadline == "requested"
    assert parse_objective("ap_area_released_by:2030").year == 2030
    with pytest.raises(ObjectiveError, match="priority column is a work-order rank"):
        parse_objective("priority_weighted_area")
    with pytest.raises(ObjectiveError, match="give the year"):
        parse_objective("ap_area_released_by")
    with pytest.raises(ObjectiveError, match="unknown"):
        parse_objective("lives_saved")



def test_a_requested_deadline_is_needed_to_count_states_completing_by_it(paper_pair):
    # A's plan does not complete within its horizon and its scenario asks for no date
    with pytest.raises(CurveError, match="A: no requested deadline"):
        portfolio(paper_pair[:1], 100_000, parse_objective("states_completing:requested"))
