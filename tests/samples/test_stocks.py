"""Every sample country ships a stocks.csv, named in its country.toml, that validates and
agrees with its history up to the new finds, re-surveys and rounding real reports show."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from landrelease import load_country
from landrelease.samples import SAMPLE_NAMES
from landrelease.samples.stocks import NEW_FINDS_MEDIAN_FRAC, ROUND_M2
from landrelease.validation.stocks import reconcile_stocks

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module", params=SAMPLE_NAMES)
def country(request):
    return load_country(ROOT / "sample_countries" / request.param)  # no warning, no error


def test_stocks_are_named_and_read(country):
    assert country.source_files["stocks"].name == "stocks.csv"
    assert country.stocks is not None
    regions = set(country.stocks["region"])
    assert regions == {"all", *country.regions}


def test_stocks_reconcile_with_the_history_up_to_finds_and_revisions(country):
    table = reconcile_stocks(
        country.stocks,
        country.releases,
        hazards=country.hazards,
        baseline_year=country.info.baseline_year,
    )
    history = sorted({int(y) for y in country.releases["year"]})
    assert table["year"].tolist() == history  # every year of the history, none missing
    assert not table[["stock_start_m2", "stock_end_m2"]].isna().to_numpy().any()
    last = table.iloc[-1]
    assert last["end_source"] == "stocks"  # the file gives the baseline year itself
    # ... equal to the baseline's area up to rounding to 1,000 m² per region
    assert last["stock_end_m2"] == pytest.approx(
        country.hazards["area_m2"].sum(), abs=ROUND_M2 * len(country.regions)
    )
    # Noise, not a copy: some years are revised down by re-survey, some up by new finds.
    frac = table["unexplained_frac"].to_numpy()
    assert (frac < -0.02).any()
    assert (frac > 0).any()
    # New finds are a few percent of release; revisions stay within a fifth of the stock.
    assert NEW_FINDS_MEDIAN_FRAC < 0.1
    assert np.abs(frac).max() < 0.2
