"""Write a request pack as a folder of CSV files: ``<table>.csv`` per table, ``metadata.csv``.

UTF-8 (no byte-order mark), comma-separated, ``.`` as decimal mark, full float precision,
missing values empty. Text that a spreadsheet would run as a formula is prefixed with ``'``
(:mod:`landrelease.io.safety`); numbers are written as numbers.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from landrelease.domain.schema import TableSchema, request_schemas
from landrelease.io.safety import escape_csv_column
from landrelease.reports.request import METADATA_SHEET, RequestPack

__all__ = ["csv_names", "safe_csv_table", "write_request_csv"]


def csv_names(pack: RequestPack) -> list[str]:
    """File names the pack is written to, in order (tables, then ``metadata.csv``)."""
    return [f"{name}.csv" for name in (*pack.tables, METADATA_SHEET)]


def _is_text(column: str, table: pd.DataFrame, schema: TableSchema | None) -> bool:
    if schema is not None and column in schema:
        return schema[column].dtype in ("string", "category")
    series = table[column]
    return not (pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series))


def safe_csv_table(table: pd.DataFrame, schema: TableSchema | None) -> pd.DataFrame:
    """A copy of ``table`` with every text column escaped for spreadsheets."""
    out = table.copy()
    for column in out.columns:
        if _is_text(str(column), out, schema):
            out[column] = escape_csv_column(out[column])
    return out


def write_request_csv(pack: RequestPack, folder: str | Path) -> list[Path]:
    """Write every table of ``pack`` and its metadata into ``folder`` (which must exist).

    Use :func:`landrelease.export.request_write.write_request` for an atomic write; this
    function writes in place. Returns the paths written, in :func:`csv_names` order.
    """
    folder = Path(folder)
    schemas = request_schemas()
    tables = {**pack.tables, METADATA_SHEET: pack.metadata_table()}
    paths = []
    for name, table in tables.items():
        path = folder / f"{name}.csv"
        safe_csv_table(table, schemas.get(name)).to_csv(
            path, index=False, encoding="utf-8", lineterminator="\n"
        )
        paths.append(path)
    return paths
