"""Map a source file's column names and values to the canonical ones.

A mapping is a TOML file (see ``mappings/imsma.toml``): column aliases per canonical column,
value translations per canonical column, and row filters on source columns. A user extends a
shipped mapping with ``extends = "imsma"`` in their own file.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from landrelease.domain.text import read_utf8
from landrelease.errors import LandreleaseError, Problem

__all__ = ["ColumnMapping", "RowFilter", "builtin_mappings", "load_mapping"]

_ALLOWED_KEYS = {"name", "description", "extends", "columns", "values", "filter"}
_DBF_NAME_CHARS = 10
"""Shapefiles (dBase) truncate field names to this many characters."""


@dataclass(frozen=True)
class RowFilter:
    """Keep or drop rows by the value of one source column."""

    column: str
    keep: tuple[str, ...]
    drop: tuple[str, ...]


@dataclass(frozen=True)
class ColumnMapping:
    """Source-to-canonical translation of column names, values and rows."""

    name: str = "canonical"
    description: str = "canonical column names"
    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    filters: tuple[RowFilter, ...] = ()

    def merged(self, other: ColumnMapping) -> ColumnMapping:
        """This mapping extended by ``other`` (other's entries come first)."""
        columns = {k: tuple(v) for k, v in self.columns.items()}
        for key, aliases in other.columns.items():
            columns[key] = tuple(aliases) + tuple(
                a for a in columns.get(key, ()) if a not in aliases
            )
        values = {k: dict(v) for k, v in self.values.items()}
        for key, table in other.values.items():
            values.setdefault(key, {}).update(table)
        filters = {f.column.lower(): f for f in self.filters}
        filters.update({f.column.lower(): f for f in other.filters})
        return ColumnMapping(
            other.name, other.description, columns, values, tuple(filters.values())
        )

    def renames(self, columns: Iterable[Any], canonical: tuple[str, ...]) -> dict[Any, str]:
        """Which source column becomes which canonical one (case-insensitive, first alias wins).

        A canonical name spelt exactly in the file always wins; otherwise the mapping's
        aliases come before the canonical name in another case (IMSMA's ``Status`` is not
        ``status``) and before the name truncated to 10 characters as a Shapefile stores it.
        """
        present = list(columns)
        lower = {str(c).lower(): c for c in present}
        renames: dict[Any, str] = {}
        for name in canonical:
            if name in present:
                continue
            for alias in (*self.columns.get(name, ()), name, name[:_DBF_NAME_CHARS]):
                source = lower.get(alias.lower())
                if source is not None and source not in renames and source not in canonical:
                    renames[source] = name
                    break
        return renames

    def rename(self, raw: pd.DataFrame, canonical: tuple[str, ...]) -> pd.DataFrame:
        """``raw`` with source columns renamed to canonical names (see :meth:`renames`).

        Columns that match nothing are kept under their source names.
        """
        return raw.rename(columns=self.renames(raw.columns, canonical))

    def translate_values(self, table: pd.DataFrame) -> pd.DataFrame:
        """Translate source values of canonical columns (case-insensitive, exact otherwise)."""
        out = table.copy()
        for column, mapping in self.values.items():
            if column not in out.columns:
                continue
            lookup = {k.strip().lower(): v for k, v in mapping.items()}
            out[column] = (
                out[column]
                .map(lambda v, lk=lookup: lk.get(v.strip().lower(), v) if isinstance(v, str) else v)
                .astype(object)
            )
        return out

    def filter_rows(
        self, raw: pd.DataFrame, *, file: str, row_numbers: pd.Series, row_kind: str
    ) -> tuple[pd.Series, list[Problem]]:
        """Which rows to keep, and a problem for each value in neither keep nor drop."""
        keep = pd.Series(True, index=raw.index)
        problems: list[Problem] = []
        lower = {str(c).lower(): c for c in raw.columns}
        for rule in self.filters:
            source = lower.get(rule.column.lower())
            if source is None:
                continue
            keep_set = {v.lower() for v in rule.keep}
            drop_set = {v.lower() for v in rule.drop}
            for idx, value in raw[source].items():
                text = str(value).strip().lower() if isinstance(value, str) else None
                if text in drop_set:
                    keep.loc[idx] = False
                elif text not in keep_set:
                    problems.append(
                        Problem(
                            check="allowed_values",
                            message=f"{source} value is not known to the {self.name} mapping",
                            file=file,
                            row=int(row_numbers.loc[idx]),
                            column=str(source),
                            value=value,
                            row_kind=row_kind,
                            expected="one of "
                            + ", ".join(rule.keep + rule.drop)
                            + " (or add it to the mapping's filter)",
                        )
                    )
        return keep, problems


def builtin_mappings() -> list[str]:
    """Names of the mappings shipped with landrelease."""
    folder = resources.files("landrelease.io.mappings")
    return sorted(
        p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml")
    )


def load_mapping(
    spec: str | Path | ColumnMapping | None, base_dir: Path | None = None
) -> ColumnMapping:
    """Load a mapping by built-in name (``"imsma"``) or TOML path; ``None`` is canonical."""
    if spec is None:
        return ColumnMapping()
    if isinstance(spec, ColumnMapping):
        return spec
    text_spec = str(spec)
    if text_spec in builtin_mappings():
        text = (
            resources.files("landrelease.io.mappings")
            .joinpath(f"{text_spec}.toml")
            .read_text(encoding="utf-8")
        )
        where = f"built-in mapping {text_spec}"
    else:
        path = Path(text_spec)
        if base_dir is not None and not path.is_absolute():
            path = base_dir / path
        if not path.is_file():
            raise LandreleaseError(
                f"mapping {text_spec!r} is neither a built-in mapping "
                f"({', '.join(builtin_mappings())}) nor a file"
            )
        text = read_utf8(path)
        where = str(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LandreleaseError(f"{where}: not valid TOML: {exc}") from None
    unknown = set(data) - _ALLOWED_KEYS
    if unknown:
        raise LandreleaseError(
            f"{where}: unknown keys {sorted(unknown)}; allowed: {sorted(_ALLOWED_KEYS)}"
        )
    columns = {
        k: tuple([v] if isinstance(v, str) else v) for k, v in data.get("columns", {}).items()
    }
    filters = tuple(
        RowFilter(column=col, keep=tuple(rule.get("keep", ())), drop=tuple(rule.get("drop", ())))
        for col, rule in data.get("filter", {}).items()
    )
    mapping = ColumnMapping(
        name=data.get("name", Path(text_spec).stem),
        description=data.get("description", ""),
        columns=columns,
        values={k: dict(v) for k, v in data.get("values", {}).items()},
        filters=filters,
    )
    if "extends" in data:
        return load_mapping(data["extends"], base_dir).merged(mapping)
    return mapping
