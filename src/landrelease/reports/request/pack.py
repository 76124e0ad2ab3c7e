"""The extension-request pack: every request table of a country and a projection, plus
metadata. Reports never change engine output; writers (:mod:`landrelease.export`) write it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from landrelease.domain.country import Country
from landrelease.engine.cases import add_cases
from landrelease.engine.result import ProjectionResult
from landrelease.errors import LandreleaseError
from landrelease.reports.provenance import file_sha256, provenance
from landrelease.reports.request import baseline_tables as bt
from landrelease.reports.request import history_tables as ht
from landrelease.reports.request import plan_tables as pt
from landrelease.reports.request import state_tables as st
from landrelease.reports.request.confidence import confidence
from landrelease.reports.request.narrative import narrative_table
from landrelease.reports.request.public import DEFAULT_MIN_GROUP, public_tables
from landrelease.reports.request.risk_plan import risk_education

if TYPE_CHECKING:  # the forecast (numba) takes a second to import; a pack needs only its figures
    from landrelease.forecast import ForecastResult

__all__ = [
    "FORECAST_TABLES",
    "LATER_TABLES",
    "METADATA_SHEET",
    "PUBLIC_OMITTED",
    "REQUEST_TABLES",
    "STATE_TABLES",
    "RequestPack",
    "build_request_pack",
    "file_sha256",
]

REQUEST_TABLES = (
    "header",
    "remaining_challenge",
    "progress",
    "progress_by_type",
    "work_plan",
    "budget",
    "capacity",
    "cases",
    "confidence",
    "risk_education",
    "assumptions",
    "form_c",
    "form_f_g",
    "expenditure",
    "casualties",
    "marking",
    "stocks",
    "previous_baseline",
    "narrative",
)
"""Tables of every pack, in sheet order (the workbook adds ``metadata``)."""
LATER_TABLES = ("progress_by_type",)
"""Request tables added after the first pack format: a pack made before them still reads,
and the review says they are missing without failing the checks that do not need them."""
STATE_TABLES = ("expenditure", "casualties", "marking", "stocks", "previous_baseline")
"""Tables from the State's own reports (country files beside hazards and releases); empty
when the country does not give them. Packs written before they existed read back with them
empty."""
FORECAST_TABLES = ("confidence",)
"""Tables from a forecast of the pack's scenario (:func:`landrelease.forecast.forecast`);
empty when none was given (``export --draws 0``). Packs written before they existed read
back with them empty."""
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


def build_request_pack(
    country: Country,
    result: ProjectionResult,
    *,
    public: bool = False,
    min_group: int = DEFAULT_MIN_GROUP,
    created: dt.datetime | None = None,
    submission_date: dt.date | None = None,
    forecast: ForecastResult | None = None,
) -> RequestPack:
    """All request tables for ``country`` under the projection ``result``.

    ``public`` leaves out :data:`PUBLIC_OMITTED` (ids and coordinates of areas not yet
    released) and merges every sub-national row built from fewer than ``min_group`` areas
    into "Other regions (merged)" (:mod:`landrelease.reports.request.public`; 1 merges
    nothing); the metadata's ``public_merged`` says what was merged. ``created`` stamps the
    metadata (default: now, UTC); ``submission_date`` is the header's date of submission
    (default: the day ``created`` falls on), which selects the action plan in force.
    The narrative (:mod:`~landrelease.reports.request.narrative`) is filled from the other
    tables; a placeholder problem raises :class:`~landrelease.errors.ValidationError`.
    The ``cases`` table and the requested deadline come from ``result.summary["cases"]``; a
    result without them has its cases projected here. The ``confidence`` table comes from
    ``forecast``, a forecast of the same scenario (its cases are the table's rows; the
    narrative may quote its ``plan`` row); without one it is empty. A forecast of another
    scenario raises :class:`~landrelease.errors.LandreleaseError`.
    """
    if "cases" not in result.summary:
        result = add_cases(country, result)
    if min_group < 1:
        raise LandreleaseError(f"min_group = {min_group}: give 1 or more areas")
    regions = country.regions
    shown, merged = public_tables(country, result, min_group) if public else ({}, [])
    builders: dict[str, Callable[[], pd.DataFrame]] = {
        "header": lambda: bt.header(country, result),
        "remaining_challenge": lambda: bt.remaining_challenge(country),
        "progress": lambda: ht.progress(country),
        "progress_by_type": lambda: ht.progress_by_type(country),
        "work_plan": lambda: pt.work_plan(result, regions),
        "budget": lambda: pt.budget(result),
        "capacity": lambda: pt.capacity(result),
        "cases": lambda: pt.cases(result),
        "confidence": lambda: confidence(forecast, result.scenario.hash),
        "risk_education": lambda: risk_education(country, result, regions),
        "assumptions": lambda: pt.assumptions(result),
        "form_c": lambda: bt.form_c(country),
        "form_f_g": lambda: ht.form_f_g(country),
        "expenditure": lambda: st.expenditure(country),
        "casualties": lambda: st.casualties(country),
        "marking": lambda: st.marking(country),
        "stocks": lambda: st.stocks(country),
        "previous_baseline": lambda: st.previous_baseline(country),
    }
    if not public:
        builders["area_list"] = lambda: bt.area_list(country, result)
    tables = {name: shown[name] if name in shown else build() for name, build in builders.items()}
    stamp = (created or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    tables["header"] = st.with_submission_date(tables["header"], submission_date or stamp.date())
    tables["narrative"] = narrative_table(country.narrative, tables, result.summary)
    tables = {name: tables[name] for name in (*REQUEST_TABLES, *PUBLIC_OMITTED) if name in tables}
    origin = provenance(country, result.scenario)
    metadata = {
        "tool": "landrelease",
        "tool_version": origin["tool_version"],
        "country": country.info.name,
        "scenario": result.scenario.name,
        "scenario_hash": result.scenario.hash,
        "public": str(public).lower(),
        "created_utc": stamp.isoformat(),
        "currency": country.info.currency,
    }
    for record in origin["inputs"]:
        metadata[f"source_{record['role']}"] = record["file"]
        metadata[f"source_{record['role']}_sha256"] = record["sha256"]
    if forecast is not None:
        metadata["forecast_draws"] = str(forecast.n_draws)
        metadata["forecast_seed"] = str(forecast.seed)
        metadata["forecast_uncertainty_hash"] = str(forecast.provenance.get("uncertainty_hash"))
    if public:
        metadata["public_min_group"] = str(min_group)
        metadata["public_merged"] = "; ".join(map(str, merged)) or "none"
    if country.info.synthetic:
        metadata["synthetic"] = "true: sample data, not a real country"
    return RequestPack(tables=tables, metadata=metadata, public=public)
