"""Plan realisation: the fit of the track record and the yearly multipliers it draws."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from landrelease.domain.country import Country, Milestone
from landrelease.errors import LandreleaseError, LandreleaseWarning
from landrelease.forecast.realisation import (
    PERSISTENCE,
    REFERENCE_PRIOR,
    ar1_noise,
    fit_own,
    fit_reference_class,
    plan_realisation,
)
from landrelease.forecast.track_record import RATIO_CAP, RATIO_FLOOR


def record(ratios, first_year=2015):
    """A track record with these fitted ratios, one a year."""
    n = len(ratios)
    return pd.DataFrame(
        {
            "year": np.arange(first_year, first_year + n),
            "ratio": ratios,
            "ratio_fitted": np.clip(ratios, RATIO_FLOOR, RATIO_CAP),
        }
    )


def test_fewer_than_three_years_fall_back_with_a_warning():
    with pytest.warns(LandreleaseWarning, match="2 past milestone year"):
        fit = fit_own(record([0.7, 0.9]))
    assert (fit.source, fit.requested) == ("none", "own")
    assert "falls back to the plan's own uncertainty" in fit.fallback
    assert fit.as_dict()["fallback"] == fit.fallback
    factors = fit.draw_factors(np.random.default_rng(1), 4, 3)
    assert factors.shape == (4, 3)
    assert (factors == 1).all()


def test_fit_worked_on_paper():
    # three years at exactly the prior's median: the level stays at log 0.8; the record's
    # effective size is 3 · (1 − 0.5) / (1 + 0.5) = 1 year, so κ = 2 + 1 = 3; ν = 4 + 2 = 6;
    # no spread in the record: s² = ν₀σ₀² / ν = 4 · 0.04 / 6
    fit = fit_own(record([0.8, 0.8, 0.8]))
    assert fit.source == "own"
    assert fit.level_log == pytest.approx(math.log(0.8))
    assert (fit.kappa, fit.nu) == (pytest.approx(3.0), pytest.approx(6.0))
    assert fit.s2_log == pytest.approx(4 * 0.04 / 6)
    assert fit.years == (2015, 2016, 2017)


def test_fit_of_a_record_below_the_prior_worked_on_paper():
    # log-ratios: log 0.4 three times: mean m = log 0.4, effective size 1, κ = 3;
    # level = (2 · log 0.8 + 1 · log 0.4) / 3; s² = (4 · 0.04 + 2 · 1 / 3 · (log 0.5)²) / 6
    fit = fit_own(record([0.4, 0.4, 0.4]))
    assert fit.level_log == pytest.approx((2 * math.log(0.8) + math.log(0.4)) / 3)
    assert fit.s2_log == pytest.approx((4 * 0.04 + 2 / 3 * math.log(0.5) ** 2) / 6)


def test_draws_are_reproducible_and_centred_on_the_level():
    fit = fit_own(record([0.6, 0.7, 0.65, 0.75, 0.7, 0.68]))
    a = fit.draw_factors(np.random.default_rng(7), 4000, 10)
    b = fit.draw_factors(np.random.default_rng(7), 4000, 10)
    assert a.shape == (4000, 10)
    assert np.array_equal(a, b)
    assert (a > 0).all()
    # the median of log-factors is the level: with 40,000 values its standard error is
    # below 0.01 even with the years correlated, so 0.03 is a wide margin
    assert np.median(np.log(a)) == pytest.approx(fit.level_log, abs=0.03)


def test_a_state_below_plan_one_year_tends_to_stay_below():
    fit = fit_own(record([0.8, 0.7, 0.9, 0.75, 0.85]))
    logs = np.log(fit.draw_factors(np.random.default_rng(3), 20_000, 2))
    below = logs[:, 0] < fit.level_log
    # without persistence (and without a drawn level) this would be 0.5; with φ = 0.5 and
    # the level's own spread it is well above 0.6 (a normal pair with correlation ρ ≥ 0.5
    # stays on the same side with probability 1/2 + arcsin(ρ)/π ≥ 2/3)
    assert (logs[below, 1] < fit.level_log).mean() > 0.6
    assert np.corrcoef(logs[:, 0], logs[:, 1])[0, 1] > PERSISTENCE - 0.05


def test_ar1_noise_is_stationary_with_the_given_spread():
    sigma = np.full(50_000, 0.3)
    u = ar1_noise(np.random.default_rng(5), sigma, 6, 0.5)
    # every year has spread σ (standard error of an SD from 50,000 values: 0.3 / √100,000)
    assert u.std(axis=0) == pytest.approx(np.full(6, 0.3), abs=0.006)
    assert np.corrcoef(u[:, 2], u[:, 3])[0, 1] == pytest.approx(0.5, abs=0.02)
    assert np.corrcoef(u[:, 1], u[:, 3])[0, 1] == pytest.approx(0.25, abs=0.02)


def test_a_longer_record_gives_narrower_multipliers():
    pattern = [0.7, 0.85, 0.75, 0.8]
    short = fit_own(record(pattern[:3]))
    long = fit_own(record(pattern * 4))

    def width(fit):
        mean10 = fit.draw_factors(np.random.default_rng(11), 20_000, 10).mean(axis=1)
        p10, p90 = np.quantile(mean10, [0.1, 0.9])
        return p90 / p10

    assert width(long) < width(short)


def test_reference_class_by_state():
    ratios = pd.DataFrame(
        {
            "ratio": [0.5, 0.5, 1.0, 1.0],
            "state": ["A", "A", "B", "B"],
        }
    )
    fit = fit_reference_class(ratios)
    # levels log 0.5 and log 1.0; no yearly deviation within a State, so the yearly spread
    # is the prior's with ν = ν₀ + 2 (four rows, two levels): s² = 4 · 0.04 / 6
    assert fit.level_log == pytest.approx(math.log(0.5) / 2)
    assert fit.s2_log == pytest.approx(4 * 0.04 / 6)
    # between-State: (ν₀ · σ₀²/κ₀ + Σ (level − mean)²) / (ν₀ + 1), times (1 + 1/2)
    between = (4 * 0.04 / 2 + 2 * (math.log(0.5) / 2) ** 2) / 5
    assert fit.between_var_log == pytest.approx(between * 1.5)
    assert fit.as_dict()["kappa"] is None
    assert fit.source == "file"


def test_reference_class_without_states_treats_rows_as_states():
    fit = fit_reference_class(pd.DataFrame({"ratio": [0.6, 0.8, 1.0]}))
    assert fit.nu == REFERENCE_PRIOR.spread_weight_years  # no within-State years
    assert fit.between_var_log > 0


def test_reference_class_needs_a_ratio():
    with pytest.raises(LandreleaseError, match="no ratios"):
        fit_reference_class(pd.DataFrame({"ratio": pd.Series([], dtype=float)}))


@settings(max_examples=30, deadline=None)
@given(st.lists(st.floats(0.0, 10.0), min_size=3, max_size=12))
def test_factors_are_positive_and_finite_for_any_record(ratios):
    fit = fit_own(record(ratios))
    factors = fit.draw_factors(np.random.default_rng(0), 200, 15)
    assert np.isfinite(factors).all()
    assert (factors > 0).all()


def test_plan_realisation_sources(build):
    history = build.releases([(y, "North", "cleared", 80.0) for y in range(2019, 2024)])
    ms = tuple(Milestone(y, 100.0, set_year=2018) for y in range(2019, 2024))
    country = Country(info=build.info(ms), hazards=pd.DataFrame(), releases=history)
    own = plan_realisation(country)
    assert (own.source, own.n_ratios) == ("own", 5)
    assert own.level_log == pytest.approx(math.log(0.8))
    as_of = plan_realisation(country, "own", as_of_year=2021)
    assert as_of.years == (2019, 2020, 2021)
    assert plan_realisation(country, "none").source == "none"
    with pytest.raises(LandreleaseError, match="needs the reference class"):
        plan_realisation(country, "file")
    with pytest.raises(LandreleaseError, match="expected one of own, file, none"):
        plan_realisation(country, "mine")
    ref = plan_realisation(country, "file", reference=pd.DataFrame({"ratio": [0.5, 0.7]}))
    assert ref.source == "file"
    with pytest.warns(LandreleaseWarning, match="fewer than 3"):
        few = plan_realisation(country, as_of_year=2020)
    assert few.source == "none"
