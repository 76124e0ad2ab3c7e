"""Reconciliation, region by region: previous baseline − released + new finds = current
baseline, against the Article 7 stocks and the history (domain primer §5: figures agree with
earlier Article 7 reports and the previous request; §8: stock(t−1) − released(t) + new(t) ±
revision(t) = stock(t)). The stocks come from :mod:`~landrelease.review.checks.stock_ledger`.

A pack without the ``previous_baseline`` and ``stocks`` tables (made before they were
added) is not checked here: the review says so.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from landrelease.accounting import annual_release
from landrelease.reports.request import RequestPack
from landrelease.reports.request.public import OTHER_REGIONS
from landrelease.review.checks.common import TOTAL, fmt, fmt_km2, num, table, text, year_label
from landrelease.review.checks.registry import NotChecked, check
from landrelease.review.checks.stock_ledger import (
    NATIONAL,
    Point,
    baseline_year,
    current_stock,
    ledger,
    released,
    stated_stock,
)
from landrelease.review.findings import Finding
from landrelease.review.thresholds import limit, severity

__all__ = ["baseline_revision", "previous_request_regions", "progress_history", "stock_flow"]

_NO_STOCKS = (
    "the pack has no previous_baseline or stocks table (packs made before they were "
    "added), or both are empty"
)
_PROGRESS = (
    "cancelled_area_m2",
    "reduced_area_m2",
    "cleared_area_m2",
    "released_by_survey_area_m2",
    "released_unspecified_area_m2",
    "released_area_m2",
)


def _stated(pack: RequestPack, what: str) -> tuple[dict[str, list[Point]], dict[str, list[Point]]]:
    previous, stocks = stated_stock(pack, "previous_baseline"), stated_stock(pack, "stocks")
    if not previous and not stocks:
        raise NotChecked(what, _NO_STOCKS)
    return previous, stocks


def _merged(pack: RequestPack) -> bool:
    """A public pack that merged small regions (their area is in "Other regions")."""
    rc = table(pack, "remaining_challenge", "region")
    return rc is not None and bool((text(rc, "region") == OTHER_REGIONS).any())


@check("previous_request_regions", group="consistency")
def previous_request_regions(pack: RequestPack, history: pd.DataFrame | None) -> list[Finding]:
    """A region with area in the previous request's baseline (or in the Article 7 stocks)
    that is absent from the remaining challenge, although the release recorded there since
    does not account for 95% of that area, is an error naming the region and the area that
    went missing (not checked for a public pack whose small regions were merged)."""
    previous, stocks = _stated(pack, "regions of the previous baseline still accounted for")
    year = baseline_year(pack)
    current = current_stock(pack)
    if year is None or not current or _merged(pack):
        return []
    flows = released(pack, history)
    findings = []
    for region in dict.fromkeys([*previous, *stocks]):
        if region == NATIONAL or (region in current and current[region].area_m2 > 1.0):
            continue
        known = [p for p in [*previous.get(region, []), *stocks.get(region, [])] if p.year <= year]
        if not known:
            continue
        last = max(known, key=lambda p: (p.year, p.sheet == "stocks"))
        since = range(last.year + 1, year + 1)
        out = sum(flows[0].get((region, y), 0.0) for y in since) if flows else 0.0
        missing = last.area_m2 - out
        if not missing > 1.0 or out >= limit("previous_request_regions", "accounted_frac") * (
            last.area_m2
        ):
            continue
        where = (
            "the previous request's baseline"
            if last.sheet == "previous_baseline"
            else ("the Article 7 stocks")
        )
        recorded = (
            f"; {fmt(out, 'm2')} was released there in {since.start}–{since.stop - 1}"
            if len(since)
            else ""
        )
        findings.append(
            Finding(
                check="previous_request_regions",
                severity=severity("previous_request_regions", "accounted_frac"),
                message=f"Region {region} held {fmt_km2(last.area_m2)} at the end of "
                f"{last.year} ({where}{', ' + last.source if last.source else ''})"
                f"{recorded}, but it is absent from the remaining challenge: "
                f"{fmt_km2(missing)} is not accounted for.",
                sheet=last.sheet,
                row=last.position + 2,
                column="area_m2",
                figures={
                    "region": region,
                    "stated_area_m2": last.area_m2,
                    "stated_year": last.year,
                    "released_since_m2": out,
                    "unaccounted_m2": missing,
                },
                question=f"Region {region} held {fmt_km2(last.area_m2)} of hazardous area at "
                f"the end of {last.year} ({where}) but does not appear in the remaining "
                f"challenge of this request. Could the State please explain what became of "
                f"these {fmt(missing, 'm2')} (release, re-survey, or an omission) and, if they "
                "remain, include them in the baseline and the work plan?",
            )
        )
    return findings


def _listed(rows: pd.DataFrame) -> str:
    return "; ".join(
        f"{r.from_year}→{r.to_year}: {fmt(r.revision_m2, 'm2')} "
        f"({fmt(100 * r.revision_frac, 'pct')} of {fmt(r.opening_m2, 'm2')})"
        for r in rows.itertuples()
    )


def _judged(frame: pd.DataFrame, parameter: str, check_name: str) -> tuple[pd.DataFrame, ...]:
    """Intervals beyond ``parameter``'s share of the opening stock: (unexplained,
    explained by the source)."""
    beyond = frame[
        (frame["status"] == "reconciled")
        & (frame["revision_frac"].abs() > limit(check_name, parameter))
    ]
    return beyond[~beyond["explained"]], beyond[beyond["explained"]]


def _at(pack: RequestPack, region: str, to_year: int) -> tuple[str, int | None]:
    """Where a stock of ``region`` at ``to_year`` is stated: (sheet, spreadsheet row)."""
    for sheet in ("stocks", "previous_baseline"):
        for p in stated_stock(pack, sheet).get(region, []):
            if p.year == to_year:
                return sheet, p.position + 2
    now = current_stock(pack).get(region)
    return "remaining_challenge", None if now is None else now.position + 2


@check("baseline_revision", group="consistency")
def baseline_revision(pack: RequestPack, history: pd.DataFrame | None) -> list[Finding]:
    """Region by region, from the previous request's baseline through the Article 7 stocks to
    today's remaining challenge: the change that release does not explain (new finds and
    re-survey revisions) above 5% of the region's opening stock is a warning, noted (info)
    when the stock's ``source`` explains it (re-survey, revision, new finds)."""
    _stated(pack, "re-survey revisions of the baseline, region by region")
    frame = ledger(pack, history)
    frame = frame[frame["region"] != NATIONAL]
    findings = []
    for region, rows in frame.groupby("region", sort=False):
        for kind, picked in zip(
            ("revision_frac", "explained"),
            _judged(rows, "revision_frac", "baseline_revision"),
            strict=True,
        ):
            if picked.empty:
                continue
            first = picked.iloc[0]
            sheet, row = _at(pack, str(region), int(first["to_year"]))
            said = f" The source says: {first['closing_source']!r}." if kind == "explained" else ""
            findings.append(
                Finding(
                    check="baseline_revision",
                    severity=severity("baseline_revision", kind),
                    message=f"Region {region}: the stock changed beyond what release explains "
                    f"(new finds and re-survey revisions): {_listed(picked)}.{said}",
                    sheet=sheet,
                    row=row,
                    column="area_m2",
                    figures={
                        "region": str(region),
                        "revision_m2": float(picked["revision_m2"].sum()),
                        "intervals": len(picked),
                        "largest_revision_pct": float(100 * picked["revision_frac"].abs().max()),
                    },
                    question=f"In region {region}, the stated stock moved by more than release "
                    f"explains ({_listed(picked)}). Could the State please explain these "
                    "changes (new areas found, re-survey, corrections of earlier figures) and "
                    "on what evidence the current baseline rests?",
                )
            )
    return findings


