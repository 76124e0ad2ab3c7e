"""Public exports carry no id or coordinates of an area not yet released (IMAS 05.10)."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from functools import cache
from pathlib import Path

import pytest
from shapely.geometry import box

from landrelease.cli.main import main
from landrelease.domain.country import Country
from landrelease.engine import ProjectionResult, project
from landrelease.export.request_write import write_request
from landrelease.io import load_country
from landrelease.io.request_read import read_request
from landrelease.reports.request import RequestPack, build_request_pack
from landrelease.scenario import load_scenario

SAMPLES = Path(__file__).resolve().parents[2] / "sample_countries"
CREATED = dt.datetime(2026, 1, 15, 12, 0, tzinfo=dt.UTC)
FORBIDDEN = ("longitude", "latitude", "geometry", "POLYGON", "MULTIPOLYGON")


@cache
def sample(name: str) -> tuple[Country, ProjectionResult]:
    country = load_country(SAMPLES / name)
    scenario = load_scenario(
        "baseline", country.scenarios_dir, baseline_year=country.info.baseline_year
    )
    return country, project(country, scenario)


def pack(name: str, public: bool) -> RequestPack:
    country, result = sample(name)
    return build_request_pack(country, result, public=public, created=CREATED)


def unreleased_ids(name: str) -> set[str]:
    """Ids of the baseline areas the plan has not released by its first year's end."""
    country, result = sample(name)
    schedule = result.schedule.set_index("hazard_id")["completion_year"]
    first = int(result.annual["year"].iloc[0])
    ids = country.hazards["hazard_id"].astype(str)
    done = ids.map(schedule).fillna(9999) <= first
    return set(ids[~done])


def exported_text(path: Path) -> str:
    """All text of an export: every XML part of an XLSX/DOCX, every file of a CSV folder."""
    if path.is_dir():
        return "\n".join(p.read_text(encoding="utf-8") for p in sorted(path.iterdir()))
    with zipfile.ZipFile(path) as archive:
        return "\n".join(
            archive.read(n).decode("utf-8")
            for n in archive.namelist()
            if n.endswith((".xml", ".rels"))
        )


def found_ids(text: str, ids: set[str]) -> set[str]:
    tokens = set(re.findall(r"[A-Za-z0-9][A-Za-z0-9_\-./]*[A-Za-z0-9]", text))
    return ids & tokens


@pytest.mark.parametrize("name", ["cascadia", "borealis"])
@pytest.mark.parametrize("target", ["public.xlsx", "public.docx", "public"])
def test_public_export_has_no_area_ids_or_coordinates(tmp_path, name, target):
    ids = unreleased_ids(name)
    assert len(ids) > 50
    _country, result = sample(name)
    text = exported_text(write_request(pack(name, public=True), tmp_path / target, result=result))
    assert found_ids(text, ids) == set()
    for word in FORBIDDEN:
        assert word not in text, word


def test_the_check_would_see_ids_in_a_full_export(tmp_path):
    ids = unreleased_ids("cascadia")
    for target in ("full.xlsx", "full"):
        text = exported_text(write_request(pack("cascadia", public=False), tmp_path / target))
        assert found_ids(text, ids) == ids
        assert "longitude" in text
        assert "latitude" in text


# --- small groups: no published region row is built from fewer than min_group areas ---

SCENARIO = """name = "baseline"
[period]
start_year = 2025
end_year = 2040
[release]
sha_cancelled_frac = 0.5
ts_reduced_frac = 0.5
[productivity]
nts = 20000
ts = 20000
manual = 10000
mechanical = 10000
mdd = 10000
[teams]
nts = 1
ts = 1
manual = 1
[costs]
usd_per_team_year = { nts = 1000, ts = 1000, manual = 1000, mechanical = 1000, mdd = 1000 }
[funding]
national_usd_per_year = 1000000
"""
STAGES = ("nts_areas", "ts_areas", "clearance_areas")


def lonely_country(write) -> Path:
    """North and South hold three AP-mined SHAs each; East holds ONE (5,000 m²)."""
    areas = [("North", 10_000.0)] * 3 + [("South", 20_000.0)] * 3 + [("East", 5_000.0)]
    hazards = [
        {
            "hazard_id": f"H-{i:03d}",
            "region": region,
            "status": "sha",
            "contamination_type": "ap_mine",
            "area_m2": area,
            "priority": i,
            "accessible": "yes",
            "recorded_date": "2015-01-01",
            "geometry": box(i * 1000, 0, i * 1000 + 100, area / 100),
        }
        for i, (region, area) in enumerate(areas, start=1)
    ]
    record = {
        "hazard_id": "",
        "date": "",
        "method": "cleared",
        "contamination_type": "ap_mine",
        "ap_mines_destroyed": 1,
        "ap_improvised_destroyed": 0,
        "av_mines_destroyed": 0,
        "teams": 1.0,
        "asset": "manual",
    }
    releases = [
        *({**record, "region": "North", "year": 2023, "area_m2": 1000} for _ in range(3)),
        {**record, "region": "East", "year": 2024, "area_m2": 777},
        *({**record, "region": "South", "year": 2024, "area_m2": 2000} for _ in range(3)),
    ]
    root = write.country(
        "csv", hazards, releases, country={"regions": ["North", "South", "East"]}
    )
    (root / "scenarios").mkdir()
    (root / "scenarios" / "baseline.toml").write_text(SCENARIO, encoding="utf-8")
    return root


