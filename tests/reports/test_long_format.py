"""The long (IAMC-style) table: one documented variable list, the three samples stack without
duplicate keys, units are consistent, values are the source columns, parts add up."""

from __future__ import annotations

import importlib.util
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from landrelease import __version__, load_country
from landrelease.engine import ProjectionResult, project
from landrelease.errors import LandreleaseWarning
from landrelease.reports.donors import funding_by_donor
from landrelease.reports.long_format import (
    ADDS_UP,
    LONG_COLUMNS,
    LONG_KEY,
    REGIONAL_TABLES,
    LongVariable,
    listed_variable,
    long_rows,
    long_table,
    long_variables,
)
from landrelease.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "sample_countries"
COUNTRIES = ("aurelia", "borealis", "cascadia")
AP = ("ap_mine", "ap_improvised", "mixed")
RTOL = 1e-9  # sums of a few float columns, compared with the engine's own totals


def _project(name: str) -> ProjectionResult:
    country = load_country(SAMPLES / name)
    scenario = load_scenario(
        "baseline", country.scenarios_dir, baseline_year=country.info.baseline_year
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LandreleaseWarning)
        return project(country, scenario)


@pytest.fixture(scope="module")
def results() -> dict[str, ProjectionResult]:
    return {name: _project(name) for name in COUNTRIES}


@pytest.fixture(scope="module")
def stacked(results: dict[str, ProjectionResult]) -> pd.DataFrame:
    return pd.concat([long_table(r) for r in results.values()], ignore_index=True)


def test_the_document_is_generated_from_the_variable_list() -> None:
    script = ROOT / "scripts" / "make_long_reference.py"
    spec = importlib.util.spec_from_file_location("make_long_reference", script)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    doc = (ROOT / "docs" / "long_format.md").read_text(encoding="utf-8")
    stale = "docs/long_format.md is stale: run scripts/make_long_reference.py"
    assert doc == module.render(), stale
    for var in long_variables():
        assert f"`{var.variable.replace('|', chr(92) + '|')}`" in doc


def test_the_issue_s_example_variables_are_listed() -> None:
    names = {v.variable for v in long_variables()}
    assert {"Area|Remaining|AP|SHA", "Area|Released|Cancelled", "Cost|Teams|Manual"} <= names


def test_three_samples_stack_without_duplicate_keys(stacked: pd.DataFrame) -> None:
    assert list(stacked.columns) == list(LONG_COLUMNS)
    assert not stacked.duplicated(list(LONG_KEY)).any()
    assert set(stacked["model"]) == {f"landrelease {__version__}"}
    assert set(stacked["scenario"]) == {"baseline"}
    national = set(stacked["region"][~stacked["region"].str.contains("|", regex=False)])
    assert national == {"Aurelia", "Borealis", "Cascadia"}
    assert "Aurelia|Norvale" in set(stacked["region"])
    assert stacked["value"].notna().all()


def test_units_are_consistent_per_variable(stacked: pd.DataFrame) -> None:
    units = stacked.groupby("variable")["unit"].nunique()
    assert (units == 1).all(), units[units > 1]
    for variable, unit in stacked.groupby("variable")["unit"].first().items():
        listed = listed_variable(str(variable))
        assert listed is not None, variable
        assert listed.unit == unit


def _source(result: ProjectionResult, var: LongVariable, regional: bool) -> pd.DataFrame:
    """The source values of ``var`` as (region, year, value), computed here independently."""
    name = REGIONAL_TABLES[var.table] if regional else var.table
    table = getattr(result, name)
    if var.contamination_type is not None:
        kinds = table["contamination_type"].astype(str)
        if regional and var.contamination_type == "article5":
            table = (
                table[kinds.isin(AP)]
                .groupby(["region", "year"], observed=True)[var.column]
                .sum()
                .reset_index()
            )
        else:
            table = table[kinds == var.contamination_type]
    country = result.summary["country"]
    region = (country + "|" + table["region"].astype(str)) if regional else country
    return pd.DataFrame(
        {"region": region, "year": table["year"].astype(int), "value": table[var.column]}
    )


@pytest.mark.parametrize("name", COUNTRIES)
def test_values_equal_the_source_columns(
    results: dict[str, ProjectionResult], stacked: pd.DataFrame, name: str
) -> None:
    result = results[name]
    mine = stacked[stacked["region"].str.split("|").str[0] == result.summary["country"]]
    for var in long_variables():
        if not hasattr(result, var.table):  # another producer's table (a portfolio's)
            continue
        for regional in (False, True) if var.by_region else (False,):
            want = _source(result, var, regional).sort_values(["region", "year"])
            got = mine[
                (mine["variable"] == var.variable)
                & (mine["region"].str.contains("|", regex=False) == regional)
            ].sort_values(["region", "year"])
            assert len(got) == len(want), (var.variable, regional)
            assert list(got["region"]) == list(want["region"])
            assert list(got["year"]) == list(want["year"])
            np.testing.assert_allclose(got["value"], want["value"], rtol=RTOL, atol=1e-6)


