"""The long, IAMC-style table of a result: ``model, scenario, region, variable, unit, year,
value``, one row per value, so plans from several countries and runs stack into one table
that pyam and other IAMC tools read (pyam itself is not a dependency).

The variables are data: ``long_variables.toml`` in this package lists each one with its unit,
the result table and column it comes from, an optional contamination type and whether it is
also given by region (docs/long_format.md is generated from it). :func:`long_rows` turns any
named tables into long rows by that list, so a forecast or a portfolio adds variables by
adding entries (and handing its tables in by name), not code. Regions are the country
(``Aurelia``) and its regions (``Aurelia|Norvale``); a table with a ``quantile`` column gives
one variable per quantile (``Area|Remaining|AP|P50``).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import pandas as pd

from landrelease.domain.enums import ContaminationType
from landrelease.engine.result import ProjectionResult
from landrelease.reports.donors import funding_by_donor

__all__ = [
    "ADDS_UP",
    "ARTICLE5",
    "LEVEL_SEPARATOR",
    "LONG_COLUMNS",
    "LONG_KEY",
    "REGIONAL_TABLES",
    "SEPARATOR_IN_NAME",
    "LongVariable",
    "listed_variable",
    "long_rows",
    "long_table",
    "long_variables",
    "markdown_reference",
    "model_name",
]

LONG_COLUMNS = ("model", "scenario", "region", "variable", "unit", "year", "value")
"""Columns of the long table, in the IAMC order."""
LONG_KEY = ("model", "scenario", "region", "variable", "year")
"""Columns that identify a row: no two rows of a stacked table share them."""
ARTICLE5 = "article5"
"""``contamination_type`` of the Article 5 total (AP-mined: ap_mine, ap_improvised, mixed)."""
AP_TYPES = tuple(t.value for t in ContaminationType if t.is_anti_personnel)
REGIONAL_TABLES = {
    "annual": "annual_by_region",
    "annual_by_type": "annual_by_region_type",
}
"""The regional counterpart of each national table (same columns, plus ``region``)."""
QUANTILE = "quantile"
"""A source table's column naming the quantile of each row (P10, P50, P90)."""
ADDS_UP: dict[str, tuple[str, ...]] = {
    "Area|Remaining": ("Area|Remaining|SHA", "Area|Remaining|CHA"),
    "Area|Remaining|AP": ("Area|Remaining|AP|SHA", "Area|Remaining|AP|CHA"),
    "Area|Released": (
        "Area|Released|Cancelled",
        "Area|Released|Reduced",
        "Area|Released|Cleared",
    ),
    "Area|Released|AP": (
        "Area|Released|AP|Cancelled",
        "Area|Released|AP|Reduced",
        "Area|Released|AP|Cleared",
    ),
    "Cost": (
        "Cost|Teams|Manual",
        "Cost|Teams|Mechanical",
        "Cost|Teams|MDD",
        "Cost|Teams|NTS",
        "Cost|Teams|TS",
        "Cost|Method|Cancelled",
        "Cost|Method|Reduced",
        "Cost|Method|Cleared",
        "Cost|Fixed Programme",
        "Cost|Risk Education",
        "Cost|Residual Capacity",
    ),
    "Funding|Secured": ("Funding|Secured|National", "Funding|Secured|International"),
}
"""Variables that are the sum of their listed parts, every year and region (other names
below a variable are subsets or details, not a partition)."""
_FIELDS = (
    "variable",
    "unit",
    "table",
    "column",
    "contamination_type",
    "by_region",
    "by",
    "meaning",
)
LEVEL_SEPARATOR = "|"
"""Separates a variable's levels; a name put in a variable (a donor's) has it replaced by
:data:`SEPARATOR_IN_NAME`, so the levels stay what the variable list says."""
SEPARATOR_IN_NAME = "/"
_FILE = "long_variables.toml"


