"""A draw's plan basis from the parts its case shares (forecast/draw_basis.py) against the
engine's plan_basis of the drawn scenario (the reference): equal to the last bit."""

from __future__ import annotations

import dataclasses
import importlib.util
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from landrelease.engine.capacity import PlanBasis, plan_basis
from landrelease.forecast import prepare_draws, resolve_uncertainty, sample_inputs
from landrelease.forecast.draw_basis import basis_parts
from landrelease.forecast.draw_inputs import DrawInputs
from landrelease.forecast.draw_model import _draw_scenario, _one

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location(
    "engine_invariants", ROOT / "tests/engine/test_invariants.py"
)
assert _spec is not None
assert _spec.loader is not None
strategies: Any = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(strategies)


def assert_same_basis(got: PlanBasis, want: PlanBasis) -> None:
    for field in dataclasses.fields(want):
        a, b = getattr(got, field.name), getattr(want, field.name)
        if isinstance(b, dict):
            assert a.keys() == b.keys(), field.name
            for key in b:
                assert np.array_equal(a[key], b[key]), (field.name, key)
        elif isinstance(b, np.ndarray):
            assert np.array_equal(a, b), field.name
        else:
            assert a == b, field.name


def _check(model, inputs: DrawInputs) -> None:
    parts = basis_parts(model.scenario)
    assert parts is not None
    for i in range(inputs.n):
        drawn = _draw_scenario(model, inputs, i)
        secured = _one(inputs.values, "secured_factor", i)
        got = parts.basis(
            model.productivity,
            1.0 if secured is None else secured,
            inputs.expected_arrives[i],
            drawn.ramp_up_years,
        )
        assert_same_basis(got, plan_basis(drawn, model.productivity))


@pytest.mark.parametrize("name", ["aurelia", "cascadia"])
def test_a_draws_basis_is_the_drawn_scenarios(sample, name):
    country, scenario = sample(name, "baseline")
    model = prepare_draws(country, scenario)
    uncertainty = resolve_uncertainty(country, scenario)
    _check(model, sample_inputs(uncertainty, 20, model.n_years, seed=11))


@given(
    rows=strategies.hazard_rows(),
    overrides=strategies.scenario_dicts(),
    seed=st.integers(0, 2**16),
)
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_a_draws_basis_is_the_drawn_scenarios_on_random_scenarios(
    make_country, make_scenario, rows, overrides, seed
):
    country = make_country(rows, regions=strategies.REGIONS)
    scenario = make_scenario(overrides)
    model = prepare_draws(country, scenario)
    uncertainty = resolve_uncertainty(country, scenario)
    _check(model, sample_inputs(uncertainty, 5, model.n_years, seed=seed))


def test_donors_lines_keep_the_engines_path(sample):
    _, scenario = sample("borealis", "baseline")
    assert scenario.funding.lines
    assert basis_parts(scenario) is None
