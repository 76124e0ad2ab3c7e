"""Value tests of issue 10 in the app: the cases, the money, the funded share and the new
scenario controls show what ``project()`` and ``add_cases()`` compute for the same inputs."""

from __future__ import annotations

import copy
import datetime as dt
import json
import tomllib

import numpy as np
import pytest
from apptest_support import SAMPLES, metric, open_page
from lrapp import display, plans, scenarios

import landrelease as lr
from landrelease.engine import add_cases, project
from landrelease.engine.funding import with_international_funding
from landrelease.reports.compare import compare
from landrelease.scenario import load_scenario, scenario_from_dict

AURELIA = SAMPLES / "aurelia"
BY = 2025  # aurelia's baseline year


@pytest.fixture(scope="module")
def aurelia() -> lr.Country:
    return lr.load_country(AURELIA)


def _saved(country: lr.Country, name: str):
    return load_scenario(name, country.scenarios_dir, baseline_year=BY)


def _raw(country: lr.Country, name: str = "baseline") -> dict:
    raw = copy.deepcopy(_saved(country, name).raw)
    raw.pop("base", None)
    return raw


def _frame(at, column: str):
    """The first table on the page with a column named ``column``."""
    found = [d.value for d in at.dataframe if column in d.value.columns]
    assert found, [list(d.value.columns) for d in at.dataframe]
    return found[0]


def _musd(value: float) -> str:
    return display.money_text(value)


def _check_cases(at, result) -> None:
    shown = _frame(at, "Case")
    cases = result.summary["cases"]
    assert list(shown["Case"]) == [plans.CASE_NAMES[c] for c in plans.CASE_NAMES]
    for i, name in enumerate(plans.CASE_NAMES):
        row, expected = shown.iloc[i], cases[name]
        assert row["Article 5 completion"] == expected["article5_completion_year"]
        assert row["Years beyond deadline"] == expected["years_beyond_deadline"]
        assert row["Deadline needed"] == expected["required_deadline_date"]
        assert row["Planned cost (US$ million)"] == pytest.approx(
            expected["planned_cost_usd"] / 1e6
        )
        assert row["Funding gap (US$ million)"] == pytest.approx(expected["funding_gap_usd"] / 1e6)


def test_projection_shows_the_cases_and_money_of_the_library(app, aurelia):
    at = open_page(app(), "projection")
    result = add_cases(aurelia, project(aurelia, _saved(aurelia, "baseline")))
    _check_cases(at, result)
    s = result.summary
    # the headline is the plan case, and says so
    assert metric(at, "Article 5 completion (plan as written)") == str(
        s["cases"]["plan"]["article5_completion_year"]
    )
    assert metric(at, "Planned cost") == _musd(s["planned_cost_usd"])
    assert metric(at, "Cost deployed") == _musd(s["cost_usd"])
    assert metric(at, "Funding gap") == _musd(s["funding_gap_usd"])
    assert metric(at, "Gap after expected money") == _musd(s["gap_after_expected_usd"])
    assert metric(at, "Unsecured money counted on") == _musd(s["unsecured_usd"])
    assert metric(at, "Deadline requested") == s["requested_deadline_date"]
    # aurelia's plan counts on expected pledges: the cases must differ, or the test says nothing
    assert s["cases"]["secured_only"]["article5_completion_year"] != s["article5_completion_year"]
    split = _frame(at, "Work").set_index("Work")
    assert split.loc["Article 5", "Planned (US$ million)"] == pytest.approx(
        s["article5_planned_cost_usd"] / 1e6
    )
    assert split.loc["Total", "Deployed (US$ million)"] == pytest.approx(s["cost_usd"] / 1e6)


def test_projection_funded_share_is_funded_over_planned_team_years(app, aurelia):
    at = open_page(app(), "projection")
    annual = project(aurelia, _saved(aurelia, "baseline")).annual
    shown = _frame(at, "NTS teams").set_index("Year")
    manual = annual.set_index("year")
    for year in shown.index:
        expected = (
            manual.loc[year, "funded_team_years_manual"]
            / manual.loc[year, "planned_team_years_manual"]
        )
        assert shown.loc[year, "manual teams"] == pytest.approx(100 * expected)
    assert (shown["manual teams"] < 100).any()  # money binds on manual teams, last paid


def test_an_edit_reaches_the_cases_on_the_projection_page(app, aurelia):
    at = open_page(app(), "scenario")
    version = at.session_state["scenario_version"]
    at.number_input(key=f"sc{version}_scale").set_value(0.6).run()
    open_page(at, "projection")
    edited = with_international_funding(_saved(aurelia, "baseline"), "scale", 0.6)
    _check_cases(at, add_cases(aurelia, project(aurelia, edited)))
    caption = next(c.value for c in at.caption if "Re-projection server time" in c.value)
    assert " + cases " in caption


def test_scenario_page_shows_the_spending_order_and_funded_share(app, aurelia):
    at = open_page(app(), "scenario")
    version = at.session_state["scenario_version"]
    at.multiselect(key=f"sc{version}_spending_order").set_value(["manual"]).run()
    assert not at.exception
    raw = _raw(aurelia)
    raw["funding"]["spending_order"] = ["manual"]
    result = project(aurelia, scenario_from_dict(raw, baseline_year=BY))
    order = result.summary["assumptions"]["spending_order"]
    assert order[0] == "manual"
    assert any(plans.spending_order_text(order) in m.value for m in at.markdown)
    totals = _frame(at, "Team kind").set_index("Team kind")
    annual = result.annual
    for kind in order:
        planned = float(annual[f"planned_team_years_{kind}"].sum())
        funded = float(annual[f"funded_team_years_{kind}"].sum())
        row = totals.loc[plans.KIND_NAMES[kind]]
        assert row["Funded share"] == pytest.approx(100 * funded / planned)
    assert list(totals.index) == [plans.KIND_NAMES[k] for k in order]
    assert metric(at, "Article 5 completion") == str(result.article5_completion_year)


