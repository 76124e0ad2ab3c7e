"""Donors' funding lines and earmarked money: what an earmark pays, and what it cannot.

Money earmarked to a team kind (a :class:`~landrelease.scenario.model.FundingLine` with an
``earmark``) pays that kind's team cost of the year first, up to the kind's planned cost in
the year (its teams while their stage has work). What it cannot spend — the kind has no
work that year, or fewer teams than the money pays for — stays **unspent**: it is never
moved to other kinds (that is what an earmark means) and is reported
(``earmark_unspent_usd`` of :func:`line_table`). The rest of the money (national money and
unearmarked international money, named or not) pays fixed programme and risk-education
costs, then the teams' remaining cost in the spending order, each kind in full before the
next (:func:`~landrelease.engine.kernels.funded_fraction`).

More earmarked money never pays fewer team-years of any kind in any year: its own kind gets
at least as much, and the cost it leaves to the pooled money only falls, so every kind after
it in the spending order gets at least as much too.

Every international line, named or not, is multiplied by ``[funding] international_scale``;
expected lines count only with ``count_expected``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from landrelease.engine.kernels import funded_fraction
from landrelease.scenario.model import Funding, FundingLine, YearValues

__all__ = [
    "AGGREGATE_DONOR",
    "LINE_COLUMNS",
    "LineMoney",
    "drawn_lines",
    "idle_earmarks",
    "line_money",
    "line_table",
    "pay_with_earmarks",
]

AGGREGATE_DONOR = ""
"""Donor of the aggregate rows of :func:`line_table` (national money, and the international
money of no named donor: ``international_secured_usd_per_year`` and
``international_expected_usd_per_year``); reports label them."""
LINE_COLUMNS = (
    "donor",
    "status",
    "earmark",
    "year",
    "pledged_usd",
    "counted_usd",
    "earmark_spent_usd",
    "earmark_unspent_usd",
)
"""Columns of :func:`line_table`."""


@dataclass(frozen=True)
class LineMoney:
    """Named donors' money per year (US$, after ``international_scale``): the secured and
    the expected lines' totals; by team kind, the earmarked money counted
    (``earmarked_usd``: secured, plus expected when the scenario counts it) and, counted or
    not, the secured and the expected earmarked money (only kinds with some)."""

    secured_usd: np.ndarray
    expected_usd: np.ndarray
    earmarked_usd: dict[str, np.ndarray]
    earmarked_secured_usd: dict[str, np.ndarray]
    earmarked_expected_usd: dict[str, np.ndarray]


def _counted(line: FundingLine, count_expected: bool) -> bool:
    return line.status == "secured" or count_expected


def line_money(funding: Funding, years: np.ndarray) -> LineMoney:
    """The named lines' money over ``years`` (see :class:`LineMoney`)."""
    n = len(years)
    secured, expected = np.zeros(n), np.zeros(n)
    earmarked: dict[str, np.ndarray] = {}
    by_status: dict[str, dict[str, np.ndarray]] = {"secured": {}, "expected": {}}
    for line in funding.lines:
        usd = line.over(years) * funding.international_scale
        if line.status == "secured":
            secured = secured + usd
        else:
            expected = expected + usd
        if line.earmark is None:
            continue
        own = by_status[line.status]
        own[line.earmark] = own.get(line.earmark, np.zeros(n)) + usd
        if _counted(line, funding.count_expected):
            earmarked[line.earmark] = earmarked.get(line.earmark, np.zeros(n)) + usd
    return LineMoney(secured, expected, earmarked, by_status["secured"], by_status["expected"])


def idle_earmarks(
    money: LineMoney | None, team_usd: Mapping[str, np.ndarray], rows: slice
) -> tuple[np.ndarray | float, np.ndarray | float]:
    """Earmarked money the plan as designed cannot use in the kept years ``rows`` (US$ a
    year): secured, then expected, beyond its kind's planned team cost ``team_usd`` (by kind,
    over the kept years), secured money first. It is no money for the plan's funding gap:
    it can pay nothing else. ``(0.0, 0.0)`` without earmarks."""
    if money is None or not (money.earmarked_secured_usd or money.earmarked_expected_usd):
        return 0.0, 0.0
    idle_secured: np.ndarray | float = 0.0
    idle_expected: np.ndarray | float = 0.0
    for kind in sorted({*money.earmarked_secured_usd, *money.earmarked_expected_usd}):
        cost = team_usd[kind]
        zero = np.zeros(len(money.secured_usd))
        secured = money.earmarked_secured_usd.get(kind, zero)[rows]
        expected = money.earmarked_expected_usd.get(kind, zero)[rows]
        idle_secured = idle_secured + np.maximum(secured - cost, 0.0)
        idle_expected = idle_expected + np.maximum(expected - np.maximum(cost - secured, 0.0), 0.0)
    return idle_secured, idle_expected


