"""Plan realisation in the forecast: the State's record by default, the reference class of
a file through the command line, and none where there is nothing to realise."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from landrelease.cli.main import main
from landrelease.errors import LandreleaseWarning
from landrelease.forecast import forecast, resolve_uncertainty
from landrelease.forecast.realisation import PAST_PACE_NOTE, default_realisation
from landrelease.scenario import scenario_from_dict

ROOT = Path(__file__).resolve().parents[2]
DRAWS = 40
"""Few draws: these tests check where the multipliers come from, not their quantiles."""


def _fit(result):
    return result.uncertainty["plan_realisation"]["fit"]


def test_the_states_own_record_by_default(sample):
    country, scenario = sample("cascadia")
    result = forecast(country, scenario, draws=DRAWS, seed=3)
    fit = _fit(result)
    assert (fit["requested"], fit["source"], fit["fallback"]) == ("own", "own", None)
    assert fit["years"] == sorted(m.year for m in country.info.milestones)


def test_the_record_slows_the_plan(sample):
    country, scenario = sample("cascadia")
    none = scenario_from_dict(
        {**scenario.raw, "uncertainty": {"plan_realisation": "none"}},
        baseline_year=country.info.baseline_year,
    )
    own = forecast(country, scenario, draws=DRAWS, seed=3)
    planned = forecast(country, none, draws=DRAWS, seed=3)
    assert _fit(planned)["source"] == "none"
    # the same draws of every other input (common random numbers), capacity times a
    # multiplier whose median is about 0.8 (cascadia meets its milestones at 75-87%)
    later = own.draws["completion_year"].fillna(9999) >= planned.draws["completion_year"].fillna(
        9999
    )
    assert later.mean() > 0.9
    assert own.summary["completion_year_p50"] >= planned.summary["completion_year_p50"]


def test_without_three_past_milestones_the_forecast_says_so(sample):
    country, scenario = sample("borealis")
    with pytest.warns(LandreleaseWarning, match="0 past milestone year"):
        result = forecast(country, scenario, draws=5, seed=0)
    fit = _fit(result)
    assert (fit["requested"], fit["source"]) == ("own", "none")
    assert "fewer than 3" in fit["fallback"]


def test_a_past_release_pace_is_not_realised_again(sample):
    country, scenario = sample("cascadia")
    past = scenario_from_dict(
        {**scenario.raw, "pace": {"mode": "past_release"}},
        baseline_year=country.info.baseline_year,
    )
    realisation = default_realisation(country, past, resolve_uncertainty(country, past))
    assert (realisation.source, realisation.fallback) == ("none", PAST_PACE_NOTE)


@pytest.fixture
def cascadia(tmp_path):
    folder = tmp_path / "cascadia"
    shutil.copytree(ROOT / "sample_countries" / "cascadia", folder)
    (folder / "scenarios" / "reference.toml").write_text(
        'base = "baseline"\n[uncertainty]\nplan_realisation = "file"\n'
        'plan_realisation_file = "reference_class.csv"\n',
        encoding="utf-8",
    )
    return folder


def test_a_reference_class_from_the_country_folder(cascadia, tmp_path):
    (cascadia / "reference_class.csv").write_text(
        "state,ratio\nA,0.5\nA,0.6\nB,0.9\nC,0.7\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    args = ["forecast", str(cascadia), "--scenario", "reference", "--draws", "10", "--out"]
    assert main([*args, str(out)]) == 0
    summary = json.loads((out / "forecast_summary.json").read_text(encoding="utf-8"))
    fit = summary["uncertainty"]["plan_realisation"]["fit"]
    assert (fit["source"], fit["n_ratios"]) == ("file", 4)


def test_a_bad_reference_class_is_a_message(cascadia, capsys):
    (cascadia / "reference_class.csv").write_text("ratio\n0.8\n80\n", encoding="utf-8")
    args = ["forecast", str(cascadia), "--scenario", "reference", "--draws", "10"]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "reference_class.csv, row 3, column ratio" in err
    assert "a percentage must be divided by 100" in err


def test_file_without_a_file_name_is_a_scenario_error(cascadia, capsys):
    (cascadia / "scenarios" / "nofile.toml").write_text(
        'base = "baseline"\n[uncertainty]\nplan_realisation = "file"\n', encoding="utf-8"
    )
    assert main(["forecast", str(cascadia), "--scenario", "nofile", "--draws", "5"]) == 1
    assert '"file" needs plan_realisation_file' in capsys.readouterr().err
