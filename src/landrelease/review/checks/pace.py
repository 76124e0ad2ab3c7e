"""Pace: planned release per year against what the State achieved in past years (its best
year and its recent average), the ramp-up of teams and output, and the milestones of the
previous request.

Rule for planned release (``best_year``), per plan year with work: ratio = planned m² /
best past year. ratio ≥ 3 → error, > 1.5 → warning (one finding naming the worst year).
When the history gives past team-years (the ``history`` argument, column ``teams``), a
plan whose output per funded team-year (capacity table: Σ ``funded_team_years_<kind>``) is no
higher than the best past year's output per team-year is matched by capacity: the finding
is downgraded to info (``ramp_up`` still flags the team increase). Otherwise the past
teams are unknown and the thresholds apply as they are.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from landrelease.accounting import annual_release
from landrelease.reports.request import RequestPack
from landrelease.review.checks.common import (
    TOTAL,
    fmt,
    num,
    table,
    text,
    work_plan_totals,
)
from landrelease.review.checks.registry import check
from landrelease.review.findings import Finding

__all__ = [
    "ERROR_RATIO",
    "RAMP_RATIO",
    "RECENT_YEARS",
    "WARNING_RATIO",
    "best_year",
    "past_release",
    "previous_milestones",
    "ramp_up",
]

WARNING_RATIO = 1.5
"""Planned release above this multiple of the best past year is a warning."""
ERROR_RATIO = 3.0
"""Planned release at or above this multiple of the best past year is an error."""
RECENT_YEARS = 3
"""Years in the recent average."""
RAMP_RATIO = 1.5
"""A year's funded teams or release above this multiple of the highest before it is a
ramp-up to explain."""
SLOW_RATIO = 0.75
"""A plan whose typical year releases less than this share of the recent average is noted."""
MILESTONE_WARNING_PCT = 75.0
"""Previous milestones achieved below this share (cumulatively) is a warning."""


@dataclass(frozen=True)
class Past:
    """National release per past year (m²) and team-years (NaN where unknown)."""

    years: np.ndarray
    released: np.ndarray
    team_years: np.ndarray
    source: str

    @property
    def best(self) -> tuple[float, int]:
        i = int(np.nanargmax(self.released))
        return float(self.released[i]), int(self.years[i])

    @property
    def recent(self) -> tuple[float, str]:
        tail = self.years[-RECENT_YEARS:]
        span = f"{tail[0]}–{tail[-1]}" if len(tail) > 1 else str(tail[0])
        return float(np.mean(self.released[-RECENT_YEARS:])), span


def past_release(pack: RequestPack, history: pd.DataFrame | None) -> Past | None:
    """The State's own past release: from ``history`` (``schema("releases")``, summarised
    with :func:`~landrelease.accounting.annual_release`) if given, else the progress
    table's national ``Total`` rows. ``None`` when neither has a year."""
    if history is not None and not history.empty:
        a = annual_release(history)
        return Past(
            a["year"].to_numpy(dtype=int),
            a["released_area_m2"].to_numpy(dtype=float),
            a["team_years"].to_numpy(dtype=float),
            "the release history",
        )
    pr = table(pack, "progress", "year", "region", "released_area_m2")
    if pr is None:
        return None
    mask = text(pr, "region") == TOTAL
    years, released = num(pr, "year")[mask], num(pr, "released_area_m2")[mask]
    keep = ~np.isnan(years) & ~np.isnan(released)
    if not keep.any():
        return None
    order = np.argsort(years[keep], kind="stable")
    years, released = years[keep][order].astype(int), released[keep][order]
    return Past(years, released, np.full(len(years), np.nan), "the progress table")


def funded_teams(pack: RequestPack) -> dict[int, tuple[float, int]]:
    """Plan year → (team-years the money pays for, capacity row): Σ ``funded_team_years_*``,
    or Σ ``teams_*`` × ``funded_frac`` in a pack made before kinds were funded apart."""
    cap = table(pack, "capacity", "year")
    if cap is None:
        return {}
    funded = [c for c in cap.columns if str(c).startswith("funded_team_years_")]
    if funded:
        teams = sum(np.nan_to_num(num(cap, k)) for k in funded)
    elif "funded_frac" in cap.columns:
        kinds = [c for c in cap.columns if str(c).startswith("teams_")]
        teams = sum(np.nan_to_num(num(cap, k)) for k in kinds) * np.nan_to_num(
            num(cap, "funded_frac")
        )
    else:
        return {}
    return {
        int(y): (float(t), i + 2)
        for i, (y, t) in enumerate(zip(num(cap, "year"), np.atleast_1d(teams), strict=True))
        if not np.isnan(y) and t > 0
    }


