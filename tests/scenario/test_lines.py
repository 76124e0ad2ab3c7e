"""``[[funding.lines]]``: named donors' money read from a scenario file, and every bad line
reported with the file, the line's number and donor, and the key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from landrelease.scenario import ScenarioError, load_scenario

BASELINE_YEAR = 2025

HEAD = """name = "donors"
description = "Two donors."

[period]
start_year = 2026
end_year = 2035

[release]
sha_cancelled_frac = 0.5
ts_reduced_frac = 0.5

[productivity]
nts = 100000
ts = 20000
manual = 10000
mechanical = 50000
mdd = 30000

[teams]
manual = 3

[funding]
national_usd_per_year = 1000000
international_secured_usd_per_year = 500000
"""

GOOD = """
[[funding.lines]]
donor = "Nordland"
status = "secured"
usd_per_year = { 2027 = 300000, 2029 = 200000 }
earmark = "mdd"
source = "Agreement of 2025"

[[funding.lines]]
donor = "Westmark"
status = "expected"
usd_per_year = 100000
from_year = 2028
"""


def _load(tmp_path: Path, text: str) -> Any:
    path = tmp_path / "donors.toml"
    path.write_text(HEAD + text, encoding="utf-8")
    return load_scenario(path, tmp_path, baseline_year=BASELINE_YEAR)


def test_lines_are_read_with_their_pledge_years_and_earmarks(tmp_path):
    scenario = _load(tmp_path, GOOD)
    nordland, westmark = scenario.funding.lines
    assert (nordland.donor, nordland.status, nordland.earmark) == ("Nordland", "secured", "mdd")
    # a table's years are the pledge years: 2027 to 2029
    assert (nordland.from_year, nordland.to_year) == (2027, 2029)
    years = scenario.years
    assert nordland.over(years)[:5].tolist() == [0, 300_000, 300_000, 200_000, 0]
    assert nordland.source == "Agreement of 2025"
    # a number: from the year given to the end of the period
    assert (westmark.from_year, westmark.to_year) == (2028, 2035)
    assert westmark.over(years).tolist() == [0, 0] + [100_000] * 8
    assert westmark.earmark is None


def test_the_hash_changes_with_a_line_but_not_with_its_source(tmp_path):
    without = _load(tmp_path, "")
    with_lines = _load(tmp_path, GOOD)
    other_source = _load(tmp_path, GOOD.replace("Agreement of 2025", "Letter"))
    assert without.hash != with_lines.hash
    assert with_lines.hash == other_source.hash


@pytest.mark.parametrize(
    ("change", "key", "says"),
    [
        ('status = "secured"', "funding.lines[1] (donor \"Nordland\").status", "'promised'"),
        ('earmark = "mdd"', "funding.lines[1] (donor \"Nordland\").earmark", "team kind"),
        ("usd_per_year = { 2027 = 300000, 2029 = 200000 }",
         "funding.lines[1] (donor \"Nordland\").usd_per_year.2027", "at least 0"),
        ("from_year = 2028", "funding.lines[2] (donor \"Westmark\").from_year", "after to_year"),
        ("from_year = 2028", "funding.lines[2] (donor \"Westmark\").from_year", "outside"),
        ('donor = "Nordland"', "funding.lines[1].donor", "donor's name"),
        ('source = "Agreement of 2025"', 'funding.lines[1] (donor "Nordland").colour', "unknown"),
    ],
)
def test_a_bad_line_is_named_by_file_number_donor_and_key(tmp_path, change, key, says):
    bad = {
        'status = "secured"': 'status = "promised"',
        'earmark = "mdd"': 'earmark = "dogs"',
        "usd_per_year = { 2027 = 300000, 2029 = 200000 }": "usd_per_year = { 2027 = -5 }",
        "from_year = 2028": "from_year = 2030\nto_year = 2029"
        if says == "after to_year"
        else "from_year = 2020",
        'donor = "Nordland"': 'donor = ""',
        'source = "Agreement of 2025"': 'colour = "blue"',
    }[change]
    with pytest.raises(ScenarioError) as info:
        _load(tmp_path, GOOD.replace(change, bad))
    message = str(info.value)
    assert message.startswith("donors.toml")
    line = next((x for x in message.splitlines() if key in x), None)
    assert line is not None, message
    assert says in line, line


def test_a_missing_status_is_an_error_not_secured_money(tmp_path):
    with pytest.raises(ScenarioError, match=r'lines\[1\] \(donor "Nordland"\)\.status: missing'):
        _load(tmp_path, GOOD.replace('status = "secured"\n', ""))


def test_a_line_twice_is_an_error_naming_both(tmp_path):
    twice = GOOD + GOOD.split("[[funding.lines]]")[1].join(["[[funding.lines]]", ""])
    named = r'lines\[3\] \(donor "Nordland"\).*funding\.lines\[1\]'
    with pytest.raises(ScenarioError, match=named):
        _load(tmp_path, twice)


def test_the_same_donor_may_give_secured_and_expected_money(tmp_path):
    text = GOOD + GOOD.split("[[funding.lines]]")[1].replace('"secured"', '"expected"').join(
        ["\n[[funding.lines]]", ""]
    )
    assert len(_load(tmp_path, text).funding.lines) == 3


def test_years_outside_the_period_are_an_error(tmp_path):
    with pytest.raises(ScenarioError, match=r'Nordland"\)\.to_year: 2040 is outside'):
        _load(tmp_path, GOOD.replace("2029 = 200000", "2040 = 200000"))


def test_lines_must_be_a_list_of_tables(tmp_path):
    with pytest.raises(ScenarioError, match=r"funding\.lines: must be a list of tables"):
        _load(tmp_path, "lines = 5\n")


def test_a_base_scenarios_lines_are_inherited(tmp_path):
    _load(tmp_path, GOOD)  # writes donors.toml
    (tmp_path / "cut.toml").write_text(
        'name = "cut"\nbase = "donors"\n\n[funding]\ninternational_scale = 0.5\n',
        encoding="utf-8",
    )
    cut = load_scenario("cut", tmp_path, baseline_year=BASELINE_YEAR)
    assert [line.donor for line in cut.funding.lines] == ["Nordland", "Westmark"]
    assert np.isclose(cut.funding.international_scale, 0.5)
