"""Scenario assumptions as frozen dataclasses, resolved to one value per year or per type.

A scenario file (TOML) is read by :mod:`landrelease.scenario.files` and checked by
:mod:`landrelease.scenario.from_table`; the engine only ever sees these resolved objects.
Money is in the country's currency (US$ unless ``country.toml`` says otherwise), areas in
m², effort in team-years.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from landrelease.domain.enums import Asset, ContaminationType
from landrelease.scenario.uncertainty import UncertaintySpec

__all__ = [
    "CLEARANCE_KINDS",
    "FUNDING_STATUSES",
    "PACE_MODELS",
    "PACE_MODES",
    "TEAM_KINDS",
    "Costs",
    "Discoveries",
    "Funding",
    "FundingLine",
    "Pace",
    "Priority",
    "Productivity",
    "ReleaseShares",
    "Scenario",
    "YearValues",
]

TEAM_KINDS: tuple[str, ...] = tuple(a.value for a in Asset)
"""Team kinds: manual, mechanical, mdd, nts, ts."""
CLEARANCE_KINDS: tuple[str, ...] = (Asset.MANUAL.value, Asset.MECHANICAL.value, Asset.MDD.value)
"""Team kinds that clear."""
TYPES: tuple[str, ...] = tuple(t.value for t in ContaminationType)
CALIBRATED = "calibrated"


@dataclass(frozen=True)
class YearValues:
    """A quantity given per year: explicit years, the last value carried forward.

    ``values`` maps year to value; years before the first given one take ``default`` (or the
    first value when there is no default); years after the last take the last value.
    """

    values: tuple[tuple[int, float], ...]
    default: float | None = None

    @classmethod
    def constant(cls, value: float) -> YearValues:
        """The same value every year."""
        return cls((), float(value))

    def over(self, years: np.ndarray) -> np.ndarray:
        """Values for each year of ``years`` (float array): the value of the latest listed
        year at or before it; before the first listed year, ``default`` (or the first value).
        """
        years = np.asarray(years)
        if not self.values:
            return np.full(len(years), self.default or 0.0, dtype=float)
        pairs = sorted(self.values)
        listed = np.array([y for y, _ in pairs])
        values = np.array([v for _, v in pairs], dtype=float)
        before = values[0] if self.default is None else self.default
        idx = np.searchsorted(listed, years, side="right") - 1
        return np.where(idx >= 0, values[np.maximum(idx, 0)], before).astype(float)

    def scaled(self, factor: float) -> YearValues:
        """Every value multiplied by ``factor``."""
        return YearValues(
            tuple((y, v * factor) for y, v in self.values),
            None if self.default is None else self.default * factor,
        )


@dataclass(frozen=True)
class ReleaseShares:
    """Expected outcome shares by contamination type (0..1), or ``None`` = calibrate.

    ``sha_cancelled_frac``: share of an SHA cancelled by non-technical survey;
    ``ts_reduced_frac``: share of what technical survey addresses that it reduces.
    """

    sha_cancelled_frac: dict[str, float] | None
    ts_reduced_frac: dict[str, float] | None


@dataclass(frozen=True)
class Productivity:
    """Productivity in m² per team-year by team kind, on factory-made AP mines (``ap_mine``).

    ``type_factor`` multiplies technical-survey and clearance productivity by contamination
    type (e.g. 0.2 for improvised mines: five times slower). A kind given as ``None`` is
    calibrated from the release history.
    """

    m2_per_team_year: dict[str, float | None]
    type_factor: dict[str, float]

    def factor(self, contamination_type: str) -> float:
        """Type factor of ``contamination_type`` (1 where not given)."""
        return self.type_factor.get(contamination_type, 1.0)


@dataclass(frozen=True)
class Costs:
    """Cost assumptions (currency per team-year or per year).

    ``residual_m2_per_year`` is what the residual capacity kept after completion (Oslo
    Action Plan #26) can release a year, in m²: finds up to it are released by that
    capacity in the year they are found, so the plan's teams can stop.
    """

    usd_per_team_year: dict[str, float]
    fixed_programme_usd: YearValues
    risk_education_usd: YearValues
    residual_capacity_usd: YearValues
    residual_years: int = 3
    residual_m2_per_year: float = 0.0
    usd_per_m2: dict[str, float] = field(default_factory=dict)
    """Cost per m² released by method (cancelled, reduced, cleared); used by the
    past-release pace (:class:`Pace`), where no team is costed."""
    cost_inflation_frac_per_year: float = 0.0

    def inflation(self, years: np.ndarray, start_year: int) -> np.ndarray:
        """Price factor of each year: ``(1 + cost_inflation_frac_per_year)^(year − start)``,
        1 in the start year (costs are given at start-year prices)."""
        exponent = np.asarray(years, dtype=float) - start_year
        return (1.0 + self.cost_inflation_frac_per_year) ** exponent


FUNDING_STATUSES: tuple[str, ...] = ("secured", "expected")
"""Status of a donor's funding line: ``secured`` (committed) or ``expected`` (pledged or
hoped for; counted only with ``count_expected``, and drawn by a forecast as arriving or not
year by year)."""


@dataclass(frozen=True)
class FundingLine:
    """One donor's international money (``[[funding.lines]]``), in US$ a year.

    ``usd`` is the yearly amount, zero outside the pledge years ``from_year`` to
    ``to_year`` (inclusive); ``earmark`` (a team kind, or ``None``) restricts the money to
    that kind's teams (:mod:`landrelease.engine.earmarks`).
    """

    donor: str
    status: str
    usd: YearValues
    from_year: int
    to_year: int
    earmark: str | None = None
    source: str = ""

    def over(self, years: np.ndarray) -> np.ndarray:
        """The line's US$ in each year of ``years`` (0 outside its pledge years)."""
        years = np.asarray(years)
        pledged = (years >= self.from_year) & (years <= self.to_year)
        return np.where(pledged, self.usd.over(years), 0.0)

    @property
    def label(self) -> str:
        """``donor`` with its status and earmark, e.g. ``Nordland (secured, mdd)``."""
        return f"{self.donor} ({', '.join(filter(None, (self.status, self.earmark)))})"


