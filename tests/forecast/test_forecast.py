"""Monte Carlo forecasts: the anchor on the engine (uncertainty off = project), seeds and
executors, the invariants, and what the summary's probabilities mean."""

from __future__ import annotations

import dataclasses
import datetime as dt
import warnings
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from landrelease.engine import project
from landrelease.errors import LandreleaseWarning
from landrelease.forecast import ForecastError, forecast, run
from landrelease.forecast.draws import NO_ENDS, DrawOutcome
from landrelease.forecast.result import case_summary
from landrelease.io.country import load_country
from landrelease.scenario import load_scenario, scenario_from_dict
from landrelease.scenario.uncertainty import UncertaintySpec

AREAS = (
    "remaining_area_m2",
    "cancelled_area_m2",
    "reduced_area_m2",
    "cleared_area_m2",
    "released_area_m2",
    "discovered_area_m2",
    "planned_cost_usd",
    "funding_gap_usd",
)


def hazards(areas: list[float], sha: list[bool]) -> list[dict]:
    return [
        {
            "hazard_id": f"H{i}",
            "region": "North" if i % 2 else "South",
            "status": "sha" if s else "cha",
            "contamination_type": "ap_mine" if i % 3 else "erw",
            "area_m2": a,
            "priority": i + 1,
        }
        for i, (a, s) in enumerate(zip(areas, sha, strict=True))
    ]


MONEY = {
    "teams": {"nts": 1, "ts": 2, "manual": 4},
    "costs": {
        "usd_per_team_year": {
            "nts": 100_000,
            "ts": 100_000,
            "manual": 100_000,
            "mechanical": 0,
            "mdd": 0,
        },
        "fixed_programme_usd_per_year": 50_000,
        "residual_years": 1,
    },
    "funding": {
        "national_usd_per_year": 200_000,
        "international_secured_usd_per_year": 150_000,
        "international_expected_usd_per_year": 100_000,
        "count_expected": True,
    },
    "discoveries": {"sha_area_m2_per_year": 20_000, "decay_frac_per_year": 0.2, "last_year": 2029},
}
"""Money binds (the plan's teams cost 700,000 a year; 350,000 secured, 100,000 expected)."""


def off(scenario):
    return dataclasses.replace(scenario, uncertainty=UncertaintySpec(none=True))


def assert_anchor(country, scenario, draws=3):
    """With uncertainty off, every draw is the projection: P10 = P50 = P90 = its values."""
    result = forecast(country, off(scenario), draws=draws, seed=7)
    expected = project(country, scenario)
    annual = result.annual.set_index("year")
    a5 = expected.annual_by_type
    a5 = a5[a5["contamination_type"].isin(["ap_mine", "ap_improvised", "mixed"])]
    a5 = a5.groupby("year")["remaining_area_m2"].sum()
    for row in expected.annual.itertuples():
        for q in (
            "remaining_area_m2",
            "cancelled_area_m2",
            "reduced_area_m2",
            "cleared_area_m2",
            "released_area_m2",
            "discovered_area_m2",
            "planned_cost_usd",
            "funding_gap_usd",
        ):
            want = getattr(row, q)
            for p in ("p10", "p50", "p90"):
                # sums of the same numbers in the same order: equal but for the last bits
                assert annual.at[row.year, f"{q}_{p}"] == pytest.approx(want, rel=1e-9, abs=1e-6)
        for p in ("p10", "p50", "p90"):
            got = annual.at[row.year, f"article5_remaining_area_m2_{p}"]
            assert got == pytest.approx(a5[row.year], rel=1e-9, abs=1e-6)
    by_region = result.by_region.set_index(["year", "region"])
    for row in expected.annual_by_region.itertuples():
        for p in ("p10", "p50", "p90"):
            got = by_region.at[(row.year, row.region), f"remaining_area_m2_{p}"]
            assert got == pytest.approx(row.remaining_area_m2, rel=1e-9, abs=1e-6)
    case = result.case("plan")
    after = f"after {scenario.end_year}"
    for p in (10, 50, 90):
        assert case[f"completion_year_p{p}"] == (expected.completion_year or after)
        assert case[f"article5_completion_year_p{p}"] == (
            expected.article5_completion_year or after
        )
    years = result.draws["article5_completion_year"]
    if expected.article5_completion_year is None:
        assert years.isna().all()
    else:
        assert (years == expected.article5_completion_year).all()
    assert result.draws["planned_cost_usd"].to_numpy() == pytest.approx(
        expected.summary["planned_cost_usd"], rel=1e-9
    )


