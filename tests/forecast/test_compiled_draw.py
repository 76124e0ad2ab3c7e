"""A draw in one compiled call (:mod:`landrelease.forecast.compiled_draw`) against the same
draw through the engine's loop with the compiled kernels (``one_call=False``, itself tested
against the engine's numpy functions in test_compiled.py): every output equal to the last
bit, on random countries, on every sample scenario and case, and with stage ends to start
from (the portfolio's warm start)."""

from __future__ import annotations

import dataclasses
import importlib.util
import warnings
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from landrelease.engine.cases import CASES, case_scenario
from landrelease.errors import LandreleaseWarning
from landrelease.forecast import compiled_draw, prepare_draws, resolve_uncertainty, sample_inputs
from landrelease.forecast.draws import NO_ENDS, DrawOutcome, evaluate

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location(
    "engine_invariants", ROOT / "tests/engine/test_invariants.py"
)
assert _spec is not None
assert _spec.loader is not None
strategies: Any = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(strategies)

SCENARIOS = {
    "aurelia": ("baseline", "current_capacity", "funding_cut", "interim", "surge"),
    "borealis": ("baseline", "current_capacity", "funding_cut", "surge"),
    "cascadia": ("baseline", "funding_cut", "surge"),
}


def assert_identical(got: DrawOutcome, want: DrawOutcome) -> None:
    """Every array of two draws' outcomes equal, bit for bit (NaN where NaN)."""
    for field in dataclasses.fields(DrawOutcome):
        a, b = getattr(got, field.name), getattr(want, field.name)
        assert a.dtype == b.dtype, field.name
        assert np.array_equal(a, b, equal_nan=a.dtype.kind == "f"), field.name


@pytest.fixture
def statuses(monkeypatch: pytest.MonkeyPatch) -> Counter[int]:
    """The status of every one-call draw made while the test runs."""
    seen: Counter[int] = Counter()
    draw = compiled_draw.draw

    def counted(*args: Any) -> Any:
        result = draw(*args)
        seen[int(result[0])] += 1
        return result

    monkeypatch.setattr(compiled_draw, "draw", counted)
    return seen


def _both(model: Any, inputs: Any, **kw: Any) -> tuple[DrawOutcome, DrawOutcome]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LandreleaseWarning)
        return evaluate(model, inputs, **kw), evaluate(model, inputs, one_call=False, **kw)


@pytest.mark.parametrize(
    ("name", "scenario"), [(n, s) for n, names in SCENARIOS.items() for s in names]
)
def test_one_call_draws_are_the_engine_loops_on_every_sample(sample, statuses, name, scenario):
    country, scenario = sample(name, scenario)
    applies = False  # some case without donors' lines in the teams pace
    for case in CASES:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", LandreleaseWarning)
            c, s, _ = case_scenario(country, scenario, case)
            model = prepare_draws(c, s)
            inputs = sample_inputs(resolve_uncertainty(c, s), 12, model.n_years, seed=3)
        applies = applies or not (s.funding.lines or model.past_release)
        got, want = _both(model, inputs)
        assert_identical(got, want)
        # started from the right ends (the same draws' answer), from wrong ones and from none
        ends = want.released_at
        wrong = np.where(ends >= 0, ends - 1, NO_ENDS)
        wrong[::3] = NO_ENDS
        for start in (ends, wrong):
            assert_identical(*_both(model, inputs, start_ends=start))
    # the one-call path is taken where it applies (donors' lines keep the engine's loop)
    assert (statuses[compiled_draw.DONE] > 0) == applies


@given(
    rows=strategies.hazard_rows(),
    overrides=strategies.scenario_dicts(),
    seed=st.integers(0, 2**16),
)
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_one_call_draws_are_the_engine_loops_on_random_countries(
    make_country, make_scenario, statuses, rows, overrides, seed
):
    country = make_country(rows, regions=strategies.REGIONS)
    scenario = make_scenario(overrides)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LandreleaseWarning)
        model = prepare_draws(country, scenario)
        inputs = sample_inputs(resolve_uncertainty(country, scenario), 4, model.n_years, seed=seed)
    before = statuses.total()
    got, want = _both(model, inputs)
    assert_identical(got, want)
    assert_identical(*_both(model, inputs, start_ends=want.released_at))
    applies = not (scenario.funding.lines or model.past_release)
    assert (statuses.total() > before) == applies


@pytest.mark.parametrize("status", [compiled_draw.HELD, compiled_draw.UNSETTLED])
def test_a_draw_the_one_call_leaves_goes_through_the_engine_loop(sample, monkeypatch, status):
    country, scenario = sample("aurelia", "baseline")
    model = prepare_draws(country, scenario)
    inputs = sample_inputs(resolve_uncertainty(country, scenario), 6, model.n_years, seed=1)
    want = evaluate(model, inputs, one_call=False)
    draw = compiled_draw.draw
    calls = []

    def refused(*args: Any) -> Any:
        calls.append(1)
        result = draw(*args)
        return (status, *result[1:]) if len(calls) % 2 else result

    monkeypatch.setattr(compiled_draw, "draw", refused)
    assert_identical(evaluate(model, inputs), want)
    assert len(calls) == 6
