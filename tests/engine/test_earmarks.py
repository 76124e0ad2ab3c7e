"""Earmarked donor money, worked on paper: it pays its kind first, what it cannot spend stays
unspent (never moved to another kind), and the rest of the money pays as before."""

from __future__ import annotations

import numpy as np
import pytest

from landrelease.engine import project
from landrelease.engine.earmarks import drawn_lines, pay_with_earmarks
from landrelease.engine.funding import required_funding, with_international_funding
from landrelease.scenario.model import FundingLine, YearValues

ONE_AREA = [
    {
        "hazard_id": "A",
        "region": "North",
        "status": "cha",
        "contamination_type": "ap_mine",
        "area_m2": 390_000.0,
        "priority": 1,
    }
]


def test_earmarked_money_pays_its_kind_first_and_its_surplus_stays_unspent():
    # two kinds in spending order: A costs 100, B 50 (US$); other costs 10; money 100, of
    # which 80 earmarked to B. B takes 50 of its 80 (30 unspent); the 20 pooled pay the
    # other costs (10), then A gets the last 10 of its 100.
    frac, spent = pay_with_earmarks(
        np.array([[100.0], [50.0]]), np.array([[0.0], [80.0]]), np.array([10.0]), np.array([100.0])
    )
    assert frac[:, 0] == pytest.approx([0.1, 1.0])
    assert spent[:, 0] == pytest.approx([0.0, 50.0])


def test_without_earmarks_the_money_pays_in_spending_order_as_before():
    frac, spent = pay_with_earmarks(
        np.array([[100.0], [50.0]]), np.zeros((2, 1)), np.array([10.0]), np.array([100.0])
    )
    assert frac[:, 0] == pytest.approx([0.9, 0.0])  # 90 left after other costs: all to A
    assert spent.sum() == 0


def _scenario(make_scenario, lines=None, **funding):
    # one manual team (US$100,000 a team-year, 10,000 m² a year) and one mechanical team
    # (US$200,000, 50,000 m²); mechanical is paid first. A free TS team surveys the area in
    # 0.039 years (390,000 m² at 10,000,000 m² a year), reducing none of it.
    return make_scenario(
        {
            "release": {"sha_cancelled_frac": 0.0, "ts_reduced_frac": 0.0},
            "productivity": {"ts": 10_000_000},
            "teams": {"nts": 0, "ts": 1, "manual": 1, "mechanical": 1, "mdd": 0},
            "costs": {
                "usd_per_team_year": {
                    "nts": 0,
                    "ts": 0,
                    "manual": 100_000,
                    "mechanical": 200_000,
                    "mdd": 0,
                }
            },
            "funding": {
                "national_usd_per_year": 200_000,
                "spending_order": ["mechanical", "manual"],
                **funding,
                **({"lines": lines} if lines is not None else {}),
            },
        }
    )


def test_an_earmark_to_manual_pays_manual_teams_the_pool_does_not_reach(
    make_country, make_scenario
):
    country = make_country(ONE_AREA)
    without = project(country, _scenario(make_scenario))
    # US$200,000 pays the mechanical team in full, nothing for manual: 50,000 m² a year,
    # 390,000 m² in 0.039 + 7.8 years (by the end of 2033)
    assert without.annual["funded_team_years_manual"].iloc[0] == 0.0
    assert without.completion_year == 2033
    line = {"donor": "Nordland", "status": "secured", "earmark": "manual", "usd_per_year": 100_000}
    result = project(country, _scenario(make_scenario, [line]))
    first = result.annual.iloc[0]
    assert first["funded_team_years_manual"] == 1.0
    assert first["funded_team_years_mechanical"] == 1.0
    # 60,000 m² a year: 390,000 m² in 0.039 + 6.5 years, by the end of 2032
    assert result.completion_year == 2032
    assert first["international_secured_usd"] == 100_000
    assert first["cost_usd"] == 300_000
    lines = result.funding_lines
    own = lines[lines["donor"] == "Nordland"]
    assert own["earmark_spent_usd"].iloc[0] == 100_000
    assert own["earmark_unspent_usd"].iloc[0] == 0


def test_an_earmark_its_kind_cannot_use_stays_unspent_and_moves_to_no_other_kind(
    make_country, make_scenario
):
    country = make_country(ONE_AREA)
    without = project(country, _scenario(make_scenario))
    line = {"donor": "Trust", "status": "secured", "earmark": "mdd", "usd_per_year": 500_000}
    result = project(country, _scenario(make_scenario, [line]))  # no mdd teams planned
    for kind in ("manual", "mechanical"):
        column = f"funded_team_years_{kind}"
        assert result.annual[column].tolist() == without.annual[column].tolist()
    assert result.completion_year == without.completion_year
    assert (result.annual["cost_usd"] == without.annual["cost_usd"]).all()
    own = result.funding_lines[result.funding_lines["donor"] == "Trust"]
    assert own["earmark_spent_usd"].sum() == 0
    assert (own["earmark_unspent_usd"] == 500_000).all()
    # money that can pay nothing of the plan closes none of its funding gap
    for column in ("funding_gap_usd", "secured_usd", "funding_usd", "international_secured_usd"):
        assert result.annual[column].tolist() == without.annual[column].tolist(), column