def test_the_article5_total_by_region_adds_up_to_the_national_one(stacked: pd.DataFrame) -> None:
    ap = stacked[stacked["variable"] == "Area|Remaining|AP"]
    country = ap["region"].str.split("|").str[0]
    regional = ap["region"].str.contains("|", regex=False)
    by_region = ap[regional].groupby([country[regional], ap["year"]])["value"].sum()
    national = ap[~regional].set_index(["region", "year"])["value"]
    pd.testing.assert_series_equal(
        by_region.sort_index(), national.sort_index(), check_names=False, rtol=RTOL
    )


def test_parts_add_up(stacked: pd.DataFrame) -> None:
    wide = stacked.pivot_table(
        index=["region", "year"], columns="variable", values="value", aggfunc="first"
    )
    for total, parts in ADDS_UP.items():
        present = wide[total].notna()
        summed = wide.loc[present, list(parts)].fillna(0.0).sum(axis=1)
        np.testing.assert_allclose(summed, wide.loc[present, total], rtol=1e-9, atol=1e-3)


def test_a_forecast_table_adds_variables_by_data_with_quantile_suffixes() -> None:
    forecast = pd.DataFrame(
        {
            "year": [2026, 2026, 2027, 2027],
            "quantile": ["P50", "P90", "P50", "P90"],
            "remaining_ap_area_m2": [10.0, 12.0, 5.0, 8.0],
        }
    )
    var = LongVariable(
        variable="Area|Remaining|AP",
        unit="m2",
        table="forecast_quantiles",
        column="remaining_ap_area_m2",
        meaning="test",
    )
    out = long_rows(
        {"forecast_quantiles": forecast},
        model="m",
        scenario="s",
        country="Testland",
        variables=[var],
    )
    assert set(out["variable"]) == {"Area|Remaining|AP|P50", "Area|Remaining|AP|P90"}
    assert not out.duplicated(list(LONG_KEY)).any()
    p90 = out[out["variable"] == "Area|Remaining|AP|P90"].sort_values("year")
    assert list(p90["value"]) == [12.0, 8.0]


def test_a_variable_whose_table_is_missing_gives_no_rows() -> None:
    var = LongVariable("X", "m2", "nowhere", "x_m2", "test")
    out = long_rows({}, model="m", scenario="s", country="C", variables=[var])
    assert list(out.columns) == list(LONG_COLUMNS)
    assert out.empty


def test_each_donor_has_its_own_variables_equal_to_funding_by_donor(
    results: dict[str, ProjectionResult], stacked: pd.DataFrame
) -> None:
    result = results["borealis"]  # three named donors, one earmarked to dogs
    donors = funding_by_donor(result)
    mine = stacked[stacked["region"] == "Borealis"]
    for column, level in (
        ("pledged_usd", "Pledged"),
        ("spent_usd", "Spent"),
        ("earmark_unspent_usd", "Earmark Unspent"),
    ):
        want = donors.groupby(["donor", "year"])[column].sum()
        for (donor, year), value in want.items():
            got = mine[
                (mine["variable"] == f"Funding|Donor|{donor}|{level}") & (mine["year"] == year)
            ]
            assert len(got) == 1, (donor, year, level)
            np.testing.assert_allclose(got["value"].iloc[0], value, rtol=RTOL, atol=1e-6)
    assert {"Mine Action Trust Fund", "Nordland", "Westmark", "national"} <= set(donors["donor"])


@pytest.mark.parametrize("name", COUNTRIES)
def test_what_the_donors_spent_is_the_deployed_cost(
    results: dict[str, ProjectionResult], stacked: pd.DataFrame, name: str
) -> None:
    result = results[name]
    country = result.summary["country"]
    spent = stacked[
        (stacked["region"] == country)
        & stacked["variable"].str.startswith("Funding|Donor|")
        & stacked["variable"].str.endswith("|Spent")
    ]
    by_year = spent.groupby("year")["value"].sum()
    cost = result.annual.set_index("year")["cost_usd"].reindex(by_year.index)
    assert len(by_year) > 0
    np.testing.assert_allclose(by_year, cost, rtol=1e-9, atol=1e-3)


def test_a_name_in_a_variable_keeps_the_levels_and_a_donor_s_lines_are_summed() -> None:
    lines = pd.DataFrame(
        {
            "donor": ["A|B Fund", "A|B Fund", "C"],
            "year": [2026, 2026, 2026],
            "pledged_usd": [100.0, 50.0, 7.0],
        }
    )
    var = LongVariable(
        variable="Funding|Donor|{donor}|Pledged",
        unit="USD/yr",
        table="lines",
        column="pledged_usd",
        meaning="test",
        by="donor",
    )
    out = long_rows({"lines": lines}, model="m", scenario="s", country="C", variables=[var])
    got = dict(zip(out["variable"], out["value"], strict=True))
    assert got == {"Funding|Donor|A/B Fund|Pledged": 150.0, "Funding|Donor|C|Pledged": 7.0}
    assert listed_variable("Funding|Donor|A/B Fund|Pledged") is not None
    assert listed_variable("Funding|Donor|A|B|Pledged") is None


def test_a_named_variable_needs_its_column_in_the_name() -> None:
    with pytest.raises(ValueError, match="by = 'donor'"):
        LongVariable("Funding|Donor|Pledged", "USD/yr", "lines", "pledged_usd", "t", by="donor")
    with pytest.raises(ValueError, match="by = None"):
        LongVariable("Funding|Donor|{donor}|Pledged", "USD/yr", "lines", "pledged_usd", "t")
