"""The figures a request's text quotes, taken from its own tables, so that text and tables
can never disagree.

:data:`QUOTED` is the table of those figures: name (the placeholder, e.g.
``{{ article5_remaining_area_m2 | km2 }}``), canonical unit (m², US$, year, count, 0..1,
date, text, true/false), the request table it comes from and what it is.
``docs/placeholders.md`` is generated from it (``scripts/make_placeholder_reference.py``).

Forecast figures come from the request's ``confidence`` table, its ``plan`` row (a forecast
of the request's scenario, :mod:`landrelease.reports.request.confidence`). A request made
without a forecast (``export --draws 0``) has that table empty: such a figure is then
*unavailable*, and text that quotes it is an error saying so.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

__all__ = ["QUOTED", "Quoted", "quoted_values", "unavailable_reason"]

Tables = Mapping[str, pd.DataFrame]
_TOTAL, _ALL = "Total", "all"


@dataclass(frozen=True)
class Quoted:
    """One figure a request's text may quote."""

    name: str
    unit: str
    """``m²``, ``US$``, ``year``, ``count``, ``years``, ``0..1``, ``date``, ``text``, ``bool``."""
    table: str
    """The request table it comes from."""
    description: str
    compute: Callable[[Tables, Mapping[str, Any]], Any]

    @property
    def filters(self) -> str:
        """The formatting filters that suit the unit."""
        return {
            "m²": "km2, ha, m2",
            "US$": "usd, usd_million",
            "0..1": "percent",
            "date": "date",
            "count": "number",
        }.get(self.unit, "")


@dataclass(frozen=True)
class _Not:
    """A condition on a column: any value but this one."""

    value: str


def _rows(tables: Tables, name: str, **where: object) -> pd.DataFrame:
    """Rows of table ``name`` whose columns hold the values given (all rows: no condition)."""
    table = tables.get(name)
    if table is None or table.empty:
        return pd.DataFrame()
    keep = pd.Series(True, index=table.index)
    for column, value in where.items():
        if column not in table:
            return pd.DataFrame()
        if isinstance(value, bool):
            keep &= table[column].astype("boolean").fillna(False).astype(bool) == value
        elif isinstance(value, _Not):
            keep &= (table[column].astype("string") != value.value).fillna(True).astype(bool)
        else:
            keep &= (table[column].astype("string") == str(value)).fillna(False).astype(bool)
    return table[keep]


def _number(value: Any) -> float | None:
    number = pd.to_numeric(pd.Series([value], dtype=object), errors="coerce").iloc[0]
    return None if pd.isna(number) else float(number)


def _sum(name: str, column: str, **where: object) -> Callable[[Tables, Mapping[str, Any]], Any]:
    """Sum of ``column`` over the rows (unavailable when no row matches)."""

    def compute(tables: Tables, summary: Mapping[str, Any]) -> float | None:
        rows = _rows(tables, name, **where)
        if rows.empty or column not in rows:
            return None
        values = pd.to_numeric(rows[column].astype(object), errors="coerce")
        return None if values.isna().all() else float(values.sum())

    return compute


def _sum_or_zero(name: str, column: str, **where: object) -> Callable[..., Any]:
    """As :func:`_sum`, but 0 when the table has rows and none match (a type not present)."""
    total = _sum(name, column, **where)

    def compute(tables: Tables, summary: Mapping[str, Any]) -> float | None:
        if _rows(tables, name).empty:
            return None
        return total(tables, summary) or 0.0

    return compute


def _whole(compute: Callable[[Tables, Mapping[str, Any]], Any]) -> Callable[..., Any]:
    def whole(tables: Tables, summary: Mapping[str, Any]) -> int | None:
        value = compute(tables, summary)
        return None if value is None else round(value)

    return whole


