"""``landrelease required-funding COUNTRY_DIR --scenario NAME --by YEAR``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from landrelease.cli.common import country_and_scenarios
from landrelease.engine.funding import required_funding


def register(sub: Any) -> None:
    """Add the ``required-funding`` command."""
    p: argparse.ArgumentParser = sub.add_parser(
        "required-funding",
        help="least yearly international funding to finish by a year",
        description="The smallest yearly international funding with which the country "
        "completes Article 5 clearance by the end of a given year.",
    )
    p.add_argument("country", type=Path, help="a country folder")
    p.add_argument("--scenario", default="baseline", help="scenario name or TOML file")
    p.add_argument("--by", type=int, required=True, dest="by_year", help="target year")
    p.add_argument(
        "--mode",
        choices=("flat", "scale"),
        default="flat",
        help="flat: one amount every year; scale: the scenario's profile scaled",
    )
    p.add_argument(
        "--scope",
        choices=("article5", "all"),
        default="article5",
        help="areas that must be finished: AP-mined (article5) or all",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the requirement; exit 0 when reachable, 1 when capacity binds."""
    country, (scenario,) = country_and_scenarios(args.country, [args.scenario])
    req = required_funding(country, scenario, args.by_year, mode=args.mode, scope=args.scope)
    name = f"{country.info.name}, scenario {scenario.name}"
    if not req.reachable:
        print(f"{name}: completion by {args.by_year} is {req.reason}")
        return 1
    assert req.amount_usd_per_year is not None
    if args.mode == "flat":
        what = f"US${req.amount_usd_per_year:,.0f} of international funding every year"
    else:
        what = (
            f"the international profile × {req.scale:.3f} "
            f"(US${req.amount_usd_per_year:,.0f} in the first year)"
        )
    print(f"{name}: completes by {args.by_year} (in {req.completion_year}) with {what}.")
    return 0