@check("stock_flow", group="consistency")
def stock_flow(pack: RequestPack, history: pd.DataFrame | None) -> list[Finding]:
    """National stock–flow across every pair of consecutive years of the stocks table (and
    from its last year to today's remaining challenge): stock(t) = stock(t−1) − released(t)
    + new finds ± revision; a remainder above 5% of the opening stock, or a year missing
    from the series, is a break (warning; noted when the stock's ``source`` explains it);
    a stock for the baseline year more than 0.5% from the remaining challenge is a
    warning."""
    stocks = stated_stock(pack, "stocks").get(NATIONAL, [])
    if not stocks:
        raise NotChecked(
            "stock–flow across the years of the Article 7 stocks",
            "the pack has no stocks table (packs made before it was added), or it is empty",
        )
    frame = ledger(pack, history)
    frame = frame[frame["region"] == NATIONAL]
    gaps = frame[frame["to_year"] - frame["from_year"] > 1]
    unexplained, explained = _judged(frame, "break_frac", "stock_flow")
    findings = []
    for kind, picked in (("break_frac", unexplained), ("explained", explained)):
        if kind == "break_frac":
            picked = pd.concat([picked, gaps]).drop_duplicates(["from_year", "to_year"])
        if picked.empty:
            continue
        picked = picked.sort_values("from_year")
        first = picked.iloc[0]
        sheet, row = _at(pack, NATIONAL, int(first["to_year"]))
        parts = [
            f"{r.from_year}→{r.to_year}: no stock for "
            f"{', '.join(str(y) for y in range(r.from_year + 1, r.to_year))}"
            if r.to_year - r.from_year > 1
            else f"{r.from_year}→{r.to_year}: {fmt(r.revision_m2, 'm2')} "
            f"({fmt(100 * r.revision_frac, 'pct')} of {fmt(r.opening_m2, 'm2')})"
            for r in picked.itertuples()
        ]
        findings.append(
            Finding(
                check="stock_flow",
                severity=severity("stock_flow", kind),
                message="The national stock does not follow from the year before and the year's "
                f"release (remainder: new finds and revisions): {'; '.join(parts)}.",
                sheet=sheet,
                row=row,
                column="area_m2",
                figures={"breaks": len(picked), "first_year": int(first["to_year"])},
                question="The national stocks reported year by year do not reconcile with the "
                f"release in between ({'; '.join(parts)}). Could the State please explain each "
                "change (new areas found, re-survey, reclassification) so that stocks and "
                "flows add up?",
            )
        )
    return findings + _baseline_stock(pack, stocks)


