"""write_request: the format by extension, and atomic writes that never leave half a pack."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

import pytest

from landrelease.engine import project
from landrelease.errors import LandreleaseError, LandreleaseWarning, ValidationError
from landrelease.export import request_csv, request_docx, request_xlsx
from landrelease.export.request_write import request_format, write_request
from landrelease.io import load_country
from landrelease.io.manifest import MANIFEST_FILE
from landrelease.io.request_read import read_request
from landrelease.reports.request import RequestPack, build_request_pack
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


def test_format_by_extension(tmp_path):
    assert request_format(tmp_path / "a.xlsx") == "xlsx"
    assert request_format(tmp_path / "a.XLSX") == "xlsx"
    assert request_format(tmp_path / "a.docx") == "docx"
    assert request_format(tmp_path / "pack") == "csv"
    (tmp_path / "old.v1").mkdir()
    assert request_format(tmp_path / "old.v1") == "csv"  # an existing folder
    with pytest.raises(LandreleaseError, match=r"'\.csv'.*\.xlsx or \.docx"):
        request_format(tmp_path / "a.csv")


def leftovers(folder: Path) -> list[str]:
    """Hidden temporary files or folders left beside the targets."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def fail_on_call(monkeypatch, module, name: str, call: int) -> None:
    """Make ``module.name`` raise on its ``call``-th call (writing is then half done)."""
    real = getattr(module, name)
    calls = {"n": 0}

    def flaky(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == call:
            raise RuntimeError("disk full (simulated)")
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, flaky)


@pytest.mark.parametrize(
    ("target", "module", "name", "call"),
    [
        ("pack.xlsx", request_xlsx, "_write_sheet", 4),
        ("pack.docx", request_docx, "funding_png", 1),
        ("pack", request_csv, "write_csv_to", 4),
    ],
)
def test_a_failed_export_leaves_nothing_half_written(tmp_path, monkeypatch, target, module,
                                                     name, call):
    pack = sample("cascadia", public=True)
    fail_on_call(monkeypatch, module, name, call)
    with pytest.raises(RuntimeError, match="simulated"):
        write_request(pack, tmp_path / target)
    assert not (tmp_path / target).exists()
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize(
    ("target", "module", "name", "call"),
    [
        ("pack.xlsx", request_xlsx, "_write_sheet", 4),
        ("pack", request_csv, "write_csv_to", 4),
    ],
)
def test_a_failed_export_keeps_the_previous_pack(tmp_path, monkeypatch, target, module, name,
                                                 call):
    old = sample("cascadia", public=True)
    write_request(old, tmp_path / target)
    before = read_request(tmp_path / target)
    fail_on_call(monkeypatch, module, name, call)
    with pytest.raises(RuntimeError, match="simulated"):
        write_request(sample("cascadia"), tmp_path / target)
    after = read_request(tmp_path / target)
    assert list(after.tables) == list(before.tables)  # still the old, public pack
    assert after.public
    assert leftovers(tmp_path) == []


def test_an_existing_pack_folder_is_replaced(tmp_path):
    folder = write_request(sample("cascadia", public=True), tmp_path / "pack")
    assert not (folder / "area_list.csv").exists()
    write_request(sample("cascadia"), folder)
    assert (folder / "area_list.csv").exists()
    assert leftovers(tmp_path) == []


def test_a_folder_with_other_files_keeps_them(tmp_path):
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "thesis.docx").write_bytes(b"precious")
    inode = folder.stat().st_ino
    write_request(sample("cascadia"), folder)
    assert (folder / "thesis.docx").read_bytes() == b"precious"
    assert folder.stat().st_ino == inode  # the same folder, never swapped
    assert (folder / "area_list.csv").is_file()
    assert leftovers(tmp_path) == []
    assert leftovers(folder) == []


def test_a_file_where_a_folder_is_expected(tmp_path):
    (tmp_path / "pack").write_text("x", encoding="utf-8")
    with pytest.raises(LandreleaseError, match="not a folder"):
        write_request(sample("cascadia"), tmp_path / "pack")


def test_missing_parent_folders_are_created(tmp_path):
    path = write_request(sample("cascadia", public=True), tmp_path / "a" / "b" / "pack.xlsx")
    assert path.is_file()


def test_a_public_pack_over_a_full_one_removes_the_area_list(tmp_path):
    folder = write_request(sample("cascadia"), tmp_path / "pack")
    assert (folder / "area_list.csv").exists()
    write_request(sample("cascadia", public=True), folder)
    assert not (folder / "area_list.csv").exists()
    assert read_request(folder).public


def test_reading_a_pack_folder_checks_its_manifest(tmp_path):
    folder = write_request(sample("cascadia", public=True), tmp_path / "pack")
    budget = folder / "budget.csv"
    budget.write_text(budget.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    with pytest.raises(ValidationError, match=r"budget\.csv is not the file"):
        read_request(folder)
    (folder / MANIFEST_FILE).unlink()
    with pytest.warns(LandreleaseWarning, match="cannot tell whether this set"):
        back = read_request(folder)
    assert back.public
