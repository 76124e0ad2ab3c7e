"""Request tables about the plan: work plan, budget, capacity, cases, assumptions (the
risk-education plan: :mod:`landrelease.reports.request.risk_plan`)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from landrelease.engine.cases import CASE_KEYS
from landrelease.engine.result import ProjectionResult
from landrelease.reports.request.baseline_tables import ALL, TOTAL
from landrelease.scenario.model import TEAM_KINDS, TYPES, YearValues

__all__ = [
    "BUDGET_COLUMNS",
    "assumptions",
    "budget",
    "capacity",
    "cases",
    "work_plan",
]

_STAGES = (
    ("nts_year", "nts_areas", "cancelled_area_m2"),
    ("ts_year", "ts_areas", "reduced_area_m2"),
    ("clearance_year", "clearance_areas", "cleared_area_m2"),
)
_KEYS = ["year", "region", "contamination_type"]


def _stage_counts(schedule: pd.DataFrame) -> pd.DataFrame:
    """Areas finishing each stage, and areas completed, per year, region and type."""
    parts = []
    for year_col, count_col, _ in _STAGES:
        done = schedule.dropna(subset=[year_col])
        parts.append(
            done.groupby([year_col, "region", "contamination_type"], observed=True)
            .size()
            .rename(count_col)
            .rename_axis(_KEYS)
        )
    done = schedule.dropna(subset=["completion_year"])
    parts.append(
        done.groupby(["completion_year", "region", "contamination_type"], observed=True)
        .size()
        .rename("areas_completed")
        .rename_axis(_KEYS)
    )
    counts = pd.concat(parts, axis=1).fillna(0).reset_index()
    counts["year"] = counts["year"].astype("int64")
    for col in ("region", "contamination_type"):
        counts[col] = counts[col].astype(str)
    return counts


def work_plan(result: ProjectionResult, regions: tuple[str, ...]) -> pd.DataFrame:
    """Areas and m² to address per year, region and type, by method.

    m² are the engine's flows (area released as it is worked); area counts are the areas
    whose stage finishes in the year (``nts_areas``, ``ts_areas``, ``clearance_areas``) or
    that are completed (``areas_completed``). Each year ends with a ``Total`` row that also
    carries the year's discoveries, the remaining SHA, CHA and total area at year end (from
    ``annual``) and the Article 5 (AP-mined) part: ``article5_released_area_m2``,
    ``article5_discovered_area_m2``, ``article5_remaining_area_m2``.

    The work plan and its milestones stop at the Article 5 completion year (when there is
    one): what is found after it is the residual capacity's, and other contamination left
    then is no part of the request.
    """
    flows = result.annual_by_region_type
    m2 = [a for _, _, a in _STAGES]
    if flows.empty:
        flows = pd.DataFrame(columns=[*_KEYS, *m2])
    flows = flows[[*_KEYS, *m2]].copy()
    for col in ("region", "contamination_type"):
        flows[col] = flows[col].astype(str)
    detail = flows.merge(_stage_counts(result.schedule), on=_KEYS, how="outer")
    detail[[c for c in _NUMBERS if c != "released_area_m2"]] = detail[
        [c for c in _NUMBERS if c != "released_area_m2"]
    ].fillna(0)
    detail["year"] = detail["year"].astype("int64")
    plan_years = _plan_years(result)
    detail = detail[detail["year"].isin(plan_years)]
    detail["released_area_m2"] = detail[m2].sum(axis=1)
    busy = (detail[[c for c in _NUMBERS if c != "released_area_m2"]] != 0).any(axis=1)
    detail = detail[busy]
    order_r = {r: i for i, r in enumerate(regions)}
    order_t = {t: i for i, t in enumerate(TYPES)}
    detail = detail.assign(
        _r=detail["region"].map(order_r), _t=detail["contamination_type"].map(order_t), _total=0
    )
    totals = detail.groupby("year")[_NUMBERS].sum().reindex(plan_years, fill_value=0)
    totals = totals.reset_index().assign(region=TOTAL, contamination_type=ALL, _total=1)
    annual = result.annual.set_index("year")
    for col in (*_TOTAL_ONLY, *_ARTICLE5):
        source = col if col in annual.columns else None
        totals[col] = totals["year"].map(annual[source]) if source else np.nan
    table = pd.concat([detail, totals], ignore_index=True)
    table = table.sort_values(["year", "_total", "_r", "_t"], kind="stable")
    table = table[[*_KEYS, *_NUMBERS, *_TOTAL_ONLY, *_ARTICLE5]]
    for col in ("nts_areas", "ts_areas", "clearance_areas", "areas_completed"):
        table[col] = table[col].astype("int64")
    return table.reset_index(drop=True)


_TOTAL_ONLY = (
    "discovered_area_m2",
    "remaining_sha_area_m2",
    "remaining_cha_area_m2",
    "remaining_area_m2",
)
"""Columns of the work plan given on ``Total`` rows only."""
_ARTICLE5 = (
    "article5_released_area_m2",
    "article5_discovered_area_m2",
    "article5_remaining_area_m2",
)
"""The Article 5 (AP-mined) part of a ``Total`` row."""


def _plan_years(result: ProjectionResult) -> pd.Series:
    """Years of the work plan: those of ``annual`` up to the Article 5 completion year."""
    years = result.annual["year"].astype("int64")
    done = result.summary.get("article5_completion_year")
    return years[years <= done] if done is not None else years


_NUMBERS = [
    "nts_areas",
    "cancelled_area_m2",
    "ts_areas",
    "reduced_area_m2",
    "clearance_areas",
    "cleared_area_m2",
    "areas_completed",
    "released_area_m2",
]


BUDGET_COLUMNS = (
    *(f"planned_cost_{k}_usd" for k in TEAM_KINDS),
    "planned_cost_cancelled_usd",
    "planned_cost_reduced_usd",
    "planned_cost_cleared_usd",
    "fixed_programme_usd",
    "risk_education_usd",
    "residual_capacity_usd",
    "planned_cost_usd",
    "cost_usd",
    "national_usd",
    "international_secured_usd",
    "international_expected_usd",
    "secured_usd",
    "expected_usd",
    "funding_gap_usd",
    "gap_after_expected_usd",
    "unsecured_usd",
)
"""Money columns of the budget, as ``annual`` names and defines them."""


def budget(result: ProjectionResult) -> pd.DataFrame:
    """The plan's cost by component, what the money deploys, funding and the gap per year,
    and a ``Total`` row: the columns of ``annual`` (:data:`BUDGET_COLUMNS`), so that the
    Total row's ``funding_gap_usd`` is the summary's.

    ``planned_cost_usd`` is the plan as designed, the sum of the components; ``cost_usd``
    what the money counted deploys; ``secured_usd = national + international secured``;
    ``funding_gap_usd = max(planned_cost − secured, 0)`` per year (unspent money does not
    carry over); ``gap_after_expected_usd`` also counts the expected money;
    ``unsecured_usd`` is the expected money the deployed cost relies on.
    """
    a = result.annual
    table = pd.DataFrame({"year": a["year"].astype(str)})
    for col in BUDGET_COLUMNS:
        table[col] = a[col].to_numpy(dtype=float)
    total = table.drop(columns="year").sum().to_dict()
    return pd.concat([table, pd.DataFrame([{"year": TOTAL, **total}])], ignore_index=True)


def capacity(result: ProjectionResult) -> pd.DataFrame:
    """Team-years by kind per year, planned (while the kind's stage has work) and funded
    (what the money pays for, kinds paid in the spending order), and the residual
    capacity after the Article 5 completion."""
    a = result.annual
    table = pd.DataFrame({"year": a["year"].astype("int64")})
    planned = [f"planned_team_years_{k}" for k in TEAM_KINDS]
    working = a[planned].sum(axis=1) > 0
    table["phase"] = np.where(working | (a["remaining_area_m2"] > 0), "work", "residual")
    for col in (*planned, *(f"funded_team_years_{k}" for k in TEAM_KINDS)):
        table[col] = a[col].to_numpy(dtype=float)
    table["residual_capacity_usd"] = a["residual_capacity_usd"].to_numpy(dtype=float)
    return table


def cases(result: ProjectionResult) -> pd.DataFrame:
    """The plan beside its cases (secured money only, today's teams, no access gained): one
    row per case with its key figures and whether it reaches the requested deadline.

    Needs ``result.summary["cases"]`` (:func:`~landrelease.engine.cases.with_cases`).
    """
    s = result.summary
    requested = s.get("requested_deadline_date")
    deadline = None if requested is None else dt.date.fromisoformat(requested)
    rows = []
    for name, figures in s["cases"].items():
        year = figures["article5_completion_year"]
        rows.append(
            {
                "case": name,
                "assumes": figures["assumes"],
                **{k: figures[k] for k in CASE_KEYS},
                "reaches_requested_deadline": deadline is not None
                and year is not None
                and dt.date(int(year), 12, 31) <= deadline,
            }
        )
    table = pd.DataFrame(rows)
    for col in ("article5_completion_year", "completion_year", "years_beyond_deadline"):
        table[col] = table[col].astype("Int64")
    for col in ("planned_cost_usd", "funding_gap_usd"):
        table[col] = table[col].astype(float)
    return table


def _yearly(values: YearValues) -> str:
    parts = [f"{y}: {v:,.6g}" for y, v in values.values]
    if values.default is not None:
        parts.insert(0, f"{values.default:,.6g}" if not parts else f"default {values.default:,.6g}")
    return "; ".join(parts) if parts else "0"


def assumptions(result: ProjectionResult) -> pd.DataFrame:
    """Every assumption with value, unit and source (calibrated values say so)."""
    sc, used, cal = result.scenario, result.assumptions, result.calibration
    src = sc.sources
    cal_note = (
        f"calibrated from release history {min(cal.years)}–{max(cal.years)}"
        if cal is not None and cal.years
        else ""
    )
    rows: list[tuple[str, str, str, str, str]] = [
        ("period", "start_year", str(sc.start_year), "year", src.get("period", "")),
        ("period", "end_year", str(sc.end_year), "year", src.get("period", "")),
    ]
    for key, given in (
        ("sha_cancelled_frac", sc.release.sha_cancelled_frac),
        ("ts_reduced_frac", sc.release.ts_reduced_frac),
    ):
        note = src.get("release", "") if given is not None else cal_note
        for t in TYPES:
            rows.append(("release", f"{key}.{t}", f"{used[key].get(t, 0.0):.4f}", "0..1", note))
    productivity = used["productivity_m2_per_team_year"]
    for kind in TEAM_KINDS:
        note = (
            src.get("productivity", "")
            if sc.productivity.m2_per_team_year.get(kind) is not None
            else cal_note
        )
        for t in TYPES:
            factor = 1.0 if kind == "nts" else sc.productivity.factor(t)
            rows.append(
                (
                    "productivity",
                    f"{kind}.{t}",
                    f"{productivity[kind] * factor:,.0f}",
                    "m² per team-year",
                    note,
                )
            )
    for kind in TEAM_KINDS:
        rows.append(("teams", kind, _yearly(sc.teams[kind]), "teams", src.get("teams", "")))
    for kind in TEAM_KINDS:
        rows.append(
            (
                "costs",
                f"usd_per_team_year.{kind}",
                f"{sc.costs.usd_per_team_year[kind]:,.0f}",
                "US$ per team-year",
                src.get("costs", ""),
            )
        )
    yearly = (
        ("costs", "fixed_programme_usd_per_year", sc.costs.fixed_programme_usd),
        ("costs", "risk_education_usd_per_year", sc.costs.risk_education_usd),
        ("costs", "residual_capacity_usd_per_year", sc.costs.residual_capacity_usd),
        ("funding", "national_usd_per_year", sc.funding.national_usd),
        ("funding", "international_secured_usd_per_year", sc.funding.international_secured_usd),
        ("funding", "international_expected_usd_per_year", sc.funding.international_expected_usd),
    )
    f = sc.funding
    for section, key, v in yearly:
        rows.append((section, key, _yearly(v), "US$ per year", src.get(section, "")))
        if key == "residual_capacity_usd_per_year":
            rows.append(
                (
                    "costs",
                    "residual_years",
                    str(sc.costs.residual_years),
                    "years",
                    src.get("costs", ""),
                )
            )
    for line in f.lines:  # named donors' lines, added to the aggregate ones above
        rows.append(
            (
                "funding",
                f"lines.{line.label}",
                f"{_yearly(line.usd)} in {line.from_year}–{line.to_year}",
                "US$ per year",
                line.source or src.get("funding", ""),
            )
        )
    rows += [
        ("funding", "count_expected", str(f.count_expected).lower(), "", src.get("funding", "")),
        (
            "funding",
            "international_scale",
            f"{f.international_scale:g}",
            "×",
            src.get("funding", ""),
        ),
    ]
    d = sc.discoveries
    for t in TYPES:
        if d.sha_area_m2_first_year.get(t, 0.0) > 0:
            rows.append(
                (
                    "discoveries",
                    f"sha_area_m2_per_year.{t}",
                    f"{d.sha_area_m2_first_year[t]:,.0f}",
                    "m² in the first year",
                    src.get("discoveries", ""),
                )
            )
    rows += [
        (
            "discoveries",
            "decay_frac_per_year",
            f"{d.decay_frac_per_year:g}",
            "0..1",
            src.get("discoveries", ""),
        ),
        (
            "access",
            "inaccessible_from_year",
            "never" if sc.inaccessible_from_year is None else str(sc.inaccessible_from_year),
            "year",
            src.get("access", ""),
        ),
        (
            "priority",
            "rule",
            sc.priority.rule if sc.priority.rule == "weights" else f"field {sc.priority.field}",
            "",
            src.get("priority", ""),
        ),
    ]
    return pd.DataFrame(rows, columns=["section", "key", "value", "unit", "source"]).astype(
        "string"
    )
