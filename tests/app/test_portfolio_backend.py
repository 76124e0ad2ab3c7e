"""The Portfolio page's backend (``lrapp.portfolios``, ``lrapp.portfolio_figures``), without
Streamlit: the countries it may open, a run against the library and the command line, the
tables and charts."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import os
import warnings
import zipfile

import numpy as np
import pandas as pd
import pytest
from apptest_support import SAMPLES
from lrapp import portfolio_figures, portfolios

import landrelease as lr
from landrelease.cli.main import main
from landrelease.portfolio.curves import response_curve
from landrelease.portfolio.objectives import ObjectiveError
from landrelease.portfolio.prepared import last_year_meeting
from landrelease.portfolio.requests import clear_cache
from landrelease.scenario import load_scenario

DRAWS = 10
STEPS = 2
BUDGET_USD = 8_000_000.0
OBJECTIVE = "states_completing:requested"


@pytest.fixture(scope="module")
def pairs():
    out = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # borealis' closed hazards, said elsewhere
        for name in ("borealis", "cascadia"):
            country = lr.load_country(SAMPLES / name)
            scenario = load_scenario(
                "baseline", country.scenarios_dir, baseline_year=country.info.baseline_year
            )
            out.append((country, scenario))
    return out


@pytest.fixture(scope="module")
def view(pairs):
    clear_cache()
    shares: list[float] = []
    result = portfolios.run(
        pairs,
        BUDGET_USD,
        OBJECTIVE,
        draws=DRAWS,
        steps_per_country=STEPS,
        progress=lambda share, _text: shares.append(share),
    )
    return result, shares


def _folder(path, name):
    path.mkdir(parents=True)
    (path / "country.toml").write_text(f'[country]\nname = "{name}"\n', encoding="utf-8")
    return path


def test_choices_are_the_samples_this_session_s_uploads_and_the_open_country(tmp_path):
    samples = {
        "aurelia": _folder(tmp_path / "samples" / "aurelia", "Aurelia"),
        "zed": _folder(tmp_path / "samples" / "zed", "Zedland"),
    }
    uploads = tmp_path / "session"
    first = _folder(uploads / "country-a", "Upland")
    second = _folder(uploads / "country-b", "Upland")  # the same name, uploaded again
    (uploads / "country-c").mkdir()  # an upload refused before its country.toml was written
    (uploads / "country-d").mkdir()
    (uploads / "country-d" / "country.toml").write_text("not toml [", encoding="utf-8")
    opened = _folder(tmp_path / "elsewhere" / "given", "Givenland")
    for n, folder in enumerate((first, second, uploads / "country-d")):
        stamp = 1_000_000 + n  # uploaded in this order
        os.utime(folder, (stamp, stamp))
    choices = portfolios.country_choices(samples, uploads, opened)
    assert choices == {
        "Aurelia (sample)": samples["aurelia"],
        "Zedland (sample)": samples["zed"],
        "Upland (uploaded)": first,
        "Upland (uploaded 2)": second,
        "country-d (uploaded)": uploads / "country-d",  # loading it will say what is wrong
        "Givenland (open now)": opened,
    }
    # the country open now is listed once, under what it is
    again = portfolios.country_choices(samples, uploads, samples["zed"])
    assert list(again.values()).count(samples["zed"]) == 1
    assert "Zedland (open now)" not in again
    # nothing uploaded yet: the samples only
    assert portfolios.country_choices(samples) == {
        "Aurelia (sample)": samples["aurelia"],
        "Zedland (sample)": samples["zed"],
    }


def test_objectives_read_as_the_command_line_writes_them():
    assert portfolios.objective_text("ap_area_released_by", 2030) == "ap_area_released_by:2030"
    assert portfolios.objective_text("states_completing", 2030) == "states_completing"
    assert portfolios.objective_part("ap_area_released_by:2030")[0] == "AP km² by 2030"
    heading, words, scale = portfolios.objective_part("states_completing:requested")
    assert (heading, scale) == ("Chance (%)", 100.0)
    assert "the deadline it requests" in words
    assert "its Article 5 deadline" in portfolios.objective_part("states_completing")[1]
    with pytest.raises(ObjectiveError):
        portfolios.objective_part("priority_weighted_area")


def test_a_run_is_the_library_s_portfolio_with_each_country_s_band(pairs, view):
    result, shares = view
    allocation = result.allocation
    assert allocation["country"].tolist() == ["Borealis", "Cascadia"]
    assert abs(allocation["usd_per_year"].sum() - BUDGET_USD) <= 1_000
    assert result.summary["draws"] == DRAWS
    assert result.summary["steps"] == STEPS * len(pairs)
    assert result.summary["objective"] == OBJECTIVE
    assert set(result.seconds) == {"prepare", "allocation", "bands", "total"}
    assert result.seconds["total"] >= result.seconds["allocation"] > 0
    # progress: from the start to the end, never backwards
    assert shares[0] == 0.0
    assert shares[-1] == pytest.approx(1.0)
    assert all(b >= a for a, b in itertools.pairwise(shares))
    # bands: the library's curve at no additional money and at the allocation
    for (country, scenario), usd in zip(pairs, allocation["usd_per_year"], strict=True):
        amounts = [0.0, float(usd)] if usd > 0 else [0.0]
        curve = response_curve(country, scenario, amounts_usd=amounts, draws=DRAWS, seed=0)
        rows = result.bands[result.bands["country"] == country.info.name].set_index("case")
        for q, column in ((0.1, "p10"), (0.5, "p50"), (0.9, "p90")):
            years = curve.year_at(q)
            assert rows.loc["current pledges", column] == years[0]
            assert rows.loc["allocation", column] == years[-1]
        assert rows["deadline_date"].iloc[0] == country.info.article5_deadline_date


def test_the_files_are_the_command_line_s(pairs, view, tmp_path):
    result, _ = view
    args = ["portfolio", *(str(SAMPLES / n) for n in ("borealis", "cascadia"))]
    args += ["--budget-usd-per-year", str(BUDGET_USD), "--objective", OBJECTIVE]
    args += ["--draws", str(DRAWS), "--steps-per-country", str(STEPS), "--out", str(tmp_path)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # borealis' closed hazards, printed by the command
        assert main(args) == 0
    archive = zipfile.ZipFile(io.BytesIO(portfolios.files_zip(result)))
    names = sorted(archive.namelist())
    assert names == sorted(
        f"portfolio/{n}" for n in ("allocation.csv", "portfolio.json", "landrelease-manifest.json")
    )
    for name in ("allocation.csv", "portfolio.json"):
        assert archive.read(f"portfolio/{name}") == (tmp_path / name).read_bytes(), name


def test_the_allocation_table_adds_up(view):
    result, _ = view
    table = portfolios.allocation_table(result)
    assert table["Country"].tolist() == ["Borealis", "Cascadia"]
    assert table["Allocation (US$ million a year)"].sum() * 1e6 == pytest.approx(BUDGET_USD)
    assert table["Share of the budget (%)"].sum() == pytest.approx(100)
    assert (table["Equal split (US$ million a year)"] * 1e6 == BUDGET_USD / 2).all()
    for row, country in zip(table.to_dict("records"), result.summary["countries"], strict=True):
        part = country["objective"]
        assert row["Chance, allocation (%)"] == pytest.approx(100 * part["allocation"])
        assert row["Chance, current pledges (%)"] == pytest.approx(100 * part["current_pledges"])
    formats = portfolios.formats(table)
    assert formats["Chance, equal split (%)"] == "%.0f%%"
    assert set(formats) <= set(table.columns)
    marginal = portfolios.marginal_table(result)
    gained = [c["marginal"]["probability_gained"] for c in result.summary["countries"]]
    assert marginal["probability_gained_points"].tolist() == pytest.approx(
        [100 * g for g in gained]
    )


def _bands() -> pd.DataFrame:
    """Two countries by hand: Upland finishes 2031–2033–2036, then 2030–2032–2034; Lowland's
    P90 is after the horizon (2040) before the money."""
    rows = [
        ("Upland", "current pledges", 2031, 2033, 2036, dt.date(2029, 3, 1)),
        ("Upland", "allocation", 2030, 2032, 2034, dt.date(2029, 3, 1)),
        ("Lowland", "current pledges", 2035, 2038, None, dt.date(2027, 12, 31)),
        ("Lowland", "allocation", 2034, 2036, 2039, dt.date(2027, 12, 31)),
    ]
    table = pd.DataFrame(rows, columns=["country", "case", "p10", "p50", "p90", "deadline_date"])
    table["end_year"] = 2040
    return table


def test_completion_bands_are_drawn_from_p10_to_p90_around_p50():
    fig = portfolio_figures.completion_bands(_bands(), ["Upland", "Lowland"])
    pledges, allocation, deadline = fig.data
    assert list(pledges.x) == [2033, 2038]
    assert list(pledges.error_x.array) == [3, 3]  # 2036 − 2033; after 2040 drawn at 2041
    assert list(pledges.error_x.arrayminus) == [2, 3]
    assert list(allocation.x) == [2032, 2036]
    assert "P90 after 2040" in pledges.text[1]
    # Upland on top, each case on its own side of the country's row
    ticks = dict(zip(fig.layout.yaxis.ticktext, fig.layout.yaxis.tickvals, strict=True))
    assert ticks["Upland"] > ticks["Lowland"]
    assert pledges.y[0] > ticks["Upland"] > allocation.y[0]
    # the deadline's tick: the last completion year meeting it
    assert list(deadline.x) == [last_year_meeting(dt.date(2029, 3, 1)), 2027]


def test_marginal_bars_are_the_table_s_three_values():
    table = pd.DataFrame(
        {
            "country": ["Upland", "Lowland"],
            "completion_years_gained": [0.5, 0.0],
            "probability_gained_points": [4.0, 12.0],
            "ap_km2_gained": [0.25, 1.5],
            "ap_km2_by_year": [2030, 2030],
            "date": ["2029-03-01", "2027-12-31"],
        }
    )
    fig = portfolio_figures.marginal_bars(table)
    assert [list(t.y) for t in fig.data] == [[0.5, 0.0], [4.0, 12.0], [0.25, 1.5]]
    assert "by 2030" in fig.layout.annotations[2].text


def test_allocation_bars_against_the_equal_split():
    allocation = pd.DataFrame({"country": ["Upland", "Lowland"], "usd_per_year": [6e6, 2e6]})
    equal, chosen = portfolio_figures.allocation_bars(allocation, 4e6).data
    assert list(equal.y) == [4.0, 4.0]
    assert np.sum(chosen.y) == pytest.approx(8.0)
