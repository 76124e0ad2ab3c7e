"""Public packs show no row built from fewer than ``min_group`` areas.

A region holding a single area would otherwise publish that area's exact size, type and
clearance year. The rule (a minimum-frequency rule of statistical disclosure control, with
the usual threshold of 3 contributors):

- A *cell* is a row of a region-disaggregated table below the national level: remaining
  challenge and Form C by (region, contamination type), the work plan by (year, region,
  contamination type), progress by (year, region). It is *small* when one of its counts of
  areas (SHA, CHA or inaccessible areas; areas per release stage; release records per
  method) is between 1 and ``min_group − 1``.
- Small cells are moved to the region :data:`OTHER_REGIONS`, within the same contamination
  type (and year): types are never merged, so anti-personnel mines stay apart from other
  contamination (Oslo Action Plan #21–22). If the merged row is still small, the smallest
  other cells of the same type (and year) join it until it is not, or until it holds every
  cell of its type (and year) — then it shows no more than the national row already does.
- Every number is summed, never dropped: each table's national ``Total`` rows, and the
  national totals of every column, equal those of the full pack.
- National rows are shown as they are: the Convention asks for national figures by
  contamination type (Article 7, Form C), even when a type has fewer than ``min_group``
  areas in the whole country.
- The risk-education table names :data:`OTHER_REGIONS` instead of a region all of whose
  areas were merged.

Remaining challenge and Form C are rebuilt from the hazards with merged regions relabelled,
and progress from the release records likewise, so they agree with each other; the work
plan's cells are merged year by year.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from landrelease.domain.country import Country
from landrelease.domain.enums import HazardStatus, ReleaseMethod
from landrelease.engine.result import ProjectionResult
from landrelease.reports.request import baseline_tables as bt
from landrelease.reports.request import history_tables as ht
from landrelease.reports.request import plan_tables as pt
from landrelease.reports.request.baseline_tables import TOTAL
from landrelease.reports.request.risk_plan import risk_education

__all__ = ["DEFAULT_MIN_GROUP", "OTHER_REGIONS", "Merged", "merged_cells", "public_tables"]

DEFAULT_MIN_GROUP = 3
"""Fewest areas behind any published sub-national row (the common minimum-frequency
threshold of statistical disclosure control: with 3 or more contributors, no single one can
be read off a total, nor by one contributor subtracting itself)."""
OTHER_REGIONS = "Other regions (merged)"
"""Region label of the rows that merge small cells."""
_STAGE_COUNTS = ("nts_areas", "ts_areas", "clearance_areas")
_METHODS = tuple(m.value for m in ReleaseMethod)


@dataclass(frozen=True)
class Merged:
    """What one table of a public pack merged: how many rows, from which regions."""

    table: str
    rows: int
    regions: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.table}: {self.rows} rows of {', '.join(self.regions)}"


def _small(counts: np.ndarray, min_group: int) -> np.ndarray:
    """Per row of ``counts`` (rows × counts): a count between 1 and ``min_group − 1``."""
    return np.asarray(((counts > 0) & (counts < min_group)).any(axis=-1))


def merged_cells(
    cells: pd.DataFrame, by: Sequence[str], counts: Sequence[str], min_group: int
) -> np.ndarray:
    """Which ``cells`` to merge (boolean per row): the small ones and, group by group of
    ``by``, the fewest smallest others needed to make the merged row not small."""
    values = cells[list(counts)].to_numpy(dtype=float)
    moved = _small(values, min_group)
    if not moved.any():
        return moved
    groups = cells.groupby(list(by), sort=False, observed=True).indices
    for rows in groups.values():
        if not moved[rows].any():
            continue
        total = values[rows][moved[rows]].sum(axis=0)
        rest = [int(i) for i in rows if not moved[i]]
        rest.sort(key=lambda i: (values[i][values[i] > 0].min(initial=np.inf), i))
        for i in rest:
            if not _small(total, min_group):
                break
            moved[i] = True
            total = total + values[i]
    return moved


def _relabel(frame: pd.DataFrame, moved: np.ndarray) -> pd.DataFrame:
    """``frame`` with the region of the ``moved`` rows set to :data:`OTHER_REGIONS` (the
    column keeps its dtype unless it is categorical)."""
    out = frame.copy()
    region = out["region"].astype(object).where(~moved, OTHER_REGIONS)
    dtype = frame["region"].dtype
    out["region"] = region if isinstance(dtype, pd.CategoricalDtype) else region.astype(dtype)
    return out


def _note(table: str, cells: pd.DataFrame, order: Sequence[str]) -> list[Merged]:
    """What ``table`` merged: ``cells`` are its merged cells (a ``region`` column); regions
    listed in ``order``."""
    if cells.empty:
        return []
    present = {str(r) for r in cells["region"]}
    regions = tuple(r for r in order if r in present) + tuple(sorted(present - set(order)))
    return [Merged(table, len(cells), regions)]


def _cells_of(
    rows: pd.DataFrame, keys: list[str], by: list[str], counts: dict[str, pd.Series],
    min_group: int,
) -> tuple[np.ndarray, pd.DataFrame]:
    """Merge decision per input row, and the merged cells (``keys`` of each)."""
    flags = rows[keys].astype(object).assign(**{k: v.astype(int) for k, v in counts.items()})
    cells = flags.groupby(keys, sort=False).sum().reset_index()
    cells["merged"] = merged_cells(cells, by, list(counts), min_group)
    merged = flags[keys].merge(cells[[*keys, "merged"]], on=keys, how="left")["merged"]
    return merged.fillna(False).to_numpy(dtype=bool), cells[cells["merged"]]


def _hazard_cells(hazards: pd.DataFrame, min_group: int) -> tuple[np.ndarray, pd.DataFrame]:
    """Per hazard: whether its (region, contamination type) cell is merged; merged cells."""
    sha = hazards["status"] == HazardStatus.SHA.value
    counts = {
        "sha": sha,
        "cha": ~sha,
        "inaccessible": ~hazards["accessible"].fillna(True).astype(bool),
    }
    return _cells_of(
        hazards, ["region", "contamination_type"], ["contamination_type"], counts, min_group
    )


def _release_cells(releases: pd.DataFrame, min_group: int) -> tuple[np.ndarray, pd.DataFrame]:
    """Per release record: whether its (year, region) cell is merged; merged cells."""
    counts = {m: releases["method"] == m for m in _METHODS}
    return _cells_of(releases, ["year", "region"], ["year"], counts, min_group)


def _work_plan(
    table: pd.DataFrame, regions: Sequence[str], min_group: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The work plan with small (year, region, type) cells merged year by year; and the
    merged cells."""
    is_total = (table["region"] == TOTAL).to_numpy()
    detail = table[~is_total].reset_index(drop=True)
    moved = merged_cells(detail, ["year", "contamination_type"], _STAGE_COUNTS, min_group)
    keys = ["year", "region", "contamination_type"]
    numbers = [c for c in detail.columns if c not in keys]
    merged = (
        _relabel(detail, moved).groupby(keys, sort=False)[numbers].sum(min_count=1).reset_index()
    )
    order = {r: i for i, r in enumerate((*regions, OTHER_REGIONS, TOTAL))}
    types = {t: i for i, t in enumerate(table["contamination_type"].drop_duplicates())}
    out = pd.concat([merged, table[is_total]], ignore_index=True)
    out = out.assign(_r=out["region"].map(order), _t=out["contamination_type"].map(types))
    out = out.sort_values(["year", "_r", "_t"], kind="stable").drop(columns=["_r", "_t"])
    return out.astype(table.dtypes.to_dict()).reset_index(drop=True), detail[moved]


