"""The area tables of a projection: national, by region, by contamination type (with the
Article 5 total), by region and type, and the work done by type.

Article 5 scope: anti-personnel mined area is ``ap_mine``, ``ap_improvised`` and ``mixed``
(:data:`~landrelease.engine.items.AP_TYPES`). Every table that gives all types also gives the
Article 5 total: ``article5_``-prefixed columns in ``annual`` and an ``article5`` row in
``annual_by_type``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from landrelease.engine.items import AP_TYPES, WorkItems
from landrelease.engine.stages import StageOutcome
from landrelease.engine.tables import (
    FLOW_COLUMNS,
    STOCK_COLUMNS,
    WORK_COLUMNS,
    finish_stocks,
    flows_and_stocks,
    grid_to_frame,
    region_type_frame,
)
from landrelease.scenario.model import TYPES

__all__ = ["ARTICLE5", "ARTICLE5_COLUMNS", "AreaTables", "area_tables"]

ARTICLE5 = "article5"
"""Label of the Article 5 (AP-mined: ap_mine, ap_improvised, mixed) total in by-type tables."""
ARTICLE5_COLUMNS = (
    "cancelled_area_m2",
    "reduced_area_m2",
    "cleared_area_m2",
    "released_area_m2",
    "discovered_area_m2",
    "residual_released_area_m2",
    "remaining_area_m2",
    "remaining_inaccessible_area_m2",
)
"""Columns of ``annual`` also given for AP-mined area alone, as ``article5_<column>``."""


@dataclass(frozen=True)
class AreaTables:
    """The area tables, over the kept years (see :class:`~.result.ProjectionResult`)."""

    annual: pd.DataFrame
    by_region: pd.DataFrame
    by_type: pd.DataFrame
    by_region_type: pd.DataFrame
    work_by_type: pd.DataFrame


def area_tables(
    items: WorkItems,
    outcome: StageOutcome,
    residual: np.ndarray,
    regions: tuple[str, ...],
    years: np.ndarray,
    kept: slice,
) -> AreaTables:
    """Flows and stocks of area by year (``years[kept]``), nationally and by group."""
    n_types = len(TYPES)
    raw, work = flows_and_stocks(
        items,
        outcome,
        items.region_code * n_types + items.type_code,
        len(regions) * n_types,
        years,
        residual,
    )
    kept_years = years[kept]
    fine = raw[kept].reshape(len(kept_years), len(regions), n_types, raw.shape[-1])
    work_fine = work[kept].reshape(len(kept_years), len(regions), n_types, work.shape[-1])
    annual = grid_to_frame(
        finish_stocks(fine.sum(axis=(1, 2))[:, None, :]), kept_years, None, ("",)
    )
    ap = np.array([t in AP_TYPES for t in TYPES])
    by_type_raw = fine.sum(axis=1)
    article5_raw = by_type_raw[:, ap].sum(axis=1, keepdims=True)
    article5 = grid_to_frame(finish_stocks(article5_raw), kept_years, None, ("",))
    for col in ARTICLE5_COLUMNS:
        annual[f"article5_{col}"] = article5[col].to_numpy()
    by_region = grid_to_frame(finish_stocks(fine.sum(axis=2)), kept_years, "region", regions)
    by_type = grid_to_frame(
        finish_stocks(np.concatenate([by_type_raw, article5_raw], axis=1)),
        kept_years,
        "contamination_type",
        (*TYPES, ARTICLE5),
    )
    present = {TYPES[i] for i in np.unique(items.type_code)} | {ARTICLE5}
    by_type = by_type[by_type["contamination_type"].isin(present)].reset_index(drop=True)
    return AreaTables(
        annual=annual,
        by_region=by_region,
        by_type=by_type,
        by_region_type=region_type_frame(finish_stocks(fine), kept_years, regions, TYPES),
        work_by_type=_work_frame(work_fine.sum(axis=1), kept_years),
    )


def _work_frame(work: np.ndarray, years: np.ndarray) -> pd.DataFrame:
    """Work done by year and contamination type (and the Article 5 total), rows with none
    dropped except the Article 5 total."""
    ap = np.array([t in AP_TYPES for t in TYPES])
    grid = np.concatenate([work, work[:, ap].sum(axis=1, keepdims=True)], axis=1)
    labels = np.array((*TYPES, ARTICLE5), dtype=object)
    n_years, n_groups, _ = grid.shape
    frame = pd.DataFrame(
        {"year": np.repeat(years, n_groups), "contamination_type": np.tile(labels, n_years)}
    )
    for i, col in enumerate(WORK_COLUMNS):
        frame[col] = grid[:, :, i].reshape(-1)
    keep = (frame[list(WORK_COLUMNS)].abs().sum(axis=1) > 0) | (
        frame["contamination_type"] == ARTICLE5
    )
    return frame[keep.to_numpy()].reset_index(drop=True)


# Column order of the area part of ``annual`` (for documentation and tests).
ANNUAL_AREA_COLUMNS = (
    *FLOW_COLUMNS,
    *STOCK_COLUMNS,
    *(f"article5_{c}" for c in ARTICLE5_COLUMNS),
)
