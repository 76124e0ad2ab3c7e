"""Calibration from a tiny release history worked out on paper.

History (m², team-years):
  year region method     area       type           teams asset
  2020 North  cancelled  1,000,000  ap_mine        1.0   nts         (before a 3-year window)
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

Window: the last 3 calendar years up to 2025 = 2023, 2024, 2025. No hazard links: all
released land is taken to have begun as SHA. Each value is the median of its yearly values.
sha_cancelled_frac = cancelled / released, per year:
  ap_mine:        2023 60/100 = 0.6,  2024 40/100 = 0.4           → median 0.5
  ap_improvised:  2025 0/10 = 0                                   → 0
  erw:            2025 10/10 = 1                                  → 1
  all types:      2023 0.6, 2024 0.4, 2025 10/20 = 0.5            → 0.5
ts_reduced_frac = reduced / (reduced + cleared), per year:
  ap_mine:        2023 20/40 = 0.5, 2024 20/60 = 1/3              → median 5/12
  ap_improvised:  2025 5/10 = 0.5                                 → 0.5
  erw:            no reduced or cleared land                      → the all-type value
  all types:      2023 0.5, 2024 1/3, 2025 0.5                    → 0.5
  av_mine, cluster_munition, mixed: no history → the all-type values (0.5, 0.5).
Productivity per year (type factor ap_improvised 0.5; records with teams and asset only):
  NTS:    2023 (60,000 / fc 0.5) / 0.5 team-years = 240,000              → 240,000 (0.5 ty)
  TS:     2023 (20,000 / (5/12)) / 0.5 = 96,000; 2024 the same 96,000;
          2025 ((5,000 / 0.5) / 0.5) / 1.0 = 20,000                      → 96,000 (2.0 ty)
  manual: 2023 20,000 / 2.0 = 10,000; 2025 (5,000 / 0.5) / 1.0 = 10,000  → 10,000 (3.0 ty)
  mechanical: 2024 40,000 / 1.0 = 40,000 (1.0 ty);   mdd: no records → absent.
With no type factor (1 everywhere): TS 2025 (5,000 / 0.5) / 1.0 = 10,000 → median of
  96,000, 96,000, 10,000 = 96,000; manual 2025 5,000 → median of 10,000 and 5,000 = 7,500.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest

from landrelease import load_country
from landrelease.engine import calibrate, project, resolve_assumptions
from landrelease.errors import LandreleaseWarning
from landrelease.scenario import ScenarioError, load_scenario
from landrelease.scenario.model import TYPES

ROOT = Path(__file__).resolve().parents[2]

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
ALL_FC, ALL_FR = 0.5, 0.5


def releases_rows() -> list[dict]:
    return [dict(zip(HISTORY_COLUMNS, r, strict=True)) for r in HISTORY]


@pytest.fixture
def country(make_country):
    return make_country(HAZARDS, releases_rows(), regions=("North", "South"))


def test_shares_by_type_from_the_last_three_years(country):
    cal = calibrate(country.releases, 3, up_to_year=2025)
    assert cal.years == (2023, 2024, 2025)
    assert cal.window == (2023, 2025)
    assert cal.years_without_records == ()
    assert cal.sha_cancelled_frac["ap_mine"] == pytest.approx(0.5)
    assert cal.ts_reduced_frac["ap_mine"] == pytest.approx(5 / 12)
    assert cal.sha_cancelled_frac["ap_improvised"] == pytest.approx(0.0)
    assert cal.ts_reduced_frac["ap_improvised"] == pytest.approx(0.5)
    assert cal.sha_cancelled_frac["erw"] == pytest.approx(1.0)
    assert cal.ts_reduced_frac["erw"] == pytest.approx(ALL_FR)  # no reduced or cleared land
    assert set(cal.sha_cancelled_frac) == set(TYPES)
    assert cal.origin.rule == "all_released"  # no hazards given: nothing says where land began


@pytest.mark.parametrize("kind", ["av_mine", "cluster_munition", "mixed"])
def test_types_without_history_take_the_all_type_values(country, kind):
    cal = calibrate(country.releases, 3, up_to_year=2025)
    assert cal.sha_cancelled_frac[kind] == pytest.approx(ALL_FC)
    assert cal.ts_reduced_frac[kind] == pytest.approx(ALL_FR)


def test_productivity_by_asset_with_type_factor(country):
    cal = calibrate(country.releases, 3, up_to_year=2025, type_factor={"ap_improvised": 0.5})
    assert cal.m2_per_team_year == pytest.approx(
        {"nts": 240_000, "ts": 96_000, "manual": 10_000, "mechanical": 40_000}
    )
    assert "mdd" not in cal.m2_per_team_year
    assert cal.team_years == pytest.approx(
        {"nts": 0.5, "ts": 2.0, "manual": 3.0, "mechanical": 1.0}
    )


def test_productivity_without_type_factor(country):
    cal = calibrate(country.releases, 3, up_to_year=2025)
    assert cal.m2_per_team_year["nts"] == pytest.approx(240_000)  # NTS ignores the type factor
    assert cal.m2_per_team_year["ts"] == pytest.approx(96_000)
    assert cal.m2_per_team_year["manual"] == pytest.approx(7_500)
    assert cal.m2_per_team_year["mechanical"] == pytest.approx(40_000)


def test_the_window_is_calendar_years_up_to_the_baseline(country):
    releases = country.releases
    # 4 calendar years: 2022–2025; 2022 has no records and is reported, 2020 stays out.
    four = calibrate(releases, 4, up_to_year=2025)
    assert four.years == (2023, 2024, 2025)
    assert four.window == (2022, 2025)
    assert four.years_without_records == (2022,)
    assert four.sha_cancelled_frac["ap_mine"] == pytest.approx(0.5)  # as with 3 years
    # 6 calendar years: 2020–2025 brings 2020 in. ap_mine fc per year: 2020 1.0 (cancelled
    # only), 2023 0.6, 2024 0.4 → median 0.6. NTS per year: 2020 1,000,000 / 0.6 / 1.0;
    # 2023 60,000 / 0.6 / 0.5 = 200,000 → median of two = their mean.
    six = calibrate(releases, 6, up_to_year=2025)
    assert six.years == (2020, 2023, 2024, 2025)
    assert six.years_without_records == (2021, 2022)
    assert six.sha_cancelled_frac["ap_mine"] == pytest.approx(0.6)
    assert six.m2_per_team_year["nts"] == pytest.approx((1_000_000 / 0.6 + 200_000) / 2)
    # No limit year: the window ends with the history's last year, 2026.
    assert calibrate(releases, 3).years == (2024, 2025, 2026)
    # Nothing up to 2019: empty calibration, zero shares, no productivity, years reported.
    empty = calibrate(releases, 5, up_to_year=2019)
    assert empty.years == ()
    assert empty.years_without_records == (2015, 2016, 2017, 2018, 2019)
    assert set(empty.sha_cancelled_frac.values()) == {0.0}
    assert set(empty.ts_reduced_frac.values()) == {0.0}
    assert empty.m2_per_team_year == {}


def yearly_rows(spike_m2: float) -> list[dict]:
    """2021–2025, every year cancelled 10,000, reduced 10,000, cleared 20,000 (ap_mine, one
    NTS team-year, one TS team-year); 2023 also cancels ``spike_m2`` in a re-survey campaign
    by the same NTS team."""
    rows = []
    for year in range(2021, 2026):
        extra = spike_m2 if year == 2023 else 0.0
        rows += [
            (year, "North", "cancelled", 10_000 + extra, "ap_mine", 1.0, "nts"),
            (year, "North", "reduced", 10_000, "ap_mine", 1.0, "ts"),
            (year, "North", "cleared", 20_000, "ap_mine", None, None),
        ]
    return [dict(zip(HISTORY_COLUMNS, r, strict=True)) for r in rows]


def test_a_one_off_spike_does_not_set_the_central_value(make_country):
    # Pooled over five years the 1,000,000 m² re-survey of 2023 would give
    # fc = 1,050,000 / 1,200,000 = 0.875. Per year: four years of 10/40 = 0.25 and 2023's
    # 1,010/1,040 → median 0.25. NTS per year: 10,000 / 0.25 = 40,000 m² a team-year in four
    # years, 4,040,000 in 2023 → median 40,000.
    cal = calibrate(make_country(HAZARDS, yearly_rows(1_000_000)).releases, 5, up_to_year=2025)
    assert cal.sha_cancelled_frac["ap_mine"] == pytest.approx(0.25)
    assert cal.m2_per_team_year["nts"] == pytest.approx(40_000)
    spread = cal.spread["sha_cancelled_frac"]["ap_mine"].as_dict(6)
    assert spread["yearly"]["2023"] == pytest.approx(1_010 / 1_040, abs=1e-6)
    assert (spread["min"], spread["median"]) == pytest.approx((0.25, 0.25))
    assert spread["max"] == pytest.approx(1_010 / 1_040, abs=1e-6)
    # P10/P90 interpolate linearly between the five sorted yearly values: P90 lies 60% of the
    # way from the fourth (0.25) to the fifth.
    assert spread["p90"] == pytest.approx(0.25 + 0.6 * (1_010 / 1_040 - 0.25), abs=1e-6)


def test_as_dict_is_plain_with_the_spread_of_every_value(country):
    d = calibrate(country.releases, 3, up_to_year=2025).as_dict()
    assert json.loads(json.dumps(d)) == d
    assert d["years"] == [2023, 2024, 2025]
    assert d["central"] == "median"
    assert d["ts_reduced_frac"]["ap_mine"] == pytest.approx(5 / 12, abs=1e-6)
    assert d["m2_per_team_year"]["mechanical"] == pytest.approx(40_000)
    spread = d["spread"]
    assert spread["ts_reduced_frac"]["ap_mine"]["yearly"] == pytest.approx(
        {"2023": 0.5, "2024": 1 / 3}, abs=1e-6
    )
    assert spread["m2_per_team_year"]["ts"]["yearly"] == pytest.approx(
        {"2023": 96_000, "2024": 96_000, "2025": 10_000}
    )
    assert spread["m2_per_team_year"]["ts"]["min"] == pytest.approx(10_000)
    assert set(spread["sha_cancelled_frac"]) == {"all", "ap_mine", "ap_improvised", "erw"}
    assert d["sha_origin"]["rule"] == "all_released"
    # NTS rests on 0.5 team-years: listed as a warning.
    assert any("nts teams" in w and "0.5 team-years" in w for w in d["warnings"])


# --- where released land began -------------------------------------------------------------
LINKED_HAZARDS = [
    {
        "hazard_id": "S1",
        "region": "North",
        "status": "sha",
        "contamination_type": "ap_mine",
        "area_m2": 100_000,
    },
    {
        "hazard_id": "C1",
        "region": "North",
        "status": "cha",
        "contamination_type": "ap_mine",
        "area_m2": 300_000,
    },
]
LINK_COLUMNS = (
    "year",
    "region",
    "method",
    "area_m2",
    "contamination_type",
    "hazard_id",
    "status_at_start",
)
LINKED_HISTORY = [
    (2025, "North", "cancelled", 30_000, "ap_mine", "S1", None),  # cancelled: began as SHA
    (2025, "North", "reduced", 10_000, "ap_mine", "S1", None),  # S1 is an SHA: SHA
    (2025, "North", "reduced", 20_000, "ap_mine", "C1", None),  # C1 is a CHA: CHA
    (2025, "North", "cleared", 40_000, "ap_mine", "C1", None),  # CHA
    (2025, "North", "cleared", 20_000, "ap_mine", "GONE", "sha"),  # released, says SHA
    (2025, "North", "cleared", 8_000, "ap_mine", "GONE2", None),  # released, says nothing
    (2025, "North", "cancelled", 10_000, "ap_mine", None, None),  # no link: cancelled → SHA
]


def test_cancellation_share_over_land_that_began_as_sha(make_country):
    """Worked on paper (one year, 2025, ap_mine):

    land that began as SHA
      cancelled   30,000 (S1) + 10,000 (no link)                     = 40,000
      reduced     10,000 (S1 is an SHA in the baseline)              = 10,000
      cleared     20,000 (GONE, status_at_start sha)
                  + 8,000 × 0.25 (GONE2 says nothing: the baseline's SHA share of ap_mine
                    area, 100,000 / 400,000)                         = 22,000
      in all                                                         = 72,000
    sha_cancelled_frac = 40,000 / 72,000 = 5/9.
    The 20,000 reduced and 40,000 cleared on C1 (a CHA) are left out. Read as before (all
    released land as SHA) it would be 40,000 / 138,000. ts_reduced_frac stays over all land:
    30,000 / (30,000 + 68,000).
    """
    rows = [dict(zip(LINK_COLUMNS, r, strict=True)) for r in LINKED_HISTORY]
    country = make_country(LINKED_HAZARDS, rows)
    cal = calibrate(country.releases, 1, up_to_year=2025, hazards=country.hazards)
    assert cal.sha_cancelled_frac["ap_mine"] == pytest.approx(5 / 9)
    assert cal.ts_reduced_frac["ap_mine"] == pytest.approx(30 / 98)
    assert cal.origin.rule == "status_at_start+hazard_links+baseline_share"
    # Reduced and cleared land whose origin a row says: 10 + 20 + 40 + 20 of 98 thousand m².
    assert cal.origin.known_frac == pytest.approx(90 / 98)
    assert cal.origin.baseline_sha_frac == pytest.approx(0.25)
    # Without the baseline the links say nothing; every row but GONE's (which says SHA) is
    # read as before, as SHA: 40,000 / 138,000.
    plain = calibrate(country.releases, 1, up_to_year=2025)
    assert plain.sha_cancelled_frac["ap_mine"] == pytest.approx(40 / 138)
    assert plain.origin.rule == "status_at_start+all_released"


def test_status_at_start_wins_over_the_link(make_country):
    # S1's reduced 10,000 now says it began as CHA: SHA land 30,000 + 10,000 cancelled,
    # 20,000 + 2,000 cleared → 40,000 / 62,000.
    history = [list(r) for r in LINKED_HISTORY]
    history[1][6] = "cha"
    rows = [dict(zip(LINK_COLUMNS, r, strict=True)) for r in history]
    country = make_country(LINKED_HAZARDS, rows)
    cal = calibrate(country.releases, 1, up_to_year=2025, hazards=country.hazards)
    assert cal.sha_cancelled_frac["ap_mine"] == pytest.approx(40 / 62)


def test_a_country_without_sha_gets_no_share_from_cha_land(make_country):
    # Every baseline area is a CHA and the history names none: the reduced and cleared land
    # began as CHA (the baseline's SHA share is 0), so the SHA land released is the
    # cancelled land alone → 1, not 10,000 / 100,000.
    rows = [
        (2025, "North", "cancelled", 10_000, "ap_mine", None, None),
        (2025, "North", "reduced", 30_000, "ap_mine", None, None),
        (2025, "North", "cleared", 60_000, "ap_mine", None, None),
    ]
    only_cha = [{**LINKED_HAZARDS[1]}]
    country = make_country(only_cha, [dict(zip(LINK_COLUMNS, r, strict=True)) for r in rows])
    cal = calibrate(country.releases, 1, up_to_year=2025, hazards=country.hazards)
    assert cal.sha_cancelled_frac["ap_mine"] == pytest.approx(1.0)
    assert cal.origin.rule == "baseline_share"


# --- release not split by method -----------------------------------------------------------
def test_unsplit_release_is_split_like_the_known_release(make_country):
    # 2025: cancelled 30,000, reduced 10,000, cleared 60,000 (split 0.3 : 0.1 : 0.6);
    # released_by_survey 40,000 → cancelled 30,000 + reduced 10,000 (3 : 1);
    # released_unspecified 100,000 → 30,000 + 10,000 + 60,000.
    # Totals C 90,000, R 30,000, K 120,000: fc = 90/240, fr = 30/150. The 5 NTS team-years on
    # the unsplit row are not used (which stage did that work is unknown).
    rows = [
        (2025, "North", "cancelled", 30_000, "ap_mine", None, None),
        (2025, "North", "reduced", 10_000, "ap_mine", None, None),
        (2025, "North", "cleared", 60_000, "ap_mine", None, None),
        (2025, "North", "released_by_survey", 40_000, "ap_mine", 5.0, "nts"),
        (2025, "North", "released_unspecified", 100_000, "ap_mine", None, None),
    ]
    columns = ("year", "region", "method", "area_m2", "contamination_type", "teams", "asset")
    country = make_country(HAZARDS, [dict(zip(columns, r, strict=True)) for r in rows])
    cal = calibrate(country.releases, 1, up_to_year=2025)
    assert cal.sha_cancelled_frac["ap_mine"] == pytest.approx(90 / 240)
    assert cal.ts_reduced_frac["ap_mine"] == pytest.approx(30 / 150)
    assert "nts" not in cal.m2_per_team_year
    assert cal.split.shares == pytest.approx(
        {
            "released_by_survey.cancelled": 0.75,
            "released_by_survey.reduced": 0.25,
            "released_unspecified.cancelled": 0.3,
            "released_unspecified.reduced": 0.1,
            "released_unspecified.cleared": 0.6,
        }
    )
    table = cal.release_by_year.set_index("contamination_type")
    assert table.loc["ap_mine", "cancelled_area_m2"] == pytest.approx(90_000)


def test_unsplit_release_with_no_split_to_copy_is_left_out_with_a_warning(make_country):
    rows = [
        {
            "year": 2025,
            "region": "North",
            "method": "released_unspecified",
            "area_m2": 50_000,
            "contamination_type": "ap_mine",
        }
    ]
    cal = calibrate(make_country(HAZARDS, rows).releases, 3, up_to_year=2025)
    assert cal.years == ()
    (problem,) = cal.warnings
    assert "50,000 m²" in str(problem)
    assert problem.severity == "warning"


# --- the sample near completion --------------------------------------------------------------
def test_cascadia_gets_no_cancellation_share_from_cha_land_and_warns_of_thin_nts_records():
    country = load_country(ROOT / "sample_countries" / "cascadia")
    scenario = load_scenario("baseline", country.scenarios_dir, baseline_year=2025)
    with pytest.warns(LandreleaseWarning, match=r"nts teams .* team-years") as record:
        fc, _, productivity, cal = resolve_assumptions(country, scenario)
    assert cal is not None
    # Cascadia's baseline has no SHA: its reduced and cleared land began as CHA; what it
    # cancelled began as SHA. Read over all released land, the share was about 0.095.
    assert cal.origin.baseline_sha_frac == 0.0
    assert fc["ap_mine"] == pytest.approx(1.0)
    assert cal.team_years["nts"] < 1.0
    assert [str(w.message) for w in record].count(str(cal.thin_records(("nts",))[0])) == 1
    # A productivity under one team-year: about 3 km² a team-year, not 31.6.
    assert productivity["nts"] < 5e6


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
    # C1: CHA ap_mine 50,000; calibrated fr 5/12 → reduced 20,833, cleared 29,167.
    # TS 1 team × 96,000 → 50,000/96,000 of a year (2026); manual 3 × 10,000 = 30,000 m²
    # a year: clearance follows TS, whose 29,167 m² to clear come at 56,000 a year, so it
    # works at full capacity from 1 January and needs 0.97 of a year → ends in 2026.
    scenario = make_scenario(CALIBRATED)
    _, fr, productivity, cal = resolve_assumptions(country, scenario)
    assert cal is not None
    assert cal.years == (2023, 2024, 2025)
    assert fr["ap_mine"] == pytest.approx(5 / 12)
    assert productivity["ts"] == pytest.approx(96_000)
    assert productivity["mdd"] == 0.0  # calibrated, no records, but no mdd teams planned
    result = project(country, scenario)
    row = result.schedule.iloc[0]
    assert row["reduced_area_m2"] == pytest.approx(50_000 * 5 / 12)
    assert row["cleared_area_m2"] == pytest.approx(50_000 * 7 / 12)
    assert (int(row["ts_year"]), int(row["clearance_year"])) == (2026, 2026)
    assert result.summary["calibration"]["years"] == [2023, 2024, 2025]
    assert result.summary["assumptions"]["ts_reduced_frac"]["ap_mine"] == pytest.approx(5 / 12)


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


def test_records_whose_method_was_not_recorded_are_left_out(make_country):
    """Closed hazards used as history count as 'cleared' with method_recorded = false: had
    they counted, 1,000,000 m² 'cleared' in 2024 would have pushed that year's ap_mine
    shares towards 0. They change nothing: the calibration equals that of the history
    without them, years included."""
    rows = [
        *releases_rows(),
        {"year": 2024, "region": "North", "method": "cleared", "area_m2": 1_000_000,
         "contamination_type": "ap_mine", "method_recorded": False},
        {"year": 2022, "region": "North", "method": "cleared", "area_m2": 1_000_000,
         "contamination_type": "ap_mine", "method_recorded": "no"},
    ]  # fmt: skip
    country = make_country(HAZARDS, rows, regions=("North", "South"))
    plain = make_country(HAZARDS, releases_rows(), regions=("North", "South"))
    cal = calibrate(country.releases, 3, up_to_year=2025)
    without = calibrate(plain.releases, 3, up_to_year=2025)
    assert cal.years == without.years == (2023, 2024, 2025)
    assert cal.sha_cancelled_frac == pytest.approx(without.sha_cancelled_frac)
    assert cal.ts_reduced_frac == pytest.approx(without.ts_reduced_frac)
    assert cal.sha_cancelled_frac["ap_mine"] > 0.2  # not pushed towards 0


def test_thin_team_records_warn_only_when_a_projection_uses_them(country, make_scenario):
    # NTS rests on 0.5 team-years (2023). Planned NTS teams with calibrated productivity:
    # a warning naming the kind and the team-years. No NTS teams: no warning.
    with_nts = make_scenario({**CALIBRATED, "teams": {**CALIBRATED["teams"], "nts": 1}})
    with pytest.warns(LandreleaseWarning, match=r"nts teams .* 0\.5 team-years"):
        resolve_assumptions(country, with_nts)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        resolve_assumptions(country, make_scenario(CALIBRATED))
    assert [str(w.message) for w in caught] == []
