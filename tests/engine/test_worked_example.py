"""Hand-made countries whose projections are worked out on paper, in the comments below.

Every expected number here comes from the paper working, never from running the code.
Rules used (as documented in docs/model.md): each stage (NTS → TS → clearance) serves one
area at a time in ONE FIXED ORDER (accessible first, then priority rank); a year's capacity
is spread evenly over the year; an area starts a stage when the area before it is done
there, and its work in a stage is ready in proportion to the share of its previous stage
done (work flows: TS follows NTS across an area, clearance follows TS); the server works at
full capacity while work is ready and otherwise follows what becomes ready, idle capacity is
lost; area is released as it is worked: each year, the share of a stage's work done on an
area releases that share of what the stage releases (a stage finishing exactly at a year's
end finishes in that year); money pays fixed programme + risk education first, then team
kinds in the spending order (nts, ts, then clearance kinds by decreasing m² per US$), each
in full before the next; a kind's teams are paid only up to the last year its stage has
work; the planned cost counts planned team-years so deployed, fixed programme and risk
education while work remains, residual capacity from the year after the Article 5
completion; the table runs ``residual_years`` after the last year with an open area; the
deployed cost counts funded team-years; funding gap = max(planned cost − secured money, 0)
per year.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import pytest

from landrelease.engine import extension_needed, project

# ---------------------------------------------------------------------------------------
# Example 1: "Paperland", four areas, money binds in 2026.
#
# Areas (fc = sha_cancelled_frac = 0.5, fr = ts_reduced_frac = 0.5 for every type):
#   H1 North SHA ap_mine        100,000 m²  priority 1
#   H2 North CHA ap_mine         20,000 m²  priority 2
#   H3 South CHA ap_improvised   10,000 m²  priority 3  (type factor 0.5)
#   H4 South CHA av_mine         40,000 m²  priority 4  inaccessible, access_year 2028
#   baseline total 170,000 m² (North 120,000, South 50,000); Article 5 deadline 2028-03-01.
#
# Outcomes (cancelled = A·fc for SHA; reduced = (A − cancelled)·fr; cleared = the rest):
#   H1: cancelled 50,000, reduced 25,000, cleared 25,000
#   H2: reduced 10,000, cleared 10,000
#   H3: reduced  5,000, cleared  5,000
#   H4: reduced 20,000, cleared 20,000
#   totals: cancelled 50,000, reduced 60,000, cleared 60,000 = 170,000.
#
# Productivity (m²/team-year): NTS 100,000; TS 20,000; manual 10,000 (× type factor for
# TS and clearance). Work:
#   NTS:  H1 100,000/100,000 = 1.0 team-year
#   TS:   H1 50,000/20,000 = 2.5; H2 20,000/20,000 = 1.0; H3 10,000/(20,000·0.5) = 1.0;
#         H4 40,000/20,000 = 2.0 team-years
#   clearance (m² of factory-made AP mines): H1 25,000; H2 10,000; H3 5,000/0.5 = 10,000;
#         H4 20,000
#
# Teams: NTS 1, TS 5, manual 2 at US$100,000 per team-year each → teams cost 800,000;
# fixed programme 150,000 + risk education 50,000 = 200,000; plan cost 1,000,000 a year.
# Money: national 600,000; international secured 0 in 2026, 400,000 from 2027 (carried
# forward); expected 300,000 not counted.
# Spending order: nts, ts, then clearance kinds by m² per US$ (mdd 30,000/200,000 = 0.15,
# manual 10,000/100,000 = 0.1, mechanical 50,000/500,000 = 0.1, a tie kept in the order
# manual, mechanical): nts, ts, mdd, manual, mechanical.
#   2026: 600,000 − 200,000 = 400,000 for teams: NTS 100,000 (1 team-year), TS 300,000 of
#         500,000 (3 of 5 team-years), manual nothing (0 of 2).
#   2027+: 1,000,000 pays everything.
# Capacity: NTS 1 | 1 ...; TS 3 | 5 | 5 ...; clearance 0 | 20,000 | 20,000 ...
#
# Order of work, every stage: H1, H2, H3 (accessible in 2026, by priority), then H4 (2028).
# NTS (H1 only, 1.0): exactly the 2026 year end (t 1.0).
# TS (H1 2.5, H2 1.0, H3 1.0, H4 2.0; cumulative 2.5, 3.5, 4.5, 6.5): H1's TS is ready as
#   NTS surveys it, 2.5 a year (under the 3 TS can do in 2026): TS follows NTS and ends H1
#   with it at t 1.0 (2026). H2 and H3 (no NTS) wait behind H1 until then: H2 → 3.5 at
#   t 1.2, H3 → 4.5 at t 1.4 (2027); idle until H4 opens at t 2.0 → 6.5 at t 2.4 (2028).
#   The 2026 cut fell on TS teams that had nothing to do yet: it costs no time.
# Clearance (H1 25,000, H2 10,000, H3 10,000, H4 20,000; cumulative 25k, 35k, 45k, 65k):
#   nothing in 2026 (no manual team funded); from t 1 at 20,000 a year, every area's
#   clearance ready before clearance reaches it: H1 done at 25,000 (t 2.25, 2028); H2 →
#   35,000 (t 2.75, 2028); H3 → 45,000 (t 3.25, 2029); H4 → 65,000 (t 4.25, 2030).
#   Clearance done at year ends: 0, 20k, 40k, 60k, 65k.
#
# Done: H1 2028, H2 2028, H3 2029, H4 2030 → completion 2030; AP areas (H1–H3) 2029.
# Article 5: finish by 2029-12-31, deadline 2028-03-01 → +1 (2029-03-01) is short, +2
# (2030-03-01) suffices: 2 years, new deadline 2030-03-01.
#
# Teams released: NTS has no work after 2026 (H1 was the only SHA), TS after 2028,
# clearance after 2030; the money they no longer need changes nothing here (2027+ is
# fully funded), so the work above stands.
#
# Release as worked (share of each stage's work done in the year × what it releases):
#   cancelled: H1 50,000 in 2026. reduced: 2026 H1 25,000; 2027 H2 10,000 + H3 5,000;
#     2028 H4 20,000.
#   cleared: 2027 H1 20,000 (0 → 20k); 2028 H1 5,000 + H2 10,000 + H3 2,500 (35k → 40k of
#     its 10,000 of work, at 0.5 m² per m² of work) = 17,500; 2029 H3 2,500 + H4 15,000
#     (45k → 60k) = 17,500; 2030 H4 5,000.
#   SHA stock: H1's 100,000 leaves it as NTS goes, all in 2026.
#
# Flows (m²) and stocks at year end:
#   year  done  cancelled  reduced  cleared  released  remaining  SHA  CHA
#   2026  0     50,000     25,000   0        75,000    95,000     0    95,000
#   2027  0     0          15,000   20,000   35,000    60,000     0    60,000
#   2028  2     0          20,000   17,500   37,500    22,500     0    22,500
#   2029  1     0          0        17,500   17,500    5,000      0    5,000
#   2030  1     0          0        5,000    5,000     0          0    0
#   2031, 2032: residual years, 0.
# Team-years planned (teams while their stage has work) and funded:
#   NTS 1, 0, 0 ...; TS 5, 5, 5, 0 ... (funded 3, 5, 5); manual 2 × 5 years (funded 0,
#   2, 2, 2, 2).
# Residual capacity 100,000 a year from the year after the Article 5 completion (2029):
#   2030, 2031, 2032.
# Planned cost: 2026 100k + 500k + 200k + 200k = 1,000,000; 2027–2028 500k + 200k + 200k =
#   900,000; 2029 200k + 200k = 400,000; 2030 200k + 200k + 100k = 500,000; residual
#   100,000 in 2031 and 2032. Total 3,900,000.
# Deployed cost: 2026 100k + 300k + 0 + 200k = 600,000; then as planned: total 3,500,000.
# Money counted: 2026 600,000; 2027–2030 1,000,000; then only what residual capacity
#   needs, secured first: national 100,000 in 2031 and 2032 (expected 0). Total 4,800,000.
# Secured: 600,000, 1,000,000 × 4, 100,000 × 2; expected 300,000 × 5 then 0.
# Funding gap = max(planned − secured, 0): 400,000 in 2026 only; after expected:
#   max(1,000,000 − 600,000 − 300,000, 0) = 100,000 in 2026.
# ---------------------------------------------------------------------------------------

PAPERLAND = [
    {
        "hazard_id": "H1",
        "region": "North",
        "status": "sha",
        "contamination_type": "ap_mine",
        "area_m2": 100_000,
        "priority": 1,
    },
    {
        "hazard_id": "H2",
        "region": "North",
        "status": "cha",
        "contamination_type": "ap_mine",
        "area_m2": 20_000,
        "priority": 2,
    },
    {
        "hazard_id": "H3",
        "region": "South",
        "status": "cha",
        "contamination_type": "ap_improvised",
        "area_m2": 10_000,
        "priority": 3,
    },
    {
        "hazard_id": "H4",
        "region": "South",
        "status": "cha",
        "contamination_type": "av_mine",
        "area_m2": 40_000,
        "priority": 4,
        "accessible": False,
        "access_year": 2028,
    },
]

PAPERLAND_SCENARIO: dict[str, Any] = {
    "period": {"start_year": 2026, "end_year": 2035},
    "release": {"sha_cancelled_frac": 0.5, "ts_reduced_frac": 0.5},
    "productivity": {
        "nts": 100_000,
        "ts": 20_000,
        "manual": 10_000,
        "type_factor": {"ap_improvised": 0.5},
    },
    "teams": {"nts": 1, "ts": 5, "manual": 2, "mechanical": 0, "mdd": 0},
    "costs": {
        "usd_per_team_year": {
            "nts": 100_000,
            "ts": 100_000,
            "manual": 100_000,
            "mechanical": 500_000,
            "mdd": 200_000,
        },
        "fixed_programme_usd_per_year": 150_000,
        "risk_education_usd_per_year": 50_000,
        "residual_capacity_usd_per_year": 100_000,
        "residual_years": 2,
    },
    "funding": {
        "national_usd_per_year": 600_000,
        "international_secured_usd_per_year": {"2026": 0, "2027": 400_000},
        "international_expected_usd_per_year": 300_000,
        "count_expected": False,
    },
}

ANNUAL_AREA_COLUMNS = (
    "hazards_completed",
    "cancelled_area_m2",
    "reduced_area_m2",
    "cleared_area_m2",
    "released_area_m2",
    "discovered_area_m2",
    "remaining_sha_area_m2",
    "remaining_cha_area_m2",
    "remaining_area_m2",
)


def table(columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> dict[str, list[float]]:
    """Column → list of values from paper rows (first value of each row is the year)."""
    return {c: [float(r[i + 1]) for r in rows] for i, c in enumerate(columns)}


def column(frame: pd.DataFrame, name: str) -> list[float]:
    return [float(v) for v in frame[name]]


def stage_years(schedule: pd.DataFrame, name: str) -> dict[str, int | None]:
    """hazard_id → year of a schedule column (None where empty)."""
    return {
        str(h): (None if pd.isna(y) else int(y))
        for h, y in zip(schedule["hazard_id"], schedule[name], strict=True)
    }


@pytest.fixture
def paperland(make_country, make_scenario):
    country = make_country(PAPERLAND, regions=("North", "South"))
    return project(country, make_scenario(PAPERLAND_SCENARIO))


def test_paperland_national_flows_and_stocks(paperland):
    annual = paperland.annual
    assert list(annual["year"]) == [2026, 2027, 2028, 2029, 2030, 2031, 2032]
    expected = table(
        ANNUAL_AREA_COLUMNS,
        [
            # year done  cancel  reduced  cleared released disc  SHA  CHA     remaining
            (2026, 0, 50_000, 25_000, 0, 75_000, 0, 0, 95_000, 95_000),
            (2027, 0, 0, 15_000, 20_000, 35_000, 0, 0, 60_000, 60_000),
            (2028, 2, 0, 20_000, 17_500, 37_500, 0, 0, 22_500, 22_500),
            (2029, 1, 0, 0, 17_500, 17_500, 0, 0, 5_000, 5_000),
            (2030, 1, 0, 0, 5_000, 5_000, 0, 0, 0, 0),
            (2031, 0, 0, 0, 0, 0, 0, 0, 0, 0),
            (2032, 0, 0, 0, 0, 0, 0, 0, 0, 0),
        ],
    )
    for name, values in expected.items():
        assert column(annual, name) == pytest.approx(values, abs=1e-6), name


def test_paperland_money(paperland):
    annual = paperland.annual
    rest = [0, 0]  # two residual years
    paper = {
        "planned_team_years_nts": [1, 0, 0, 0, 0, *rest],
        "funded_team_years_nts": [1, 0, 0, 0, 0, *rest],
        "planned_team_years_ts": [5, 5, 5, 0, 0, *rest],
        "funded_team_years_ts": [3, 5, 5, 0, 0, *rest],
        "planned_team_years_manual": [2] * 5 + rest,
        "funded_team_years_manual": [0, 2, 2, 2, 2, *rest],
        "planned_team_years_mechanical": [0] * 7,
        "planned_team_years_mdd": [0] * 7,
        "planned_cost_nts_usd": [1e5, 0, 0, 0, 0, *rest],
        "planned_cost_ts_usd": [5e5, 5e5, 5e5, 0, 0, *rest],
        "planned_cost_manual_usd": [2e5] * 5 + rest,
        "planned_cost_mechanical_usd": [0] * 7,
        "planned_cost_mdd_usd": [0] * 7,
        "fixed_programme_usd": [1.5e5] * 5 + rest,
        "risk_education_usd": [5e4] * 5 + rest,
        # from the year after the Article 5 completion (2029), beside the teams' last year
        "residual_capacity_usd": [0] * 4 + [1e5, 1e5, 1e5],
        "planned_cost_usd": [1e6, 9e5, 9e5, 4e5, 5e5, 1e5, 1e5],
        "cost_usd": [6e5, 9e5, 9e5, 4e5, 5e5, 1e5, 1e5],
        "funding_usd": [6e5] + [1e6] * 4 + [1e5, 1e5],
        # After the work only what the residual capacity needs counts, secured first.
        "national_usd": [6e5] * 5 + [1e5, 1e5],
        "international_secured_usd": [0] + [4e5] * 4 + rest,
        "international_expected_usd": [3e5] * 5 + rest,
        "secured_usd": [6e5] + [1e6] * 4 + [1e5, 1e5],
        "expected_usd": [3e5] * 5 + rest,
        "funding_gap_usd": [4e5] + [0] * 6,
        "gap_after_expected_usd": [1e5] + [0] * 6,
        "unsecured_usd": [0] * 7,
    }
    for name, values in paper.items():
        assert column(annual, name) == pytest.approx(values), name


def test_paperland_schedule(paperland):
    schedule = paperland.schedule
    assert list(schedule["hazard_id"]) == ["H1", "H2", "H3", "H4"]
    assert list(schedule["source"]) == ["baseline"] * 4
    assert column(schedule, "cancelled_area_m2") == pytest.approx([50_000, 0, 0, 0])
    assert column(schedule, "reduced_area_m2") == pytest.approx([25_000, 10_000, 5_000, 20_000])
    assert column(schedule, "cleared_area_m2") == pytest.approx([25_000, 10_000, 5_000, 20_000])
    assert stage_years(schedule, "nts_year") == {"H1": 2026, "H2": None, "H3": None, "H4": None}
    assert stage_years(schedule, "ts_year") == {"H1": 2026, "H2": 2027, "H3": 2027, "H4": 2028}
    assert stage_years(schedule, "clearance_year") == {
        "H1": 2028,
        "H2": 2028,
        "H3": 2029,
        "H4": 2030,
    }
    assert stage_years(schedule, "completion_year") == {
        "H1": 2028,
        "H2": 2028,
        "H3": 2029,
        "H4": 2030,
    }


def test_paperland_summary(paperland):
    s = paperland.summary
    assert s["country"] == "Paperland"
    assert (s["start_year"], s["end_year"]) == (2026, 2035)
    assert s["completion_year"] == 2030
    assert paperland.completion_year == 2030
    assert s["article5_completion_year"] == 2029
    assert paperland.article5_completion_year == 2029
    assert s["deadline_date"] == "2028-03-01"
    assert s["years_beyond_deadline"] == 2
    assert s["required_deadline_date"] == "2030-03-01"
    assert s["baseline_area_m2"] == pytest.approx(170_000)
    assert s["discovered_area_m2"] == pytest.approx(0)
    assert s["released_area_m2"] == pytest.approx(170_000)
    assert s["remaining_area_m2"] == pytest.approx(0, abs=1e-6)
    assert s["planned_cost_usd"] == pytest.approx(3_900_000)
    assert s["cost_usd"] == pytest.approx(3_500_000)
    assert s["total_cost_usd"] == pytest.approx(3_500_000)
    assert s["funding_usd"] == pytest.approx(4_800_000)
    assert s["total_funding_usd"] == pytest.approx(4_800_000)
    assert s["secured_usd"] == pytest.approx(4_800_000)
    assert s["expected_usd"] == pytest.approx(1_500_000)
    assert s["funding_gap_usd"] == pytest.approx(400_000)
    assert s["gap_after_expected_usd"] == pytest.approx(100_000)
    assert s["unsecured_usd"] == pytest.approx(0)
    assert s["assumptions"]["spending_order"] == ["nts", "ts", "mdd", "manual", "mechanical"]
    assert s["scenario_hash"] == paperland.scenario.hash
    assert s["assumptions"]["productivity_m2_per_team_year"]["ts"] == pytest.approx(20_000)
    assert s["calibration"] is None


def test_paperland_by_region(paperland):
    by = paperland.annual_by_region
    # North: H1 + H2 (120,000).  South: H3 + H4 (50,000).
    #   year  North: released             remaining   South: released            remaining
    #   2026  75,000 (H1 NTS 50,000, TS)  45,000      0                          50,000
    #   2027  30,000 (H1 clear, H2 TS)    15,000      5,000 (H3 TS)              45,000
    #   2028  15,000 (H1, H2 clear)       0           22,500 (H3 clear, H4 TS)   22,500
    #   2029  0                           0           17,500 (H3, H4 clear)      5,000
    #   2030  0                           0           5,000 (H4 clear)           0
    north = by[by["region"] == "North"]
    south = by[by["region"] == "South"]
    assert list(north["year"]) == [2026, 2027, 2028, 2029, 2030, 2031, 2032]
    assert column(north, "released_area_m2") == pytest.approx(
        [75_000, 30_000, 15_000, 0, 0, 0, 0]
    )
    assert column(north, "cancelled_area_m2") == pytest.approx([50_000, 0, 0, 0, 0, 0, 0])
    assert column(north, "remaining_area_m2") == pytest.approx(
        [45_000, 15_000, 0, 0, 0, 0, 0], abs=1e-6
    )
    assert column(north, "remaining_sha_area_m2") == pytest.approx([0] * 7, abs=1e-6)
    assert column(north, "hazards_completed") == [0, 0, 2, 0, 0, 0, 0]
    assert column(south, "released_area_m2") == pytest.approx(
        [0, 5_000, 22_500, 17_500, 5_000, 0, 0]
    )
    assert column(south, "remaining_area_m2") == pytest.approx(
        [50_000, 45_000, 22_500, 5_000, 0, 0, 0], abs=1e-6
    )
    assert column(south, "hazards_completed") == [0, 0, 0, 1, 1, 0, 0]


def test_paperland_by_type(paperland):
    by = paperland.annual_by_type
    # Only the types present: ap_mine (H1, H2), ap_improvised (H3), av_mine (H4); and the
    # Article 5 total (AP-mined: H1, H2, H3).
    assert set(by["contamination_type"]) == {"ap_mine", "ap_improvised", "av_mine", "article5"}

    def rem(t: str) -> list[float]:
        return column(by[by["contamination_type"] == t], "remaining_area_m2")

    # ap_mine as North; ap_improvised: H3 reduced 5,000 in 2027, cleared 2,500 in 2028 and
    # 2,500 in 2029; av_mine: H4 reduced 20,000 in 2028, cleared 15,000 in 2029 and 5,000
    # in 2030.
    assert rem("ap_mine") == pytest.approx([45_000, 15_000, 0, 0, 0, 0, 0], abs=1e-6)
    assert rem("ap_improvised") == pytest.approx([10_000, 5_000, 2_500, 0, 0, 0, 0], abs=1e-6)
    assert rem("av_mine") == pytest.approx(
        [40_000, 40_000, 20_000, 5_000, 0, 0, 0], abs=1e-6
    )
    # Article 5 = ap_mine + ap_improvised: 55,000; 20,000; 2,500; 0 …
    assert rem("article5") == pytest.approx([55_000, 20_000, 2_500, 0, 0, 0, 0], abs=1e-6)
    assert column(paperland.annual, "article5_remaining_area_m2") == rem("article5")


# ---------------------------------------------------------------------------------------
# Example 1b: the same country, but expected international money (400,000 in 2026, 0 from
# 2027) counts, so every year is fully funded: capacity NTS 1, TS 5, clearance 20,000.
#   NTS: H1's 1.0 ends exactly at the end of 2026 (t 1.0): cancelled 50,000 in 2026.
#   TS: H1 is ready as NTS goes (2.5·t, under the 5 TS can do): TS follows and ends H1 at
#       t 1.0 (2026); H2 → 3.5 at t 1.2, H3 → 4.5 at t 1.4 (2027); H4 opens at t 2.0 →
#       6.5 at t 2.4 (2028). TS done at year ends: 2.5, 4.5, 6.5.
#   Clearance: H1 is ready at 25,000·t (over the 20,000 clearance can do): full capacity
#       from t 0: H1 done at 25,000 (t 1.25, 2027); H2 (TS done) → 35,000 (t 1.75, 2027);
#       H3 → 45,000 (t 2.25, 2028); H4 (its TS 62.5% done at t 2.25, faster than clearance
#       from then on) → 65,000 (t 3.25, 2029). Done at year ends: 20k, 40k, 60k, 65k.
#   Done: H1 2027, H2 2027, H3 2028, H4 2029; completion 2029; AP completion 2028 →
#   1 year beyond 2028-03-01, new deadline 2029-03-01.
#   reduced: 2026 H1 25,000; 2027 H2 10,000 + H3 5,000; 2028 H4 20,000.
#   cleared: 2026 H1 20,000; 2027 H1 5,000 + H2 10,000 + H3 2,500 (35k → 40k of its work
#       10,000, at 0.5 m² per m² of work) = 17,500; 2028 H3 2,500 + H4 15,000 (45k → 60k);
#       2029 H4 5,000.
#   year  done cancelled reduced cleared released remaining
#   2026  0    50,000    25,000  20,000  95,000   75,000
#   2027  2    0         15,000  17,500  32,500   42,500
#   2028  1    0         20,000  17,500  37,500   5,000
#   2029  1    0         0       5,000   5,000    0
# Teams released: NTS after 2026, TS after 2028, clearance after 2029; the Article 5
# completion is 2028, so the residual capacity (100,000) stands from 2029; the table runs
# two residual years after 2029, to 2031.
# Planned cost, all deployed (every team funded): 2026 1,000,000; 2027–2028 900,000; 2029
# 200,000 + 200,000 + 100,000 = 500,000; 2030 and 2031 100,000. Total 3,500,000.
# Funding counted: 2026 600,000 + 0 + 400,000 = 1,000,000; 2027–2029 1,000,000; then
# 100,000 × 2 (national). Total 4,200,000.
# Secured money is still 600,000 in 2026: the gap (planned − secured) is 400,000, all of it
# paid by expected money the plan counts on: gap after expected 0, unsecured 400,000.
# ---------------------------------------------------------------------------------------


def test_counting_expected_money_funds_2026_fully(make_country, make_scenario):
    scenario = make_scenario(
        {
            **PAPERLAND_SCENARIO,
            "funding": {
                **PAPERLAND_SCENARIO["funding"],
                "international_expected_usd_per_year": {"2026": 400_000, "2027": 0},
                "count_expected": True,
            },
        }
    )
    result = project(make_country(PAPERLAND, regions=("North", "South")), scenario)
    annual = result.annual
    assert list(annual["year"]) == [2026, 2027, 2028, 2029, 2030, 2031]
    assert column(annual, "hazards_completed") == [0, 2, 1, 1, 0, 0]
    assert column(annual, "cancelled_area_m2") == pytest.approx([50_000, 0, 0, 0, 0, 0])
    assert column(annual, "reduced_area_m2") == pytest.approx([25_000, 15_000, 20_000, 0, 0, 0])
    assert column(annual, "cleared_area_m2") == pytest.approx([20_000, 17_500, 17_500, 5_000, 0, 0])
    assert column(annual, "remaining_area_m2") == pytest.approx(
        [75_000, 42_500, 5_000, 0, 0, 0], abs=1e-6
    )
    assert column(annual, "funded_team_years_ts") == pytest.approx([5, 5, 5, 0, 0, 0])
    assert column(annual, "funded_team_years_manual") == pytest.approx([2] * 4 + [0, 0])
    assert column(annual, "funding_usd") == pytest.approx([1e6] * 4 + [1e5, 1e5])
    assert column(annual, "cost_usd") == pytest.approx([1e6, 9e5, 9e5, 5e5, 1e5, 1e5])
    assert column(annual, "funding_gap_usd") == pytest.approx([4e5] + [0] * 5)
    assert column(annual, "gap_after_expected_usd") == pytest.approx([0] * 6)
    assert column(annual, "unsecured_usd") == pytest.approx([4e5] + [0] * 5)
    schedule = result.schedule
    assert stage_years(schedule, "nts_year")["H1"] == 2026
    assert stage_years(schedule, "ts_year") == {"H1": 2026, "H2": 2027, "H3": 2027, "H4": 2028}
    assert stage_years(schedule, "completion_year") == {
        "H1": 2027,
        "H2": 2027,
        "H3": 2028,
        "H4": 2029,
    }
    s = result.summary
    assert (s["completion_year"], s["article5_completion_year"]) == (2029, 2028)
    assert (s["years_beyond_deadline"], s["required_deadline_date"]) == (1, "2029-03-01")
    assert s["planned_cost_usd"] == pytest.approx(3_500_000)
    assert s["cost_usd"] == pytest.approx(3_500_000)
    assert s["funding_usd"] == pytest.approx(4_200_000)
    assert s["funding_gap_usd"] == pytest.approx(400_000)
    assert s["gap_after_expected_usd"] == pytest.approx(0)
    assert s["unsecured_usd"] == pytest.approx(400_000)


# ---------------------------------------------------------------------------------------
# Example 2: discoveries. Two CHAs of ap_mine: A North 30,000 (priority 1), B South 10,000
# (priority 2). New SHA of ap_mine: 8,000 m² in 2026, decaying 50% a year, last in 2027
# (8,000 then 4,000), shared by the baseline ap_mine area: North 3/4, South 1/4:
#   2026: North 6,000, South 2,000;  2027: North 3,000, South 1,000 (SHA, ranked after A, B).
# fc = fr = 0.5. Teams NTS 1 (100,000 m²/yr), TS 1 (20,000), manual 2 (20,000 m²/yr); no
# costs, so the money never binds (no team cost → full capacity).
#   Outcomes: A reduced 15,000 cleared 15,000; B 5,000/5,000;
#     new 6,000: cancelled 3,000, reduced 1,500, cleared 1,500; new 2,000: 1,000/500/500;
#     new 3,000: 1,500/750/750; new 1,000: 500/250/250.
#   NTS (team-years, ready at the start of the discovery year): 0.06, 0.02 → 2026;
#     0.03, 0.01 from t 1 → 2027.
#   TS (team-years): A 1.5, B 0.5, then 0.15, 0.05, 0.075, 0.025 (cumulative 1.5, 2.0,
#     2.15, 2.2, 2.275, 2.3); one team-year a year. A and B are ready at 0 and come first:
#     A ends at t 1.5 (2027), B at 2.0 = exactly the 2027 year end (2027); the four new
#     areas (surveyed long before) follow back to back: 2.15 … 2.3 (2028).
#     reduced: 2026 A 1.0/1.5 of 15,000 = 10,000; 2027 A 5,000 + B 5,000; 2028 3,000.
#   Clearance (m²; A 15,000, B 5,000, then 1,500, 500, 750, 250): each area's clearance is
#     ready as TS goes, 10,000 m² a year (15,000 per 1.5 team-years, 5,000 per 0.5, …),
#     under the 20,000 clearance can do, so clearance follows TS: done at the year ends
#     10,000, 20,000, 23,000; A and B in 2027 (B at exactly 20,000 on 31 December), the
#     new ones in 2028. cleared: 2026 A 10,000; 2027 A 5,000 + B 5,000; 2028 3,000.
#   year  disc   cancelled reduced cleared released remaining
#   2026  8,000  4,000     10,000  10,000  24,000   24,000
#   2027  4,000  2,000     10,000  10,000  22,000   6,000
#   2028  0      0         3,000   3,000   6,000    0
#   North (A + 6,000 + 3,000): 2026 found 6,000, released A 20,000 + cancelled 3,000 →
#     13,000; 2027 found 3,000, released A 10,000 + cancelled 1,500 → 4,500; 2028 → 0.
#   South (B + 2,000 + 1,000): 2026 found 2,000, cancelled 1,000 → 11,000; 2027 found 1,000,
#     released B 10,000 + cancelled 500 → 1,500; 2028 → 0.
#   Done: A, B 2027; the four new areas 2028.
# Completion 2028; residual_years 0 → the table ends in 2028.
# ---------------------------------------------------------------------------------------

DISCOVERY_LAND = [
    {
        "hazard_id": "A",
        "region": "North",
        "status": "cha",
        "contamination_type": "ap_mine",
        "area_m2": 30_000,
        "priority": 1,
    },
    {
        "hazard_id": "B",
        "region": "South",
        "status": "cha",
        "contamination_type": "ap_mine",
        "area_m2": 10_000,
        "priority": 2,
    },
]


def test_discoveries_worked_example(make_country, make_scenario):
    scenario = make_scenario(
        {
            "period": {"start_year": 2026, "end_year": 2030},
            "teams": {"nts": 1, "ts": 1, "manual": 2},
            "discoveries": {
                "sha_area_m2_per_year": {"ap_mine": 8_000},
                "decay_frac_per_year": 0.5,
                "first_year": 2026,
                "last_year": 2027,
            },
        }
    )
    result = project(make_country(DISCOVERY_LAND, regions=("North", "South")), scenario)
    annual = result.annual
    assert list(annual["year"]) == [2026, 2027, 2028]
    assert column(annual, "discovered_area_m2") == pytest.approx([8_000, 4_000, 0])
    assert column(annual, "cancelled_area_m2") == pytest.approx([4_000, 2_000, 0])
    assert column(annual, "reduced_area_m2") == pytest.approx([10_000, 10_000, 3_000])
    assert column(annual, "cleared_area_m2") == pytest.approx([10_000, 10_000, 3_000])
    assert column(annual, "released_area_m2") == pytest.approx([24_000, 22_000, 6_000])
    assert column(annual, "remaining_area_m2") == pytest.approx([24_000, 6_000, 0], abs=1e-6)
    assert column(annual, "remaining_sha_area_m2") == pytest.approx([0, 0, 0], abs=1e-6)
    assert column(annual, "hazards_completed") == [0, 2, 4]
    assert column(annual, "funded_team_years_ts") == pytest.approx([1, 1, 1])
    assert column(annual, "cost_usd") == pytest.approx([0, 0, 0])

    by = result.annual_by_region
    north, south = by[by["region"] == "North"], by[by["region"] == "South"]
    assert column(north, "discovered_area_m2") == pytest.approx([6_000, 3_000, 0])
    assert column(north, "remaining_area_m2") == pytest.approx([13_000, 4_500, 0], abs=1e-6)
    assert column(south, "discovered_area_m2") == pytest.approx([2_000, 1_000, 0])
    assert column(south, "remaining_area_m2") == pytest.approx([11_000, 1_500, 0], abs=1e-6)

    schedule = result.schedule
    new = schedule[schedule["source"] == "discovery"]
    assert list(new["region"]) == ["North", "South", "North", "South"]
    assert column(new, "area_m2") == pytest.approx([6_000, 2_000, 3_000, 1_000])
    assert column(new, "cancelled_area_m2") == pytest.approx([3_000, 1_000, 1_500, 500])
    assert [int(y) for y in new["nts_year"]] == [2026, 2026, 2027, 2027]
    assert [int(y) for y in new["ts_year"]] == [2028] * 4
    assert [int(y) for y in new["completion_year"]] == [2028] * 4
    assert stage_years(schedule, "ts_year")["A"] == 2027
    assert stage_years(schedule, "ts_year")["B"] == 2027
    s = result.summary
    assert s["completion_year"] == 2028
    assert s["discovered_area_m2"] == pytest.approx(12_000)
    assert s["released_area_m2"] == pytest.approx(52_000)
    assert (s["years_beyond_deadline"], s["required_deadline_date"]) == (1, "2029-03-01")


# ---------------------------------------------------------------------------------------
# Example 3: order of work. Two CHAs of 20,000 m² ap_mine, fr = 1 (TS reduces all, nothing
# to clear); one TS team of 20,000 m²/yr → one area a year, whichever goes first.
#   N1 North priority 1, score 1;  S1 South priority 2, score 5.
#   by field "priority": N1 2026, S1 2027.
#   region_order [South, North]: S1 2026, N1 2027.
#   rule "weights" {score = 1}: highest score first: S1 2026, N1 2027.
# ---------------------------------------------------------------------------------------

ORDER_LAND = [
    {
        "hazard_id": "N1",
        "region": "North",
        "status": "cha",
        "contamination_type": "ap_mine",
        "area_m2": 20_000,
        "priority": 1,
        "score": 1,
    },
    {
        "hazard_id": "S1",
        "region": "South",
        "status": "cha",
        "contamination_type": "ap_mine",
        "area_m2": 20_000,
        "priority": 2,
        "score": 5,
    },
]


@pytest.mark.parametrize(
    ("priority", "expected"),
    [
        ({"rule": "field", "field": "priority"}, {"N1": 2026, "S1": 2027}),
        ({"region_order": ["South", "North"]}, {"N1": 2027, "S1": 2026}),
        ({"rule": "weights", "weights": {"score": 1}}, {"N1": 2027, "S1": 2026}),
    ],
)
def test_priority_decides_the_order(make_country, make_scenario, priority, expected):
    scenario = make_scenario(
        {
            "release": {"ts_reduced_frac": 1.0},
            "teams": {"nts": 0, "ts": 1, "manual": 0},
            "priority": priority,
        }
    )
    result = project(make_country(ORDER_LAND, regions=("North", "South")), scenario)
    assert stage_years(result.schedule, "completion_year") == expected
    assert stage_years(result.schedule, "clearance_year") == {"N1": None, "S1": None}
    assert column(result.annual, "reduced_area_m2")[:2] == pytest.approx([20_000, 20_000])
    assert result.completion_year == 2027


# ---------------------------------------------------------------------------------------
# Example 4: access. One CHA of 20,000 m², fr = 1, one TS team (20,000 m²/yr), inaccessible
# with no access year. Without [access] it is never worked: no completion; the area stays
# open every year of the horizon (2026–2030), but no area is ever workable, so the TS team
# is never deployed (teams are not paid to wait) and no year costs anything. With
# inaccessible_from_year = 2028 it is worked in 2028.
# ---------------------------------------------------------------------------------------

LOCKED = [
    {
        "hazard_id": "L1",
        "region": "North",
        "status": "cha",
        "contamination_type": "ap_mine",
        "area_m2": 20_000,
        "accessible": False,
    }
]


def test_inaccessible_without_access_year_is_never_worked(make_country, make_scenario):
    scenario = make_scenario(
        {
            "period": {"start_year": 2026, "end_year": 2030},
            "release": {"ts_reduced_frac": 1.0},
            "teams": {"nts": 0, "ts": 1, "manual": 0},
            "costs": {"usd_per_team_year": {"ts": 100_000}},
            "funding": {"national_usd_per_year": 100_000},
        }
    )
    result = project(make_country(LOCKED), scenario)
    assert result.completion_year is None
    assert result.summary["years_beyond_deadline"] is None
    assert result.summary["required_deadline_date"] is None
    assert list(result.annual["year"]) == [2026, 2027, 2028, 2029, 2030]
    assert column(result.annual, "remaining_area_m2") == pytest.approx([20_000] * 5)
    assert column(result.annual, "planned_cost_usd") == pytest.approx([0] * 5)
    assert column(result.annual, "planned_team_years_ts") == pytest.approx([0] * 5)
    assert stage_years(result.schedule, "ts_year") == {"L1": None}


def test_inaccessible_from_year_opens_the_area(make_country, make_scenario):
    scenario = make_scenario(
        {
            "period": {"start_year": 2026, "end_year": 2030},
            "release": {"ts_reduced_frac": 1.0},
            "teams": {"nts": 0, "ts": 1, "manual": 0},
            "access": {"inaccessible_from_year": 2028},
        }
    )
    result = project(make_country(LOCKED), scenario)
    assert stage_years(result.schedule, "ts_year") == {"L1": 2028}
    assert result.completion_year == 2028
    assert column(result.annual, "reduced_area_m2") == pytest.approx([0, 0, 20_000])


# Extension arithmetic on its own: finish by 31 December of the completion year.
@pytest.mark.parametrize(
    ("completion", "deadline", "expected"),
    [
        (2027, dt.date(2028, 3, 1), (0, dt.date(2028, 3, 1))),
        (2028, dt.date(2028, 3, 1), (1, dt.date(2029, 3, 1))),
        (2029, dt.date(2028, 3, 1), (2, dt.date(2030, 3, 1))),
        (2028, dt.date(2028, 12, 31), (0, dt.date(2028, 12, 31))),
        (2028, dt.date(2024, 2, 29), (5, dt.date(2029, 2, 28))),
        (None, dt.date(2028, 3, 1), (None, None)),
    ],
)
def test_extension_needed(completion, deadline, expected):
    assert extension_needed(completion, deadline) == expected


# ---------------------------------------------------------------------------------------
# Example 5: a stage that ends exactly at the end of the horizon. One SHA of ap_mine, one
# NTS team of 100,000 m²/yr, horizon of one year (2026) with 100,000 m², or two years
# (2026–2027) with 200,000 m²: NTS reaches its level exactly at the horizon's end, so the
# area's survey ends in the last year (half cancelled, in equal parts each year). TS (one
# team, 20,000 m²/yr) follows the survey: the area's TS work (A/2 / 20,000 team-years) is
# ready at A/2 / 20,000 per NTS team-year, over the one team-year TS does a year, so TS
# works at full capacity: 0.4
# of its work by the horizon's end (1 of 2.5 team-years; 2 of 5), reducing 0.4·A/4 = A/10.
# Clearance (10,000 m²/yr) follows TS: ready at 10,000 m² a year, exactly its capacity, so
# it also does 0.4 of its work: cleared A/10. No stage after NTS finishes: no TS year, no
# completion, and 0.3·A remains (all CHA now).
# Warnings are errors in the test configuration: the projection must not emit any.
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("end_year", "area"), [(2026, 100_000), (2027, 200_000)])
def test_survey_ending_exactly_at_the_horizon_end(make_country, make_scenario, end_year, area):
    rows = [
        {
            "hazard_id": "E1",
            "region": "North",
            "status": "sha",
            "contamination_type": "ap_mine",
            "area_m2": area,
        }
    ]
    scenario = make_scenario({"period": {"start_year": 2026, "end_year": end_year}})
    result = project(make_country(rows), scenario)
    assert stage_years(result.schedule, "nts_year") == {"E1": end_year}
    assert stage_years(result.schedule, "ts_year") == {"E1": None}
    assert result.completion_year is None
    last = result.annual.iloc[-1]
    assert int(last["year"]) == end_year
    # spread evenly over the horizon's one or two years
    assert float(last["cancelled_area_m2"]) == pytest.approx(area / 2 / (end_year - 2025))
    assert float(last["reduced_area_m2"]) == pytest.approx(area / 10 / (end_year - 2025))
    assert float(last["remaining_area_m2"]) == pytest.approx(0.3 * area)
    assert float(last["remaining_sha_area_m2"]) == pytest.approx(0)


# ---------------------------------------------------------------------------------------
# Example 6: clearance spanning two years, released as it is worked. One CHA of ap_mine,
# 30,000 m², fr = 0.5: reduced 15,000, cleared 15,000. One TS team of 30,000 m²/yr: TS
# work 30,000 / 30,000 = 1.0 team-year, done exactly at the end of 2026, reducing 15,000
# evenly over 2026. One manual team of 10,000 m²/yr: the area's clearance is ready as TS
# goes, 15,000 m² a year, over the 10,000 it can clear, so clearance works at full capacity
# from 1 January 2026: 10,000 m² cleared in 2026, the last 5,000 by mid-2027 (t 1.5).
#   year  reduced  cleared  released  remaining
#   2026  15,000   10,000   25,000    5,000
#   2027  0        5,000    5,000     0
# TS year 2026, clearance year 2027, completion 2027. (Counted in the year the stage ends,
# with clearance waiting for all of TS, it was: 15,000 reduced in 2026, then clearance
# from t 1.0 to 2.5, all 15,000 cleared in 2028; completion 2028.)
# ---------------------------------------------------------------------------------------


def test_clearance_over_two_years_is_released_as_it_is_worked(make_country, make_scenario):
    rows = [
        {
            "hazard_id": "C1",
            "region": "North",
            "status": "cha",
            "contamination_type": "ap_mine",
            "area_m2": 30_000,
        }
    ]
    scenario = make_scenario(
        {
            "period": {"start_year": 2026, "end_year": 2030},
            "productivity": {"ts": 30_000, "manual": 10_000},
            "teams": {"nts": 0, "ts": 1, "manual": 1},
        }
    )
    result = project(make_country(rows), scenario)
    annual = result.annual
    assert list(annual["year"]) == [2026, 2027]
    assert column(annual, "reduced_area_m2") == pytest.approx([15_000, 0])
    assert column(annual, "cleared_area_m2") == pytest.approx([10_000, 5_000])
    assert column(annual, "released_area_m2") == pytest.approx([25_000, 5_000])
    assert column(annual, "remaining_area_m2") == pytest.approx([5_000, 0], abs=1e-6)
    assert stage_years(result.schedule, "ts_year") == {"C1": 2026}
    assert stage_years(result.schedule, "clearance_year") == {"C1": 2027}
    assert result.completion_year == 2027