@check("best_year", group="pace")
def best_year(pack: RequestPack, history: pd.DataFrame | None) -> list[Finding]:
    """Planned release per year against the best past year: ≥ 3× is an error, > 1.5× a
    warning, downgraded to info when past team-years show the plan's output per funded
    team-year is no more than the best past year's; above 1.5× the recent (3-year) average,
    or below 0.75× it, is noted (info)."""
    past, totals = past_release(pack, history), work_plan_totals(pack)
    if past is None or totals is None:
        return []
    work = totals[np.nan_to_num(totals["released_area_m2"]) > 1.0]
    if work.empty:
        return []
    (best, best_y), (recent, span) = past.best, past.recent
    if not best > 0:
        return []
    ratio = work["released_area_m2"].to_numpy() / best
    worst = int(np.argmax(ratio))
    peak = work.iloc[worst]
    planned, year, row = float(peak["released_area_m2"]), int(peak["year"]), int(peak["position"])
    figures = {
        "planned": planned,
        "year": year,
        "best_past": best,
        "best_past_year": best_y,
        "recent_average": recent,
        "ratio_to_best": float(ratio[worst]),
    }
    compared = (
        f"{fmt(planned, 'm2')} in {year} is {fmt(ratio[worst], 'ratio')} the best past "
        f"year ({fmt(best, 'm2')} in {best_y}, from {past.source}) and "
        f"{fmt(planned / recent if recent else np.nan, 'ratio')} the recent average "
        f"({fmt(recent, 'm2')} a year, {span})"
    )
    if ratio[worst] > WARNING_RATIO:
        flagged = work["year"].to_numpy()[ratio > WARNING_RATIO].astype(int)
        severity = "error" if ratio[worst] >= ERROR_RATIO else "warning"
        backing = _capacity_backing(pack, past, work[ratio > WARNING_RATIO])
        if backing is not None:
            severity, figures = "info", {**figures, **backing}
        years = ", ".join(str(y) for y in flagged)
        note = (
            " The plan's output per funded team-year is within the best past year's, so "
            "the pace follows from more teams."
            if backing is not None
            else ""
        )
        return [
            Finding(
                check="best_year",
                severity=severity,
                message=f"Planned release exceeds {WARNING_RATIO:g}× the best past year in "
                f"{years}; the highest, {compared}.{note}",
                sheet="work_plan",
                row=row + 2,
                column="released_area_m2",
                figures=figures,
                question=f"The work plan foresees releasing {fmt(planned, 'm2')} in {year}, "
                f"{fmt(ratio[worst], 'ratio')} the most the State has released in any year "
                f"({fmt(best, 'm2')} in {best_y}). Could the State please explain what "
                "additional capacity, funding or change of method will make this pace "
                "achievable, and how progress will be reported against these milestones?",
            )
        ]
    typical = work["released_area_m2"].to_numpy()
    typical = typical[:-1] if len(typical) > 1 else typical
    mean = float(np.mean(typical))
    if recent > 0 and planned > WARNING_RATIO * recent:
        what = f"above the recent average though within the best year: {compared}"
        question = (
            f"The work plan releases up to {fmt(planned, 'm2')} a year, against "
            f"{fmt(recent, 'm2')} a year over {span} and {fmt(best, 'm2')} in the best year "
            f"({best_y}). Could the State please explain the basis of these milestones "
            "(teams, funding and productivity assumed) and why this pace is expected?"
        )
    elif recent > 0 and mean < SLOW_RATIO * recent:
        figures = {**figures, "plan_average": mean}
        what = (
            f"slower than recent output: the plan releases {fmt(mean, 'm2')} in a typical "
            f"year, {fmt(100 * mean / recent, 'pct')} of the recent average "
            f"({fmt(recent, 'm2')} a year, {span})"
        )
        question = (
            f"The work plan releases {fmt(mean, 'm2')} in a typical year, whereas the State "
            f"released {fmt(recent, 'm2')} a year over {span}. Could the State please explain "
            "why the pace is expected to fall, and whether a faster plan would allow a "
            "shorter extension?"
        )
    else:
        return []
    return [
        Finding(
            check="best_year",
            severity="info",
            message=f"Planned pace is {what}.",
            sheet="work_plan",
            row=row + 2,
            column="released_area_m2",
            figures=figures,
            question=question,
        )
    ]


