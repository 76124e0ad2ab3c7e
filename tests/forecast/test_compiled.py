"""The compiled kernels of the forecast against the engine's numpy functions (the reference):
the same stage outcome, the same yearly totals, the same draws."""

from __future__ import annotations

import dataclasses
import importlib.util
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from landrelease.engine.capacity import yearly_plan
from landrelease.engine.completion import complete
from landrelease.engine.items import build_items
from landrelease.engine.project import resolve_assumptions
from landrelease.engine.stages import StageOutcome, run_stages
from landrelease.errors import LandreleaseWarning
from landrelease.forecast import evaluate, prepare_draws, resolve_uncertainty, sample_inputs
from landrelease.forecast.compiled import StageRunner
from landrelease.forecast.draws import _reference_totals
from landrelease.forecast.totals import yearly_totals
from landrelease.scenario.model import TYPES

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location(
    "engine_invariants", ROOT / "tests/engine/test_invariants.py"
)
assert _spec is not None
assert _spec.loader is not None
strategies: Any = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(strategies)

RTOL = 1e-12
"""Compiled and numpy kernels compute the same formulas on the same points; only the last
bits of a floating-point operation may differ (a fused multiply-add in one of them)."""


def assert_same_outcome(got: StageOutcome, want: StageOutcome) -> None:
    for field in dataclasses.fields(want):
        a, b = getattr(got, field.name), getattr(want, field.name)
        if dataclasses.is_dataclass(b):
            for sub in dataclasses.fields(b):
                x, y = getattr(a, sub.name), getattr(b, sub.name)
                assert np.allclose(x, y, rtol=RTOL, atol=0, equal_nan=True), (
                    field.name,
                    sub.name,
                )
        elif np.asarray(b).dtype.kind == "f":
            assert np.allclose(a, b, rtol=RTOL, atol=0, equal_nan=True), field.name
        else:
            assert np.array_equal(a, b), field.name


def _inputs(country, scenario):
    fc, fr, productivity, _ = resolve_assumptions(country, scenario)
    items = build_items(country, scenario)
    shares = (
        np.array([fc.get(t, 0.0) for t in TYPES]),
        np.array([fr.get(t, 0.0) for t in TYPES]),
    )
    factor = np.array([scenario.productivity.factor(t) for t in TYPES])
    plan = yearly_plan(scenario, productivity)
    return items, (*shares, factor, productivity["nts"], productivity["ts"], plan)


@given(rows=strategies.hazard_rows(), overrides=strategies.scenario_dicts())
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_compiled_stages_and_totals_are_the_engines(make_country, make_scenario, rows, overrides):
    country = make_country(rows, regions=strategies.REGIONS)
    scenario = make_scenario(overrides)
    items, args = _inputs(country, scenario)
    runner = StageRunner()
    assert_same_outcome(runner(items, *args), run_stages(items, *args))
    # again, with the finds after completion set aside as complete() does (the runner
    # reuses its order of work)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LandreleaseWarning)
        outcome, end = complete(items, lambda work: run_stages(work, *args), scenario.years, 0.0)
        compiled, compiled_end = complete(
            items, lambda work: runner(work, *args), scenario.years, 0.0
        )
    assert_same_outcome(compiled, outcome)
    assert np.array_equal(compiled_end.residual, end.residual)

    model = prepare_draws(country, scenario)
    worked = dataclasses.make_dataclass("W", ["outcome", "end"])(outcome, end)
    national, regional = yearly_totals(
        items, outcome, end.residual, model.is_ap, len(scenario.years)
    )
    want_national, want_regional = _reference_totals(model, items, worked)
    assert np.allclose(national, want_national, rtol=1e-9, atol=1e-6)
    assert np.allclose(regional, want_regional, rtol=1e-9, atol=1e-6)


@pytest.mark.parametrize("name", ["aurelia", "cascadia"])
def test_compiled_draws_are_the_reference_draws(sample, name):
    country, scenario = sample(name, "baseline")
    uncertainty = resolve_uncertainty(country, scenario)
    model = prepare_draws(country, scenario)
    inputs = sample_inputs(uncertainty, 6, model.n_years, seed=5)
    got = evaluate(model, inputs)
    want = evaluate(model, inputs, compiled=False)
    assert np.array_equal(got.completion_index, want.completion_index)
    assert np.array_equal(got.article5_completion_index, want.article5_completion_index)
    assert np.allclose(got.planned_cost_usd, want.planned_cost_usd, rtol=1e-9)
    assert np.allclose(got.annual, want.annual, rtol=1e-9, atol=1e-6)
    assert np.allclose(got.by_region, want.by_region, rtol=1e-9, atol=1e-6)
