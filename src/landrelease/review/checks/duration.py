"""Duration: does the request ask for the time the plan needs, no more and no less, within
the ten years Article 5.3 allows, and would an interim request suit the baseline better?"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from landrelease.reports.request import RequestPack
from landrelease.review.checks.common import (
    ALL,
    TOTAL,
    differs,
    fmt,
    header_date,
    header_int,
    header_values,
    num,
    table,
    text,
    work_plan_totals,
)
from landrelease.review.checks.consistency_header import ap_work_years, finish_year
from landrelease.review.checks.registry import check
from landrelease.review.findings import Finding
from landrelease.review.thresholds import limit, severity

__all__ = [
    "MAX_EXTENSION_YEARS",
    "SHA_INTERIM_FRAC",
    "article5_limit",
    "interim",
    "is_interim",
    "period",
]

MAX_EXTENSION_YEARS = int(limit("article5_limit", "max_years"))
"""Article 5.3: an extension is granted "for a period of up to ten years"."""
SHA_INTERIM_FRAC = limit("interim", "sha_frac")
"""Share of the remaining area that is SHA above which the extent of contamination counts
as unclear and an interim request is suggested (``thresholds.toml``)."""


def completion_year(pack: RequestPack) -> int | None:
    """Article 5 completion year: the header's, or (if blank) the work plan's."""
    stated, _ = header_int(pack, "projected_completion_year")
    if stated is not None:
        return stated
    totals = work_plan_totals(pack)
    if totals is None or finish_year(totals) is None:
        return None
    ap_years = ap_work_years(pack)
    return ap_years[-1] if ap_years else finish_year(totals)


def is_interim(pack: RequestPack) -> bool:
    """The header says the request is an interim one (``request_kind`` = ``interim``)."""
    return header_values(pack).get("request_kind", ("", 0))[0].lower() == "interim"


@check("period", group="duration")
def period(pack: RequestPack, history: pd.DataFrame | None) -> list[Finding]:
    """The plan finishes by the requested deadline (error if it finishes after it, or not
    within its horizon at all; noted only for an interim request, whose deadline ends the
    survey, not the work), and asks no more time than needed (warning if the requested
    deadline's year is later than the completion year + 1)."""
    requested, row = header_date(pack, "requested_deadline_date")
    if requested is None:
        requested, row = header_date(pack, "current_deadline_date")
    totals = work_plan_totals(pack)
    if requested is None or totals is None or totals.empty:
        return []
    done = completion_year(pack)
    if done is None:
        last = totals.iloc[-1]
        left = float(np.nan_to_num(last["remaining_area_m2"]))
        if not differs(left, 0.0):
            return []
        end = int(last["year"])
        return [
            Finding(
                check="period",
                severity=severity("period", "no_completion"),
                message=f"The work plan does not finish within its horizon: {fmt(left, 'm2')} "
                f"remain at the end of {end}, so the request cannot show the time needed.",
                sheet="work_plan",
                row=int(last["position"]) + 2,
                column="remaining_area_m2",
                figures={"remaining_at_end": left, "last_year": end},
                question=f"The work plan ends in {end} with {fmt(left, 'm2')} still to address. "
                "Could the State please provide a plan that shows how and by when all "
                "remaining mined areas will be addressed, or explain why an interim request "
                "is sought?",
            )
        ]
    finish = dt.date(done, 12, 31)
    if requested < finish and is_interim(pack):
        return [
            Finding(
                check="period",
                severity=severity("period", "interim_request"),
                message=f"An interim request: the requested deadline "
                f"({requested.isoformat()}) ends the survey period; the plan completes in "
                f"{done}.",
                sheet="header",
                row=row,
                column="value",
                figures={"completion_year": done, "requested_deadline": requested.isoformat()},
                question="Could the State please describe what the survey will establish by "
                f"{requested.isoformat()} and when it will submit a request with a full, "
                "costed work plan for the remaining mined areas?",
            )
        ]
    if requested < finish:
        return [
            Finding(
                check="period",
                severity=severity("period", "after_deadline"),
                message=f"The plan completes in {done}, after the requested deadline "
                f"({requested.isoformat()}): the request is not feasible as planned.",
                sheet="header",
                row=row,
                column="value",
                figures={"completion_year": done, "requested_deadline": requested.isoformat()},
                question=f"The work plan completes Article 5 clearance in {done}, while the "
                f"extension requested ends on {requested.isoformat()}. Could the State please "
                "reconcile the work plan with the period requested?",
            )
        ]
    if requested.year > done + limit("period", "spare_years"):
        spare = requested.year - done - 1
        return [
            Finding(
                check="period",
                severity=severity("period", "spare_years"),
                message=f"The plan completes in {done} but the requested deadline is "
                f"{requested.isoformat()}: about {spare} year(s) more than the plan needs.",
                sheet="header",
                row=row,
                column="value",
                figures={
                    "completion_year": done,
                    "requested_deadline": requested.isoformat(),
                    "spare_years": spare,
                },
                question=f"The work plan foresees completion in {done}, yet the State requests "
                f"a deadline of {requested.isoformat()}. Could the State please explain why "
                "the additional time is needed, given that extensions should be for the "
                "minimum period necessary?",
            )
        ]
    return []


@check("article5_limit", group="duration")
def article5_limit(pack: RequestPack, history: pd.DataFrame | None) -> list[Finding]:
    """``duration_requested_years`` is at most ten (Article 5.3: an extension of up to ten
    years); a longer request is an error."""
    years, row = header_int(pack, "duration_requested_years")
    if years is None or years <= MAX_EXTENSION_YEARS:
        return []
    return [
        Finding(
            check="article5_limit",
            severity=severity("article5_limit", "max_years"),
            message=f"The request asks for {years} years; Article 5.3 allows an extension of "
            f"up to {MAX_EXTENSION_YEARS} years.",
            sheet="header",
            row=row,
            column="value",
            figures={"stated": years, "maximum": MAX_EXTENSION_YEARS},
            question=f"The request seeks {years} years, whereas Article 5.3 provides for "
            f"extensions of up to {MAX_EXTENSION_YEARS} years. Could the State please revise "
            f"the period requested to at most {MAX_EXTENSION_YEARS} years, with milestones "
            "for that period, and indicate how it will address the remainder?",
        )
    ]


@check("interim", group="duration")
def interim(pack: RequestPack, history: pd.DataFrame | None) -> list[Finding]:
    """Warning when more than half the remaining area is suspected (SHA) rather than
    confirmed: the extent of contamination is unclear and a short interim request (survey
    first, then a full plan) may suit better (noted only, when the request is interim).
    Survey dates are not in the pack."""
    rc = table(pack, "remaining_challenge", "region", "contamination_type", "sha_area_m2")
    if rc is None or "area_m2" not in rc.columns:
        return []
    hit = np.flatnonzero((text(rc, "region") == TOTAL) & (text(rc, "contamination_type") == ALL))
    if len(hit) == 0:
        return []
    pos = int(hit[0])
    sha, area = float(num(rc, "sha_area_m2")[pos]), float(num(rc, "area_m2")[pos])
    if not area > 0 or not sha / area > SHA_INTERIM_FRAC:
        return []
    share = 100 * sha / area
    return [
        Finding(
            check="interim",
            severity=severity("interim", "interim_request" if is_interim(pack) else "sha_frac"),
            message=f"{fmt(share, 'pct')} of the remaining area ({fmt(sha, 'm2')} of "
            f"{fmt(area, 'm2')}) is suspected (SHA), not confirmed: the extent of "
            "contamination is not yet clear.",
            sheet="remaining_challenge",
            row=pos + 2,
            column="sha_area_m2",
            figures={"sha_area_m2": sha, "area_m2": area, "sha_pct": share},
            question=f"Since {fmt(share, 'pct')} of the remaining area ({fmt(sha, 'm2')}) is "
            "suspected rather than confirmed, could the State please indicate when survey "
            "will establish the true extent of contamination, and whether a shorter interim "
            "extension to complete survey, followed by a request with a full work plan, "
            "would be more appropriate?",
        )
    ]
