"""Funding: is the plan costed, how much of it is secured, how much depends on international
funds, and is there a resource-mobilisation figure for the gap (Oslo Action Plan #43)? A
plan fully covered by secured money is asked nothing about mobilising money.

Cost per m² against past costs is not checked yet (the expenditure table, where a pack has
it, is not compared with the plan's cost per m²).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from landrelease.reports.request import RequestPack
from landrelease.review.checks.common import (
    TOTAL,
    actions,
    currency,
    differs,
    fmt,
    header_date,
    num,
    table,
    text,
)
from landrelease.review.checks.registry import check
from landrelease.review.findings import Finding
from landrelease.review.thresholds import limit, severity

__all__ = [
    "FUNDED_WARNING_PCT",
    "costed",
    "deadline_on_unsecured_money",
    "funded_share",
    "international",
]

FUNDED_WARNING_PCT = limit("funded_share", "funded_pct")
"""A plan with less than this share of its cost covered by secured money is a warning
(``thresholds.toml``)."""
INTERNATIONAL_WARNING_PCT = limit("international", "international_pct")
"""A plan this share or more of whose cost international money pays is a warning."""

_FUNDING = ("national_usd", "international_secured_usd", "international_expected_usd")


def _years(pack: RequestPack) -> dict[str, np.ndarray] | None:
    """Budget year rows (no Total): the plan's cost (``cost_usd`` here: the budget's
    ``planned_cost_usd``, or ``cost_usd`` in a pack that has no planned cost), national,
    international secured and expected."""
    budget = table(pack, "budget", "year", *_FUNDING)
    if budget is None:
        return None
    plan = next((c for c in ("planned_cost_usd", "cost_usd") if c in budget.columns), None)
    if plan is None:
        return None
    rows = text(budget, "year") != TOTAL
    out = {c: np.nan_to_num(num(budget, c)[rows]) for c in _FUNDING}
    out["cost_usd"] = np.nan_to_num(num(budget, plan)[rows])
    out["position"] = np.flatnonzero(rows)
    return out


def _total_row(pack: RequestPack) -> int | None:
    budget = table(pack, "budget", "year")
    if budget is None:
        return None
    hit = np.flatnonzero(text(budget, "year") == TOTAL)
    return int(hit[0]) + 2 if len(hit) else None


@check("costed", group="money")
def costed(pack: RequestPack, history: pd.DataFrame | None) -> list[Finding]:
    """The plan is costed (total ``planned_cost_usd`` > 0) and has funding lines (national
    or international money in some year); either missing is an error."""
    years = _years(pack)
    if years is None:
        return []
    row, cur = _total_row(pack), currency(pack)
    findings = []
    cost = float(years["cost_usd"].sum())
    if not cost > 0:
        findings.append(
            Finding(
                check="costed",
                severity=severity("costed", "not_costed"),
                message="The work plan is not costed: the budget's total cost is "
                f"{fmt(cost, 'usd', cur)}.",
                sheet="budget",
                row=row,
                column="planned_cost_usd",
                figures={"planned_cost_usd": cost},
                question="Could the State please provide the cost of the work plan per year "
                "(survey and clearance teams, programme costs, risk education and residual "
                f"capacity){actions(pack, 'costed')}?",
            )
        )
    money = float(sum(years[c].sum() for c in _FUNDING))
    if not money > 0:
        findings.append(
            Finding(
                check="costed",
                severity=severity("costed", "no_funding"),
                message="The budget has no funding lines: national, international secured "
                "and international expected funding are all zero.",
                sheet="budget",
                row=row,
                column="national_usd",
                figures={"funding_usd": money},
                question="Could the State please indicate the national contribution and the "
                "international funding secured or expected for each year of the plan?",
            )
        )
    return findings


@check("funded_share", group="money")
def funded_share(pack: RequestPack, history: pd.DataFrame | None) -> list[Finding]:
    """Share of the plan's cost covered by secured money, Σ min(planned_cost, national +
    international secured) / Σ planned_cost over the years: noted (info), a warning below
    50%; the rest is the funding gap, Σ max(planned_cost − secured, 0). A plan with no gap
    is not asked about money. A gap with no international funding expected to close it is a
    warning (no resource mobilisation figures, Oslo Action Plan #43)."""
    years = _years(pack)
    if years is None:
        return []
    cost = years["cost_usd"]
    total = float(cost.sum())
    if not total > 0:
        return []
    row, cur = _total_row(pack), currency(pack)
    secured = years["national_usd"] + years["international_secured_usd"]
    covered = float(np.minimum(cost, secured).sum())
    with_expected = float(np.minimum(cost, secured + years["international_expected_usd"]).sum())
    gap, share = total - covered, 100 * covered / total
    if not differs(gap, 0.0):
        return []
    expected = float(years["international_expected_usd"].sum())
    figures = {
        "planned_cost_usd": total,
        "covered_by_secured_usd": covered,
        "funding_gap_usd": gap,
        "funded_pct": share,
        "covered_with_expected_usd": with_expected,
    }
    findings = [
        Finding(
            check="funded_share",
            severity=severity(
                "funded_share", "funded_pct" if share < FUNDED_WARNING_PCT else "record"
            ),
            message=f"Secured money covers {fmt(covered, 'usd', cur)} of the plan's "
            f"{fmt(total, 'usd', cur)} ({fmt(share, 'pct')}); the gap is "
            f"{fmt(gap, 'usd', cur)}, {fmt(with_expected, 'usd', cur)} covered counting "
            "international funding expected but not secured.",
            sheet="budget",
            row=row,
            column="secured_usd",
            figures=figures,
            question=f"Only {fmt(share, 'pct')} of the plan's cost ({fmt(covered, 'usd', cur)} "
            f"of {fmt(total, 'usd', cur)}) is secured. Could the State please describe how it "
            f"will mobilise the remaining {fmt(gap, 'usd', cur)}, and how the plan would "
            "change if that money is not found?",
        )
    ]
    if not expected > 0:
        findings.append(
            Finding(
                check="funded_share",
                severity=severity("funded_share", "no_mobilisation"),
                message=f"The plan has a funding gap of {fmt(gap, 'usd', cur)} but no "
                "international funding is expected: there are no resource-mobilisation "
                "figures.",
                sheet="budget",
                row=row,
                column="international_expected_usd",
                figures={"funding_gap_usd": gap, "international_expected_usd": expected},
                question=f"Could the State please share its resource-mobilisation plan for "
                f"the gap of {fmt(gap, 'usd', cur)}{actions(pack, 'funded_share')}, including "
                "the partners it intends to approach?",
            )
        )
    return findings


@check("international", group="money")
def international(pack: RequestPack, history: pd.DataFrame | None) -> list[Finding]:
    """Dependence on international funding: the share of the plan's cost paid by
    international money (secured + expected), each year's cost split in proportion to the
    year's national and international funding; a warning from 80%, else noted (info) unless
    secured money covers the whole plan (then there is no question about money)."""
    years = _years(pack)
    if years is None:
        return []
    cost = years["cost_usd"]
    foreign = years["international_secured_usd"] + years["international_expected_usd"]
    money = years["national_usd"] + foreign
    use = (cost > 0) & (money > 0)
    if not use.any():
        return []
    paid_abroad = float((cost[use] * foreign[use] / money[use]).sum())
    total = float(cost[use].sum())
    share = 100 * paid_abroad / total
    dependent = share >= INTERNATIONAL_WARNING_PCT
    secured = years["national_usd"] + years["international_secured_usd"]
    if not dependent and not differs(float(np.maximum(cost - secured, 0.0).sum()), 0.0):
        return []
    cur = currency(pack)
    return [
        Finding(
            check="international",
            severity=severity("international", "international_pct" if dependent else "record"),
            message=f"International funding (secured and expected) pays for about "
            f"{fmt(paid_abroad, 'usd', cur)} of the plan's {fmt(total, 'usd', cur)} "
            f"({fmt(share, 'pct')}); national funding for {fmt(100 - share, 'pct')}.",
            sheet="budget",
            row=_total_row(pack),
            column="international_secured_usd",
            figures={
                "international_usd": paid_abroad,
                "planned_cost_usd": total,
                "international_pct": share,
            },
            question=f"As about {fmt(share, 'pct')} of the plan depends on international "
            "funding, could the State please indicate which commitments are multi-year and "
            "how the national contribution could grow over the extension period?",
        )
    ]


def _case_year(cases: pd.DataFrame, name: str) -> tuple[bool, int | None, int]:
    """Whether the cases table has ``name``; its Article 5 completion year; its position."""
    hit = np.flatnonzero(text(cases, "case") == name)
    if len(hit) == 0:
        return False, None, -1
    year = num(cases, "article5_completion_year")[hit[0]]
    return True, None if np.isnan(year) else int(year), int(hit[0])


@check("deadline_on_unsecured_money", group="money")
def deadline_on_unsecured_money(pack: RequestPack, history: pd.DataFrame | None) -> list[Finding]:
    """The plan reaches the requested deadline only with money that is expected but not
    secured: its ``plan`` case completes Article 5 clearance by the header's
    ``requested_deadline_date`` and its ``secured_only`` case (the same plan, expected
    funding not counted) does not. An error (``thresholds.toml``): the date rests on
    pledges not yet made."""
    cases = table(pack, "cases", "case", "article5_completion_year")
    requested, _ = header_date(pack, "requested_deadline_date")
    if cases is None or requested is None:
        return []
    has_plan, plan, _ = _case_year(cases, "plan")
    has_secured, secured, row = _case_year(cases, "secured_only")
    if not (has_plan and has_secured) or plan is None:
        return []

    def reaches(year: int | None) -> bool:
        return year is not None and dt.date(year, 12, 31) <= requested

    if not reaches(plan) or reaches(secured):
        return []
    when = "not within the plan's horizon" if secured is None else f"in {secured}"
    return [
        Finding(
            check="deadline_on_unsecured_money",
            severity=severity("deadline_on_unsecured_money", "unsecured_deadline"),
            message=f"The plan reaches the requested deadline ({requested.isoformat()}) only "
            f"with expected funding that is not secured: it completes in {plan}, but with "
            f"secured money only Article 5 completion is {when}.",
            sheet="cases",
            row=row + 2,
            column="article5_completion_year",
            figures={
                "requested_deadline": requested.isoformat(),
                "plan_completion_year": plan,
                "secured_only_completion_year": secured,
            },
            question=f"The work plan completes in {plan} only if funding that is expected "
            "but not yet secured materialises; with secured funding alone completion would "
            f"be {when}. Could the State please indicate how likely these pledges are, and "
            "how the plan and the deadline would change without them?",
        )
    ]
