"""Scenario values that must never pass: NaN and infinity (TOML allows both), team counts
beyond the plausibility limit, and a bad year reported once, not again as a comparison."""

from __future__ import annotations

import pytest

from landrelease.domain.plausibility import plausibility
from landrelease.scenario import ScenarioError, load_scenario


def load_text(tmp_path, text):
    (tmp_path / "s.toml").write_text(text, encoding="utf-8")
    return load_scenario("s", tmp_path, baseline_year=2025)


def problems(tmp_path, text):
    with pytest.raises(ScenarioError) as info:
        load_text(tmp_path, text)
    message = str(info.value)
    assert message.startswith("s.toml:\n")
    return [line.removeprefix("  - ") for line in message.splitlines()[1:]]


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "+inf"])
@pytest.mark.parametrize(
    ("section", "key"),
    [
        ("funding", "national_usd_per_year"),
        ("funding", "international_scale"),
        ("teams", "manual"),
        ("costs", "residual_years"),
        ("productivity", "manual"),
        ("discoveries", "decay_frac_per_year"),
        ("release", "sha_cancelled_frac"),
    ],
)
def test_non_finite_numbers_are_refused(tmp_path, section, key, value):
    found = problems(tmp_path, f"[{section}]\n{key} = {value}\n")
    assert f"{section}.{key}: {float(value)!r} is not a finite number" in found


def test_non_finite_in_a_yearly_or_by_type_table(tmp_path):
    found = problems(
        tmp_path,
        "[teams]\nts = { 2026 = 3, 2027 = nan }\n[discoveries]\n"
        "sha_area_m2_per_year = { ap_mine = inf }\n",
    )
    assert "teams.ts.2027: nan is not a finite number" in found
    assert "discoveries.sha_area_m2_per_year.ap_mine: inf is not a finite number" in found


def test_inf_funding_no_longer_closes_the_gap(tmp_path):
    text = "[funding]\ninternational_secured_usd_per_year = { 2026 = 1e6, default = inf }\n"
    assert "funding.international_secured_usd_per_year.default: inf is not a finite number" in (
        problems(tmp_path, text)
    )


def test_team_counts_above_the_limit_are_refused_naming_it(tmp_path):
    limit = plausibility().teams_per_kind_max
    found = problems(tmp_path, "[teams]\nnts = 1e300\nmanual = { 2026 = 10, 2030 = 20000 }\n")
    assert len(found) == 2
    (nts,) = [p for p in found if p.startswith("teams.nts: ")]
    assert nts.startswith("teams.nts: 1e+300 is above the limit teams_per_kind_max of 10,000")
    assert limit.reason in nts
    assert any(p.startswith("teams.manual.2030: 20000 is above") for p in found)
    at_limit = int(limit.value)
    assert (
        load_text(tmp_path, f"[teams]\nmanual = {at_limit}\n").teams["manual"].default == at_limit
    )


@pytest.mark.parametrize("key", ["end_year", "start_year"])
def test_a_bad_year_is_reported_once(tmp_path, key):
    found = problems(tmp_path, f"[period]\n{key} = 9999\n")
    assert found == [f"period.{key}: 9999 is not a year (1997–2200)"]


def test_end_before_start_is_still_reported(tmp_path):
    found = problems(tmp_path, "[period]\nstart_year = 2030\nend_year = 2028\n")
    assert found == ["period.end_year: 2028 is before start_year 2030"]


@pytest.mark.parametrize("value", ["false", '"North"', "[1, 2]"])
def test_region_order_is_a_list_of_names(tmp_path, value):
    found = problems(tmp_path, f"[priority]\nregion_order = {value}\n")
    assert found[0].startswith("priority.region_order: ")
    assert "is not a list of names" in found[0]


@pytest.mark.parametrize(
    ("text", "key", "limit"),
    [
        ("[funding]\nnational_usd_per_year = 1e308", "funding.national_usd_per_year",
         "usd_per_year_max"),
        ("[funding]\ninternational_secured_usd_per_year = { 2027 = 2e11 }",
         "funding.international_secured_usd_per_year.2027", "usd_per_year_max"),
        ("[funding]\ninternational_scale = 1e9", "funding.international_scale", "factor_max"),
        ("[costs]\nusd_per_team_year = { manual = 1e300 }", "costs.usd_per_team_year.manual",
         "usd_per_year_max"),
        ("[costs]\nfixed_programme_usd_per_year = 1e12", "costs.fixed_programme_usd_per_year",
         "usd_per_year_max"),
        ("[productivity]\nmanual = 1e308", "productivity.manual",
         "productivity_max_m2_per_team_year"),
        ("[productivity]\ntype_factor = { mixed = 1e6 }", "productivity.type_factor.mixed",
         "factor_max"),
        ("[discoveries]\nsha_area_m2_per_year = 1e300", "discoveries.sha_area_m2_per_year",
         "country_area_max_m2"),
    ],
)  # fmt: skip
def test_money_productivity_and_factors_beyond_the_limits(tmp_path, text, key, limit):
    (line,) = [p for p in problems(tmp_path, text + "\n") if p.startswith(f"{key}: ")]
    assert f"is above the limit {limit} of " in line
    assert getattr(plausibility(), limit).reason in line
