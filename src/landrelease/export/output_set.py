"""Write a set of files into a folder the user names, safely, with a manifest written last.

The folder is the user's: only the set's own files are replaced (and stale files of the
set, e.g. ``area_list.csv`` of an earlier non-public pack, removed); other files stay
untouched, and the folder itself is never removed, renamed or swapped, so ``--out .`` is
harmless. The order makes an interrupted write detectable:

1. every file is written into a hidden staging folder inside the target (a failure here
   leaves the previous set and its manifest as they were);
2. the previous :data:`~landrelease.io.manifest.MANIFEST_FILE` is removed;
3. each staged file is moved into place (``os.replace``: atomic per file);
4. stale files of the set are removed, then the new manifest is written, atomically.

A kill between 2 and 4 leaves a folder without a manifest, which readers report
(:func:`landrelease.io.manifest.check_output_set`). The staging folder is removed on any
exception, ``KeyboardInterrupt`` and ``SystemExit`` included (the CLI turns SIGTERM into
``SystemExit``).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import IO, Any

from landrelease.engine.result import ProjectionResult
from landrelease.errors import LandreleaseError
from landrelease.export.writers import atomic_write, json_text, write_csv_to
from landrelease.io.manifest import MANIFEST_FILE, MANIFEST_VERSION, read_manifest
from landrelease.reports.donors import donor_totals, funding_by_donor
from landrelease.reports.long_format import long_table
from landrelease.reports.provenance import file_sha256, provenance

__all__ = ["LONG_FILE", "PROJECTION_FILES", "OutputFile", "write_projection", "write_set"]

PROJECTION_FILES = (
    "annual.csv",
    "annual_by_region.csv",
    "annual_by_type.csv",
    "schedule.csv",
    "funding_by_donor.csv",
    "summary.json",
)
"""Files of ``project --out`` (then the manifest)."""
LONG_FILE = "long.csv"
"""The long, IAMC-style table (``project --format long``), beside :data:`PROJECTION_FILES`;
removed from the folder by a later set written without it, so it never goes stale."""


@dataclass(frozen=True)
class OutputFile:
    """One file of a set: its name in the folder and the callback that writes it."""

    name: str
    write: Callable[[IO[Any]], object]
    binary: bool = False


def _stage(files: Sequence[OutputFile], stage: Path) -> list[dict[str, Any]]:
    """Write every file into ``stage``; return the manifest's records of them."""
    records = []
    for f in files:
        path = stage / f.name
        if f.binary:
            with path.open("wb") as handle:
                f.write(handle)
        else:
            with path.open("w", encoding="utf-8", newline="") as handle:
                f.write(handle)
        records.append(
            {"name": f.name, "size_bytes": path.stat().st_size, "sha256": file_sha256(path)}
        )
    return records


def _check_folder(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise LandreleaseError(f"{folder}: exists and is not a folder; give a folder for --out")
    if (folder / MANIFEST_FILE).exists():
        read_manifest(folder)  # raises if it is somebody else's file: never replace it


def write_set(
    folder: str | Path,
    files: Sequence[OutputFile],
    *,
    own: Iterable[str] = (),
    origin: Mapping[str, Any] | None = None,
    command: str | None = None,
    created_utc: dt.datetime | None = None,
) -> list[Path]:
    """Write ``files`` into ``folder`` (created if needed) as one set; manifest last.

    Parameters
    ----------
    folder : the folder the user named; other files in it are left alone.
    files : the set, in order.
    own : every file name this kind of set may hold; those not in ``files`` are removed
        (so no stale file of an earlier set stays beside the new one).
    origin : :func:`~landrelease.reports.provenance.provenance` of the inputs (default: the
        tool version only), copied into the manifest.
    command : the command line that made the set, recorded in the manifest.
    created_utc : time stamp of the manifest (default: now, UTC).

    Returns
    -------
    The paths written, in ``files`` order (the manifest not included).
    """
    folder = Path(folder)
    _check_folder(folder)
    created = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True)
    names = [f.name for f in files]
    stage = Path(tempfile.mkdtemp(prefix=".landrelease-", suffix=".tmp", dir=folder))
    try:
        records = _stage(files, stage)
        stamp = (created_utc or dt.datetime.now(dt.UTC)).replace(microsecond=0)
        manifest = {
            "manifest_version": MANIFEST_VERSION,
            **(origin if origin is not None else provenance()),
            "created_utc": stamp.isoformat(),
            "command": command,
            "files": records,
        }
        (folder / MANIFEST_FILE).unlink(missing_ok=True)  # from here the set is incomplete
        for name in names:
            os.replace(stage / name, folder / name)
        for name in sorted(set(own) - set(names)):
            stale = folder / name
            if stale.is_file():
                stale.unlink()
        text = json_text(manifest)
        atomic_write(folder / MANIFEST_FILE, lambda h: h.write(text))
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        if created and not any(folder.iterdir()):
            folder.rmdir()  # a folder this call made and filled with nothing
        raise
    shutil.rmtree(stage, ignore_errors=True)
    return [folder / name for name in names]


def write_projection(
    result: ProjectionResult,
    folder: str | Path,
    *,
    origin: Mapping[str, Any] | None = None,
    command: str | None = None,
    long: bool = False,
) -> list[Path]:
    """Write the projection's tables to ``folder`` as one set (:func:`write_set`):
    :data:`PROJECTION_FILES`, with ``long`` also :data:`LONG_FILE` (the long table,
    :func:`~landrelease.reports.long_format.long_table`), then the manifest.

    ``funding_by_donor.csv`` is :func:`~landrelease.reports.donors.funding_by_donor`;
    ``summary.json`` is the result's summary plus ``funding_by_donor`` (each line's totals,
    :func:`~landrelease.reports.donors.donor_totals`) and ``provenance``: ``origin`` (see
    :func:`~landrelease.reports.provenance.provenance`; default: the tool version and the
    scenario, without input files). Returns the paths of the files written.
    """
    origin = dict(origin) if origin is not None else provenance(scenario=result.scenario)
    donors = funding_by_donor(result)
    summary = {**result.summary, "funding_by_donor": donor_totals(donors), "provenance": origin}
    tables = {
        "annual.csv": result.annual,
        "annual_by_region.csv": result.annual_by_region,
        "annual_by_type.csv": result.annual_by_type,
        "schedule.csv": result.schedule,
        "funding_by_donor.csv": donors,
    }
    files = [OutputFile(name, partial(write_csv_to, table)) for name, table in tables.items()]
    files.append(OutputFile("summary.json", lambda h: h.write(json_text(summary))))
    if long:
        files.append(OutputFile(LONG_FILE, partial(write_csv_to, long_table(result))))
    own = (*PROJECTION_FILES, LONG_FILE)
    return write_set(folder, files, own=own, origin=origin, command=command)