def _risk_education(table: pd.DataFrame, gone: set[str]) -> pd.DataFrame:
    """Regions covered, with every region whose areas were all merged named as one."""
    out = table.copy()
    for column in ("regions_covered", "regions_residual"):
        names: list[str | None] = []
        for text in out[column]:
            if text is None or pd.isna(text):
                names.append(None)
                continue
            shown = dict.fromkeys(OTHER_REGIONS if r in gone else r for r in str(text).split("; "))
            names.append("; ".join(shown))
        out[column] = pd.array(names, dtype=out[column].dtype)
    counts = [0 if pd.isna(n) else len(str(n).split("; ")) for n in out["regions_covered"]]
    out["region_count"] = pd.array(counts, dtype=out["region_count"].dtype)
    return out


def public_tables(
    country: Country, result: ProjectionResult, min_group: int = DEFAULT_MIN_GROUP
) -> tuple[dict[str, pd.DataFrame], list[Merged]]:
    """The region-disaggregated request tables of a public pack, small cells merged.

    Returns
    -------
    ``remaining_challenge``, ``form_c``, ``progress``, ``work_plan`` and ``risk_education``
    (same columns as in the full pack), and what each table merged.
    """
    hazards_moved, hazard_cells = _hazard_cells(country.hazards, min_group)
    releases_moved, release_cells = _release_cells(country.releases, min_group)
    public = dataclasses.replace(
        country,
        hazards=_relabel(country.hazards, hazards_moved),
        releases=_relabel(country.releases, releases_moved),
    )
    regions = country.regions
    plan, plan_cells = _work_plan(pt.work_plan(result, regions), regions, min_group)
    gone = set(hazard_cells["region"]) - set(public.hazards["region"])
    form_c_cells = (
        country.hazards.loc[hazards_moved, ["region", "status", "contamination_type"]]
        .astype(object)
        .drop_duplicates()
    )
    tables = {
        "remaining_challenge": bt.remaining_challenge(public),
        "progress": ht.progress(public),
        "work_plan": plan,
        "risk_education": _risk_education(risk_education(country, result, regions), gone),
        "form_c": bt.form_c(public),
    }
    notes = [
        *_note("remaining_challenge", hazard_cells, regions),
        *_note("form_c", form_c_cells, regions),
        *_note("work_plan", plan_cells, regions),
        *_note("progress", release_cells, regions),
    ]
    return tables, notes