def _year(name: str, how: str, by: str | None = None, **where: object) -> Callable[..., Any]:
    """First (``min``), last (``max``) year of the rows, or the year of the largest ``by``."""

    def compute(tables: Tables, summary: Mapping[str, Any]) -> int | None:
        rows = _rows(tables, name, **where)
        if rows.empty:
            return None
        years = pd.to_numeric(rows["year"].astype(object), errors="coerce")
        if by is not None:
            values = pd.to_numeric(rows[by].astype(object), errors="coerce")
            if values.isna().all():
                return None
            return int(years.loc[values.idxmax()])
        return None if years.isna().all() else int(getattr(years, how)())

    return compute


def _max(name: str, column: str, **where: object) -> Callable[..., Any]:
    def compute(tables: Tables, summary: Mapping[str, Any]) -> float | None:
        rows = _rows(tables, name, **where)
        if rows.empty:
            return None
        values = pd.to_numeric(rows[column].astype(object), errors="coerce")
        return None if values.isna().all() else float(values.max())

    return compute


def _ratio(top: Callable[..., Any], bottom: Callable[..., Any]) -> Callable[..., Any]:
    def compute(tables: Tables, summary: Mapping[str, Any]) -> float | None:
        a, b = top(tables, summary), bottom(tables, summary)
        return None if a is None or b is None or b == 0 else a / b

    return compute


def _header(item: str, kind: str = "text") -> Callable[..., Any]:
    def compute(tables: Tables, summary: Mapping[str, Any]) -> Any:
        rows = _rows(tables, "header", item=item)
        if rows.empty or pd.isna(rows["value"].iloc[0]) or not str(rows["value"].iloc[0]):
            return None
        text = str(rows["value"].iloc[0]).strip()
        if kind == "int":
            number = _number(text)
            return None if number is None else round(number)
        if kind == "date":
            try:
                return dt.date.fromisoformat(text[:10])
            except ValueError:
                return None
        if kind == "count_list":
            return 0 if text.lower() in ("none", "") else len([p for p in text.split(";") if p])
        return text

    return compute


def _case(case: str, column: str, kind: str = "int") -> Callable[..., Any]:
    def compute(tables: Tables, summary: Mapping[str, Any]) -> Any:
        rows = _rows(tables, "cases", case=case)
        if rows.empty or column not in rows or pd.isna(rows[column].iloc[0]):
            return None
        value = rows[column].iloc[0]
        return bool(value) if kind == "bool" else round(float(value))

    return compute


def _confidence(column: str, kind: str = "share") -> Callable[..., Any]:
    """A figure of the ``plan`` row of the ``confidence`` table: a share (0..1) or a year."""

    def compute(tables: Tables, summary: Mapping[str, Any]) -> Any:
        rows = _rows(tables, "confidence", case="plan")
        if rows.empty or column not in rows:
            return None
        value = _number(rows[column].iloc[0])
        if value is None or math.isnan(value):
            return None
        return round(value) if kind == "year" else value

    return compute


_RC = {"region": _TOTAL, "contamination_type": _ALL}
_PROGRESS = {"region": _TOTAL}
_PLAN = {"region": _TOTAL, "contamination_type": _ALL}
_BUDGET = {"year": _TOTAL}
_SPENT = {"source": _TOTAL}
_HURT = {"region": _TOTAL, "device_type": _ALL}


def _q(name: str, unit: str, table: str, description: str, compute: Callable[..., Any]) -> Quoted:
    return Quoted(name, unit, table, description, compute)


