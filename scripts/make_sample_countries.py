#!/usr/bin/env python
"""Generate the three SYNTHETIC sample countries shipped in ``sample_countries/``.

A thin wrapper around :mod:`landrelease.samples` (the generator is part of the package;
``landrelease samples DIR`` writes the same files). After writing, every country is read back
with geopandas and checked (counts, areas re-measured in EPSG:6933, validity, overlaps, the
release table), and a summary per country is printed.

Usage::

    python scripts/make_sample_countries.py [--out sample_countries] [--no-check]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from landrelease.samples import check_country, write_samples


def main() -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("sample_countries"),
        help="output folder (default: sample_countries)",
    )
    parser.add_argument("--no-check", action="store_true", help="skip the read-back check")
    args = parser.parse_args()
    folders = write_samples(args.out)
    for folder in folders:
        print(f"wrote {folder}")
    if args.no_check:
        return
    failed = False
    for folder in folders:
        print(f"\n== {folder.name.capitalize()} ({folder})")
        result = check_country(folder)
        print("\n".join(result.summary))
        for p in result.problems:
            print(f"  PROBLEM: {p}")
        failed |= bool(result.problems)
    if failed:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
