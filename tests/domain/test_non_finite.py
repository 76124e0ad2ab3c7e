"""NaN and infinity are never quantities: every reader refuses them by file, row and column."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from landrelease.domain.schema import coerce, schema
from landrelease.errors import CountryError
from landrelease.io.country import read_country_info
from landrelease.io.tables import inspect_hazards, inspect_releases

NON_FINITE_TEXT = ["NaN", "nan", "inf", "-inf", "Infinity", "1e999"]


@pytest.mark.parametrize("text", NON_FINITE_TEXT)
def test_coerce_refuses_non_finite_text_in_float_and_int_columns(text):
    raw = pd.DataFrame(
        {"region": ["N"], "method": ["cleared"], "area_m2": [text], "contamination_type":
         ["ap_mine"], "year": ["2020"], "ap_mines_destroyed": [text]}
    )  # fmt: skip
    _, problems = coerce(raw, schema("releases"), file="r.csv")
    found = {(p.column, p.message) for p in problems}
    assert ("area_m2", "area_m2 is not a finite number") in found
    assert ("ap_mines_destroyed", "ap_mines_destroyed is not a finite number") in found


@pytest.mark.parametrize("value", [math.inf, -math.inf, np.float64(np.inf)])
def test_coerce_refuses_infinite_numbers_from_typed_files(value):
    raw = pd.DataFrame({"area_m2": [value]}, dtype=object)
    _, problems = coerce(raw, schema("hazards"))
    assert ("area_m2", "area_m2 is not a finite number") in {
        (p.column, p.message) for p in problems
    }


def test_hazard_csv(write, hazards):
    hazards[1]["area_m2"] = "inf"
    hazards[3]["priority"] = "NaN"
    _, problems = inspect_hazards(write.hazards("csv", hazards))
    located = [(p.row, p.column) for p in problems if "not a finite number" in p.message]
    assert located == [(3, "area_m2"), (5, "priority")]


def test_hazard_geopackage_with_an_infinite_stated_area(write, hazards):
    hazards[0]["original_area_m2"] = math.inf
    _, problems = inspect_hazards(write.hazards("gpkg", hazards))
    (p,) = [p for p in problems if "not a finite number" in p.message]
    assert (p.row, p.column, p.row_kind) == (1, "original_area_m2", "feature")


def test_release_csv(write, releases):
    releases[2]["area_m2"] = "-inf"
    releases[4]["teams"] = "1e999"
    _, problems = inspect_releases(write.releases("csv", releases))
    located = [(p.row, p.column) for p in problems if "not a finite number" in p.message]
    assert located == [(4, "area_m2"), (6, "teams")]


@pytest.mark.parametrize(
    ("cells", "words"),
    [
        ("year = 2023\narea_m2 = nan", "milestones #1: area_m2 = nan is not a finite number"),
        ("year = 2023\narea_m2 = inf", "milestones #1: area_m2 = inf is not a finite number"),
        ("year = inf\narea_m2 = 5", "milestones #1: year = inf is not a finite number"),
        ("year = nan\narea_m2 = 5", "milestones #1: year = nan is not a finite number"),
        ("year = 2023.5\narea_m2 = 5", "milestones #1: year = 2023.5 is not a whole number"),
        ("year = 1e300\narea_m2 = 5", "milestones #1: year = 1e+300 is not a year"),
        ("year = 2023\narea_m2 = 1e300", "area_m2 = 1e+300 is above the limit country_area_max"),
    ],
)
def test_country_toml_milestones(write, cells, words):
    folder = write.country(extra=f"\n[[milestones]]\n{cells}\n")
    with pytest.raises(CountryError) as info:
        read_country_info(folder)
    assert words in str(info.value)


def test_a_whole_number_beyond_float_precision_is_out_of_range():
    raw = pd.DataFrame({"priority": ["1.8446744073709552e+19"]}, dtype=object)
    _, problems = coerce(raw, schema("hazards"))
    found = [(p.column, p.message) for p in problems if p.column == "priority"]
    assert found == [("priority", "priority is out of range")]
