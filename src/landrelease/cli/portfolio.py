"""``landrelease portfolio COUNTRY_DIR... --budget-usd-per-year X --objective OBJ --out DIR``:
split a yearly budget of additional money across countries (:mod:`landrelease.portfolio`)."""

from __future__ import annotations

import argparse
import math
from pathlib import Path
from typing import Any

from landrelease.cli.common import (
    country_and_scenarios,
    draw_progress,
    process_pool,
    reference_realisation,
)
from landrelease.errors import LandreleaseError
from landrelease.export.output_set import LONG_FILE
from landrelease.export.portfolio_write import PORTFOLIO_FILES, portfolio_long, write_portfolio
from landrelease.forecast.result import percent
from landrelease.io.manifest import MANIFEST_FILE
from landrelease.portfolio import prepare
from landrelease.portfolio.objectives import OBJECTIVES, parse_objective
from landrelease.portfolio.run import DEFAULT_STEPS_PER_COUNTRY, portfolio


def register(sub: Any) -> None:
    """Add the ``portfolio`` command."""
    p: argparse.ArgumentParser = sub.add_parser(
        "portfolio",
        help="split a yearly budget of additional money across countries",
        description="Split a yearly budget of additional secured international money, on "
        "top of what each country's scenario counts, across countries to maximise one "
        "objective, over each country's forecast draws (the same draws at every amount). "
        "Prints the allocation, the objective against an equal split and the current "
        "pledges, and the marginal value of one more US$1M a year; writes "
        + " and ".join(PORTFOLIO_FILES)
        + f" (with --format long also {LONG_FILE}), then {MANIFEST_FILE}.",
    )
    p.add_argument("countries", type=Path, nargs="+", metavar="COUNTRY_DIR")
    p.add_argument("--scenario", default="baseline", help="scenario of every country")
    p.add_argument(
        "--budget-usd-per-year", type=_usd, required=True, help="the yearly budget (US$)"
    )
    p.add_argument("--objective", required=True, help=f"one of {', '.join(OBJECTIVES)}")
    p.add_argument(
        "--max-usd-per-year",
        action="append",
        default=[],
        metavar="COUNTRY=X",
        help="the most a country may receive (US$ a year; its name or folder); repeat",
    )
    p.add_argument("--draws", type=_whole, default=500, help="draws per country (default 500)")
    p.add_argument("--seed", type=_whole, default=0, help="seed of the draws (default 0)")
    p.add_argument(
        "--steps-per-country",
        type=_whole,
        default=DEFAULT_STEPS_PER_COUNTRY,
        help=f"budget steps per country (default {DEFAULT_STEPS_PER_COUNTRY})",
    )
    p.add_argument(
        "--workers", type=_whole, default=1, help="processes working the draws (default 1)"
    )
    p.add_argument(
        "--format",
        choices=("tables", "long"),
        default="tables",
        help=f"tables: the files only (default); long: also {LONG_FILE}, the long IAMC-style "
        "table of the money allocated and the chance of completion by each year with it "
        "(docs/long_format.md; one more projection a draw)",
    )
    p.add_argument("--out", type=Path, required=True, help="folder to write the files to")
    p.set_defaults(run=run)


def _whole(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None


def _usd(text: str) -> float:
    try:
        value = float(text.replace(",", "").replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an amount in US$ (e.g. 30000000 or 3e7)"
        ) from None
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"{text!r}: give an amount of 0 or more")
    return value


def _limits(specs: list[str], names: dict[str, str]) -> dict[str, float]:
    """``COUNTRY=X`` pairs by country name (``names``: folder or name → name)."""
    out: dict[str, float] = {}
    for spec in specs:
        key, sep, amount = spec.partition("=")
        if not sep or key.strip() not in names:
            raise LandreleaseError(
                f"--max-usd-per-year {spec!r}: give COUNTRY=X with COUNTRY one of "
                f"{', '.join(sorted(set(names)))}"
            )
        try:
            out[names[key.strip()]] = _usd(amount.strip())
        except argparse.ArgumentTypeError as exc:
            raise LandreleaseError(f"--max-usd-per-year {spec!r}: {exc}") from None
    return out


def run(args: argparse.Namespace) -> int:
    """Allocate, print, write."""
    objective = parse_objective(args.objective)
    pairs = [country_and_scenarios(path, [args.scenario]) for path in args.countries]
    countries = [(c, s) for c, (s,) in pairs]
    names = {c.info.name: c.info.name for c, _ in countries}
    names |= {
        path.name: c.info.name for path, (c, _) in zip(args.countries, countries, strict=True)
    }
    limits = _limits(args.max_usd_per_year, names)
    ready = [prepare(c, s, realisation=reference_realisation(c, s)) for c, s in countries]
    long = args.format == "long"
    passes = 3 if long else 2
    with (
        process_pool(args.workers) as executor,
        draw_progress(passes * args.draws * len(countries)) as progress,
    ):
        result = portfolio(
            countries,
            args.budget_usd_per_year,
            objective,
            max_usd_per_year=limits,
            draws=args.draws,
            seed=args.seed,
            steps_per_country=args.steps_per_country,
            executor=executor,
            progress=progress,
            prepared=ready,
            yearly=long,
        )
    s = result.summary
    print(result.allocation.fillna("").to_string(index=False))
    value = s["objective_value"]
    unit = "" if objective.kind == "states_completing" else " km²"
    print(
        f"{objective.label}: allocation {value['allocation']:.2f}{unit}, equal split "
        f"{value['equal_split']:.2f}{unit}, current pledges {value['current_pledges']:.2f}{unit}"
    )
    print("one more US$1M a year:")
    for row in s["countries"]:
        m = row["marginal"]
        print(
            f"  {row['country']}: {m['completion_years_gained']:.2f} completion years, "
            f"{percent(m['probability_gained'])} probability of meeting {row['date']}, "
            f"{m['ap_km2_gained']:.3f} km² of AP area by {m['ap_km2_by_year']}"
        )
    print(f"{s['draws']} draws a country, seed {s['seed']}; {s['solver']}")
    label = f"portfolio {objective.text} US${args.budget_usd_per_year:,.0f}/yr"
    paths = write_portfolio(
        result.allocation,
        s,
        args.out,
        origin=s["provenance"],
        command=getattr(args, "command_line", None),
        long=portfolio_long(result.annual, result.scenarios, label=label) if long else None,
    )
    print(
        f"wrote {len(paths)} files to {args.out}: "
        + ", ".join(p.name for p in paths)
        + f", then {MANIFEST_FILE}"
    )
    return 0
