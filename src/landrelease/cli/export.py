"""``landrelease export COUNTRY_DIR --scenario NAME --out FILE.xlsx|FILE.docx|DIR [--public]
[--submission-date YYYY-MM-DD] [--draws N] [--seed K]``: write the Article 5
extension-request pack, with how likely its dates are (a forecast of the plan and its cases:
the ``confidence`` table and, in the DOCX, the fan chart)."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from landrelease.cli.common import (
    country_and_scenarios,
    draw_progress,
    process_pool,
    reference_realisation,
)
from landrelease.cli.forecast import default_workers
from landrelease.domain.country import Country
from landrelease.engine import project
from landrelease.engine.cases import CASES
from landrelease.export.request_write import request_format, write_request
from landrelease.forecast import ForecastResult, forecast
from landrelease.reports.request import PUBLIC_OMITTED, build_request_pack
from landrelease.reports.request.public import DEFAULT_MIN_GROUP, OTHER_REGIONS
from landrelease.scenario import Scenario

_WHAT = {"xlsx": "workbook", "docx": "request document", "csv": "CSV folder"}
PACK_DRAWS = 500
"""Draws of the pack's forecast by default: the plan and its three cases in seconds, with
probabilities within about ±4 percentage points (±2.7 near 10% or 90%) of what infinitely
many draws would give; ``landrelease forecast`` (1,000 by default) goes further."""


def register(sub: Any) -> None:
    """Add the ``export`` command."""
    p: argparse.ArgumentParser = sub.add_parser(
        "export",
        help="write the extension request (XLSX tables, DOCX document or CSV folder)",
        description="Project under a scenario and write the Article 5 extension request: "
        "an .xlsx workbook (one sheet per table, the narrative sheet, then metadata), a "
        ".docx document (every section in the agreed order with its text from the "
        "country's narrative/ folder, captioned tables and charts) or, for a path without "
        "extension, a folder of CSV files. Files are written atomically.",
    )
    p.add_argument("country", type=Path, help="a country folder")
    p.add_argument(
        "--scenario",
        default="baseline",
        help="a scenario name in the country's scenarios/ folder, or a TOML file "
        "(default: baseline)",
    )
    p.add_argument(
        "--out",
        type=Path,
        required=True,
        help="FILE.xlsx, FILE.docx, or a folder for CSV files",
    )
    p.add_argument(
        "--public",
        action="store_true",
        help="leave out the list of areas (identifiers and coordinates of areas not yet "
        "released) and merge region rows built from fewer than --min-group areas, for "
        "publication",
    )
    p.add_argument(
        "--min-group",
        type=_areas,
        default=DEFAULT_MIN_GROUP,
        metavar="N",
        help=f"with --public: fewest areas behind any region row; smaller ones are merged "
        f"into '{OTHER_REGIONS}' within their contamination type, national totals "
        f"unchanged (default: {DEFAULT_MIN_GROUP}; 1 merges nothing)",
    )
    p.add_argument(
        "--submission-date",
        type=_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="the date the request is submitted, stated in its header; it selects the "
        "action plan the request is read against (default: today)",
    )
    p.add_argument(
        "--draws",
        type=_draws,
        default=PACK_DRAWS,
        metavar="N",
        help="draws of the forecast of the plan and its cases behind the confidence table "
        f"and the DOCX fan chart (default {PACK_DRAWS}; 0: no forecast, the confidence "
        "table left empty)",
    )
    p.add_argument(
        "--seed",
        type=_draws,
        default=0,
        metavar="K",
        help="seed of the forecast's draws (default 0): the same seed gives the same figures",
    )
    p.set_defaults(run=run)


def _date(text: str) -> dt.date:
    """``--submission-date``: a date as YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; expected YYYY-MM-DD") from None


def _draws(text: str) -> int:
    """``--draws`` and ``--seed``: a whole number, 0 or more."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number (0 or more)")
    return value


def _areas(text: str) -> int:
    """``--min-group``: a whole number of areas, 1 or more."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of areas (1 or more)")
    return value


def merged_message(metadata: Mapping[str, str]) -> str:
    """What a public pack merged, from its metadata, as one line for the terminal."""
    n = metadata.get("public_min_group", str(DEFAULT_MIN_GROUP))
    merged = metadata.get("public_merged", "none")
    if n == "1":
        return "no region row merged (--min-group 1)"
    if merged == "none":
        return f"no region row is built from fewer than {n} areas; nothing merged"
    return (
        f"merged region rows built from fewer than {n} areas into '{OTHER_REGIONS}' "
        f"(national totals unchanged): {merged}"
    )


def run(args: argparse.Namespace) -> int:
    """Project, build the pack, write it; print what was written."""
    fmt = request_format(args.out)  # fail on a bad extension before projecting
    country, (scenario,) = country_and_scenarios(args.country, [args.scenario])
    result = project(country, scenario)
    likely = _forecast(country, scenario, getattr(args, "draws", 0), getattr(args, "seed", 0))
    pack = build_request_pack(
        country,
        result,
        public=args.public,
        min_group=args.min_group,
        submission_date=getattr(args, "submission_date", None),
        forecast=likely,
    )
    path = write_request(
        pack,
        args.out,
        result=result,
        command=getattr(args, "command_line", None),
        forecast=likely,
    )
    kind = "public " if args.public else ""
    left_out = f"; left out: {', '.join(PUBLIC_OMITTED)}" if args.public else ""
    print(
        f"wrote {kind}{_WHAT[fmt]} {path}: {len(pack.tables)} tables and metadata "
        f"for {country.info.name}, scenario {scenario.name}{left_out}"
    )
    if args.public:
        print(merged_message(pack.metadata))
    if likely is None:
        print("no forecast (--draws 0): the confidence table is empty")
    else:
        print(
            f"forecast of the plan and its cases ({likely.n_draws} draws, seed {likely.seed}): "
            f"{likely.headline()}"
        )
    return 0


def _forecast(
    country: Country, scenario: Scenario, draws: int, seed: int
) -> ForecastResult | None:
    """The forecast of the plan and every case behind the pack (``None`` for 0 draws), with
    a progress bar on a terminal; the draws run on the machine's cores, as ``landrelease
    forecast`` runs them (the same figures whatever the number of processes)."""
    if draws == 0:
        return None
    with draw_progress(draws * len(CASES)) as progress, process_pool(default_workers()) as pool:
        return forecast(
            country,
            scenario,
            draws=draws,
            seed=seed,
            cases=tuple(CASES),
            executor=pool,
            progress=progress,
            realisation=reference_realisation(country, scenario),
        )
