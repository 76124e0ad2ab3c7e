"""The Portfolio page (AppTest): its inputs, its messages for bad input, and its results
against the library's own ``portfolio(...)`` on the same inputs."""

from __future__ import annotations

import re
import warnings

import pytest
from apptest_support import SAMPLES, button, open_page, start_app
from lrapp import portfolios

import landrelease as lr
from landrelease.portfolio.curves import response_curve
from landrelease.portfolio.objectives import parse_objective
from landrelease.portfolio.requests import clear_cache
from landrelease.portfolio.run import portfolio
from landrelease.scenario import load_scenario

RUN = "Run the allocation"
RUN_TIMEOUT_S = 300
"""A run of two or three countries takes seconds; slack for a busy machine."""
COUNTRY_TOML = """[country]
name = "{name}"
code = "XTS"
entry_into_force_date = "2010-01-01"
article5_deadline_date = "2030-01-01"
baseline_date = "2025-12-31"

[files]
hazards = "hazards.csv"
"""
HAZARDS = "hazard_id,region,status,contamination_type,area_m2\nH-1,North,sha,ap_mine,1000\n"


def _page():
    at = open_page(start_app(), "portfolio")
    assert not at.error, [e.value for e in at.error]
    return at


def _errors(at) -> list[str]:
    return [e.value for e in at.error]


def _lib_pairs(names):
    out = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # borealis' closed hazards, said elsewhere
        for name in names:
            country = lr.load_country(SAMPLES / name)
            scenario = load_scenario(
                "baseline", country.scenarios_dir, baseline_year=country.info.baseline_year
            )
            out.append((country, scenario))
    return out


def _country(folder, name, hazards=HAZARDS, scenario=None):
    folder.mkdir()
    (folder / "country.toml").write_text(COUNTRY_TOML.format(name=name), encoding="utf-8")
    (folder / "hazards.csv").write_text(hazards, encoding="utf-8")
    if scenario is not None:
        (folder / "scenarios").mkdir()
        (folder / "scenarios" / "baseline.toml").write_text(scenario, encoding="utf-8")


def test_the_samples_are_picked_and_nothing_runs_before_the_button(app):
    at = open_page(app(), "portfolio")
    assert at.multiselect(key="portfolio_countries").value == [
        "Aurelia (sample)",
        "Borealis (sample)",
        "Cascadia (sample)",
    ]
    assert [s.value for s in at.selectbox if s.key.startswith("portfolio_scenario:")] == [
        "baseline"
    ] * 3
    assert at.number_input(key="portfolio_budget").value == portfolios.DEFAULT_BUDGET_USD
    assert at.selectbox(key="portfolio_objective").value == "states_completing:requested"
    assert not button(at, RUN).disabled
    assert "Allocation" not in [h.value for h in at.subheader]
    assert not _errors(at)


def test_no_country_picked_is_said_and_cannot_run(app):
    at = open_page(app(), "portfolio")
    at.multiselect(key="portfolio_countries").set_value([]).run()
    assert not at.exception
    assert _errors(at) == ["Pick at least one country."]
    assert button(at, RUN).disabled


@pytest.mark.parametrize("budget", [0.0, -5_000_000.0])
def test_a_budget_of_zero_or_less_is_said_and_cannot_run(app, budget):
    at = open_page(app(), "portfolio")
    at.number_input(key="portfolio_budget").set_value(budget).run()
    assert not at.exception
    assert _errors(at) == [f"Budget US${budget:,.0f} a year: give an amount above US$0."]
    assert button(at, RUN).disabled


def test_countries_that_fail_are_named_without_a_traceback(app, monkeypatch, tmp_path):
    samples = tmp_path / "samples"
    samples.mkdir()
    (samples / "cascadia").symlink_to(SAMPLES / "cascadia")  # templates for the others
    _country(samples / "broken", "Brokenland", HAZARDS + "H-2,North,cha,ap_mine,-50\n")
    _country(samples / "badscen", "Badscenland", scenario='name = "baseline"\nno_such = 1\n')
    _country(samples / "nohistory", "Nohistoria")  # loads; its template needs a history
    monkeypatch.setenv("LANDRELEASE_SAMPLES_DIR", str(samples))
    at = open_page(app(), "portfolio")
    assert not at.exception
    errors = _errors(at)
    assert any(e.startswith("Brokenland (sample): 1 problem(s) in the files") for e in errors)
    assert any(
        e.startswith("Badscenland (sample), scenario baseline:") and "no_such" in e for e in errors
    )
    problems = at.table[0].value
    assert problems.to_string().count("area_m2 must be positive") == 1
    assert "hazards.csv" in problems.to_string()
    assert button(at, RUN).disabled

    at.multiselect(key="portfolio_countries").set_value(["Nohistoria (sample)"]).run()
    assert not _errors(at)
    button(at, RUN).click().run(timeout=RUN_TIMEOUT_S)
    assert not at.exception
    (error,) = _errors(at)
    assert error.startswith("The portfolio cannot run: Nohistoria, scenario baseline:")
    assert "release history" in error


