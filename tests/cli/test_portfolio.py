"""The portfolio command, in-process."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from landrelease.cli.main import main

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
