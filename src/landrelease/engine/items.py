"""Work items: the baseline hazards and projected discoveries as arrays, in priority rank.

The engine never sees geometry or files: only these arrays, one element per area.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import pandas as pd

from landrelease.domain.country import Country
from landrelease.domain.enums import ContaminationType
from landrelease.scenario.files import ScenarioError
from landrelease.scenario.model import TYPES, Priority, Scenario

__all__ = ["WorkItems", "build_items", "discovery_table", "priority_rank"]

AP_TYPES = frozenset(t.value for t in ContaminationType if t.is_anti_personnel)


@dataclass(frozen=True)
class WorkItems:
    """One element per area (baseline hazards first, then discoveries).

    ``available_time`` is in years from the projection start (``inf`` = not within the
    horizon); ``rank`` is the priority order (0 first); codes index ``regions``/``TYPES``;
    ``inaccessible`` marks baseline areas the hazard table gives as not accessible (whether
    or not the scenario opens them later).
    """

    hazard_id: np.ndarray
    region_code: np.ndarray
    type_code: np.ndarray
    area_m2: np.ndarray
    is_sha: np.ndarray
    available_time: np.ndarray
    rank: np.ndarray
    discovered_year_index: np.ndarray
    regions: tuple[str, ...]
    inaccessible: np.ndarray

    def __len__(self) -> int:
        return len(self.area_m2)

    def take(self, order: np.ndarray) -> WorkItems:
        """The items at the indexes ``order``, in that order (the same regions)."""
        return WorkItems(
            **{
                f.name: getattr(self, f.name)[order]
                for f in dataclasses.fields(self)
                if f.name != "regions"
            },
            regions=self.regions,
        )


def _codes(values: pd.Series, labels: tuple[str, ...] | list[str]) -> np.ndarray:
    """Position of each value in ``labels`` (-1 where absent); fast on large string columns."""
    return pd.Index(list(labels)).get_indexer(values.to_numpy(dtype=object, na_value=None))


def _numbers(values: pd.Series) -> np.ndarray:
    """A column as floats, NaN where empty or not a number."""
    try:
        return values.to_numpy(dtype=float, na_value=np.nan)
    except (TypeError, ValueError):
        return pd.to_numeric(values, errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def priority_rank(hazards: pd.DataFrame, priority: Priority) -> np.ndarray:
    """Rank (0 = first) of each hazard under the scenario's priority rule.

    ``field``: ascending by the field (empty last); ``weights``: descending by
    ``Σ weight × (value − min)/(max − min)`` over the named numeric fields. With
    ``region_order`` the listed regions come first, in that order. Ties keep file order.
    """
    n = len(hazards)
    keys: list[np.ndarray] = [np.arange(n)]
    if priority.rule == "weights":
        score = np.zeros(n)
        for name, weight in priority.weights.items():
            if name not in hazards:
                raise ScenarioError(
                    f"priority.weights.{name}: no such column in the hazard "
                    f"table; columns: {', '.join(map(str, hazards.columns))}"
                )
            values = _numbers(hazards[name])
            low, high = np.nanmin(values) if n else 0.0, np.nanmax(values) if n else 0.0
            span = high - low if np.isfinite(high - low) and high > low else 1.0
            score += weight * np.nan_to_num((values - low) / span, nan=0.0)
        keys.append(-score)
    else:
        if priority.field not in hazards:
            raise ScenarioError(f"priority.field: no column {priority.field!r} in the hazard table")
        values = _numbers(hazards[priority.field])
        keys.append(np.where(np.isnan(values), np.inf, values))
    if priority.region_order:
        code = _codes(hazards["region"], priority.region_order)
        keys.append(np.where(code < 0, len(priority.region_order), code))
    sorted_positions = np.lexsort(tuple(keys))
    rank = np.empty(n, dtype=np.int64)
    rank[sorted_positions] = np.arange(n)
    return rank


def _accessible(hazards: pd.DataFrame) -> np.ndarray:
    """Whether each hazard is accessible (an empty ``accessible`` means yes)."""
    return hazards["accessible"].to_numpy(dtype=object, na_value=True).astype(bool)


def _available_time(hazards: pd.DataFrame, scenario: Scenario) -> np.ndarray:
    start = scenario.start_year
    access_year = _numbers(hazards["access_year"])
    accessible = _accessible(hazards)
    fallback = (
        np.inf
        if scenario.inaccessible_from_year is None
        else float(scenario.inaccessible_from_year)
    )
    year = np.where(
        np.isfinite(access_year), access_year, np.where(accessible, float(start), fallback)
    )
    time = np.maximum(year - start, 0.0)
    return np.where(time > scenario.end_year - start, np.inf, time)


def discovery_table(
    region_code: np.ndarray,
    type_code: np.ndarray,
    area_m2: np.ndarray,
    scenario: Scenario,
    regions: tuple[str, ...],
) -> pd.DataFrame:
    """Projected new SHA areas: one row per year, type and region (m²).

    Each type's yearly area ``D·(1 − decay)^(year − first_year)`` is shared among regions in
    proportion to the baseline area of that type (or of all types when the type is absent).
    Inputs are the baseline's region and type codes and areas.
    """
    d = scenario.discoveries
    first = d.first_year if d.first_year is not None else scenario.start_year
    last = d.last_year if d.last_year is not None else scenario.end_year
    years = [int(y) for y in scenario.years if first <= y <= last]
    n_regions = len(regions)
    by_type_region = np.bincount(
        type_code * n_regions + region_code, weights=area_m2, minlength=len(TYPES) * n_regions
    ).reshape(len(TYPES), n_regions)
    total_by_region = by_type_region.sum(axis=0)
    rows = []
    for t_index, t in enumerate(TYPES):
        base = d.sha_area_m2_first_year.get(t, 0.0)
        if base <= 0 or n_regions == 0:
            continue
        weights = by_type_region[t_index]
        if weights.sum() <= 0:
            weights = total_by_region
        shares = (
            weights / weights.sum() if weights.sum() > 0 else np.full(n_regions, 1.0 / n_regions)
        )
        for year in years:
            area = base * (1.0 - d.decay_frac_per_year) ** (year - first)
            for r_index, share in enumerate(shares):
                if area * share > 0:
                    region = regions[r_index]
                    rows.append(
                        {
                            "hazard_id": f"new-{year}-{t}-{region}",
                            "region_code": r_index,
                            "type_code": t_index,
                            "year": year,
                            "area_m2": area * share,
                        }
                    )
    return pd.DataFrame(rows, columns=["hazard_id", "region_code", "type_code", "year", "area_m2"])


def build_items(country: Country, scenario: Scenario) -> WorkItems:
    """Arrays of the baseline hazards followed by the scenario's discoveries."""
    hazards, regions, codes = country.hazards, country.regions, country.hazard_codes
    region_code, type_code, area = codes.region_code, codes.type_code, codes.area_m2
    disc = discovery_table(region_code, type_code, area, scenario, regions)
    n = len(hazards)
    p = scenario.priority
    key = ("priority_rank", p.rule, p.field, tuple(sorted(p.weights.items())), p.region_order)
    rank = country.memo(key, lambda: priority_rank(hazards, p))
    disc_year = disc["year"].to_numpy(dtype=np.int64) - scenario.start_year
    return WorkItems(
        hazard_id=np.concatenate([codes.hazard_id, disc["hazard_id"].to_numpy(dtype=object)]),
        region_code=np.concatenate([region_code, disc["region_code"].to_numpy(dtype=np.int64)]),
        type_code=np.concatenate([type_code, disc["type_code"].to_numpy(dtype=np.int64)]),
        area_m2=np.concatenate([area, disc["area_m2"].to_numpy(dtype=float)]),
        is_sha=np.concatenate([codes.is_sha, np.ones(len(disc), dtype=bool)]),
        available_time=np.concatenate(
            [_available_time(hazards, scenario), disc_year.astype(float)]
        ),
        rank=np.concatenate([rank, n + np.arange(len(disc))]),
        discovered_year_index=np.concatenate([np.full(n, -1, dtype=np.int64), disc_year]),
        regions=regions,
        inaccessible=np.concatenate([~_accessible(hazards), np.zeros(len(disc), dtype=bool)]),
    )
