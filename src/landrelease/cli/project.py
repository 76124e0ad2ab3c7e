"""``landrelease project COUNTRY_DIR --scenario NAME --out DIR``: run one projection."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from landrelease.cli.common import country_and_scenarios, printing_warnings
from landrelease.engine import project
from landrelease.export.writers import write_projection
from landrelease.reports import headline


def register(sub: Any) -> None:
    """Add the ``project`` command."""
    p: argparse.ArgumentParser = sub.add_parser(
        "project",
        help="project land release year by year under a scenario",
        description="Project land release under a scenario; write annual.csv, "
        "annual_by_region.csv, annual_by_type.csv, schedule.csv and summary.json.",
    )
    p.add_argument("country", type=Path, help="a country folder")
    p.add_argument(
        "--scenario",
        default="baseline",
        help="a scenario name in the country's scenarios/ folder, or a TOML file "
        "(default: baseline)",
    )
    p.add_argument("--out", type=Path, help="folder to write the tables to")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Project, print the headline, write the tables when asked."""
    country, (scenario,) = country_and_scenarios(args.country, [args.scenario])
    result = printing_warnings(lambda: project(country, scenario))
    print(headline(result))
    if args.out is not None:
        paths = write_projection(result, args.out)
        print(f"wrote {len(paths)} files to {args.out}: " + ", ".join(p.name for p in paths))
    return 0