@dataclass(frozen=True)
class Funding:
    """Funding per year and whether expected international money counts.

    The aggregate lines (``national_usd``, ``international_secured_usd``,
    ``international_expected_usd``) hold money of no named donor; ``lines`` add named
    donors' money (:class:`FundingLine`), some of it earmarked to one team kind.
    ``international_scale`` multiplies every international line, named or not.
    ``spending_order`` lists team kinds in the order money pays for them under a shortfall
    (after fixed programme and risk-education costs); kinds not listed follow in the default
    order (``nts``, ``ts``, then clearance kinds by decreasing m² per US$).
    """

    national_usd: YearValues
    international_secured_usd: YearValues
    international_expected_usd: YearValues
    count_expected: bool = False
    international_scale: float = 1.0
    spending_order: tuple[str, ...] = ()
    lines: tuple[FundingLine, ...] = ()


@dataclass(frozen=True)
class Discoveries:
    """New SHA area found each year by type (m² in the first year, decaying geometrically)."""

    sha_area_m2_first_year: dict[str, float]
    decay_frac_per_year: float = 0.0
    first_year: int | None = None
    last_year: int | None = None


@dataclass(frozen=True)
class Priority:
    """Order of work: by a field (ascending) or by weighted fields (highest score first).

    ``region_order`` works regions one after another, in that order, when given.
    """

    rule: str = "field"
    field: str = "priority"
    weights: dict[str, float] = dataclasses.field(default_factory=dict)
    region_order: tuple[str, ...] = ()


PACE_MODES: tuple[str, ...] = ("teams", "past_release")
"""``teams``: capacity from planned teams × productivity; ``past_release``: from the
calibration window's release by method (``engine/pace.py``)."""
PACE_MODELS: tuple[str, ...] = ("level", "trend", "proportional")
"""How past release becomes yearly capacity in ``past_release`` mode (docs/model.md)."""


@dataclass(frozen=True)
class Pace:
    """Where yearly capacity comes from: ``mode`` (:data:`PACE_MODES`) and, for
    ``past_release``, the ``model`` (:data:`PACE_MODELS`)."""

    mode: str = "teams"
    model: str = "level"

    @property
    def past_release(self) -> bool:
        """True when capacity comes from past release rather than teams."""
        return self.mode == "past_release"


@dataclass(frozen=True)
class Scenario:
    """A complete, resolved scenario. Built by :func:`landrelease.scenario.load_scenario`.

    ``ramp_up_years``: years a new team takes to reach full productivity (``[teams]``);
    ``todays_teams``: team-years by kind held flat in the ``todays_teams`` case (kinds not
    given come from the release history); ``requested_deadline_date``: the deadline the
    request asks for (``[request]``; default: the one the plan needs); ``interim_request``:
    the request is an interim one (time to survey, then a full plan), which may ask for a
    deadline before the plan's completion; ``uncertainty``: the ``[uncertainty]`` section as
    written, for :func:`landrelease.forecast.forecast` (it leaves the projection and
    :attr:`hash` unchanged).
    """

    name: str
    description: str
    start_year: int
    end_year: int
    release: ReleaseShares
    productivity: Productivity
    teams: dict[str, YearValues]
    costs: Costs
    funding: Funding
    discoveries: Discoveries
    priority: Priority
    inaccessible_from_year: int | None = None
    calibration_years: int = 5
    pace: Pace = field(default_factory=Pace)
    ramp_up_years: int = 0
    todays_teams: dict[str, float] = field(default_factory=dict)
    requested_deadline_date: dt.date | None = None
    interim_request: bool = False
    uncertainty: UncertaintySpec = field(default_factory=UncertaintySpec)
    sources: dict[str, str] = field(default_factory=dict)
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def years(self) -> np.ndarray:
        """Projection years, start to end inclusive."""
        return np.arange(self.start_year, self.end_year + 1)

    @property
    def hash(self) -> str:
        """SHA-256 (first 16 hex digits) of the resolved assumptions: same hash, same numbers."""
        data = asdict(self)
        # [uncertainty] does not change the projection; a forecast records its own hash
        for key in ("raw", "name", "description", "sources", "uncertainty"):
            data.pop(key, None)
        lines = data["funding"].pop("lines")
        if lines:  # absent when empty: scenarios without donor lines keep their hash
            data["funding"]["lines"] = [
                {k: v for k, v in line.items() if k != "source"} for line in lines
            ]
        text = json.dumps(data, sort_keys=True, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
