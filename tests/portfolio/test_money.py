"""Additional money on top of a scenario, and saturation: above it nothing changes."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from landrelease.engine import project
from landrelease.engine.capacity import yearly_plan
from landrelease.forecast import evaluate, prepare_draws, resolve_uncertainty, sample_inputs
from landrelease.portfolio.evaluate import subset
from landrelease.portfolio.money import plan_need_usd, saturation_usd, with_additional_funding


def _at(model, usd):
    return dataclasses.replace(model, scenario=with_additional_funding(model.scenario, usd))


@pytest.mark.parametrize("name", ["cascadia", "borealis"])
def test_no_additional_money_projects_as_the_scenario_whatever_its_scale(sample, name):
    """Borealis's cut scales donors' named lines too (an earmarked one among them)."""
    country, scenario = sample(name, "funding_cut")
    assert scenario.funding.international_scale != 1
    assert (name == "borealis") == bool(scenario.funding.lines)
    same = project(country, with_additional_funding(scenario, 0.0))
    pd.testing.assert_frame_equal(same.annual, project(country, scenario).annual)


def test_additional_money_is_added_every_year_and_not_scaled(sample):
    country, scenario = sample("cascadia", "funding_cut")
    prepared = prepare_draws(country, scenario)
    base = yearly_plan(scenario, prepared.productivity)
    more = yearly_plan(with_additional_funding(scenario, 250_000.0), prepared.productivity)
    np.testing.assert_allclose(more.funding_usd - base.funding_usd, 250_000.0, rtol=0, atol=1e-6)


def test_above_saturation_a_draw_is_the_same_bit_for_bit(uncertain):
    country, scenario = uncertain
    model = prepare_draws(country, scenario)
    inputs = sample_inputs(resolve_uncertainty(country, scenario), 12, model.n_years, seed=3)
    saturation = saturation_usd(model, inputs)
    assert (saturation > 0).all()  # money binds in every draw
    for i in range(inputs.n):
        rows = np.array([i])
        at = evaluate(_at(model, float(saturation[i])), subset(inputs, rows))
        beyond = evaluate(_at(model, 10 * float(saturation[i])), subset(inputs, rows))
        for field in dataclasses.fields(at):
            np.testing.assert_array_equal(getattr(at, field.name), getattr(beyond, field.name))


def test_saturation_is_the_least_money_that_pays_the_whole_plan(uncertain):
    country, scenario = uncertain
    model = prepare_draws(country, scenario)
    inputs = sample_inputs(resolve_uncertainty(country, scenario), 5, model.n_years, seed=1)
    # paper: 700,000 a year of teams and 50,000 of fixed programme; money counted is
    # (200,000 + 150,000) x secured factor + 100,000 where expected money arrives
    need = plan_need_usd(model)
    np.testing.assert_allclose(need, 750_000.0)
    factor = inputs.values["secured_factor"]["value"]
    counted = factor[:, None] * 350_000 + inputs.expected_arrives * 100_000
    expected = np.max(750_000 - counted, axis=1) / factor
    np.testing.assert_allclose(saturation_usd(model, inputs, margin=False), expected)
    # a draw is at full pay there: every planned team-year funded in every year
    for i in range(inputs.n):
        scenario_i = with_additional_funding(scenario, float(saturation_usd(model, inputs)[i]))
        funding = dataclasses.replace(
            scenario_i.funding,
            national_usd=scenario_i.funding.national_usd.scaled(float(factor[i])),
            international_secured_usd=scenario_i.funding.international_secured_usd.scaled(
                float(factor[i])
            ),
        )
        drawn = dataclasses.replace(
            scenario_i,
            funding=dataclasses.replace(
                funding,
                international_expected_usd=type(funding.international_expected_usd)(
                    tuple(
                        (int(y), 100_000.0 * float(a))
                        for y, a in zip(scenario.years, inputs.expected_arrives[i], strict=True)
                    )
                ),
            ),
        )
        plan = yearly_plan(drawn, model.productivity)
        for kind, planned in plan.planned_team_years.items():
            np.testing.assert_array_equal(plan.funded_team_years[kind], planned)
