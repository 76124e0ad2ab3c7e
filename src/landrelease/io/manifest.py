"""The manifest of an output set, and the check a reader makes before trusting the set.

A command that writes several files into a folder (``project --out DIR``, a CSV request
pack) writes :data:`MANIFEST_FILE` LAST, listing every file of the set with its size and
SHA-256, and removes the previous manifest FIRST (see :mod:`landrelease.export.output_set`).
So a folder whose files do not match its manifest, or that has no manifest, is a set that
was interrupted, mixed with another run, or edited: :func:`check_output_set` says which.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from landrelease.errors import LandreleaseError, Problem
from landrelease.reports.provenance import file_sha256

__all__ = ["MANIFEST_FILE", "MANIFEST_VERSION", "check_output_set", "read_manifest"]

MANIFEST_FILE = "landrelease-manifest.json"
"""Name of the manifest in an output folder; a name no other tool is likely to use, so that
``--out .`` never replaces somebody else's ``manifest.json``."""
MANIFEST_VERSION = 1
"""Version of the manifest's layout (``manifest_version`` key)."""


def read_manifest(folder: str | Path) -> dict[str, Any] | None:
    """The manifest of ``folder`` as a dict, or ``None`` when there is none.

    Raises
    ------
    LandreleaseError
        when the file is not valid JSON or was not written by landrelease.
    """
    path = Path(folder) / MANIFEST_FILE
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise LandreleaseError(f"{path}: not a landrelease manifest ({exc})") from None
    if not isinstance(data, dict) or data.get("tool") != "landrelease":
        raise LandreleaseError(f"{path}: not a landrelease manifest (no \"tool\": \"landrelease\")")
    if not isinstance(data.get("files"), list):
        raise LandreleaseError(f"{path}: the manifest has no list of files")
    return data


def check_output_set(folder: str | Path, names: Iterable[str] = ()) -> list[Problem]:
    """Problems that make the files in ``folder`` not the set its manifest lists.

    ``names`` are files of the set the reader is about to use (e.g. every ``*.csv``); one
    that the manifest does not list is an error (left from another run). Without a
    manifest there is one warning: the set cannot be checked.

    Returns
    -------
    Errors (a listed file missing, changed, or an unlisted file of the set) and warnings.
    """
    folder = Path(folder)
    where = f"{folder.name}/{MANIFEST_FILE}"
    manifest = read_manifest(folder)
    if manifest is None:
        return [
            Problem(
                check="manifest",
                message=f"no {MANIFEST_FILE}: cannot tell whether this set of files is complete "
                "(landrelease writes it last; an interrupted or older write has none)",
                file=folder.name,
                expected="write the set again with landrelease to be sure it is whole",
                severity="warning",
            )
        ]
    problems: list[Problem] = []
    listed: set[str] = set()
    fix = (
        "write the set again with landrelease (or remove the manifest to read the files "
        "as they are)"
    )
    for entry in manifest["files"]:
        name = str(entry.get("name", ""))
        listed.add(name)
        path = folder / name
        if not path.is_file():
            problems.append(
                Problem(
                    check="manifest",
                    message=f"{name} is listed in {MANIFEST_FILE} but missing",
                    file=where,
                    expected=fix,
                )
            )
        elif file_sha256(path) != entry.get("sha256"):
            problems.append(
                Problem(
                    check="manifest",
                    message=f"{name} is not the file {MANIFEST_FILE} lists (another SHA-256): "
                    "it was changed after it was written, or is left from another run",
                    file=f"{folder.name}/{name}",
                    expected=fix,
                )
            )
    for name in sorted(set(names) - listed - {MANIFEST_FILE}):
        problems.append(
            Problem(
                check="manifest",
                message=f"{name} is not part of the set {MANIFEST_FILE} lists "
                "(left from another run?)",
                file=f"{folder.name}/{name}",
                expected=f"remove {name}, or write the set again with landrelease",
            )
        )
    return problems