@dataclass(frozen=True)
class LongVariable:
    """One entry of the variable list (``long_variables.toml``)."""

    variable: str
    unit: str
    table: str
    column: str
    meaning: str
    contamination_type: str | None = None
    by_region: bool = False
    by: str | None = None
    """A column of the table whose values name one variable each: ``variable`` holds
    ``{<by>}`` where the value goes (``Funding|Donor|{donor}|Pledged``); the column's rows
    of one value and year are summed."""

    def __post_init__(self) -> None:
        placeholder = None if self.by is None else "{" + self.by + "}"
        if ("{" in self.variable) != (placeholder is not None) or (
            placeholder is not None and placeholder not in self.variable
        ):
            raise ValueError(
                "a variable named by a column needs by = the column and {column} in its "
                f"name ({self.variable!r}, by = {self.by!r})"
            )

    def named(self, value: str) -> str:
        """The variable of one value of :attr:`by` (its ``|`` replaced, see
        :data:`LEVEL_SEPARATOR`)."""
        clean = str(value).replace(LEVEL_SEPARATOR, SEPARATOR_IN_NAME)
        return self.variable.replace("{" + str(self.by) + "}", clean)


@cache
def long_variables() -> tuple[LongVariable, ...]:
    """The variable list of the package, in file order.

    Raises
    ------
    ValueError
        for an entry with an unknown or missing field, or a variable listed twice (a bug
        in the package's file, which the tests read).
    """
    text = resources.files("landrelease.reports").joinpath(_FILE).read_text(encoding="utf-8")
    entries = tomllib.loads(text).get("variable", [])
    out: list[LongVariable] = []
    for n, entry in enumerate(entries, 1):
        unknown = set(entry) - set(_FIELDS)
        missing = {"variable", "unit", "table", "column", "meaning"} - set(entry)
        if unknown or missing:
            raise ValueError(
                f"{_FILE}, entry {n}: unknown fields {sorted(unknown)}, missing {sorted(missing)}"
            )
        try:
            out.append(LongVariable(**entry))
        except ValueError as error:
            raise ValueError(f"{_FILE}, entry {n}: {error}") from None
    names = [v.variable for v in out]
    twice = sorted({v for v in names if names.count(v) > 1})
    if twice:
        raise ValueError(f"{_FILE}: variables listed twice: {', '.join(twice)}")
    return tuple(out)


def listed_variable(name: str) -> LongVariable | None:
    """The entry of the variable list that a long table's ``variable`` comes from (a
    quantile suffix dropped; a name put in a :attr:`~LongVariable.by` variable matched
    against its pattern); ``None``: not from the list."""
    entries = long_variables()
    for candidate in (name, name.rsplit(LEVEL_SEPARATOR, 1)[0]):
        for var in entries:
            if var.by is None and var.variable == candidate:
                return var
            if var.by is not None:
                head, _, tail = var.variable.partition("{" + var.by + "}")
                middle = candidate[len(head) : len(candidate) - len(tail)]
                if (
                    candidate.startswith(head)
                    and candidate.endswith(tail)
                    and middle
                    and LEVEL_SEPARATOR not in middle
                ):
                    return var
    return None


def model_name() -> str:
    """The ``model`` column: ``landrelease <version>``."""
    from landrelease import __version__

    return f"landrelease {__version__}"


def _rows_of_type(table: pd.DataFrame, contamination_type: str) -> pd.DataFrame:
    """The rows of one contamination type; the Article 5 total where the table has no
    ``article5`` rows (by region) is the sum of the AP types' rows."""
    kinds = table["contamination_type"].astype(str)
    if contamination_type != ARTICLE5 or (kinds == ARTICLE5).any():
        return table[kinds == contamination_type]
    keys = [c for c in ("year", "region", QUANTILE) if c in table.columns]
    numbers = table.select_dtypes("number").columns.difference(keys)
    chosen = table[kinds.isin(AP_TYPES)]
    return chosen.groupby(keys, observed=True, sort=True)[list(numbers)].sum().reset_index()


