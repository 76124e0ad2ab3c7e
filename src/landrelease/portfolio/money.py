"""Additional money on top of a scenario, and the money beyond which more changes nothing.

**Additional money** (:func:`with_additional_funding`) is secured international money, the
same amount (US$) every year of the scenario's period, added to what the scenario already
counts. It is not scaled by ``[funding] international_scale`` (a stress test of the
scenario's own lines, not of new money); as secured money it arrives as the forecast's
``secured_factor`` draws say, like the scenario's other secured lines.

**Saturation** (:func:`saturation_usd`): money pays fixed programme and risk-education costs,
then planned teams (:func:`~landrelease.engine.capacity.yearly_plan`); once a year's money
covers all of that with every kind deployed, its teams are all paid and more money buys
nothing. So above the least additional amount that covers it in every year, a draw's
outcome no longer changes: exactly, not approximately. A response curve evaluates a draw up
to that amount only and copies the result beyond (:mod:`.evaluate`).
"""

from __future__ import annotations

import dataclasses

import numpy as np

from landrelease.engine.capacity import yearly_plan
from landrelease.forecast import DrawInputs, DrawModel
from landrelease.scenario.model import TEAM_KINDS, Scenario, YearValues

__all__ = [
    "SATURATION_MARGIN_FRAC",
    "SATURATION_MARGIN_USD",
    "plan_need_usd",
    "saturation_usd",
    "with_additional_funding",
]

SATURATION_MARGIN_FRAC = 1e-9
SATURATION_MARGIN_USD = 1.0
"""Saturation is raised by this share and amount, so that at and above it a year's money is
at least its need in floating point too (paid = cost exactly, every kind funded in full):
the result copied beyond it is then the very result of more money, bit for bit."""


def _plus(values: YearValues, usd: float) -> YearValues:
    """``values`` with ``usd`` added to every year."""
    base = 0.0 if values.default is None and not values.values else values.default
    return YearValues(
        tuple((y, v + usd) for y, v in values.values), None if base is None else base + usd
    )


def with_additional_funding(scenario: Scenario, usd_per_year: float) -> Scenario:
    """``scenario`` with ``usd_per_year`` more secured international money every year.

    The scenario's ``international_scale`` is applied to its own international money (the
    aggregate lines and each donor's line, so the money it counts is unchanged) and set to 1,
    so that the additional amount is not scaled. ``usd_per_year = 0`` gives a scenario that
    projects exactly as ``scenario``.
    """
    f = scenario.funding
    scale = f.international_scale
    funding = dataclasses.replace(
        f,
        international_secured_usd=_plus(f.international_secured_usd.scaled(scale), usd_per_year),
        international_expected_usd=f.international_expected_usd.scaled(scale),
        lines=tuple(dataclasses.replace(line, usd=line.usd.scaled(scale)) for line in f.lines),
        international_scale=1.0,
    )
    return dataclasses.replace(scenario, funding=funding)


def plan_need_usd(model: DrawModel) -> np.ndarray | None:
    """Per year of the scenario, the money (US$) that pays every planned team (every kind
    deployed), the fixed programme and risk education: no year needs more. ``None`` for a
    past-release pace, whose cost per m² moves with each draw's release shares."""
    if model.past_release:
        return None
    plan = yearly_plan(model.scenario, model.productivity)
    teams = np.sum([plan.planned_team_years[k] * plan.usd_per_team_year[k] for k in TEAM_KINDS], 0)
    return np.asarray(teams + plan.fixed_programme_usd + plan.risk_education_usd, dtype=float)


def _secured_factor(inputs: DrawInputs) -> np.ndarray:
    by_key = inputs.values.get("secured_factor")
    return np.ones(inputs.n) if by_key is None else np.asarray(by_key["value"], dtype=float)


def saturation_usd(model: DrawModel, inputs: DrawInputs, *, margin: bool = True) -> np.ndarray:
    """Per draw, additional money (US$ a year) at and above which the draw's outcome no
    longer changes (every planned team paid in every year); ``inf`` where it cannot be
    known in advance (past-release pace) or where secured money is drawn as none.
    ``margin``: raised by :data:`SATURATION_MARGIN_FRAC` and :data:`SATURATION_MARGIN_USD`
    (what a curve needs to copy results bit for bit); without, the amount itself."""
    need = plan_need_usd(model)
    if need is None:
        return np.full(inputs.n, np.inf)
    f = model.scenario.funding
    years = model.scenario.years
    scale = f.international_scale
    secured = f.national_usd.over(years) + f.international_secured_usd.over(years) * scale
    expected = f.international_expected_usd.over(years) * scale
    factor = _secured_factor(inputs)
    counted = factor[:, None] * secured[None, :]
    if f.count_expected:
        counted = counted + inputs.expected_arrives * expected[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        short = np.max(need[None, :] - counted, axis=1, initial=0.0)
        usd = np.where(factor > 0, np.maximum(short, 0.0) / np.where(factor > 0, factor, 1), np.inf)
    if margin:
        usd = np.where(usd > 0, usd * (1 + SATURATION_MARGIN_FRAC) + SATURATION_MARGIN_USD, 0.0)
    return np.asarray(usd, dtype=float)
