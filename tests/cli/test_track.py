"""``landrelease track``, in-process: plan versus actual from the country's milestones or a
previous request's work plan, against its release history. Expected values are worked out
here from ``releases.csv`` and ``country.toml`` (or the workbook), not by the code tested."""

from __future__ import annotations

import math
import tomllib
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from landrelease.cli.main import main

SAMPLES = Path(__file__).resolve().parents[2] / "sample_countries"
SHIFT = 6  # years the previous request is moved back so that its plan meets the history
# (cascadia's work plan runs 2026–2033, its Article 5 completion: 2020–2027 after the shift)


def released_by_year(country: str) -> dict[int, float]:
    """Area released (cancelled + reduced + cleared, m²) per year of the release history."""
    releases = pd.read_csv(SAMPLES / country / "releases.csv")
    assert set(releases["method"]) <= {"cancelled", "reduced", "cleared"}
    return {int(y): float(a) for y, a in releases.groupby("year")["area_m2"].sum().items()}


def expected_track(targets: list[tuple[int, float]], released: dict[int, float]) -> pd.DataFrame:
    """Target, achieved, %, running sums and gap, by hand; NaN past the history's years."""
    rows, cum_target, cum_done = [], 0.0, 0.0
    for year, target in targets:
        done = released.get(year, 0.0) if min(released) <= year <= max(released) else math.nan
        cum_target += target
        cum_done += done
        rows.append(
            {
                "year": year,
                "target_area_m2": target,
                "achieved_area_m2": done,
                "achieved_pct": 100 * done / target if target > 0 else math.nan,
                "cumulative_target_m2": cum_target,
                "cumulative_achieved_m2": cum_done,
                "gap_carried_forward_m2": cum_target - cum_done,
            }
        )
    return pd.DataFrame(rows)


def check_csv(path: Path, expected: pd.DataFrame) -> pd.DataFrame:
    table = pd.read_csv(path)
    assert list(table.columns) == [
        "year",
        "region",
        "method",
        "target_area_m2",
        "achieved_area_m2",
        "achieved_pct",
        "cumulative_target_m2",
        "cumulative_achieved_m2",
        "gap_carried_forward_m2",
    ]
    assert set(table["region"]) == {"Total"}
    assert set(table["method"]) == {"released"}
    assert table["year"].tolist() == expected["year"].tolist()
    for column in expected.columns.drop("year"):
        np.testing.assert_allclose(
            table[column].to_numpy(float), expected[column].to_numpy(float), rtol=1e-9
        )
    return table


@pytest.mark.parametrize("country", ["aurelia", "cascadia"])
def test_country_milestones_against_the_release_history(tmp_path, capsys, country):
    info = tomllib.loads((SAMPLES / country / "country.toml").read_text(encoding="utf-8"))
    targets = [(int(m["year"]), float(m["area_m2"])) for m in info["milestones"]]
    expected = expected_track(targets, released_by_year(country))
    assert not expected["achieved_area_m2"].isna().any()  # milestones within the history
    out = tmp_path / "track.csv"
    assert main(["track", str(SAMPLES / country), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    check_csv(out, expected)
    assert "milestones from country.toml [[milestones]]" in printed
    for r in expected.itertuples():
        line = next(x for x in printed.splitlines() if x.startswith(f"{r.year} "))
        for value in (
            f"{r.target_area_m2:,.0f}",
            f"{r.achieved_area_m2:,.0f}",
            f"{r.achieved_pct:.1f}",
            f"{r.cumulative_target_m2:,.0f}",
            f"{r.cumulative_achieved_m2:,.0f}",
            f"{r.gap_carried_forward_m2:,.0f}",
        ):
            assert value in line.split(), (value, line)
    last = expected.iloc[-1]
    assert (
        f"achieved {last['cumulative_achieved_m2']:,.0f} m² of "
        f"{last['cumulative_target_m2']:,.0f} m²" in printed
    )
    assert f"gap carried forward {last['gap_carried_forward_m2']:,.0f} m²" in printed
    assert f"wrote {out}: {len(expected)} rows" in printed


def test_previous_request_work_plan_against_the_release_history(tmp_path, capsys):
    request = tmp_path / "previous.xlsx"
    args = ["export", str(SAMPLES / "cascadia"), "--scenario", "baseline", "--out", str(request)]
    args += ["--draws", "0"]
    assert main(args) == 0
    # make it a request written SHIFT years earlier: its plan years meet the history
    book = openpyxl.load_workbook(request)
    ws = book["work_plan"]
    header = [c.value for c in ws[1]]
    year, region = header.index("year") + 1, header.index("region") + 1
    released = header.index("released_area_m2") + 1
    targets = []
    for r in range(2, ws.max_row + 1):
        ws.cell(r, year, ws.cell(r, year).value - SHIFT)
        if ws.cell(r, region).value == "Total":
            targets.append((ws.cell(r, year).value, float(ws.cell(r, released).value)))
    book.save(request)
    expected = expected_track(sorted(targets), released_by_year("cascadia"))
    covered = expected["achieved_area_m2"].notna()
    assert 0 < covered.sum() < len(expected)  # some plan years in the history, some after
    capsys.readouterr()

    out = tmp_path / "track.csv"
    args = ["track", str(SAMPLES / "cascadia"), "--previous-request", str(request)]
    assert main([*args, "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    table = check_csv(out, expected)
    assert "milestones from work plan of previous.xlsx" in printed
    assert table.loc[~covered.to_numpy(), "gap_carried_forward_m2"].isna().all()
    last = expected[covered].iloc[-1]
    assert f"achieved {last['cumulative_achieved_m2']:,.0f} m²" in printed


def test_an_unreadable_previous_request_is_a_message(tmp_path, capsys):
    bad = tmp_path / "previous.xlsx"
    bad.write_text("not a workbook", encoding="utf-8")
    args = ["track", str(SAMPLES / "cascadia"), "--previous-request", str(bad)]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "previous.xlsx: not an Excel workbook" in err
    assert "Traceback" not in err


def test_no_milestones_is_a_message(capsys):
    assert main(["track", str(SAMPLES / "borealis")]) == 1
    err = capsys.readouterr().err
    assert "no milestones to track" in err
    assert "--previous-request" in err
    assert "Traceback" not in err


def test_out_must_be_csv(tmp_path, capsys):
    out = tmp_path / "track.xlsx"
    assert main(["track", str(SAMPLES / "cascadia"), "--out", str(out)]) == 1
    assert ".csv" in capsys.readouterr().err
    assert not out.exists()
