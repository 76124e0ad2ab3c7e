"""Money in the projection: what teams cost and do, worked on paper, and the aurelia case of
issue 10 (more manual teams with the same money must not finish later)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from landrelease import load_country
from landrelease.engine import capacity, project, work
from landrelease.engine.items import build_items
from landrelease.engine.project import resolve_assumptions
from landrelease.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[2]

TWO_AREAS = [
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
        "region": "North",
        "status": "cha",
        "contamination_type": "av_mine",
        "area_m2": 20_000,
        "priority": 2,
    },
]
ONE_TS_TEAM: dict[str, Any] = {
    "period": {"start_year": 2026, "end_year": 2032},
    "release": {"ts_reduced_frac": 1.0},
    "teams": {"nts": 0, "ts": 1, "manual": 0},
    "costs": {
        "usd_per_team_year": {"ts": 100_000},
        "fixed_programme_usd_per_year": 50_000,
        "risk_education_usd_per_year": 10_000,
    },
    "funding": {"national_usd_per_year": 1_000_000},
}


def column(frame: Any, name: str) -> list[float]:
    return [float(v) for v in frame[name]]


# Article 5 split. One TS team (20,000 m² a year, US$100,000), fr = 1 (TS reduces all):
#   A ap_mine 30,000 m² = 1.5 team-years, B av_mine 20,000 m² = 1.0 team-year, A first.
#   2026: 1.0 on A.  2027: 0.5 on A (done mid-year), 0.5 on B.  2028: 0.5 on B (done at
#   mid-year; the team is paid the whole year, all of its work that year was on B).
#   Article 5 team-years 1, 0.5, 0; others 0, 0.5, 1 (paid team-years split by work).
#   Fixed + risk education 60,000 a year, split like the team-years:
#   2026: Article 5 100,000 + 60,000 = 160,000;  2027: 50,000 + 30,000 = 80,000 each side;
#   2028: other work 160,000. Money never binds: deployed = planned.
def test_costs_split_between_article5_and_other_work_by_team_years(make_country, make_scenario):
    result = project(make_country(TWO_AREAS), make_scenario(ONE_TS_TEAM))
    annual = result.annual
    assert list(annual["year"]) == [2026, 2027, 2028]
    assert column(annual, "article5_team_years") == pytest.approx([1.0, 0.5, 0.0])
    assert column(annual, "non_article5_team_years") == pytest.approx([0.0, 0.5, 1.0])
    assert column(annual, "article5_cost_usd") == pytest.approx([160_000, 80_000, 0])
    assert column(annual, "non_article5_cost_usd") == pytest.approx([0, 80_000, 160_000])
    assert column(annual, "article5_planned_cost_usd") == pytest.approx([160_000, 80_000, 0])
    assert result.summary["article5_cost_usd"] == pytest.approx(240_000)
    assert result.summary["non_article5_cost_usd"] == pytest.approx(240_000)


# Cost inflation 10% a year from the start year: the same team costs 100,000, 110,000,
# 121,000; fixed and risk education 60,000, 66,000, 72,600. Planned 160,000 + 176,000 +
# 193,600 = 529,600.
def test_cost_inflation_compounds_from_the_start_year(make_country, make_scenario):
    costs = {**ONE_TS_TEAM["costs"], "cost_inflation_frac_per_year": 0.1}
    result = project(make_country(TWO_AREAS), make_scenario({**ONE_TS_TEAM, "costs": costs}))
    assert column(result.annual, "planned_cost_ts_usd") == pytest.approx(
        [100_000, 110_000, 121_000]
    )
    assert column(result.annual, "fixed_programme_usd") == pytest.approx([50_000, 55_000, 60_500])
    assert result.summary["planned_cost_usd"] == pytest.approx(529_600)


# Ramp-up. A CHA of 60,000 m² (3 TS team-years); TS teams 1 in 2026, 2 from 2027.
#   ramp_up_years 0: capacity 1, 2 → cumulative 1, 3: done in 2027.
#   ramp_up_years 1: the new team gives half in 2027: capacity 1, 1.5, 2 → cumulative 1,
#   2.5, 4.5: done in 2028. Both new and old teams are paid in full: 1, 2, 2 team-years.
@pytest.mark.parametrize(("ramp", "done", "capacity"), [(0, 2027, [1, 2]), (1, 2028, [1, 2, 2])])
def test_new_teams_reach_full_output_after_the_ramp_up(
    make_country, make_scenario, ramp, done, capacity
):
    area = [{**TWO_AREAS[0], "area_m2": 60_000}]
    teams = {"nts": 0, "ts": {"2026": 1, "2027": 2}, "manual": 0, "ramp_up_years": ramp}
    result = project(make_country(area), make_scenario({**ONE_TS_TEAM, "teams": teams}))
    assert result.completion_year == done
    assert column(result.annual, "funded_team_years_ts") == pytest.approx(capacity)


# Teams released, money freed. One SHA of 100,000 m² (fc 0.5: NTS 1 team-year, then
# 50,000 m² for TS, fr 0, so 50,000 m² to clear), NTS 1, TS 5 (20,000 m² each → 2.5
# team-years of TS work), manual 4 (10,000 m² each); each team US$100,000; money 800,000 a
# year, nothing else to pay. Plan 1,000,000 a year: spending order nts, ts, manual.
#   2026: NTS 100,000, TS 500,000, manual 200,000 of 400,000 → 2 manual team-years.
#   NTS done at the end of 2026 (its one area); TS follows NTS across the area (its work is
#   ready at 2.5 team-years a year, under the 5 it can do) and ends with it at t 1.0.
#   Clearance follows TS (ready at 50,000 m² a year, over its 20,000): 20,000 m² in 2026.
#   2027: NTS and TS released: manual paid in full, 4 team-years = 40,000 m² → 60,000 ≥
#   50,000: done in 2027 (t 1.75).
#   (Had NTS and TS teams been paid to wait, manual would have had 2 team-years every year,
#   40,000 m² by the end of 2027, and finished in 2028.)
def test_money_freed_by_released_teams_pays_the_next_kinds(make_country, make_scenario):
    area = [{**TWO_AREAS[0], "status": "sha", "area_m2": 100_000}]
    scenario = make_scenario(
        {
            "period": {"start_year": 2026, "end_year": 2032},
            "release": {"sha_cancelled_frac": 0.5, "ts_reduced_frac": 0.0},
            "teams": {"nts": 1, "ts": 5, "manual": 4},
            "costs": {"usd_per_team_year": {"nts": 100_000, "ts": 100_000, "manual": 100_000}},
            "funding": {"national_usd_per_year": 800_000},
        }
    )
    result = project(make_country(area), scenario)
    annual = result.annual
    assert column(annual, "funded_team_years_nts") == pytest.approx([1, 0])
    assert column(annual, "funded_team_years_ts") == pytest.approx([5, 0])
    assert column(annual, "funded_team_years_manual") == pytest.approx([2, 4])
    assert column(annual, "planned_team_years_manual") == pytest.approx([4, 4])
    assert result.completion_year == 2027
    assert column(annual, "cost_usd") == pytest.approx([800_000, 400_000])
    assert column(annual, "planned_cost_usd") == pytest.approx([1_000_000, 400_000])
    assert column(annual, "funding_gap_usd") == pytest.approx([200_000, 0])


@pytest.fixture(scope="module")
def aurelia():
    return load_country(ROOT / "sample_countries" / "aurelia")


def test_more_manual_teams_with_the_same_money_never_finish_aurelia_later(aurelia, tmp_path):
    """Issue 10: raising aurelia's manual teams from 300 to 400 from 2027 with the same
    money moved completion from 2037 to 2039 when every kind was cut alike. Manual teams
    give the least m² per US$, so they are paid last and the extra teams cost survey and
    the other clearance kinds nothing."""
    folder = aurelia.scenarios_dir
    year = aurelia.info.baseline_year
    baseline = load_scenario("baseline", folder, baseline_year=year)
    # a scenario's base is a name in its own folder: copy baseline beside the new one
    (tmp_path / "baseline.toml").write_bytes((folder / "baseline.toml").read_bytes())
    path = tmp_path / "more_manual.toml"
    path.write_text(
        'name = "more_manual"\nbase = "baseline"\n\n[teams]\nmanual = { 2026 = 300, 2027 = 400 }\n',
        encoding="utf-8",
    )
    more = load_scenario(path, tmp_path, baseline_year=year)
    plain, extra = project(aurelia, baseline), project(aurelia, more)
    assert plain.summary["assumptions"]["spending_order"][-1] == "manual"
    assert extra.article5_completion_year <= plain.article5_completion_year
    assert extra.completion_year <= plain.completion_year
    n = min(len(plain.annual), len(extra.annual))
    for kind in ("nts", "ts", "mechanical", "mdd"):  # paid before manual teams
        deployed = extra.annual[f"planned_team_years_{kind}"].to_numpy()[:n] > 0
        got = extra.annual[f"funded_team_years_{kind}"].to_numpy()[:n][deployed]
        had = plain.annual[f"funded_team_years_{kind}"].to_numpy()[:n][deployed]
        assert (got >= had - 1e-9).all(), kind


def test_interim_sample_surveys_first_then_follows_the_full_plan(aurelia):
    """The interim-request sample (an unclear baseline: three quarters of aurelia's area is
    suspected) surveys every suspected area within the three years it requests, then runs
    the baseline's full plan."""
    folder, year = aurelia.scenarios_dir, aurelia.info.baseline_year
    interim = load_scenario("interim", folder, baseline_year=year)
    baseline = load_scenario("baseline", folder, baseline_year=year)
    assert interim.requested_deadline_date is not None
    survey_end = max(year for year, _ in interim.teams["nts"].values) - 1  # survey teams leave
    first, full = project(aurelia, interim), project(aurelia, baseline)

    def sha_left(result: Any) -> float:
        a = result.annual
        return float(a.loc[a["year"] == survey_end, "remaining_sha_area_m2"].iloc[0])

    assert sha_left(first) == pytest.approx(0.0, abs=1.0)
    assert sha_left(full) > 0
    later = interim.years > survey_end
    for kind in ("manual", "mechanical", "mdd", "ts"):
        planned = interim.teams[kind].over(interim.years)[later]
        assert (planned == baseline.teams[kind].over(baseline.years)[later]).all(), kind


