"""Every CSV the CLI writes keeps formula-like text from running in a spreadsheet (OWASP CSV
injection): ``project --out``, ``summary --csv``, ``compare --out``, ``track --out`` and the
request pack's CSV folder all go through one writer. Numbers are never touched."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from landrelease.cli.main import main

EVIL = '=HYPERLINK("http://x")'
EVIL_SCENARIO = "@SUM(1)"


@pytest.fixture
def evil_country(write, hazards, releases) -> Path:
    """The tiny country with its region North renamed ``=HYPERLINK("http://x")``, a
    milestone in that region, and two scenarios (one named like a formula)."""
    for row in (*hazards, *releases):
        if row["region"] == "North":
            row["region"] = EVIL
    quoted = EVIL.replace('"', '\\"')
    milestone = f'\n[[milestones]]\nyear = 2024\narea_m2 = 5000.0\nregion = "{quoted}"\n'
    root = write.country(
        "csv", hazards, releases, country={"regions": [EVIL, "South", "East"]}, extra=milestone
    )
    (root / "scenarios").mkdir()
    body = "[teams]\nmanual = 2\nnts = 1\nts = 1\n"
    (root / "scenarios" / "baseline.toml").write_text('name = "baseline"\n' + body, "utf-8")
    (root / "scenarios" / "evil.toml").write_text(f'name = "{EVIL_SCENARIO}"\n' + body, "utf-8")
    return root


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def cells(path: Path) -> list[list[str]]:
    return rows_of(path.read_text(encoding="utf-8"))


def assert_escaped(rows: list[list[str]]) -> None:
    """The hostile name appears, and only with a leading quote."""
    flat = [c for r in rows for c in r]
    assert "'" + EVIL in flat
    assert EVIL not in flat
    assert not [c for c in flat if c.startswith(("=", "+", "@"))]


def test_project_out_csvs_are_escaped(evil_country, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["project", str(evil_country), "--out", str(out)]) == 0
    for name in ("annual_by_region.csv", "schedule.csv"):
        assert_escaped(cells(out / name))
    by_region = cells(out / "annual_by_region.csv")
    header = by_region[0]
    row = next(r for r in by_region[1:] if r[header.index("region")] == "'" + EVIL)
    float(row[header.index("remaining_area_m2")])  # still a plain number


def test_summary_csv_is_escaped(evil_country, capsys):
    assert main(["summary", str(evil_country), "--csv"]) == 0
    rows = rows_of(capsys.readouterr().out)
    assert_escaped(rows)
    header = rows[0]
    north = next(r for r in rows if r[header.index("name")] == "'" + EVIL)
    assert north[header.index("hazard_count")] == "2"  # numbers untouched
    assert north[header.index("area_m2")] == "40000.0"


def test_compare_out_escapes_a_scenario_named_like_a_formula(evil_country, tmp_path, capsys):
    out = tmp_path / "cmp.csv"
    args = ["compare", str(evil_country), "--scenario", "baseline", "--scenario", "evil"]
    assert main([*args, "--out", str(out)]) == 0
    header = cells(out)[0]
    assert header[-1] == "'" + EVIL_SCENARIO
    assert EVIL_SCENARIO not in header


def test_track_out_is_escaped(evil_country, tmp_path, capsys):
    out = tmp_path / "track.csv"
    assert main(["track", str(evil_country), "--out", str(out)]) == 0
    assert_escaped(cells(out))


def test_request_pack_csv_folder_is_escaped(evil_country, tmp_path, capsys):
    out = tmp_path / "pack"
    assert main(["export", str(evil_country), "--out", str(out), "--draws", "0"]) == 0
    for name in ("remaining_challenge.csv", "form_c.csv", "work_plan.csv", "area_list.csv"):
        assert_escaped(cells(out / name))
