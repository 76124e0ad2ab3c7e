"""``landrelease track COUNTRY_DIR [--previous-request FILE.xlsx] [--out FILE.csv]``: plan
versus actual — the milestones of the previous request against the release the State
reported since (Oslo Action Plan #20)."""

from __future__ import annotations

import argparse
import math
from pathlib import Path
from typing import Any

import pandas as pd

from landrelease.cli.common import country_and_scenarios
from landrelease.cli.output import format_table
from landrelease.cli.review import read_input
from landrelease.errors import LandreleaseError
from landrelease.export.writers import write_csv
from landrelease.io.request_read import read_request
from landrelease.reports.request import RequestPack
from landrelease.review.track import milestones_from_country, milestones_from_pack, plan_vs_actual

__all__ = ["SHOWN_COLUMNS", "milestones_from_request", "register", "run"]

SHOWN_COLUMNS = {
    "year": "year",
    "region": "region",
    "method": "method",
    "target_area_m2": "target_m2",
    "achieved_area_m2": "achieved_m2",
    "achieved_pct": "achieved_%",
    "cumulative_target_m2": "cum_target_m2",
    "cumulative_achieved_m2": "cum_achieved_m2",
    "gap_carried_forward_m2": "gap_carried_m2",
}
"""Columns of the printed table (the CSV keeps the full names of ``TRACK_COLUMNS``)."""


def register(sub: Any) -> None:
    """Add the ``track`` command."""
    p: argparse.ArgumentParser = sub.add_parser(
        "track",
        help="plan versus actual: previous milestones against the release reported since",
        description="Compare the milestones of the previous request (the [[milestones]] of "
        "country.toml, or the yearly Total rows of a previous request's work plan) with the "
        "country's release history: per year the target, the area achieved (m²), the share "
        "achieved, the running sums and the gap carried forward (cumulative target − "
        "cumulative achieved; negative is ahead of plan). Years the history does not cover "
        "have no achievement.",
    )
    p.add_argument("country", type=Path, help="a country folder (its release history is used)")
    p.add_argument(
        "--previous-request",
        type=Path,
        help="a request workbook (.xlsx) or CSV folder whose work-plan Total rows are the "
        "milestones (default: the country's [[milestones]])",
    )
    p.add_argument("--out", type=Path, help="also write the table as CSV (FILE.csv)")
    p.set_defaults(run=run)


def milestones_from_request(pack: RequestPack) -> pd.DataFrame:
    """National milestones of a previous request: its work plan's yearly ``Total`` release
    (m²); the targets in its progress table (the request before it) are not taken."""
    plan_only = {name: t for name, t in pack.tables.items() if name == "work_plan"}
    return milestones_from_pack(RequestPack(tables=plan_only))


def _summary(table: pd.DataFrame) -> str:
    """The last year the history covers: cumulative achieved against target, and the gap."""
    national = table[(table["region"] == "Total") & table["achieved_area_m2"].notna()]
    if national.empty:
        return "No milestone year is covered by the release history."
    lines = []
    for method, rows in national.groupby("method", sort=False):
        last = rows.iloc[-1]
        target, done = float(last["cumulative_target_m2"]), float(last["cumulative_achieved_m2"])
        share = f" ({100 * done / target:.1f}%)" if target > 0 else ""
        gap = float(last["gap_carried_forward_m2"])
        ahead = "behind plan" if gap > 0 else "ahead of plan" if gap < 0 else "on plan"
        lines.append(
            f"{int(rows['year'].iloc[0])}–{int(last['year'])} ({method}): achieved "
            f"{done:,.0f} m² of {target:,.0f} m²{share}; gap carried forward "
            f"{gap:,.0f} m² ({ahead})"
        )
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Print the plan-versus-actual table; write it as CSV with ``--out``."""
    if args.out is not None and args.out.suffix.lower() != ".csv":
        raise LandreleaseError(f"{args.out}: give a .csv file for --out")
    country, _ = country_and_scenarios(args.country, [])
    if args.previous_request is not None:
        pack = read_input("previous request", args.previous_request, read_request)
        milestones = milestones_from_request(pack)
        source = f"work plan of {args.previous_request.name}"
    else:
        milestones = milestones_from_country(country.info)
        source = "country.toml [[milestones]]"
    if milestones.empty:
        raise LandreleaseError(
            f"no milestones to track: {source} has none; add [[milestones]] (year, area_m2) "
            "to country.toml or give --previous-request"
        )
    table = plan_vs_actual(milestones, country.releases)
    history = country.releases["year"]
    covered = f"{int(history.min())}–{int(history.max())}" if len(history) else "no years"
    print(
        f"Plan versus actual for {country.info.name}: milestones from {source}; release "
        f"history {covered}. Areas in m²; gap > 0 is behind plan, < 0 ahead."
    )
    shown = table.rename(columns=SHOWN_COLUMNS)
    shown["year"] = shown["year"].astype(str)  # no thousands separator in years
    shown["achieved_%"] = shown["achieved_%"].map(
        lambda v: "" if v is None or math.isnan(v) else f"{v:.1f}"
    )
    print(format_table(shown))
    print(_summary(table))
    if args.out is not None:
        path = write_csv(table, args.out)
        print(f"wrote {path}: {len(table)} rows")
    return 0