def test_a_plan_from_its_basis_is_the_plan_and_deploy_computes_the_basis_once(
    make_country, make_scenario
):
    area = [{**TWO_AREAS[0], "status": "sha", "area_m2": 100_000}]
    scenario = make_scenario(
        {
            "period": {"start_year": 2026, "end_year": 2032},
            "release": {"sha_cancelled_frac": 0.5, "ts_reduced_frac": 0.0},
            "teams": {"nts": 1, "ts": 5, "manual": 4},
            "costs": {"usd_per_team_year": {"nts": 100_000, "ts": 100_000, "manual": 100_000}},
            "funding": {"national_usd_per_year": 800_000},
        }
    )
    m2 = {"nts": 50_000.0, "ts": 20_000.0, "manual": 4_000.0}
    basis = capacity.plan_basis(scenario, m2)
    for until in (None, {"nts": 0, "ts": 1, "clearance": 6}, {"nts": -1, "ts": -1, "clearance": 2}):
        fresh = capacity.yearly_plan(scenario, m2, until)
        reused = capacity.yearly_plan(scenario, m2, until, basis=basis)
        for field in dataclasses.fields(fresh):
            a, b = getattr(fresh, field.name), getattr(reused, field.name)
            if isinstance(a, dict):
                assert a.keys() == b.keys(), field.name
                for k in a:
                    np.testing.assert_array_equal(a[k], b[k], err_msg=field.name)
            else:
                np.testing.assert_array_equal(a, b, err_msg=field.name)
    calls = []
    country = make_country(area)
    fc, fr, m2_, cal = resolve_assumptions(country, scenario)
    kernels = dataclasses.replace(
        work.ENGINE_KERNELS, basis=lambda *a: calls.append(1) or capacity.plan_basis(*a)
    )
    worked = work.work_plan(
        scenario, build_items(country, scenario), fc, fr, m2_, cal, kernels=kernels
    )  # teams released: the plan worked twice
    assert worked.end.all_index == 1  # 2027
    assert calls == [1]


