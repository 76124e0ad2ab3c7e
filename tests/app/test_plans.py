"""The app's plan tables (``lrapp.plans``) and the scenario keys of issue 10 in the editor's
conversions and the TOML download (``lrapp.scenario_tables``, ``lrapp.scenarios``)."""

from __future__ import annotations

import datetime as dt
import tomllib

import numpy as np
import pandas as pd
import pytest
from apptest_support import SAMPLES
from lrapp import display, plans, scenario_tables, scenarios

import landrelease as lr
from landrelease.engine import add_cases, project
from landrelease.scenario import TEAM_KINDS, load_scenario, scenario_from_dict

AURELIA = SAMPLES / "aurelia"


def _annual(planned: dict[str, list[float]], funded: dict[str, list[float]]) -> pd.DataFrame:
    years = len(next(iter(planned.values())))
    table = {"year": 2026 + np.arange(years)}
    for kind in TEAM_KINDS:
        table[f"planned_team_years_{kind}"] = planned.get(kind, [0.0] * years)
        table[f"funded_team_years_{kind}"] = funded.get(kind, [0.0] * years)
    return pd.DataFrame(table)


# worked on paper: NTS 4 planned, 4 then 2 funded; manual 10 planned then none, 5 funded;
# 2028: nothing planned (the plan is over)
PAPER = _annual(
    {"nts": [4.0, 4.0, 0.0], "manual": [10.0, 0.0, 0.0]},
    {"nts": [4.0, 2.0, 0.0], "manual": [5.0, 0.0, 0.0]},
)


def test_funded_share_is_funded_over_planned_by_year_and_kind():
    share = plans.funded_share(PAPER, order=("nts", "ts", "manual", "mechanical", "mdd"))
    assert list(share.columns) == ["nts", "manual"]  # kinds planned, in the order given
    assert list(share.index) == [2026, 2027]  # years with planned team-years
    assert share.loc[2026].tolist() == [1.0, 0.5]
    assert share.loc[2027, "nts"] == 0.5
    assert np.isnan(share.loc[2027, "manual"])  # none planned that year: no share


def test_kind_totals_divide_the_sums():
    totals = plans.kind_totals(PAPER, order=("manual", "nts"))
    assert list(totals.index) == ["manual", "nts"]
    assert totals.loc["nts"].tolist() == [8.0, 6.0, 0.75]
    assert totals.loc["manual"].tolist() == [10.0, 5.0, 0.5]


def test_no_teams_planned_gives_empty_tables():
    none = _annual({"nts": [0.0, 0.0]}, {})
    assert plans.funded_share(none).empty
    assert plans.kind_totals(none).empty


def test_spending_order_and_kinds_are_named_by_the_library_labels():
    assert plans.KIND_NAMES["nts"] == "NTS teams"
    assert plans.spending_order_text(["nts", "manual"]) == "NTS teams → manual teams"


@pytest.fixture(scope="module")
def aurelia() -> lr.Country:
    return lr.load_country(AURELIA)


@pytest.fixture(scope="module")
def baseline(aurelia):
    scenario = load_scenario("baseline", aurelia.scenarios_dir, baseline_year=2025)
    return add_cases(aurelia, project(aurelia, scenario))


def test_cases_table_is_the_plan_first_with_the_library_figures(baseline):
    table = plans.cases_table(baseline)
    cases = baseline.summary["cases"]
    assert list(table["case"]) == [plans.CASE_NAMES[c] for c in plans.CASE_NAMES]
    assert table["case"].iloc[0] == plans.CASE_NAMES[plans.HEADLINE_CASE]
    for row, name in zip(table.itertuples(), plans.CASE_NAMES, strict=True):
        expected = cases[name]
        assert row.article5_completion_year == expected["article5_completion_year"]
        assert row.years_beyond_deadline == expected["years_beyond_deadline"]
        assert row.required_deadline_date == expected["required_deadline_date"]
        assert row.planned_cost_usd == expected["planned_cost_usd"]
        assert row.funding_gap_usd == expected["funding_gap_usd"]
        assert row.assumes == expected["assumes"]
    assert "reaches_requested_deadline" in table.columns  # baseline requests the deadline


def test_article5_split_adds_up_to_the_totals(baseline):
    s = baseline.summary
    split = plans.article5_split(s)
    article5 = [s["article5_planned_cost_usd"], s["article5_cost_usd"]]
    assert split.loc["article5"].tolist() == article5
    assert split.loc["total"].tolist() == [s["planned_cost_usd"], s["cost_usd"]]
    both = split.loc[["article5", "other"]].sum()
    assert both["planned_cost_usd"] == pytest.approx(s["planned_cost_usd"])
    assert both["cost_usd"] == pytest.approx(s["cost_usd"])


def test_money_in_metrics_fits_a_narrow_column():
    assert display.money_text(28_530_000) == "US$28.5M"
    assert display.money_text(1_203_870_000) == "US$1,204M"  # whole millions from US$100M
    assert display.money_text(0) == "US$0.0M"


def test_dates_read_as_the_library_reads_them():
    day = dt.date(2038, 3, 1)
    assert scenario_tables.date_value(day) == day
    assert scenario_tables.date_value("2038-03-01") == day
    assert scenario_tables.date_value(dt.datetime(2038, 3, 1, 12)) == day
    assert scenario_tables.date_value(None) is None
    assert scenario_tables.date_value("March 2038") is None


def test_costs_per_m2_by_method_keep_the_original_when_unchanged():
    methods = ("cancelled", "reduced", "cleared")
    original = {"cleared": 3.5, "reduced": 1}
    values = scenario_tables.per_method_values(original, methods)
    assert values == {"cancelled": None, "reduced": 1.0, "cleared": 3.5}
    assert scenario_tables.per_method_from_inputs(values, original) is not original
    assert scenario_tables.per_method_from_inputs(values, original) == original
    assert scenario_tables.per_method_from_inputs(values | {"cancelled": 0.1}, original) == {
        "cancelled": 0.1,
        "reduced": 1,
        "cleared": 3.5,
    }
    assert scenario_tables.per_method_from_inputs(dict.fromkeys(methods), None) == {}


NEW_KEYS = {
    "teams": {"ramp_up_years": 1},
    "costs": {
        "usd_per_m2": {"cancelled": 0.1, "reduced": 0.8, "cleared": 3.5},
        "cost_inflation_frac_per_year": 0.03,
    },
    "funding": {"spending_order": ["ts", "nts"]},
    "pace": {"mode": "past_release", "model": "proportional", "source": "Article 7 reports."},
    "todays_teams": {"manual": 230, "nts": 4},
    "request": {"requested_deadline_date": dt.date(2038, 3, 1), "interim": True},
}


def test_the_toml_download_round_trips_the_keys_of_issue_10(aurelia, tmp_path):
    saved = scenarios.saved_scenarios(aurelia)["baseline"]
    raw = scenarios.load_raw(saved, 2025)
    for section, keys in NEW_KEYS.items():
        raw[section] = {**raw.get(section, {}), **keys}
    text = scenarios.scenario_toml(raw)
    assert tomllib.loads(text) == raw
    assert "requested_deadline_date = 2038-03-01" in text  # a TOML date, not text
    again = scenarios.parse_toml(text, "mine.toml", aurelia.scenarios_dir, 2025, tmp_path)
    built = scenario_from_dict(raw, baseline_year=2025)
    assert scenario_from_dict(again, baseline_year=2025).hash == built.hash
    assert built.pace.mode == "past_release"
    assert built.requested_deadline_date == dt.date(2038, 3, 1)
    assert built.funding.spending_order == ("ts", "nts")
