"""Compiled (numba) yearly plan of a draw: :func:`~landrelease.engine.capacity.yearly_plan`
from a plan basis, the engine being the reference (tests/forecast/test_compiled_plan.py:
equal to the last bit).

:func:`~landrelease.engine.costs.deploy` asks for the plan again each time it releases
teams, with the same basis and other stage ends: the engine's function makes some forty
small numpy calls over the kinds (dicts of arrays), about a tenth of an aurelia draw.
:class:`CompiledPlans` stacks the basis once (kinds × years) and works each plan in one
compiled call, with the same operations in the same order as the engine (so the same
numbers), then hands the rows out as the engine's dicts. A basis with donors' earmarked
lines keeps the engine's path.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from numba import njit

from landrelease.domain.enums import Asset
from landrelease.engine.capacity import (
    STAGE_OF_KIND,
    STAGES,
    PlanBasis,
    YearlyPlan,
    deployed_plan,
    yearly_plan,
)
from landrelease.forecast.jit import CACHE
from landrelease.scenario.model import CLEARANCE_KINDS, TEAM_KINDS, Scenario

__all__ = ["CompiledPlans", "PlanArrays", "compiles"]

_STAGE_OF = np.array([STAGES.index(STAGE_OF_KIND[k]) for k in TEAM_KINDS], dtype=np.int64)
"""The stage (index in :data:`STAGES`) of each kind of :data:`TEAM_KINDS`."""
_CLEARANCE = np.array([TEAM_KINDS.index(k) for k in CLEARANCE_KINDS], dtype=np.int64)
"""The clearance kinds (indexes in :data:`TEAM_KINDS`), in the engine's order of summing."""
_NTS, _TS = TEAM_KINDS.index(Asset.NTS.value), TEAM_KINDS.index(Asset.TS.value)
_POSITION = {k: i for i, k in enumerate(TEAM_KINDS)}
"""Each kind's row in the stacked arrays."""


@njit(cache=CACHE, nogil=True, error_model="numpy")
def _plan(
    until: np.ndarray,
    stage_of: np.ndarray,
    teams: np.ndarray,
    order: np.ndarray,
    unit: np.ndarray,
    fixed: np.ndarray,
    risk_ed: np.ndarray,
    funding: np.ndarray,
    share: np.ndarray,
    m2: np.ndarray,
    clearance_kinds: np.ndarray,
) -> tuple[
    np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray
]:  # pragma: no cover - compiled
    """The plan's arrays (kinds in :data:`TEAM_KINDS` order × years): deployed, planned
    team-years, funded team-years, output; whether work remains each year, and the
    clearance capacity (m²). ``order``: the kinds in spending order (indexes); the money is
    shared out as :func:`~landrelease.engine.kernels.funded_fraction` does."""
    k_count, n = teams.shape
    last = -1
    for s in range(len(until)):
        last = max(last, until[s])
    deployed = np.empty((k_count, n), dtype=np.bool_)
    planned = np.empty((k_count, n))
    for k in range(k_count):
        for y in range(n):
            deployed[k, y] = y <= until[stage_of[k]]
            planned[k, y] = teams[k, y] if deployed[k, y] else 0.0
    work_remains = np.empty(n, dtype=np.bool_)
    funded = np.empty((k_count, n))
    for y in range(n):
        work_remains[y] = y <= last
        other = fixed[y] + risk_ed[y] if work_remains[y] else 0.0
        left = max(funding[y] - other, 0.0)
        total = 0.0
        for i in range(len(order)):
            k = order[i]
            cost = planned[k, y] * unit[i, y]
            total = cost if i == 0 else total + cost  # np.cumsum along the kinds
            before = total - cost
            paid = min(max(left - before, 0.0), cost)  # np.clip(left - before, 0, cost)
            frac = paid / cost if cost > 0 else 1.0
            frac = min(max(frac, 0.0), 1.0)
            funded[k, y] = planned[k, y] * frac
    output = np.empty((k_count, n))
    clearance = np.zeros(n)
    for k in range(k_count):
        for y in range(n):
            output[k, y] = funded[k, y] * share[k, y]
    for k in clearance_kinds:  # sum(..., np.zeros(n)): left to right from 0
        for y in range(n):
            clearance[y] = clearance[y] + output[k, y] * m2[k]
    return deployed, planned, funded, output, work_remains, clearance


