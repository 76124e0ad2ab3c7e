"""The mapping stage of reading a table: filter rows, rename columns (judging candidates by
their values), translate values, fill the mapping's defaults, read decimal commas; then
coerce to the schema, a missing required column saying what the file has instead."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import geopandas as gpd
import pandas as pd

from landrelease.domain.schema import TableSchema, coerce, schema
from landrelease.errors import Problem
from landrelease.io.columns import ColumnMatcher, explain_missing
from landrelease.io.files import RawTable
from landrelease.io.mapping import ColumnMapping

__all__ = ["Mapped", "coerce_mapped", "decimal_comma", "map_table"]


@dataclass(frozen=True)
class Mapped:
    """A raw table filtered, renamed and translated, with what the messages need."""

    attributes: pd.DataFrame
    rows: pd.Series
    geometry: gpd.GeoSeries | None
    problems: list[Problem]
    labels: dict[str, str]
    matcher: ColumnMatcher
    taken: list[object]
    dropped: RawTable | None
    """The rows the mapping's filters dropped (closed hazards), or ``None``."""


def map_table(raw: RawTable, mapping: ColumnMapping, table: str) -> Mapped:
    """Filter, rename (judging candidates by their values) and translate; fill defaults."""
    keep, problems = mapping.filter_rows(
        raw.attributes, file=raw.name, row_numbers=raw.row_numbers, row_kind=raw.row_kind
    )
    problems = [*raw.notes, *problems]
    attributes = raw.attributes[keep]
    rows = raw.row_numbers[keep]
    geometry = raw.geometry[keep] if raw.geometry is not None else None
    dropped = None
    if not keep.all():
        dropped = replace(
            raw,
            attributes=raw.attributes[~keep],
            row_numbers=raw.row_numbers[~keep],
            geometry=raw.geometry[~keep] if raw.geometry is not None else None,
            notes=(),
        )
    matcher = ColumnMatcher(attributes, mapping, schema(table))
    renames = mapping.renames(attributes.columns, schema(table).names, matcher.accept)
    labels = {canonical: f"{source} ({canonical})" for source, canonical in renames.items()}
    attributes = mapping.translate_values(attributes.rename(columns=renames))
    attributes, assumed = mapping.apply_defaults(
        attributes, schema(table).names, file=raw.name, row_kind=raw.row_kind
    )
    problems += assumed + matcher.warnings(list(attributes.columns), raw.name)
    if raw.decimal == ",":
        attributes = decimal_comma(attributes, schema(table))
    attributes = attributes.assign(source_row=rows.to_numpy())
    taken = [*renames, *(c for c in raw.attributes.columns if c in schema(table))]
    return Mapped(attributes, rows, geometry, problems, labels, matcher, taken, dropped)


def coerce_mapped(
    raw: RawTable, mapped: Mapped, mapping: ColumnMapping, table: str
) -> tuple[pd.DataFrame, list[Problem]]:
    """Coerce to the schema; a missing required column says what the file has instead."""
    coerced, problems = coerce(
        mapped.attributes,
        schema(table),
        file=raw.name,
        row_numbers=mapped.rows,
        row_kind=raw.row_kind,
        column_labels=mapped.labels,
        aliases=mapping.columns,
    )
    header_row = int(raw.row_numbers.iloc[0]) - 1 if len(raw.row_numbers) else 1
    problems = explain_missing(
        problems,
        columns=list(raw.attributes.columns),
        matcher=mapped.matcher,
        taken=mapped.taken,
        header_row=max(header_row, 1) if raw.row_kind == "row" else 1,
        labels=mapped.labels,
    )
    return coerced, problems


_EUROPEAN_NUMBER = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$|^[+-]?\d+,\d+$")


def decimal_comma(attributes: pd.DataFrame, table: TableSchema) -> pd.DataFrame:
    """Read ``1.234,5`` and ``0,75`` as numbers in numeric columns of a ``;``-separated CSV.

    Plain ``1234.5`` is left as it is, so a file mixing both still reads.
    """
    out = attributes.copy()
    for col in table.columns:
        if col.dtype in ("float", "int") and col.name in out.columns:
            out[col.name] = out[col.name].map(
                lambda v: (
                    v.strip().replace(".", "").replace(",", ".")
                    if isinstance(v, str) and _EUROPEAN_NUMBER.match(v.strip())
                    else v
                )
            )
    return out
