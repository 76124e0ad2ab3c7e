"""What every draw of a forecast's case shares (:class:`DrawModel`), what a forecast keeps
of its draws (:class:`DrawOutcome`), and each draw's values: its scenario, items, shares,
productivity and plan basis from the case's and the draw's inputs (:mod:`.draw_inputs`).
:mod:`.draws` works them through the engine.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from landrelease.domain.country import Country
from landrelease.engine.calibration import Calibration
from landrelease.engine.capacity import PlanBasis
from landrelease.engine.earmarks import drawn_lines
from landrelease.engine.evolve import evolve
from landrelease.engine.items import AP_TYPES, WorkItems, build_items
from landrelease.engine.kernels import serving_order
from landrelease.engine.project import resolve_assumptions
from landrelease.forecast.compiled import scaled_areas
from landrelease.forecast.draw_basis import BasisParts
from landrelease.forecast.draw_inputs import DrawInputs
from landrelease.scenario.model import TEAM_KINDS, TYPES, Scenario, YearValues

__all__ = [
    "AREA_QUANTITIES",
    "NO_ENDS",
    "QUANTITIES",
    "REGION_QUANTITIES",
    "DrawModel",
    "DrawOutcome",
    "prepare_draws",
]

QUANTITIES = (
    "remaining_area_m2",
    "article5_remaining_area_m2",
    "cancelled_area_m2",
    "reduced_area_m2",
    "cleared_area_m2",
    "released_area_m2",
    "discovered_area_m2",
    "planned_cost_usd",
    "funding_gap_usd",
)
"""Yearly national quantities kept per draw (columns of the forecast's ``annual``)."""
REGION_QUANTITIES = ("remaining_area_m2", "released_area_m2")
"""Yearly regional quantities kept per draw (columns of ``by_region``)."""
AREA_QUANTITIES = 7
"""The first quantities of :data:`QUANTITIES` are areas (m²), which a revision scales."""
_PLANNED = QUANTITIES.index("planned_cost_usd")
_GAP = QUANTITIES.index("funding_gap_usd")
NO_ENDS = -2
"""In ``start_ends`` and ``released_at``: no stage ends known (``-1`` is a stage without
work)."""


@dataclass(frozen=True)
class DrawModel:
    """What every draw of one case shares: the case's scenario, its work items (baseline
    hazards and discoveries at the scenario's rates, in serving order: the order the stages
    work them in at the central access year), the central assumptions and masks
    (``opens_with_access``: baseline areas not accessible and without ``access_year``, which
    open in the drawn access year)."""

    scenario: Scenario
    items: WorkItems
    fc: dict[str, float]
    fr: dict[str, float]
    productivity: dict[str, float]
    calibration: Calibration | None
    type_factor: np.ndarray
    opens_with_access: np.ndarray
    sha_baseline: np.ndarray
    discovered: np.ndarray
    is_ap: np.ndarray

    @property
    def n_years(self) -> int:
        return len(self.scenario.years)

    @property
    def regions(self) -> tuple[str, ...]:
        return self.items.regions

    @property
    def past_release(self) -> bool:
        return self.scenario.pace.past_release and self.calibration is not None


def prepare_draws(country: Country, scenario: Scenario) -> DrawModel:
    """The shared part of every draw of ``scenario`` on ``country`` (one case)."""
    fc, fr, productivity, cal = resolve_assumptions(country, scenario)
    items = build_items(country, scenario)
    h = country.hazards
    n = len(h)
    closed = ~h["accessible"].to_numpy(dtype=object, na_value=True).astype(bool)
    no_year = ~np.isfinite(
        np.asarray(h["access_year"].to_numpy(dtype=float, na_value=np.nan), dtype=float)
    )
    opens = np.zeros(len(items), dtype=bool)
    opens[:n] = closed & no_year
    discovered = items.discovered_year_index >= 0
    ap_codes = [i for i, t in enumerate(TYPES) if t in AP_TYPES]
    # the items in the order the stages work them (as far as the access years drawn leave
    # it): the draws' passes between item order and serving order then read and write
    # memory in sequence rather than all over arrays larger than the cache
    order = serving_order(items.available_time, items.rank)
    items, opens, discovered = items.take(order), opens[order], discovered[order]
    return DrawModel(
        scenario=scenario,
        items=items,
        fc=dict(fc),
        fr=dict(fr),
        productivity=dict(productivity),
        calibration=cal,
        type_factor=np.array([scenario.productivity.factor(t) for t in TYPES]),
        opens_with_access=opens,
        sha_baseline=items.is_sha & ~discovered,
        discovered=discovered,
        is_ap=np.isin(items.type_code, ap_codes),
    )


@dataclass(frozen=True)
class DrawOutcome:
    """Per draw: completion year indexes (``-1``: after the horizon), the plan's total
    planned cost (US$), yearly national :data:`QUANTITIES` (draws × years × quantities) and
    regional :data:`REGION_QUANTITIES` (draws × years × regions × quantities), and the stage
    ends its teams were released at (draws × 3 stages, :data:`NO_ENDS` for a past-release
    pace): what :func:`evaluate` may start the same draw from at another amount of money."""

    completion_index: np.ndarray
    article5_completion_index: np.ndarray
    planned_cost_usd: np.ndarray
    annual: np.ndarray
    by_region: np.ndarray
    released_at: np.ndarray

    @classmethod
    def concat(cls, parts: Sequence[DrawOutcome]) -> DrawOutcome:
        """The draws of ``parts``, in order."""
        return cls(
            *(np.concatenate([getattr(p, f.name) for p in parts]) for f in dataclasses.fields(cls))
        )


def _one(values: dict[str, dict[str, np.ndarray]], name: str, i: int) -> float | None:
    by_key = values.get(name)
    return None if by_key is None else float(by_key["value"][i])


def _draw_scenario(model: DrawModel, inputs: DrawInputs, i: int) -> Scenario:
    """The case's scenario with draw ``i``'s money and ramp-up."""
    s = model.scenario
    f = s.funding
    years = s.years
    secured = _one(inputs.values, "secured_factor", i)
    secured = 1.0 if secured is None else secured
    expected = f.international_expected_usd.over(years) * inputs.expected_arrives[i]
    funding = dataclasses.replace(
        f,
        national_usd=f.national_usd.scaled(secured),
        international_secured_usd=f.international_secured_usd.scaled(secured),
        international_expected_usd=YearValues(
            tuple((int(y), float(v)) for y, v in zip(years, expected, strict=True))
        ),
        lines=drawn_lines(f.lines, years, secured, inputs.expected_arrives[i]),
    )
    ramp = _one(inputs.values, "ramp_up_years", i)
    return dataclasses.replace(
        s, funding=funding, ramp_up_years=s.ramp_up_years if ramp is None else int(ramp)
    )


def _draw_items(model: DrawModel, inputs: DrawInputs, i: int) -> WorkItems:
    """The case's items with draw ``i``'s SHA area, discoveries and access year."""
    items = model.items
    sha = _one(inputs.values, "sha_area_factor", i)
    found = _one(inputs.values, "discoveries_factor", i)
    # one pass, the same products as scaling each masked part
    area = scaled_areas(
        items.area_m2,
        model.sha_baseline,
        1.0 if sha is None else sha,
        model.discovered,
        1.0 if found is None else found,
    )
    available = items.available_time
    year = _one(inputs.values, "access_year", i)
    if year is not None and model.opens_with_access.any():
        s = model.scenario
        t = max(year - s.start_year, 0.0)
        t = np.inf if t > s.end_year - s.start_year else t
        available = np.where(model.opens_with_access, t, available)
    return evolve(items, area_m2=area, available_time=available)


def _by_type(
    model: DrawModel,
    values: dict[str, dict[str, np.ndarray]],
    name: str,
    i: int,
    central: dict[str, float],
) -> np.ndarray:
    by_key = values.get(name)
    return np.array([central.get(t, 0.0) if by_key is None else float(by_key[t][i]) for t in TYPES])


def _drawn_basis(
    model: DrawModel,
    inputs: DrawInputs,
    i: int,
    parts: BasisParts,
    m2_per_team_year: Mapping[str, float],
) -> PlanBasis:
    """Draw ``i``'s plan basis from the case's shared ``parts`` (its money and ramp-up)."""
    secured = _one(inputs.values, "secured_factor", i)
    ramp = _one(inputs.values, "ramp_up_years", i)
    return parts.basis(
        m2_per_team_year,
        1.0 if secured is None else secured,
        inputs.expected_arrives[i],
        model.scenario.ramp_up_years if ramp is None else int(ramp),
    )


def _multiplier(inputs: DrawInputs, i: int, key: str) -> float:
    value = _one(inputs.values, f"productivity.{key}", i)
    return 1.0 if value is None else value


def _productivity(model: DrawModel, inputs: DrawInputs, i: int) -> dict[str, float]:
    """Draw ``i``'s m² per team-year by kind (the past-release pace draws its own)."""
    past = model.past_release
    return {
        k: model.productivity[k] * (1.0 if past else _multiplier(inputs, i, k)) for k in TEAM_KINDS
    }
