"""Write a request pack as a folder of CSV files: ``<table>.csv`` per table, ``metadata.csv``.

UTF-8 (no byte-order mark), comma-separated, ``.`` as decimal mark, full float precision,
missing values empty. Every file goes through the tool's one CSV writer
(:func:`landrelease.export.writers.write_csv_to`): text that a spreadsheet would run as a
formula is prefixed with ``'`` (:mod:`landrelease.io.safety`); numbers are written as numbers.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from landrelease.domain.schema import request_schemas
from landrelease.export.output_set import OutputFile
from landrelease.export.writers import write_csv_to
from landrelease.reports.request import METADATA_SHEET, RequestPack

__all__ = ["csv_files", "csv_names", "write_request_csv"]


def csv_names(pack: RequestPack) -> list[str]:
    """File names the pack is written to, in order (tables, then ``metadata.csv``)."""
    return [f"{name}.csv" for name in (*pack.tables, METADATA_SHEET)]


def csv_files(pack: RequestPack) -> list[OutputFile]:
    """The pack's files, in :func:`csv_names` order, for
    :func:`~landrelease.export.output_set.write_set`."""
    schemas = request_schemas()
    tables = {**pack.tables, METADATA_SHEET: pack.metadata_table()}
    return [
        OutputFile(f"{name}.csv", partial(write_csv_to, table, schema=schemas.get(name)))
        for name, table in tables.items()
    ]


def write_request_csv(pack: RequestPack, folder: str | Path) -> list[Path]:
    """Write every table of ``pack`` and its metadata into ``folder`` (which must exist).

    Use :func:`landrelease.export.request_write.write_request` for a safe write (one output
    set with a manifest); this function writes in place. Returns the paths written, in
    :func:`csv_names` order.
    """
    folder = Path(folder)
    paths = []
    for f in csv_files(pack):
        path = folder / f.name
        with path.open("w", encoding="utf-8", newline="") as handle:
            f.write(handle)
        paths.append(path)
    return paths
