"""Reference classes of plan realisation: a CSV of ratios inside the country folder."""

from __future__ import annotations

import pytest

from landrelease.errors import CountryError, ValidationError
from landrelease.io.ratios import read_reference_class

KEY = {"file": "baseline.toml", "key": "uncertainty.plan_realisation_file"}


def test_read_ratios_with_states_and_years(tmp_path):
    (tmp_path / "ref.csv").write_text(
        "State,ratio,year,source\nA,0.8,2019,Monitor\nA,0.7,,\n,1.1,2020,x\n", encoding="utf-8"
    )
    table = read_reference_class(tmp_path, "ref.csv", **KEY)
    assert list(table["ratio"]) == [0.8, 0.7, 1.1]
    assert list(table["state"]) == ["A", "A", None]
    assert table["year"].isna().tolist() == [False, True, False]
    assert table["year"].dropna().tolist() == [2019, 2020]
    assert list(table["source"]) == ["Monitor", None, "x"]


def test_every_bad_cell_is_named(tmp_path):
    (tmp_path / "ref.csv").write_text(
        "ratio,year\n0.8,2019\n80,2020\n-1,2021\nlots,20.5\n", encoding="utf-8"
    )
    with pytest.raises(ValidationError) as info:
        read_reference_class(tmp_path, "ref.csv", **KEY)
    text = str(info.value)
    for words in (
        "ref.csv, row 3, column ratio",
        "(found '80')",
        "a percentage must be divided by 100",
        "row 4, column ratio",
        "row 5, column ratio",
        "row 5, column year",
    ):
        assert words in text


def test_a_ratio_column_is_required(tmp_path):
    (tmp_path / "ref.csv").write_text("achieved,planned\n8,10\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="no column ratio"):
        read_reference_class(tmp_path, "ref.csv", **KEY)


def test_the_file_stays_inside_the_country_folder(tmp_path):
    country = tmp_path / "country"
    country.mkdir()
    (tmp_path / "ref.csv").write_text("ratio\n0.8\n", encoding="utf-8")
    with pytest.raises(CountryError) as info:
        read_reference_class(country, "../ref.csv", **KEY)
    assert "baseline.toml: uncertainty.plan_realisation_file" in str(info.value)
    assert "leads out of the folder" in str(info.value)
