"""Coerce a raw table to a canonical schema, collecting every problem.

:func:`coerce` turns a raw table (strings from CSV, typed cells from XLSX or GIS files) into
the canonical dtypes and returns every problem found, never stopping at the first.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from landrelease.errors import Problem

if TYPE_CHECKING:
    from landrelease.domain.schema import Column, TableSchema

__all__ = ["PANDAS_DTYPE", "coerce"]

_TRUE = {"true", "yes", "y", "1", "t", "oui", "si", "sí"}
_FALSE = {"false", "no", "n", "0", "f", "non"}

PANDAS_DTYPE = {
    "string": "string",
    "category": "string",
    "float": "float64",
    "int": "Int64",
    "bool": "boolean",
    "date": "datetime64[ns]",
}


def _is_blank(series: pd.Series) -> pd.Series:
    """True where a raw cell holds nothing (NaN, None, empty or blank text)."""
    blank = series.isna()
    text = series[~blank]
    if len(text):
        as_str = text.map(lambda v: v.strip() == "" if isinstance(v, str) else False)
        blank.loc[as_str.index] = as_str.astype(bool)
    return blank.astype(bool)


_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def _to_float(value: Any) -> float | None:
    if isinstance(value, bool | np.bool_):
        return None
    if isinstance(value, int | float | np.integer | np.floating):
        return float(value)
    if isinstance(value, str):
        text = value.strip().replace(" ", "").replace("\u00a0", "")
        if _NUMBER.match(text):
            return float(text)
    return None


def _to_bool(value: Any) -> bool | None:
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | float | np.integer | np.floating) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    return None


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?Z?$")


def _to_date(value: Any) -> pd.Timestamp | None:
    if isinstance(value, pd.Timestamp):
        return value.tz_localize(None).normalize() if value.tzinfo else value.normalize()
    if isinstance(value, dt.datetime | dt.date | np.datetime64):
        return pd.Timestamp(value).normalize()
    if isinstance(value, str) and _ISO_DATE.match(value.strip()):
        try:
            return pd.Timestamp(value.strip()[:10])
        except ValueError:
            return None
    return None


def _normalise_category(value: Any) -> str:
    return re.sub(r"[\s\-/]+", "_", str(value).strip().lower())


def _date_bound(text: str | None) -> pd.Timestamp | None:
    if text is None:
        return None
    return pd.Timestamp(dt.date.today()) if text == "today" else pd.Timestamp(text)


def coerce(
    raw: pd.DataFrame,
    table: TableSchema,
    *,
    file: str | None = None,
    row_numbers: pd.Series | None = None,
    row_kind: str = "row",
    column_labels: Mapping[str, str] | None = None,
    aliases: Mapping[str, tuple[str, ...]] | None = None,
) -> tuple[pd.DataFrame, list[Problem]]:
    """Coerce ``raw`` to ``table``'s dtypes, filling defaults; return it with every problem.

    Parameters
    ----------
    raw : table with canonical column names (after mapping) and raw cell values.
    table : the schema to apply.
    file : file name used in problem messages.
    row_numbers : the row (or feature) number a person sees for each row of ``raw``;
        defaults to spreadsheet rows (first data row is 2).
    row_kind : ``"row"`` for spreadsheets and CSV, ``"feature"`` for GIS layers.
    column_labels : how to name a canonical column in messages, e.g. ``"Hazard_Typ
        (contamination_type)"`` when the file called it ``Hazard_Typ``.
    aliases : other names a missing required column could have had (for the message).

    Returns
    -------
    The coerced table (schema columns first, extra columns kept after them) and the list
    of problems. Rows with problems are kept, with the bad cell left missing.
    """
    n = len(raw)
    if row_numbers is None:
        row_numbers = pd.Series(np.arange(n) + 2, index=raw.index)
    problems: list[Problem] = []
    out: dict[str, pd.Series] = {}
    labels = dict(column_labels or {})
    other_names = dict(aliases or {})

    def problem(
        check: str, message: str, idx: Any, column: str, value: Any, expected: str | None
    ) -> None:
        problems.append(
            Problem(
                check=check,
                message=message,
                file=file,
                row=None if idx is None else int(row_numbers.loc[idx]),
                column=labels.get(column, column),
                value=value,
                expected=expected,
                row_kind=row_kind,
            )
        )

    for col in table.columns:
        if col.name not in raw.columns:
            if col.required:
                problem(
                    "required_columns",
                    f"required column {col.name} is missing",
                    None,
                    col.name,
                    None,
                    f"a column named {col.name}"
                    + (
                        f" (or {', '.join(other_names[col.name])})"
                        if other_names.get(col.name)
                        else ""
                    )
                    + f": {col.description}",
                )
                missing = pd.Series(None, index=raw.index, dtype=object)  # NaN, NaT or NA
                out[col.name] = missing.astype(PANDAS_DTYPE[col.dtype])
                continue
            values = pd.Series(
                col.default if col.default is not None else pd.NA, index=raw.index, dtype=object
            )
        else:
            values = raw[col.name].astype(object)
        blank = _is_blank(values)
        if col.default is not None:
            values = values.where(~blank, col.default)
            blank = pd.Series(False, index=raw.index)
        elif col.required:
            for idx in blank[blank].index:
                problem(
                    "required_values", f"{col.name} is empty", idx, col.name, None, col.expected()
                )
        converted = _convert_column(values, blank, col, problem)
        out[col.name] = converted

    result = pd.DataFrame(out, index=raw.index)
    extra = [c for c in raw.columns if c not in table]
    for c in extra:
        result[c] = raw[c]
    if table.key is not None and table.key in result:
        keys = result[table.key]
        dup = keys.notna() & keys.duplicated(keep=False)
        for idx in dup[dup].index:
            first = int(row_numbers.loc[keys[keys == keys.loc[idx]].index[0]])
            if int(row_numbers.loc[idx]) == first:
                continue
            problem(
                "unique_ids",
                f"{table.key} is not unique: also used on {row_kind} {first}",
                idx,
                table.key,
                keys.loc[idx],
                "a value used on one row only",
            )
    return result.reset_index(drop=True), problems


def _convert_column(values: pd.Series, blank: pd.Series, col: Column, problem: Any) -> pd.Series:
    """Convert one column's non-blank cells; report each that does not fit."""
    dtype = PANDAS_DTYPE[col.dtype]
    converted: list[Any] = []
    for idx, value, is_blank in zip(values.index, values.to_numpy(), blank.to_numpy(), strict=True):
        if is_blank:
            converted.append(None)
            continue
        good = _convert_value(value, col)
        if col.dtype in ("float", "int") and _non_finite(value):
            problem(
                "dtypes", f"{col.name} is not a finite number", idx, col.name, value, col.expected()
            )
            good = None
        elif good is None:
            kind = "allowed_values" if col.dtype == "category" else "dtypes"
            problem(kind, f"{col.name} is not valid", idx, col.name, value, col.expected())
        elif not _in_range(good, col):
            check = (
                "positive_areas"
                if col.name.endswith("area_m2")
                else ("dates_in_range" if col.dtype == "date" else "value_ranges")
            )
            problem(
                check,
                f"{col.name} must be positive"
                if check == "positive_areas"
                else f"{col.name} is out of range",
                idx,
                col.name,
                value,
                col.expected() if col.dtype != "date" else _date_range_words(col),
            )
            good = None
        converted.append(good)
    series = pd.Series(converted, index=values.index, dtype=object)
    if col.dtype == "date":
        return pd.to_datetime(series).astype("datetime64[ns]")
    if col.dtype == "int":
        return series.astype("Float64").astype("Int64")
    return series.astype(dtype)


