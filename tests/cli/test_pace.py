"""A country folder that publishes only yearly release by method (no team-years, no assets)
projects at its past pace, from the command line, with each pace model; a history with
release by survey not split into cancelled and reduced validates and projects."""

from __future__ import annotations

import json

import pytest

from landrelease.cli.main import main

METHODS = ("cancelled", "reduced", "cleared")
# Release by year (m²) on the test country's hazards' types: cancelled, reduced, cleared.
YEARLY = {2022: (6_000, 3_000, 2_000), 2023: (5_000, 4_000, 3_000), 2024: (7_000, 3_000, 2_500)}


def by_method_only(region_types=(("North", "ap_mine"), ("South", "av_mine"))) -> list[dict]:
    """Rows with the required columns only: year, region, method, area, type."""
    return [
        {
            "year": year,
            "region": region,
            "method": method,
            "area_m2": area / 2,
            "contamination_type": ctype,
        }
        for year, areas in YEARLY.items()
        for region, ctype in region_types
        for method, area in zip(METHODS, areas, strict=True)
    ]


def country_with(write, rows, scenario: str):
    root = write.country("csv", releases=rows)
    (root / "scenarios").mkdir()
    (root / "scenarios" / "pace.toml").write_text(scenario, encoding="utf-8")
    return root


@pytest.mark.parametrize("model", ["level", "trend", "proportional"])
def test_only_release_by_method_projects_at_the_past_pace(write, tmp_path, capsys, model):
    scenario = (
        'name = "pace"\n[pace]\nmode = "past_release"\n'
        f'model = "{model}"\n[calibration]\nyears = 3\n'
        "[costs]\nusd_per_m2 = { cancelled = 0.5, reduced = 1.5, cleared = 4.0 }\n"
        "[funding]\nnational_usd_per_year = 1000000\n"
    )
    root = country_with(write, by_method_only(), scenario)
    out = tmp_path / model
    assert main(["project", str(root), "--scenario", "pace", "--out", str(out)]) == 0
    _, err = capsys.readouterr()
    assert "warning" not in err  # no team-years needed, none missed
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    pace = summary["assumptions"]["pace"]
    assert (pace["mode"], pace["model"]) == ("past_release", model)
    assert set(pace["clearance"]["yearly_m2"]) == {"2022", "2023", "2024"}
    assert summary["released_area_m2"] > 0
    assert summary["total_cost_usd"] > 0


def test_release_by_survey_rows_validate_and_project(write, tmp_path, capsys):
    rows = by_method_only()
    # 2024's survey release in the North given as one unsplit total.
    north_2024 = [r for r in rows if r["year"] == 2024 and r["region"] == "North"]
    survey = sum(r["area_m2"] for r in north_2024 if r["method"] != "cleared")
    rows = [r for r in rows if r not in north_2024 or r["method"] == "cleared"]
    rows.append(
        {
            "year": 2024,
            "region": "North",
            "method": "released_by_survey",
            "area_m2": survey,
            "contamination_type": "ap_mine",
        }
    )
    scenario = 'name = "pace"\n[pace]\nmode = "past_release"\n[calibration]\nyears = 3\n'
    root = country_with(write, rows, scenario)
    assert main(["validate", str(root)]) == 0
    assert "valid" in capsys.readouterr().out
    out = tmp_path / "out"
    assert main(["project", str(root), "--scenario", "pace", "--out", str(out)]) == 0
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    split = summary["calibration"]["unsplit_methods"]
    assert split["area_m2"] == {"released_by_survey": survey}
    # Split like the window's known survey release: cancelled 6,000 + 5,000 + 3,500 (South
    # 2024) against reduced 3,000 + 4,000 + 1,500.
    assert split["shares"]["released_by_survey.cancelled"] == pytest.approx(14_500 / 23_000)
    assert summary["released_area_m2"] > 0
