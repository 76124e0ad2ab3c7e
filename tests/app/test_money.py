"""The app's money chart: bars are the planned cost (covered by secured money + the funding
gap), lines the secured and the secured + expected money; nothing negative."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from apptest_support import SAMPLES
from hypothesis import given, settings
from hypothesis import strategies as st
from lrapp import figures

import landrelease as lr
from landrelease.engine import project
from landrelease.scenario import list_scenarios, load_scenario

MILLION = 1e6
MONEY = st.floats(0, 1e9, allow_nan=False, allow_subnormal=False)
CENT = 0.01
"""Tolerance of the sums (US$): the chart goes through US$ million and back."""


def _annual(planned, secured, expected) -> pd.DataFrame:
    """A yearly table with the engine's money columns and definitions (docs/model.md)."""
    planned, secured, expected = (np.asarray(v, dtype=float) for v in (planned, secured, expected))
    return pd.DataFrame(
        {
            "year": 2026 + np.arange(len(planned)),
            "planned_cost_usd": planned,
            "cost_usd": np.minimum(planned, secured + expected),
            "secured_usd": secured,
            "expected_usd": expected,
            "funding_usd": secured + expected,
            "funding_gap_usd": np.maximum(planned - secured, 0.0),
        }
    )


def _parts(fig) -> dict[str, np.ndarray]:
    return {t.name: np.asarray(t.y, dtype=float) * MILLION for t in fig.data}


def _check(annual: pd.DataFrame) -> None:
    parts = _parts(figures.cost_and_funding(annual))
    covered = parts["cost covered by secured funding"]
    gap = parts["funding gap"]
    assert (covered >= 0).all()
    assert (gap >= 0).all()
    np.testing.assert_allclose(covered + gap, annual["planned_cost_usd"], rtol=1e-9, atol=CENT)
    np.testing.assert_allclose(parts["secured funding"], annual["secured_usd"], atol=CENT)
    np.testing.assert_allclose(
        parts["secured + expected funding"],
        annual["secured_usd"] + annual["expected_usd"],
        atol=CENT,
    )


def test_a_plan_the_money_deploys_only_in_part_is_not_drawn_negative():
    # worked on paper: planned US$100M, US$10M secured, US$50M expected and counted, so the
    # money deploys US$60M; covered = min(100, 10) = 10, gap = 100 − 10 = 90, bar = 100.
    # (cost − gap would be 60 − 90 = −30: the old bar went below zero.)
    annual = _annual([100 * MILLION], [10 * MILLION], [50 * MILLION])
    parts = _parts(figures.cost_and_funding(annual))
    assert parts["cost covered by secured funding"][0] == pytest.approx(10 * MILLION)
    assert parts["funding gap"][0] == pytest.approx(90 * MILLION)
    assert parts["secured + expected funding"][0] == pytest.approx(60 * MILLION)


def test_secured_money_above_the_plan_covers_it_all():
    annual = _annual([40 * MILLION], [70 * MILLION], [0.0])
    parts = _parts(figures.cost_and_funding(annual))
    assert parts["cost covered by secured funding"][0] == pytest.approx(40 * MILLION)
    assert parts["funding gap"][0] == 0.0


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(MONEY, MONEY, MONEY), min_size=1, max_size=12))
def test_covered_and_gap_add_up_to_the_planned_cost(years):
    planned, secured, expected = zip(*years, strict=True)
    _check(_annual(planned, secured, expected))


SAMPLE_SCENARIOS = [
    (country, name)
    for country in ("aurelia", "borealis", "cascadia")
    for name in list_scenarios(SAMPLES / country / "scenarios")
]


@pytest.mark.parametrize(("country", "name"), SAMPLE_SCENARIOS)
def test_every_sample_scenario_draws_the_planned_cost(country, name):
    c = lr.load_country(SAMPLES / country)
    scenario = load_scenario(name, c.scenarios_dir, baseline_year=c.info.baseline_year)
    _check(project(c, scenario).annual)