def test_only_the_part_of_an_earmark_its_kind_can_use_closes_the_gap(make_country, make_scenario):
    country = make_country(ONE_AREA)
    # US$150,000 earmarked to manual teams, which cost US$100,000 a year: 50,000 idle
    line = {"donor": "N", "status": "secured", "earmark": "manual", "usd_per_year": 150_000}
    first = project(country, _scenario(make_scenario, [line])).annual.iloc[0]
    assert first["international_secured_usd"] == 100_000
    # planned 300,000 against 200,000 national and 100,000 usable: no gap
    assert first["funding_gap_usd"] == 0


def test_earmarked_money_pays_no_fixed_costs(make_country, make_scenario):
    country = make_country(ONE_AREA)
    scenario = make_scenario(
        {
            "release": {"sha_cancelled_frac": 0.0, "ts_reduced_frac": 0.0},
            "costs": {
                "usd_per_team_year": {"nts": 0, "ts": 0, "manual": 0, "mechanical": 0, "mdd": 0},
                "fixed_programme_usd_per_year": 100_000,
            },
            "funding": {
                "national_usd_per_year": 30_000,
                "lines": [{"donor": "X", "status": "secured", "earmark": "manual",
                           "usd_per_year": 500_000}],
            },
        }
    )
    first = project(country, scenario).annual.iloc[0]
    # the manual team costs nothing: the earmark spends nothing; only the national
    # US$30,000 pays the fixed programme
    assert first["cost_usd"] == 30_000


def test_a_line_gives_money_only_in_its_pledge_years(make_country, make_scenario):
    country = make_country(ONE_AREA)
    line = {
        "donor": "Westmark",
        "status": "secured",
        "usd_per_year": 50_000,
        "from_year": 2027,
        "to_year": 2028,
    }
    annual = project(country, _scenario(make_scenario, [line])).annual.set_index("year")
    intl = annual["international_secured_usd"]
    assert intl.loc[2026:2029].tolist() == [0, 50_000, 50_000, 0]


def test_lines_are_scaled_with_the_other_international_money(make_country, make_scenario):
    country = make_country(ONE_AREA)
    line = {"donor": "Westmark", "status": "secured", "usd_per_year": 100_000}
    result = project(country, _scenario(make_scenario, [line], international_scale=0.5))
    assert result.annual["international_secured_usd"].iloc[0] == 50_000


def test_a_draw_scales_secured_lines_and_keeps_expected_ones_only_where_they_arrive():
    years = np.arange(2026, 2030)
    lines = (
        FundingLine("A", "secured", YearValues.constant(100.0), 2026, 2029),
        FundingLine("B", "expected", YearValues.constant(50.0), 2027, 2028, "manual"),
    )
    secured, expected = drawn_lines(lines, years, 0.8, np.array([1.0, 0.0, 1.0, 1.0]))
    assert secured.over(years).tolist() == [80.0, 80.0, 80.0, 80.0]
    assert expected.over(years).tolist() == [0.0, 0.0, 50.0, 0.0]
    assert expected.earmark == "manual"


def test_required_funding_counts_donor_lines_in_the_profile_it_scales(
    make_country, make_scenario
):
    country = make_country(ONE_AREA)
    # all international money is one donor's line; national money pays the mechanical team
    line = {"donor": "Nordland", "status": "secured", "usd_per_year": 50_000}
    scenario = _scenario(make_scenario, [line])
    answer = required_funding(country, scenario, 2032, mode="scale")
    assert answer.reachable, answer.reason
    # by the end of 2032 clearance has 7 − 0.039 years: (50,000 + 10,000·x)·6.961 ≥ 390,000
    # m² needs x ≥ 0.6026 manual team-years a year, US$60,260: the line times 1.205; the
    # bisection stops within 10,000 / 50,000 = 0.2 above it
    assert answer.scale is not None
    assert 1.205 <= answer.scale <= 1.205 + 0.2


def test_a_flat_amount_replaces_the_donors_lines_too(make_scenario):
    line = {"donor": "Nordland", "status": "secured", "usd_per_year": 50_000}
    flat = with_international_funding(_scenario(make_scenario, [line]), "flat", 70_000)
    assert flat.funding.lines == ()
