"""Method and disaggregation (Oslo Action Plan #21, #22): contamination types kept apart in
the canonical categories, SHA and CHA reported separately, release reported as cancelled,
reduced and cleared, and the challenge given by region.

Whether improvised AP mines are hidden under ``ap_mine`` cannot be seen from the pack.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from landrelease.reports.request import RequestPack
from landrelease.review.checks.common import (
    ALL,
    ARTICLE5,
    CANONICAL_TYPES,
    TOTAL,
    actions,
    fmt,
    num,
    table,
    text,
    work_plan_totals,
)
from landrelease.review.checks.registry import check
from landrelease.review.findings import Finding
from landrelease.review.thresholds import limit, severity

__all__ = [
    "MIXED_WARNING_FRAC",
    "contamination_types",
    "mixed_share",
    "regions_reported",
    "release_by_method",
    "sha_cha_split",
]

MIXED_WARNING_FRAC = limit("mixed_share", "mixed_frac")
"""Share of the remaining area typed ``mixed`` above which AP contamination is not really
told apart from AV mines and other ordnance (``thresholds.toml``)."""
_OTHER = re.compile(r"av|anti.?vehicle|erw|uxo|cluster|ordnance|other")
_AP = re.compile(r"\bap\b|ap[_ /+-]|anti.?personnel|mine")


@check("contamination_types", group="disaggregation")
def contamination_types(pack: RequestPack, history: pd.DataFrame | None) -> list[Finding]:
    """Remaining challenge, Form C, work plan and progress by type use only the canonical
    contamination types (``all`` and ``article5`` for subtotals); a label that merges AP
    mines with AV mines or other ordnance, or any other unknown label, is an error (one
    finding per label and table)."""
    allowed = ", ".join(CANONICAL_TYPES)
    findings = []
    for sheet in ("remaining_challenge", "form_c", "work_plan", "progress_by_type"):
        frame = table(pack, sheet, "contamination_type")
        if frame is None:
            continue
        labels = text(frame, "contamination_type")
        ok = set(CANONICAL_TYPES) | ({ALL, ARTICLE5} if sheet != "form_c" else set())
        for label in pd.unique(labels):
            if label in ok:
                continue
            rows = np.flatnonzero(labels == label)
            low = str(label).lower()
            merged = bool(_AP.search(low) and _OTHER.search(low))
            what = (
                "merges anti-personnel mines with other contamination"
                if merged
                else "is not a contamination type of the request template"
            )
            findings.append(
                Finding(
                    check="contamination_types",
                    severity=severity("contamination_types", "unknown_type"),
                    message=f"{sheet}: contamination type {label!r} {what} (rows "
                    f"{', '.join(str(r + 2) for r in rows[:10])}"
                    f"{', …' if len(rows) > 10 else ''}); expected one of {allowed}.",
                    sheet=sheet,
                    row=int(rows[0]) + 2,
                    column="contamination_type",
                    figures={"stated": str(label), "rows": len(rows)},
                    question=f"The {sheet.replace('_', '-')} table reports contamination as "
                    f"{label!r}. Could the State please report anti-personnel mines "
                    "(factory-made and improvised separately) apart from anti-vehicle mines "
                    "and other explosive ordnance, so that the Article 5 challenge is clear?",
                )
            )
    return findings


@check("mixed_share", group="disaggregation")
def mixed_share(pack: RequestPack, history: pd.DataFrame | None) -> list[Finding]:
    """Warning when more than 80% of the remaining area is typed ``mixed``."""
    rc = table(pack, "remaining_challenge", "region", "contamination_type", "area_m2")
    if rc is None:
        return []
    national = text(rc, "region") == TOTAL
    kind, area = text(rc, "contamination_type"), num(rc, "area_m2")
    whole = area[national & (kind == ALL)]
    mixed = np.flatnonzero(national & (kind == "mixed"))
    if len(whole) == 0 or len(mixed) == 0 or not whole[0] > 0:
        return []
    share = float(area[mixed[0]] / whole[0])
    if share <= MIXED_WARNING_FRAC:
        return []
    return [
        Finding(
            check="mixed_share",
            severity=severity("mixed_share", "mixed_frac"),
            message=f"{fmt(100 * share, 'pct')} of the remaining area "
            f"({fmt(float(area[mixed[0]]), 'm2')} of {fmt(float(whole[0]), 'm2')}) is typed "
            "mixed: AP contamination is hardly told apart from other ordnance.",
            sheet="remaining_challenge",
            row=int(mixed[0]) + 2,
            column="area_m2",
            figures={
                "mixed_area_m2": float(area[mixed[0]]),
                "area_m2": float(whole[0]),
                "mixed_pct": 100 * share,
            },
            question=f"{fmt(100 * share, 'pct')} of the remaining area is reported as mixed "
            "contamination. Could the State please indicate how much of it is known or "
            "suspected to contain anti-personnel mines (including improvised ones)?",
        )
    ]


@check("sha_cha_split", group="disaggregation")
def sha_cha_split(pack: RequestPack, history: pd.DataFrame | None) -> list[Finding]:
    """Remaining challenge reports SHA and CHA apart: an error when area remains but the
    national SHA and CHA figures are both blank (not reported)."""
    rc = table(pack, "remaining_challenge", "region", "contamination_type", "area_m2")
    if rc is None:
        return []
    at = np.flatnonzero((text(rc, "region") == TOTAL) & (text(rc, "contamination_type") == ALL))
    if len(at) == 0:
        return []
    pos = int(at[0])
    area = float(num(rc, "area_m2")[pos])
    parts = [num(rc, c)[pos] if c in rc.columns else np.nan for c in ("sha_area_m2", "cha_area_m2")]
    if not area > 0 or not all(np.isnan(parts)):
        return []
    return [
        Finding(
            check="sha_cha_split",
            severity=severity("sha_cha_split", "not_split"),
            message=f"{fmt(area, 'm2')} remain but the area is not split into suspected (SHA) "
            "and confirmed (CHA) hazardous areas.",
            sheet="remaining_challenge",
            row=pos + 2,
            column="sha_area_m2",
            figures={"area_m2": area},
            question="Could the State please give the number and area of suspected and of "
            "confirmed hazardous areas, by region and contamination type"
            f"{actions(pack, 'sha_cha_split')}?",
        )
    ]


@check("release_by_method", group="disaggregation")
def release_by_method(pack: RequestPack, history: pd.DataFrame | None) -> list[Finding]:
    """Release is reported as cancelled, reduced and cleared: a warning when all past
    release (progress ``Total``) is one method, or when the work plan cancels nothing although
    SHA area remains (non-technical survey is the cheap way to release suspected land)."""
    findings = []
    methods = ("cancelled_area_m2", "reduced_area_m2", "cleared_area_m2")
    pr = table(pack, "progress", "region", "released_area_m2", *methods)
    if pr is not None:
        national = text(pr, "region") == TOTAL
        sums = {m: float(np.nansum(num(pr, m)[national])) for m in methods}
        released = float(np.nansum(num(pr, "released_area_m2")[national]))
        used = [m for m, v in sums.items() if v > 1.0]
        if released > 1.0 and len(used) <= 1:
            only = used[0].removesuffix("_area_m2") if used else "none"
            findings.append(
                Finding(
                    check="release_by_method",
                    severity=severity("release_by_method", "one_method"),
                    message=f"Past release ({fmt(released, 'm2')}) is reported under one "
                    f"method only ({only}).",
                    sheet="progress",
                    column=used[0] if used else "released_area_m2",
                    figures={"released_area_m2": released, **sums},
                    question="Could the State please report past release as cancelled by "
                    "non-technical survey, reduced by technical survey and cleared, per year"
                    f"{actions(pack, 'release_by_method')}?",
                )
            )
    rc = table(pack, "remaining_challenge", "region", "contamination_type", "sha_area_m2")
    totals = work_plan_totals(pack)
    if rc is not None and totals is not None:
        at = (text(rc, "region") == TOTAL) & (text(rc, "contamination_type") == ALL)
        sha = float(np.nansum(num(rc, "sha_area_m2")[at]))
        cancelled = float(np.nansum(totals["cancelled_area_m2"]))
        if sha > 1.0 and not cancelled > 1.0:
            findings.append(
                Finding(
                    check="release_by_method",
                    severity=severity("release_by_method", "no_cancellation"),
                    message=f"The work plan cancels no area by non-technical survey although "
                    f"{fmt(sha, 'm2')} is suspected (SHA).",
                    sheet="work_plan",
                    column="cancelled_area_m2",
                    figures={"sha_area_m2": sha, "cancelled_area_m2": cancelled},
                    question=f"With {fmt(sha, 'm2')} of suspected hazardous area remaining, "
                    "could the State please explain why the work plan foresees no "
                    "cancellation through non-technical survey?",
                )
            )
    return findings


@check("regions_reported", group="disaggregation")
def regions_reported(pack: RequestPack, history: pd.DataFrame | None) -> list[Finding]:
    """The remaining challenge and the progress are given by region, not only nationally:
    a warning for a table with only ``Total`` rows."""
    findings = []
    for sheet in ("remaining_challenge", "progress"):
        frame = table(pack, sheet, "region")
        if frame is None or frame.empty:
            continue
        if (text(frame, "region") != TOTAL).any():
            continue
        findings.append(
            Finding(
                check="regions_reported",
                severity=severity("regions_reported", "national_only"),
                message=f"The {sheet} table gives national totals only, no regions.",
                sheet=sheet,
                column="region",
                question=f"Could the State please give the {sheet.replace('_', ' ')} by "
                "region (province, district or minefield)?",
            )
        )
    return findings
