"""``landrelease project COUNTRY_DIR --scenario NAME --out DIR``: run one projection."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from landrelease.cli.common import country_and_scenarios
from landrelease.engine import project
from landrelease.engine.cases import add_cases
from landrelease.errors import LandreleaseError
from landrelease.export.output_set import LONG_FILE, write_projection
from landrelease.io.manifest import MANIFEST_FILE
from landrelease.reports import headline
from landrelease.reports.provenance import provenance


def register(sub: Any) -> None:
    """Add the ``project`` command."""
    p: argparse.ArgumentParser = sub.add_parser(
        "project",
        help="project land release year by year under a scenario",
        description="Project land release under a scenario, and its cases (secured money "
        "only, today's teams, no access gained); write annual.csv, annual_by_region.csv, "
        "annual_by_type.csv, schedule.csv, funding_by_donor.csv (each donor's money and what it "
        "paid for) and summary.json (with the cases) into a folder, "
        f"with --format long also {LONG_FILE} (docs/long_format.md), "
        f"then {MANIFEST_FILE} (the files' and the inputs' SHA-256). Only these files are "
        "replaced; other files in the folder are left alone.",
    )
    p.add_argument("country", type=Path, help="a country folder")
    p.add_argument(
        "--scenario",
        default="baseline",
        help="a scenario name in the country's scenarios/ folder, or a TOML file "
        "(default: baseline)",
    )
    p.add_argument(
        "--out", type=Path, help="folder to write the tables to (created if needed; may be .)"
    )
    p.add_argument(
        "--format",
        choices=("tables", "long"),
        default="tables",
        help=f"tables: the tables only (default); long: also {LONG_FILE}, the long IAMC-style "
        "table (model, scenario, region, variable, unit, year, value) that stacks with other "
        "countries and runs (needs --out)",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Project, print the headline, write the tables when asked."""
    long = getattr(args, "format", "tables") == "long"
    if long and args.out is None:
        raise LandreleaseError(
            f"--format long writes {LONG_FILE} into the --out folder; give --out FOLDER"
        )
    country, (scenario,) = country_and_scenarios(args.country, [args.scenario])
    result = add_cases(country, project(country, scenario))
    print(headline(result))
    if args.out is not None:
        paths = write_projection(
            result,
            args.out,
            origin=provenance(country, scenario),
            command=getattr(args, "command_line", None),
            long=long,
        )
        print(
            f"wrote {len(paths)} files to {args.out}: "
            + ", ".join(p.name for p in paths)
            + f", then {MANIFEST_FILE}"
        )
    return 0
