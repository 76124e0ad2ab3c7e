"""Every sample country under its three scenarios: ordering of outcomes and bookkeeping.

Less money never finishes earlier than the baseline; the surge never later ("never" counts
as later than any year). Stocks and flows reconcile every year, nationally, per region and
per contamination type; the summary's totals are the sums of the annual columns.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from landrelease import load_country
from landrelease.engine import ProjectionResult, project
from landrelease.engine.costs import MONEY_TOTALS
from landrelease.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "sample_countries"
COUNTRIES = sorted(p.name for p in SAMPLES.iterdir() if (p / "country.toml").is_file())
SCENARIOS = ("baseline", "funding_cut", "surge")
FLOWS = ("cancelled_area_m2", "reduced_area_m2", "cleared_area_m2")
AREA_COLUMNS = (
    *FLOWS,
    "released_area_m2",
    "discovered_area_m2",
    "remaining_sha_area_m2",
    "remaining_cha_area_m2",
    "remaining_area_m2",
)
ATOL_M2 = 1e-3


def test_the_three_sample_countries_are_found():
    assert COUNTRIES == ["aurelia", "borealis", "cascadia"]


@pytest.fixture(scope="module", params=COUNTRIES)
def sample(request) -> tuple[pd.DataFrame, dict[str, ProjectionResult]]:
    """A sample country's hazards and its three projections."""
    country = load_country(SAMPLES / request.param)
    results = {
        name: project(
            country,
            load_scenario(name, country.scenarios_dir, baseline_year=country.info.baseline_year),
        )
        for name in SCENARIOS
    }
    return country.hazards, results


def rank(year: int | None) -> float:
    return math.inf if year is None else float(year)


def test_funding_cut_never_finishes_earlier(sample):
    _, results = sample
    base, cut = results["baseline"], results["funding_cut"]
    assert rank(cut.completion_year) >= rank(base.completion_year)
    assert rank(cut.article5_completion_year) >= rank(base.article5_completion_year)


def test_surge_never_finishes_later(sample):
    _, results = sample
    base, surge = results["baseline"], results["surge"]
    assert rank(surge.completion_year) <= rank(base.completion_year)
    assert rank(surge.article5_completion_year) <= rank(base.article5_completion_year)


def reconcile(frame: pd.DataFrame, start: float, where: str) -> None:
    remaining = frame["remaining_area_m2"].to_numpy(dtype=float)
    previous = np.concatenate(([start], remaining[:-1]))
    found = frame["discovered_area_m2"].to_numpy(dtype=float)
    released = frame["released_area_m2"].to_numpy(dtype=float)
    residual = frame["residual_released_area_m2"].to_numpy(dtype=float)
    np.testing.assert_allclose(
        remaining, previous + found - released - residual, rtol=1e-9, atol=ATOL_M2, err_msg=where
    )
    parts = sum(frame[c].to_numpy(dtype=float) for c in FLOWS)
    np.testing.assert_allclose(released, parts, rtol=1e-9, atol=ATOL_M2, err_msg=where)
    stocks = frame["remaining_sha_area_m2"] + frame["remaining_cha_area_m2"]
    np.testing.assert_allclose(stocks, remaining, rtol=1e-9, atol=ATOL_M2, err_msg=where)
    for c in AREA_COLUMNS:
        assert (frame[c] >= -ATOL_M2).all(), f"{where}: negative {c}"


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_stocks_and_flows_reconcile_every_year(sample, scenario):
    hazards, results = sample
    result = results[scenario]
    reconcile(result.annual, float(hazards["area_m2"].sum()), "national")
    for region, frame in result.annual_by_region.groupby("region"):
        start = float(hazards.loc[hazards["region"] == region, "area_m2"].sum())
        reconcile(frame, start, f"{scenario}, region {region}")
    by_type = result.annual_by_type
    types = by_type[by_type["contamination_type"] != "article5"]
    for kind, frame in types.groupby("contamination_type"):
        start = float(hazards.loc[hazards["contamination_type"] == kind, "area_m2"].sum())
        reconcile(frame, start, f"{scenario}, type {kind}")
    ap = hazards["contamination_type"].isin(["ap_mine", "ap_improvised", "mixed"])
    article5 = by_type[by_type["contamination_type"] == "article5"]
    reconcile(article5, float(hazards.loc[ap, "area_m2"].sum()), f"{scenario}, article5")
    annual = result.annual.set_index("year")
    for c in ("released_area_m2", "remaining_area_m2", "discovered_area_m2"):
        np.testing.assert_allclose(
            article5[c].to_numpy(dtype=float), annual[f"article5_{c}"], rtol=1e-9, atol=ATOL_M2
        )
    for key, table in (("region", result.annual_by_region), ("type", types)):
        summed = table.groupby("year")[list(AREA_COLUMNS)].sum()
        for c in AREA_COLUMNS:
            np.testing.assert_allclose(
                summed[c], annual[c], rtol=1e-9, atol=ATOL_M2, err_msg=f"{key}: {c}"
            )


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_summary_totals_are_sums_of_the_annual_table(sample, scenario):
    hazards, results = sample
    result = results[scenario]
    s, annual = result.summary, result.annual
    assert s["baseline_area_m2"] == pytest.approx(float(hazards["area_m2"].sum()))
    pairs = {
        **{key: key for key in MONEY_TOTALS},
        "total_cost_usd": "cost_usd",
        "total_funding_usd": "funding_usd",
        "released_area_m2": "released_area_m2",
        "discovered_area_m2": "discovered_area_m2",
    }
    for key, col in pairs.items():
        assert s[key] == pytest.approx(float(annual[col].sum()), rel=1e-12), key
    assert s["remaining_area_m2"] == pytest.approx(float(annual["remaining_area_m2"].iloc[-1]))
    gap = np.maximum(annual["planned_cost_usd"] - annual["secured_usd"], 0.0)
    np.testing.assert_allclose(annual["funding_gap_usd"], gap)
    assert s["scenario_hash"] == result.scenario.hash
    # Completion year: the first year whose end leaves nothing open.
    if result.completion_year is not None:
        done = annual.loc[annual["year"] == result.completion_year, "remaining_area_m2"]
        assert float(done.iloc[0]) == pytest.approx(0.0, abs=ATOL_M2)
        before = annual.loc[annual["year"] < result.completion_year, "remaining_area_m2"]
        assert (before > 0).all()
    else:
        assert float(annual["remaining_area_m2"].iloc[-1]) > 0
