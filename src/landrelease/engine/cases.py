"""Cases side by side: the same scenario as written, on secured money only, at today's
teams, and with inaccessible areas never opened.

:func:`~landrelease.engine.project` stays one case; :func:`project_cases` runs the cases
asked for and :func:`with_cases` records their key figures in a result's summary, with the
deadline the request asks for and whether the plan reaches it on secured money.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import warnings
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from landrelease.domain.country import Country, add_years
from landrelease.engine.project import project
from landrelease.engine.result import ProjectionResult
from landrelease.errors import LandreleaseWarning
from landrelease.scenario.model import TEAM_KINDS, Scenario, YearValues

__all__ = [
    "CASES",
    "CASE_KEYS",
    "REQUEST_STATUS",
    "add_cases",
    "case_scenario",
    "project_cases",
    "requested_deadline",
    "todays_teams",
    "with_cases",
]

CASES: dict[str, str] = {
    "plan": "the scenario as written",
    "secured_only": "secured money only: expected international funding not counted",
    "todays_teams": "each kind of team held at today's team-years",
    "no_access": "areas inaccessible at the start never opened",
}
"""The cases and what each changes."""
CASE_KEYS = (
    "article5_completion_year",
    "completion_year",
    "years_beyond_deadline",
    "required_deadline_date",
    "planned_cost_usd",
    "funding_gap_usd",
)
"""Summary figures kept for each case."""
REQUEST_STATUS = {
    "secured": "reached with secured money only",
    "unsecured": "reached only with expected money that is not secured",
    "not_reached": "not reached by the plan",
}
"""Whether the plan reaches the requested deadline, and on what money."""


def todays_teams(country: Country, scenario: Scenario) -> tuple[dict[str, float], str]:
    """Team-years by kind held flat in the ``todays_teams`` case, and where they come from.

    A kind given in the scenario's ``[todays_teams]`` takes that number; the others take the
    team-years of the last history year (up to the baseline) that records teams (a kind
    with no records that year: 0). Without team records at all, the plan's first-year teams.
    """
    r = country.releases
    known = r[r["teams"].notna() & (r["teams"] > 0) & r["asset"].notna() & r["year"].notna()]
    known = known[known["year"] <= country.info.baseline_year]
    given = dict(scenario.todays_teams)
    if known.empty:
        start = {k: float(scenario.teams[k].over(scenario.years[:1])[0]) for k in TEAM_KINDS}
        basis = "the plan's first-year teams (the release history records no teams)"
    else:
        year = int(known["year"].max())
        by_kind = known[known["year"] == year].groupby("asset", observed=True)["teams"].sum()
        start = {k: float(by_kind.get(k, 0.0)) for k in TEAM_KINDS}
        basis = f"team-years recorded in {year}"
    teams = {k: given.get(k, start[k]) for k in TEAM_KINDS}
    if given:
        basis = f"[todays_teams] for {', '.join(sorted(given))}; otherwise {basis}"
    return teams, basis


def _closed_country(country: Country, start_year: int) -> Country:
    """The country with every area not accessible at the start marked never accessible."""
    h = country.hazards.copy()
    access = pd.to_numeric(h["access_year"], errors="coerce")
    closed = ~h["accessible"].astype("boolean").fillna(True).to_numpy(dtype=bool)
    closed |= (access > start_year).fillna(False).to_numpy(dtype=bool)
    h["accessible"] = pd.array(np.where(closed, False, True), dtype="boolean")
    h.loc[closed, "access_year"] = pd.NA
    return dataclasses.replace(country, hazards=h)


def case_scenario(
    country: Country, scenario: Scenario, case: str
) -> tuple[Country, Scenario, str]:
    """The country and scenario of one case, and a note of what it assumed."""
    if case == "plan":
        return country, scenario, CASES[case]
    if case == "secured_only":
        funding = dataclasses.replace(scenario.funding, count_expected=False)
        return country, dataclasses.replace(scenario, funding=funding), CASES[case]
    if case == "todays_teams":
        teams, basis = todays_teams(country, scenario)
        flat = {k: YearValues.constant(v) for k, v in teams.items()}
        return country, dataclasses.replace(scenario, teams=flat), f"{CASES[case]} ({basis})"
    if case == "no_access":
        start = scenario.start_year
        closed = country.memo(("closed_country", start), lambda: _closed_country(country, start))
        opened = dataclasses.replace(scenario, inaccessible_from_year=None)
        return closed, opened, CASES[case]
    raise ValueError(f"unknown case {case!r}; expected one of {', '.join(CASES)}")


def project_cases(
    country: Country, scenario: Scenario, cases: Iterable[str] = tuple(CASES)
) -> dict[str, tuple[ProjectionResult, str]]:
    """Project each case of ``scenario``: case name → (result, what the case assumed).

    Only the ``plan`` case warns: the other cases repeat its calibration warnings, and a
    residual capacity overrun under other money or teams is no warning about the plan."""
    out = {}
    for case in cases:
        c, s, note = case_scenario(country, scenario, case)
        with warnings.catch_warnings():
            if case != "plan":
                warnings.simplefilter("ignore", LandreleaseWarning)
            out[case] = (project(c, s), note)
    return out


def _reaches(summary: Mapping[str, Any], deadline: dt.date) -> bool:
    year = summary["article5_completion_year"]
    return year is not None and dt.date(int(year), 12, 31) <= deadline


def requested_deadline(
    scenario: Scenario, current: dt.date, plan: Mapping[str, Any]
) -> tuple[dt.date | None, int | None]:
    """The deadline the request asks for (the scenario's ``[request]``, else the one the
    plan needs) and the whole years after the current deadline it takes (the least ``n``
    with ``current + n years`` on or after it)."""
    day = scenario.requested_deadline_date
    if day is None:
        needed = plan["required_deadline_date"]
        return (None, None) if needed is None else (dt.date.fromisoformat(needed),
                                                   plan["years_beyond_deadline"])
    years = 0
    while add_years(current, years) < day:
        years += 1
    return day, years


def with_cases(
    result: ProjectionResult, cases: Mapping[str, tuple[ProjectionResult, str]]
) -> ProjectionResult:
    """``result`` with ``summary["cases"]`` (name → the :data:`CASE_KEYS` figures and
    ``assumes``), ``request_kind`` (``extension`` or ``interim``),
    ``requested_deadline_date``, ``duration_requested_years`` and
    ``requested_deadline_status`` (a :data:`REQUEST_STATUS` key: does the plan reach the
    requested deadline, and only with expected money?) with ``requested_deadline_note``."""
    s = dict(result.summary)
    table = {
        name: {**{k: r.summary[k] for k in CASE_KEYS}, "assumes": note}
        for name, (r, note) in {"plan": (result, CASES["plan"]), **cases}.items()
    }
    plan = table["plan"]
    current = dt.date.fromisoformat(s["deadline_date"])
    day, years = requested_deadline(result.scenario, current, plan)
    secured = table.get("secured_only", plan)
    if day is None or not _reaches(plan, day):
        status = "not_reached"
    elif _reaches(secured, day):
        status = "secured"
    else:
        status = "unsecured"
    note = REQUEST_STATUS[status]
    if status == "unsecured":
        when = secured["article5_completion_year"]
        note += (
            f": with secured money only, Article 5 completion is "
            f"{'beyond the horizon' if when is None else f'in {when}'}"
        )
    elif status == "not_reached" and day is not None:
        when = plan["article5_completion_year"]
        note += f": Article 5 completion {'beyond the horizon' if when is None else when}"
    s.update(
        cases=table,
        request_kind="interim" if result.scenario.interim_request else "extension",
        requested_deadline_date=None if day is None else day.isoformat(),
        duration_requested_years=years,
        requested_deadline_status=status,
        requested_deadline_note=note,
    )
    return dataclasses.replace(result, summary=s)


def add_cases(country: Country, result: ProjectionResult) -> ProjectionResult:
    """``result`` (the ``plan`` case of its scenario) with every other case projected and
    recorded by :func:`with_cases`."""
    others = [c for c in CASES if c != "plan"]
    return with_cases(result, project_cases(country, result.scenario, others))
