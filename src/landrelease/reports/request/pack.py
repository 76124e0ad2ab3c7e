"""The extension-request pack: every request table of a country and a projection, plus
metadata. Reports never change engine output; writers (:mod:`landrelease.export`) write it."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from landrelease.domain.country import Country
from landrelease.engine.result import ProjectionResult
from landrelease.reports.request import baseline_tables as bt
from landrelease.reports.request import history_tables as ht
from landrelease.reports.request import plan_tables as pt

__all__ = [
    "LATER_TABLES",
    "METADATA_SHEET",
    "PUBLIC_OMITTED", "REQUEST_TABLES", "RequestPack", "build_request_pack", "file_sha256"]

REQUEST_TABLES = (
    "header",
    "remaining_challenge",
    "progress",
    "progress_by_type",
    "work_plan",
    "budget",
    "capacity",
    "risk_education",
    "assumptions",
    "form_c",
    "form_f_g",
)
"""Tables of every pack, in sheet order (the workbook adds ``metadata``)."""
LATER_TABLES = ("progress_by_type",)
"""Request tables added after the first pack format: a pack made before them still reads,
and the review says they are missing without failing the checks that do not need them."""
METADATA_SHEET = "metadata"
"""Name of the last sheet (and of ``metadata.csv``): how the pack was made."""
PUBLIC_OMITTED = ("area_list",)
"""Tables with ids and coordinates of unreleased areas (IMAS 05.10): never public."""


@dataclass(frozen=True)
class RequestPack:
    """Named request tables (sheet name → table) and metadata (key → text)."""

    tables: Mapping[str, pd.DataFrame]
    metadata: Mapping[str, str] = field(default_factory=dict)
    public: bool = False

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    def metadata_table(self) -> pd.DataFrame:
        """Metadata as a two-column table (``key``, ``value``)."""
        return pd.DataFrame(
            {"key": list(self.metadata), "value": list(self.metadata.values())}, dtype="string"
        )


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes (hex)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def build_request_pack(
    country: Country,
    result: ProjectionResult,
    *,
    public: bool = False,
    created: dt.datetime | None = None,
) -> RequestPack:
    """All request tables for ``country`` under the projection ``result``.

    ``public`` leaves out :data:`PUBLIC_OMITTED` (ids and coordinates of areas not yet
    released); every other table is already aggregated to region. ``created`` stamps the
    metadata (default: now, UTC).
    """
    from landrelease import __version__

    regions = country.regions
    tables: dict[str, pd.DataFrame] = {
        "header": bt.header(country, result),
        "remaining_challenge": bt.remaining_challenge(country),
        "progress": ht.progress(country),
        "progress_by_type": ht.progress_by_type(country),
        "work_plan": pt.work_plan(result, regions),
        "budget": pt.budget(result),
        "capacity": pt.capacity(result),
        "risk_education": pt.risk_education(result, regions),
        "assumptions": pt.assumptions(result),
        "form_c": bt.form_c(country),
        "form_f_g": ht.form_f_g(country),
    }
    if not public:
        tables["area_list"] = bt.area_list(country, result)
    stamp = (created or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    metadata = {
        "tool": "landrelease",
        "tool_version": __version__,
        "country": country.info.name,
        "scenario": result.scenario.name,
        "scenario_hash": result.scenario.hash,
        "public": str(public).lower(),
        "created_utc": stamp.isoformat(),
        "currency": country.info.currency,
    }
    for role, path in sorted(country.source_files.items()):
        if path.is_file():
            metadata[f"source_{role}"] = path.name
            metadata[f"source_{role}_sha256"] = file_sha256(path)
    if country.info.synthetic:
        metadata["synthetic"] = "true: sample data, not a real country"
    return RequestPack(tables=tables, metadata=metadata, public=public)
