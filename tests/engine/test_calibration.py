"""Calibration from a tiny release history worked out on paper.

History (m², team-years):
  year region method     area       type           teams asset
  2020 North  cancelled  1,000,000  ap_mine        1.0   nts         (older than 3 years used)
  2023 North  cancelled  60,000     ap_mine        0.5   nts
  2023 North  reduced    20,000     ap_mine        0.5   ts
  2023 North  cleared    20,000     ap_mine        2.0   manual
  2024 South  cancelled  40,000     ap_mine        -     -           (no teams: shares only)
  2024 South  reduced    20,000     ap_mine        0.5   ts
  2024 South  cleared    40,000     ap_mine        1.0   mechanical
  2025 South  reduced    5,000      ap_improvised  1.0   ts
  2025 South  cleared    5,000      ap_improvised  1.0   manual
  2025 North  cancelled  10,000     erw            -     -
  2026 North  cleared    1,000,000  ap_mine        1.0   manual      (after the baseline year)

Last 3 years up to 2025: 2023, 2024, 2025.
Shares: sha_cancelled_frac = cancelled / released; ts_reduced_frac = reduced / (reduced + cleared)
  ap_mine:        C 100,000  R 40,000  K 60,000 → fc 0.5,  fr 40/100 = 0.4
  ap_improvised:  C 0        R 5,000   K 5,000  → fc 0,    fr 0.5
  erw:            C 10,000   R 0       K 0      → fc 1,    fr: no R or K → all-type value
  all types:      C 110,000  R 45,000  K 65,000 → fc 110/220 = 0.5, fr 45/110 = 9/22
  av_mine, cluster_munition, mixed: no history → the all-type values (0.5, 9/22).
Productivity (type factor ap_improvised 0.5; records with teams and asset only):
  NTS: surveyed = cancelled / fc = 60,000 / 0.5 = 120,000 over 0.5 → 240,000 m²/team-year
  TS: addressed = (reduced / factor) / fr: 20,000/0.4 = 50,000 (0.5), 50,000 (0.5),
      (5,000/0.5)/0.5 = 20,000 (1.0) → 120,000 / 2.0 = 60,000
  manual: cleared / factor: 20,000 (2.0) + 5,000/0.5 = 10,000 (1.0) → 30,000 / 3 = 10,000
  mechanical: 40,000 / 1.0 = 40,000;   mdd: no records → absent.
With no type factor (1 everywhere): TS (50,000 + 50,000 + 10,000) / 2 = 55,000;
  manual (20,000 + 5,000) / 3 = 25,000/3.
"""

from __future__ import annotations

import pytest

from landrelease.engine import calibrate, project, resolve_assumptions
from landrelease.scenario import ScenarioError
from landrelease.scenario.model import TYPES

HISTORY_COLUMNS = ("year", "region", "method", "area_m2", "contamination_type", "teams", "asset")
HISTORY = [
    (2020, "North", "cancelled", 1_000_000, "ap_mine", 1.0, "nts"),
    (2023, "North", "cancelled", 60_000, "ap_mine", 0.5, "nts"),
    (2023, "North", "reduced", 20_000, "ap_mine", 0.5, "ts"),
    (2023, "North", "cleared", 20_000, "ap_mine", 2.0, "manual"),
    (2024, "South", "cancelled", 40_000, "ap_mine", None, None),
    (2024, "South", "reduced", 20_000, "ap_mine", 0.5, "ts"),
    (2024, "South", "cleared", 40_000, "ap_mine", 1.0, "mechanical"),
    (2025, "South", "reduced", 5_000, "ap_improvised", 1.0, "ts"),
    (2025, "South", "cleared", 5_000, "ap_improvised", 1.0, "manual"),
    (2025, "North", "cancelled", 10_000, "erw", None, None),
    (2026, "North", "cleared", 1_000_000, "ap_mine", 1.0, "manual"),
]
HAZARDS = [
    {
        "hazard_id": "C1",
        "region": "North",
        "status": "cha",
        "contamination_type": "ap_mine",
        "area_m2": 50_000,
    }
]
ALL_FC, ALL_FR = 0.5, 45 / 110


def releases_rows() -> list[dict]:
    return [dict(zip(HISTORY_COLUMNS, r, strict=True)) for r in HISTORY]


@pytest.fixture
def country(make_country):
    return make_country(HAZARDS, releases_rows(), regions=("North", "South"))


def test_shares_by_type_from_the_last_three_years(country):
    cal = calibrate(country.releases, 3, up_to_year=2025)
    assert cal.years == (2023, 2024, 2025)
    assert cal.sha_cancelled_frac["ap_mine"] == pytest.approx(0.5)
    assert cal.ts_reduced_frac["ap_mine"] == pytest.approx(0.4)
    assert cal.sha_cancelled_frac["ap_improvised"] == pytest.approx(0.0)
    assert cal.ts_reduced_frac["ap_improvised"] == pytest.approx(0.5)
    assert cal.sha_cancelled_frac["erw"] == pytest.approx(1.0)
    assert cal.ts_reduced_frac["erw"] == pytest.approx(ALL_FR)  # no reduced or cleared land
    assert set(cal.sha_cancelled_frac) == set(TYPES)


@pytest.mark.parametrize("kind", ["av_mine", "cluster_munition", "mixed"])
def test_types_without_history_take_the_all_type_values(country, kind):
    cal = calibrate(country.releases, 3, up_to_year=2025)
    assert cal.sha_cancelled_frac[kind] == pytest.approx(ALL_FC)
    assert cal.ts_reduced_frac[kind] == pytest.approx(ALL_FR)


