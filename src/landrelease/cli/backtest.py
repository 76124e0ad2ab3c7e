"""``landrelease backtest COUNTRY_DIR --as-of YEAR [--horizon N] [--draws N] [--seed K]
[--out DIR]``: forecast from a past year with only what was known then, and compare with
what the country folder records afterwards (error of the P50 remaining area, coverage of
P10–P90, the completion call against the deadline then in force)."""

from __future__ import annotations

import argparse
import math
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd

from landrelease.cli.common import country_and_scenarios
from landrelease.cli.output import format_table
from landrelease.export.output_set import OutputFile, write_set
from landrelease.export.writers import json_text, write_csv_to
from landrelease.forecast.backtest import (
    DEFAULT_BACKTEST_DRAWS,
    DEFAULT_HORIZON_YEARS,
    BacktestResult,
    backtest,
)
from landrelease.forecast.run import MAX_DRAWS, ForecastError
from landrelease.io.manifest import MANIFEST_FILE

__all__ = ["BACKTEST_FILES", "register", "run"]

BACKTEST_FILES = ("backtest.json", "backtest.csv")
"""Files of ``backtest --out`` (then the manifest): every figure, and the yearly table."""
MAX_HORIZON_YEARS = 100
"""As a scenario's horizon (``[period]``)."""


def _whole(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None


def register(sub: Any) -> None:
    """Add the ``backtest`` command."""
    p: argparse.ArgumentParser = sub.add_parser(
        "backtest",
        help="forecast from a past year and compare with what happened since",
        description="Take the country as known at the end of YEAR (the stocks file's stock "
        "then as baseline, the history, milestones and deadline of then), forecast with the "
        "past release's pace and with the plan of that time, and compare with the stocks "
        "recorded afterwards: error of the P50 remaining area, whether the actual fell "
        "inside P10-P90, the completion call against the deadline then in force. With "
        f"--out write {' and '.join(BACKTEST_FILES)}, then {MANIFEST_FILE}.",
    )
    p.add_argument("country", type=Path, help="a country folder with a stocks file")
    p.add_argument("--as-of", type=_whole, required=True, dest="as_of", help="the past year")
    p.add_argument(
        "--horizon",
        type=_whole,
        default=DEFAULT_HORIZON_YEARS,
        help=f"years forecast after it (default {DEFAULT_HORIZON_YEARS})",
    )
    p.add_argument(
        "--draws",
        type=_whole,
        default=DEFAULT_BACKTEST_DRAWS,
        help=f"draws of each forecast (default {DEFAULT_BACKTEST_DRAWS})",
    )
    p.add_argument("--seed", type=_whole, default=0, help="seed of the draws (default 0)")
    p.add_argument("--out", type=Path, help="folder to write the files to (created if needed)")
    p.set_defaults(run=run)


def _millions(v: float) -> str:
    return "" if v is None or (isinstance(v, float) and math.isnan(v)) else f"{v / 1e6:,.2f}"


def _printed(result: BacktestResult) -> None:
    print(
        f"Backtest from the end of {result.as_of_year} (deadline then in force "
        f"{result.deadline_date.isoformat()}); remaining area in km², year end."
    )
    for name, rows in result.table.groupby("forecast", sort=False):
        shown = pd.DataFrame(
            {
                "year": rows["year"].astype(str),
                "actual": rows["actual_remaining_area_m2"].map(_millions),
                "P10": rows["remaining_area_m2_p10"].map(_millions),
                "P50": rows["remaining_area_m2_p50"].map(_millions),
                "P90": rows["remaining_area_m2_p90"].map(_millions),
                "error_%": rows["error_pct"].map(lambda v: "" if math.isnan(v) else f"{v:+.1f}"),
                "in P10-P90": rows["inside_p10_p90"].map({True: "yes", False: "no"}),
            }
        )
        s = result.summary[str(name)]
        call = result.calls[str(name)]
        print(f"\n{name}:")
        print(format_table(shown) if len(shown) else "(no later year has a recorded stock)")
        if s["years_compared"]:
            inside = int(rows["inside_p10_p90"].sum())
            print(
                f"mean absolute error of P50 {s['mean_abs_error_pct']:.1f}%; actual inside "
                f"P10-P90 in {inside} of {s['years_compared']} years "
                f"({100 * s['coverage_p10_p90']:.0f}%)"
            )
        verdict = {True: "right", False: "wrong", None: "not yet known"}[call["right"]]
        print(
            f"completion by {call['deadline_date']}: forecast P = "
            f"{100 * call['p_complete_by_deadline']:.0f}% ({call['forecast']}); actual "
            f"{call['actual']}; the call was {verdict}"
        )


def run(args: argparse.Namespace) -> int:
    """Run the backtest, print it, write the files when asked."""
    if not 1 <= args.horizon <= MAX_HORIZON_YEARS:
        raise ForecastError(f"--horizon {args.horizon}: give 1 to {MAX_HORIZON_YEARS} years")
    if not 1 <= args.draws <= MAX_DRAWS:
        raise ForecastError(f"--draws {args.draws}: give 1 to {MAX_DRAWS:,}")
    country, _ = country_and_scenarios(args.country, [])
    result = backtest(country, args.as_of, horizon=args.horizon, draws=args.draws, seed=args.seed)
    _printed(result)
    if args.out is not None:
        text = json_text(result.as_dict())
        files = [
            OutputFile("backtest.json", lambda h: h.write(text)),
            OutputFile("backtest.csv", partial(write_csv_to, result.table)),
        ]
        paths = write_set(
            args.out,
            files,
            own=BACKTEST_FILES,
            origin=result.provenance,
            command=getattr(args, "command_line", None),
        )
        print(f"wrote {', '.join(p.name for p in paths)} to {args.out}, then {MANIFEST_FILE}")
    return 0