PlanArrays = tuple[
    np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray
]
"""A basis as :func:`_plan` takes it after the stage ends: teams, spending order, unit costs
in that order, fixed programme, risk education, money, output shares, m² per team-year by
kind (:meth:`CompiledPlans.arrays`)."""


def compiles(basis: PlanBasis) -> bool:
    """Whether :func:`_plan` works ``basis`` (else the engine's function): no money
    earmarked to a kind, and every kind in the spending order."""
    return not basis.earmarked_usd and len(basis.order) == len(TEAM_KINDS)


class CompiledPlans:
    """:func:`~landrelease.engine.capacity.yearly_plan` (same arguments and result) for the
    plans :func:`~landrelease.engine.costs.deploy` asks for: the last basis is kept
    stacked, so a draw's plans after its first cost one compiled call each."""

    def __init__(self) -> None:
        self._basis: PlanBasis | None = None
        self._stacked: tuple[np.ndarray, ...] = ()
        self._unit: tuple[dict[str, np.ndarray] | None, np.ndarray] = (None, np.empty((0, 0)))

    def unit_costs(self, basis: PlanBasis) -> np.ndarray:
        """The basis's cost of a team-year by kind (kinds in :data:`TEAM_KINDS` order ×
        years, US$), kept while the basis has the same dict (a case's draws share it)."""
        known, unit = self._unit
        if basis.usd_per_team_year is not known:
            unit = np.array([basis.usd_per_team_year[k] for k in TEAM_KINDS], dtype=float)
            self._unit = (basis.usd_per_team_year, unit)
        return unit

    def stacked(self, basis: PlanBasis) -> tuple[np.ndarray, ...]:
        """The basis's teams, spending order, unit costs and output shares as arrays, kept
        while they are the same: a case's draws share the dicts (:mod:`.draw_basis`) and
        most have the same order, so a new basis seldom needs them stacked again."""
        last = self._basis
        if last is None or not (
            basis.teams is last.teams
            and basis.usd_per_team_year is last.usd_per_team_year
            and basis.output_share is last.output_share
            and basis.order == last.order
        ):
            self._stacked = (
                np.array([basis.teams[k] for k in TEAM_KINDS], dtype=float),
                np.array([_POSITION[k] for k in basis.order], dtype=np.int64),
                np.array([basis.usd_per_team_year[k] for k in basis.order], dtype=float),
                np.array([basis.output_share[k] for k in TEAM_KINDS], dtype=float),
            )
            self._basis = basis
        return self._stacked

    def arrays(self, basis: PlanBasis, m2_per_team_year: Mapping[str, float]) -> PlanArrays:
        """What :func:`_plan` takes of ``basis`` and the m² per team-year by kind."""
        teams, order, unit, share = self.stacked(basis)
        m2 = np.array([m2_per_team_year.get(k, 0.0) for k in TEAM_KINDS], dtype=float)
        return (
            teams,
            order,
            unit,
            basis.fixed_programme_usd,
            basis.risk_education_usd,
            basis.funding_usd,
            share,
            m2,
        )

    def __call__(
        self,
        scenario: Scenario,
        m2_per_team_year: Mapping[str, float],
        deployed_until: Mapping[str, int] | None = None,
        basis: PlanBasis | None = None,
    ) -> YearlyPlan:
        """The plan; the engine's function without a basis or with earmarked money."""
        if basis is None or not compiles(basis):
            return yearly_plan(scenario, m2_per_team_year, deployed_until, basis)
        n = len(basis.years)
        until = np.array(
            [n - 1 if deployed_until is None else deployed_until[s] for s in STAGES],
            dtype=np.int64,
        )
        deployed, planned, funded, output, work_remains, clearance = _plan(
            until, _STAGE_OF, *self.arrays(basis, m2_per_team_year), _CLEARANCE
        )
        return deployed_plan(
            basis,
            deployed={k: deployed[i] for i, k in enumerate(TEAM_KINDS)},
            work_remains=work_remains,
            planned_team_years={k: planned[i] for i, k in enumerate(TEAM_KINDS)},
            # in spending order, as the engine's dict is
            funded_team_years={k: funded[_POSITION[k]] for k in basis.order},
            nts_capacity=output[_NTS],
            ts_capacity=output[_TS],
            clearance_capacity_m2=clearance,
            earmark_spent_usd={},
        )
