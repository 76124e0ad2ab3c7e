"""The request files of a country folder (expenditure, casualties, marking, risk-education
plan, previous baseline) and its narrative/ folder: read, checked, every problem located."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from landrelease.errors import CountryError, LandreleaseWarning, ValidationError
from landrelease.io import load_country

SAMPLES = Path(__file__).resolve().parents[2] / "sample_countries"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "cascadia"
    shutil.copytree(SAMPLES / "cascadia", target)
    return target


def _set_country(folder: Path, old: str, new: str) -> None:
    toml = folder / "country.toml"
    text = toml.read_text(encoding="utf-8")
    assert old in text
    toml.write_text(text.replace(old, new, 1), encoding="utf-8")


def _error(folder: Path) -> str:
    with pytest.raises(ValidationError) as caught:
        load_country(folder)
    return str(caught.value)


def test_the_sample_reads_with_every_request_file(folder):
    country = load_country(folder)
    assert set(country.request_inputs) == {
        "expenditure",
        "casualties",
        "marking",
        "risk_education_plan",
        "previous_baseline",
    }
    assert set(country.source_files) >= {"expenditure", "narrative"}
    spent = country.request_inputs["expenditure"]
    assert spent["amount_usd"].notna().all()  # USD rows filled from the amount
    usd = spent["currency"] == "USD"
    assert (spent.loc[usd, "amount_usd"] == spent.loc[usd, "amount"]).all()
    assert len(country.narrative) == 24


def test_local_currency_is_converted_with_usd_per_local_unit(folder):
    _set_country(folder, 'currency = "USD"', 'currency = "XCD"\nusd_per_local_unit = 0.25')
    (folder / "expenditure.csv").write_text(
        "year,source,amount,currency,amount_usd\n"
        "2024,national,4000000,,\n"
        "2024,Donor State B,100000,USD,\n",
        encoding="utf-8",
    )
    spent = load_country(folder).request_inputs["expenditure"]
    assert spent["currency"].tolist() == ["XCD", "USD"]
    assert spent["amount_usd"].tolist() == [1_000_000.0, 100_000.0]
    assert spent["source_kind"].tolist() == ["national", "international"]


def test_money_that_cannot_be_converted_is_an_error_saying_what_to_give(folder):
    (folder / "expenditure.csv").write_text(
        "year,source,amount,currency,amount_usd\n2024,Donor State A,90000,EUR,\n",
        encoding="utf-8",
    )
    text = _error(folder)
    assert "expenditure.csv, row 2, column amount_usd: amount_usd is empty" in text
    assert "EUR is neither USD nor the country's currency USD" in text


def test_usd_per_local_unit_needs_a_local_currency(folder):
    _set_country(folder, 'currency = "USD"', 'currency = "USD"\nusd_per_local_unit = 0.25')
    with pytest.raises(CountryError, match="usd_per_local_unit"):
        load_country(folder)


def test_casualties_split_by_sex_and_age_must_add_up(folder):
    (folder / "casualties.csv").write_text(
        "year,region,device_type,killed,injured,female,male,sex_unknown,child,adult,age_unknown\n"
        "2024,Dunmore,ap_mine,1,2,1,1,0,,,\n"
        "2024,Brackwater,ap_improvised,0,1,,,,,,\n",
        encoding="utf-8",
    )
    text = _error(folder)
    assert "casualties.csv, row 2, column female: female + male + sex_unknown = 2" in text
    assert "but killed + injured = 3" in text
    (folder / "casualties.csv").write_text(
        "year,region,device_type,killed,injured\n2024,Dunmore,,1,2\n", encoding="utf-8"
    )
    row = load_country(folder).request_inputs["casualties"].iloc[0]
    assert (row["device_type"], row["sex_unknown"], row["age_unknown"]) == ("unknown", 3, 3)


def test_a_row_given_twice_is_an_error_and_an_unknown_region_a_warning(folder):
    (folder / "marking.csv").write_text(
        "year,region,measure,area_count,area_m2\n"
        "2024,Dunmore,marked,1,1000\n"
        "2024,Dunmore,marked,2,3000\n",
        encoding="utf-8",
    )
    assert "marking.csv, row 3, column year: 2024 / Dunmore / marked is given twice" in _error(
        folder
    )
    (folder / "marking.csv").write_text(
        "year,region,measure,area_count,area_m2\n2024,Atlantis,fenced,1,1000\n", encoding="utf-8"
    )
    with pytest.warns(LandreleaseWarning, match=r"marking.csv, row 2, column region: region At"):
        load_country(folder)


def test_the_previous_baseline_states_one_year(folder):
    lines = (folder / "previous_baseline.csv").read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace("2019,", "2018,", 1)
    (folder / "previous_baseline.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert "previous_baseline.csv, row 3, column year: the previous baseline states 2019" in _error(
        folder
    )


def test_a_request_file_outside_the_folder_is_refused(folder, tmp_path):
    (tmp_path / "elsewhere.csv").write_text("year\n", encoding="utf-8")
    _set_country(folder, 'marking = "marking.csv"', 'marking = "../elsewhere.csv"')
    with pytest.raises(CountryError, match=r"\[files\] marking .* leads out of the folder"):
        load_country(folder)


def test_a_markdown_file_that_is_no_section_is_a_warning(folder):
    (folder / "narrative" / "15_remaining.md").write_text("text\n", encoding="utf-8")
    (folder / "narrative" / "picture.png").write_bytes(b"\x89PNG")
    with pytest.warns(LandreleaseWarning, match=r"narrative/15_remaining.md: 15_remaining.md is"):
        country = load_country(folder)
    assert "narrative/15_remaining.md" not in {t.file for t in country.narrative.values()}
    assert len(country.narrative) == 24


def test_a_narrative_file_not_in_utf8_is_an_error_naming_it(folder):
    (folder / "narrative" / "02_origin.md").write_bytes("Orígenes".encode("cp1252"))
    with pytest.raises(CountryError, match=r"02_origin.md: not UTF-8 text: line 1"):
        load_country(folder)
