"""A draw is the projection of the scenario and country the draw describes: every input
moved at once, worked through the per-draw path, against ``project()`` of the same changes
written into the scenario and the hazards by hand."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from landrelease.engine import project
from landrelease.forecast import evaluate, inputs_at, prepare_draws, resolve_uncertainty
from landrelease.forecast.distributions import Z90
from landrelease.scenario.model import TYPES

HAZARDS = [
    {
        "hazard_id": "A",
        "region": "North",
        "status": "sha",
        "contamination_type": "ap_mine",
        "area_m2": 150_000.0,
        "priority": 1,
    },
    {
        "hazard_id": "B",
        "region": "South",
        "status": "cha",
        "contamination_type": "mixed",
        "area_m2": 60_000.0,
        "priority": 2,
    },
    {
        "hazard_id": "C",
        "region": "South",
        "status": "sha",
        "contamination_type": "erw",
        "area_m2": 90_000.0,
        "priority": 3,
        "accessible": False,
    },
    {
        "hazard_id": "D",
        "region": "North",
        "status": "sha",
        "contamination_type": "ap_mine",
        "area_m2": 40_000.0,
        "priority": 4,
    },
]
SCENARIO = {
    "teams": {"nts": 1, "ts": 3, "manual": {"2026": 3, "2028": 5}, "ramp_up_years": 1},
    "costs": {
        "usd_per_team_year": {
            "nts": 90_000,
            "ts": 100_000,
            "manual": 80_000,
            "mechanical": 0,
            "mdd": 0,
        },
        "fixed_programme_usd_per_year": 40_000,
        "residual_years": 2,
    },
    "funding": {
        "national_usd_per_year": 250_000,
        "international_secured_usd_per_year": 150_000,
        "international_expected_usd_per_year": 120_000,
        "count_expected": True,
    },
    "discoveries": {
        "sha_area_m2_per_year": {"ap_mine": 15_000},
        "decay_frac_per_year": 0.1,
        "last_year": 2030,
    },
    "uncertainty": {
        "sha_cancelled_frac": {"p10": 0.3, "p90": 0.7},
        "ts_reduced_frac": {"p10": 0.2, "p90": 0.6},
        "productivity": {"manual": {"p10": 0.7, "p90": 1.3}, "ts": {"p10": 0.8, "p90": 1.1}},
        "secured_factor": {"p10": 0.8, "p90": 1.0},
        "discoveries_factor": {"p10": 0.5, "p90": 2.0},
        "sha_area_factor": {"p10": 0.9, "p90": 1.2},
        "access_year": {"p10": 2027, "p50": 2029, "p90": 2031},
        "ramp_up_years": {"p10": 0, "p50": 1, "p90": 2},
    },
}


@pytest.mark.parametrize("side", [-1.0, 1.0])
@pytest.mark.parametrize("arrives", [0.0, 1.0])
def test_a_draw_is_the_projection_of_what_it_draws(make_country, make_scenario, side, arrives):
    country = make_country(HAZARDS)
    scenario = make_scenario(SCENARIO)
    u = resolve_uncertainty(country, scenario)
    z = {i.name: [side * Z90] for i in u.inputs}
    inputs = inputs_at(u, z, len(scenario.years), [arrives])
    drawn = evaluate(prepare_draws(country, scenario), inputs)

    v = {name: {k: float(a[0]) for k, a in by.items()} for name, by in inputs.values.items()}
    raw = copy.deepcopy(SCENARIO)
    raw.pop("uncertainty")
    raw["release"] = {
        "sha_cancelled_frac": {t: v["sha_cancelled_frac"][t] for t in TYPES},
        "ts_reduced_frac": {t: v["ts_reduced_frac"][t] for t in TYPES},
    }
    prod = {"nts": 100_000, "ts": 20_000, "manual": 10_000, "mechanical": 50_000, "mdd": 30_000}
    raw["productivity"] = {k: prod[k] * v[f"productivity.{k}"]["value"] for k in prod}
    raw["productivity"]["type_factor"] = 1.0
    f = raw["funding"]
    secured = v["secured_factor"]["value"]
    f["national_usd_per_year"] = 250_000 * secured
    f["international_secured_usd_per_year"] = 150_000 * secured
    f["international_expected_usd_per_year"] = 120_000 * arrives
    raw["discoveries"]["sha_area_m2_per_year"] = {
        "ap_mine": 15_000 * v["discoveries_factor"]["value"]
    }
    raw["teams"]["ramp_up_years"] = int(v["ramp_up_years"]["value"])
    raw["access"] = {"inaccessible_from_year": int(v["access_year"]["value"])}
    factor = v["sha_area_factor"]["value"]
    revised = [
        {**h, "area_m2": h["area_m2"] * factor} if h["status"] == "sha" else h for h in HAZARDS
    ]
    expected = project(make_country(revised), make_scenario(raw))

    years = scenario.years
    a5 = drawn.article5_completion_index[0]
    assert (None if a5 < 0 else int(years[a5])) == expected.article5_completion_year
    done = drawn.completion_index[0]
    assert (None if done < 0 else int(years[done])) == expected.completion_year
    # discoveries are scaled after they are shared out: the same numbers up to rounding
    assert drawn.planned_cost_usd[0] == pytest.approx(expected.summary["planned_cost_usd"])
    kept = len(expected.annual)
    assert drawn.annual[0, :kept, 0] == pytest.approx(
        expected.annual["remaining_area_m2"].to_numpy(), rel=1e-9, abs=1e-6
    )
    assert np.allclose(drawn.annual[0, :kept, 7], expected.annual["planned_cost_usd"])
