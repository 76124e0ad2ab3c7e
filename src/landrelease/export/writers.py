"""Writers of single files: tables as CSV and data as JSON, written atomically.

Each file is written to a temporary file in the target folder and moved into place, so a
failed write never leaves a half-written file.

Every CSV the tool writes goes through :func:`write_csv_to` (files, standard output and
request packs alike): text cells a spreadsheet would run as a formula get a leading ``'``
(:mod:`landrelease.io.safety`), header cells included; numbers are never touched.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import pandas as pd

from landrelease.domain.schema import TableSchema
from landrelease.io.safety import escape_csv_column, escape_csv_text

__all__ = [
    "atomic_write",
    "json_text",
    "safe_csv_table",
    "write_csv",
    "write_csv_to",
    "write_json",
]

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


def _is_text(column: str, table: pd.DataFrame, schema: TableSchema | None) -> bool:
    """A column of text: by its schema when it has one, else by its dtype (not numeric,
    not boolean); in a mixed column only the text cells are escaped."""
    if schema is not None and column in schema:
        return schema[column].dtype in ("string", "category")
    series = table[column]
    return not (pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series))


def safe_csv_table(table: pd.DataFrame, schema: TableSchema | None = None) -> pd.DataFrame:
    """A copy of ``table`` whose text cells and column names are escaped for spreadsheets
    (:func:`~landrelease.io.safety.escape_csv_text`); numbers are left as they are."""
    out = table.copy()
    for position, column in enumerate(out.columns):
        if _is_text(str(column), out, schema):
            out.isetitem(position, escape_csv_column(out.iloc[:, position]))
    out.columns = [escape_csv_text(c) if isinstance(c, str) else c for c in out.columns]
    return out


def write_csv_to(
    table: pd.DataFrame, handle: IO[str], schema: TableSchema | None = None
) -> None:
    """Write ``table`` as CSV to an open text handle (a file or standard output):
    comma-separated, ``.`` decimals, no index, ``\\n`` line ends, formula text escaped."""
    safe_csv_table(table, schema).to_csv(handle, index=False, lineterminator="\n")


def write_csv(
    table: pd.DataFrame, path: str | Path, schema: TableSchema | None = None
) -> Path:
    """Write a table as UTF-8 CSV to ``path``, atomically (:func:`write_csv_to`)."""
    return atomic_write(path, lambda h: write_csv_to(table, h, schema))


def _json_default(value: Any) -> Any:
    if hasattr(value, "item"):
        return value.item()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def json_text(data: Any) -> str:
    """``data`` as indented JSON text (numpy numbers and dates converted), with a final
    newline."""
    return json.dumps(data, indent=2, ensure_ascii=False, default=_json_default) + "\n"


def write_json(data: Any, path: str | Path) -> Path:
    """Write ``data`` as indented JSON, atomically."""
    text = json_text(data)
    return atomic_write(path, lambda h: h.write(text))
