"""Provenance of an output: the tool version and the SHA-256 of every input file.

Every output records it (``summary.json`` of ``project --out``, the request packs'
metadata, the review JSON, the manifest of an output set, the forecast), so that a reader
can tell which files, read by which version, made it. :func:`provenance` is the one place
that builds it. It sits in ``domain`` (it needs only the country and the scenario) so that
every layer may record it; ``landrelease.reports.provenance`` re-exports it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

from landrelease.domain.country import Country

__all__ = ["SHAPEFILE_SIDECARS", "describe_inputs", "file_sha256", "input_files", "provenance"]

SHAPEFILE_SIDECARS = (".shx", ".dbf", ".prj", ".cpg")
"""Files beside a ``.shp`` that hold part of the layer (attributes, CRS, encoding): hashed
with it, since a changed ``.dbf`` changes the data as much as a changed ``.shp``."""
_CHUNK_BYTES = 1 << 20


class Scenario(Protocol):
    """What provenance reads of a scenario (:class:`landrelease.scenario.Scenario`, which
    sits above ``domain``): its name and the hash of its resolved assumptions."""

    @property
    def name(self) -> str: ...

    @property
    def hash(self) -> str: ...


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes (hex)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK_BYTES), b""):
            digest.update(chunk)
    return digest.hexdigest()


def input_files(country: Country) -> dict[str, Path]:
    """The files a country was read from, by role (``country``, ``hazards``, ``releases``),
    with a Shapefile's sidecars as ``<role>_<suffix>`` (e.g. ``hazards_dbf``)."""
    files: dict[str, Path] = {}
    for role, path in sorted(country.source_files.items()):
        files[role] = path
        if path.suffix.lower() == ".shp":
            for suffix in SHAPEFILE_SIDECARS:
                for sidecar in (path.with_suffix(suffix), path.with_suffix(suffix.upper())):
                    if sidecar.is_file():
                        files[f"{role}_{suffix[1:]}"] = sidecar
                        break
    return files


def describe_inputs(files: Mapping[str, Path | None]) -> list[dict[str, Any]]:
    """One record per input file: ``role``, ``file`` (its name), ``size_bytes``, ``sha256``.

    A folder (a CSV request pack) gives one record per file in it (role ``<role>/<name>``,
    hidden files skipped); a missing path or ``None`` gives nothing.
    """
    records: list[dict[str, Any]] = []
    for role, path in files.items():
        if path is None:
            continue
        if path.is_dir():
            inner = sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
            records += describe_inputs({f"{role}/{p.name}": p for p in inner})
        elif path.is_file():
            records.append(
                {
                    "role": role,
                    "file": path.name,
                    "size_bytes": path.stat().st_size,
                    "sha256": file_sha256(path),
                }
            )
    return records


def provenance(country: Country | None = None, scenario: Scenario | None = None) -> dict[str, Any]:
    """What made an output: ``tool``, ``tool_version``, the country's name, the scenario's
    name and hash (the hash of its resolved assumptions), and ``inputs``
    (:func:`describe_inputs` of :func:`input_files`)."""
    from landrelease import __version__

    record: dict[str, Any] = {"tool": "landrelease", "tool_version": __version__}
    if country is not None:
        record["country"] = country.info.name
    if scenario is not None:
        record["scenario"] = scenario.name
        record["scenario_hash"] = scenario.hash
    record["inputs"] = [] if country is None else describe_inputs(input_files(country))
    return record
