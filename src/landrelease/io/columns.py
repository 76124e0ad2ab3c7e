"""Which source column means which canonical column, judged by values as well as by names,
and messages that say what was found when a required column is missing.

A mapping matches columns by name (:meth:`ColumnMapping.renames`). A name alone can mislead:
an IMSMA export's ``Status`` (Active, Open) is not the SHA/CHA ``status``. The
:class:`ColumnMatcher` refuses a candidate for a category column when none of its values
(after the mapping's translations) is an allowed value, so it is never read as a field it does
not mean; a missing required column is then reported with the columns found, what was refused
and why, and a mapping to try.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from landrelease.domain.schema import Column, TableSchema, coerce
from landrelease.errors import Problem
from landrelease.io.mapping import ColumnMapping, builtin_mappings, load_mapping

__all__ = ["SAMPLE_VALUES", "ColumnMatcher", "explain_missing", "suggested_mapping"]

SAMPLE_VALUES = 200
"""Distinct values of a candidate column looked at to judge whether it fits: enough to see a
column's kind, few enough to stay quick on files of millions of rows."""
SCANNED_ROWS = 100_000
"""Rows of a candidate column scanned for its distinct values (a column's kind shows long
before; keeps the judgement quick on files of millions of rows)."""
SHOWN_VALUES = 4
"""Values quoted in a message about a refused column."""
SHOWN_COLUMNS = 25
"""Column names listed in a message about a missing column."""
DEFAULT_EXAMPLES = {"contamination_type": "ap_mine"}
"""Required columns a file may lack and a mapping may state instead (``[defaults]``), with
the example value shown in the message."""


def _distinct(values: pd.Series) -> list[Any]:
    """The first :data:`SAMPLE_VALUES` distinct non-blank values among the first
    :data:`SCANNED_ROWS` rows."""
    present = values.iloc[:SCANNED_ROWS]
    present = present[present.notna()]
    text = present.astype(str).str.strip()
    keep = ((text != "") & ~text.duplicated()).to_numpy()
    return list(present[keep].iloc[:SAMPLE_VALUES])


def fitting_share(values: pd.Series, column: Column, mapping: ColumnMapping) -> float:
    """Share (0..1) of the distinct non-blank values that are valid for ``column`` once the
    mapping has translated them; 1 when there are none."""
    sample = _distinct(values)
    if not sample:
        return 1.0
    frame = mapping.translate_values(pd.DataFrame({column.name: pd.Series(sample, dtype=object)}))
    _, problems = coerce(frame, TableSchema("fit", "", (column,)))
    bad = {p.row for p in problems if p.check in ("allowed_values", "dtypes")}
    return 1.0 - len(bad) / len(sample)


@dataclass
class ColumnMatcher:
    """Judges candidate columns by their values (category columns only: their values say
    plainly which field they are); remembers what it refused."""

    attributes: pd.DataFrame
    mapping: ColumnMapping
    table: TableSchema
    refused: dict[str, list[tuple[str, list[str]]]] = field(default_factory=dict)

    def accept(self, source: Any, name: str) -> bool:
        """False when ``source`` is a candidate for category ``name`` none of whose values
        fits it."""
        column = self.table[name]
        if column.dtype != "category":
            return True
        values = self.attributes[source]
        if fitting_share(values, column, self.mapping) > 0:
            return True
        shown = [str(v).strip() for v in _distinct(values)[:SHOWN_VALUES]]
        self.refused.setdefault(name, []).append((str(source), shown))
        return False

    def refusal(self, name: str) -> str:
        """Why candidates for ``name`` were not read as it (empty when none was refused)."""
        column = self.table[name]
        return "; ".join(
            f"{source} was not read as {name}: none of its values ("
            + ", ".join(repr(v) for v in values)
            + f") is {column.expected()}"
            for source, values in self.refused.get(name, [])
        )

    def warnings(self, present: Sequence[str], file: str) -> list[Problem]:
        """A warning for each optional column whose only candidate was refused."""
        return [
            Problem(
                check="allowed_values",
                message=self.refusal(name),
                file=file,
                column=name,
                severity="warning",
                expected="translate the values in a mapping ([values." + name + "]) if the "
                "column does hold " + name,
            )
            for name in self.refused
            if name not in present and not self.table[name].required
        ]

    def lookalikes(self, name: str, taken: Sequence[Any]) -> list[str]:
        """Columns not matched to anything whose values mostly fit category ``name``."""
        column = self.table[name]
        if column.dtype != "category":
            return []
        return [
            str(c)
            for c in self.attributes.columns
            if c not in taken
            and c not in self.table
            and fitting_share(self.attributes[c], column, self.mapping) >= 0.5
        ]


