"""A draw in one compiled call (:func:`~.compiled_draw.draw`), from Python: the draw's
arrays gathered from its items, shares and plan basis, and what the call gives back
(:class:`Drawn`). :mod:`.draws` uses it where it applies and the engine's loop elsewhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from landrelease.domain.enums import Asset
from landrelease.engine.capacity import PlanBasis
from landrelease.engine.items import WorkItems
from landrelease.forecast import compiled_draw
from landrelease.forecast.compiled import StageRunner
from landrelease.forecast.compiled_plan import CompiledPlans, compiles
from landrelease.forecast.totals import _GROUPS

__all__ = ["Drawn", "work_draw"]

_NTS_KIND, _TS_KIND = Asset.NTS.value, Asset.TS.value
_NO_START = np.full(3, -2, dtype=np.int64)
"""No stage ends to start from (see :func:`~.compiled_draw.draw`'s ``start``)."""


def _int64(a: np.ndarray) -> np.ndarray:
    return np.asarray(a, dtype=np.int64)


def _floats(a: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(a, dtype=float)


def _bool(a: np.ndarray) -> np.ndarray:
    return np.asarray(a, dtype=np.bool_)


@dataclass(frozen=True)
class Drawn:
    """One draw's results (from :func:`work_draw`, or from the engine's loop in
    :mod:`.draws`): completion and Article 5 completion indexes (-1: after the horizon),
    the stage ends its teams were released at (3; ``None`` in the past-release pace),
    national (years × 7, :data:`~.totals.NATIONAL_COLUMNS`) and regional (years × regions
    × 2) totals, planned cost and funding gap of the kept years (US$)."""

    completion_index: int
    article5_completion_index: int
    released_at: np.ndarray | None
    national: np.ndarray
    regional: np.ndarray
    planned_usd: np.ndarray
    gap_usd: np.ndarray
    passes: int = 0
    """How many times the stages were worked (the deploy loop's passes; 0: not counted)."""


def work_draw(
    items: WorkItems,
    shares: tuple[np.ndarray, np.ndarray, np.ndarray],
    m2_per_team_year: Mapping[str, float],
    basis: PlanBasis,
    *,
    is_ap: np.ndarray,
    capacity_factor: np.ndarray,
    residual_m2_per_year: float,
    residual_years: int,
    runner: StageRunner,
    plans: CompiledPlans,
    start: np.ndarray | None = None,
) -> Drawn | None:
    """One draw in one compiled call (:func:`~.compiled_draw.draw`), or ``None`` where the
    Python path must work it (donors' earmarked lines, a spending order without every kind,
    the rare turns of :data:`~.compiled_draw.HELD` and :data:`~.compiled_draw.UNSETTLED`).

    ``shares``: cancelled and reduced fractions and productivity factors by type;
    ``basis``: the draw's plan basis; ``runner`` and ``plans`` keep the serving order and
    the stacked basis between draws; ``start``: stage ends to release the teams at first
    (3; ``None`` or any below -1: none)."""
    if not compiles(basis):
        return None
    if capacity_factor.shape != (len(basis.years), 3):
        return None
    n_years = len(basis.years)
    queue, available, earliest, position = runner.queued(items)
    opened = runner.opened(available, n_years)
    status, passes, completion, article5, ends, national, regional, planned, gap = (
        compiled_draw.draw(
            items.area_m2,
            items.is_sha,
            _int64(items.type_code),
            items.discovered_year_index,
            _bool(items.inaccessible),
            is_ap,
            items.available_time,
            _GROUPS.get(items.region_code, is_ap),
            len(items.regions),
            (_floats(shares[0]), _floats(shares[1]), _floats(shares[2])),
            (float(m2_per_team_year[_NTS_KIND]), float(m2_per_team_year[_TS_KIND])),
            (position, available, earliest, opened, len(queue)),
            plans.arrays(basis, m2_per_team_year),
            (
                plans.unit_costs(basis),
                basis.residual_capacity_usd,
                basis.national_usd,
                basis.international_secured_usd,
            ),
            np.ascontiguousarray(capacity_factor, dtype=float),
            (float(residual_m2_per_year), int(residual_years)),
            _NO_START if start is None or (start < -1).any() else start.astype(np.int64),
        )
    )
    if status != compiled_draw.DONE:
        return None
    return Drawn(completion, article5, ends, national, regional, planned, gap, passes)
