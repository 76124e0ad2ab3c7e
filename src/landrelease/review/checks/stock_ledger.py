"""The stock of each region through time, as the pack states it: the previous request's
baseline (``previous_baseline``), the Article 7 stocks of past years (``stocks``) and today's
remaining challenge, with the release between them (the history if given, else the
progress table). Stock(t) = stock(t−1) − released(t) + new finds(t) ± revision(t); the pack
does not tell new finds from revisions, so the remainder is both (``revision_m2``).

:func:`ledger` is the table the reconciliation checks judge and the review shows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import pandas as pd

from landrelease.accounting import annual_release
from landrelease.reports.request import RequestPack
from landrelease.reports.request.public import OTHER_REGIONS
from landrelease.review.checks.common import (
    ALL,
    TOTAL,
    header_date,
    num,
    table,
    text,
)

__all__ = [
    "EXPLAINED_BY",
    "LEDGER_COLUMNS",
    "NATIONAL",
    "Point",
    "baseline_year",
    "chain",
    "current_stock",
    "ledger",
    "released",
    "stated_stock",
]

NATIONAL = "national"
"""Region label of national figures in the ledger."""
_NATIONAL_LABELS = {ALL, TOTAL, ""}
EXPLAINED_BY = re.compile(
    r"re-?survey|revis|reclassif|correct|discover|found|new (area|contamination|find)"
    r"|cancel|recount|re-?assess",
    re.IGNORECASE,
)
"""Words in a stock's ``source`` that explain a change release does not: a re-survey, a
revision or correction, a reclassification, new finds."""
LEDGER_COLUMNS = (
    "region",
    "from_year",
    "to_year",
    "opening_m2",
    "released_area_m2",
    "closing_m2",
    "revision_m2",
    "revision_frac",
    "closing_source",
    "explained",
    "status",
)
"""Columns of :func:`ledger`."""


@dataclass(frozen=True)
class Point:
    """A stated stock of a region at the end of ``year`` (m²), where it is stated (sheet,
    table position) and its source."""

    year: int
    area_m2: float
    sheet: str
    position: int
    source: str


def _picked(rows: pd.DataFrame) -> np.ndarray:
    """Positions (in ``rows``) of a region-year's least detailed breakdown: the row for all
    statuses and types, else the types (all statuses), else the statuses (all types), else
    every row."""
    status = text(rows, "status") if "status" in rows.columns else np.full(len(rows), ALL)
    kind = (
        text(rows, "contamination_type")
        if "contamination_type" in rows.columns
        else np.full(len(rows), ALL)
    )
    status_all, kind_all = status == ALL, kind == ALL
    for pick in (status_all & kind_all, status_all, kind_all, ~status_all & ~kind_all):
        if pick.any():
            return np.flatnonzero(pick)
    return np.arange(len(rows))


def stated_stock(pack: RequestPack, sheet: str) -> dict[str, list[Point]]:
    """Region (:data:`NATIONAL` for ``all``/``Total`` rows) → its stated stocks, by year, from
    ``stocks`` or ``previous_baseline``; a year without a national row gets the sum of its
    regions. Empty when the table is missing or has no row."""
    frame = table(pack, sheet, "year", "region", "area_m2")
    if frame is None or frame.empty:
        return {}
    years, regions, areas = num(frame, "year"), text(frame, "region"), num(frame, "area_m2")
    sources = text(frame, "source") if "source" in frame.columns else np.full(len(frame), "")
    keys = pd.DataFrame({"year": years, "region": regions}).dropna(subset=["year"])
    out: dict[str, list[Point]] = {}
    for (year, region), group in keys.groupby(["year", "region"], sort=True):
        at = group.index.to_numpy()[_picked(frame.loc[group.index])]
        label = NATIONAL if region in _NATIONAL_LABELS else str(region)
        source = next((str(s) for s in sources[at] if s), "")
        point = Point(int(year), float(np.nansum(areas[at])), sheet, int(at[0]), source)
        out.setdefault(label, []).append(point)
    national = {p.year for p in out.get(NATIONAL, [])}
    regional = [p for r, ps in out.items() if r != NATIONAL for p in ps]
    for year in sorted({p.year for p in regional} - national):
        parts = [p for p in regional if p.year == year]
        first = min(parts, key=lambda p: p.position)
        total = float(sum(p.area_m2 for p in parts))
        out.setdefault(NATIONAL, []).append(Point(year, total, sheet, first.position, ""))
    return {r: sorted(ps, key=lambda p: p.year) for r, ps in out.items()}


def current_stock(pack: RequestPack) -> dict[str, Point]:
    """Region (:data:`NATIONAL` for ``Total``) → today's remaining area (the remaining
    challenge's ``all`` row) at the baseline year."""
    rc = table(pack, "remaining_challenge", "region", "contamination_type", "area_m2")
    year = baseline_year(pack)
    if rc is None or year is None:
        return {}
    out = {}
    for pos in np.flatnonzero(text(rc, "contamination_type") == ALL):
        region = str(text(rc, "region")[pos])
        label = NATIONAL if region in _NATIONAL_LABELS else region
        area = float(np.nan_to_num(num(rc, "area_m2")[pos]))
        out[label] = Point(year, area, "remaining_challenge", int(pos), "this request")
    return out


def baseline_year(pack: RequestPack) -> int | None:
    """The year whose end today's remaining challenge describes (header ``baseline_date``)."""
    date, _ = header_date(pack, "baseline_date")
    return None if date is None else date.year


