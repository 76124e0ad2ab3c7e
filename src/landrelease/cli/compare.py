"""``landrelease compare COUNTRY_DIR --scenario A --scenario B``: key figures side by side."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from landrelease.cli.common import country_and_scenarios
from landrelease.engine import project
from landrelease.engine.cases import add_cases
from landrelease.export.writers import write_csv
from landrelease.reports import compare


def register(sub: Any) -> None:
    """Add the ``compare`` command."""
    p: argparse.ArgumentParser = sub.add_parser(
        "compare",
        help="compare scenarios' key figures side by side",
        description="Project several scenarios and show their key figures side by side.",
    )
    p.add_argument("country", type=Path, help="a country folder")
    p.add_argument(
        "--scenario",
        action="append",
        required=True,
        dest="scenarios",
        help="a scenario name or TOML file; repeat for each (2 or more)",
    )
    p.add_argument("--out", type=Path, help="also write the table to this CSV file")
    p.set_defaults(run=run)


def _cell(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.0f}"
    return str(value)


def run(args: argparse.Namespace) -> int:
    """Print (and optionally write) the comparison."""
    country, scenarios = country_and_scenarios(args.country, args.scenarios)
    table = compare([add_cases(country, project(country, s)) for s in scenarios])
    shown = table.drop(columns=["figure"]).copy()
    for col in shown.columns[1:]:
        shown[col] = shown[col].map(_cell)
    print(f"{country.info.name}: scenarios compared\n")
    print(shown.to_string(index=False))
    if table.isna().to_numpy().any():
        print("\n— : not reached within the projection horizon")
    if args.out is not None:
        write_csv(table, args.out)
        print(f"\nwrote {args.out}")
    return 0