def _baseline_stock(pack: RequestPack, stocks: list[Point]) -> list[Finding]:
    """The stocks table's figure for the baseline year against the remaining challenge."""
    year, now = baseline_year(pack), current_stock(pack).get(NATIONAL)
    same = [p for p in stocks if p.year == year]
    if not same or now is None or not now.area_m2 > 0:
        return []
    stated = same[0]
    gap = stated.area_m2 - now.area_m2
    if not abs(gap) > limit("stock_flow", "baseline_frac") * now.area_m2:
        return []
    return [
        Finding(
            check="stock_flow",
            severity=severity("stock_flow", "baseline_frac"),
            message=f"The stocks table gives {fmt(stated.area_m2, 'm2')} at the end of {year}, "
            f"the remaining challenge {fmt(now.area_m2, 'm2')} (difference {fmt(gap, 'm2')}).",
            sheet="stocks",
            row=stated.position + 2,
            column="area_m2",
            figures={"stocks_m2": stated.area_m2, "remaining_m2": now.area_m2, "year": year},
            question=f"The Article 7 stock for the end of {year} ({fmt(stated.area_m2, 'm2')}) "
            f"differs from the remaining challenge of this request ({fmt(now.area_m2, 'm2')}). "
            "Could the State please say which figure is correct, and why they differ?",
        )
    ]


@check("progress_history", group="consistency")
def progress_history(pack: RequestPack, history: pd.DataFrame | None) -> list[Finding]:
    """The progress table's national ``Total`` rows agree with the release history, year by
    year and method by method, within 0.5% (rounding of reported figures): a year where they
    disagree is an error (when a history is given)."""
    if history is None or history.empty:
        raise NotChecked(
            "progress table against the release history",
            "no release history was given (landrelease review --history)",
        )
    pr = table(pack, "progress", "year", "region", "released_area_m2")
    if pr is None:
        return []
    record = annual_release(history).set_index("year")
    national = np.flatnonzero(text(pr, "region") == TOTAL)
    tolerance = limit("progress_history", "tolerance_frac")
    findings = []
    for pos, year in zip(national, num(pr, "year")[national], strict=True):
        if np.isnan(year) or int(year) not in record.index:
            continue
        off = []
        for col in (c for c in _PROGRESS if c in pr.columns):
            stated, kept = float(np.nan_to_num(num(pr, col)[pos])), float(record.at[int(year), col])
            if abs(stated - kept) > max(1.0, tolerance * max(abs(stated), abs(kept))):
                off.append((col, stated, kept))
        if not off:
            continue
        col, stated, kept = off[0]
        listed = "; ".join(f"{c}: {fmt(s, 'm2')} against {fmt(k, 'm2')}" for c, s, k in off)
        findings.append(
            Finding(
                check="progress_history",
                severity=severity("progress_history", "tolerance_frac"),
                message=f"progress row {pos + 2} (Total, {year_label(year)}) disagrees with the "
                f"release history: {listed}.",
                sheet="progress",
                row=int(pos) + 2,
                column=col,
                figures={
                    "year": int(year),
                    "stated": stated,
                    "history": kept,
                    "difference": stated - kept,
                },
                question=f"For {year_label(year)} the request reports {fmt(stated, 'm2')} "
                f"({col}) whereas the State's release records give {fmt(kept, 'm2')}. Could "
                "the State please confirm which figure is correct and correct the other?",
            )
        )
    return findings