def _resolved(mapping: ColumnMapping, columns: Sequence[Any], table: TableSchema) -> int:
    """How many required columns ``mapping`` finds among ``columns`` by name."""
    renamed = set(mapping.renames(columns, table.names).values()) | set(columns)
    return sum(1 for name in table.required if name in renamed)


def suggested_mapping(
    columns: Sequence[Any], mapping: ColumnMapping, table: TableSchema
) -> str | None:
    """A built-in mapping that finds more required columns than ``mapping`` does."""
    current = _resolved(mapping, columns, table)
    for name in builtin_mappings():
        if name == mapping.name:
            continue
        if _resolved(load_mapping(name), columns, table) > current:
            return name
    return None


def explain_missing(
    problems: list[Problem],
    *,
    columns: Sequence[Any],
    matcher: ColumnMatcher,
    taken: Sequence[Any],
    header_row: int,
    labels: dict[str, str] | None = None,
) -> list[Problem]:
    """``problems`` with each missing-required-column problem saying which columns the file
    has (and on which row its header is), what was refused and why, and what to try."""
    if not any(p.check == "required_columns" and p.row is None for p in problems):
        return problems
    names = [str(c) for c in columns]
    found = ", ".join(names[:SHOWN_COLUMNS]) + (
        f", … ({len(names) - SHOWN_COLUMNS} more)" if len(names) > SHOWN_COLUMNS else ""
    )
    table, mapping = matcher.table, matcher.mapping
    other = suggested_mapping(columns, mapping, table)
    out = []
    for p in problems:
        if p.check != "required_columns" or p.row is not None or p.column not in table:
            out.append(p)
            continue
        name = str(p.column)
        message = f"{p.message}; columns found (header on row {header_row}): {found or 'none'}"
        if matcher.refusal(name):
            message += f"; {matcher.refusal(name)}"
        hazard_type = (labels or {}).get("imsma_hazard_type")
        if name == "contamination_type" and hazard_type:
            source = hazard_type.removesuffix(" (imsma_hazard_type)")
            message += (
                f"; {source} is IMSMA's hazard type (kept as imsma_hazard_type), not the "
                "contamination type"
            )
        hints = []
        for source, values in matcher.refused.get(name, []):
            example = f'"{values[0]}" = "{table[name].allowed[0]}"' if values else ""
            hints.append(
                f"if {source} does hold {name}, translate its values in a mapping file "
                f"([values.{name}] {example})"
            )
        like = matcher.lookalikes(name, taken)
        if like:
            hints.append(
                f"{like[0]} looks like it: name it in a mapping file ([columns] "
                f'{name} = ["{like[0]}"])'
            )
        if other:
            hints.append(
                f"the columns look like an {other} export: read it with --mapping {other} "
                f'(in a country folder: {table.name}_mapping = "{other}" under [files] in '
                "country.toml)"
            )
        if name in DEFAULT_EXAMPLES:
            base = other or (mapping.name if mapping.name in builtin_mappings() else None)
            extends = f'extends = "{base}", then ' if base else ""
            hints.append(
                f"if the file does not record {name}, state it in your own mapping file: "
                f'{extends}[defaults] {name} = "{DEFAULT_EXAMPLES[name]}" (a warning then '
                "says on how many rows it was assumed)"
            )
        expected = (p.expected or "").rstrip(".")
        if hints:
            expected += "; or " + "; or ".join(hints)
        out.append(replace(p, message=message, expected=expected))
    return out
