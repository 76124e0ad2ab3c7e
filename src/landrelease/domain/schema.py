"""Table schemas as data: load them from the package's TOML files and coerce tables to them.

A schema lists, per column: name, label (its heading for people), dtype, unit, required,
default, allowed values and meaning.
:func:`coerce` turns a raw table (strings from CSV, typed cells from XLSX or GIS files) into
the canonical dtypes and returns every problem found, never stopping at the first.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from landrelease.domain import enums
from landrelease.domain.coercion import PANDAS_DTYPE, coerce

__all__ = [
    "Column",
    "TableSchema",
    "coerce",
    "markdown_reference",
    "request_schemas",
    "schema",
    "table_dtypes",
]

DTYPES = ("string", "category", "float", "int", "bool", "date")


@dataclass(frozen=True)
class Column:
    """One column of a canonical table."""

    name: str
    dtype: str
    description: str
    label: str = ""
    """Heading for people, without the unit (e.g. ``SHA areas``); see
    :func:`landrelease.reports.labels.column_heading`."""
    unit: str = ""
    required: bool = False
    unique: bool = False
    default: Any = None
    enum: str | None = None
    also: tuple[str, ...] = ()
    """Values allowed besides the enumeration's (e.g. ``all`` for a total)."""
    min: float | None = None
    min_exclusive: float | None = None
    max: float | None = None
    min_date: str | None = None
    max_date: str | None = None

    @property
    def allowed(self) -> tuple[str, ...]:
        """Allowed values of a category column, in declaration order."""
        if self.enum is None:
            return self.also
        return (*(m.value for m in getattr(enums, self.enum)), *self.also)

    def expected(self) -> str:
        """What a valid value looks like, in words, for error messages."""
        if self.dtype == "category":
            return "one of " + ", ".join(self.allowed)
        if self.dtype == "date":
            return "a date as YYYY-MM-DD"
        if self.dtype == "bool":
            return "true or false (yes/no, 1/0)"
        words = {"float": "a number", "int": "a whole number", "string": "text"}[self.dtype]
        if self.min_exclusive is not None:
            words += f" greater than {self.min_exclusive:g}"
        elif self.min is not None:
            words += f" of at least {self.min:g}"
        if self.max is not None:
            words += f" and at most {self.max:g}"
        if self.unit and self.unit not in ("rank", "count", "year"):
            words += f" in {self.unit}"
        return words


@dataclass(frozen=True)
class TableSchema:
    """A canonical table: its name, key and columns."""

    name: str
    description: str
    columns: tuple[Column, ...]
    key: str | None = None
    _by_name: dict[str, Column] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_name.update({c.name: c for c in self.columns})

    def __getitem__(self, name: str) -> Column:
        return self._by_name[name]

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    @property
    def names(self) -> tuple[str, ...]:
        """Column names in canonical order."""
        return tuple(c.name for c in self.columns)

    @property
    def required(self) -> tuple[str, ...]:
        """Names of the required columns."""
        return tuple(c.name for c in self.columns if c.required)


@cache
def schema(name: str) -> TableSchema:
    """The canonical schema called ``name`` (``"hazards"``, ``"releases"`` or ``"stocks"``)."""
    text = (
        resources.files("landrelease.domain.schemas")
        .joinpath(f"{name}.toml")
        .read_text(encoding="utf-8")
    )
    data = tomllib.loads(text)
    cols = []
    for raw in data["column"]:
        if raw["dtype"] not in DTYPES:
            raise ValueError(f"schema {name}: column {raw['name']} has unknown dtype")
        cols.append(Column(**{**raw, "also": tuple(raw.get("also", ()))}))
    table = data["table"]
    return TableSchema(
        name=table["name"],
        description=table["description"],
        key=table.get("key"),
        columns=tuple(cols),
    )


@cache
def request_schemas() -> dict[str, TableSchema]:
    """Schemas of the extension-request tables, in sheet order (from ``request.toml``)."""
    text = (
        resources.files("landrelease.domain.schemas")
        .joinpath("request.toml")
        .read_text(encoding="utf-8")
    )
    tables = {}
    for raw in tomllib.loads(text)["table"]:
        columns = tuple(Column(**c) for c in raw["column"])
        tables[raw["name"]] = TableSchema(
            name=raw["name"], description=raw["description"], columns=columns
        )
    return tables


def table_dtypes(table: TableSchema) -> dict[str, str]:
    """Pandas dtypes of a schema's columns."""
    return {c.name: PANDAS_DTYPE[c.dtype] for c in table.columns}


def markdown_reference(table: TableSchema) -> str:
    """The column reference of ``table`` as a Markdown section (used for docs/columns.md)."""
    lines = [
        f"## `{table.name}`",
        "",
        table.description + (f" Key: `{table.key}`." if table.key else ""),
        "",
        "| column | label | type | unit | required | default | allowed values | meaning |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for c in table.columns:
        default = "" if c.default is None else f"`{str(c.default).lower()}`"
        allowed = ", ".join(f"`{v}`" for v in c.allowed)
        lines.append(
            f"| `{c.name}` | {c.label} | {c.dtype} | {c.unit} | "
            f"{'yes' if c.required else 'no'} | {default} | {allowed} | {c.description} |"
        )
    return "\n".join(lines) + "\n"
