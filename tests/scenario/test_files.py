"""Scenario TOML files: ``base`` merging, strict keys, checked values, hashes, year tables.

Each bad file breaks one thing; the error must name the file and the key.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from landrelease.scenario import (
    ScenarioError,
    YearValues,
    list_scenarios,
    load_scenario,
    scenario_from_dict,
)
from landrelease.scenario.model import TEAM_KINDS, TYPES

BASELINE_YEAR = 2025
SAMPLES = Path(__file__).resolve().parents[2] / "sample_countries"

BASE: dict[str, Any] = {
    "name": "base",
    "description": "Flat capacity.",
    "period": {"start_year": 2026, "end_year": 2035, "source": "plan"},
    "release": {"sha_cancelled_frac": 0.5, "ts_reduced_frac": 0.5},
    "productivity": {
        "nts": 100_000,
        "ts": 20_000,
        "manual": 10_000,
        "mechanical": 50_000,
        "mdd": 30_000,
        "type_factor": {"ap_improvised": 0.25},
    },
    "teams": {"nts": 1, "ts": 2, "manual": 3},
    "costs": {"usd_per_team_year": {"manual": 100_000}, "fixed_programme_usd_per_year": 50_000},
    "funding": {
        "national_usd_per_year": 1_000_000,
        "international_secured_usd_per_year": {"2026": 500_000, "2027": 400_000},
    },
}


# --- a tiny TOML writer (tomllib only reads) ------------------------------------------------


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f'"{k}" = {_value(v)}' for k, v in value.items()) + " }"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def toml_text(data: Mapping[str, Any]) -> str:
    """Top-level scalars first, then one ``[section]`` per mapping."""
    lines = [f"{k} = {_value(v)}" for k, v in data.items() if not isinstance(v, Mapping)]
    for key, section in data.items():
        if isinstance(section, Mapping):
            lines.append(f"\n[{key}]")
            lines += [f'"{k}" = {_value(v)}' for k, v in section.items()]
    return "\n".join(lines) + "\n"


def write(folder: Path, stem: str, data: Mapping[str, Any]) -> Path:
    path = folder / f"{stem}.toml"
    path.write_text(toml_text(data), encoding="utf-8")
    return path


def with_section(section: str, **values: Any) -> dict[str, Any]:
    """BASE with keys of one section replaced (a new section when absent)."""
    data = {k: (dict(v) if isinstance(v, dict) else v) for k, v in BASE.items()}
    data[section] = {**data.get(section, {}), **values}
    return data


def load(folder: Path, spec: str | Path) -> Any:
    return load_scenario(spec, folder, baseline_year=BASELINE_YEAR)


def over(values: YearValues, first: int, last: int) -> list[float]:
    return [float(v) for v in values.over(np.arange(first, last + 1))]


# --- base scenarios --------------------------------------------------------------------------


def test_base_values_are_inherited_and_overridden_key_by_key(tmp_path):
    write(tmp_path, "base", BASE)
    write(
        tmp_path,
        "child",
        {
            "description": "More TS teams, one donor line.",
            "base": "base",
            "teams": {"ts": 5},
            "funding": {"international_secured_usd_per_year": {"2028": 100}},
        },
    )
    child = load(tmp_path, "child")
    assert child.name == "child"  # the base's name is not inherited
    assert child.description == "More TS teams, one donor line."
    assert (child.start_year, child.end_year) == (2026, 2035)
    assert over(child.teams["nts"], 2026, 2027) == [1, 1]
    assert over(child.teams["ts"], 2026, 2027) == [5, 5]
    assert over(child.teams["manual"], 2026, 2027) == [3, 3]
    assert over(child.funding.national_usd, 2026, 2027) == [1_000_000] * 2
    # A value is replaced whole: the base's 2026/2027 entries are gone.
    assert child.funding.international_secured_usd == YearValues(((2028, 100.0),), None)
    assert child.productivity.factor("ap_improvised") == 0.25
    assert child.sources == {"period": "plan"}


def test_base_chain_and_description_not_inherited(tmp_path):
    write(tmp_path, "base", BASE)
    write(tmp_path, "child", {"base": "base", "teams": {"ts": 5}})
    write(tmp_path, "grandchild", {"base": "child.toml", "teams": {"manual": 7}})
    grand = load(tmp_path, "grandchild")
    assert grand.name == "grandchild"
    assert grand.description == ""
    assert over(grand.teams["ts"], 2026, 2026) == [5]
    assert over(grand.teams["manual"], 2026, 2026) == [7]
    assert over(grand.teams["nts"], 2026, 2026) == [1]


def test_load_by_path_resolves_base_next_to_the_file(tmp_path):
    write(tmp_path, "base", BASE)
    child = write(tmp_path, "child", {"base": "base", "teams": {"ts": 4}})
    scenario = load_scenario(child, baseline_year=BASELINE_YEAR)
    assert over(scenario.teams["ts"], 2026, 2026) == [4]
    assert over(scenario.teams["manual"], 2026, 2026) == [3]


def test_default_period_follows_the_baseline_year(tmp_path):
    data = {k: v for k, v in BASE.items() if k != "period"}
    scenario = load_scenario(write(tmp_path, "s", data), baseline_year=2030)
    assert (scenario.start_year, scenario.end_year) == (2031, 2060)


@pytest.mark.parametrize(
    ("files", "load_name"),
    [
        ({"a": "b", "b": "a"}, "a"),
        ({"a": "a"}, "a"),
        ({"a": "b", "b": "c", "c": "b"}, "a"),
    ],
)
def test_a_cycle_of_base_scenarios_is_an_error(tmp_path, files, load_name):
    for stem, base in files.items():
        write(tmp_path, stem, {**BASE, "name": stem, "base": base})
    with pytest.raises(ScenarioError, match="cycle") as err:
        load(tmp_path, load_name)
    assert re.search(r"\b[abc]\.toml\b", str(err.value))


def test_a_missing_base_is_an_error_naming_it(tmp_path):
    write(tmp_path, "child", {"base": "nowhere", "teams": {"ts": 5}})
    with pytest.raises(ScenarioError, match="nowhere"):
        load(tmp_path, "child")


def test_unknown_scenario_name_lists_the_known_ones(tmp_path):
    write(tmp_path, "base", BASE)
    write(tmp_path, "surge", {"base": "base"})
    assert list_scenarios(tmp_path) == ["base", "surge"]
    with pytest.raises(ScenarioError, match=r"'baseline'.*base, surge"):
        load(tmp_path, "baseline")


def test_invalid_toml_names_the_file(tmp_path):
    (tmp_path / "broken.toml").write_text("[teams\nts = 1\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"broken\.toml.*not valid TOML"):
        load(tmp_path, "broken")


# --- strict keys -----------------------------------------------------------------------------


def test_unknown_top_level_key_names_file_and_key(tmp_path):
    write(tmp_path, "typo", {**BASE, "descripton": "oops"})
    with pytest.raises(ScenarioError) as err:
        load(tmp_path, "typo")
    message = str(err.value)
    assert "typo.toml" in message
    assert "'descripton'" in message


def test_unknown_section_names_file_and_section(tmp_path):
    write(tmp_path, "typo", {**BASE, "weather": {"rain": 1}})
    with pytest.raises(ScenarioError, match=r"(?s)typo\.toml.*'weather'"):
        load(tmp_path, "typo")


@pytest.mark.parametrize(
    ("section", "key"),
    [
        ("teams", "tanks"),
        ("funding", "international_usd_per_year"),
        ("release", "sha_cancelled_share"),
        ("period", "start"),
    ],
)
def test_unknown_section_key_names_file_and_key(tmp_path, section, key):
    write(tmp_path, "typo", with_section(section, **{key: 1}))
    with pytest.raises(ScenarioError) as err:
        load(tmp_path, "typo")
    assert "typo.toml" in str(err.value)
    assert f"{section}.{key}" in str(err.value)


def test_unknown_key_in_a_base_file_names_the_base_file(tmp_path):
    write(tmp_path, "base", with_section("teams", tanks=2))
    write(tmp_path, "child", {"base": "base", "teams": {"ts": 5}})
    with pytest.raises(ScenarioError, match=r"(?s)base\.toml.*teams\.tanks"):
        load(tmp_path, "child")


def test_a_section_that_is_not_a_table_is_an_error(tmp_path):
    data = {**BASE}
    data.pop("teams")
    path = tmp_path / "flat.toml"
    path.write_text("teams = 3\n" + toml_text(data), encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"(?s)flat\.toml.*\[teams\] must be a table"):
        load(tmp_path, "flat")


# --- checked values --------------------------------------------------------------------------


def test_cost_tables_name_every_unknown_key_and_every_non_table_together():
    """Both per-key cost tables check their keys the same way, and every problem of a file
    is reported at once, each named by its full key."""
    data = with_section(
        "costs", usd_per_team_year={"manual": 1, "tanks": 2}, usd_per_m2={"burnt": 0.5}
    )
    with pytest.raises(ScenarioError) as err:
        scenario_from_dict(data, baseline_year=BASELINE_YEAR, where="typo.toml")
    text = str(err.value)
    assert "costs.usd_per_team_year.tanks: unknown team kind; expected one of manual" in text
    assert "costs.usd_per_m2.burnt: unknown method; expected one of cancelled" in text
    flat = with_section("costs", usd_per_team_year=3, usd_per_m2=[1])
    with pytest.raises(ScenarioError) as err:
        scenario_from_dict(flat, baseline_year=BASELINE_YEAR, where="flat.toml")
    text = str(err.value)
    assert "costs.usd_per_team_year: must be a table by team kind: manual, mechanical" in text
    assert "costs.usd_per_m2: must be a table by method: cancelled, reduced, cleared" in text


BAD_VALUES = [
    # (section, values, key that must be named)
    ("teams", {"manual": -1}, "teams.manual"),
    ("teams", {"manual": {"2026": 3, "2027": -2}}, "teams.manual.2027"),
    ("teams", {"manual": {"default": -1}}, "teams.manual.default"),
    ("teams", {"manual": {"20x6": 3}}, "teams.manual.20x6"),
    ("teams", {"manual": {"26": 3}}, "teams.manual.26"),
    ("teams", {"manual": {"2026": "many"}}, "teams.manual.2026"),
    ("teams", {"ts": "two"}, "teams.ts"),
    ("costs", {"fixed_programme_usd_per_year": -5}, "costs.fixed_programme_usd_per_year"),
    ("costs", {"usd_per_team_year": {"manual": -1}}, "costs.usd_per_team_year.manual"),
    ("costs", {"usd_per_team_year": {"tanks": 1}}, "costs.usd_per_team_year.tanks"),
    ("costs", {"residual_years": -1}, "costs.residual_years"),
    ("funding", {"national_usd_per_year": {"2026": -1}}, "funding.national_usd_per_year.2026"),
    ("funding", {"international_scale": -0.5}, "funding.international_scale"),
    ("funding", {"count_expected": "yes"}, "funding.count_expected"),
    ("release", {"sha_cancelled_frac": 1.5}, "release.sha_cancelled_frac"),
    ("release", {"sha_cancelled_frac": -0.1}, "release.sha_cancelled_frac"),
    ("release", {"ts_reduced_frac": {"ap_mine": 1.01}}, "release.ts_reduced_frac.ap_mine"),
    ("release", {"ts_reduced_frac": {"default": 2}}, "release.ts_reduced_frac.default"),
    ("release", {"sha_cancelled_frac": "calibrate"}, "release.sha_cancelled_frac"),
    ("release", {"ts_reduced_frac": {"landmine": 0.5}}, "release.ts_reduced_frac.landmine"),
    ("productivity", {"ts": 0}, "productivity.ts"),
    ("productivity", {"manual": -10}, "productivity.manual"),
    ("productivity", {"type_factor": {"ap_improvised": 0}}, "productivity.type_factor"),
    ("productivity", {"type_factor": {"ap_mines": 0.5}}, "productivity.type_factor.ap_mines"),
    ("discoveries", {"decay_frac_per_year": 1.2}, "discoveries.decay_frac_per_year"),
    (
        "discoveries",
        {"sha_area_m2_per_year": {"improvised": 1000}},
        "discoveries.sha_area_m2_per_year.improvised",
    ),
    ("discoveries", {"sha_area_m2_per_year": -1}, "discoveries.sha_area_m2_per_year"),
    ("discoveries", {"first_year": 1990}, "discoveries.first_year"),
    ("period", {"start_year": 1990}, "period.start_year"),
    ("period", {"start_year": 2030, "end_year": 2029}, "period.end_year"),
    ("period", {"start_year": 2026, "end_year": 2200}, "period.end_year"),
    ("priority", {"rule": "random"}, "priority.rule"),
    ("priority", {"rule": "weights"}, "priority.weights"),
    ("access", {"inaccessible_from_year": "soon"}, "access.inaccessible_from_year"),
    ("calibration", {"years": 0}, "calibration.years"),
    ("pace", {"mode": "history"}, "pace.mode"),
    ("pace", {"model": "linear"}, "pace.model"),
    ("costs", {"usd_per_m2": {"demined": 1.0}}, "costs.usd_per_m2.demined"),
    ("costs", {"usd_per_m2": {"cleared": -2.0}}, "costs.usd_per_m2.cleared"),
    ("costs", {"usd_per_m2": 3.0}, "costs.usd_per_m2"),
    ("teams", {"ramp_up_years": 6}, "teams.ramp_up_years"),
    ("teams", {"ramp_up_years": 0.5}, "teams.ramp_up_years"),
    ("costs", {"cost_inflation_frac_per_year": -0.02}, "costs.cost_inflation_frac_per_year"),
    ("costs", {"cost_inflation_frac_per_year": 1.5}, "costs.cost_inflation_frac_per_year"),
    ("funding", {"spending_order": ["nts", "tanks"]}, "funding.spending_order"),
    ("funding", {"spending_order": ["nts", "nts"]}, "funding.spending_order"),
    ("funding", {"spending_order": "nts"}, "funding.spending_order"),
    ("todays_teams", {"manual": -3}, "todays_teams.manual"),
    ("todays_teams", {"tanks": 3}, "todays_teams.tanks"),
    ("request", {"requested_deadline_date": "March 2031"}, "request.requested_deadline_date"),
    ("request", {"interim": "yes"}, "request.interim"),
]


@pytest.mark.parametrize(("section", "values", "key"), BAD_VALUES)
def test_bad_value_names_file_and_key(tmp_path, section, values, key):
    write(tmp_path, "bad", with_section(section, **values))
    with pytest.raises(ScenarioError) as err:
        load(tmp_path, "bad")
    message = str(err.value)
    assert message.startswith("bad.toml"), message
    assert key in message, message
    assert isinstance(err.value, ValueError)


def test_every_bad_value_is_reported_at_once(tmp_path):
    data = with_section("teams", manual=-1, ts=-2)
    data["release"] = {"sha_cancelled_frac": 3, "ts_reduced_frac": 0.5}
    write(tmp_path, "bad", data)
    with pytest.raises(ScenarioError) as err:
        load(tmp_path, "bad")
    for key in ("teams.manual", "teams.ts", "release.sha_cancelled_frac"):
        assert key in str(err.value)


def test_a_bad_value_inherited_from_a_base_is_reported(tmp_path):
    write(tmp_path, "base", with_section("teams", manual=-1))
    write(tmp_path, "child", {"base": "base", "teams": {"ts": 5}})
    with pytest.raises(ScenarioError, match=r"teams\.manual"):
        load(tmp_path, "child")


def test_boundary_values_are_accepted(tmp_path):
    data = with_section("release", sha_cancelled_frac=0, ts_reduced_frac={"default": 1})
    data["discoveries"] = {"decay_frac_per_year": 1.0, "sha_area_m2_per_year": 0}
    data["teams"] = {"nts": 0, "ts": 0, "manual": 0}
    scenario = load_scenario(write(tmp_path, "edge", data), baseline_year=BASELINE_YEAR)
    assert scenario.release.sha_cancelled_frac == dict.fromkeys(TYPES, 0.0)
    assert scenario.release.ts_reduced_frac == dict.fromkeys(TYPES, 1.0)


def test_money_and_capacity_keys(tmp_path):
    data = with_section("teams", ramp_up_years=1)
    data["costs"] = {**data["costs"], "cost_inflation_frac_per_year": 0.03}
    data["funding"] = {**data["funding"], "spending_order": ["ts", "manual"]}
    data["todays_teams"] = {"manual": 120, "nts": 2.5, "source": "2025 accreditation"}
    data["request"] = {"requested_deadline_date": "2031-03-01"}
    scenario = load_scenario(write(tmp_path, "keys", data), baseline_year=BASELINE_YEAR)
    assert scenario.ramp_up_years == 1
    assert scenario.costs.cost_inflation_frac_per_year == 0.03
    assert scenario.costs.inflation(np.array([2026, 2028]), 2026) == pytest.approx(
        [1.0, 1.03**2]
    )
    assert scenario.funding.spending_order == ("ts", "manual")
    assert scenario.todays_teams == {"manual": 120.0, "nts": 2.5}
    assert scenario.requested_deadline_date == dt.date(2031, 3, 1)
    assert scenario.sources["todays_teams"] == "2025 accreditation"
    plain = load_scenario(write(tmp_path, "plain", BASE), baseline_year=BASELINE_YEAR)
    assert (plain.ramp_up_years, plain.costs.cost_inflation_frac_per_year) == (0, 0.0)
    assert (plain.funding.spending_order, plain.todays_teams) == ((), {})
    assert plain.requested_deadline_date is None
    assert plain.hash != scenario.hash


def test_requested_deadline_may_be_a_toml_date(tmp_path):
    path = tmp_path / "dated.toml"
    path.write_text(toml_text(BASE) + "\n[request]\nrequested_deadline_date = 2030-12-31\n")
    scenario = load_scenario(path, baseline_year=BASELINE_YEAR)
    assert scenario.requested_deadline_date == dt.date(2030, 12, 31)


# --- calibrated values -----------------------------------------------------------------------


def test_calibrated_is_none_and_is_the_default(tmp_path):
    data = with_section("release", sha_cancelled_frac="calibrated")
    data["release"].pop("ts_reduced_frac")
    data["productivity"] = {"nts": "calibrated", "ts": 15_000}
    scenario = load_scenario(write(tmp_path, "cal", data), baseline_year=BASELINE_YEAR)
    assert scenario.release.sha_cancelled_frac is None
    assert scenario.release.ts_reduced_frac is None  # not given: calibrated
    m2 = scenario.productivity.m2_per_team_year
    assert m2["nts"] is None
    assert m2["ts"] == 15_000
    assert all(m2[k] is None for k in ("manual", "mechanical", "mdd"))
    assert scenario.productivity.factor("ap_mine") == 1.0


def test_by_type_table_with_default_fills_every_type(tmp_path):
    data = with_section("release", ts_reduced_frac={"default": 0.3, "ap_improvised": 0.1})
    scenario = load_scenario(write(tmp_path, "t", data), baseline_year=BASELINE_YEAR)
    expected = {**dict.fromkeys(TYPES, 0.3), "ap_improvised": 0.1}
    assert scenario.release.ts_reduced_frac == expected


# --- scenario hash ---------------------------------------------------------------------------


def test_hash_ignores_names_descriptions_and_sources(tmp_path):
    write(tmp_path, "one", BASE)
    other = {**BASE, "name": "two", "description": "Something else entirely."}
    other["teams"] = {**BASE["teams"], "source": "another note"}
    other["period"] = {"start_year": 2026, "end_year": 2035}
    write(tmp_path, "two", other)
    write(tmp_path, "three", {"base": "one", "description": "Same numbers via base."})
    one, two, three = (load(tmp_path, s) for s in ("one", "two", "three"))
    assert one.name != two.name
    assert one.hash == two.hash == three.hash
    assert re.fullmatch(r"[0-9a-f]{16}", one.hash)


def test_hash_is_the_same_for_an_int_and_the_same_float(tmp_path):
    write(tmp_path, "a", BASE)
    write(tmp_path, "b", with_section("teams", ts=2.0))
    assert load(tmp_path, "a").hash == load(tmp_path, "b").hash


@pytest.mark.parametrize(
    ("section", "values"),
    [
        ("teams", {"ts": 3}),
        ("release", {"ts_reduced_frac": 0.51}),
        ("funding", {"international_secured_usd_per_year": {"2026": 500_000, "2027": 400_001}}),
        ("period", {"end_year": 2036}),
        ("productivity", {"type_factor": {"ap_improvised": 0.3}}),
        ("funding", {"count_expected": True}),
    ],
)
def test_hash_changes_when_a_number_changes(tmp_path, section, values):
    write(tmp_path, "a", BASE)
    write(tmp_path, "b", with_section(section, **values))
    assert load(tmp_path, "a").hash != load(tmp_path, "b").hash


def test_scenario_from_dict_matches_the_file(tmp_path):
    from_file = load_scenario(write(tmp_path, "base", BASE), baseline_year=BASELINE_YEAR)
    from_dict = scenario_from_dict(BASE, baseline_year=BASELINE_YEAR)
    assert from_file.hash == from_dict.hash
    assert from_file == from_dict


# --- year tables -----------------------------------------------------------------------------


def test_constant_year_values():
    assert over(YearValues.constant(5), 2026, 2028) == [5, 5, 5]
    assert over(YearValues((), None), 2026, 2028) == [0, 0, 0]


def test_year_values_carry_forward_and_default_before_the_first_year():
    table = YearValues(((2027, 10.0), (2030, 12.0)), 8.0)
    assert over(table, 2025, 2032) == [8, 8, 10, 10, 10, 12, 12, 12]


def test_year_values_without_default_take_the_first_value_before_it():
    table = YearValues(((2027, 10.0), (2030, 12.0)), None)
    assert over(table, 2025, 2032) == [10, 10, 10, 10, 10, 12, 12, 12]


@pytest.mark.parametrize("default", [None, 8.0])
def test_year_values_carry_forward_into_a_period_starting_after_the_table(default):
    # The value of a year is that of the latest listed year at or before it, whether or not
    # that listed year is inside the period asked for (a re-projection from 2028 with a
    # table written from 2026 must keep 2027's value).
    table = YearValues(((2026, 0.0), (2027, 400.0)), default)
    assert over(table, 2028, 2030) == [400, 400, 400]
    later = YearValues(((2027, 10.0), (2030, 12.0)), default)
    assert over(later, 2028, 2029) == [10, 10]
    assert over(later, 2031, 2032) == [12, 12]


def test_year_values_scaled():
    table = YearValues(((2027, 10.0),), 8.0).scaled(0.5)
    assert table == YearValues(((2027, 5.0),), 4.0)


def test_year_table_in_a_file(tmp_path):
    data = with_section("teams", manual={"default": 2, "2027": 4, "2030": 6})
    scenario = load_scenario(write(tmp_path, "y", data), baseline_year=BASELINE_YEAR)
    assert over(scenario.teams["manual"], 2026, 2031) == [2, 4, 4, 4, 6, 6]
    assert over(scenario.teams["mdd"], 2026, 2027) == [0, 0]  # not given: no teams


# --- the sample scenarios load -----------------------------------------------------------------


@pytest.mark.parametrize("country", ["aurelia", "borealis", "cascadia"])
def test_sample_scenarios_load_and_differ(country):
    folder = SAMPLES / country / "scenarios"
    assert {"baseline", "funding_cut", "surge"} <= set(list_scenarios(folder))
    loaded = {s: load(folder, s) for s in list_scenarios(folder)}
    assert loaded["funding_cut"].funding.international_scale == pytest.approx(0.7)
    assert loaded["baseline"].funding.international_scale == pytest.approx(1.0)
    assert loaded["funding_cut"].teams == loaded["baseline"].teams
    assert len({s.hash for s in loaded.values()}) == len(loaded)
    for s in loaded.values():
        assert set(s.teams) == set(TEAM_KINDS)


def test_share_table_missing_a_type_is_an_error(tmp_path):
    # a type left out would otherwise silently get a share of 0 (all of its area cleared)
    data = with_section("release", sha_cancelled_frac={"ap_mine": 0.5}, ts_reduced_frac=0.4)
    with pytest.raises(ScenarioError) as err:
        load_scenario(write(tmp_path, "partial", data), baseline_year=BASELINE_YEAR)
    assert "release.sha_cancelled_frac" in str(err.value)
    assert "av_mine" in str(err.value)
    ok = with_section(
        "release", sha_cancelled_frac={"ap_mine": 0.5, "default": 0.3}, ts_reduced_frac=0.4
    )
    scenario = load_scenario(write(tmp_path, "full", ok), baseline_year=BASELINE_YEAR)
    assert scenario.release.sha_cancelled_frac["av_mine"] == pytest.approx(0.3)


@pytest.mark.parametrize(
    ("section", "key"), [("costs", "residual_years"), ("calibration", "years")]
)
def test_whole_number_keys_reject_fractions(tmp_path, section, key):
    data = with_section(section, **{key: 2.7})
    with pytest.raises(ScenarioError, match=f"{section}.{key}: 2.7 is not a whole number"):
        load_scenario(write(tmp_path, "frac", data), baseline_year=BASELINE_YEAR)
