"""The sample generator is part of the package and reproduces the committed samples."""

from __future__ import annotations

import importlib
import os
from pathlib import Path

import pytest

from landrelease.errors import LandreleaseError
from landrelease.samples import SAMPLE_NAMES, check_country, write_samples
from landrelease.samples import write as sample_write

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "sample_countries"


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    out = tmp_path_factory.mktemp("samples")
    return out, write_samples(out)


def test_generator_reproduces_the_committed_samples_byte_for_byte(written):
    out, folders = written
    assert folders == [out / name for name in SAMPLE_NAMES]
    expected, got = _files(COMMITTED), _files(out)
    assert sorted(got) == sorted(expected)  # every file, scenarios and .gitkeep included
    differing = [name for name in expected if got[name] != expected[name]]
    assert differing == []


def test_scenarios_come_from_package_data(written):
    out, _ = written
    for name in SAMPLE_NAMES:
        shipped = sample_write.sample_scenarios(name)
        assert shipped, name
        for file, text in shipped.items():
            assert (out / name / "scenarios" / file).read_text(encoding="utf-8") == text


def test_read_back_check_passes_and_summarises(written):
    _, folders = written
    for folder in folders:
        result = check_country(folder)
        assert result.problems == []
        assert any("hazards" in line for line in result.summary)


def test_gdal_date_is_pinned_only_while_writing(monkeypatch):
    monkeypatch.delenv(sample_write.GDAL_DATE_VARIABLE, raising=False)
    importlib.reload(importlib.import_module("landrelease.samples"))
    assert sample_write.GDAL_DATE_VARIABLE not in os.environ  # not set at import
    with sample_write.pinned_gdal_date():
        assert os.environ[sample_write.GDAL_DATE_VARIABLE] == sample_write.GDAL_DATE
    assert sample_write.GDAL_DATE_VARIABLE not in os.environ
    monkeypatch.setenv(sample_write.GDAL_DATE_VARIABLE, "2001-01-01T00:00:00Z")
    with sample_write.pinned_gdal_date():
        pass
    assert os.environ[sample_write.GDAL_DATE_VARIABLE] == "2001-01-01T00:00:00Z"  # restored


def test_user_scenarios_are_kept_when_rewriting(written, tmp_path):
    out, _ = written
    mine = out / "cascadia" / "scenarios" / "mine.toml"
    mine.write_text('name = "mine"\n', encoding="utf-8")
    write_samples(out)
    assert mine.read_text(encoding="utf-8") == 'name = "mine"\n'
    mine.unlink()


def test_check_failure_is_an_error_listing_problems(tmp_path, monkeypatch):
    from landrelease import samples

    monkeypatch.setattr(
        samples, "check_country", lambda folder: samples.CountryCheck(["area off"], [])
    )
    monkeypatch.setattr(samples, "_MAKERS", samples._MAKERS[2:])  # cascadia only: fast
    with pytest.raises(LandreleaseError, match="cascadia: area off"):
        write_samples(tmp_path, check=True)
