"""The portfolio command, in-process."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from landrelease.cli.main import main
from landrelease.reports.long_format import LONG_COLUMNS, LONG_KEY

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = [str(ROOT / "sample_countries" / n) for n in ("aurelia", "borealis", "cascadia")]
FILES = ("allocation.csv", "portfolio.json")


def test_portfolio_writes_its_files_and_the_same_seed_gives_the_same_bytes(tmp_path, capsys):
    args = [
        "portfolio",
        *SAMPLES,
        "--budget-usd-per-year",
        "30,000,000",
        "--objective",
        "states_completing:requested",
        "--max-usd-per-year",
        "cascadia=2e6",
        "--draws",
        "10",
        "--steps-per-country",
        "3",
    ]
    assert main([*args, "--out", str(tmp_path / "a")]) == 0
    printed = capsys.readouterr().out
    assert "allocation" in printed
    assert "equal split" in printed
    assert "one more US$1M a year:" in printed
    assert main([*args, "--out", str(tmp_path / "b")]) == 0
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == sorted(
        [*FILES, "landrelease-manifest.json"]
    )
    for name in FILES:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    allocation = pd.read_csv(tmp_path / "a" / "allocation.csv", keep_default_na=False)
    assert list(allocation.columns) == ["country", "region", "usd_per_year"]
    assert allocation["country"].tolist() == ["Aurelia", "Borealis", "Cascadia"]
    assert (allocation["region"] == "").all()
    assert abs(allocation["usd_per_year"].sum() - 30e6) <= 1_000
    assert allocation["usd_per_year"].iloc[2] <= 2e6
    summary = json.loads((tmp_path / "a" / "portfolio.json").read_text("utf-8"))
    assert summary["objective"] == "states_completing:requested"
    assert summary["draws"] == 10
    value = summary["objective_value"]
    assert value["allocation"] >= value["equal_split"]
    manifest = json.loads((tmp_path / "a" / "landrelease-manifest.json").read_text("utf-8"))
    assert any(r["role"].startswith("Aurelia/") for r in manifest["inputs"])


def test_portfolio_input_errors_are_messages(tmp_path, capsys):
    base = ["portfolio", *SAMPLES[2:], "--budget-usd-per-year", "1e6", "--out", str(tmp_path)]
    assert main([*base, "--objective", "priority_weighted_area"]) == 1
    assert "error: objective priority_weighted_area is not available" in capsys.readouterr().err
    limit = ["--max-usd-per-year", "narnia=5"]
    assert main([*base, "--objective", "states_completing", *limit]) == 1
    assert "error: --max-usd-per-year 'narnia=5'" in capsys.readouterr().err
    assert not any(tmp_path.iterdir())


def test_format_long_stacks_runs_without_duplicate_keys(tmp_path, capsys):
    args = ["portfolio", *SAMPLES[1:], "--objective", "states_completing:requested"]
    args += ["--draws", "6", "--steps-per-country", "2", "--format", "long"]
    for budget, out in (("4e6", "a"), ("8e6", "b")):
        assert main([*args, "--budget-usd-per-year", budget, "--out", str(tmp_path / out)]) == 0
    capsys.readouterr()
    tables = [pd.read_csv(tmp_path / out / "long.csv") for out in ("a", "b")]
    stacked = pd.concat(tables, ignore_index=True)
    assert list(stacked.columns) == list(LONG_COLUMNS)
    assert not stacked.duplicated(list(LONG_KEY)).any()
    assert set(stacked["variable"]) == {"Funding|Additional", "Probability|Complete|AP"}
    assert set(stacked["region"]) == {"Borealis", "Cascadia"}
    assert set(tables[0]["scenario"]) == {
        "baseline + portfolio states_completing:requested US$4,000,000/yr"
    }
    allocation = pd.read_csv(tmp_path / "a" / "allocation.csv")
    money = tables[0][tables[0]["variable"] == "Funding|Additional"]
    for country, usd in zip(allocation["country"], allocation["usd_per_year"], strict=True):
        assert (money.loc[money["region"] == country, "value"] == usd).all()
    chance = tables[0][tables[0]["variable"] == "Probability|Complete|AP"]
    for _, rows in chance.groupby("region"):
        assert rows.sort_values("year")["value"].is_monotonic_increasing
    # written again without --format long, the stale long.csv goes
    assert main([*args[:-2], "--budget-usd-per-year", "4e6", "--out", str(tmp_path / "a")]) == 0
    assert not (tmp_path / "a" / "long.csv").exists()
