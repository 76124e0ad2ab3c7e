"""Public exports carry no id or coordinates of an area not yet released (IMAS 05.10)."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from functools import cache
from pathlib import Path

import pytest

from landrelease.domain.country import Country
from landrelease.engine import ProjectionResult, project
from landrelease.export.request_write import write_request
from landrelease.io import load_country
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