def test_a_run_shows_the_library_s_allocation_and_is_cached(app):
    at = open_page(app(), "portfolio")
    picked = ["Borealis (sample)", "Cascadia (sample)"]
    at.multiselect(key="portfolio_countries").set_value(picked).run()
    at.number_input(key="portfolio_budget").set_value(12_000_000.0)
    at.select_slider(key="portfolio_draws").set_value(20)
    at.number_input(key="portfolio_steps").set_value(3).run()
    clear_cache()  # the page works its draws itself
    button(at, RUN).click().run(timeout=RUN_TIMEOUT_S)
    assert not at.exception
    assert not _errors(at)

    clear_cache()  # and so does the library, for the comparison
    pairs = _lib_pairs(["borealis", "cascadia"])
    goal = parse_objective("states_completing:requested")
    lib = portfolio(pairs, 12e6, goal, draws=20, steps_per_country=3)
    table = at.dataframe[0].value
    assert table["Country"].tolist() == ["Borealis", "Cascadia"]
    usd = table["Allocation (US$ million a year)"] * 1e6
    assert usd.tolist() == pytest.approx(lib.allocation["usd_per_year"].tolist(), abs=0.01)
    assert abs(usd.sum() - 12e6) <= 1_000
    assert table["Share of the budget (%)"].sum() == pytest.approx(100)
    value = lib.summary["objective_value"]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["With the allocation"] == f"{value['allocation']:.2f}"
    assert metrics["With an equal split"] == f"{value['equal_split']:.2f}"
    assert metrics["With current pledges only"] == f"{value['current_pledges']:.2f}"
    usd_by_country = lib.allocation.set_index("country")["usd_per_year"]
    for row, (country, scenario) in zip(table.to_dict("records"), pairs, strict=True):
        x = float(usd_by_country[country.info.name])
        curve = response_curve(
            country, scenario, amounts_usd=[0.0, x] if x > 0 else [0.0], draws=20, seed=0
        )
        p50 = curve.year_at(0.5)
        assert row["Completion P10–P50–P90, current pledges"].split("–")[1] == str(p50[0])
        assert row["Completion P10–P50–P90, allocation"].split("–")[1] == str(p50[-1])
    assert len(at.get("plotly_chart")) == 3
    (timing,) = [c.value for c in at.caption if c.value.startswith("Portfolio server time")]
    assert re.search(r"= \d+ ms", timing)

    # the same inputs again: the cached run (its server time is the first run's)
    button(at, RUN).click().run(timeout=RUN_TIMEOUT_S)
    again = [c.value for c in at.caption if c.value.startswith("Portfolio server time")]
    assert again[0].split(" + charts")[0] == timing.split(" + charts")[0]

    # changed inputs: the last run stays, with a word that it is not theirs
    at.number_input(key="portfolio_budget").set_value(20_000_000.0).run()
    assert "The inputs changed since this run" in " ".join(i.value for i in at.info)
    assert at.dataframe[0].value["Country"].tolist() == ["Borealis", "Cascadia"]


def test_area_objective_asks_for_its_year_and_one_country_takes_the_budget(app):
    at = open_page(app(), "portfolio")
    at.multiselect(key="portfolio_countries").set_value(["Cascadia (sample)"]).run()
    assert not [n for n in at.number_input if n.key == "portfolio_year"]
    at.selectbox(key="portfolio_objective").set_value("ap_area_released_by").run()
    cascadia = _lib_pairs(["cascadia"])[0][1]
    year = at.number_input(key="portfolio_year")
    assert year.value == cascadia.start_year + 4  # the plan's fifth year, the library's default
    at.select_slider(key="portfolio_draws").set_value(20)
    at.number_input(key="portfolio_steps").set_value(2)
    at.number_input(key="portfolio_budget").set_value(3_000_000.0).run()
    button(at, RUN).click().run(timeout=RUN_TIMEOUT_S)
    assert not at.exception
    assert not _errors(at)
    table = at.dataframe[0].value
    assert table["Allocation (US$ million a year)"].tolist() == [3.0]
    assert f"AP km² by {year.value}, allocation" in table.columns
    assert at.metric[0].value.endswith(" km²")


def test_the_scenario_edited_on_the_scenario_page_can_be_chosen(app):
    at = open_page(app(), "scenario")
    scale = [n for n in at.number_input if n.label.startswith("International scale")]
    scale[0].set_value(0.6).run()
    open_page(at, "portfolio")
    aurelia = next(s for s in at.selectbox if s.label == "Aurelia (sample)")
    assert "baseline (edited)" in aurelia.options
    assert aurelia.value == "baseline"
