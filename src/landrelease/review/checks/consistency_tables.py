"""Consistency of the tables that describe the contamination and past progress: parts add up
to their totals (SHA + CHA, types to all, regions to the nation, methods to release).
Article 7 Forms C, F and G are checked against these tables in :mod:`.consistency_tables_forms`."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping

import numpy as np
import pandas as pd

from landrelease.reports.request import RequestPack
from landrelease.review.checks.common import (
    ALL,
    AP_TYPES,
    ARTICLE5,
    TOTAL,
    differs,
    mismatch,
    num,
    table,
    text,
    year_label,
)
from landrelease.review.checks.registry import check
from landrelease.review.findings import Finding

__all__ = [
    "PROGRESS_COLUMNS",
    "RC_COLUMNS",
    "progress_regions",
    "progress_types",
    "release_methods",
    "remaining_regions",
    "remaining_sha_cha",
    "remaining_types",
    "work_plan_regions",
]

RC_COLUMNS = {
    "sha_count": "count",
    "sha_area_m2": "m2",
    "cha_count": "count",
    "cha_area_m2": "m2",
    "hazard_count": "count",
    "area_m2": "m2",
    "inaccessible_count": "count",
    "inaccessible_area_m2": "m2",
    "border_count": "count",
    "military_count": "count",
}
PROGRESS_COLUMNS = {
    "cancelled_area_m2": "m2",
    "reduced_area_m2": "m2",
    "cleared_area_m2": "m2",
    "released_by_survey_area_m2": "m2",
    "released_unspecified_area_m2": "m2",
    "released_area_m2": "m2",
    "ap_mines_destroyed": "count",
    "ap_improvised_destroyed": "count",
    "av_mines_destroyed": "count",
    "other_items_destroyed": "count",
}
_UNSPLIT = ("released_by_survey_area_m2", "released_unspecified_area_m2")
"""Release totals a history may give without the IMAS split (progress, Forms F/G)."""
_WORK_PLAN_COLUMNS = {
    "nts_areas": "count",
    "cancelled_area_m2": "m2",
    "ts_areas": "count",
    "reduced_area_m2": "m2",
    "clearance_areas": "count",
    "cleared_area_m2": "m2",
    "areas_completed": "count",
    "released_area_m2": "m2",
}


def _sums(
    name: str,
    sheet: str,
    frame: pd.DataFrame,
    groups: np.ndarray,
    is_total: np.ndarray,
    columns: Mapping[str, str],
    labels: np.ndarray,
    parts: str,
    is_part: np.ndarray | None = None,
) -> list[Finding]:
    """Each total row of a group against the sum of the group's other rows (or of those in
    ``is_part``); groups with no such rows are skipped: whether they should have some is
    another check's business."""
    findings = []
    present = {c: u for c, u in columns.items() if c in frame.columns}
    values = {c: num(frame, c) for c in present}
    counted = ~is_total if is_part is None else is_part & ~is_total
    for g in pd.unique(groups):
        in_group = groups == g
        part_rows = in_group & counted
        if not part_rows.any():
            continue
        for pos in np.flatnonzero(in_group & is_total):
            for col, unit in present.items():
                stated = float(values[col][pos])
                expected = float(np.nansum(values[col][part_rows]))
                if differs(stated, expected, count=unit == "count"):
                    findings.append(
                        mismatch(
                            name,
                            sheet,
                            int(pos),
                            col,
                            stated,
                            expected,
                            label=str(labels[pos]),
                            rule=f"the sum of {parts}",
                            unit=unit,
                        )
                    )
    return findings


