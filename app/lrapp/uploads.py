"""Save uploaded files into a fresh folder with a ``country.toml``, for the library to load.

Uploads are only ever written as bytes under a sanitised name with an allowed extension and
then read by the library's own readers; nothing uploaded is executed, imported or unpickled.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from landrelease import LandreleaseError
from lrapp import tomlw
from lrapp.scenarios import check_base

__all__ = [
    "HAZARD_SUFFIXES",
    "MAX_UPLOAD_MB",
    "RELEASE_SUFFIXES",
    "REQUEST_SUFFIXES",
    "SCENARIO_SUFFIXES",
    "CountrySettings",
    "Upload",
    "UploadError",
    "country_toml",
    "safe_file_name",
    "save_country",
    "save_upload",
]

MAX_UPLOAD_MB = 50
"""Largest upload accepted, in MB (also ``server.maxUploadSize`` in ``.streamlit/config.toml``)."""
HAZARD_SUFFIXES = (".gpkg", ".zip", ".geojson", ".json", ".csv", ".xlsx")
"""Hazard files: GeoPackage, zipped Shapefile, GeoJSON, CSV, Excel."""
RELEASE_SUFFIXES = (".csv", ".xlsx")
SCENARIO_SUFFIXES = (".toml",)
REQUEST_SUFFIXES = (".xlsx",)


class UploadError(LandreleaseError):
    """An upload was refused (size, kind of file, missing file)."""


@dataclass(frozen=True)
class Upload:
    """An uploaded file: the name the user gave it and its bytes."""

    name: str
    data: bytes = field(repr=False)


@dataclass(frozen=True)
class CountrySettings:
    """What ``country.toml`` needs besides the files (see the README's country folder)."""

    name: str
    entry_into_force_date: dt.date
    article5_deadline_date: dt.date
    baseline_date: dt.date
    code: str = "XXX"
    regions: tuple[str, ...] = ()
    hazards_mapping: str | None = None
    hazards_layer: str | None = None
    crs: str | None = None
    releases_mapping: str | None = None


def safe_file_name(name: str, allowed: Sequence[str]) -> str:
    """The base name of ``name`` with only letters, digits, ``.``, ``_`` and ``-`` kept,
    at most 80 characters, ending in one of ``allowed`` suffixes.

    Raises
    ------
    UploadError
        when the suffix is not allowed.
    """
    base = Path(name.replace("\\", "/")).name
    suffix = Path(base).suffix.lower()
    if suffix not in allowed:
        raise UploadError(
            f"{base}: files of type {suffix or '(none)'} are not accepted here; "
            f"expected {', '.join(allowed)}"
        )
    stem = re.sub(r"[^A-Za-z0-9_-]+", "_", Path(base).stem).strip("._") or "upload"
    return stem[:80] + suffix


def _check_size(upload: Upload) -> None:
    if len(upload.data) > MAX_UPLOAD_MB * 1024 * 1024:
        raise UploadError(
            f"{upload.name}: {len(upload.data) / 1e6:,.1f} MB is larger than the "
            f"{MAX_UPLOAD_MB} MB an upload may be"
        )


def save_upload(upload: Upload, folder: Path, allowed: Sequence[str], taken: set[str]) -> Path:
    """Write ``upload`` into ``folder`` under a safe, unused name; return its path."""
    _check_size(upload)
    name = safe_file_name(upload.name, allowed)
    stem, suffix = Path(name).stem, Path(name).suffix
    n = 1
    while name.lower() in taken:
        n += 1
        name = f"{stem}_{n}{suffix}"
    taken.add(name.lower())
    path = folder / name
    path.write_bytes(upload.data)
    return path


def _check_scenario(upload: Upload) -> None:
    """A scenario file must be TOML whose ``base`` (if any) names a scenario beside it."""
    try:
        data = tomllib.loads(upload.data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UploadError(f"{upload.name}: not a valid TOML scenario file: {exc}") from None
    check_base(data, upload.name)


def country_toml(settings: CountrySettings, hazards_file: str, releases_file: str | None) -> str:
    """The ``country.toml`` text for ``settings`` and the saved file names."""
    country: dict[str, object] = {
        "name": settings.name.strip() or "Unnamed country",
        "code": settings.code.strip().upper() or "XXX",
        "entry_into_force_date": settings.entry_into_force_date,
        "article5_deadline_date": settings.article5_deadline_date,
        "baseline_date": settings.baseline_date,
    }
    if settings.regions:
        country["regions"] = list(settings.regions)
    files: dict[str, object] = {"hazards": hazards_file}
    for key in ("hazards_layer", "hazards_mapping", "crs"):
        value = getattr(settings, key)
        if value:
            files[key] = value
    if releases_file:
        files["releases"] = releases_file
        if settings.releases_mapping:
            files["releases_mapping"] = settings.releases_mapping
    return tomlw.dumps({"country": country, "files": files})


def save_country(
    parent: Path,
    settings: CountrySettings,
    hazards: Upload,
    releases: Upload | None = None,
    scenarios: Sequence[Upload] = (),
) -> Path:
    """Write the uploads and a ``country.toml`` into a new folder under ``parent``.

    Returns the folder, ready for :func:`landrelease.load_country`. Scenario files go into
    its ``scenarios/`` folder.

    Raises
    ------
    UploadError
        for a file that is too large or of a kind not accepted.
    """
    for upload in (hazards, releases, *scenarios):
        if upload is not None:
            _check_size(upload)
    folder = Path(tempfile.mkdtemp(prefix="country-", dir=parent))
    taken = {"country.toml"}
    hazards_path = save_upload(hazards, folder, HAZARD_SUFFIXES, taken)
    releases_path = (
        None if releases is None else save_upload(releases, folder, RELEASE_SUFFIXES, taken)
    )
    if scenarios:
        scenario_dir = folder / "scenarios"
        scenario_dir.mkdir()
        names: set[str] = set()
        for upload in scenarios:
            _check_scenario(upload)
            save_upload(upload, scenario_dir, SCENARIO_SUFFIXES, names)
    text = country_toml(
        settings, hazards_path.name, None if releases_path is None else releases_path.name
    )
    (folder / "country.toml").write_text(text, encoding="utf-8")
    return folder
