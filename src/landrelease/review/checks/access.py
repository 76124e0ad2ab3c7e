"""Access: does the time requested rest on reaching areas that are inaccessible today?"""

from __future__ import annotations

import numpy as np
import pandas as pd

from landrelease.reports.request import RequestPack
from landrelease.review.checks.common import (
    ARTICLE5,
    TOTAL,
    differs,
    fmt,
    header_int,
    num,
    table,
    text,
)
from landrelease.review.checks.registry import check
from landrelease.review.findings import Finding
from landrelease.review.thresholds import severity

__all__ = ["completion_needs_access"]


def _assumed_from(pack: RequestPack) -> str | None:
    """The access year the assumptions table states for inaccessible areas, if any."""
    frame = table(pack, "assumptions", "section", "key", "value")
    if frame is None:
        return None
    hit = (text(frame, "section") == "access") & (text(frame, "key") == "inaccessible_from_year")
    values = [v for v in text(frame, "value")[hit] if v and v != "never"]
    return values[0] if values else None


@check("completion_needs_access", group="duration")
def completion_needs_access(pack: RequestPack, history: pd.DataFrame | None) -> list[Finding]:
    """A plan that completes while AP-mined area is inaccessible at the baseline assumes that
    access: a warning when completion is later than without those areas
    (``accessible_completion_year`` in the header, or blank), a note otherwise.

    Why: the time requested then rests on an assumption the State does not control
    (security, demarcation, military use); the Committee asks for the assumptions and risks
    behind the plan (request outline, item 17) and what happens if access is not granted.
    """
    stated, row = header_int(pack, "projected_completion_year")
    rc = table(pack, "remaining_challenge", "region", "contamination_type", "inaccessible_area_m2")
    if stated is None or rc is None:
        return []
    hit = np.flatnonzero(
        (text(rc, "region") == TOTAL) & (text(rc, "contamination_type") == ARTICLE5)
    )
    if len(hit) == 0:
        return []
    locked = float(np.nan_to_num(num(rc, "inaccessible_area_m2")[hit[0]]))
    if not differs(locked, 0.0):
        return []
    count = (
        int(np.nan_to_num(num(rc, "inaccessible_count")[hit[0]]))
        if "inaccessible_count" in rc.columns
        else None
    )
    without, _ = header_int(pack, "accessible_completion_year")
    later = without is None or without < stated
    since = _assumed_from(pack)
    assumed = f" (assumed accessible from {since})" if since else ""
    areas = f" in {count} area(s)" if count else ""
    if without is None:
        aside = "leaving them aside, no completion year is stated"
    elif without < stated:
        aside = f"leaving them aside, the plan would complete in {without}"
    else:
        aside = "the plan completes in the same year without them"
    return [
        Finding(
            check="completion_needs_access",
            severity=severity("completion_needs_access", "later" if later else "same_year"),
            message=f"Completion in {stated} assumes access to {fmt(locked, 'm2')} of "
            f"AP-mined area inaccessible at the baseline{areas}{assumed}; {aside}.",
            sheet="header",
            row=row,
            column="value",
            figures={
                "projected_completion_year": stated,
                "accessible_completion_year": without,
                "inaccessible_article5_area_m2": locked,
                "assumed_accessible_from": since,
            },
            question=f"The plan's completion in {stated} counts on working "
            f"{fmt(locked, 'm2')} of anti-personnel-mined area that is inaccessible today"
            f"{assumed}. Could the State please explain on what basis access is expected, "
            "and how it would adjust the plan and the time requested if access is not "
            "granted?",
        )
    ]
