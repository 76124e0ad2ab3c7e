"""Writers: projection tables as CSV and JSON, written atomically.

Each file is written to a temporary file in the target folder and moved into place, so a
failed write never leaves a half-written file.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import pandas as pd

from landrelease.engine.result import ProjectionResult

__all__ = ["PROJECTION_FILES", "atomic_write", "write_csv", "write_json", "write_projection"]

PROJECTION_FILES = (
    "annual.csv",
    "annual_by_region.csv",
    "annual_by_type.csv",
    "schedule.csv",
    "summary.json",
)


def atomic_write(
    path: str | Path, write: Callable[[IO[Any]], object], binary: bool = False
) -> Path:
    """Call ``write(handle)`` on a temporary file beside ``path``, then move it into place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give what open() would
        mode = "wb" if binary else "w"
        kwargs: dict[str, Any] = {} if binary else {"encoding": "utf-8", "newline": ""}
        with os.fdopen(fd, mode, **kwargs) as handle:
            write(handle)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_csv(table: pd.DataFrame, path: str | Path) -> Path:
    """Write a table as UTF-8 CSV (comma-separated, ``.`` decimals, no index)."""
    return atomic_write(path, lambda h: table.to_csv(h, index=False, lineterminator="\n"))


def _json_default(value: Any) -> Any:
    if hasattr(value, "item"):
        return value.item()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def write_json(data: Any, path: str | Path) -> Path:
    """Write ``data`` as indented JSON."""
    return atomic_write(
        path,
        lambda h: h.write(
            json.dumps(data, indent=2, ensure_ascii=False, default=_json_default) + "\n"
        ),
    )


def write_projection(result: ProjectionResult, folder: str | Path) -> list[Path]:
    """Write the projection's tables to ``folder``: :data:`PROJECTION_FILES`."""
    folder = Path(folder)
    return [
        write_csv(result.annual, folder / "annual.csv"),
        write_csv(result.annual_by_region, folder / "annual_by_region.csv"),
        write_csv(result.annual_by_type, folder / "annual_by_type.csv"),
        write_csv(result.schedule, folder / "schedule.csv"),
        write_json(result.summary, folder / "summary.json"),
    ]
