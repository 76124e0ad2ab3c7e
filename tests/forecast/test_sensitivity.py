"""One-at-a-time sensitivity: swings, order, and the base at every P50."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pandas as pd
import pytest

from landrelease.engine import project
from landrelease.forecast import ForecastError, sensitivity

HAZARDS = [
    {
        "hazard_id": f"H{i}",
        "region": "North",
        "status": "sha" if i % 2 else "cha",
        "contamination_type": "ap_mine",
        "area_m2": 60_000.0 + 10_000 * i,
        "priority": i,
    }
    for i in range(1, 6)
]
WIDE = {
    "teams": {"nts": 1, "ts": 10, "manual": 3},
    "uncertainty": {
        "productivity": {"manual": {"p10": 0.6, "p90": 2.5}, "default": "fixed"},
        "sha_cancelled_frac": {"p10": 0.45, "p90": 0.55},
        "ts_reduced_frac": "fixed",
        "secured_factor": "fixed",
        "sha_area_factor": {"p10": 0.999, "p90": 1.001},
    },
}


def test_the_base_is_the_projection_and_the_widest_input_comes_first(make_country, make_scenario):
    country, scenario = make_country(HAZARDS), make_scenario(WIDE)
    result = sensitivity(country, scenario)
    assert (
        result.base["article5_completion_year"]
        == project(country, scenario).article5_completion_year
    )
    table = result.table
    assert table["input"].iloc[0] == "productivity.manual"
    first = table.iloc[0]
    # slower clearance finishes later, faster earlier
    assert first["article5_completion_year_low"] > result.base["article5_completion_year"]
    assert first["article5_completion_year_high"] <= result.base["article5_completion_year"]
    assert "productivity.nts" not in set(table["input"])  # fixed: not swung
    swing = (table["article5_completion_year_high"] - table["article5_completion_year_low"]).abs()
    assert swing.iloc[0] == swing.max()


def test_with_draws_the_other_inputs_vary_and_the_figures_are_medians(make_country, make_scenario):
    country, scenario = make_country(HAZARDS), make_scenario(WIDE)
    result = sensitivity(country, scenario, draws=20, seed=2)
    assert result.draws == 20
    assert result.table["input"].iloc[0] == "productivity.manual"


def test_negative_draws_are_an_error(make_country, make_scenario):
    with pytest.raises(ForecastError, match="draws = -1"):
        sensitivity(make_country(HAZARDS), make_scenario(), draws=-1)


def test_an_executor_gives_the_same_table(make_country, make_scenario):
    country, scenario = make_country(HAZARDS), make_scenario(WIDE)
    here = sensitivity(country, scenario, draws=30, seed=3)  # settings x 30 draws: several chunks
    with ThreadPoolExecutor(2) as pool:
        there = sensitivity(country, scenario, draws=30, seed=3, executor=pool)
    pd.testing.assert_frame_equal(here.table, there.table)
    assert here.base == there.base