def _one(
    var: LongVariable, table: pd.DataFrame, regional: bool, country: str
) -> pd.DataFrame | None:
    """Long rows of one variable from one table (``None``: the table lacks its column)."""
    if var.column not in table.columns:
        return None
    if var.contamination_type is not None:
        if "contamination_type" not in table.columns:
            return None
        table = _rows_of_type(table, var.contamination_type)
    if var.by is not None:
        if var.by not in table.columns:
            return None
        keys = [var.by, *(c for c in ("region", "year") if c in table.columns)]
        table = table.groupby(keys, sort=True)[var.column].sum(min_count=1).reset_index()
    region = (
        country + "|" + table["region"].astype(str)
        if regional
        else pd.Series(country, index=table.index, dtype=object)
    )
    variable = pd.Series(var.variable, index=table.index, dtype=object)
    if var.by is not None:
        variable = table[var.by].map(var.named).astype(object)
    if QUANTILE in table.columns:
        variable = variable + "|" + table[QUANTILE].astype(str)
    out = pd.DataFrame(
        {
            "region": region.astype(str),
            "variable": variable.astype(str),
            "unit": var.unit,
            "year": table["year"].astype("int64"),
            "value": pd.to_numeric(table[var.column], errors="coerce").astype(float),
        }
    )
    order = ["region", "variable", "year"] if var.by is not None else ["region", "year"]
    return out[out["value"].notna()].sort_values(order, kind="stable")


def long_rows(
    tables: Mapping[str, pd.DataFrame],
    *,
    model: str,
    scenario: str,
    country: str,
    variables: Sequence[LongVariable] | None = None,
) -> pd.DataFrame:
    """Long rows of ``tables`` (by name) for each variable whose table is given.

    Parameters
    ----------
    tables : result tables by name (``annual``, ``annual_by_region``, …); each has a
        ``year`` column, and a ``region`` column in a regional table.
    model, scenario : the ``model`` and ``scenario`` columns.
    country : the national region; regions are ``country|region``.
    variables : the variable list (default: :func:`long_variables`).

    Returns
    -------
    A table with :data:`LONG_COLUMNS`, in the variable list's order, national rows first
    then regions, years ascending. Variables whose table or column is absent give no rows.
    """
    parts = []
    for var in long_variables() if variables is None else variables:
        sources = [(var.table, False)]
        if var.by_region and var.table in REGIONAL_TABLES:
            sources.append((REGIONAL_TABLES[var.table], True))
        for name, regional in sources:
            table = tables.get(name)
            if table is None or table.empty:
                continue
            rows = _one(var, table, regional, country)
            if rows is not None:
                parts.append(rows)
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in LONG_COLUMNS}).astype(
            {"year": "int64", "value": float}
        )
    body = pd.concat(parts, ignore_index=True)
    body.insert(0, "scenario", scenario)
    body.insert(0, "model", model)
    return body[list(LONG_COLUMNS)].reset_index(drop=True)


def long_table(result: ProjectionResult, *, model: str | None = None) -> pd.DataFrame:
    """The long table of a projection (:func:`long_rows` of its tables): ``model`` =
    ``landrelease <version>`` unless given, ``scenario`` = the scenario's name, regions the
    country (``summary["country"]``) and ``country|region``."""
    tables = {
        "annual": result.annual,
        "annual_by_region": result.annual_by_region,
        "annual_by_type": result.annual_by_type,
        "annual_by_region_type": result.annual_by_region_type,
        "work_by_type": result.work_by_type,
        "funding_by_donor": funding_by_donor(result),
    }
    return long_rows(
        tables,
        model=model_name() if model is None else model,
        scenario=str(result.summary["scenario"]),
        country=str(result.summary["country"]),
    )


def markdown_reference(variables: Sequence[LongVariable] | None = None) -> str:
    """The variable list as a Markdown table (docs/long_format.md)."""
    chosen = long_variables() if variables is None else variables
    lines = [
        "| variable | unit | by region | source | meaning |",
        "| --- | --- | --- | --- | --- |",
    ]
    for v in chosen:
        source = f"`{v.table}.{v.column}`"
        if v.contamination_type is not None:
            source += f" (`contamination_type = {v.contamination_type}`)"
        if v.by is not None:
            source += f", one variable per `{v.by}` (rows of one {v.by} and year summed)"
        regional = "yes" if v.by_region and v.table in REGIONAL_TABLES else ""
        name = v.variable.replace("|", "\\|")  # a bare | would split the Markdown cell
        lines.append(f"| `{name}` | {v.unit} | {regional} | {source} | {v.meaning} |")
    return "\n".join(lines) + "\n"
