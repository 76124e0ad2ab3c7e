"""The frozen result of a projection: named, documented tables and a summary."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from landrelease.engine.calibration import Calibration
from landrelease.scenario.model import Scenario

__all__ = ["ProjectionResult"]


@dataclass(frozen=True)
class ProjectionResult:
    """What :func:`landrelease.engine.project` returns.

    Tables (units in column names; years are calendar years):

    - ``annual``: ``year, hazards_completed, cancelled_area_m2, reduced_area_m2,
      cleared_area_m2, released_area_m2, discovered_area_m2, residual_released_area_m2``
      (finds after completion released by the residual capacity), ``remaining_sha_area_m2,
      remaining_cha_area_m2, remaining_area_m2, remaining_inaccessible_area_m2``, the
      Article 5 (AP-mined) part ``article5_<column>`` of the released, discovered, residual
      and remaining columns, then the money columns of
      :func:`landrelease.engine.costs.money_table`: ``planned_cost_usd`` (the plan as
      designed), ``cost_usd`` (what the money deploys), ``funding_usd``, ``secured_usd``,
      ``expected_usd``, ``funding_gap_usd`` (planned − secured), ``gap_after_expected_usd``,
      ``unsecured_usd``, ``planned_team_years_<kind>``, ``funded_team_years_<kind>``, cost
      components ``planned_cost_<kind>_usd``, ``planned_cost_<method>_usd`` (cancelled,
      reduced, cleared: the past-release pace), ``fixed_programme_usd``,
      ``risk_education_usd``, ``residual_capacity_usd`` (the residual capacity, from the
      year after the Article 5 completion), funding lines ``national_usd``,
      ``international_secured_usd``, ``international_expected_usd`` (donors' lines included,
      less earmarked money its kind cannot use: :func:`~.earmarks.idle_earmarks`) and the
      Article 5
      split ``article5_/non_article5_`` ``team_years``, ``cost_usd``, ``planned_cost_usd``.
    - ``annual_by_region`` / ``annual_by_type``: the area flows and stocks with a ``region``
      / ``contamination_type`` column (``annual_by_type`` ends each year with the
      ``article5`` total).
    - ``annual_by_region_type``: the same with both ``region`` and ``contamination_type``
      (pairs that hold or find any area), from which the request's work plan is built.
    - ``work_by_type``: work done per year and contamination type (and ``article5``):
      ``nts_team_years``, ``ts_team_years``, ``clearance_work_m2`` (m² on factory-made AP
      mines).
    - ``schedule``: one row per area (baseline hazards, then projected discoveries):
      ``hazard_id, region, contamination_type, source, area_m2, cancelled_area_m2,
      reduced_area_m2, cleared_area_m2, nts_year, ts_year, clearance_year, completion_year,
      residual_year`` (empty where a stage is not needed or not reached within the horizon;
      ``residual_year`` is the year the residual capacity releases a find made after the
      completion of its scope, the plan's stages then being empty).
    - ``funding_lines``: each funding line's money per kept year, the aggregate lines
      (donor ``""``: ``national``, ``secured``, ``expected``) then the scenario's named
      donor lines: ``donor, status, earmark, year, pledged_usd, counted_usd,
      earmark_spent_usd, earmark_unspent_usd`` (:func:`landrelease.engine.earmarks.line_table`).
    - ``summary``: a JSON-ready dict (see :func:`landrelease.engine.project`).
    """

    scenario: Scenario
    annual: pd.DataFrame
    annual_by_region: pd.DataFrame
    annual_by_type: pd.DataFrame
    schedule: pd.DataFrame
    summary: dict[str, Any]
    calibration: Calibration | None = None
    assumptions: dict[str, Any] = field(default_factory=dict)
    annual_by_region_type: pd.DataFrame = field(default_factory=pd.DataFrame)
    work_by_type: pd.DataFrame = field(default_factory=pd.DataFrame)
    funding_lines: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def completion_year(self) -> int | None:
        """First year whose end leaves no remaining area (``None``: not within the horizon)."""
        value = self.summary["completion_year"]
        return None if value is None else int(value)

    @property
    def article5_completion_year(self) -> int | None:
        """First year whose end leaves no remaining anti-personnel mined area."""
        value = self.summary["article5_completion_year"]
        return None if value is None else int(value)
