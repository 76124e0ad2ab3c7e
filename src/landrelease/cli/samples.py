"""``landrelease samples DIR [--force]``: write the three SYNTHETIC sample countries.

The samples are made by :mod:`landrelease.samples` (seeded, so every run writes the same
files). A sample's folder that exists and is not empty, or an index README that is not the
samples' own, is left alone unless ``--force`` is given.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from landrelease.errors import LandreleaseError
from landrelease.samples import INDEX_FILE, INDEX_README, SAMPLE_NAMES, write_samples

__all__ = ["existing_files", "register", "run"]


def register(sub: Any) -> None:
    """Add the ``samples`` command."""
    p: argparse.ArgumentParser = sub.add_parser(
        "samples",
        help="write the three synthetic sample countries into a folder",
        description="Write the sample countries "
        + ", ".join(SAMPLE_NAMES)
        + " (SYNTHETIC: invented countries in open ocean) into DIR, one folder each with "
        "country.toml, a hazard file, releases.csv, scenarios/ and a README, plus an index "
        f"{INDEX_FILE}. DIR is created if missing. Existing sample folders are not "
        "overwritten unless --force is given.",
    )
    p.add_argument("dir", type=Path, help="the folder to write the samples into")
    p.add_argument(
        "--force",
        action="store_true",
        help="overwrite the samples' files where the folders already exist (other files, "
        "e.g. your own scenarios, are kept)",
    )
    p.set_defaults(run=run)


def existing_files(out: Path) -> list[Path]:
    """What writing the samples into ``out`` would overwrite: non-empty country folders,
    and an index README with other content than the samples' own."""
    found = [
        out / name
        for name in SAMPLE_NAMES
        if (out / name).exists() and (not (out / name).is_dir() or any((out / name).iterdir()))
    ]
    index = out / INDEX_FILE
    if index.exists() and (
        not index.is_file() or index.read_text(encoding="utf-8", errors="replace") != INDEX_README
    ):
        found.append(index)
    return found


def run(args: argparse.Namespace) -> int:
    """Write the samples; print the folders written and what to do next."""
    out: Path = args.dir
    if out.exists() and not out.is_dir():
        raise LandreleaseError(f"{out} is a file, not a folder; name a folder to write into")
    taken = existing_files(out) if out.is_dir() else []
    if taken and not args.force:
        raise LandreleaseError(
            "not overwriting "
            + ", ".join(str(p) for p in taken)
            + ": already there and not empty. Name another folder, or add --force to "
            "replace the samples' files (your other files are kept)"
        )
    folders = write_samples(out)
    print(f"wrote {len(folders)} SYNTHETIC sample countries (invented, not real data):")
    for folder in folders:
        print(f"  {folder}")
    print(f"\nNext: landrelease app {folders[0]}")
    print(f"  or: landrelease summary {folders[0]}")
    return 0
