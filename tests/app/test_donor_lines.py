"""Donors' lines in the app: the scenario editor shows them and keeps them, edited or not;
the TOML the app writes holds them as ``[[funding.lines]]`` and reads back the same."""

from __future__ import annotations

import tomllib

import pandas as pd
from apptest_support import APP_MAIN, SAMPLES, TIMEOUT_S, open_page
from lrapp import donor_lines, scenarios
from streamlit.testing.v1 import AppTest

import landrelease as lr
from landrelease.scenario import load_scenario, scenario_from_dict

BOREALIS = SAMPLES / "borealis"
LINES = [
    {"donor": "Nordland", "status": "secured", "usd_per_year": 6_000_000, "from_year": 2026,
     "to_year": 2030, "source": "Agreement"},
    {"donor": "Trust", "status": "secured", "usd_per_year": {"2027": 300_000, "2029": 200_000},
     "earmark": "mdd"},
]


def test_an_unchanged_table_gives_the_lines_back_untouched():
    table = donor_lines.lines_table(LINES)
    assert list(table["donor"]) == ["Nordland", "Trust"]
    assert table.loc[1, "by_year"] == "2027 = 300000; 2029 = 200000"
    assert donor_lines.lines_from_table(table, LINES) == LINES


def test_an_edited_table_gives_the_lines_as_typed():
    table = donor_lines.lines_table(LINES)
    table.loc[1, "by_year"] = "2027 = 400000; 2030 = 100_000"
    blank = pd.DataFrame([dict.fromkeys(donor_lines.LINE_COLUMNS)])
    added = pd.DataFrame(
        [{"donor": "Westmark", "status": "expected", "usd_per_year": 1_000_000.0,
          "from_year": 2028}]
    )
    lines = donor_lines.lines_from_table(pd.concat([table, blank, added]), LINES)
    assert lines[0] == LINES[0]
    assert lines[1]["usd_per_year"] == {"2027": 400_000, "2030": 100_000}
    assert lines[2] == {"donor": "Westmark", "status": "expected", "usd_per_year": 1_000_000,
                        "from_year": 2028}
    assert len(lines) == 3  # the blank row is dropped, nothing else


def test_text_that_is_not_a_yearly_table_goes_to_the_library_which_names_the_line():
    table = donor_lines.lines_table(LINES)
    table.loc[1, "by_year"] = "lots"
    lines = donor_lines.lines_from_table(table, LINES)
    assert lines[1]["usd_per_year"] == "lots"
    raw = scenarios.load_raw(scenarios.saved_scenarios(lr.load_country(BOREALIS))["baseline"],
                             2025)
    raw["funding"]["lines"] = lines
    built = scenarios.build(raw, 2025, "mine.toml")
    assert built.scenario is None
    assert 'funding.lines[2] (donor "Trust").usd_per_year' in (built.message or "")


def test_the_written_toml_holds_the_lines_as_blocks_and_reads_back(tmp_path):
    country = lr.load_country(BOREALIS)
    saved = scenarios.saved_scenarios(country)["baseline"]
    by = country.info.baseline_year
    raw = scenarios.load_raw(saved, by)
    assert len(raw["funding"]["lines"]) == 3
    text = scenarios.scenario_toml(raw)
    assert text.count("[[funding.lines]]") == 3
    assert tomllib.loads(text) == raw
    again = scenarios.parse_toml(text, "mine.toml", country.scenarios_dir, by, tmp_path)
    original = load_scenario(saved.path, saved.folder, baseline_year=by)
    assert scenario_from_dict(again, baseline_year=by).hash == original.hash
    assert [line.donor for line in original.funding.lines] == [
        "Nordland", "Mine Action Trust Fund", "Westmark"
    ]


def test_the_editor_shows_the_lines_and_an_untouched_editor_keeps_them(monkeypatch):
    monkeypatch.setenv("LANDRELEASE_APP_COUNTRY", str(BOREALIS))
    at = AppTest.from_file(str(APP_MAIN), default_timeout=TIMEOUT_S).run()
    open_page(at, "scenario")
    shown = [d.value for d in at.dataframe if "donor" in d.value.columns]
    assert len(shown) == 1
    assert list(shown[0]["donor"]) == ["Nordland", "Mine Action Trust Fund", "Westmark"]
    assert list(shown[0]["earmark"]) == ["", "mdd", ""]
    assert at.session_state["scenario_raw"] == at.session_state["scenario_saved_raw"]
    assert len(at.session_state["scenario_raw"]["funding"]["lines"]) == 3


def test_the_donor_view_shows_each_donors_share_as_the_library_attributes_it(monkeypatch):
    from landrelease import load_country
    from landrelease.engine import project
    from landrelease.reports.donors import donor_totals, funding_by_donor
    from landrelease.scenario import load_scenario

    monkeypatch.setenv("LANDRELEASE_APP_COUNTRY", str(BOREALIS))
    at = AppTest.from_file(str(APP_MAIN), default_timeout=TIMEOUT_S).run()
    open_page(at, "donor")
    (shares,) = [d.value for d in at.dataframe if "Donor" in d.value.columns]
    country = load_country(BOREALIS)
    scenario = load_scenario(
        "baseline", country.scenarios_dir, baseline_year=country.info.baseline_year
    )
    totals = donor_totals(funding_by_donor(project(country, scenario)))
    assert list(shares["Donor"]) == [t["donor"] for t in totals]
    for donor in ("Nordland", "Mine Action Trust Fund", "Westmark"):
        assert donor in set(shares["Donor"])
    trust = shares[shares["Donor"] == "Mine Action Trust Fund"].iloc[0]
    assert trust["Earmarked to"] == "mdd"
    spent = {t["donor"]: t["spent_usd"] for t in totals}
    assert trust["Spent (US$ million)"] == round(spent["Mine Action Trust Fund"] / 1e6, 1)
    # less international money: the shares move with the page's funding change
    at.number_input(key="donor_percent").set_value(-50.0).run()
    (cut,) = [d.value for d in at.dataframe if "Donor" in d.value.columns]
    assert list(cut["Spent (US$ million)"]) != list(shares["Spent (US$ million)"])


def test_a_scenario_without_named_donors_says_how_to_name_them(app):
    at = open_page(app(), "donor")
    assert not [d for d in at.dataframe if "Donor" in d.value.columns]
    assert any("[[funding.lines]]" in c.value for c in at.caption)