@check("remaining_sha_cha", group="consistency")
def remaining_sha_cha(pack: RequestPack, history: pd.DataFrame | None) -> list[Finding]:
    """Remaining challenge, every row: SHA + CHA area = ``area_m2`` and SHA + CHA count =
    ``hazard_count`` (rows with both blank are left to ``sha_cha_split``)."""
    rc = table(pack, "remaining_challenge", "region", "contamination_type", *RC_COLUMNS)
    if rc is None:
        return []
    labels = text(rc, "region") + ", " + text(rc, "contamination_type")
    findings = []
    for total, (sha, cha), unit in (
        ("area_m2", ("sha_area_m2", "cha_area_m2"), "m2"),
        ("hazard_count", ("sha_count", "cha_count"), "count"),
    ):
        a, b = num(rc, sha), num(rc, cha)
        stated, expected = num(rc, total), np.nan_to_num(a) + np.nan_to_num(b)
        for pos in np.flatnonzero(~(np.isnan(a) & np.isnan(b))):
            if differs(float(stated[pos]), float(expected[pos]), count=unit == "count"):
                findings.append(
                    mismatch(
                        "remaining_sha_cha",
                        "remaining_challenge",
                        int(pos),
                        total,
                        float(stated[pos]),
                        float(expected[pos]),
                        label=str(labels[pos]),
                        rule=f"{sha} + {cha}",
                        unit=unit,
                    )
                )
    return findings


@check("remaining_types", group="consistency")
def remaining_types(pack: RequestPack, history: pd.DataFrame | None) -> list[Finding]:
    """Remaining challenge: in every region (and nationally) the contamination types add up
    to the region's ``all`` row, and its AP-mined types (ap_mine, ap_improvised, mixed) to its
    ``article5`` row, column by column (counts exactly, m² within tolerance)."""
    rc = table(pack, "remaining_challenge", "region", "contamination_type")
    if rc is None:
        return []
    region, kind = text(rc, "region"), text(rc, "contamination_type")
    return _type_sums("remaining_types", "remaining_challenge", rc, region, kind, RC_COLUMNS)


def _type_sums(
    name: str,
    sheet: str,
    frame: pd.DataFrame,
    group: np.ndarray,
    kind: np.ndarray,
    columns: Mapping[str, str],
) -> list[Finding]:
    """Types add up to each group's ``all`` row, AP-mined types to its ``article5`` row."""
    findings = []
    for total, parts, what in (
        (ALL, ~np.isin(kind, [ALL, ARTICLE5]), "contamination types"),
        (ARTICLE5, np.isin(kind, list(AP_TYPES)), "AP-mined types"),
    ):
        findings += _sums(
            name,
            sheet,
            frame,
            group,
            kind == total,
            columns,
            group + f", {total}",
            f"the group's {what}",
            parts,
        )
    return findings


@check("remaining_regions", group="consistency")
def remaining_regions(pack: RequestPack, history: pd.DataFrame | None) -> list[Finding]:
    """Remaining challenge: the regions add up to the national (``Total``) row of each
    contamination type and of all types, column by column."""
    rc = table(pack, "remaining_challenge", "region", "contamination_type")
    if rc is None:
        return []
    region, kind = text(rc, "region"), text(rc, "contamination_type")
    return _sums(
        "remaining_regions",
        "remaining_challenge",
        rc,
        kind,
        region == TOTAL,
        RC_COLUMNS,
        "Total, " + kind,
        "the regions",
    )


@check("progress_regions", group="consistency")
def progress_regions(pack: RequestPack, history: pd.DataFrame | None) -> list[Finding]:
    """Progress: each year's regions add up to its national ``Total`` row (area by method,
    release, mines and items destroyed)."""
    pr = table(pack, "progress", "year", "region")
    if pr is None:
        return []
    years = np.array([year_label(y) for y in num(pr, "year")], dtype=object)
    return _sums(
        "progress_regions",
        "progress",
        pr,
        years,
        text(pr, "region") == TOTAL,
        PROGRESS_COLUMNS,
        "Total, " + years,
        "the year's regions",
    )