_NON_FINITE_TEXT = {"nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"}


def _non_finite(value: Any) -> bool:
    """True for NaN, infinity or a number too large for a float (``1e999``), as a number or
    as text: never a quantity, whatever the column."""
    if isinstance(value, str):
        number = _to_float(value)
        return value.strip().lower() in _NON_FINITE_TEXT or (
            number is not None and not np.isfinite(number)
        )
    if isinstance(value, bool | np.bool_):
        return False
    if isinstance(value, float | np.floating):
        return not np.isfinite(value)
    return False


def _convert_value(value: Any, col: Column) -> Any:
    if col.dtype == "string":
        if isinstance(value, float) and value.is_integer():
            return str(int(value))  # ids read as numbers from XLSX/GIS files
        return str(value).strip()
    if col.dtype == "category":
        text = _normalise_category(value)
        return text if text in col.allowed else None
    if col.dtype == "float":
        return _to_float(value)
    if col.dtype == "int":
        number = _to_float(value)
        return int(number) if number is not None and float(number).is_integer() else None
    if col.dtype == "bool":
        return _to_bool(value)
    return _to_date(value)


MAX_WHOLE_NUMBER = 2**53
"""Largest whole number kept exactly: whole-number columns pass through float64."""


def _in_range(value: Any, col: Column) -> bool:
    if col.dtype in ("float", "int"):
        if not math.isfinite(value) or (col.dtype == "int" and abs(value) > MAX_WHOLE_NUMBER):
            return False
        if col.min_exclusive is not None and not value > col.min_exclusive:
            return False
        if col.min is not None and value < col.min:
            return False
        return not (col.max is not None and value > col.max)
    if col.dtype == "date":
        low, high = _date_bound(col.min_date), _date_bound(col.max_date)
        return not ((low is not None and value < low) or (high is not None and value > high))
    return True


def _date_range_words(col: Column) -> str:
    return f"a date between {col.min_date} and {col.max_date}"
