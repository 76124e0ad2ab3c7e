"""``landrelease summary``, run in-process: the table, its CSV form and bad input."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from landrelease.cli.main import main


def run(capsys, *args):
    code = main(["summary", *map(str, args)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_summary_table(write, capsys):
    code, out, _ = run(capsys, write.country("csv"))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Testland (SYNTHETIC sample): remaining challenge at 2024-12-31"
    assert lines[1] == "Article 5 deadline: 2025-03-01"
    assert "By region (areas in m²)" in out
    assert "By contamination type (areas in m²)" in out
    # SHA: H-001 10,000 + H-003 60,000; CHA: 30,000 + 20,000 + 20,000
    assert "National total: 5 areas, 0.14 km² (0.07 km² SHA, 0.07 km² CHA)" in out
    total_rows = [line.split() for line in lines if line.split()[:1] == ["Total"]]
    assert len(total_rows) == 2  # one per table
    for row in total_rows:
        assert row[1:] == ["2", "70,000", "3", "70,000", "5", "140,000", "1", "20,000"]
    south = next(line.split() for line in lines if line.split()[:1] == ["South"])
    assert south[1:] == ["1", "60,000", "1", "20,000", "2", "80,000", "1", "20,000"]


def test_real_country_is_not_labelled_synthetic(write, capsys):
    _, out, _ = run(capsys, write.country(country={"synthetic": False}))
    assert out.splitlines()[0] == "Testland: remaining challenge at 2024-12-31"


@pytest.mark.parametrize(("fmt", "rel"), [("csv", 0.0), ("gpkg", 0.005)])
def test_summary_csv(write, capsys, fmt, rel):
    code, out, _ = run(capsys, write.country(fmt), "--csv")
    assert code == 0
    table = pd.read_csv(io.StringIO(out))
    assert list(table.columns[:2]) == ["group", "name"]
    regions = table[(table["group"] == "region") & (table["name"] != "Total")]
    assert list(regions["name"]) == ["North", "South", "East"]
    assert regions["area_m2"].sum() == pytest.approx(140_000, rel=rel)
    assert list(regions["hazard_count"]) == [2, 2, 1]
    types = table[(table["group"] == "contamination_type") & (table["name"] != "Total")]
    assert set(types["name"]) == {"ap_mine", "ap_improvised", "av_mine", "mixed", "erw"}
    assert types["area_m2"].sum() == pytest.approx(140_000, rel=rel)
    totals = table[table["name"] == "Total"]
    assert list(totals["group"]) == ["region", "contamination_type"]
    assert list(totals["area_m2"]) == pytest.approx([140_000, 140_000], rel=rel)


def test_bad_country_toml(write, capsys):
    folder = write.country(country={"entry_into_force_date": "1 March 2004"})
    code, out, err = run(capsys, folder)
    assert code == 1
    assert out == ""
    assert err.startswith("error: country.toml: entry_into_force_date = '1 March 2004'")


def test_invalid_data(write, hazards, capsys):
    hazards[0]["status"] = "?"
    code, _, err = run(capsys, write.country("csv", hazards))
    assert code == 1
    assert "hazards.csv, row 2, column status" in err


def test_not_a_folder(tmp_path, capsys):
    code, _, err = run(capsys, tmp_path / "nowhere")
    assert code == 1
    assert "not a folder" in err