@pytest.mark.parametrize(
    ("name", "scenario"),
    [
        ("aurelia", "baseline"),
        ("aurelia", "funding_cut"),
        ("borealis", "baseline"),
        ("cascadia", "baseline"),
        ("cascadia", "surge"),
    ],
)
def test_uncertainty_off_every_draw_is_the_projection(sample, name, scenario):
    assert_anchor(*sample(name, scenario))


def test_uncertainty_off_every_draw_is_the_projection_of_past_release(sample):
    country, scenario = sample("borealis", "baseline")
    raw = {
        **scenario.raw,
        "pace": {"mode": "past_release", "model": "proportional"},
        "costs": {
            **scenario.raw.get("costs", {}),
            "usd_per_m2": {"cancelled": 0.1, "reduced": 0.8, "cleared": 3.0},
        },
    }
    past = scenario_from_dict(raw, baseline_year=country.info.baseline_year)
    assert_anchor(country, past)


def test_uncertainty_off_on_a_small_country_with_money_binding(make_country, make_scenario):
    country = make_country(hazards([120_000, 40_000, 300_000, 25_000], [True, False, True, True]))
    assert_anchor(country, make_scenario(MONEY))


def test_uncertainty_off_with_finds_after_completion_for_the_residual_capacity(
    make_country, make_scenario
):
    # money does not bind and the teams finish the known area early: the finds after the
    # Article 5 completion go to the residual capacity (which can release 60,000 m² a year)
    scenario = make_scenario(
        {
            **MONEY,
            "teams": {"nts": 6, "ts": 30, "manual": 60},
            "costs": {
                **MONEY["costs"],
                "residual_m2_per_year": 60_000,
                "residual_capacity_usd_per_year": 40_000,
            },
            "funding": {**MONEY["funding"], "national_usd_per_year": 5_000_000},
        }
    )
    country = make_country(hazards([120_000, 40_000, 300_000, 25_000], [True, False, True, True]))
    expected = project(country, scenario)
    assert expected.summary["residual_released_area_m2"] > 0
    assert expected.annual["residual_capacity_usd"].sum() > 0
    assert_anchor(country, scenario)


def test_the_same_seed_gives_the_same_result_whatever_the_executor(make_country, make_scenario):
    country = make_country(hazards([120_000, 40_000, 300_000, 25_000], [True, False, True, True]))
    scenario = make_scenario({**MONEY, "uncertainty": {"productivity_noise_frac": 0.2}})
    runs = [forecast(country, scenario, draws=120, seed=3)]  # three chunks of draws
    with ThreadPoolExecutor(2) as pool:
        runs.append(forecast(country, scenario, draws=120, seed=3, executor=pool))
    with ProcessPoolExecutor(2) as pool:
        runs.append(forecast(country, scenario, draws=120, seed=3, executor=pool))
    for other in runs[1:]:
        pd.testing.assert_frame_equal(runs[0].annual, other.annual)
        pd.testing.assert_frame_equal(runs[0].by_region, other.by_region)
        pd.testing.assert_frame_equal(runs[0].draws, other.draws)
        assert runs[0].summary == other.summary
    different = forecast(country, scenario, draws=120, seed=4)
    assert not different.draws.equals(runs[0].draws)


