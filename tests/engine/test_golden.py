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
        _assert_close(actual_summary[key], value, key)


def _assert_close(actual: object, expected: object, where: str) -> None:
    """Equal, with floats (also inside nested dicts and lists) to 1e-9 relative: summation
    order may differ between pandas back ends, the numbers may not."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict), where
        assert actual.keys() == expected.keys(), where
        for k in expected:
            _assert_close(actual[k], expected[k], f"{where}.{k}")
    elif isinstance(expected, list):
        assert isinstance(actual, list), where
        assert len(actual) == len(expected), where
        for i, (a, e) in enumerate(zip(actual, expected, strict=True)):
            _assert_close(a, e, f"{where}[{i}]")
    elif isinstance(expected, float):
        assert actual == pytest.approx(expected, rel=1e-9, abs=1e-6), where
    else:
        assert actual == expected, where
