"""The pace's level width and yearly noise from its yearly values, the yearly revision of
the stock, and the revision worked as capacity over the revised stock."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from scipy import stats

from landrelease.engine import project
from landrelease.forecast import evaluate, inputs_at, prepare_draws, resolve_uncertainty
from landrelease.forecast.draws import QUANTITIES
from landrelease.forecast.pace_spread import (
    PACE_PRIOR_SD_LOG,
    REVISION_PRIOR_SD,
    pace_spread,
    revision_spread,
)

HAZARDS = [
    {
        "hazard_id": h,
        "region": "North",
        "status": status,
        "contamination_type": "ap_mine",
        "area_m2": area,
        "priority": i,
    }
    for i, (h, status, area) in enumerate(
        [("A", "sha", 150_000.0), ("B", "cha", 60_000.0), ("C", "sha", 90_000.0)]
    )
]


def test_three_equal_years_worked_on_paper():
    # no spread in the record: s² = ν₀σ₀² / ν with ν = ν₀ + n − 1 = 4, i.e. 2 · 0.04 / 4
    spread = pace_spread(np.array([5.0, 5.0, 5.0]))
    s = math.sqrt(2 * PACE_PRIOR_SD_LOG**2 / 4)
    half = stats.t.ppf(0.9, 4) * math.sqrt(math.pi / 2) * s / math.sqrt(3)
    assert spread.level_p10 == pytest.approx(math.exp(-half))
    assert spread.level_p90 == pytest.approx(math.exp(half))
    assert spread.noise_sd_log == pytest.approx(s * math.sqrt(4 / 2))
    assert spread.n == 3


def test_the_level_narrows_with_years_the_noise_does_not():
    rng = np.random.default_rng(4)
    short = pace_spread(np.exp(0.3 * rng.standard_normal(4)))
    long = pace_spread(np.exp(0.3 * rng.standard_normal(40)))
    assert long.level_p90 / long.level_p10 < short.level_p90 / short.level_p10
    # forty years tell the yearly spread (0.3) within about a tenth
    assert long.noise_sd_log == pytest.approx(0.3, rel=0.25)


def test_too_few_values_say_nothing():
    assert pace_spread(np.array([3.0])) is None
    assert pace_spread(np.array([3.0, 0.0])) is None  # years with no output are left out


def test_revision_spread_worked_on_paper():
    # two years without revision: no level; s² = ν₀σ₀² / ν with ν = ν₀ + 2 = 4 and
    # κ = κ₀ + 2 = 4; the noise times ν / (ν − 2), the level's error s² / κ
    none = revision_spread(np.zeros(2))
    s2 = 2 * REVISION_PRIOR_SD**2 / 4
    assert none.drift_log == 0.0
    assert none.noise_sd_log == pytest.approx(math.sqrt(s2 * 2))
    assert none.drift_sd_log == pytest.approx(math.sqrt(s2 / 4))
    # five years of a 3% cut: the level is their mean log, shrunk by 5 / (5 + 2)
    cut = revision_spread(np.full(5, -0.03))
    assert cut.drift_log == pytest.approx(5 / 7 * math.log(0.97))
    s2 = (2 * REVISION_PRIOR_SD**2 + 2 * 5 / 7 * math.log(0.97) ** 2) / 7
    assert cut.noise_sd_log == pytest.approx(math.sqrt(s2 * 7 / 5))
    assert revision_spread(np.array([0.1, -0.1] * 10)).noise_sd_log > none.noise_sd_log


@pytest.mark.parametrize("factor", [0.8, 1.3])
def test_a_revision_is_worked_as_capacity_over_the_revised_stock(
    make_country, make_scenario, factor
):
    """A revision that scales every remaining area by a constant from the start gives
    exactly the projection of the country whose areas are that much larger."""
    country = make_country(HAZARDS)
    scenario = make_scenario({"uncertainty": {"none": True}})
    model = prepare_draws(country, scenario)
    u = resolve_uncertainty(country, scenario)
    plain = inputs_at(u, {}, model.n_years)
    revised = dataclasses.replace(
        plain,
        capacity_factor=plain.capacity_factor / factor,
        revision=np.full((1, model.n_years), factor),
    )
    out = evaluate(model, revised)
    bigger = [{**h, "area_m2": h["area_m2"] * factor} for h in HAZARDS]
    expected = project(make_country(bigger), scenario).annual
    n = len(expected)
    got = out.annual[0, :n, QUANTITIES.index("remaining_area_m2")]
    assert got == pytest.approx(expected["remaining_area_m2"].to_numpy(), rel=1e-9)
    released = out.annual[0, :n, QUANTITIES.index("released_area_m2")]
    assert released == pytest.approx(expected["released_area_m2"].to_numpy(), rel=1e-9)