def pay_with_earmarks(
    team_cost_usd: np.ndarray,
    earmarked_usd: np.ndarray,
    other_cost_usd: np.ndarray,
    funding_usd: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Share (0..1) of each kind's planned team cost that the money pays for, per year, and
    the earmarked money spent (US$), both (kinds × years).

    Parameters
    ----------
    team_cost_usd : (kinds × years) planned team cost, the kinds in spending order.
    earmarked_usd : (kinds × years) money earmarked to each kind (counted), same order.
    other_cost_usd : fixed programme and risk-education cost per year (paid by pooled money).
    funding_usd : all money counted per year, earmarked money included.
    """
    cost = np.asarray(team_cost_usd, dtype=float)
    earmarked = np.asarray(earmarked_usd, dtype=float)
    spent = np.minimum(earmarked, cost)
    rest = cost - spent
    pooled = np.maximum(np.asarray(funding_usd, dtype=float) - earmarked.sum(axis=0), 0.0)
    pool_frac = funded_fraction(rest, other_cost_usd, pooled)
    paid = spent + pool_frac * rest
    with np.errstate(divide="ignore", invalid="ignore"):
        frac = np.where(cost > 0, paid / np.where(cost > 0, cost, 1.0), pool_frac)
    return np.clip(frac, 0.0, 1.0), spent


def drawn_lines(
    lines: Sequence[FundingLine],
    years: np.ndarray,
    secured_factor: float,
    expected_arrives: np.ndarray,
) -> tuple[FundingLine, ...]:
    """The lines as one forecast draw has them: secured lines times the draw's
    ``secured_factor``; expected lines only in the years their money arrives
    (``expected_arrives``: 1 or 0 per year, the draw of every expected line of that year)."""
    out = []
    for line in lines:
        if line.status == "secured":
            usd = line.usd.scaled(secured_factor)
        else:
            values = line.usd.over(years) * expected_arrives
            usd = YearValues(tuple((int(y), float(v)) for y, v in zip(years, values, strict=True)))
        out.append(
            FundingLine(
                line.donor,
                line.status,
                usd,
                line.from_year,
                line.to_year,
                line.earmark,
                line.source,
            )
        )
    return tuple(out)


def line_table(
    funding: Funding,
    years: np.ndarray,
    national_usd: np.ndarray,
    earmark_spent_usd: Mapping[str, np.ndarray],
) -> pd.DataFrame:
    """Each funding line's money per year (:data:`LINE_COLUMNS`): the aggregate lines
    (donor :data:`AGGREGATE_DONOR`, status ``national``, ``secured``, ``expected``), then the
    named lines in the scenario's order.

    ``pledged_usd``: the line's money in the year (after ``international_scale``);
    ``counted_usd``: what the plan counts (expected money only with ``count_expected``);
    ``earmark_spent_usd``: what an earmarked line paid for its kind's teams — the kind's
    earmarked money spent (``earmark_spent_usd`` by kind, per year) shared among its lines
    pro rata of their counted money; ``earmark_unspent_usd``: counted minus spent.
    """
    f = funding
    n = len(years)
    zero = np.zeros(n)
    scale = f.international_scale
    rows: list[tuple[str, str, str | None, np.ndarray, np.ndarray, np.ndarray]] = [
        (AGGREGATE_DONOR, "national", None, national_usd, national_usd, zero),
    ]
    for status, values in (
        ("secured", f.international_secured_usd),
        ("expected", f.international_expected_usd),
    ):
        usd = values.over(years) * scale
        counted = usd if status == "secured" or f.count_expected else zero
        rows.append((AGGREGATE_DONOR, status, None, usd, counted, zero))
    counted_by_kind: dict[str, np.ndarray] = {}
    for line in f.lines:
        if line.earmark is not None and _counted(line, f.count_expected):
            usd = line.over(years) * scale
            counted_by_kind[line.earmark] = counted_by_kind.get(line.earmark, zero) + usd
    for line in f.lines:
        usd = line.over(years) * scale
        counted = usd if _counted(line, f.count_expected) else zero
        spent = zero
        if line.earmark is not None:
            total = counted_by_kind.get(line.earmark, zero)
            kind_spent = earmark_spent_usd.get(line.earmark, zero)
            with np.errstate(divide="ignore", invalid="ignore"):
                spent = np.where(total > 0, kind_spent * counted / np.where(total > 0, total, 1), 0)
        rows.append((line.donor, line.status, line.earmark, usd, counted, spent))
    frames = [
        pd.DataFrame(
            {
                "donor": donor,
                "status": status,
                "earmark": earmark,
                "year": np.asarray(years, dtype=np.int64),
                "pledged_usd": pledged,
                "counted_usd": counted,
                "earmark_spent_usd": spent,
                "earmark_unspent_usd": np.maximum(counted - spent, 0.0)
                if earmark is not None
                else zero,
            }
        )
        for donor, status, earmark, pledged, counted, spent in rows
    ]
    return pd.concat(frames, ignore_index=True)[list(LINE_COLUMNS)]
