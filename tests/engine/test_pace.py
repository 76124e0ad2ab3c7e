"""Capacity from past release, without team data ([pace] mode = "past_release"), on paper.

Country: one region, factory-made AP mines, release shares given (0.5 and 0.5), type
factor 1. Baseline: C1 (CHA, 40,000 m², priority 1) and S1 (SHA, 150,000 m², priority 2).
History, no teams and no asset:

  year  cancelled  reduced  cleared
  2023     50,000   30,000   20,000
  2024     40,000   30,000   30,000
  2025     60,000   20,000   20,000

Each stage's yearly work: NTS = cancelled / 0.5 = 100,000, 80,000, 120,000 m²;
TS = reduced / 0.5 = 60,000, 60,000, 40,000 m²; clearance = cleared = 20,000, 30,000, 20,000.

level (medians): NTS 100,000, TS 60,000, clearance 20,000 m² a year. Work flows from a
stage to the next across an area (TS follows NTS, clearance follows TS):
  C1: TS 40,000 / 60,000 → t 0.667 (2026); reduced 20,000, cleared 20,000; its clearance
      is ready at 30,000 a year as TS goes, over the 20,000 clearance does: clearance
      works at full capacity from t 0 and ends C1 at t 1.0 (2026).
  S1: NTS 150,000 / 100,000 → t 1.5 (2027); cancelled 75,000; its TS work (75,000) is
      ready as NTS goes, 50,000·t, ahead of TS (60,000 a year from t 0.667): TS ends S1 at
      t 0.667 + 1.25 = 1.917 (2027); reduced 37,500; its clearance (37,500) is ready at
      30,000 a year from t 0.667, clearance reaches it at t 1.0 (10,000 ready) and works at
      full capacity → t 2.875 (2028). Completion 2028.
trend: TS falls by 10,000 a year through 53,333 in 2024: 33,333 (2026), 23,333, 13,333,
  3,333, then 0 — 73,333 m² in all, short of the 115,000 m² of TS work: never complete.
proportional: a share of the stage's remaining work, the share = level / baseline work,
  never below the window's lowest year (NTS 80,000, TS 40,000, clearance 20,000).
  NTS: 2/3 × 150,000 = 100,000 (2026), then max(2/3 × 50,000, 80,000) = 80,000: S1 ends
      at t 1 + 50,000 / 80,000 = 1.625 (2027).
  TS: 60,000 / 115,000 × 115,000 = 60,000 (2026), then the floor 40,000 (a share of
      55,000, 15,000, ... is below it). C1 ends t 0.667; S1's TS is ready at 50,000 a year
      (2026), 40,000 (2027, as NTS goes) and is worked from t 0.667: 20,000 by t 1, 45,000
      by t 1.625 (all ready then), the last 30,000 at 40,000 a year → t 2.375 (2028).
  clearance: 20,000 a year. C1 ends t 1.0 (2026) as with level; S1's 37,500 is ready at
      half its TS rate, 10,000 ahead when clearance reaches it at t 1.0 → t 2.875 (2028).
      Completion 2028.
"""

from __future__ import annotations

import pytest

from landrelease.engine import project
from landrelease.scenario import ScenarioError

HAZARDS = [
    {
        "hazard_id": "C1",
        "region": "North",
        "status": "cha",
        "contamination_type": "ap_mine",
        "area_m2": 40_000,
        "priority": 1,
    },
    {
        "hazard_id": "S1",
        "region": "North",
        "status": "sha",
        "contamination_type": "ap_mine",
        "area_m2": 150_000,
        "priority": 2,
    },
]
YEARLY = {
    2023: (50_000, 30_000, 20_000),
    2024: (40_000, 30_000, 30_000),
    2025: (60_000, 20_000, 20_000),
}


def history() -> list[dict]:
    return [
        {
            "year": year,
            "region": "North",
            "method": method,
            "area_m2": area,
            "contamination_type": "ap_mine",
        }
        for year, areas in YEARLY.items()
        for method, area in zip(("cancelled", "reduced", "cleared"), areas, strict=True)
    ]


def pace_scenario(make_scenario, model: str, **sections):
    return make_scenario(
        {
            "period": {"start_year": 2026, "end_year": 2040},
            "pace": {"mode": "past_release", "model": model},
            "teams": {"nts": 0, "ts": 0, "manual": 0, "mechanical": 0, "mdd": 0},
            "productivity": {k: "calibrated" for k in ("nts", "ts", "manual", "mechanical", "mdd")},
            "calibration": {"years": 3},
            **sections,
        }
    )


@pytest.fixture
def country(make_country):
    return make_country(HAZARDS, history(), regions=("North",))


def years_of(result, hazard):
    row = result.schedule.set_index("hazard_id").loc[hazard]
    return tuple(
        None if row[c] is None or str(row[c]) == "<NA>" else int(row[c])
        for c in ("nts_year", "ts_year", "clearance_year")
    )


def test_level_holds_the_recent_pace(country, make_scenario):
    result = project(country, pace_scenario(make_scenario, "level"))
    assert years_of(result, "C1") == (None, 2026, 2026)
    assert years_of(result, "S1") == (2027, 2027, 2028)
    assert result.summary["completion_year"] == 2028
    pace = result.summary["assumptions"]["pace"]
    assert pace["mode"] == "past_release"
    assert pace["model"] == "level"
    assert pace["nts"]["yearly_m2"] == {"2023": 100_000, "2024": 80_000, "2025": 120_000}
    assert (pace["nts"]["level_m2"], pace["ts"]["level_m2"]) == (100_000, 60_000)
    assert pace["clearance"]["level_m2"] == 20_000
    # No teams anywhere: every team column is zero, nothing is calibrated from team-years.
    assert (result.annual.filter(like="teams_").to_numpy() == 0).all()
    assert result.summary["released_area_m2"] == pytest.approx(190_000)


