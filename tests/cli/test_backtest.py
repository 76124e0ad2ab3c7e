"""The backtest command, in-process: aurelia from 2020, the files, the same seed's bytes,
and input errors as messages."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from landrelease.cli.main import main

SAMPLES = Path(__file__).resolve().parents[2] / "sample_countries"


def _national_stocks(name: str) -> dict[int, float]:
    stocks = pd.read_csv(SAMPLES / name / "stocks.csv")
    national = stocks[stocks["region"] == "all"]
    return dict(zip(national["year"].astype(int), national["area_m2"].astype(float), strict=True))


def test_aurelia_from_2020(tmp_path, capsys):
    out = tmp_path / "bt"
    args = ["backtest", str(SAMPLES / "aurelia"), "--as-of", "2020", "--draws", "60"]
    assert main([*args, "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Backtest from the end of 2020 (deadline then in force 2028-03-01)" in printed
    for heading in ("past_release:", "plan:", "mean absolute error of P50", "completion by"):
        assert heading in printed
    data = json.loads((out / "backtest.json").read_text(encoding="utf-8"))
    assert data["as_of_year"] == 2020
    # aurelia's milestones set in 2018 target 2019-2025: the plan of 2020 is forecast too
    assert set(data["forecasts"]) == {"past_release", "plan"}
    stocks = _national_stocks("aurelia")
    rows = pd.DataFrame(data["years"])
    assert sorted(set(rows["year"])) == [2021, 2022, 2023, 2024, 2025]
    for r in rows.itertuples():
        assert r.actual_remaining_area_m2 == stocks[r.year]  # what the folder records
        assert r.remaining_area_m2_p10 <= r.remaining_area_m2_p50 <= r.remaining_area_m2_p90
        assert r.inside_p10_p90 == (
            r.remaining_area_m2_p10 <= r.actual_remaining_area_m2 <= r.remaining_area_m2_p90
        )
    for name, figures in data["forecasts"].items():
        these = rows[rows["forecast"] == name]
        assert figures["years_compared"] == len(these) == 5
        assert figures["coverage_p10_p90"] == pytest.approx(these["inside_p10_p90"].mean())
        call = figures["completion_call"]
        assert call["deadline_date"] == "2028-03-01"
        assert call["actual"] == "open"  # 2028 is after the last recorded stock
    plan = data["settings"]["plan"]
    assert sorted(plan["targets_m2"]) == ["2021", "2022", "2023", "2024", "2025"]
    assert plan["realisation"]["years"] == [2015, 2016, 2017, 2018, 2019, 2020]
    table = pd.read_csv(out / "backtest.csv")
    assert len(table) == len(rows)


def test_the_same_seed_gives_the_same_bytes(tmp_path, capsys):
    args = ["backtest", str(SAMPLES / "cascadia"), "--as-of", "2019", "--draws", "30"]
    assert main([*args, "--out", str(tmp_path / "a")]) == 0
    assert main([*args, "--out", str(tmp_path / "b")]) == 0
    for name in ("backtest.json", "backtest.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    printed = capsys.readouterr().out
    # cascadia's deadline in force in 2019 was 2021-05-01: the records answer the call
    assert "completion by 2021-05-01" in printed
    assert "actual missed" in printed


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["aurelia", "--as-of", "2025"], "starts before the baseline (2025)"),
        (["borealis", "--as-of", "2012"], "has years 2018–2025"),
        (["aurelia", "--as-of", "2020", "--horizon", "0"], "--horizon 0"),
        (["aurelia", "--as-of", "2020", "--draws", "0"], "--draws 0"),
    ],
)
def test_input_errors_are_messages(capsys, args, words):
    name, *rest = args
    assert main(["backtest", str(SAMPLES / name), *rest]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[-1].startswith("error: ")  # after the country's own warnings (borealis)
    assert words in err[-1]
