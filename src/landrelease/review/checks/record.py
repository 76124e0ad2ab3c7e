"""Track record: how the State met the milestones of its previous request, and whether a
repeat request comes with falling output (domain primer §8: most extension periods ended
with the work unfinished; many States are on their third or fourth request)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from landrelease.reports.request import RequestPack
from landrelease.review.checks.common import (
    TOTAL,
    fmt,
    header_values,
    num,
    table,
    text,
)
from landrelease.review.checks.past import past_release
from landrelease.review.checks.registry import check
from landrelease.review.findings import Finding
from landrelease.review.thresholds import limit, severity

__all__ = ["previous_extensions", "previous_milestones", "repeat_request"]

_NONE = {"", "none", "no", "0", "-", "—"}


def previous_extensions(pack: RequestPack) -> tuple[int | None, int | None]:
    """How many extensions the State was granted before this request, from the header's
    ``previous_extensions`` (a number, or the extensions listed and separated by ``;`` as
    landrelease writes them: ``granted 2010-12-03, deadline 2016-05-01; …``; ``none``), and
    the header row; ``(None, None)`` without the item."""
    value, row = header_values(pack).get("previous_extensions", ("", None))
    if row is None:
        return None, None
    value = value.strip()
    if value.lower() in _NONE:
        return 0, row
    if re.fullmatch(r"\d+", value):
        return int(value), row
    return len([part for part in value.split(";") if part.strip()]), row


def _ordinal(n: int) -> str:
    """``1st``, ``2nd``, ``3rd``, ``4th``, … ``11th``, ``21st``."""
    teens = (n // 10) % 10 == 1
    return f"{n}{'th' if teens else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


@check("repeat_request", group="pace")
def repeat_request(pack: RequestPack, history: pd.DataFrame | None) -> list[Finding]:
    """A repeat request (one or more extensions granted before, from the header's
    ``previous_extensions``) whose yearly release is falling is a warning: over the last 10
    past years, the average of the last 3 is 20% or more below the average of the first 3.
    Past release from the history if given, else the progress table's ``Total`` rows."""
    count, row = previous_extensions(pack)
    if count is None or count < limit("repeat_request", "min_previous_extensions"):
        return []
    past = past_release(pack, history)
    if past is None:
        return []
    window = int(limit("repeat_request", "window_years"))
    span = int(limit("repeat_request", "span_years"))
    last = int(past.years.max())
    keep = past.years > last - window
    years, released = past.years[keep], past.released[keep]
    if len(years) < 2 * span:
        return []
    early, late = float(np.mean(released[:span])), float(np.mean(released[-span:]))
    if not early > 0:
        return []
    fall_pct = 100 * (early - late) / early
    if fall_pct < limit("repeat_request", "falling_pct"):
        return []
    first_span = f"{years[0]}–{years[span - 1]}"
    last_span = f"{years[-span]}–{years[-1]}"
    nth = _ordinal(count + 1)
    return [
        Finding(
            check="repeat_request",
            severity=severity("repeat_request", "falling_pct"),
            message=f"This is the State's {nth} request ({count} extension(s) granted before), "
            f"and its yearly release has fallen by {fmt(fall_pct, 'pct')}: from "
            f"{fmt(early, 'm2')} a year ({first_span}) to {fmt(late, 'm2')} a year "
            f"({last_span}), from {past.source}.",
            sheet="header",
            row=row,
            column="value",
            figures={
                "previous_extensions": count,
                "early_average": early,
                "early_years": first_span,
                "recent_average": late,
                "recent_years": last_span,
                "fall_pct": fall_pct,
            },
            question=f"This is the State's {nth} request for an extension, while its yearly "
            f"release fell from {fmt(early, 'm2')} ({first_span}) to {fmt(late, 'm2')} "
            f"({last_span}). Could the State please explain the causes of the decline, what "
            "will change in this extension period so that the plan's milestones are met, "
            "and why the time requested will suffice this time?",
        )
    ]


@check("previous_milestones", group="pace")
def previous_milestones(pack: RequestPack, history: pd.DataFrame | None) -> list[Finding]:
    """Progress against the previous request's national milestones (progress ``Total`` rows
    with ``target_area_m2``): a warning when the targets were missed in most years (more
    than half) or when less than 75% was achieved cumulatively, else noted (info).
    Achievement is ``target × achieved_pct`` where given (the target may name a method),
    else ``released_area_m2``."""
    pr = table(pack, "progress", "year", "region", "target_area_m2", "released_area_m2")
    if pr is None:
        return []
    target = num(pr, "target_area_m2")
    rows = np.flatnonzero((text(pr, "region") == TOTAL) & (np.nan_to_num(target) > 0))
    if len(rows) == 0:
        return []
    pct = num(pr, "achieved_pct") if "achieved_pct" in pr.columns else np.full(len(pr), np.nan)
    achieved = np.where(np.isnan(pct), num(pr, "released_area_m2"), target * pct / 100)
    aimed, done = float(target[rows].sum()), float(np.nansum(achieved[rows]))
    share = 100 * done / aimed
    years = num(pr, "year")[rows].astype(int)
    missed = int(np.sum(np.nan_to_num(achieved[rows]) < target[rows]))
    span = f"{years.min()}–{years.max()}" if len(years) > 1 else str(years[0])
    if missed / len(rows) > limit("previous_milestones", "missed_years_frac"):
        level = severity("previous_milestones", "missed_years_frac")
    elif share < limit("previous_milestones", "achieved_pct"):
        level = severity("previous_milestones", "achieved_pct")
    else:
        level = severity("previous_milestones", "record")
    return [
        Finding(
            check="previous_milestones",
            severity=level,
            message=f"Against the previous milestones for {span}, the State achieved "
            f"{fmt(done, 'm2')} of {fmt(aimed, 'm2')} ({fmt(share, 'pct')}), short of the "
            f"target in {missed} of {len(rows)} year(s).",
            sheet="progress",
            row=int(rows[-1]) + 2,
            column="target_area_m2",
            figures={
                "target": aimed,
                "achieved": done,
                "achieved_pct": share,
                "years_missed": missed,
                "years": len(rows),
            },
            question=f"Over {span} the State released {fmt(done, 'm2')} against milestones "
            f"of {fmt(aimed, 'm2')} ({fmt(share, 'pct')}), short of the target in {missed} of "
            f"{len(rows)} year(s). Could the State please explain the reasons for the "
            "shortfall and how the new annual milestones take them into account?",
        )
    ]