def lonely_packs(write) -> tuple[RequestPack, RequestPack, ProjectionResult]:
    country = load_country(lonely_country(write))
    scenario = load_scenario(
        "baseline", country.scenarios_dir, baseline_year=country.info.baseline_year
    )
    result = project(country, scenario)
    full = build_request_pack(country, result, created=CREATED)
    public = build_request_pack(country, result, public=True, created=CREATED)
    return full, public, result


def region_rows(table, region_column: str = "region"):
    return table[~table[region_column].isin(["Total"])]


def test_a_one_area_region_is_not_published(write):
    full, public, _ = lonely_packs(write)
    assert (full["remaining_challenge"]["region"] == "East").any()  # the full pack shows it
    for name, table in public.tables.items():
        for column in ("region", "regions_covered"):
            if column in table.columns:
                assert not table[column].astype(str).str.contains("East").any(), name
    rc = region_rows(public["remaining_challenge"])
    assert (rc["hazard_count"] >= 3).all()  # no region row of one or two areas
    assert (rc["sha_count"].isin([0]) | (rc["sha_count"] >= 3)).all()
    form_c = public["form_c"]
    assert (form_c["area_count"] >= 3).all()
    progress = region_rows(public["progress"])
    assert 777.0 not in set(progress["cleared_area_m2"])  # East's one release is merged


def test_small_work_plan_rows_merge_into_other_regions_by_year_and_type(write):
    _, public, _ = lonely_packs(write)
    plan = region_rows(public["work_plan"])
    counts = plan[list(STAGES)].to_numpy()
    small = ((counts > 0) & (counts < 3)).any(axis=1)
    assert small.any()  # some years address only one or two areas …
    for _, row in plan[small].iterrows():  # … and then show no region
        same = plan[
            (plan["year"] == row["year"])
            & (plan["contamination_type"] == row["contamination_type"])
        ]
        assert row["region"] == "Other regions (merged)"
        assert len(same) == 1  # every region of that year and type is in it


def test_public_totals_equal_the_full_totals(write):
    full, public, _ = lonely_packs(write)
    for name in ("remaining_challenge", "work_plan", "progress"):
        f, p = full[name], public[name]
        f_total = f[f["region"] == "Total"].reset_index(drop=True)
        p_total = p[p["region"] == "Total"].reset_index(drop=True)
        assert p_total.equals(f_total), name
        numbers = [c for c in f.columns if c.endswith(("_m2", "_areas", "_count"))]
        for column in numbers:
            assert region_rows(p)[column].sum() == pytest.approx(region_rows(f)[column].sum())
    assert public["form_c"]["area_m2"].sum() == pytest.approx(full["form_c"]["area_m2"].sum())
    assert public["form_c"]["area_count"].sum() == full["form_c"]["area_count"].sum() == 7


def test_the_metadata_says_what_was_merged(write):
    _, public, _ = lonely_packs(write)
    assert public.metadata["public_min_group"] == "3"
    merged = public.metadata["public_merged"]
    assert merged.startswith("remaining_challenge: 2 rows of North, East")
    for table in ("form_c", "work_plan", "progress"):
        assert f"{table}: " in merged


def test_min_group_one_merges_nothing(write):
    country = load_country(lonely_country(write))
    scenario = load_scenario(
        "baseline", country.scenarios_dir, baseline_year=country.info.baseline_year
    )
    result = project(country, scenario)
    full = build_request_pack(country, result, created=CREATED)
    public = build_request_pack(country, result, public=True, min_group=1, created=CREATED)
    assert public["remaining_challenge"].equals(full["remaining_challenge"])
    assert public.metadata["public_merged"] == "none"


@pytest.mark.parametrize("target", ["public.xlsx", "public"])
def test_cli_public_export_says_what_it_merged(write, tmp_path, capsys, target):
    out = tmp_path / target
    args = ["export", str(lonely_country(write)), "--out", str(out), "--public", "--draws", "0"]
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert "merged region rows built from fewer than 3 areas into 'Other regions (merged)'" in (
        printed
    )
    assert "remaining_challenge: 2 rows of North, East" in printed
    back = read_request(out)
    for name, table in back.tables.items():
        assert "East" not in table.to_csv(), name  # only the metadata names it
    assert "East" in back.metadata["public_merged"]


def test_min_group_must_be_a_number_of_areas(write, capsys):
    with pytest.raises(SystemExit) as caught:
        main(["export", str(lonely_country(write)), "--out", "x.xlsx", "--public",
              "--min-group", "0"])
    assert caught.value.code == 2
    assert "'0' is not a number of areas (1 or more)" in capsys.readouterr().err
