"""The samples' request files and narrative: synthetic, complete, consistent with their
stocks, history and baseline scenario."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pandas as pd
import pytest

from landrelease.domain.outline import NARRATIVE_FOLDER, outline
from landrelease.samples import SAMPLE_NAMES
from landrelease.samples.narrative import MARK
from landrelease.samples.request_files import REQUEST_FILES

SAMPLES = Path(__file__).resolve().parents[2] / "sample_countries"


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_every_request_file_is_named_in_country_toml(name):
    files = tomllib.loads((SAMPLES / name / "country.toml").read_text("utf-8"))["files"]
    for key, file in REQUEST_FILES.items():
        assert files[key] == file
        assert (SAMPLES / name / file).is_file()


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_previous_baseline_has_every_region_and_adds_up_to_the_stocks(name):
    folder = SAMPLES / name
    regions = tomllib.loads((folder / "country.toml").read_text("utf-8"))["country"]["regions"]
    previous = pd.read_csv(folder / "previous_baseline.csv")
    stocks = pd.read_csv(folder / "stocks.csv")
    (year,) = previous["year"].unique()
    assert list(previous["region"].drop_duplicates()) == regions
    stated = stocks[(stocks["year"] == year) & (stocks["region"] != "all")]
    assert previous.groupby("region")["area_m2"].sum().to_dict() == dict(
        zip(stated["region"], stated["area_m2"], strict=True)
    )


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_risk_education_plan_costs_what_the_baseline_scenario_costs(name):
    folder = SAMPLES / name
    scenario = tomllib.loads((folder / "scenarios" / "baseline.toml").read_text("utf-8"))
    yearly = scenario["costs"]["risk_education_usd_per_year"]
    plan = pd.read_csv(folder / "risk_education_plan.csv")
    per_year = plan.groupby("year")["cost_usd"].sum()
    # each region's share is rounded to US$1,000
    assert (per_year - yearly).abs().max() <= 1_000 * plan["region"].nunique()


def test_borealis_depends_on_international_money_and_has_improvised_casualties():
    spent = pd.read_csv(SAMPLES / "borealis" / "expenditure.csv")
    usd = spent["amount_usd"].fillna(spent["amount"])
    national = usd[spent["source"] == "national"].sum()
    assert national / usd.sum() < 0.1
    casualties = pd.read_csv(SAMPLES / "borealis" / "casualties.csv")
    assert (casualties["device_type"] == "ap_improvised").any()


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_every_section_has_short_synthetic_text(name):
    folder = SAMPLES / name / NARRATIVE_FOLDER
    assert sorted(p.name for p in folder.iterdir()) == sorted(s.file for s in outline())
    for section in outline():
        text = (folder / section.file).read_text(encoding="utf-8")
        assert "SYNTHETIC" in text
        assert MARK.format(name=name.capitalize()) in text
        assert len(text) < 1_500
        assert "$" not in text  # every country word filled