def test_pace_controls_project_at_the_past_release_pace(app, aurelia):
    at = open_page(app(), "scenario")
    version = at.session_state["scenario_version"]
    at.radio(key=f"sc{version}_pace_mode").set_value("past_release").run()
    at.radio(key=f"sc{version}_pace_model").set_value("trend").run()
    at.number_input(key=f"sc{version}_pace_usd_per_m2_cleared").set_value(3.5).run()
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    raw = _raw(aurelia)
    raw["pace"] = {"mode": "past_release", "model": "trend"}
    raw["costs"]["usd_per_m2"] = {"cleared": 3.5}
    edited = at.session_state["scenario_raw"]
    assert edited["pace"] == raw["pace"]
    assert edited["costs"]["usd_per_m2"] == raw["costs"]["usd_per_m2"]
    result = project(aurelia, scenario_from_dict(raw, baseline_year=BY))
    assert metric(at, "Article 5 completion") == str(result.article5_completion_year)
    assert any("No teams are planned" in c.value for c in at.caption)


def test_ramp_up_inflation_and_requested_deadline_reproject_and_download(app, aurelia, tmp_path):
    at = open_page(app(), "scenario")
    version = at.session_state["scenario_version"]
    at.number_input(key=f"sc{version}_ramp_up").set_value(1).run()
    at.number_input(key=f"sc{version}_inflation").set_value(0.03).run()
    at.date_input(key=f"sc{version}_request_date").set_value(dt.date(2034, 3, 1)).run()
    at.checkbox(key=f"sc{version}_request_interim").check().run()
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    raw = _raw(aurelia)
    raw["teams"]["ramp_up_years"] = 1
    raw["costs"]["cost_inflation_frac_per_year"] = 0.03
    raw["request"] = {"requested_deadline_date": dt.date(2034, 3, 1), "interim": True}
    expected = scenario_from_dict(raw, baseline_year=BY)
    edited = at.session_state["scenario_raw"]
    assert scenario_from_dict(edited, baseline_year=BY).hash == expected.hash
    assert metric(at, "Article 5 completion") == str(
        project(aurelia, expected).article5_completion_year
    )
    # the download is the edited table as TOML, and opens again as the same scenario
    text = scenarios.scenario_toml(edited)
    assert tomllib.loads(text)["request"]["requested_deadline_date"] == dt.date(2034, 3, 1)
    again = scenarios.parse_toml(text, "mine.toml", aurelia.scenarios_dir, BY, tmp_path)
    assert scenario_from_dict(again, baseline_year=BY).hash == expected.hash
    # and the projection page states the deadline asked for and how it is reached
    open_page(at, "projection")
    summary = add_cases(aurelia, project(aurelia, expected)).summary
    assert metric(at, "Deadline requested (interim request)") == "2034-03-01"
    status = next(m for m in at.metric if m.label.startswith("Deadline requested"))
    assert status.delta == summary["requested_deadline_status"].replace("_", " ")


def test_an_untouched_editor_keeps_a_saved_request_date(app):
    at = app()
    at.sidebar.selectbox[0].set_value("interim").run()
    open_page(at, "scenario")
    assert at.session_state["scenario_raw"] == at.session_state["scenario_saved_raw"]
    assert not any("edited" in c.value for c in at.sidebar.caption)


def test_donor_funding_gap_is_the_one_gap(app, aurelia):
    at = open_page(app(), "donor")
    at.number_input(key="donor_percent").set_value(-20.0).run()
    base = _saved(aurelia, "baseline")
    changed = with_international_funding(base, "scale", base.funding.international_scale * 0.8)
    summary = project(aurelia, changed).summary
    annual = project(aurelia, changed).annual
    one_gap = float(np.maximum(annual["planned_cost_usd"] - annual["secured_usd"], 0).sum())
    assert summary["funding_gap_usd"] == pytest.approx(one_gap)
    assert metric(at, "Funding gap") == _musd(summary["funding_gap_usd"])


def test_compare_shows_the_cases_as_landrelease_compare(app, aurelia):
    at = open_page(app(), "compare")
    names = [c for c in at.multiselect(key="compare_pick").value]
    expected = compare([add_cases(aurelia, project(aurelia, _saved(aurelia, n))) for n in names])
    shown = at.table[0].value
    label = "Article 5 completion, secured money only"
    row = expected.set_index("label").loc[label]
    assert list(shown.loc[label]) == [str(row[n]) for n in names]
    gap = expected.set_index("figure").loc["funding_gap_usd"]
    assert list(shown.loc["funding gap: plan cost − secured (US$ million)"]) == [
        f"{gap[n] / 1e6:,.1f}" for n in names
    ]


def test_team_columns_are_named_by_the_library_kind_names(app):
    at = open_page(app(), "scenario")
    version = at.session_state["scenario_version"]
    config = json.loads(at.data_editor(key=f"sc{version}_teams").proto.columns)
    labels = {k: v["label"] for k, v in config.items() if k != "_index"}
    assert labels == plans.KIND_NAMES
    assert labels["nts"] == "NTS teams"  # not "Teams NTS", made from a column that is gone
