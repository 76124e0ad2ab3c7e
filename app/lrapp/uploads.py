"""Save uploaded files into a fresh folder with a ``country.toml``, for the library to load.

Uploads are only ever written as bytes under a sanitised name with an allowed extension and
then read by the library's own readers; nothing uploaded is executed, imported or unpickled.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import tempfile
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyproj

from landrelease import LandreleaseError
from landrelease.domain.enums import ReleaseMethod
from lrapp import tomlw
from lrapp.scenarios import check_base

__all__ = [
    "HAZARD_SUFFIXES",
    "MAX_UPLOAD_MB",
    "MILESTONE_METHODS",
    "NAMES_FILE",
    "RELEASE_SUFFIXES",
    "REQUEST_SUFFIXES",
    "SCENARIO_SUFFIXES",
    "CountrySettings",
    "Upload",
    "UploadError",
    "check_crs",
    "country_toml",
    "extensions_from_rows",
    "milestones_from_rows",
    "safe_file_name",
    "save_country",
    "save_upload",
    "user_names",
]

MAX_UPLOAD_MB = 50
"""Largest upload accepted, in MB. ``server.maxUploadSize`` in ``.streamlit/config.toml`` is
higher, so that a larger file still reaches the app, which then names it and this limit (the
browser's own refusal would leave the form without a file and no word why)."""
NAMES_FILE = ".upload_names.json"
"""Written beside the uploads: the name each file had on the user's computer, by saved name,
so that messages name the user's files, never the server's temporary copies."""
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
    """CRS of a hazard layer that has none (a Shapefile without .prj), e.g. ``EPSG:32633``."""
    releases_mapping: str | None = None
    previous_extensions: tuple[tuple[dt.date, dt.date], ...] = ()
    """Extensions granted earlier: (granted date, new deadline), as ``[[previous_extensions]]``."""
    milestones: tuple[Mapping[str, Any], ...] = ()
    """Targets of the previous request: ``year``, ``area_m2`` and optional ``region`` and
    ``method``, as ``[[milestones]]``."""


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
            f"{upload.name} is {len(upload.data) / 1e6:,.1f} MB, over the {MAX_UPLOAD_MB} MB "
            "limit of an upload: zip it (a zipped Shapefile or GeoPackage is often much "
            "smaller), or split it"
        )


def check_crs(text: str | None) -> str | None:
    """``text`` stripped when it names a coordinate reference system pyproj knows
    (``EPSG:32633``, ``EPSG:4326``, a WKT or PROJ string); ``None`` when empty.

    Raises
    ------
    UploadError
        naming the text and what is expected.
    """
    value = (text or "").strip()
    if not value:
        return None
    try:
        pyproj.CRS.from_user_input(value)
    except pyproj.exceptions.CRSError:
        raise UploadError(
            f"CRS {value!r} is not a coordinate reference system landrelease knows; expected "
            "e.g. EPSG:4326 (longitude/latitude) or EPSG:32633 (UTM zone 33N)"
        ) from None
    return value


def _blank(value: object) -> bool:
    """True for an empty cell: ``None``, NaN, NaT, ``pd.NA`` or blank text."""
    if isinstance(value, str):
        return not value.strip()
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # a list or an array is not a cell
        return False


def _as_date(value: object) -> dt.date | None:
    if _blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if hasattr(value, "date") and callable(value.date):  # pandas.Timestamp
        return value.date()  # type: ignore[no-any-return]
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def extensions_from_rows(rows: Sequence[Mapping[str, Any]]) -> tuple[tuple[dt.date, dt.date], ...]:
    """Previous extensions from the form's table (``granted_date``, ``deadline_date`` per
    row; empty rows skipped), in order of the deadline.

    Raises
    ------
    UploadError
        for a row with a date missing or a deadline not after the date granted.
    """
    out = []
    for n, row in enumerate(rows, start=1):
        granted, deadline = row.get("granted_date"), row.get("deadline_date")
        if _blank(granted) and _blank(deadline):
            continue
        g, d = _as_date(granted), _as_date(deadline)
        if g is None or d is None:
            raise UploadError(
                f"previous extension {n}: give both the date it was granted and its new "
                "deadline (YYYY-MM-DD)"
            )
        if d <= g:
            raise UploadError(
                f"previous extension {n}: the new deadline {d} is not after the date granted {g}"
            )
        out.append((g, d))
    return tuple(sorted(out, key=lambda e: e[1]))