QUOTED: tuple[Quoted, ...] = (
    _q("country", "text", "header", "Name of the State Party.", _header("country")),
    _q("entry_into_force_date", "date", "header", "Entry into force for the State.",
       _header("entry_into_force_date", "date")),
    _q("original_deadline_date", "date", "header", "Original Article 5 deadline.",
       _header("original_deadline_date", "date")),
    _q("current_deadline_date", "date", "header", "The Article 5 deadline in force.",
       _header("current_deadline_date", "date")),
    _q("baseline_date", "date", "header", "Date of the remaining-challenge figures.",
       _header("baseline_date", "date")),
    _q("submission_date", "date", "header", "Date the request is submitted.",
       _header("submission_date", "date")),
    _q("request_kind", "text", "header", "extension or interim.", _header("request_kind")),
    _q("duration_requested_years", "years", "header", "Years of extension requested.",
       _header("duration_requested_years", "int")),
    _q("requested_deadline_date", "date", "header", "New deadline requested.",
       _header("requested_deadline_date", "date")),
    _q("previous_extension_count", "count", "header", "Extensions granted before this request.",
       _header("previous_extensions", "count_list")),
    _q("years_beyond_deadline", "years", "cases",
       "Whole years of extension the plan needs after the current deadline.",
       _case("plan", "years_beyond_deadline")),
    _q("article5_completion_year", "year", "cases",
       "Last year of the plan with anti-personnel-mined area.",
       _case("plan", "article5_completion_year")),
    _q("completion_year", "year", "cases", "Last year of the plan with any hazardous area.",
       _case("plan", "completion_year")),
    _q("reaches_requested_deadline", "bool", "cases",
       "Whether the plan completes Article 5 clearance by the requested deadline.",
       _case("plan", "reaches_requested_deadline", "bool")),
    _q("secured_only_article5_completion_year", "year", "cases",
       "Article 5 completion year on secured money only.",
       _case("secured_only", "article5_completion_year")),
    _q("secured_only_years_beyond_deadline", "years", "cases",
       "Years beyond the deadline on secured money only.",
       _case("secured_only", "years_beyond_deadline")),
    _q("todays_teams_article5_completion_year", "year", "cases",
       "Article 5 completion year at today's teams.",
       _case("todays_teams", "article5_completion_year")),
    _q("remaining_area_m2", "m²", "remaining_challenge",
       "Hazardous area remaining at the baseline (SHA + CHA, every type).",
       _sum("remaining_challenge", "area_m2", **_RC)),
    _q("remaining_sha_area_m2", "m²", "remaining_challenge", "Suspected (SHA) area remaining.",
       _sum("remaining_challenge", "sha_area_m2", **_RC)),
    _q("remaining_cha_area_m2", "m²", "remaining_challenge", "Confirmed (CHA) area remaining.",
       _sum("remaining_challenge", "cha_area_m2", **_RC)),
    _q("remaining_hazard_count", "count", "remaining_challenge", "Hazardous areas remaining.",
       _whole(_sum("remaining_challenge", "hazard_count", **_RC))),
    _q("article5_remaining_area_m2", "m²", "remaining_challenge",
       "Area with anti-personnel mines remaining (factory-made, improvised, mixed).",
       _sum_or_zero("remaining_challenge", "area_m2", region=_TOTAL, article5=True,
            contamination_type=_Not(_ALL))),
    _q("ap_improvised_remaining_area_m2", "m²", "remaining_challenge",
       "Area with improvised anti-personnel mines remaining.",
       _sum_or_zero("remaining_challenge", "area_m2", region=_TOTAL,
            contamination_type="ap_improvised")),
    _q("inaccessible_area_m2", "m²", "remaining_challenge", "Area that cannot be worked today.",
       _sum("remaining_challenge", "inaccessible_area_m2", **_RC)),
    _q("past_released_area_m2", "m²", "progress", "Area released over the years of progress.",
       _sum("progress", "released_area_m2", **_PROGRESS)),
    _q("past_cancelled_area_m2", "m²", "progress", "Area cancelled over those years.",
       _sum("progress", "cancelled_area_m2", **_PROGRESS)),
    _q("past_reduced_area_m2", "m²", "progress", "Area reduced over those years.",
       _sum("progress", "reduced_area_m2", **_PROGRESS)),
    _q("past_cleared_area_m2", "m²", "progress", "Area cleared over those years.",
       _sum("progress", "cleared_area_m2", **_PROGRESS)),
    _q("past_ap_mines_destroyed", "count", "progress", "AP mines destroyed over those years.",
       _whole(_sum("progress", "ap_mines_destroyed", **_PROGRESS))),
    _q("progress_first_year", "year", "progress", "First year of the progress table.",
       _year("progress", "min", **_PROGRESS)),
    _q("progress_last_year", "year", "progress", "Last year of the progress table.",
       _year("progress", "max", **_PROGRESS)),
    _q("best_year", "year", "progress", "Year with the most area released.",
       _year("progress", "max", by="released_area_m2", **_PROGRESS)),
    _q("best_year_released_area_m2", "m²", "progress", "Area released in the best year.",
       _max("progress", "released_area_m2", **_PROGRESS)),
    _q("plan_first_year", "year", "work_plan", "First year of the work plan.",
       _year("work_plan", "min", **_PLAN)),
    _q("plan_released_area_m2", "m²", "work_plan", "Area the work plan releases.",
       _sum("work_plan", "released_area_m2", **_PLAN)),
    _q("plan_cleared_area_m2", "m²", "work_plan", "Area the work plan clears.",
       _sum("work_plan", "cleared_area_m2", **_PLAN)),
    _q("plan_discovered_area_m2", "m²", "work_plan", "New area the plan expects to find.",
       _sum("work_plan", "discovered_area_m2", **_PLAN)),
    _q("plan_peak_released_area_m2", "m²", "work_plan", "Most area released in a plan year.",
       _max("work_plan", "released_area_m2", **_PLAN)),
    _q("planned_cost_usd", "US$", "budget", "Cost of the plan as designed, all years.",
       _sum("budget", "planned_cost_usd", **_BUDGET)),
    _q("secured_usd", "US$", "budget", "Funding secured (national + international secured).",
       _sum("budget", "secured_usd", **_BUDGET)),
    _q("national_usd", "US$", "budget", "National funding over the plan.",
       _sum("budget", "national_usd", **_BUDGET)),
    _q("international_secured_usd", "US$", "budget", "International funding secured.",
       _sum("budget", "international_secured_usd", **_BUDGET)),
    _q("international_expected_usd", "US$", "budget", "International funding expected.",
       _sum("budget", "international_expected_usd", **_BUDGET)),
    _q("funding_gap_usd", "US$", "budget", "Money still to be found for the plan as designed.",
       _sum("budget", "funding_gap_usd", **_BUDGET)),
    _q("secured_frac", "0..1", "budget", "Share of the planned cost that is secured.",
       _ratio(_sum("budget", "secured_usd", **_BUDGET),
              _sum("budget", "planned_cost_usd", **_BUDGET))),
    _q("risk_education_usd", "US$", "budget", "Risk-education cost over the plan.",
       _sum("budget", "risk_education_usd", **_BUDGET)),
    _q("residual_capacity_usd", "US$", "budget", "Cost of the residual national capacity.",
       _sum("budget", "residual_capacity_usd", **_BUDGET)),
    _q("risk_education_beneficiaries", "count", "risk_education",
       "People the risk-education plan reaches over the plan (all years).",
       _whole(_sum("risk_education", "beneficiaries"))),
    _q("expenditure_usd", "US$", "expenditure", "Money spent in the past years reported.",
       _sum("expenditure", "amount_usd", **_SPENT)),
    _q("expenditure_national_usd", "US$", "expenditure", "Of it, national money.",
       _sum("expenditure", "amount_usd", source_kind="national")),
    _q("expenditure_international_usd", "US$", "expenditure", "Of it, international money.",
       _sum("expenditure", "amount_usd", source_kind="international")),
    _q("expenditure_international_frac", "0..1", "expenditure",
       "Share of past expenditure that was international.",
       _ratio(_sum("expenditure", "amount_usd", source_kind="international"),
              _sum("expenditure", "amount_usd", **_SPENT))),
    _q("expenditure_first_year", "year", "expenditure", "First year of expenditure reported.",
       _year("expenditure", "min", **_SPENT)),
    _q("expenditure_last_year", "year", "expenditure", "Last year of expenditure reported.",
       _year("expenditure", "max", **_SPENT)),
    _q("casualties", "count", "casualties", "Casualties (killed and injured), all years.",
       _whole(_sum("casualties", "casualties", **_HURT))),
    _q("casualties_killed", "count", "casualties", "People killed, all years.",
       _whole(_sum("casualties", "killed", **_HURT))),
    _q("casualties_child", "count", "casualties", "Casualties under 18, all years.",
       _whole(_sum("casualties", "child", **_HURT))),
    _q("casualties_female", "count", "casualties", "Female casualties, all years.",
       _whole(_sum("casualties", "female", **_HURT))),
    _q("casualties_ap_improvised", "count", "casualties",
       "Casualties of improvised anti-personnel mines, all years.",
       _whole(_sum_or_zero("casualties", "casualties", region=_TOTAL,
                   device_type="ap_improvised"))),
    _q("casualties_first_year", "year", "casualties", "First year of casualty data.",
       _year("casualties", "min", **_HURT)),
    _q("casualties_last_year", "year", "casualties", "Last year of casualty data.",
       _year("casualties", "max", **_HURT)),
    _q("marked_area_m2", "m²", "marking", "Area marked, all years reported.",
       _sum("marking", "area_m2", region=_TOTAL, measure="marked")),
    _q("fenced_area_m2", "m²", "marking", "Area fenced, all years reported.",
       _sum("marking", "area_m2", region=_TOTAL, measure="fenced")),
    _q("previous_baseline_year", "year", "previous_baseline",
       "Year whose end the previous request's baseline describes.",
       _year("previous_baseline", "max")),
    _q("previous_baseline_area_m2", "m²", "previous_baseline",
       "Area the previous request stated as remaining (its regions' rows, every status and "
       "type; its national row when it gives no region).",
       lambda t, s: _sum("previous_baseline", "area_m2", region=_Not(_ALL))(t, s)
       or _sum("previous_baseline", "area_m2", region=_ALL, status=_ALL,
               contamination_type=_ALL)(t, s)),
    _q("p_complete_by_deadline", "0..1", "confidence",
       "Probability of completing Article 5 clearance by the current deadline (the plan's "
       "forecast, on the State's own record).",
       _confidence("p_complete_by_deadline")),
    _q("p_complete_by_requested", "0..1", "confidence",
       "Probability of completing Article 5 clearance by the requested deadline (the plan's "
       "forecast, on the State's own record).",
       _confidence("p_complete_by_requested")),
    _q("p_within_10_years", "0..1", "confidence",
       "Probability of completing Article 5 clearance within ten years of the current "
       "deadline (Article 5.3's longest extension).",
       _confidence("p_within_10_years")),
    _q("article5_completion_year_p10", "year", "confidence",
       "Article 5 completion year that one forecast draw in ten reaches (P10).",
       _confidence("article5_completion_year_p10", "year")),
    _q("article5_completion_year_p50", "year", "confidence",
       "Article 5 completion year that half the forecast draws reach (P50).",
       _confidence("article5_completion_year_p50", "year")),
    _q("article5_completion_year_p90", "year", "confidence",
       "Article 5 completion year that nine forecast draws in ten reach (P90).",
       _confidence("article5_completion_year_p90", "year")),
)  # fmt: skip
"""Every figure the text may quote, in the order of the placeholder reference."""


def quoted_values(tables: Tables, summary: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Each figure of :data:`QUOTED` from the request ``tables`` (and the projection's
    ``summary`` for forecast figures); ``None`` where the request does not give it."""
    given = summary or {}
    return {q.name: q.compute(tables, given) for q in QUOTED}


def unavailable_reason(quoted: Quoted, tables: Tables) -> str:
    """Why ``quoted`` has no value in a request of ``tables``, in words."""
    if quoted.table == "confidence" and _rows(tables, quoted.table).empty:
        return (
            "the request carries no forecast (its confidence table is empty: export with "
            "--draws 1 or more)"
        )
    if _rows(tables, quoted.table).empty:
        return f"the request's {quoted.table} table is empty" + (
            f" (give its file as [files] {quoted.table} in country.toml)"
            if quoted.table in ("expenditure", "casualties", "marking", "previous_baseline")
            else ""
        )
    return f"the request's {quoted.table} table does not give it"
