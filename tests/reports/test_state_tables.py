"""Request tables from the State's own reports: expenditure, casualties, marking, stocks,
the previous baseline and the risk-education plan, with their national rows; empty (with
their columns) when the country does not give them."""

from __future__ import annotations

import dataclasses
import datetime as dt
from functools import cache
from pathlib import Path

import pandas as pd

from landrelease.domain.country import Country
from landrelease.domain.schema import request_schemas
from landrelease.engine import ProjectionResult, project
from landrelease.io import load_country
from landrelease.reports.request import STATE_TABLES, build_request_pack
from landrelease.reports.request import state_tables as st
from landrelease.reports.request.risk_plan import BENEFICIARY_COLUMNS, risk_education
from landrelease.scenario import load_scenario

SAMPLES = Path(__file__).resolve().parents[2] / "sample_countries"


@cache
def cascadia() -> tuple[Country, ProjectionResult]:
    country = load_country(SAMPLES / "cascadia")
    scenario = load_scenario("baseline", country.scenarios_dir, baseline_year=2025)
    return country, project(country, scenario)


def test_tables_not_given_are_empty_with_their_columns():
    country, result = cascadia()
    bare = dataclasses.replace(country, request_inputs={}, stocks=None, narrative={})
    pack = build_request_pack(bare, result, submission_date=dt.date(2026, 3, 31))
    for name in STATE_TABLES:
        assert pack[name].empty, name
        assert tuple(pack[name].columns) == request_schemas()[name].names, name
    header = dict(zip(pack["header"]["item"], pack["header"]["value"], strict=True))
    assert header["submission_date"] == "2026-03-31"
    assert pack["narrative"]["empty"].all()


def test_national_rows_sum_the_regions():
    country, _ = cascadia()
    casualties = st.casualties(country)
    given = country.request_inputs["casualties"]
    total = casualties[(casualties["region"] == "Total") & (casualties["device_type"] == "all")]
    by_year = (given["killed"] + given["injured"]).groupby(given["year"]).sum()
    assert total.set_index("year")["casualties"].to_dict() == by_year.to_dict()
    assert (casualties["female"] + casualties["male"] + casualties["sex_unknown"]).equals(
        casualties["casualties"]
    )
    marking = st.marking(country)
    national = marking[marking["region"] == "Total"].groupby("year")["area_m2"].sum()
    regional = marking[marking["region"] != "Total"].groupby("year")["area_m2"].sum()
    pd.testing.assert_series_equal(national, regional)
    spent = st.expenditure(country)
    totals = spent[spent["source"] == "Total"].set_index("year")["amount_usd"]
    rows = spent[spent["source"] != "Total"].groupby("year")["amount_usd"].sum()
    pd.testing.assert_series_equal(totals, rows, check_names=False)
    assert spent.loc[spent["source"] == "national", "source_kind"].eq("national").all()


def test_a_region_stays_in_risk_education_after_its_clearance_ends():
    country, result = cascadia()
    without_plan = dataclasses.replace(country, request_inputs={})
    table = risk_education(without_plan, result, country.regions).set_index("year")
    by_region = result.annual_by_region.set_index(["year", "region"])["remaining_area_m2"]
    costed = table[table["risk_education_usd"] > 0]
    finished = [
        (region, year)
        for (year, region), left in by_region.items()
        if left == 0 and year + 1 in costed.index and by_region.get((year - 1, region), 0) > 0
    ]
    assert finished, "the sample should finish a region while risk education goes on"
    for region, year in finished:
        assert region in costed.loc[year + 1, "regions_covered"].split("; ")
        assert region in costed.loc[year + 1, "regions_residual"].split("; ")
    counts = costed["region_count"].tolist()
    assert counts == sorted(counts)  # never fewer while risk education is costed


def test_the_plan_file_gives_regions_channels_beneficiaries_and_its_cost():
    country, result = cascadia()
    plan = country.request_inputs["risk_education_plan"]
    table = risk_education(country, result, country.regions).set_index("year")
    first = int(plan["year"].min())
    rows = plan[plan["year"] == first]
    assert table.loc[first, "planned_cost_usd"] == rows["cost_usd"].sum()
    assert table.loc[first, "beneficiaries"] == rows[list(BENEFICIARY_COLUMNS)].to_numpy().sum()
    assert table.loc[first, "region_count"] == rows["region"].nunique()
    assert table.loc[first, "channels"]
    after = int(plan["year"].max()) + 1  # after the plan's five years: the rule, no figures
    assert table.loc[after, "risk_education_usd"] > 0
    assert pd.isna(table.loc[after, "beneficiaries"])
    assert table.loc[after, "region_count"] == country.hazards["region"].nunique()