def test_trend_never_below_zero_can_leave_work_undone(country, make_scenario):
    result = project(country, pace_scenario(make_scenario, "trend"))
    assert result.summary["completion_year"] is None
    # C1's TS (40,000) fits in 2026–2027 (33,333 + 23,333); S1's 75,000 does not fit in
    # what is left (56,667 − 40,000 + 13,333 + 3,333 = 33,333).
    assert years_of(result, "C1")[1] == 2027
    assert years_of(result, "S1")[1] is None


def test_proportional_output_falls_with_the_stock(country, make_scenario):
    result = project(country, pace_scenario(make_scenario, "proportional"))
    assert years_of(result, "C1") == (None, 2026, 2026)
    assert years_of(result, "S1") == (2027, 2028, 2028)
    assert result.summary["completion_year"] == 2028


def test_money_limits_the_past_pace_in_proportion(country, make_scenario):
    # Prices: cancelled US$1, reduced US$2, cleared US$10 per m². Per m² of capacity: NTS
    # releases 150,000 / 300,000 = 0.5 m² cancelled → US$0.5; TS 80,000 / 160,000 = 0.5 m²
    # reduced → US$1; clearance US$10. At level pace a year costs 100,000 × 0.5 +
    # 60,000 × 1 + 20,000 × 10 = US$310,000; US$155,000 of money pays for half of it.
    scenario = pace_scenario(
        make_scenario,
        "level",
        costs={"usd_per_m2": {"cancelled": 1.0, "reduced": 2.0, "cleared": 10.0}},
        funding={"national_usd_per_year": 155_000},
    )
    result = project(country, scenario)
    first = result.annual.iloc[0]
    planned = (
        first["planned_cost_cancelled_usd"],
        first["planned_cost_reduced_usd"],
        first["planned_cost_cleared_usd"],
    )
    assert planned == pytest.approx((50_000, 60_000, 200_000))
    assert first["planned_cost_usd"] == pytest.approx(310_000)
    assert first["cost_usd"] == pytest.approx(155_000)  # what the money deploys: half
    # Half the pace: C1's TS takes 40,000 / 30,000 years → 2027, later than at full pace.
    assert years_of(result, "C1")[1] == 2027
    unpaid = project(country, pace_scenario(make_scenario, "level"))
    assert unpaid.annual["cost_usd"].sum() == 0.0  # no prices: money never binds


def test_teams_mode_is_the_default_and_unchanged(country, make_scenario):
    scenario = make_scenario({})
    assert scenario.pace.mode == "teams"
    result = project(country, scenario)
    assert result.summary["assumptions"]["pace"] == {"mode": "teams"}


def test_past_release_without_history_in_the_window_is_an_error(make_country, make_scenario):
    bare = make_country(HAZARDS, regions=("North",))
    with pytest.raises(ScenarioError, match=r"pace\.mode = 'past_release'.*no records"):
        project(bare, pace_scenario(make_scenario, "level"))


def test_release_by_survey_counts_in_the_pace_split_like_the_rest(make_country, make_scenario):
    # 2025's cancelled 60,000 and reduced 20,000 given as one released_by_survey row of
    # 80,000. The window's known survey split (2023–2024): cancelled 90,000, reduced 60,000
    # → 3 : 2, so 2025 becomes cancelled 48,000 and reduced 32,000: NTS work 96,000 and
    # TS work 64,000 in 2025; medians NTS (100,000, 80,000, 96,000) → 96,000,
    # TS (60,000, 60,000, 64,000) → 60,000.
    rows = [r for r in history() if not (r["year"] == 2025 and r["method"] != "cleared")]
    rows.append(
        {
            "year": 2025,
            "region": "North",
            "method": "released_by_survey",
            "area_m2": 80_000,
            "contamination_type": "ap_mine",
        }
    )
    country = make_country(HAZARDS, rows, regions=("North",))
    pace = project(country, pace_scenario(make_scenario, "level")).summary["assumptions"]["pace"]
    assert pace["nts"]["yearly_m2"]["2025"] == pytest.approx(96_000)
    assert pace["ts"]["yearly_m2"]["2025"] == pytest.approx(64_000)
    assert (pace["nts"]["level_m2"], pace["ts"]["level_m2"]) == pytest.approx((96_000, 60_000))



def test_an_earmark_has_no_teams_to_pay_in_a_past_release_pace(country, make_scenario):
    # as test_money_limits_the_past_pace_in_proportion: US$155,000 pays half the pace; an
    # earmark to manual teams, which the past-release pace has not, pays none of the rest
    # and closes no gap: it stays unspent
    prices = {"usd_per_m2": {"cancelled": 1.0, "reduced": 2.0, "cleared": 10.0}}
    without = project(
        country,
        pace_scenario(make_scenario, "level", costs=prices,
                      funding={"national_usd_per_year": 155_000}),
    )
    line = {"donor": "N", "status": "secured", "earmark": "manual", "usd_per_year": 155_000}
    result = project(
        country,
        pace_scenario(make_scenario, "level", costs=prices,
                      funding={"national_usd_per_year": 155_000, "lines": [line]}),
    )
    for column in ("cost_usd", "funding_gap_usd", "international_secured_usd"):
        assert result.annual[column].tolist() == without.annual[column].tolist(), column
    own = result.funding_lines[result.funding_lines["donor"] == "N"]
    assert (own["earmark_unspent_usd"] == 155_000).all()
