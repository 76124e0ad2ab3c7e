"""[uncertainty] as written and as resolved: three-point distributions, checked keys,
defaults and where each width comes from."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from landrelease.engine import project
from landrelease.forecast import resolve_uncertainty
from landrelease.forecast.distributions import Z90, Input
from landrelease.scenario import ScenarioError
from landrelease.scenario.uncertainty import ThreePoint, UncertaintySpec

HAZARDS = [
    {
        "hazard_id": "A",
        "region": "North",
        "status": "sha",
        "contamination_type": "ap_mine",
        "area_m2": 200_000.0,
        "priority": 1,
    },
    {
        "hazard_id": "B",
        "region": "South",
        "status": "cha",
        "contamination_type": "ap_mine",
        "area_m2": 50_000.0,
        "priority": 2,
    },
]


@given(
    low=st.floats(0.01, 0.98),
    gap1=st.floats(0.0, 0.5),
    gap2=st.floats(0.0, 0.5),
    scale=st.sampled_from(["linear", "log", "logit"]),
)
@settings(max_examples=40, deadline=None)
def test_a_three_point_input_hits_its_three_points_and_is_monotone(low, gap1, gap2, scale):
    mid = min(low + gap1, 0.99)
    high = min(mid + gap2, 0.995)
    inp = Input("x", "share", scale, {"value": low}, {"value": mid}, {"value": high}, "test")
    at = inp.at(np.array([-Z90, 0.0, Z90]))["value"]
    assert at.tolist() == [low, mid, high]
    z = np.linspace(-4, 4, 101)
    values = inp.at(z)["value"]
    assert np.all(np.diff(values) >= 0)


def test_draws_of_a_three_point_input_have_its_quantiles():
    inp = Input("f", "factor", "log", {"value": 0.5}, {"value": 1.0}, {"value": 3.0}, "test")
    z = np.random.default_rng(1).standard_normal(200_000)
    q = np.quantile(inp.at(z)["value"], [0.1, 0.5, 0.9])
    # 200,000 draws: the sampling error of a P10 is about 0.2% of the value, so 2% is loose
    assert q == pytest.approx([0.5, 1.0, 3.0], rel=0.02)


def test_the_section_is_read_with_p50_optional(make_scenario):
    s = make_scenario(
        {
            "uncertainty": {
                "sha_cancelled_frac": {"ap_mine": {"p10": 0.3, "p90": 0.6}, "default": "fixed"},
                "productivity": {"manual": {"p10": 0.7, "p50": 0.9, "p90": 1.1}},
                "expected_arrival_frac": 0.25,
                "access_year": {"p10": 2030, "p90": 2034},
                "source": "workshop of 2025",
            }
        }
    )
    u = s.uncertainty
    assert u.sha_cancelled_frac["ap_mine"] == ThreePoint(0.3, 0.6, None)
    assert u.sha_cancelled_frac["default"] == "fixed"
    assert u.productivity["manual"] == ThreePoint(0.7, 1.1, 0.9)
    assert u.expected_arrival_frac == 0.25
    assert s.sources["uncertainty"] == "workshop of 2025"


@pytest.mark.parametrize(
    ("section", "named"),
    [
        ({"bogus": 1}, "uncertainty.bogus: unknown key"),
        ({"secured_factor": {"p10": 1.2, "p90": 0.9}}, "p10 ≤ p50 ≤ p90"),
        ({"sha_cancelled_frac": {"p10": 0.2, "p90": 1.5}}, "uncertainty.sha_cancelled_frac.p90"),
        ({"ts_reduced_frac": {"ap_mines": {"p10": 0.2, "p90": 0.5}}}, "ts_reduced_frac.ap_mines"),
        ({"discoveries_factor": {"p10": float("nan"), "p90": 2}}, "not a finite number"),
        ({"discoveries_factor": {"p90": 2}}, "needs p10 and p90"),
        ({"productivity": "sometimes"}, "'sometimes' is not one of calibrated, fixed"),
        ({"plan_realisation": "theirs"}, "uncertainty.plan_realisation"),
        ({"expected_arrival_frac": 1.5}, "uncertainty.expected_arrival_frac"),
        ({"none": "yes"}, "uncertainty.none"),
        ({"secured_factor": {"p10": 0.9, "p90": 1.0, "p95": 1.1}}, "secured_factor.p95"),
    ],
)
def test_a_bad_section_names_the_key(make_scenario, section, named):
    with pytest.raises(ScenarioError) as caught:
        make_scenario({"uncertainty": section})
    assert named in str(caught.value)


def test_the_section_changes_neither_the_projection_nor_the_hash(make_country, make_scenario):
    country = make_country(HAZARDS)
    plain = make_scenario()
    uncertain = make_scenario({"uncertainty": {"secured_factor": {"p10": 0.5, "p90": 1.0}}})
    assert plain.hash == uncertain.hash
    a, b = project(country, plain), project(country, uncertain)
    assert a.summary == b.summary


def test_without_history_the_widths_are_the_defaults(make_country, make_scenario):
    u = resolve_uncertainty(make_country(HAZARDS), make_scenario())
    shares = u.input("sha_cancelled_frac")
    assert shares is not None
    assert shares.source == "default"
    assert shares.p10["ap_mine"] < shares.p50["ap_mine"] == 0.5 < shares.p90["ap_mine"]
    assert u.input("productivity.manual").source == "default"
    assert u.input("productivity.mechanical").fixed  # no teams of that kind: nothing to vary
    assert u.input("discoveries_factor").fixed  # the scenario projects no discoveries
    assert u.input("secured_factor").source == "default"
    assert u.as_dict()["expected_arrival_frac"]["source"] == "default"


def test_the_sample_takes_its_widths_from_its_history(sample):
    country, scenario = sample("aurelia")
    resolved = resolve_uncertainty(country, scenario).as_dict()
    u = resolved["inputs"]
    assert u["sha_cancelled_frac"]["source"] == "calibration spread 2021–2025"
    assert u["productivity.manual"]["source"] == "calibration spread 2021–2025"
    assert u["discoveries_factor"]["source"] == "hazards recorded 2021–2025"
    # the stocks history gives a yearly revision, which replaces the one-off SHA factor
    assert resolved["revision_sd_log"]["source"].startswith("stocks reconciliation")
    assert resolved["revision_sd_log"]["value"] > 0
    assert u["sha_area_factor"]["source"].startswith("yearly revision instead")
    noise = resolved["productivity_noise_frac"]["by_stage"]
    assert noise["clearance"]["source"] == "calibration spread 2021–2025"


def test_given_points_win_and_p50_defaults_to_the_scenario(make_country, make_scenario):
    s = make_scenario(
        {
            "uncertainty": {
                "sha_cancelled_frac": {"p10": 0.3, "p90": 0.7},
                "ts_reduced_frac": "fixed",
            }
        }
    )
    u = resolve_uncertainty(make_country(HAZARDS), s)
    fc = u.input("sha_cancelled_frac")
    assert (fc.p10["ap_mine"], fc.p50["ap_mine"], fc.p90["ap_mine"]) == (0.3, 0.5, 0.7)
    assert fc.source == "scenario"
    assert u.input("ts_reduced_frac").fixed


def test_none_fixes_every_input_at_its_p50(make_country, make_scenario):
    country = make_country(HAZARDS)
    s = make_scenario({"uncertainty": {"none": True, "secured_factor": {"p10": 0.5, "p90": 1}}})
    u = resolve_uncertainty(country, s)
    assert u.none
    assert not u.varying
    assert u.expected_arrival_frac == 1.0
    assert u.productivity_noise_frac == 0.0
    on = resolve_uncertainty(country, dataclasses.replace(s, uncertainty=UncertaintySpec()))
    assert on.varying
