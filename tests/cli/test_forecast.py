"""The forecast and sensitivity commands, in-process."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from landrelease.cli import forecast as forecast_command
from landrelease.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
CASCADIA = ROOT / "sample_countries" / "cascadia"
FILES = (
    "forecast_annual.csv",
    "forecast_by_region.csv",
    "forecast_summary.json",
    "completion_draws.csv",
)


def test_forecast_writes_its_files_and_the_same_seed_gives_the_same_bytes(tmp_path, capsys):
    args = [
        "forecast",
        str(CASCADIA),
        "--scenario",
        "baseline",
        "--draws",
        "60",
        "--cases",
        "plan,secured_only",
    ]
    assert main([*args, "--out", str(tmp_path / "a")]) == 0
    printed = capsys.readouterr().out
    assert "P(complete by 2027-03-01) = " in printed
    assert "P50 " in printed
    assert "(P10 " in printed
    assert main([*args, "--out", str(tmp_path / "b")]) == 0
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == sorted(
        [*FILES, "landrelease-manifest.json"]
    )
    for name in FILES:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    summary = json.loads((tmp_path / "a" / "forecast_summary.json").read_text("utf-8"))
    assert summary["draws"] == 60
    assert summary["seed"] == 0
    assert set(summary["cases"]) == {"plan", "secured_only"}
    assert summary["p_complete_by_deadline"] == summary["cases"]["plan"]["p_complete_by_deadline"]
    assert summary["provenance"]["inputs"]
    assert "sha_area_factor" in summary["uncertainty"]["inputs"]
    draws = pd.read_csv(tmp_path / "a" / "completion_draws.csv")
    assert list(draws.columns) == [
        "case",
        "draw",
        "completion_year",
        "article5_completion_year",
        "planned_cost_usd",
    ]
    assert len(draws) == 120
    annual = pd.read_csv(tmp_path / "a" / "forecast_annual.csv")
    assert {
        "case",
        "year",
        "remaining_area_m2_p10",
        "remaining_area_m2_p50",
        "remaining_area_m2_p90",
        "funding_gap_usd_p50",
    } <= set(annual.columns)
    assert main([*args, "--seed", "1", "--out", str(tmp_path / "c")]) == 0
    assert (tmp_path / "c" / "completion_draws.csv").read_bytes() != (
        tmp_path / "a" / "completion_draws.csv"
    ).read_bytes()


def test_forecast_input_errors_are_messages(tmp_path, capsys):
    assert main(["forecast", str(CASCADIA), "--draws", "0"]) == 1
    assert "error: draws = 0" in capsys.readouterr().err
    assert main(["forecast", str(CASCADIA), "--cases", "plan,hope", "--draws", "5"]) == 1
    assert "'hope'" in capsys.readouterr().err


def test_sensitivity_writes_the_table_and_the_tornado(tmp_path, capsys):
    out = tmp_path / "s"
    assert main(["sensitivity", str(CASCADIA), "--out", str(out)]) == 0
    assert "every input at its P50" in capsys.readouterr().out
    table = pd.read_csv(out / "sensitivity.csv")
    assert list(table.columns) == [
        "input",
        "low",
        "high",
        "article5_completion_year_low",
        "article5_completion_year_high",
        "planned_cost_usd_low",
        "planned_cost_usd_high",
    ]
    assert (out / "tornado.png").read_bytes().startswith(b"\x89PNG")
    again = tmp_path / "t"
    assert main(["sensitivity", str(CASCADIA), "--out", str(again)]) == 0
    assert (out / "tornado.png").read_bytes() == (again / "tornado.png").read_bytes()


@pytest.mark.parametrize("name", ["aurelia", "borealis", "cascadia"])
def test_forecast_runs_on_every_sample(tmp_path, capsys, name):
    out = tmp_path / name
    args = ["forecast", str(ROOT / "sample_countries" / name), "--draws", "8", "--out", str(out)]
    assert main(args) == 0
    assert "P(complete by " in capsys.readouterr().out
    annual = pd.read_csv(out / "forecast_annual.csv")
    for q in ("remaining_area_m2", "article5_remaining_area_m2", "funding_gap_usd"):
        assert (annual[f"{q}_p10"] <= annual[f"{q}_p50"]).all()
        assert (annual[f"{q}_p50"] <= annual[f"{q}_p90"]).all()


def test_workers_give_the_same_files_whatever_their_number(tmp_path, capsys):
    args = ["forecast", str(CASCADIA), "--draws", "120", "--cases", "plan,secured_only"]
    for workers in ("1", "2"):  # 120 draws: three chunks, worked in two processes
        assert main([*args, "--workers", workers, "--out", str(tmp_path / workers)]) == 0
    for name in FILES:
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes()
    sens = ["sensitivity", str(CASCADIA), "--draws", "60"]
    for workers in ("1", "2"):
        out = tmp_path / f"s{workers}"
        assert main([*sens, "--workers", workers, "--out", str(out)]) == 0
    assert (tmp_path / "s1" / "sensitivity.csv").read_bytes() == (
        tmp_path / "s2" / "sensitivity.csv"
    ).read_bytes()


def test_workers_default_to_the_cores_within_the_cap_and_refuse_zero(capsys):
    assert 1 <= forecast_command.default_workers() <= forecast_command.MAX_DEFAULT_WORKERS
    with pytest.raises(SystemExit) as caught:
        main(["forecast", str(CASCADIA), "--workers", "0"])
    assert caught.value.code == 2
    assert "--workers: '0': give 1 or more" in capsys.readouterr().err
