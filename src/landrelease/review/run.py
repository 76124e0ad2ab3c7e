"""Review a request pack as the Article 5 Committee would: run every registered check, give
a verdict, and compare plan with actual when a release history is given."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from landrelease.reports.request import RequestPack
from landrelease.review.action_plans import in_force, label
from landrelease.review.checks import GROUPS, NOT_CHECKED, REGISTRY, run_all
from landrelease.review.checks.stock_ledger import ledger, stated_stock
from landrelease.review.findings import (
    SEVERITIES,
    Finding,
    findings_table,
    format_figures,
    sort_findings,
)
from landrelease.review.thresholds import Rules, read_rules, using_rules
from landrelease.review.track import milestones_from_pack, plan_vs_actual

__all__ = ["Review", "review_json", "review_markdown", "review_pack", "verdict"]

_HEADINGS = {"error": "Errors", "warning": "Warnings", "info": "Notes"}


@dataclass(frozen=True)
class Review:
    """The outcome of :func:`review_pack`.

    ``findings`` are sorted errors first; ``counts`` maps each severity to its count;
    ``plan_vs_actual`` is the :func:`~landrelease.review.track.plan_vs_actual` table for
    the years the history covers (``None`` without a history); ``checks`` names the checks
    run; ``not_checked`` lists (what, why) the review cannot check from tables, or could not
    check in this pack; ``action_plan`` names the action plan the request is read against
    and why (``action_plans.toml``); ``reconciliation`` is the stock of each region from
    one stated figure to the next (:func:`~landrelease.review.checks.stock_ledger.ledger`;
    ``None`` when the pack states no previous baseline or stocks); ``thresholds`` says which
    thresholds table was used.
    """

    findings: tuple[Finding, ...]
    counts: Mapping[str, int]
    verdict: str
    checks: tuple[str, ...]
    plan_vs_actual: pd.DataFrame | None = None
    not_checked: tuple[tuple[str, str], ...] = NOT_CHECKED
    title: str = "Extension request"
    metadata: Mapping[str, str] = field(default_factory=dict)
    action_plan: str = ""
    reconciliation: pd.DataFrame | None = None
    thresholds: str = ""

    @property
    def table(self) -> pd.DataFrame:
        """Findings as a table (:func:`~landrelease.review.findings.findings_table`)."""
        return findings_table(self.findings)

    @property
    def ok(self) -> bool:
        """True when there is no error."""
        return self.counts.get("error", 0) == 0

    def of(self, severity: str) -> list[Finding]:
        """Findings of one severity."""
        return [f for f in self.findings if f.severity == severity]


def verdict(counts: Mapping[str, int]) -> str:
    """One line: ``No errors; 2 warnings, 3 notes`` or ``3 errors: the request is
    inconsistent or incomplete and needs correction; 1 warning, 0 notes``."""
    e, w, i = (counts.get(s, 0) for s in SEVERITIES)
    rest = f"{w} warning{'s' if w != 1 else ''}, {i} note{'s' if i != 1 else ''}"
    if e == 0:
        return f"No errors; {rest}"
    return (
        f"{e} error{'s' if e != 1 else ''}: the request is inconsistent or incomplete and "
        f"needs correction; {rest}"
    )


def review_pack(
    pack: RequestPack,
    history: pd.DataFrame | None = None,
    *,
    milestones: pd.DataFrame | None = None,
    checks: Sequence[str] | None = None,
    thresholds: Rules | Path | None = None,
) -> Review:
    """Review a request pack.

    Parameters
    ----------
    pack : the request tables (built, or read back with ``read_request``).
    history : the State's release history (``schema("releases")``), optional. The pace
        checks then use it (with its team-years) instead of the progress table, and the
        review compares milestones with it.
    milestones : targets to track (``year``, ``area_m2``, optional ``region``, ``method``);
        default: :func:`~landrelease.review.track.milestones_from_pack`.
    checks : names of the checks to run (default: every registered check).
    thresholds : the severities and thresholds to apply: a table read with
        :func:`~landrelease.review.thresholds.read_rules`, or a TOML file of the rows to
        change (default: the package's ``thresholds.toml``).
    """
    names = list(REGISTRY if checks is None else checks)
    rules = read_rules(thresholds) if isinstance(thresholds, str | Path) else thresholds
    plan = in_force(pack)
    with using_rules(rules) as used:
        run = run_all(pack, history, names)
    found = sort_findings(
        replace(f, actions=label("check", f.check, plan)) if not f.actions else f
        for f in run.findings
    )
    counts = {s: sum(f.severity == s for f in found) for s in SEVERITIES}
    track = None
    if history is not None:
        targets = milestones if milestones is not None else milestones_from_pack(pack)
        table = plan_vs_actual(targets, history)
        track = table[table["achieved_area_m2"].notna()].reset_index(drop=True)
    meta = dict(pack.metadata)
    title = " — ".join(x for x in (meta.get("country"), meta.get("scenario")) if x)
    stated = stated_stock(pack, "previous_baseline") or stated_stock(pack, "stocks")
    return Review(
        findings=tuple(found),
        counts=counts,
        verdict=verdict(counts),
        checks=tuple(sorted(names, key=lambda n: GROUPS.index(REGISTRY[n].group))),
        plan_vs_actual=track,
        not_checked=(*NOT_CHECKED, *dict.fromkeys(run.not_checked)),
        title=title or "Extension request",
        metadata=meta,
        action_plan=plan.describe(),
        reconciliation=ledger(pack, history) if stated else None,
        thresholds=used.origin,
    )


def _cell(value: object) -> str:
    if isinstance(value, float | np.floating):
        number = float(value)
        if math.isnan(number):
            return ""
        if 0 < abs(number) < 1:
            return f"{number:.3f}"
        return f"{number:,.1f}" if abs(number) < 1000 else f"{number:,.0f}"
    return str(value)


def review_markdown(review: Review) -> str:
    """The review as Markdown: verdict and counts, findings by severity (where, what, the
    numbers, the question to the State), plan versus actual, what was not checked."""
    lines = [f"# Committee review: {review.title}", "", f"**Verdict:** {review.verdict}", ""]
    if review.action_plan:
        lines += [f"**Action plan:** {review.action_plan}", ""]
    lines += ["| severity | findings |", "| --- | ---: |"]
    lines += [f"| {s} | {review.counts.get(s, 0)} |" for s in SEVERITIES]
    for severity in SEVERITIES:
        items = review.of(severity)
        lines += ["", f"## {_HEADINGS[severity]} ({len(items)})", ""]
        if not items:
            lines.append("None.")
        for n, f in enumerate(items, 1):
            where = f.location()
            lines.append(f"{n}. **{f.check}**{f' ({where})' if where else ''}: {f.message}")
            if f.figures:
                lines.append(f"   - Figures: {format_figures(f.figures)}")
            if f.question:
                lines.append(f"   - Question to the State: {f.question}")
            if f.actions:
                lines.append(f"   - Action plan: {f.actions}")
    if review.plan_vs_actual is not None:
        lines += ["", "## Plan versus actual", ""]
        table = review.plan_vs_actual
        if table.empty:
            lines.append("No milestone year is covered by the release history.")
        else:
            lines += _table_lines(table, "")
            lines += ["", "gap_carried_forward_m2 > 0: behind plan; < 0: ahead of plan."]
    if review.reconciliation is not None:
        lines += ["", "## Reconciliation of the stock", ""]
        lines += _table_lines(review.reconciliation, "No two stated stocks to reconcile.")
        lines += [
            "",
            "revision_m2 = closing − opening + released: new finds and re-survey revisions "
            "(> 0: the stock grew beyond what release explains).",
        ]
    lines += ["", "## Not checked", ""]
    lines += [f"- {what}: {why}." for what, why in review.not_checked]
    if review.thresholds:
        lines += ["", f"Severities and thresholds: {review.thresholds}."]
    lines += ["", "## Checks run", ""]
    lines += [
        f"- `{name}` ({REGISTRY[name].group}): {REGISTRY[name].rule}"
        for name in review.checks
        if name in REGISTRY
    ]
    return "\n".join(lines) + "\n"


def _table_lines(table: pd.DataFrame, empty: str) -> list[str]:
    """A table as Markdown lines (``empty`` when it has no row)."""
    if table.empty:
        return [empty]
    cols = list(table.columns)
    lines = ["| " + " | ".join(cols) + " |", "| " + " | ".join(["---"] * len(cols)) + " |"]
    for row in table.itertuples(index=False):
        lines.append("| " + " | ".join(_cell(v) for v in row) + " |")
    return lines


def _plain(value: Any) -> Any:
    """JSON-ready: numpy scalars to Python, NaN and NA to None."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NA:
        return None
    return value


def review_json(review: Review) -> dict[str, Any]:
    """The review as a JSON-ready dict: ``title``, ``verdict``, ``counts``, ``findings``
    (each :meth:`Finding.as_dict`), ``plan_vs_actual`` (records or ``None``),
    ``reconciliation`` (records or ``None``), ``action_plan``, ``not_checked``,
    ``thresholds`` and ``checks`` (name, group, rule)."""
    track, stock = review.plan_vs_actual, review.reconciliation
    return _plain(
        {
            "title": review.title,
            "verdict": review.verdict,
            "ok": review.ok,
            "counts": dict(review.counts),
            "findings": [f.as_dict() for f in review.findings],
            "plan_vs_actual": None if track is None else track.to_dict(orient="records"),
            "reconciliation": None if stock is None else stock.to_dict(orient="records"),
            "action_plan": review.action_plan,
            "not_checked": [{"what": w, "why": y} for w, y in review.not_checked],
            "thresholds": review.thresholds,
            "checks": [
                {"name": n, "group": REGISTRY[n].group, "rule": REGISTRY[n].rule}
                for n in review.checks
                if n in REGISTRY
            ],
        }
    )