def _worked(country, scenario, start):
    """The plan worked from ``start`` (stage ends to release the teams at first), and how
    many times its stages were worked."""
    fc, fr, m2, cal = resolve_assumptions(country, scenario)
    items = build_items(country, scenario)
    passes = []
    kernels = work.PlanKernels(
        work.ENGINE_KERNELS.stages,
        lambda *a: passes.append(1) or work.ENGINE_KERNELS.completion(*a),
        work.ENGINE_KERNELS.stage_ends,
    )
    worked = work.work_plan(scenario, items, fc, fr, m2, cal, kernels=kernels, start_ends=start)
    return worked, len(passes)


def _same_work(a, b) -> None:
    for stage in ("nts", "ts", "clearance"):
        np.testing.assert_array_equal(a.plan.capacity(stage), b.plan.capacity(stage))
    for field in ("nts_year", "ts_year", "clearance_year", "done_year"):
        np.testing.assert_array_equal(getattr(a.outcome, field), getattr(b.outcome, field))
    for part in ("nts", "ts", "clearance"):
        np.testing.assert_allclose(
            getattr(a.outcome, part).levels, getattr(b.outcome, part).levels, rtol=1e-12
        )
    assert (a.end.all_index, a.end.article5_index) == (b.end.all_index, b.end.article5_index)
    np.testing.assert_array_equal(a.end.residual, b.end.residual)


FREED = {  # the money freed by released teams (above): the plan is worked twice from scratch
    "period": {"start_year": 2026, "end_year": 2032},
    "release": {"sha_cancelled_frac": 0.5, "ts_reduced_frac": 0.0},
    "teams": {"nts": 1, "ts": 5, "manual": 4},
    "costs": {"usd_per_team_year": {"nts": 100_000, "ts": 100_000, "manual": 100_000}},
    "funding": {"national_usd_per_year": 800_000},
}


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(-1, 6), min_size=3, max_size=3))
def test_teams_released_from_any_start_give_the_same_plan_and_work(
    make_country, make_scenario, ends
):
    area = [{**TWO_AREAS[0], "status": "sha", "area_m2": 100_000}]
    country, scenario = make_country(area), make_scenario(FREED)
    cold, passes = _worked(country, scenario, None)
    assert passes == 2
    start = dict(zip(("nts", "ts", "clearance"), ends, strict=True))
    warm, _ = _worked(country, scenario, start)
    _same_work(warm, cold)
    right, passes = _worked(country, scenario, cold.released_at)  # where the teams ended
    _same_work(right, cold)
    assert passes == 1
    assert cold.released_at == {"nts": 0, "ts": 0, "clearance": 1}