def test_productivity_by_asset_with_type_factor(country):
    cal = calibrate(country.releases, 3, up_to_year=2025, type_factor={"ap_improvised": 0.5})
    assert cal.m2_per_team_year == pytest.approx(
        {"nts": 240_000, "ts": 60_000, "manual": 10_000, "mechanical": 40_000}
    )
    assert "mdd" not in cal.m2_per_team_year


def test_productivity_without_type_factor(country):
    cal = calibrate(country.releases, 3, up_to_year=2025)
    assert cal.m2_per_team_year["nts"] == pytest.approx(240_000)  # NTS ignores the type factor
    assert cal.m2_per_team_year["ts"] == pytest.approx(55_000)
    assert cal.m2_per_team_year["manual"] == pytest.approx(25_000 / 3)
    assert cal.m2_per_team_year["mechanical"] == pytest.approx(40_000)


def test_years_used_are_the_last_n_up_to_the_baseline(country):
    releases = country.releases
    # 4 years: 2020 comes in. ap_mine C 1,100,000 of 1,200,000 released → fc 11/12.
    four = calibrate(releases, 4, up_to_year=2025)
    assert four.years == (2020, 2023, 2024, 2025)
    assert four.sha_cancelled_frac["ap_mine"] == pytest.approx(11 / 12)
    # NTS: (1,000,000 + 60,000) / (11/12) over 1.5 team-years.
    assert four.m2_per_team_year["nts"] == pytest.approx(1_060_000 * 12 / 11 / 1.5)
    # No limit year: 2026 is history too, and the last three are 2024–2026.
    assert calibrate(releases, 3).years == (2024, 2025, 2026)
    # More years asked than exist: all of them up to the limit.
    assert calibrate(releases, 50, up_to_year=2025).years == (2020, 2023, 2024, 2025)
    # Nothing up to 2019: empty calibration, zero shares, no productivity.
    empty = calibrate(releases, 5, up_to_year=2019)
    assert empty.years == ()
    assert set(empty.sha_cancelled_frac.values()) == {0.0}
    assert set(empty.ts_reduced_frac.values()) == {0.0}
    assert empty.m2_per_team_year == {}


def test_as_dict_is_plain(country):
    d = calibrate(country.releases, 3, up_to_year=2025).as_dict()
    assert d["years"] == [2023, 2024, 2025]
    assert d["ts_reduced_frac"]["ap_mine"] == pytest.approx(0.4)
    assert d["m2_per_team_year"]["mechanical"] == pytest.approx(40_000)


CALIBRATED = {
    "release": {"sha_cancelled_frac": "calibrated", "ts_reduced_frac": "calibrated"},
    "productivity": {
        "nts": "calibrated",
        "ts": "calibrated",
        "manual": "calibrated",
        "mechanical": "calibrated",
        "mdd": "calibrated",
        "type_factor": {"ap_improvised": 0.5},
    },
    "teams": {"nts": 0, "ts": 1, "manual": 3, "mechanical": 0, "mdd": 0},
    "calibration": {"years": 3},
}


def test_project_uses_calibrated_values(country, make_scenario):
    # C1: CHA ap_mine 50,000; calibrated fr 0.4 → reduced 20,000, cleared 30,000.
    # TS 1 team × 60,000 → 50,000/60,000 of a year (2026); manual 3 × 10,000 = 30,000 m²
    # a year: clearance follows TS, whose 30,000 m² to clear come at 36,000 a year, so it
    # works at full capacity from 1 January and ends exactly on 31 December 2026.
    scenario = make_scenario(CALIBRATED)
    _, fr, productivity, cal = resolve_assumptions(country, scenario)
    assert cal is not None
    assert cal.years == (2023, 2024, 2025)
    assert fr["ap_mine"] == pytest.approx(0.4)
    assert productivity["ts"] == pytest.approx(60_000)
    assert productivity["mdd"] == 0.0  # calibrated, no records, but no mdd teams planned
    result = project(country, scenario)
    row = result.schedule.iloc[0]
    assert row["reduced_area_m2"] == pytest.approx(20_000)
    assert row["cleared_area_m2"] == pytest.approx(30_000)
    assert (int(row["ts_year"]), int(row["clearance_year"])) == (2026, 2026)
    assert result.summary["calibration"]["years"] == [2023, 2024, 2025]
    assert result.summary["assumptions"]["ts_reduced_frac"]["ap_mine"] == pytest.approx(0.4)


def test_given_numbers_win_over_calibration(country, make_scenario):
    scenario = make_scenario(
        {**CALIBRATED, "release": {"sha_cancelled_frac": 0.2, "ts_reduced_frac": 0.7}}
    )
    fc, fr, productivity, _ = resolve_assumptions(country, scenario)
    assert fc["ap_mine"] == pytest.approx(0.2)
    assert fr["erw"] == pytest.approx(0.7)
    assert productivity["manual"] == pytest.approx(10_000)  # still calibrated


def test_calibrated_kind_with_teams_but_no_records_is_an_error(country, make_scenario):
    scenario = make_scenario({**CALIBRATED, "teams": {**CALIBRATED["teams"], "mdd": 2}})
    with pytest.raises(ScenarioError, match=r"productivity\.mdd"):
        project(country, scenario)


def test_calibrated_shares_without_history_are_an_error(make_country, make_scenario):
    bare = make_country(HAZARDS)
    scenario = make_scenario(
        {"release": {"sha_cancelled_frac": "calibrated", "ts_reduced_frac": 0.5}}
    )
    with pytest.raises(ScenarioError, match="no release history"):
        project(bare, scenario)