@check("progress_types", group="consistency")
def progress_types(pack: RequestPack, history: pd.DataFrame | None) -> list[Finding]:
    """Progress by type: each year's contamination types add up to its ``all`` row, its
    AP-mined types to its ``article5`` row, and the ``all`` row equals the progress table's
    national ``Total`` row of the year (m² by method, mines and items destroyed)."""
    pt = table(pack, "progress_by_type", "year", "contamination_type")
    if pt is None:
        return []
    years = np.array([year_label(y) for y in num(pt, "year")], dtype=object)
    kind = text(pt, "contamination_type")
    findings = _type_sums("progress_types", "progress_by_type", pt, years, kind, PROGRESS_COLUMNS)
    pr = table(pack, "progress", "year", "region")
    if pr is None:
        return findings
    rows = [(int(pos), years[pos], f"{years[pos]}, all") for pos in np.flatnonzero(kind == ALL)]
    return findings + national_progress_mismatches(
        "progress_types", "progress_by_type", pt, rows, pr, year_label
    )


def national_progress_mismatches(
    check_id: str,
    name: str,
    frame: pd.DataFrame,
    rows: Iterable[tuple[int, Hashable, str]],
    pr: pd.DataFrame,
    key: Callable[[float], Hashable],
) -> list[Finding]:
    """Rows of table ``name`` (``frame``) that differ from the progress table's (``pr``)
    national ``Total`` row of their year in a :data:`PROGRESS_COLUMNS` column both have:
    ``rows`` gives each row's position, its year as ``key`` makes it of the progress
    table's years, and its label in a finding."""
    national = np.flatnonzero(text(pr, "region") == TOTAL)
    by_year = {key(y): int(p) for y, p in zip(num(pr, "year")[national], national, strict=True)}
    findings = []
    for pos, year, label in rows:
        at = by_year.get(year)
        if at is None:
            continue
        for col, unit in PROGRESS_COLUMNS.items():
            if col not in frame.columns or col not in pr.columns:
                continue
            stated, expected = float(num(frame, col)[pos]), float(num(pr, col)[at])
            if differs(stated, expected, count=unit == "count"):
                findings.append(
                    mismatch(
                        check_id,
                        name,
                        pos,
                        col,
                        stated,
                        expected,
                        label=label,
                        rule=f"the progress table (row {at + 2}, Total)",
                        unit=unit,
                    )
                )
    return findings


@check("work_plan_regions", group="consistency")
def work_plan_regions(pack: RequestPack, history: pd.DataFrame | None) -> list[Finding]:
    """Work plan: each year's region rows add up to its ``Total`` row (areas by stage, m² by
    method, release). Years without region rows are left to ``regional_milestones``."""
    wp = table(pack, "work_plan", "year", "region")
    if wp is None:
        return []
    years = np.array([year_label(y) for y in num(wp, "year")], dtype=object)
    return _sums(
        "work_plan_regions",
        "work_plan",
        wp,
        years,
        text(wp, "region") == TOTAL,
        _WORK_PLAN_COLUMNS,
        "Total, " + years,
        "the year's region rows",
    )


@check("release_methods", group="consistency")
def release_methods(pack: RequestPack, history: pd.DataFrame | None) -> list[Finding]:
    """Progress, work plan and Forms F/G, every row: ``released_area_m2`` = cancelled +
    reduced + cleared (+ released by survey and released unspecified, the totals a history
    may give unsplit, where the table has them)."""
    findings = []
    parts = ("cancelled_area_m2", "reduced_area_m2", "cleared_area_m2")
    for sheet in ("progress", "work_plan", "form_f_g"):
        frame = table(pack, sheet, "year", "released_area_m2", *parts)
        if frame is None:
            continue
        years = [year_label(y) for y in num(frame, "year")]
        where = text(frame, "region") if "region" in frame.columns else np.full(len(frame), "")
        stated = num(frame, "released_area_m2")
        present = [*parts, *(u for u in _UNSPLIT if u in frame.columns)]
        expected = sum(np.nan_to_num(num(frame, p)) for p in present)
        for pos in range(len(frame)):
            if differs(float(stated[pos]), float(expected[pos])):
                label = ", ".join(s for s in (str(where[pos]), years[pos]) if s)
                findings.append(
                    mismatch(
                        "release_methods",
                        sheet,
                        pos,
                        "released_area_m2",
                        float(stated[pos]),
                        float(expected[pos]),
                        label=label,
                        rule=" + ".join(p.removesuffix("_area_m2") for p in present),
                        unit="m2",
                    )
                )
    return findings
