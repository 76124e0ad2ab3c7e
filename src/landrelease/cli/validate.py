"""``landrelease validate PATH``: check a country folder or one hazard/release file."""

from __future__ import annotations

import argparse
import warnings
from pathlib import Path
from typing import Any

from landrelease.cli.stocks import stock_lines
from landrelease.cli.summary import history_note
from landrelease.errors import Problem, ValidationError, render_problems, sort_problems
from landrelease.io.country import inspect_country
from landrelease.io.files import read_raw
from landrelease.io.tables import inspect_hazards, inspect_releases


def register(sub: Any) -> None:
    """Add the ``validate`` command."""
    p: argparse.ArgumentParser = sub.add_parser(
        "validate",
        help="check a country folder or a hazard/release file",
        description="Check a country folder (country.toml and its files) or a single hazard "
        "or release file. Prints every problem; exit code 1 when there are errors.",
    )
    p.add_argument("path", type=Path, help="a country folder, or a hazard or release file")
    p.add_argument(
        "--kind",
        choices=("auto", "hazards", "releases"),
        default="auto",
        help="what a single file holds (default: guessed from its columns)",
    )
    p.add_argument(
        "--mapping",
        help="column mapping for a single file: a built-in name (imsma) or a mapping TOML file",
    )
    p.add_argument("--layer", help="layer (GeoPackage) or sheet (XLSX) to read")
    p.add_argument(
        "--brief",
        action="store_true",
        help="list 5 problems of each kind and count the rest (default: list all)",
    )
    p.set_defaults(run=run)


def _guess_kind(path: Path, layer: str | None) -> str:
    columns = {str(c).lower() for c in read_raw(path, layer).attributes.columns}
    return "releases" if "method" in columns else "hazards"


def run(args: argparse.Namespace) -> int:
    """Validate and print problems; 1 if any error was found, else 0."""
    path: Path = args.path
    country = None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # problems are reported below, not as warnings
        try:
            if path.is_dir():
                country, problems = inspect_country(path)
                what = _describe_country(country) if country is not None else ""
            else:
                kind = args.kind if args.kind != "auto" else _guess_kind(path, args.layer)
                if kind == "hazards":
                    table, problems = inspect_hazards(path, args.mapping, args.layer)
                    what = f"{len(table):,} hazards, {table['area_m2'].sum():,.0f} m²"
                else:
                    table, problems = inspect_releases(path, args.mapping, args.layer)
                    what = f"{len(table):,} release records, {table['area_m2'].sum():,.0f} m²"
        except ValidationError as exc:
            problems, what = list(exc.problems), ""
    code = report(path, problems, what, per_kind=5 if args.brief else None)
    note = history_note(country) if country is not None else None
    if note:
        print(note)
    if path.is_dir() and country is not None:
        print("\n".join(stock_lines(country)))
    return code


def _describe_country(country: Any) -> str:
    return (
        f"{country.name}: {len(country.hazards):,} hazards, "
        f"{country.hazards['area_m2'].sum():,.0f} m², "
        f"{len(country.releases):,} release records"
        + ("" if country.stocks is None else f", {len(country.stocks):,} stock records")
    )


def report(path: Path, problems: list[Problem], what: str, per_kind: int | None = None) -> int:
    """Print errors then warnings, each in file and row order; return the exit code."""
    problems = sort_problems(problems)
    errors = [p for p in problems if p.severity == "error"]
    warns = [p for p in problems if p.severity == "warning"]
    for title, group in (("error", errors), ("warning", warns)):
        if group:
            print(f"{len(group)} {title}{'s' if len(group) != 1 else ''}:")
            print("\n".join(render_problems(group, per_kind or len(group))))
    if errors:
        print(
            f"{path}: NOT valid ({len(errors)} error{'s' if len(errors) != 1 else ''}, "
            f"{len(warns)} warning{'s' if len(warns) != 1 else ''})"
        )
        return 1
    print(f"{path}: valid ({what}; {len(warns)} warning{'s' if len(warns) != 1 else ''})")
    return 0
