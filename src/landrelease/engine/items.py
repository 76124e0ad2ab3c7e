"""Work items: the baseline hazards and projected discoveries as arrays, in priority rank.

The engine never sees geometry or files: only these arrays, one element per area.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from landrelease.domain.enums import ContaminationType, HazardStatus
from landrelease.scenario.files import ScenarioError
from landrelease.scenario.model import TYPES, Priority, Scenario

__all__ = ["WorkItems", "build_items", "discovery_table", "priority_rank"]

AP_TYPES = frozenset(t.value for t in ContaminationType if t.is_anti_personnel)


@dataclass(frozen=True)
class WorkItems:
    """One element per area (baseline hazards first, then discoveries).

    ``available_time`` is in years from the projection start (``inf`` = not within the
    horizon); ``rank`` is the priority order (0 first); codes index ``regions``/``TYPES``.
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

    def __len__(self) -> int:
        return len(self.area_m2)


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
            values = pd.to_numeric(hazards[name], errors="coerce").astype(float).to_numpy()
            low, high = np.nanmin(values) if n else 0.0, np.nanmax(values) if n else 0.0
            span = high - low if np.isfinite(high - low) and high > low else 1.0
            score += weight * np.nan_to_num((values - low) / span, nan=0.0)
        keys.append(-score)
    else:
        if priority.field not in hazards:
            raise ScenarioError(f"priority.field: no column {priority.field!r} in the hazard table")
        values = pd.to_numeric(hazards[priority.field], errors="coerce").astype(float)
        keys.append(values.fillna(np.inf).to_numpy())
    if priority.region_order:
        order = {r: i for i, r in enumerate(priority.region_order)}
        keys.append(hazards["region"].map(order).fillna(len(order)).to_numpy(dtype=float))
    sorted_positions = np.lexsort(tuple(keys))
    rank = np.empty(n, dtype=np.int64)
    rank[sorted_positions] = np.arange(n)
    return rank


def _available_time(hazards: pd.DataFrame, scenario: Scenario) -> np.ndarray:
    start = scenario.start_year
    access_year = pd.to_numeric(hazards["access_year"], errors="coerce").astype(float).to_numpy()
    accessible = hazards["accessible"].fillna(True).astype(bool).to_numpy()
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
    hazards: pd.DataFrame, scenario: Scenario, regions: tuple[str, ...]
) -> pd.DataFrame:
    """Projected new SHA areas: one row per year, type and region (m²).

    Each type's yearly area ``D·(1 − decay)^(year − first_year)`` is shared among regions in
    proportion to the baseline area of that type (or of all types when the type is absent).
    """
    d = scenario.discoveries
    first = d.first_year if d.first_year is not None else scenario.start_year
    last = d.last_year if d.last_year is not None else scenario.end_year
    years = [y for y in scenario.years if first <= y <= last]
    total_by_region = hazards.groupby("region")["area_m2"].sum().reindex(regions, fill_value=0.0)
    rows = []
    for t in TYPES:
        base = d.sha_area_m2_first_year.get(t, 0.0)
        if base <= 0:
            continue
        by_region = hazards[hazards["contamination_type"] == t].groupby("region")["area_m2"].sum()
        by_region = by_region.reindex(regions, fill_value=0.0)
        if by_region.sum() <= 0:
            by_region = total_by_region
        shares = (
            by_region / by_region.sum()
            if by_region.sum() > 0
            else pd.Series(1.0 / len(regions), index=list(regions))
        )
        for year in years:
            area = base * (1.0 - d.decay_frac_per_year) ** (year - first)
            for region, share in shares.items():
                if area * share > 0:
                    rows.append(
                        {
                            "hazard_id": f"new-{year}-{t}-{region}",
                            "region": region,
                            "contamination_type": t,
                            "year": year,
                            "area_m2": area * share,
                        }
                    )
    return pd.DataFrame(
        rows, columns=["hazard_id", "region", "contamination_type", "year", "area_m2"]
    )


def build_items(hazards: pd.DataFrame, scenario: Scenario, regions: tuple[str, ...]) -> WorkItems:
    """Arrays of the baseline hazards followed by the scenario's discoveries."""
    region_index = {r: i for i, r in enumerate(regions)}
    type_index = {t: i for i, t in enumerate(TYPES)}
    disc = discovery_table(hazards, scenario, regions)
    n = len(hazards)
    rank = priority_rank(hazards, scenario.priority)
    disc_year = disc["year"].to_numpy(dtype=np.int64) - scenario.start_year
    return WorkItems(
        hazard_id=np.concatenate(
            [
                hazards["hazard_id"].astype(str).to_numpy(dtype=object),
                disc["hazard_id"].to_numpy(dtype=object),
            ]
        ),
        region_code=np.concatenate(
            [
                hazards["region"].map(region_index).to_numpy(dtype=np.int64),
                disc["region"].map(region_index).to_numpy(dtype=np.int64),
            ]
        ),
        type_code=np.concatenate(
            [
                hazards["contamination_type"].map(type_index).to_numpy(dtype=np.int64),
                disc["contamination_type"].map(type_index).to_numpy(dtype=np.int64),
            ]
        ),
        area_m2=np.concatenate(
            [hazards["area_m2"].to_numpy(dtype=float), disc["area_m2"].to_numpy(dtype=float)]
        ),
        is_sha=np.concatenate(
            [
                (hazards["status"] == HazardStatus.SHA.value).to_numpy(dtype=bool),
                np.ones(len(disc), dtype=bool),
            ]
        ),
        available_time=np.concatenate(
            [_available_time(hazards, scenario), disc_year.astype(float)]
        ),
        rank=np.concatenate([rank, n + np.arange(len(disc))]),
        discovered_year_index=np.concatenate([np.full(n, -1, dtype=np.int64), disc_year]),
        regions=regions,
    )