def test_progress_is_reported_up_to_every_draw(make_country, make_scenario):
    seen = []
    country = make_country(hazards([120_000, 40_000], [True, False]))
    forecast(
        country,
        make_scenario(MONEY),
        draws=120,
        cases=("plan", "secured_only"),
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen[-1] == (240, 240)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


@st.composite
def small_countries(draw):
    n = draw(st.integers(2, 6))
    areas = draw(st.lists(st.floats(5_000, 400_000), min_size=n, max_size=n))
    sha = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    return areas, sha, draw(st.integers(0, 2**16))


@given(small_countries())
@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_quantiles_are_ordered_and_more_money_never_lowers_the_chance(
    make_country, make_scenario, case
):
    areas, sha, seed = case
    country = make_country(hazards(areas, sha))
    scenario = make_scenario({**MONEY, "uncertainty": {"productivity_noise_frac": 0.1}})
    richer = make_scenario(
        {
            **MONEY,
            "funding": {**MONEY["funding"], "international_scale": 2.0},
            "uncertainty": {"productivity_noise_frac": 0.1},
        }
    )
    result = forecast(country, scenario, draws=40, seed=seed)
    for table, names in ((result.annual, AREAS), (result.by_region, ("remaining_area_m2",))):
        for q in names:
            assert (table[f"{q}_p10"] <= table[f"{q}_p50"] + 1e-9).all()
            assert (table[f"{q}_p50"] <= table[f"{q}_p90"] + 1e-9).all()
    more = forecast(country, richer, draws=40, seed=seed)
    # common random numbers: draw by draw, more money never finishes later
    late = np.iinfo(np.int64).max
    poor = result.draws["article5_completion_year"].fillna(late).to_numpy()
    rich = more.draws["article5_completion_year"].fillna(late).to_numpy()
    assert (rich <= poor).all()
    assert more.case()["p_complete_by_deadline"] >= result.case()["p_complete_by_deadline"]
    assert more.case()["p_within_10_years"] >= result.case()["p_within_10_years"]


@pytest.mark.parametrize("name", ["aurelia", "borealis", "cascadia"])
def test_a_funding_cut_is_never_more_likely_to_finish(sample, name):
    country, baseline = sample(name, "baseline")
    _, cut = sample(name, "funding_cut")
    a = forecast(country, baseline, draws=30, seed=1)
    b = forecast(country, cut, draws=30, seed=1)
    late = np.iinfo(np.int64).max
    first = a.draws["article5_completion_year"].fillna(late).to_numpy()
    second = b.draws["article5_completion_year"].fillna(late).to_numpy()
    assert (second >= first).all()
    assert b.case()["p_complete_by_deadline"] <= a.case()["p_complete_by_deadline"]

    def year(v):
        return 10_000 if isinstance(v, str) else v

    assert year(b.case()["article5_completion_year_p50"]) >= year(
        a.case()["article5_completion_year_p50"]
    )


class Halves:
    """A plan realised at half its pace every year."""

    def draw_factors(self, rng, n_draws, n_years):
        return np.full((n_draws, n_years), 0.5) * (1 + 0 * rng.random((n_draws, n_years)))


def test_plan_realisation_slows_every_draw(make_country, make_scenario):
    country = make_country(hazards([120_000, 40_000, 300_000], [True, False, True]))
    scenario = make_scenario({**MONEY, "uncertainty": {"none": True}})
    full = forecast(country, scenario, draws=5)
    half = forecast(country, scenario, draws=5, realisation=Halves())
    late = 10_000
    assert (half.draws["completion_year"].fillna(late) > full.draws["completion_year"]).all()


def test_a_draw_after_the_horizon_is_empty_and_the_quantile_says_so(make_country, make_scenario):
    country = make_country(hazards([5_000_000, 4_000_000], [False, False]))
    result = forecast(country, make_scenario({"uncertainty": {"none": True}}), draws=4)
    assert result.case()["article5_completion_year_p50"] == "after 2035"
    assert result.draws["article5_completion_year"].isna().all()
    assert result.case()["p_complete_by_deadline"] == 0.0
    assert result.headline() == (
        "P(complete by 2028-03-01) = 0%; P50 after 2035 (P10 after 2035 – P90 after 2035)"
    )


def test_a_deadline_is_met_by_completion_in_the_year_before_it():
    years = np.arange(2026, 2036)
    # completion 2027 (index 1) meets 1 March 2028; 2028 (index 2) does not; -1: never
    outcome = DrawOutcome(
        completion_index=np.array([1, 2, -1, 1]),
        article5_completion_index=np.array([1, 2, -1, 1]),
        planned_cost_usd=np.zeros(4),
        annual=np.zeros((4, 10, 9)),
        by_region=np.zeros((4, 10, 1, 2)),
        released_at=np.full((4, 3), NO_ENDS),
    )
    dates = {
        "deadline": dt.date(2028, 3, 1),
        "requested": dt.date(2028, 12, 31),
        "within_10_years": dt.date(2038, 3, 1),
    }
    s = case_summary(outcome, years, 2035, dates)
    assert s["p_complete_by_deadline"] == 0.5
    assert s["p_complete_by_requested"] == 0.75
    assert s["p_within_10_years"] == 0.75
    assert s["article5_completion_year_p10"] == 2027
    assert s["article5_completion_year_p90"] == "after 2035"


@pytest.mark.parametrize(
    ("kwargs", "named"),
    [({"draws": 0}, "draws = 0"), ({"cases": ("plan", "wishful")}, "'wishful'")],
)
def test_bad_settings_are_errors(make_country, make_scenario, kwargs, named):
    country = make_country(hazards([10_000], [True]))
    with pytest.raises(ForecastError, match=named):
        forecast(country, make_scenario(), **kwargs)


def test_a_repeated_forecast_fits_and_projects_once_and_warns_each_time(monkeypatch):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # borealis' closed hazards, said elsewhere
        country = load_country(Path(__file__).resolve().parents[2] / "sample_countries/borealis")
    scenario = load_scenario(
        "baseline", country.scenarios_dir, baseline_year=country.info.baseline_year
    )
    fitted = []
    real = run.resolve_uncertainty
    monkeypatch.setattr(run, "resolve_uncertainty", lambda c, s: fitted.append(s) or real(c, s))
    projected = []
    real_project = run.project
    monkeypatch.setattr(run, "project", lambda c, s: projected.append(s) or real_project(c, s))
    results = []
    for again in (scenario, dataclasses.replace(scenario)):  # the same assumptions
        # borealis has too few milestones for a track record: each forecast says so
        with pytest.warns(LandreleaseWarning, match="fewer than 3"):
            results.append(forecast(country, again, draws=20, seed=3))
    assert len(fitted) == 1
    assert len(projected) == 1
    assert results[0].summary == results[1].summary
    other = dataclasses.replace(scenario, ramp_up_years=scenario.ramp_up_years + 1)
    with pytest.warns(LandreleaseWarning, match="fewer than 3"):
        changed = forecast(country, other, draws=20, seed=3)
    assert len(fitted) == 2  # other assumptions: fitted and projected again
    assert len(projected) == 2
    figure = changed.summary["cases"]["plan"]["projection_completion_year"]
    assert figure == project(country, other).completion_year


def test_a_case_sent_to_workers_is_pickled_once_and_unpickled_once_a_worker(
    make_country, make_scenario, monkeypatch
):
    country = make_country(hazards([10_000, 20_000], [True, False]))
    scenario = make_scenario()
    here = forecast(country, scenario, draws=3 * run.CHUNK_DRAWS, seed=5)
    dumped, loaded = [], []
    real_dumps, real_loads = run.pickle.dumps, run.pickle.loads
    monkeypatch.setattr(run.pickle, "dumps", lambda *a: dumped.append(1) or real_dumps(*a))
    monkeypatch.setattr(run.pickle, "loads", lambda *a: loaded.append(1) or real_loads(*a))
    with ThreadPoolExecutor(1) as pool:  # one worker, three chunks
        sent = forecast(country, scenario, draws=3 * run.CHUNK_DRAWS, seed=5, executor=pool)
    assert len(dumped) == 1
    assert len(loaded) == 1
    assert sent.summary == here.summary
    assert sent.draws.equals(here.draws)
    for token in range(run.UNPACKED_KEPT + 2):  # the worker keeps the last few cases only
        run._run_packed(str(token), real_dumps(next(iter(run._UNPACKED.values()))), 5, 0, 1)
    assert len(run._UNPACKED) == run.UNPACKED_KEPT
