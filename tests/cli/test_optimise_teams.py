"""``landrelease optimise-teams`` in-process: the scenario file it writes, "not reachable"
with the limit that binds, and input problems as messages."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

from landrelease import load_country
from landrelease.cli.main import main
from landrelease.engine import project
from landrelease.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[2]
CASCADIA = ROOT / "sample_countries" / "cascadia"


def _run(*words: str) -> int:
    return main(["optimise-teams", str(CASCADIA), *words])


def test_the_written_scenario_loads_and_completes_by_the_year(tmp_path, capsys):
    out = tmp_path / "teams_2030.toml"
    assert _run("--scenario", "surge", "--by", "2030", "--out", str(out)) == 0
    printed = capsys.readouterr().out
    country = load_country(CASCADIA)
    scenario = load_scenario(out, country.scenarios_dir, baseline_year=country.info.baseline_year)
    result = project(country, scenario)
    assert result.article5_completion_year <= 2030
    cost = result.summary["planned_cost_usd"]
    assert (
        f"Article 5 completion in {result.article5_completion_year}, planned cost US${cost:,.0f}"
        in printed
    )
    assert f"wrote {out} (base 'surge'" in printed
    data = tomllib.loads(out.read_text(encoding="utf-8"))
    assert (data["name"], data["base"]) == ("teams_2030", "surge")
    assert set(data) == {"name", "description", "base", "teams"}  # only [teams] overridden
    assert "optimise-teams" in data["teams"]["source"]
    surge = load_scenario("surge", country.scenarios_dir, baseline_year=country.info.baseline_year)
    assert scenario.funding == surge.funding
    # the user projects it as any scenario file
    assert main(["project", str(CASCADIA), "--scenario", str(out)]) == 0
    assert "scenario teams_2030" in capsys.readouterr().out


def test_kept_kinds_are_left_to_the_base(tmp_path, capsys):
    out = tmp_path / "kept.toml"
    assert _run("--by", "2032", "--out", str(out), "--keep", "mechanical") == 0
    assert "(kept)" in capsys.readouterr().out
    teams = tomllib.loads(out.read_text(encoding="utf-8"))["teams"]
    assert set(teams) == {"nts", "ts", "manual", "mdd", "source"}


def test_not_reachable_names_the_binding_limit_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "teams.toml"
    assert _run("--scenario", "surge", "--by", "2027", "--out", str(out)) == 1
    printed = capsys.readouterr().out
    # the ramp from today's team-years binds (with cascadia's money: lifting either would do)
    assert "completion by 2027 is not reachable: the recruitment ramp" in printed
    assert "1.5× a year from today's" in printed
    assert not out.exists()
    # without the ramp limit the same year is reachable
    assert _run("--scenario", "surge", "--by", "2027", "--out", str(out), "--no-ramp-limit") == 0
    assert out.exists()


@pytest.mark.parametrize(
    ("words", "message"),
    [
        (["--by", "2030", "--out", "teams.txt"], "--out teams.txt: give a .toml file"),
        (["--by", "2020", "--out", "t.toml"], "completion by 2020 is outside scenario"),
        (["--scenario", "nope", "--by", "2030", "--out", "t.toml"], "scenario 'nope' not found"),
    ],
)
def test_input_problems_are_messages(tmp_path, monkeypatch, capsys, words, message):
    monkeypatch.chdir(tmp_path)
    assert _run(*words) == 1
    assert message in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_the_base_scenario_is_never_overwritten(tmp_path, capsys):
    country = tmp_path / "cascadia"
    shutil.copytree(CASCADIA, country)
    baseline = country / "scenarios" / "baseline.toml"
    before = baseline.read_bytes()
    # surge's base is baseline: writing over it would break the file just written
    code = main(
        [
            "optimise-teams",
            str(country),
            "--scenario",
            "surge",
            "--by",
            "2030",
            "--out",
            str(baseline),
        ]
    )
    assert code == 1
    assert "one of its bases" in capsys.readouterr().err
    assert baseline.read_bytes() == before


def test_a_scenario_outside_the_scenarios_folder_cannot_be_a_base(tmp_path, capsys):
    mine = tmp_path / "mine.toml"
    mine.write_text('name = "mine"\nbase = "baseline"\n', encoding="utf-8")
    assert _run("--scenario", str(mine), "--by", "2030", "--out", str(tmp_path / "t.toml")) == 1
    assert "copy mine.toml there and give its name" in capsys.readouterr().err


def test_a_ramp_factor_below_one_is_refused_by_the_parser(capsys):
    with pytest.raises(SystemExit) as stop:
        _run("--by", "2030", "--out", "t.toml", "--ramp-factor", "0.5")
    assert stop.value.code == 2
    assert "0.5 is below 1" in capsys.readouterr().err
