"""The projection commands, in-process: project, compare, required-funding."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from landrelease.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
CASCADIA = ROOT / "sample_countries" / "cascadia"


def test_project_writes_the_six_files_and_the_identity_holds(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["project", str(CASCADIA), "--scenario", "baseline", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Cascadia" in printed
    assert "deadline" in printed
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [
            "annual.csv",
            "annual_by_region.csv",
            "annual_by_type.csv",
            "schedule.csv",
            "funding_by_donor.csv",
            "summary.json",
            "landrelease-manifest.json",
        ]
    )
    annual = pd.read_csv(out / "annual.csv")
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    start = summary["baseline_area_m2"]
    previous = pd.concat(
        [pd.Series([start]), annual["remaining_area_m2"].iloc[:-1]], ignore_index=True
    )
    expected = previous + annual["discovered_area_m2"] - annual["released_area_m2"]
    assert (expected - annual["remaining_area_m2"]).abs().max() < 1e-3
    by_region = pd.read_csv(out / "annual_by_region.csv")
    sums = by_region.groupby("year")["remaining_area_m2"].sum().to_numpy()
    assert sums == pytest.approx(annual["remaining_area_m2"].to_numpy(), abs=1e-3)
    assert summary["total_cost_usd"] == pytest.approx(annual["cost_usd"].sum())


def test_project_scenario_by_file_path(tmp_path, capsys):
    scenario = tmp_path / "mine.toml"
    # a file typed on the command line may live anywhere; its base is a scenario name,
    # found in the country's scenarios folder
    text = 'name = "mine"\nbase = "baseline"\n[teams]\nmanual = 30\n'
    scenario.write_text(text, encoding="utf-8")
    assert main(["project", str(CASCADIA), "--scenario", str(scenario)]) == 0
    assert "scenario mine" in capsys.readouterr().out


def test_unknown_scenario_is_a_message_not_a_traceback(capsys):
    assert main(["project", str(CASCADIA), "--scenario", "nope"]) == 1
    err = capsys.readouterr().err
    assert "scenario 'nope' not found" in err
    assert "baseline" in err
    assert "Traceback" not in err


def test_bad_scenario_key_names_file_and_key(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text("[teams]\nmanual = -3\nrobots = 2\n", encoding="utf-8")
    assert main(["project", str(CASCADIA), "--scenario", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "bad.toml" in err
    assert "teams.robots" in err
    assert "teams.manual" in err


def test_compare_prints_and_writes_side_by_side(tmp_path, capsys):
    out = tmp_path / "cmp.csv"
    code = main(
        [
            "compare",
            str(CASCADIA),
            "--scenario",
            "baseline",
            "--scenario",
            "funding_cut",
            "--scenario",
            "surge",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    table = pd.read_csv(out)
    assert list(table.columns) == ["figure", "label", "baseline", "funding_cut", "surge"]
    row = table.set_index("figure").loc["article5_completion_year"]
    assert int(row["funding_cut"]) >= int(row["baseline"]) >= int(row["surge"])
    assert "completion year" in capsys.readouterr().out


AURELIA = ROOT / "sample_countries" / "aurelia"


def test_one_funding_gap_in_summary_compare_and_the_pack(tmp_path, capsys):
    """summary.json, compare and the pack's budget Total row give the same funding_gap_usd
    (aurelia counts expected pledges, so a gap net of expected money would differ)."""
    out = tmp_path / "out"
    assert main(["project", str(AURELIA), "--out", str(out)]) == 0
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert set(summary["cases"]) == {"plan", "secured_only", "todays_teams", "no_access"}
    for case in summary["cases"].values():
        assert {
            "article5_completion_year",
            "completion_year",
            "years_beyond_deadline",
            "required_deadline_date",
            "planned_cost_usd",
            "funding_gap_usd",
        } <= set(case)
    for key in ("funding_gap_usd", "gap_after_expected_usd", "unsecured_usd"):
        assert key in summary
    assert summary["gap_after_expected_usd"] < summary["funding_gap_usd"]
    assert summary["cases"]["plan"]["funding_gap_usd"] == summary["funding_gap_usd"]
    cmp = tmp_path / "cmp.csv"
    args = ["compare", str(AURELIA), "--scenario", "baseline", "--scenario", "surge"]
    assert main([*args, "--out", str(cmp)]) == 0
    compared = pd.read_csv(cmp).set_index("figure")
    assert float(compared.loc["funding_gap_usd", "baseline"]) == pytest.approx(
        summary["funding_gap_usd"]
    )
    pack = tmp_path / "pack"
    assert main(["export", str(AURELIA), "--out", str(pack), "--public", "--draws", "0"]) == 0
    budget = pd.read_csv(pack / "budget.csv")
    total = budget.set_index("year").loc["Total"]
    assert float(total["funding_gap_usd"]) == pytest.approx(summary["funding_gap_usd"])
    cases = pd.read_csv(pack / "cases.csv").set_index("case")
    assert float(cases.loc["plan", "funding_gap_usd"]) == pytest.approx(
        summary["funding_gap_usd"]
    )
    printed = capsys.readouterr().out
    assert "with secured money only" in printed


def test_required_funding_before_the_plan_starts_is_a_clear_error(capsys):
    assert main(["required-funding", str(CASCADIA), "--scenario", "baseline", "--by", "2020"]) == 1
    captured = capsys.readouterr()
    assert captured.err.startswith("error: completion by 2020 is before the plan starts")
    assert "begins in 2026" in captured.err
    assert "Traceback" not in captured.err + captured.out


def test_required_funding_reachable_and_not(capsys):
    assert main(["required-funding", str(CASCADIA), "--scenario", "baseline", "--by", "2040"]) == 0
    assert "completes by 2040" in capsys.readouterr().out
    assert main(["required-funding", str(CASCADIA), "--scenario", "baseline", "--by", "2027"]) == 1
    assert "capacity" in capsys.readouterr().out