def _capacity_backing(
    pack: RequestPack, past: Past, flagged: pd.DataFrame
) -> dict[str, float] | None:
    """Output per team-year of the flagged plan years against the best past year's, or
    ``None`` when the past or planned teams are unknown or the plan asks for more."""
    teams = funded_teams(pack)
    known = past.team_years > 0
    if not known.any() or not teams:
        return None
    best_rate = float(np.max(past.released[known] / past.team_years[known]))
    rates = []
    for r in flagged.itertuples():
        t = teams.get(int(r.year), (0.0, 0))[0]
        if not t > 0:
            return None
        rates.append(r.released_area_m2 / t)
    if max(rates) > best_rate:
        return None
    return {"plan_m2_per_team_year": max(rates), "best_past_m2_per_team_year": best_rate}


def _ramp(
    levels: list[tuple[int, float, int]], start: tuple[float, int] | None
) -> list[tuple[int, float, float, int, int]]:
    """Years whose level exceeds :data:`RAMP_RATIO` × the highest level before it:
    (year, level, reference level, reference year, row)."""
    flagged = []
    highest = start
    for year, level, row in levels:
        if highest is not None and highest[0] > 0 and level > RAMP_RATIO * highest[0]:
            flagged.append((year, level, highest[0], highest[1], row))
        if highest is None or level > highest[0]:
            highest = (level, year)
    return flagged


@check("ramp_up", group="pace")
def ramp_up(pack: RequestPack, history: pd.DataFrame | None) -> list[Finding]:
    """Ramp-up: a plan year whose funded team-years (capacity: Σ ``funded_team_years_*``) or
    planned release (work plan ``Total``) exceeds 1.5× the highest level before it (earlier
    plan years, and the last past year before the plan) is a warning."""
    past, totals = past_release(pack, history), work_plan_totals(pack)
    if totals is None:
        return []
    work = totals[np.nan_to_num(totals["released_area_m2"]) > 1.0]
    first = int(work["year"].iloc[0]) if not work.empty else None
    before = None
    if past is not None and first is not None:
        earlier = np.flatnonzero(past.years < first)
        before = int(earlier[-1]) if len(earlier) else None
    teams = funded_teams(pack)
    team_levels = [(y, t, row) for y, (t, row) in sorted(teams.items())]
    team_start = None
    if past is not None and before is not None and past.team_years[before] > 0:
        team_start = (float(past.team_years[before]), int(past.years[before]))
    release_levels = [
        (int(r.year), float(r.released_area_m2), int(r.position) + 2) for r in work.itertuples()
    ]
    release_start = None
    if past is not None and before is not None:
        release_start = (float(past.released[before]), int(past.years[before]))
    findings = []
    for what, verb, sheet, column, unit, flagged, how in (
        (
            "funded team-years (Σ funded_team_years)",
            "exceed",
            "capacity",
            None,
            "teams",
            _ramp(team_levels, team_start),
            "recruitment, training, accreditation, equipment and the funding secured for it",
        ),
        (
            "planned release",
            "exceeds",
            "work_plan",
            "released_area_m2",
            "m2",
            _ramp(release_levels, release_start),
            "the additional teams, better productivity or change of method it rests on",
        ),
    ):
        if not flagged:
            continue
        year, level, ref, ref_year, row = flagged[0]
        go = "goes" if verb == "exceeds" else "go"
        listed = "; ".join(
            f"{y}: {fmt(v, unit)} against {fmt(r, unit)} in {ry} ({fmt(v / r, 'ratio')})"
            for y, v, r, ry, _ in flagged
        )
        findings.append(
            Finding(
                check="ramp_up",
                severity="warning",
                message=f"The {what} {verb} the highest level before by more than "
                f"{100 * (RAMP_RATIO - 1):.0f}%: {listed}.",
                sheet=sheet,
                row=row,
                column=column,
                figures={
                    "year": year,
                    "planned": level,
                    "reference": ref,
                    "reference_year": ref_year,
                    "ratio": level / ref,
                },
                question=f"The {what.split(' (')[0]} of the plan {go} from {fmt(ref, unit)} "
                f"in {ref_year} to {fmt(level, unit)} in {year} ({fmt(level / ref, 'ratio')})."
                f" Could the State please explain how this increase will be achieved ({how})?",
            )
        )
    return findings


@check("previous_milestones", group="pace")
def previous_milestones(pack: RequestPack, history: pd.DataFrame | None) -> list[Finding]:
    """Progress against the previous request's national milestones (progress ``Total`` rows
    with ``target_area_m2``): the cumulative share achieved is noted (info), a warning
    below 75%. Achievement is ``target × achieved_pct`` where given (the target may name a
    method), else ``released_area_m2``."""
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
    severity = "warning" if share < MILESTONE_WARNING_PCT else "info"
    return [
        Finding(
            check="previous_milestones",
            severity=severity,
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
            f"of {fmt(aimed, 'm2')} ({fmt(share, 'pct')}). Could the State please explain "
            "the reasons for any shortfall and how the new annual milestones take them "
            "into account?",
        )
    ]
