"""``landrelease summary COUNTRY_DIR``: the remaining challenge by region and type."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import pandas as pd

from landrelease.accounting import remaining_challenge
from landrelease.cli.common import printing_warnings
from landrelease.cli.output import format_table, write_csv
from landrelease.cli.stocks import stock_lines
from landrelease.domain.country import Country
from landrelease.io.country import load_country


def register(sub: Any) -> None:
    """Add the ``summary`` command."""
    p: argparse.ArgumentParser = sub.add_parser(
        "summary",
        help="remaining challenge of a country by region and contamination type",
        description="SHA and CHA counts and areas (m²) by region and by contamination type, "
        "with national totals.",
    )
    p.add_argument("country", type=Path, help="a country folder")
    p.add_argument(
        "--csv",
        action="store_true",
        help="machine-readable CSV (one table, a 'group' column says which)",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the remaining challenge."""
    country = printing_warnings(lambda: load_country(args.country))
    by_region = remaining_challenge(country.hazards, "region")
    by_type = remaining_challenge(country.hazards, "contamination_type")
    if args.csv:
        both = pd.concat(
            [
                by_region.rename(columns={"region": "name"}).assign(group="region"),
                by_type.rename(columns={"contamination_type": "name"}).assign(
                    group="contamination_type"
                ),
            ],
            ignore_index=True,
        )
        write_csv(both[["group", *[c for c in both.columns if c != "group"]]])
        return 0
    info = country.info
    label = " (SYNTHETIC sample)" if info.synthetic else ""
    print(f"{info.name}{label}: remaining challenge at {info.baseline_date}")
    print(f"Article 5 deadline: {info.article5_deadline_date}\n")
    print("By region (areas in m²)")
    print(format_table(by_region))
    print("\nBy contamination type (areas in m²)")
    print(format_table(by_type))
    total = by_region.iloc[-1]
    print(
        f"\nNational total: {int(total['hazard_count']):,} areas, "
        f"{total['area_m2'] / 1e6:,.2f} km² ({total['sha_area_m2'] / 1e6:,.2f} km² SHA, "
        f"{total['cha_area_m2'] / 1e6:,.2f} km² CHA)"
    )
    note = history_note(country)
    if note:
        print(f"\n{note}")
    lines = stock_lines(country)
    if lines:
        print("\n".join(lines))
    return 0


def history_note(country: Country) -> str | None:
    """What the release history is made of, when its methods were not recorded (closed
    hazards of an export used as history); ``None`` otherwise."""
    releases = country.releases
    if "method_recorded" not in releases:
        return None
    assumed = releases[~releases["method_recorded"].fillna(True).astype(bool)]
    if assumed.empty:
        return None
    years = assumed["year"].dropna().astype(int)
    source = country.source_files.get("hazards")
    return (
        f"Release history: {len(assumed):,} closed hazards"
        + (f" of {source.name}" if source is not None else "")
        + f" ({assumed['area_m2'].sum() / 1e6:,.2f} km² closed {years.min()}-{years.max()}). "
        "How they were released is not recorded: they count as "
        + ", ".join(sorted(set(assumed["method"].dropna())))
        + " in yearly totals and are left out of calibrated release shares."
    )
