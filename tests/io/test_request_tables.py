"""Golden-ish checks of every sample pack, from the pack's own tables (as the writers see
them): area is conserved over the work plan, the budget adds up, each table fits its schema."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

import numpy as np
import pytest

from landrelease.domain.schema import request_schemas
from landrelease.engine import project
from landrelease.io import load_country
from landrelease.io.request_read import coerce_request_table
from landrelease.reports.request import RequestPack, build_request_pack
from landrelease.scenario import load_scenario

SAMPLES = Path(__file__).resolve().parents[2] / "sample_countries"
COUNTRIES = sorted(p.name for p in SAMPLES.iterdir() if (p / "country.toml").is_file())
CREATED = dt.datetime(2026, 1, 15, 12, 0, tzinfo=dt.UTC)


@cache
def sample(name: str) -> RequestPack:
    country = load_country(SAMPLES / name)
    scenario = load_scenario(
        "baseline", country.scenarios_dir, baseline_year=country.info.baseline_year
    )
    return build_request_pack(country, project(country, scenario), created=CREATED)


def test_three_sample_countries():
    assert COUNTRIES == ["aurelia", "borealis", "cascadia"]


@pytest.mark.parametrize("name", COUNTRIES)
def test_work_plan_releases_the_baseline_plus_discoveries_minus_what_remains(name):
    pack = sample(name)
    rc = pack["remaining_challenge"]
    baseline = rc.loc[(rc["region"] == "Total") & (rc["contamination_type"] == "all"), "area_m2"]
    wp = pack["work_plan"]
    totals = wp[wp["region"] == "Total"]
    released = totals["released_area_m2"].sum()
    expected = baseline.item() + totals["discovered_area_m2"].sum()
    expected -= totals["remaining_area_m2"].iloc[-1]
    assert released == pytest.approx(expected, rel=1e-9)
    detail = wp[wp["region"] != "Total"]
    by_year = detail.groupby("year")["released_area_m2"].sum()
    np.testing.assert_allclose(
        totals.set_index("year")["released_area_m2"].reindex(by_year.index), by_year, rtol=1e-9
    )


@pytest.mark.parametrize("name", COUNTRIES)
def test_budget_total_row_is_the_sum_of_the_years(name):
    budget = sample(name)["budget"]
    assert budget["year"].iloc[-1] == "Total"
    years, total = budget.iloc[:-1], budget.iloc[-1]
    for column in budget.columns[1:]:
        assert total[column] == pytest.approx(years[column].sum(), rel=1e-12), column


@pytest.mark.parametrize("name", COUNTRIES)
def test_budget_gap_is_cost_minus_secured_never_negative(name):
    budget = sample(name)["budget"].iloc[:-1]
    gap = np.maximum(budget["planned_cost_usd"] - budget["secured_usd"], 0.0)
    np.testing.assert_allclose(budget["funding_gap_usd"], gap, rtol=0, atol=1e-6)
    after = np.maximum(gap - budget["expected_usd"], 0.0)
    np.testing.assert_allclose(budget["gap_after_expected_usd"], after, rtol=0, atol=1e-6)
    assert (budget["cost_usd"] <= budget["planned_cost_usd"] + 1e-6).all()
    secured = budget["national_usd"] + budget["international_secured_usd"]
    np.testing.assert_allclose(budget["secured_usd"], secured, rtol=0, atol=1e-6)


@pytest.mark.parametrize("name", COUNTRIES)
def test_every_table_fits_its_schema_in_schema_column_order(name):
    pack = sample(name)
    schemas = request_schemas()
    for table_name, table in pack.tables.items():
        assert list(table.columns) == list(schemas[table_name].names), table_name
        _, problems = coerce_request_table(table_name, table)
        assert problems == [], table_name
