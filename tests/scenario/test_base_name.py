"""A scenario's ``base`` is the name of a scenario in the same folder, never a path."""

from __future__ import annotations

import json

import pytest

from landrelease.scenario import ScenarioError, YearValues, load_scenario

SCENARIO = 'name = "{name}"\n[teams]\nmanual = 3\n'


def scenarios(tmp_path):
    folder = tmp_path / "country" / "scenarios"
    folder.mkdir(parents=True)
    (folder / "baseline.toml").write_text(SCENARIO.format(name="baseline"), encoding="utf-8")
    (tmp_path / "elsewhere.toml").write_text(SCENARIO.format(name="x"), encoding="utf-8")
    return folder


def child(folder, base):
    text = f"base = {json.dumps(base)}\n[teams]\nts = 2\n"  # a TOML basic string
    (folder / "child.toml").write_text(text, encoding="utf-8")
    return load_scenario("child", folder, baseline_year=2025)


@pytest.mark.parametrize(
    "base",
    ["../../elsewhere", "../../elsewhere.toml", "/etc/passwd", "sub/baseline", r"..\x", "C:x", ""],
)
def test_a_base_that_is_a_path_is_refused(tmp_path, base):
    folder = scenarios(tmp_path)
    with pytest.raises(ScenarioError) as info:
        child(folder, base)
    assert f"child.toml: base = {base!r}: give the name of a scenario" in str(info.value)
    assert "not a path" in str(info.value)


def test_a_base_that_is_not_text_is_refused(tmp_path):
    folder = scenarios(tmp_path)
    (folder / "child.toml").write_text("base = 5\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="base = 5: give the name"):
        load_scenario("child", folder, baseline_year=2025)


def test_a_base_linked_outside_the_folder_is_refused(tmp_path):
    folder = scenarios(tmp_path)
    (folder / "linked.toml").symlink_to(tmp_path / "elsewhere.toml")
    with pytest.raises(ScenarioError, match="outside the scenarios folder"):
        child(folder, "linked")


def test_a_base_by_name_with_or_without_suffix(tmp_path):
    folder = scenarios(tmp_path)
    for base in ("baseline", "baseline.toml"):
        scenario = child(folder, base)
        assert scenario.teams["manual"] == YearValues.constant(3)  # from the base
        assert scenario.teams["ts"] == YearValues.constant(2)


def test_an_unknown_base_lists_the_known_ones(tmp_path):
    folder = scenarios(tmp_path)
    with pytest.raises(ScenarioError, match=r"base = 'nowhere': no scenario 'nowhere'.*baseline"):
        child(folder, "nowhere")


def test_a_scenario_file_typed_by_the_user_may_live_anywhere(tmp_path):
    scenarios(tmp_path)
    scenario = load_scenario(tmp_path / "elsewhere.toml", baseline_year=2025)
    assert scenario.name == "x"
