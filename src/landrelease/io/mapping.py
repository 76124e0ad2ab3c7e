"""Map a source file's column names and values to the canonical ones.

A mapping is a TOML file (see ``mappings/imsma.toml``): column aliases per canonical column,
value translations per canonical column, row filters on source columns, defaults for columns
the source does not have (``[defaults] contamination_type = "ap_mine"``, said in a warning when
used) and the row of the header (``header_row``) when title rows sit above it. A user extends a
shipped mapping with ``extends = "imsma"`` in their own file.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from landrelease.domain.schema import schema
from landrelease.domain.text import read_utf8
from landrelease.errors import LandreleaseError, Problem
from landrelease.io.paths import confined_file

__all__ = ["ColumnMapping", "RowFilter", "builtin_mappings", "load_mapping"]

_ALLOWED_KEYS = {
    "name",
    "description",
    "extends",
    "columns",
    "values",
    "filter",
    "defaults",
    "header_row",
}
_FILTER_KEYS = {"keep", "drop", "reason"}
_DBF_NAME_CHARS = 10
"""Shapefiles (dBase) truncate field names to this many characters."""


@dataclass(frozen=True)
class RowFilter:
    """Keep or drop rows by the value of one source column."""

    column: str
    keep: tuple[str, ...]
    drop: tuple[str, ...]
    reason: str = ""
    """Why dropped rows do not count (said in the warning that counts them)."""


@dataclass(frozen=True)
class ColumnMapping:
    """Source-to-canonical translation of column names, values and rows."""

    name: str = "canonical"
    description: str = "canonical column names"
    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    filters: tuple[RowFilter, ...] = ()
    defaults: dict[str, Any] = field(default_factory=dict)
    """Value of a canonical column where the source has no such column or an empty cell."""
    header_row: int | None = None
    """Row of the header in a spreadsheet or CSV (1 = first row); ``None`` = first row,
    or the row found below title rows."""

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
            other.name,
            other.description,
            columns,
            values,
            tuple(filters.values()),
            {**self.defaults, **other.defaults},
            other.header_row if other.header_row is not None else self.header_row,
        )

    def renames(
        self,
        columns: Iterable[Any],
        canonical: tuple[str, ...],
        accept: Callable[[Any, str], bool] | None = None,
    ) -> dict[Any, str]:
        """Which source column becomes which canonical one (case-insensitive, first alias wins).

        A canonical name spelt exactly in the file always wins; otherwise the mapping's
        aliases come before the canonical name in another case (IMSMA's ``Status`` is not
        ``status``) and before the name truncated to 10 characters as a Shapefile stores it.
        A column a row filter reads (e.g. ``Status``: Active/Closed) is never taken for a
        field by its name alone, and ``accept(source, canonical)`` may refuse a candidate
        whose values plainly belong to another field; the next alias is tried then.
        """
        present = list(columns)
        lower = {str(c).lower(): c for c in present}
        filtered = {f.column.lower() for f in self.filters}
        renames: dict[Any, str] = {}
        for name in canonical:
            if name in present:
                continue
            aliases = self.columns.get(name, ())
            implicit = (name, name[:_DBF_NAME_CHARS])
            for alias in (*aliases, *implicit):
                source = lower.get(alias.lower())
                if source is None or source in renames or source in canonical:
                    continue
                if alias not in aliases and str(source).lower() in filtered:
                    continue
                if accept is not None and not accept(source, name):
                    continue
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
        """Which rows to keep; an error for each value in neither keep nor drop, and a
        warning per filter that dropped rows, with their number by value."""
        keep = pd.Series(True, index=raw.index)
        problems: list[Problem] = []
        lower = {str(c).lower(): c for c in raw.columns}
        for rule in self.filters:
            source = lower.get(rule.column.lower())
            if source is None:
                continue
            keep_set = {v.lower() for v in rule.keep}
            drop_set = {v.lower() for v in rule.drop}
            dropped: dict[str, int] = {}
            for idx, value in raw[source].items():
                text = str(value).strip().lower() if isinstance(value, str) else None
                if text in drop_set:
                    keep.loc[idx] = False
                    shown = next((k for k in dropped if k.lower() == text), str(value).strip())
                    dropped[shown] = dropped.get(shown, 0) + 1
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
            if dropped:
                total = sum(dropped.values())
                counts = ", ".join(f"{v!r}: {n:,}" for v, n in dropped.items())
                problems.append(
                    Problem(
                        check="dropped_rows",
                        message=f"{total:,} {row_kind}{'s' if total != 1 else ''} dropped by "
                        f"the {self.name} mapping's filter on {source} ({counts})"
                        + (f": {rule.reason}" if rule.reason else ""),
                        file=file,
                        column=str(source),
                        severity="warning",
                        row_kind=row_kind,
                    )
                )
        return keep, problems

    def apply_defaults(
        self,
        table: pd.DataFrame,
        canonical: tuple[str, ...],
        *,
        file: str,
        row_kind: str,
    ) -> tuple[pd.DataFrame, list[Problem]]:
        """Fill the mapping's ``[defaults]`` where the source has no such column or an empty
        cell; a warning per column says the value was assumed, and on how many rows."""
        out = table.copy()
        problems: list[Problem] = []
        for column, value in self.defaults.items():
            if column not in canonical or len(out) == 0:
                continue
            if column in out.columns:
                blank = out[column].map(
                    lambda v: v is None or v != v or (isinstance(v, str) and not v.strip())
                )
                why = f"its cell is empty in the file's {column} column"
            else:
                blank = pd.Series(True, index=out.index)
                why = f"the file has no {column} column"
            n = int(blank.sum())
            if n == 0:
                continue
            out[column] = (
                out[column].astype(object).where(~blank, value) if column in out else value
            )
            problems.append(
                Problem(
                    check="assumed_values",
                    message=f"{column} assumed to be {value!r} on {n:,} of {len(out):,} "
                    f"{row_kind}s: {why}, and the {self.name} mapping states this default "
                    "under [defaults]",
                    file=file,
                    column=column,
                    severity="warning",
                    row_kind=row_kind,
                    expected="the value recorded per area where it is known",
                )
            )
        return out, problems


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
    filters = []
    for col, rule in data.get("filter", {}).items():
        unknown_rule = set(rule) - _FILTER_KEYS
        if unknown_rule:
            raise LandreleaseError(
                f"{where}: [filter.{col}] has unknown keys {sorted(unknown_rule)}; "
                f"allowed: {sorted(_FILTER_KEYS)}"
            )
        filters.append(
            RowFilter(
                column=col,
                keep=tuple(rule.get("keep", ())),
                drop=tuple(rule.get("drop", ())),
                reason=str(rule.get("reason", "")),
            )
        )
    mapping = ColumnMapping(
        name=data.get("name", Path(text_spec).stem),
        description=data.get("description", ""),
        columns=columns,
        values={k: dict(v) for k, v in data.get("values", {}).items()},
        filters=tuple(filters),
        defaults=_defaults(data.get("defaults", {}), where),
        header_row=_header_row(data.get("header_row"), where),
    )
    if "extends" in data:
        return load_mapping(_extended(data["extends"], text_spec, where), base_dir).merged(mapping)
    return mapping


def _extended(spec: object, text_spec: str, where: str) -> str | Path:
    """What ``extends`` names: a built-in mapping, or a mapping file in the same folder as
    the file that extends it (never a path out of that folder, nor a link pointing out)."""
    if isinstance(spec, str) and spec in builtin_mappings():
        return spec
    if text_spec in builtin_mappings():  # built-in mappings extend built-in ones only
        raise LandreleaseError(f"{where}: extends {spec!r} is not a built-in mapping")
    folder = Path(where).parent
    path = confined_file(folder, spec, key="extends", file=where, error=LandreleaseError)
    if not path.is_file():
        raise LandreleaseError(
            f"{where}: extends {spec!r} is neither a built-in mapping "
            f"({', '.join(builtin_mappings())}) nor a mapping file in {folder}"
        )
    return path.absolute()


def _defaults(table: Any, where: str) -> dict[str, Any]:
    """``[defaults]``, checked: canonical column names and, for categories, allowed values."""
    if not isinstance(table, dict):
        raise LandreleaseError(f"{where}: [defaults] must be a table of column = value")
    columns = {c.name: c for name in ("hazards", "releases") for c in schema(name).columns}
    out: dict[str, Any] = {}
    for key, value in table.items():
        column = columns.get(key)
        if column is None:
            raise LandreleaseError(
                f"{where}: [defaults] {key} is not a canonical column; expected one of "
                + ", ".join(sorted(columns))
            )
        if column.dtype == "category" and value not in column.allowed:
            raise LandreleaseError(
                f"{where}: [defaults] {key} = {value!r} is not allowed; expected one of "
                + ", ".join(column.allowed)
            )
        out[key] = value
    return out


def _header_row(value: Any, where: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise LandreleaseError(
            f"{where}: header_row = {value!r}; expected the row number of the header, "
            "a whole number from 1 (the first row)"
        )
    return value
