"""The CSV folder: one UTF-8 file per table plus metadata.csv, comma-separated, '.' decimals."""

from __future__ import annotations

import csv
import datetime as dt
from functools import cache
from pathlib import Path

from landrelease.engine import project
from landrelease.export.request_csv import csv_names
from landrelease.export.request_write import write_request
from landrelease.io import load_country
from landrelease.io.manifest import MANIFEST_FILE
from landrelease.reports.request import REQUEST_TABLES, RequestPack, build_request_pack
from landrelease.scenario import load_scenario

SAMPLES = Path(__file__).resolve().parents[2] / "sample_countries"
CREATED = dt.datetime(2026, 1, 15, 12, 0, tzinfo=dt.UTC)


@cache
def sample(name: str, public: bool = False) -> RequestPack:
    country = load_country(SAMPLES / name)
    scenario = load_scenario(
        "baseline", country.scenarios_dir, baseline_year=country.info.baseline_year
    )
    return build_request_pack(country, project(country, scenario), public=public, created=CREATED)


def test_one_csv_per_table_plus_metadata(tmp_path):
    pack = sample("cascadia")
    folder = write_request(pack, tmp_path / "pack")
    expected = [f"{n}.csv" for n in (*REQUEST_TABLES, "area_list", "metadata")]
    assert csv_names(pack) == expected
    assert sorted(p.name for p in folder.iterdir()) == sorted([*expected, MANIFEST_FILE])
    public = write_request(sample("cascadia", public=True), tmp_path / "public")
    assert "area_list.csv" not in {p.name for p in public.iterdir()}


def test_utf8_comma_separated_dot_decimals(tmp_path):
    pack = sample("cascadia")
    folder = write_request(pack, tmp_path / "pack")
    raw = (folder / "assumptions.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert "m² per team-year" in raw.decode("utf-8")
    with (folder / "capacity.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == list(pack["capacity"].columns)
    value = rows[1][rows[0].index("funded_team_years_manual")]
    assert float(value) == pack["capacity"]["funded_team_years_manual"].iloc[0]  # full precision
    assert "." in value
    assert ";" not in (folder / "capacity.csv").read_text(encoding="utf-8")


def test_missing_values_are_empty_fields(tmp_path):
    pack = sample("cascadia")
    folder = write_request(pack, tmp_path / "pack")
    with (folder / "work_plan.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    detail = next(r for r in rows if r["region"] != "Total")
    total = next(r for r in rows if r["region"] == "Total")
    assert detail["remaining_area_m2"] == ""
    assert float(total["remaining_area_m2"]) >= 0


def test_metadata_csv_holds_the_metadata(tmp_path):
    pack = sample("cascadia")
    folder = write_request(pack, tmp_path / "pack")
    with (folder / "metadata.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["key", "value"]
    assert dict(rows[1:]) == dict(pack.metadata)
