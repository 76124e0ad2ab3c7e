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
from hypothesis import strategies as st

from landrelease.engine.capacity import yearly_plan
from landrelease.engine.completion import PlanEnd, complete
from landrelease.engine.costs import stage_ends
from landrelease.engine.items import build_items
from landrelease.engine.project import resolve_assumptions
from landrelease.engine.stages import StageOutcome, run_stages
from landrelease.engine.tables import open_counts
from landrelease.errors import LandreleaseWarning
from landrelease.forecast import (
    compiled,
    evaluate,
    prepare_draws,
    resolve_uncertainty,
    sample_inputs,
)
from landrelease.forecast.compiled import StageRunner
from landrelease.forecast.compiled_completion import (
    Counted,
    complete_compiled,
    open_at_year_end,
    stage_ends_compiled,
)
from landrelease.forecast.compiled_tally import IS_AP_TYPE
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


def assert_same_end(got: PlanEnd, want: PlanEnd) -> None:
    for field in dataclasses.fields(want):
        a, b = getattr(got, field.name), getattr(want, field.name)
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
    # the compiled completion (and its open counts) against the engine's, bit for bit,
    # with no residual capacity and with the scenario's
    for residual_m2 in (0.0, scenario.costs.residual_m2_per_year):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", LandreleaseWarning)
            want, want_end = complete(
                items, lambda work: run_stages(work, *args), scenario.years, residual_m2
            )
            counted = Counted()
            got, got_end = complete_compiled(
                items, lambda work: run_stages(work, *args), scenario.years, residual_m2, counted
            )
        assert_same_end(got_end, want_end)
        assert_same_outcome(got, want)
        n = len(scenario.years)
        assert stage_ends_compiled(items, want, n) == stage_ends(items, want, n)
        # what the completion counted of its outcome: the same ends and open years (asked
        # of another outcome, or with another residual, they count it afresh)
        for outcome_asked in (got, want):
            assert counted.stage_ends(items, outcome_asked, n) == stage_ends(items, want, n)
        for residual_asked in (got_end.residual, want_end.residual.copy()):
            assert np.array_equal(
                counted.active(items, got, residual_asked, n),
                open_counts(items, want, n, ~want_end.residual)[1],
            )
        # with the runner's counts, made as it puts its outcome back in item order
        counted = Counted(runner)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", LandreleaseWarning)
            got, got_end = complete_compiled(
                items, lambda work: runner(work, *args), scenario.years, residual_m2, counted
            )
        assert_same_end(got_end, want_end)
        assert_same_outcome(got, want)
        assert counted.stage_ends(items, got, n) == stage_ends(items, want, n)
        assert np.array_equal(
            counted.active(items, got, got_end.residual, n),
            open_counts(items, want, n, ~want_end.residual)[1],
        )
        for mask in (~want_end.residual, items.is_sha):
            for a, b in zip(
                open_at_year_end(items, want, n, mask),
                open_counts(items, want, n, mask),
                strict=True,
            ):
                assert np.array_equal(a, b)

    # worked again with half the clearance capacity (teams released): the runner reuses
    # what did not change, and the first outcome is left as it was
    half = dataclasses.replace(args[-1], clearance_capacity_m2=args[-1].clearance_capacity_m2 / 2)
    first = runner(items, *args)
    assert_same_outcome(runner(items, *args[:-1], half), run_stages(items, *args[:-1], half))
    assert_same_outcome(first, run_stages(items, *args))

    model = prepare_draws(country, scenario)  # its items are in serving order: not these
    worked = dataclasses.make_dataclass("W", ["outcome", "end"])(outcome, end)
    national, regional = yearly_totals(
        items, outcome, end.residual, IS_AP_TYPE[items.type_code], len(scenario.years)
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


def test_runner_works_again_only_the_stages_whose_capacity_changed(sample, monkeypatch):
    country, scenario = sample("aurelia", "baseline")
    items, args = _inputs(country, scenario)
    plan = args[-1]
    runner = StageRunner()
    runner(items, *args)
    calls = []
    real = compiled.stage_from
    monkeypatch.setattr(compiled, "stage_from", lambda *a: calls.append(a[0]) or real(*a))
    less = dataclasses.replace(plan, clearance_capacity_m2=plan.clearance_capacity_m2 * 0.9)
    got = runner(items, *args[:-1], less)
    assert calls == [0]  # clearance only, from the start: NTS and TS are as before
    assert_same_outcome(got, run_stages(items, *args[:-1], less))
    runner(items, *args[:-1], dataclasses.replace(less, ts_capacity=plan.ts_capacity * 0.9))
    assert calls == [0, 0, 0]  # TS changed: TS and clearance


def test_runner_works_a_stage_again_from_the_first_year_that_changed(sample, monkeypatch):
    country, scenario = sample("aurelia", "baseline")
    items, args = _inputs(country, scenario)
    plan = args[-1]
    runner = StageRunner()
    runner(items, *args)
    calls = []
    real = compiled.stage_from
    monkeypatch.setattr(compiled, "stage_from", lambda *a: calls.append(a[0]) or real(*a))
    clearance = plan.clearance_capacity_m2.copy()
    clearance[10:] *= 1.5
    more = dataclasses.replace(plan, clearance_capacity_m2=clearance)
    got = runner(items, *args[:-1], more)
    assert calls == [10]
    assert_same_outcome(got, run_stages(items, *args[:-1], more))


def _bits(got: StageOutcome, want: StageOutcome) -> None:
    for field in dataclasses.fields(want):
        a, b = getattr(got, field.name), getattr(want, field.name)
        pairs = (
            [(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(b)]
            if dataclasses.is_dataclass(b)
            else [(a, b)]
        )
        for x, y in pairs:
            assert np.array_equal(x, y, equal_nan=np.asarray(y).dtype.kind == "f"), field.name


@given(data=st.data())
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_a_stage_worked_again_from_a_year_is_the_stage_worked_from_the_start(sample, data):
    """Capacities changed from random years (released teams' money): the runner that works
    each stage again from the year its inputs changed gives a fresh runner's outcome, bit
    for bit, and again after a second change."""
    country, scenario = sample("aurelia", "baseline")
    items, args = _inputs(country, scenario)
    plan = args[-1]
    n = len(plan.years)
    runner = StageRunner()
    runner(items, *args)
    for _ in range(2):
        changed = {}
        for name in ("nts_capacity", "ts_capacity", "clearance_capacity_m2"):
            capacity = getattr(plan, name).copy()
            year = data.draw(st.integers(0, n), label=f"{name} from year")
            factor = data.draw(st.floats(0.3, 3.0), label=f"{name} factor")
            capacity[year:] *= factor
            changed[name] = capacity
        plan = dataclasses.replace(plan, **changed)
        _bits(runner(items, *args[:-1], plan), StageRunner()(items, *args[:-1], plan))


@given(
    data=st.lists(
        st.tuples(
            st.floats(0, 1e9, allow_nan=False), st.integers(0, 2)
        ),  # area, 0 neither / 1 first / 2 second mask
        max_size=30,
    ),
    first_factor=st.one_of(st.just(1.0), st.floats(0.1, 10.0)),
    factor=st.one_of(st.just(1.0), st.floats(0.1, 10.0)),
)
def test_scaled_areas_are_the_masked_products(data, first_factor, factor):
    area = np.array([a for a, _ in data], dtype=float)
    first = np.array([m == 1 for _, m in data], dtype=bool)
    second = np.array([m == 2 for _, m in data], dtype=bool)
    want = np.where(first, area * first_factor, area)
    want = np.where(second, want * factor, want)
    got = compiled.scaled_areas(area, first, first_factor, second, factor)
    assert np.array_equal(got, want)
    assert got is not area
