"""The scenario file ``optimise-teams`` writes: it reads back to the same values, loads as a
scenario over its base, and is written atomically."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from landrelease.export.scenario_file import override_toml, write_override
from landrelease.optimise.teams import team_table
from landrelease.scenario import load_scenario
from landrelease.scenario.model import TEAM_KINDS

SAMPLES = Path(__file__).resolve().parents[2] / "sample_countries"
YEARS = np.arange(2026, 2036)

whole_teams = st.lists(st.integers(0, 9_999), min_size=len(YEARS), max_size=len(YEARS))
words = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)


@given(st.fixed_dictionaries({k: whole_teams for k in TEAM_KINDS}), words, words)
def test_the_text_reads_back_to_the_same_values(teams, description, source):
    section = {k: team_table(YEARS, np.array(v)) for k, v in teams.items()}
    section["source"] = source
    text = override_toml(
        name="mix", description=description, base="baseline", sections={"teams": section}
    )
    data = tomllib.loads(text)
    assert (data["name"], data["description"], data["base"]) == ("mix", description, "baseline")
    read = {
        k: v if isinstance(v, int) else {int(y): n for y, n in v.items()}
        for k, v in data["teams"].items()
        if k != "source"
    }
    assert read == {k: v for k, v in section.items() if k != "source"}
    assert data["teams"]["source"] == source


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=20)
@given(st.fixed_dictionaries({k: whole_teams for k in ("manual", "mdd")}))
def test_the_file_loads_as_its_base_with_the_teams_replaced(tmp_path, teams):
    folder = tmp_path / "scenarios"
    folder.mkdir(exist_ok=True)
    shutil.copy(SAMPLES / "cascadia" / "scenarios" / "baseline.toml", folder)
    section = {k: team_table(YEARS, np.array(v)) for k, v in teams.items()}
    path = write_override(
        tmp_path / "mix.toml",
        name="mix",
        description="a test",
        base="baseline",
        sections={"teams": section | {"source": "hand"}},
        comments=("two lines\nof comment",),
    )
    scenario = load_scenario(path, folder, baseline_year=2025)
    base = load_scenario("baseline", folder, baseline_year=2025)
    for k in TEAM_KINDS:
        expected = np.array(teams[k], dtype=float) if k in teams else base.teams[k].over(YEARS)
        np.testing.assert_array_equal(scenario.teams[k].over(YEARS), expected)
    assert scenario.costs == base.costs
    assert scenario.funding == base.funding
    assert path.read_text(encoding="utf-8").startswith("# two lines\n# of comment\nname = ")


def test_a_write_replaces_the_file_whole_and_leaves_no_temporary_file(tmp_path):
    path = tmp_path / "mix.toml"
    path.write_text("old", encoding="utf-8")
    write_override(path, name="mix", description="", base="baseline", sections={})
    assert tomllib.loads(path.read_text(encoding="utf-8"))["base"] == "baseline"
    assert [p.name for p in tmp_path.iterdir()] == ["mix.toml"]


def test_a_number_toml_cannot_hold_is_refused_before_writing(tmp_path):
    path = tmp_path / "mix.toml"
    with pytest.raises(ValueError, match=r"teams\.mdd: nan cannot be written"):
        write_override(
            path, name="mix", description="", base="b", sections={"teams": {"mdd": float("nan")}}
        )
    assert not path.exists()


def test_teams_the_same_every_year_are_one_number_otherwise_their_changes():
    assert team_table(YEARS[:3], np.array([4.0, 4.0, 4.0])) == 4
    assert team_table(YEARS[:4], np.array([4.0, 4.0, 6.0, 0.0])) == {2026: 4, 2028: 6, 2029: 0}


@given(st.text(st.characters(exclude_categories=("Cs",)), max_size=60))
def test_any_comment_text_stays_a_comment(text):
    data = tomllib.loads(
        override_toml(name="m", description="", base="b", sections={}, comments=(text,))
    )
    assert data == {"name": "m", "description": "", "base": "b"}
