"""The request's confidence table: how likely the plan's dates are, one row per case of a
forecast, in every format and read back; empty without a forecast; where the widths came
from in words."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from landrelease.domain.country import Country
from landrelease.domain.schema import request_schemas
from landrelease.engine import ProjectionResult, project
from landrelease.errors import LandreleaseError
from landrelease.export.request_write import write_request
from landrelease.forecast import ForecastResult, forecast
from landrelease.io import load_country, read_request
from landrelease.io.request_read import coerce_request_table
from landrelease.reports.request import FORECAST_TABLES, build_request_pack
from landrelease.reports.request.confidence import confidence, widths_source
from landrelease.scenario import load_scenario

SAMPLES = Path(__file__).resolve().parents[2] / "sample_countries"
CREATED = dt.datetime(2026, 1, 15, 12, 0, tzinfo=dt.UTC)
DRAWS = 30  # a few draws: these tests are about the table, not the forecast's accuracy


@cache
def cascadia() -> tuple[Country, ProjectionResult, ForecastResult]:
    country = load_country(SAMPLES / "cascadia")
    scenario = load_scenario("baseline", country.scenarios_dir, baseline_year=2025)
    result = project(country, scenario)
    likely = forecast(country, scenario, draws=DRAWS, seed=7, cases=("secured_only", "plan"))
    return country, result, likely


def hand_made(**summary: object) -> ForecastResult:
    """A forecast result written by hand: two cases, one whose P90 falls after the horizon."""
    cases = {
        "plan": {
            "completion_year_p10": 2030,
            "completion_year_p50": 2032,
            "completion_year_p90": "after 2040",
            "article5_completion_year_p10": 2029,
            "article5_completion_year_p50": 2031,
            "article5_completion_year_p90": 2035,
            "p_complete_by_deadline": 0.25,
            "p_complete_by_requested": None,
            "p_within_10_years": 0.875,
            "planned_cost_usd_p10": 1.0e6,
            "planned_cost_usd_p50": 1.5e6,
            "planned_cost_usd_p90": 2.5e6,
        },
    }
    cases["todays_teams"] = {**cases["plan"], "p_complete_by_deadline": 0.0}
    uncertainty = {
        "none": False,
        "inputs": {
            "sha_cancelled_frac": {"p10": 0.3, "p50": 0.4, "p90": 0.5, "source": "calibration"},
            "productivity.manual": {"p10": 0.9, "p50": 1, "p90": 1.1, "source": "calibration"},
            "secured_factor": {"p10": 0.9, "p50": 1, "p90": 1, "source": "default"},
            "access_year": {"p10": 2030, "p50": 2030, "p90": 2030, "source": "default"},
        },
        "productivity_noise_frac": {
            "value": 0.0,
            "by_stage": {"ts": {"value": 0.1, "source": "s"}, "nts": {"value": 0.0}},
        },
        "revision_sd_log": {"value": 0.0, "drift_log": 0.0, "source": "none"},
        "expected_arrival_frac": {"value": 0.5, "source": "default"},
        "plan_realisation": {"fit": {"source": "own", "years": [2019, 2024], "median_ratio": 0.8}},
    }
    return ForecastResult(
        annual=pd.DataFrame(),
        by_region=pd.DataFrame(),
        summary={"scenario": "x", "scenario_hash": "abc", "cases": cases, **summary},
        draws=pd.DataFrame(),
        seed=3,
        n_draws=80,
        uncertainty=uncertainty,
        provenance={"uncertainty_hash": "u"},
    )


def test_the_table_worked_out_by_hand():
    table = confidence(hand_made())
    assert list(table.columns) == list(request_schemas()["confidence"].names)
    assert list(table["case"]) == ["plan", "todays_teams"]
    plan = table.iloc[0]
    assert (plan["completion_year_p10"], plan["completion_year_p50"]) == (2030, 2032)
    assert pd.isna(plan["completion_year_p90"])  # after the horizon: blank
    assert plan["article5_completion_year_p90"] == 2035
    assert (plan["p_complete_by_deadline"], plan["p_within_10_years"]) == (0.25, 0.875)
    assert pd.isna(plan["p_complete_by_requested"])  # no requested deadline
    assert plan["planned_cost_usd_p50"] == 1.5e6
    assert (plan["draws"], plan["seed"]) == (80, 3)
    assert table.iloc[1]["p_complete_by_deadline"] == 0.0
    assert plan["widths_source"] == (
        "calibration: sha_cancelled_frac, productivity.manual; default: secured_factor; "
        "yearly noise (ts): s; expected money arriving (50% a year): default; "
        "plan realisation: the State's record 2019–2024 (median 80% of plan)"
    )
    _, problems = coerce_request_table("confidence", table)
    assert problems == []


def test_without_a_forecast_the_table_is_empty_with_its_columns():
    table = confidence(None)
    assert table.empty
    assert list(table.columns) == list(request_schemas()["confidence"].names)


def test_widths_source_says_when_nothing_varies_and_when_the_record_is_too_short():
    assert widths_source({"none": True}).startswith("none")
    short = {"plan_realisation": {"fit": {"fallback": "the track record has 1 year"}}}
    assert widths_source(short) == "plan realisation: none (the track record has 1 year)"
    assert widths_source({"plan_realisation": {"mode": "none"}}) == "plan realisation: none"


def test_a_forecast_of_another_scenario_is_refused():
    with pytest.raises(LandreleaseError, match=r"forecast the request's scenario"):
        confidence(hand_made(), scenario_hash="not-abc")


def test_the_pack_carries_the_forecasts_figures_plan_first():
    country, result, likely = cascadia()
    pack = build_request_pack(country, result, forecast=likely, created=CREATED)
    table = pack["confidence"]
    assert list(table["case"]) == ["plan", "secured_only"]
    for row in table.itertuples():
        figures = likely.case(row.case)
        assert row.article5_completion_year_p50 == figures["article5_completion_year_p50"]
        assert row.p_complete_by_deadline == figures["p_complete_by_deadline"]
        assert row.p_within_10_years == figures["p_within_10_years"]
        assert row.planned_cost_usd_p90 == figures["planned_cost_usd_p90"]
        assert (row.draws, row.seed) == (DRAWS, 7)
    assert pack.metadata["forecast_draws"] == str(DRAWS)
    assert pack.metadata["forecast_seed"] == "7"
    assert pack.metadata["forecast_uncertainty_hash"] == likely.provenance["uncertainty_hash"]
    plain = build_request_pack(country, result, created=CREATED)
    assert plain["confidence"].empty
    assert "forecast_draws" not in plain.metadata
    # the other tables do not change with the forecast
    for name in pack.tables:
        if name not in (*FORECAST_TABLES, "narrative"):
            pd.testing.assert_frame_equal(pack[name], plain[name], obj=name)


@pytest.mark.parametrize(("target", "exact"), [("pack.xlsx", False), ("pack", True)])
def test_written_and_read_back(tmp_path, target, exact):
    country, result, likely = cascadia()
    pack = build_request_pack(country, result, forecast=likely, created=CREATED)
    back = read_request(write_request(pack, tmp_path / target, forecast=likely))
    expected, problems = coerce_request_table("confidence", pack["confidence"])
    assert problems == []
    pd.testing.assert_frame_equal(
        back["confidence"], expected, check_exact=exact, rtol=1e-15, obj="confidence"
    )


def test_a_pack_written_before_the_confidence_table_reads_with_it_empty(tmp_path):
    country, result, likely = cascadia()
    pack = build_request_pack(country, result, forecast=likely, created=CREATED)
    path = write_request(pack, tmp_path / "old.xlsx")
    book = openpyxl.load_workbook(path)
    del book["confidence"]
    book.save(path)
    back = read_request(path)
    assert back["confidence"].empty
    assert list(back["confidence"].columns) == list(request_schemas()["confidence"].names)
    assert list(back.tables) == list(pack.tables)