MILESTONE_METHODS = ("", *(m.value for m in ReleaseMethod))
"""Methods a milestone may target; blank: all release (cancelled + reduced + cleared)."""


def milestones_from_rows(rows: Sequence[Mapping[str, Any]]) -> tuple[dict[str, Any], ...]:
    """Milestones from the form's table (``year``, ``area_m2``, optional ``region`` and
    ``method``; empty rows skipped), as ``country.toml`` writes them.

    Raises
    ------
    UploadError
        for a row without a year or an area, a negative area or an unknown method.
    """
    out = []
    for n, row in enumerate(rows, start=1):
        if all(_blank(row.get(k)) for k in ("year", "area_m2", "region", "method")):
            continue
        year, area = row.get("year"), row.get("area_m2")
        if _blank(year) or _blank(area):
            raise UploadError(f"milestone {n}: give its year and its area (m²)")
        area_m2 = float(area)  # type: ignore[arg-type]
        if not math.isfinite(area_m2) or area_m2 < 0:
            raise UploadError(f"milestone {n}: area {area} m² must be a number of at least 0")
        method = "" if _blank(row.get("method")) else str(row.get("method")).strip()
        if method not in MILESTONE_METHODS:
            raise UploadError(
                f"milestone {n}: method {method!r} is not one of cancelled, reduced, cleared "
                "(blank: all release)"
            )
        milestone: dict[str, Any] = {"year": int(year), "area_m2": area_m2}  # type: ignore[call-overload]
        if not _blank(row.get("region")):
            milestone["region"] = str(row.get("region")).strip()
        if method:
            milestone["method"] = method
        out.append(milestone)
    return tuple(out)


def user_names(folder: Path) -> dict[str, str]:
    """The names the user's files had, by the name saved in ``folder`` (empty for a folder
    that was not uploaded)."""
    try:
        data = json.loads((folder / NAMES_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


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
    data: dict[str, object] = {"country": country, "files": files}
    if settings.previous_extensions:
        data["previous_extensions"] = [
            {"granted_date": g, "deadline_date": d} for g, d in settings.previous_extensions
        ]
    if settings.milestones:
        data["milestones"] = [dict(m) for m in settings.milestones]
    return tomlw.dumps(data)


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
        for a file that is too large or of a kind not accepted, or a CRS not known.
    """
    for upload in (hazards, releases, *scenarios):
        if upload is not None:
            _check_size(upload)
            safe_file_name(upload.name, _suffixes(upload, hazards, releases))
    check_crs(settings.crs)
    folder = Path(tempfile.mkdtemp(prefix="country-", dir=parent))
    taken = {"country.toml", NAMES_FILE}
    hazards_path = save_upload(hazards, folder, HAZARD_SUFFIXES, taken)
    releases_path = (
        None if releases is None else save_upload(releases, folder, RELEASE_SUFFIXES, taken)
    )
    user_files = {hazards_path.name: Path(hazards.name.replace("\\", "/")).name}
    if releases is not None and releases_path is not None:
        user_files[releases_path.name] = Path(releases.name.replace("\\", "/")).name
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
    (folder / NAMES_FILE).write_text(json.dumps(user_files, ensure_ascii=False), encoding="utf-8")
    return folder


def _suffixes(upload: Upload, hazards: Upload, releases: Upload | None) -> Sequence[str]:
    if upload is hazards:
        return HAZARD_SUFFIXES
    return RELEASE_SUFFIXES if upload is releases else SCENARIO_SUFFIXES
