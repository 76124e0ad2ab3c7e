"""The country: its Article 5 facts and its validated hazard and release tables."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar, cast

import numpy as np
import pandas as pd

from landrelease.domain.enums import ContaminationType, HazardStatus
from landrelease.domain.outline import NarrativeText

T = TypeVar("T")

__all__ = ["Country", "CountryInfo", "Extension", "HazardCodes", "Milestone", "add_years"]


def add_years(day: dt.date, years: int) -> dt.date:
    """``day`` moved ``years`` calendar years (29 February → 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class Extension:
    """An Article 5 extension granted earlier."""

    granted_date: dt.date
    deadline_date: dt.date


@dataclass(frozen=True)
class Milestone:
    """A target from an earlier request: area (m²) to release in a year, optionally by region
    and method. ``set_year`` is the year the target was set (the request's year), when known:
    a backtest keeps only the targets known by its year, and the track record compares each
    year with the latest plan set before it."""

    year: int
    area_m2: float
    region: str | None = None
    method: str | None = None
    set_year: int | None = None


@dataclass(frozen=True)
class CountryInfo:
    """What ``country.toml`` says about the State and its Article 5 obligation."""

    name: str
    code: str
    entry_into_force_date: dt.date
    article5_deadline_date: dt.date
    baseline_date: dt.date
    currency: str = "USD"
    synthetic: bool = False
    notes: str = ""
    regions: tuple[str, ...] = ()
    previous_extensions: tuple[Extension, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    usd_per_local_unit: float | None = None
    """US$ per unit of ``currency`` when the State reports in its own currency: converts
    past expenditure to US$."""

    @property
    def original_deadline_date(self) -> dt.date:
        """Ten years after entry into force (Article 5.1)."""
        return add_years(self.entry_into_force_date, 10)

    @property
    def baseline_year(self) -> int:
        """Calendar year of the baseline date."""
        return self.baseline_date.year


@dataclass(frozen=True)
class HazardCodes:
    """Columns of the hazard table as arrays: region and type codes (positions in
    ``Country.regions`` and :class:`ContaminationType`), areas (m²), SHA flags and ids."""

    region_code: np.ndarray
    type_code: np.ndarray
    area_m2: np.ndarray
    is_sha: np.ndarray
    hazard_id: np.ndarray


@dataclass(frozen=True, eq=False)
class Country:
    """A validated country: facts, hazards remaining at the baseline, and release history.

    ``hazards`` follows ``schema("hazards")`` (a GeoDataFrame when polygons were given);
    ``releases`` follows ``schema("releases")``; ``stocks``, if given, ``schema("stocks")``.
    ``source_files`` maps a role (``hazards``, ``releases``, ``stocks``, ``country``, and the
    request files such as ``expenditure``) to the file it was read from. Its tables are not to be
    modified: derived views (regions, codes) are computed once and kept.
    """

    info: CountryInfo
    hazards: pd.DataFrame
    releases: pd.DataFrame
    path: Path | None = None
    source_files: dict[str, Path] = field(default_factory=dict)
    stocks: pd.DataFrame | None = None
    """Past stocks (``schema("stocks")``) when the country folder names a stocks file."""
    request_inputs: Mapping[str, pd.DataFrame] = field(default_factory=dict)
    """Tables the country folder gives for the request only, by ``[files]`` key
    (``expenditure``, ``casualties``, ``marking``, ``risk_education_plan``,
    ``previous_baseline``; see :mod:`landrelease.io.request_inputs`), when named."""
    narrative: Mapping[str, NarrativeText] = field(default_factory=dict)
    """The request's text by section id (:mod:`landrelease.domain.outline`), from the
    country's ``narrative/`` folder."""

    @property
    def name(self) -> str:
        """Country name."""
        return self.info.name

    @cached_property
    def regions(self) -> tuple[str, ...]:
        """Regions in the order of ``country.toml``, then any others in order of appearance."""
        seen = list(self.info.regions)
        for table in (self.hazards, self.releases):
            seen += [r for r in pd.unique(table["region"].dropna()) if r not in seen]
        return tuple(seen)

    @cached_property
    def hazard_codes(self) -> HazardCodes:
        """The hazard table's categories as integer codes (computed once, for the engine)."""
        h = self.hazards
        regions = pd.Index(list(self.regions))
        types = pd.Index([t.value for t in ContaminationType])
        return HazardCodes(
            region_code=regions.get_indexer(h["region"]),
            type_code=types.get_indexer(h["contamination_type"]),
            area_m2=h["area_m2"].to_numpy(dtype=float),
            is_sha=(h["status"].to_numpy(dtype=object, na_value=None) == HazardStatus.SHA.value),
            hazard_id=h["hazard_id"].to_numpy(dtype=object, na_value=None),
        )

    @cached_property
    def _memo(self) -> dict[Hashable, Any]:
        return {}

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()`` once per ``key`` for this country (derived arrays the engine reuses
        across projections, e.g. a priority ranking); the tables must not change after."""
        if key not in self._memo:
            self._memo[key] = compute()
        return cast(T, self._memo[key])

    @property
    def scenarios_dir(self) -> Path | None:
        """The country's ``scenarios/`` folder, if it was loaded from a folder."""
        return None if self.path is None else self.path / "scenarios"
