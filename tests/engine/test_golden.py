"""Golden outputs: every sample country's scenarios against tests/data/golden.

A failure here means the numbers changed. If the change is intended, regenerate with
``python scripts/make_golden.py`` and review the diff of tests/data/golden before committing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from landrelease import load_country
from landrelease.engine import project
from landrelease.scenario import list_scenarios, load_scenario

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "data" / "golden"
CASES = [(c, s) for c in ("aurelia", "borealis", "cascadia")
         for s in list_scenarios(ROOT / "sample_countries" / c / "scenarios")]


@pytest.fixture(scope="module")
def countries():
    return {c: load_country(ROOT / "sample_countries" / c) for c in ("aurelia", "borealis",
                                                                      "cascadia")}


def test_every_sample_scenario_has_golden_files():
    assert len(CASES) >= 9
    for country, scenario in CASES:
        assert (GOLDEN / country / scenario / "summary.json").is_file(), (country, scenario)


@pytest.mark.parametrize(("country", "scenario"), CASES)
def test_projection_matches_golden(countries, country, scenario):
    c = countries[country]
    result = project(c, load_scenario(scenario, c.scenarios_dir,
                                      baseline_year=c.info.baseline_year))
    folder = GOLDEN / country / scenario
    for table in ("annual", "annual_by_region", "annual_by_type"):
        expected = pd.read_csv(folder / f"{table}.csv")
        actual = getattr(result, table).reset_index(drop=True)
        assert list(actual.columns) == list(expected.columns), table
        pd.testing.assert_frame_equal(actual, expected, check_dtype=False, rtol=1e-9,
                                      atol=1e-6, obj=f"{country}/{scenario}/{table}")
    expected_summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    actual_summary = json.loads(json.dumps(result.summary, default=float))
    assert actual_summary.keys() == expected_summary.keys()
    for key, value in expected_summary.items():
        if isinstance(value, float):
            assert actual_summary[key] == pytest.approx(value, rel=1e-9, abs=1e-6), key
        else:
            assert actual_summary[key] == value, key
