"""Builders for engine tests: a small country straight from rows, a scenario from numbers.

Both are plain functions, handed to the tests of every folder by the root conftest's
session-scoped fixtures (``make_country``, ``make_scenario``), so that hypothesis tests may
use them too. No file is read: hazards and
releases go through the canonical schema (``coerce``) exactly as a reader's output would.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from landrelease.domain.country import Country, CountryInfo
from landrelease.domain.schema import coerce, schema
from landrelease.scenario import Scenario, scenario_from_dict

BASELINE_YEAR = 2025
"""Baseline year of every hand-made country (baseline date 31 December 2025)."""

RELEASE_COLUMNS = ("region", "method", "area_m2", "contamination_type")
"""The required columns of ``schema("releases")`` (an empty history still needs them)."""

BASE_SCENARIO: dict[str, Any] = {
    "name": "paper",
    "description": "Explicit numbers for hand-made countries.",
    "period": {"start_year": 2026, "end_year": 2035},
    "release": {"sha_cancelled_frac": 0.5, "ts_reduced_frac": 0.5},
    "productivity": {
        "nts": 100_000,
        "ts": 20_000,
        "manual": 10_000,
        "mechanical": 50_000,
        "mdd": 30_000,
        "type_factor": 1.0,
    },
    "teams": {"nts": 1, "ts": 1, "manual": 1, "mechanical": 0, "mdd": 0},
    "costs": {
        "usd_per_team_year": {
            "nts": 0,
            "ts": 0,
            "manual": 0,
            "mechanical": 0,
            "mdd": 0,
        },
        "fixed_programme_usd_per_year": 0,
        "risk_education_usd_per_year": 0,
        "residual_capacity_usd_per_year": 0,
        "residual_years": 0,
    },
    "funding": {
        "national_usd_per_year": 0,
        "international_secured_usd_per_year": 0,
        "international_expected_usd_per_year": 0,
        "count_expected": False,
        "international_scale": 1.0,
    },
    "discoveries": {"sha_area_m2_per_year": 0, "decay_frac_per_year": 0.0},
    "priority": {"rule": "field", "field": "priority"},
}
"""A complete scenario with every number explicit (nothing calibrated, nothing costs)."""


def country_from_rows(
    hazards: Sequence[Mapping[str, Any]],
    releases: Sequence[Mapping[str, Any]] = (),
    *,
    regions: Sequence[str] = (),
    deadline: dt.date = dt.date(2028, 3, 1),
    baseline: dt.date = dt.date(BASELINE_YEAR, 12, 31),
    name: str = "Paperland",
) -> Country:
    """A :class:`Country` from canonical hazard (and release) rows, coerced by the schemas.

    Fails the test if the schema finds any problem in the rows.
    """
    hazard_table, problems = coerce(pd.DataFrame([dict(r) for r in hazards]), schema("hazards"))
    assert not problems, [str(p) for p in problems]
    raw_releases = (
        pd.DataFrame([dict(r) for r in releases])
        if releases
        else pd.DataFrame(columns=list(RELEASE_COLUMNS))
    )
    release_table, problems = coerce(raw_releases, schema("releases"))
    assert not problems, [str(p) for p in problems]
    info = CountryInfo(
        name=name,
        code="XPL",
        entry_into_force_date=dt.date(2003, 3, 1),
        article5_deadline_date=deadline,
        baseline_date=baseline,
        synthetic=True,
        regions=tuple(regions),
    )
    return Country(info=info, hazards=hazard_table, releases=release_table)


def merged(base: Mapping[str, Any], overrides: Mapping[str, Any] | None) -> dict[str, Any]:
    """``base`` with ``overrides`` applied section by section (a key replaces a key)."""
    out = copy.deepcopy(dict(base))
    for key, value in (overrides or {}).items():
        if isinstance(value, Mapping) and isinstance(out.get(key), dict):
            out[key].update(copy.deepcopy(dict(value)))
        else:
            out[key] = copy.deepcopy(value)
    return out


def scenario_from_numbers(
    overrides: Mapping[str, Any] | None = None, *, baseline_year: int = BASELINE_YEAR
) -> Scenario:
    """:data:`BASE_SCENARIO` with ``overrides`` (section by section), resolved."""
    return scenario_from_dict(merged(BASE_SCENARIO, overrides), baseline_year=baseline_year)
