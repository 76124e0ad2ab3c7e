"""A forecast of a scenario with donors' lines: secured lines move with the draw's
``secured_factor``, expected lines with the year's arrival; the draw is the projection of
the lines so changed, and the compiled draw is the numpy one."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from landrelease.engine import project
from landrelease.forecast import (
    evaluate,
    forecast,
    inputs_at,
    prepare_draws,
    resolve_uncertainty,
    sample_inputs,
)
from landrelease.forecast.distributions import Z90

HAZARDS = [
    {
        "hazard_id": f"H{i}",
        "region": "North" if i % 2 else "South",
        "status": "sha" if i % 3 else "cha",
        "contamination_type": "ap_mine",
        "area_m2": 40_000.0 + 10_000.0 * i,
        "priority": i,
    }
    for i in range(1, 7)
]
SCENARIO = {
    "teams": {"nts": 1, "ts": 3, "manual": {"2026": 3, "2028": 5}, "mdd": 2},
    "costs": {
        "usd_per_team_year": {
            "nts": 90_000,
            "ts": 100_000,
            "manual": 80_000,
            "mechanical": 0,
            "mdd": 60_000,
        },
        "fixed_programme_usd_per_year": 40_000,
    },
    "funding": {
        "national_usd_per_year": 150_000,
        "international_secured_usd_per_year": 100_000,
        "count_expected": True,
        "lines": [
            {
                "donor": "Nordland",
                "status": "secured",
                "usd_per_year": 150_000,
                "from_year": 2026,
                "to_year": 2030,
            },
            {"donor": "Trust", "status": "secured", "earmark": "mdd", "usd_per_year": 90_000},
            {
                "donor": "Westmark",
                "status": "expected",
                "earmark": "manual",
                "usd_per_year": {"2027": 120_000, "2031": 80_000},
            },
        ],
    },
    "uncertainty": {  # only money and manual productivity vary
        "sha_cancelled_frac": "fixed",
        "ts_reduced_frac": "fixed",
        "productivity": {"manual": {"p10": 0.7, "p90": 1.3}, "default": "fixed"},
        "secured_factor": {"p10": 0.6, "p90": 1.0},
        "expected_arrival_frac": 0.5,
        "discoveries_factor": "fixed",
        "sha_area_factor": "fixed",
        "plan_realisation": "none",
    },
}


@pytest.mark.parametrize("side", [-1.0, 1.0])
def test_a_draw_is_the_projection_of_its_lines(make_country, make_scenario, side):
    country = make_country(HAZARDS)
    scenario = make_scenario(SCENARIO)
    u = resolve_uncertainty(country, scenario)
    n_years = len(scenario.years)
    arrives = np.array([1.0 if i % 2 else 0.0 for i in range(n_years)])
    z = {i.name: [side * Z90] for i in u.inputs}
    inputs = inputs_at(u, z, n_years, [0.0])
    inputs = type(inputs)(inputs.values, arrives[None, :], inputs.capacity_factor)
    drawn = evaluate(prepare_draws(country, scenario), inputs)

    secured = float(inputs.values["secured_factor"]["value"][0])
    manual = float(inputs.values["productivity.manual"]["value"][0])
    raw = copy.deepcopy(SCENARIO)
    raw.pop("uncertainty")
    raw["productivity"] = {"manual": 10_000 * manual}
    f = raw["funding"]
    f["national_usd_per_year"] = 150_000 * secured
    f["international_secured_usd_per_year"] = 100_000 * secured
    nordland, trust, westmark = f["lines"]
    nordland["usd_per_year"] = 150_000 * secured
    trust["usd_per_year"] = 90_000 * secured
    years = scenario.years
    pledged = scenario.funding.lines[2].over(years)
    westmark["usd_per_year"] = {
        str(y): float(v * a)
        for y, v, a in zip(years, pledged, arrives, strict=True)
        if 2027 <= y <= 2031
    }
    expected = project(country, make_scenario(raw))

    done = drawn.article5_completion_index[0]
    assert (None if done < 0 else int(years[done])) == expected.article5_completion_year
    assert drawn.planned_cost_usd[0] == pytest.approx(expected.summary["planned_cost_usd"])
    kept = len(expected.annual)
    assert drawn.annual[0, :kept, 0] == pytest.approx(
        expected.annual["remaining_area_m2"].to_numpy(), rel=1e-9, abs=1e-6
    )


def test_compiled_draws_with_lines_are_the_reference_draws(make_country, make_scenario):
    country = make_country(HAZARDS)
    scenario = make_scenario(SCENARIO)
    model = prepare_draws(country, scenario)
    inputs = sample_inputs(resolve_uncertainty(country, scenario), 8, model.n_years, seed=3)
    got = evaluate(model, inputs)
    want = evaluate(model, inputs, compiled=False)
    assert np.array_equal(got.completion_index, want.completion_index)
    assert np.array_equal(got.article5_completion_index, want.article5_completion_index)
    assert np.allclose(got.planned_cost_usd, want.planned_cost_usd, rtol=1e-9)
    assert np.allclose(got.annual, want.annual, rtol=1e-9, atol=1e-6)


def test_a_forecast_of_a_scenario_with_lines_runs(make_country, make_scenario):
    country = make_country(HAZARDS)
    scenario = make_scenario(SCENARIO)
    result = forecast(country, scenario, draws=40, seed=1)
    without = copy.deepcopy(SCENARIO)
    without["funding"].pop("lines")
    poorer = forecast(country, make_scenario(without), draws=40, seed=1)
    # the same draws (common random numbers) with the donors' money on top: never later
    assert result.summary["draws"] == 40

    def years(r):
        column = r.draws["article5_completion_year"].astype("Float64")
        return column.fillna(np.inf).to_numpy(dtype=float)

    assert (years(result) <= years(poorer)).all()
    assert (years(result) < years(poorer)).any()
