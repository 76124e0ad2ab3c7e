"""Pace: planned release per year against what the State achieved in past years, method by
method (survey apart from clearance), against its best year and its recent years, and the
ramp-up of teams and output.

Rule for planned release (``best_year``), for each method (all release, survey,
clearance) and plan year with work: ratio = planned m² / best past year of that method.
Above 1× is a warning, above 1.5× an error, whatever the plan's output per team-year (more
teams are judged by ``ramp_up``); within the best year but above 1.5× the method's recent
average (last 3 years) is a warning: a best year made by a one-off survey campaign does
not excuse a clearance pace. One finding names the worst method and year. Every ratio and
severity is a row of ``thresholds.toml``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from landrelease.reports.request import RequestPack
from landrelease.review.checks.common import fmt, work_plan_totals
from landrelease.review.checks.past import (
    METHODS,
    Past,
    funded_teams,
    past_release,
    planned_by_method,
)
from landrelease.review.checks.registry import check
from landrelease.review.findings import Finding
from landrelease.review.thresholds import limit, severity

__all__ = ["best_year", "funded_teams", "past_release", "ramp_up"]

_VERB = {"release": "releasing", "survey": "releasing by survey", "clearance": "clearing"}
_DONE = {"release": "released", "survey": "released by survey", "clearance": "cleared"}
_COLUMN = {
    "release": "released_area_m2",
    "survey": "cancelled_area_m2",
    "clearance": "cleared_area_m2",
}
_GRAVITY = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class _Compared:
    """One method's fastest plan year against the method's past."""

    method: str
    planned: float
    year: int
    row: int
    best: float
    best_year: int
    recent: float
    span: str
    kind: str | None  # the thresholds row it passes, if any

    @property
    def to_best(self) -> float:
        return self.planned / self.best if self.best > 0 else float("nan")

    @property
    def to_recent(self) -> float:
        return self.planned / self.recent if self.recent > 0 else float("nan")

    def words(self) -> str:
        return (
            f"{self.method}: {fmt(self.planned, 'm2')} in {self.year} is "
            f"{fmt(self.to_best, 'ratio')} the best past year ({fmt(self.best, 'm2')} in "
            f"{self.best_year}) and {fmt(self.to_recent, 'ratio')} the recent average "
            f"({fmt(self.recent, 'm2')} a year, {self.span})"
        )


def _compare(method: str, totals: pd.DataFrame, past: Past) -> _Compared | None:
    """The plan year of ``method`` furthest above its best past year, and the thresholds row
    it passes (``error_ratio``, ``warning_ratio``, ``recent_ratio`` or none)."""
    best, best_y = past.best_of(method)
    recent, span = past.recent_of(method, int(limit("best_year", "recent_years")))
    work = totals[totals[method] > 1.0]
    if work.empty or not best > 0:
        return None
    planned = work[method].to_numpy(dtype=float)
    worst = int(np.argmax(planned))
    to_best, to_recent = planned[worst] / best, planned[worst] / recent if recent > 0 else 0.0
    kind = None
    if to_best > limit("best_year", "error_ratio"):
        kind = "error_ratio"
    elif to_best > limit("best_year", "warning_ratio"):
        kind = "warning_ratio"
    elif to_recent > limit("best_year", "recent_ratio"):
        kind = "recent_ratio"
    row = int(work["position"].iloc[worst]) + 2
    return _Compared(
        method, float(planned[worst]), int(work["year"].iloc[worst]), row, best, best_y,
        recent, span, kind,
    )  # fmt: skip


@check("best_year", group="pace")
def best_year(pack: RequestPack, history: pd.DataFrame | None) -> list[Finding]:
    """Planned release per year against the best past year, method by method (all release,
    survey, clearance): above 1× the best year is a warning, above 1.5× an error, whatever
    the plan's output per team-year; within it but above 1.5× the recent (3-year) average a
    warning; a typical plan year below 0.75× the recent average is noted (info)."""
    past, totals = past_release(pack, history), planned_by_method(pack)
    if past is None or totals is None:
        return []
    compared = [c for c in (_compare(m, totals, past) for m in METHODS) if c is not None]
    if not compared:
        return []
    flagged = [c for c in compared if c.kind is not None]
    if not flagged:
        return _slow(compared[0], totals, past)
    levels = {c.method: severity("best_year", str(c.kind)) for c in flagged}
    top = min(flagged, key=lambda c: (_GRAVITY[levels[c.method]], -c.to_best, -c.to_recent))
    figures: dict[str, float | int | str | None] = {
        "method": top.method,
        "planned": top.planned,
        "year": top.year,
        "best_past": top.best,
        "best_past_year": top.best_year,
        "recent_average": top.recent,
        "ratio_to_best": top.to_best,
        "ratio_to_recent": top.to_recent,
    }
    figures |= {f"ratio_to_best_{c.method}": c.to_best for c in compared}
    figures |= {f"ratio_to_recent_{c.method}": c.to_recent for c in compared}
    if top.kind == "recent_ratio":
        head = (
            f"Planned {top.method} is above {limit('best_year', 'recent_ratio'):g}× its recent "
            "average, though within the best past year"
        )
        question = (
            f"The work plan foresees {_VERB[top.method]} {fmt(top.planned, 'm2')} in "
            f"{top.year}, {fmt(top.to_recent, 'ratio')} the State's average over {top.span} "
            f"({fmt(top.recent, 'm2')} a year), though within its best year "
            f"({fmt(top.best, 'm2')} in {top.best_year}). Could the State please explain the "
            "basis of these milestones (teams, funding and productivity assumed) and why this "
            "pace is expected now?"
        )
    else:
        head = f"Planned {top.method} exceeds the best past year of {past.source}"
        question = (
            f"The work plan foresees {_VERB[top.method]} {fmt(top.planned, 'm2')} in "
            f"{top.year}, {fmt(top.to_best, 'ratio')} the most the State has "
            f"{_DONE[top.method]} in any year ({fmt(top.best, 'm2')} in {top.best_year}). "
            "Could the State please explain what additional capacity, funding or change of "
            "method will make this pace achievable, and how progress will be reported "
            "against these milestones?"
        )
    return [
        Finding(
            check="best_year",
            severity=levels[top.method],
            message=f"{head}: "
            + "; ".join(c.words() for c in [top, *(c for c in flagged if c is not top)])
            + ".",
            sheet="work_plan",
            row=top.row,
            column=_COLUMN[top.method],
            figures=figures,
            question=question,
        )
    ]


def _slow(release: _Compared, totals: pd.DataFrame, past: Past) -> list[Finding]:
    """A note when the plan's typical year releases less than ``slow_ratio`` × the recent
    average (every year with work but the last, which finishes)."""
    work = totals[totals["release"] > 1.0]["release"].to_numpy(dtype=float)
    typical = work[:-1] if len(work) > 1 else work
    mean = float(np.mean(typical))
    recent, span = release.recent, release.span
    if release.method != "release" or not recent > 0:
        return []
    if not mean < limit("best_year", "slow_ratio") * recent:
        return []
    return [
        Finding(
            check="best_year",
            severity=severity("best_year", "slow_ratio"),
            message=f"Planned pace is slower than recent output: the plan releases "
            f"{fmt(mean, 'm2')} in a typical year, {fmt(100 * mean / recent, 'pct')} of the "
            f"recent average ({fmt(recent, 'm2')} a year, {span}).",
            sheet="work_plan",
            row=release.row,
            column="released_area_m2",
            figures={
                "planned": release.planned,
                "year": release.year,
                "best_past": release.best,
                "best_past_year": release.best_year,
                "recent_average": recent,
                "ratio_to_best": release.to_best,
                "plan_average": mean,
            },
            question=f"The work plan releases {fmt(mean, 'm2')} in a typical year, whereas "
            f"the State released {fmt(recent, 'm2')} a year over {span}. Could the State "
            "please explain why the pace is expected to fall, and whether a faster plan would "
            "allow a shorter extension?",
        )
    ]


def _ramp(
    levels: list[tuple[int, float, int]], start: tuple[float, int] | None, ratio: float
) -> list[tuple[int, float, float, int, int]]:
    """Years whose level exceeds ``ratio`` × the highest level before it:
    (year, level, reference level, reference year, row)."""
    flagged = []
    highest = start
    for year, level, row in levels:
        if highest is not None and highest[0] > 0 and level > ratio * highest[0]:
            flagged.append((year, level, highest[0], highest[1], row))
        if highest is None or level > highest[0]:
            highest = (level, year)
    return flagged


@check("ramp_up", group="pace")
def ramp_up(pack: RequestPack, history: pd.DataFrame | None) -> list[Finding]:
    """Ramp-up: a plan year whose funded team-years (capacity: Σ ``funded_team_years_*``)
    exceed 1.5× the highest level before it (earlier plan years, and the last past year
    before the plan, when the history gives team-years) is an error: teams cannot be
    recruited, trained and accredited faster; a plan year whose planned release (work plan
    ``Total``) exceeds 1.5× the highest level before it is a warning."""
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
    for kind, what, verb, sheet, column, unit, flagged, how in (
        (
            "team_ratio",
            "funded team-years (Σ funded_team_years)",
            "exceed",
            "capacity",
            None,
            "teams",
            _ramp(team_levels, team_start, limit("ramp_up", "team_ratio")),
            "recruitment, training, accreditation, equipment and the funding secured for it",
        ),
        (
            "release_ratio",
            "planned release",
            "exceeds",
            "work_plan",
            "released_area_m2",
            "m2",
            _ramp(release_levels, release_start, limit("ramp_up", "release_ratio")),
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
                severity=severity("ramp_up", kind),
                message=f"The {what} {verb} the highest level before by more than "
                f"{100 * (limit('ramp_up', kind) - 1):.0f}%: {listed}.",
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