def released(
    pack: RequestPack, history: pd.DataFrame | None
) -> tuple[dict[tuple[str, int], float], range, str] | None:
    """(region, year) → area released (m², every method; region :data:`NATIONAL` for the
    nation), the years the record covers, and the record's name: the history if given, else
    the progress table. ``None`` when neither has a year."""
    if history is not None and not history.empty:
        by_region = annual_release(history, by=("region",))
        national = annual_release(history)
        out = {
            (str(r), int(y)): float(a)
            for r, y, a in zip(
                by_region["region"], by_region["year"], by_region["released_area_m2"], strict=True
            )
        }
        out |= {
            (NATIONAL, int(y)): float(a)
            for y, a in zip(national["year"], national["released_area_m2"], strict=True)
        }
        years = national["year"].astype(int)
        return out, range(int(years.min()), int(years.max()) + 1), "the release history"
    pr = table(pack, "progress", "year", "region", "released_area_m2")
    if pr is None:
        return None
    years = num(pr, "year")
    keep = ~np.isnan(years)
    if not keep.any():
        return None
    out = {}
    for region, year, area in zip(
        text(pr, "region")[keep], years[keep], num(pr, "released_area_m2")[keep], strict=True
    ):
        label = NATIONAL if region in _NATIONAL_LABELS else str(region)
        key = (label, int(year))
        out[key] = out.get(key, 0.0) + float(np.nan_to_num(area))
    span = range(int(years[keep].min()), int(years[keep].max()) + 1)
    return out, span, "the progress table"


def chain(
    region: str,
    pack: RequestPack,
    previous: dict[str, list[Point]],
    stocks: dict[str, list[Point]],
    current: dict[str, Point],
) -> list[Point]:
    """The stated stocks of ``region`` in time order: the previous request's baseline, the
    Article 7 stocks after it and before the baseline year, and today's remaining area (when
    the region is in the remaining challenge)."""
    year = baseline_year(pack)
    start = previous.get(region, [])[-1:]
    after = start[0].year if start else None
    points = list(start)
    points += [
        p
        for p in stocks.get(region, [])
        if (after is None or p.year > after) and (year is None or p.year < year)
    ]
    if region in current:
        points.append(current[region])
    return points


def ledger(pack: RequestPack, history: pd.DataFrame | None) -> pd.DataFrame:
    """Each region's stock from one stated figure to the next: opening and closing stock,
    the release in between, and the remainder, ``revision_m2`` = closing − opening +
    released (new finds and re-survey revisions: positive, the stock grew beyond what
    release explains), with ``revision_frac`` of the opening stock and whether the closing
    stock's ``source`` explains it (:data:`EXPLAINED_BY`). ``status``: ``reconciled`` or
    ``no release record`` (a year of the interval outside the record: not reconciled).

    Regions in the order of the remaining challenge, then those it no longer has; the
    nation last (:data:`NATIONAL`). Columns :data:`LEDGER_COLUMNS`.
    """
    previous = stated_stock(pack, "previous_baseline")
    stocks = stated_stock(pack, "stocks")
    current = current_stock(pack)
    flows = released(pack, history)
    rows = []
    order = [r for r in current if r != NATIONAL]
    order += [r for r in [*previous, *stocks] if r not in order and r != NATIONAL]
    for region in dict.fromkeys([*order, NATIONAL]):
        if region == OTHER_REGIONS:
            continue
        if region == NATIONAL:
            points = _national_points(previous, stocks, current, baseline_year(pack))
        else:
            points = chain(region, pack, previous, stocks, current)
        for a, b in pairwise(points):
            rows.append(_interval(region, a, b, flows, stocks))
    frame = pd.DataFrame(rows, columns=list(LEDGER_COLUMNS))
    return frame.astype({"from_year": "int64", "to_year": "int64", "explained": bool})


def _national_points(
    previous: dict[str, list[Point]],
    stocks: dict[str, list[Point]],
    current: dict[str, Point],
    year: int | None,
) -> list[Point]:
    """The nation's chain: every Article 7 stock before the baseline year (else the previous
    request's baseline), then today's total."""
    points = [p for p in stocks.get(NATIONAL, []) if year is None or p.year < year]
    if not points:
        points = previous.get(NATIONAL, [])[-1:]
    if NATIONAL in current:
        points.append(current[NATIONAL])
    return points


def _interval(
    region: str,
    a: Point,
    b: Point,
    flows: tuple[dict[tuple[str, int], float], range, str] | None,
    stocks: dict[str, list[Point]],
) -> dict[str, object]:
    years = range(a.year + 1, b.year + 1)
    covered = flows is not None and all(y in flows[1] for y in years)
    out = float(sum(flows[0].get((region, y), 0.0) for y in years)) if covered and flows else 0.0
    revision = b.area_m2 - a.area_m2 + out if covered else np.nan
    source = b.source
    if b.sheet == "remaining_challenge":
        same_year = [p for p in stocks.get(region, []) if p.year == b.year]
        source = same_year[0].source if same_year else ""
    return {
        "region": region,
        "from_year": a.year,
        "to_year": b.year,
        "opening_m2": a.area_m2,
        "released_area_m2": out if covered else np.nan,
        "closing_m2": b.area_m2,
        "revision_m2": revision,
        "revision_frac": revision / a.area_m2 if covered and a.area_m2 > 0 else np.nan,
        "closing_source": source,
        "explained": bool(EXPLAINED_BY.search(source)),
        "status": "reconciled" if covered else "no release record",
    }
