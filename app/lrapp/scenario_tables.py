"""Scenario values as tables for editing, and back to the values of a scenario's TOML table.

A *yearly* value (a number, or ``{2026 = 40, 2028 = 50, default = 30}``) becomes one row per
year of the period; a *by type* value one row per contamination type; per-kind values one row
per team kind. Going back, an unchanged table gives the original value untouched (so an
unedited scenario keeps its hash); a changed one gives the shortest equivalent value: a
number when every year or type is the same, else the years where the value changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from landrelease import ContaminationType
from landrelease.scenario import TEAM_KINDS, YearValues

__all__ = [
    "CALIBRATED",
    "TYPES",
    "by_type_from_table",
    "by_type_values",
    "clean_number",
    "date_value",
    "kinds_table",
    "kinds_to_raw",
    "per_method_from_inputs",
    "per_method_values",
    "period",
    "put",
    "weights_from_table",
    "weights_table",
    "yearly_from_table",
    "yearly_table",
    "yearly_values",
]

TYPES: tuple[str, ...] = tuple(t.value for t in ContaminationType)
CALIBRATED = "calibrated"
DEFAULT_HORIZON_YEARS = 30
"""Years of the period when a scenario gives no end year (as docs/scenarios.md says)."""


def clean_number(value: Any) -> int | float:
    """A float as an ``int`` when it is whole (money, teams and years read better), else
    the float."""
    number = float(value)
    if number.is_integer() and abs(number) < 2**53:
        return int(number)
    return number


def period(raw: Mapping[str, Any], baseline_year: int) -> tuple[int, int]:
    """Start and end year of a scenario table (defaults as the library's)."""
    section = raw.get("period", {})
    section = section if isinstance(section, Mapping) else {}
    try:
        start = int(section.get("start_year", baseline_year + 1))
        end = int(section.get("end_year", start + DEFAULT_HORIZON_YEARS - 1))
    except (TypeError, ValueError):
        start, end = baseline_year + 1, baseline_year + DEFAULT_HORIZON_YEARS
    return start, max(end, start)


def _year_values(value: Any) -> YearValues:
    if isinstance(value, Mapping):
        pairs = []
        for k, v in value.items():
            if str(k).isdigit() and isinstance(v, int | float) and not isinstance(v, bool):
                pairs.append((int(k), float(v)))
        default = value.get("default")
        ok = isinstance(default, int | float) and not isinstance(default, bool)
        return YearValues(tuple(sorted(pairs)), float(default) if ok else None)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return YearValues.constant(float(value))
    return YearValues.constant(0.0)


def yearly_values(value: Any, years: Sequence[int]) -> np.ndarray:
    """A yearly value over ``years``, as :class:`landrelease.scenario.YearValues` resolves it
    (values that are not numbers count as 0)."""
    return _year_values(value).over(np.asarray(years))


def yearly_table(
    section: Mapping[str, Any], keys: Sequence[str], years: Sequence[int]
) -> pd.DataFrame:
    """One row per year (index ``year``), one column per key of ``section``."""
    table = pd.DataFrame(
        {k: yearly_values(section.get(k, 0), years) for k in keys},
        index=pd.Index(list(years), name="year"),
    )
    return table.astype(float)


def _compress(years: Sequence[int], values: Sequence[float]) -> int | float | dict[str, Any]:
    numbers = [float(v) for v in values]
    if not numbers or all(v == numbers[0] for v in numbers):
        return clean_number(numbers[0] if numbers else 0.0)
    out: dict[str, Any] = {}
    last: float | None = None
    for year, v in zip(years, numbers, strict=True):
        if v != last:
            out[str(year)] = clean_number(v)
            last = v
    return out


def yearly_from_table(
    table: pd.DataFrame, original: Mapping[str, Any], keys: Sequence[str]
) -> dict[str, Any]:
    """Yearly values of ``keys`` from an edited :func:`yearly_table`: the original value where
    the column did not change, else the shortest equivalent value. Empty cells count as 0."""
    years = [int(y) for y in table.index]
    out: dict[str, Any] = {}
    for key in keys:
        column = pd.to_numeric(table[key], errors="coerce").fillna(0.0).to_numpy(dtype=float)
        if key in original and np.array_equal(yearly_values(original[key], years), column):
            out[key] = original[key]
        else:
            out[key] = _compress(years, column)
    return out


def by_type_values(value: Any, fill: float) -> dict[str, float]:
    """A by-type value for every contamination type: a number for all, or a table of types
    with an optional ``default``; types not given take ``fill`` (what the library uses)."""
    if isinstance(value, Mapping):
        base = value.get("default", fill)
        base = float(base) if isinstance(base, int | float) else fill
        return {
            t: float(value[t]) if isinstance(value.get(t), int | float) else base for t in TYPES
        }
    if isinstance(value, int | float) and not isinstance(value, bool):
        return dict.fromkeys(TYPES, float(value))
    return dict.fromkeys(TYPES, fill)


def by_type_from_table(
    column: pd.Series, original: Any, fill: float, *, complete: bool = False
) -> Any:
    """A by-type value from an edited column (index: types): the original where unchanged,
    else a number when all types agree, else a table of the types that differ from ``fill``
    (of every type when ``complete``: release shares must give each type a value)."""
    values = {t: float(v) for t, v in pd.to_numeric(column, errors="coerce").fillna(fill).items()}
    if original is not None and original != CALIBRATED and by_type_values(original, fill) == values:
        return original
    distinct = set(values.values())
    if len(distinct) == 1:
        return clean_number(distinct.pop())
    return {t: clean_number(v) for t, v in values.items() if complete or v != fill}


def kinds_table(
    productivity: Mapping[str, Any],
    costs: Mapping[str, Any],
    calibrated: Mapping[str, float | None],
) -> pd.DataFrame:
    """Per team kind (index ``kind``): ``calibrated`` (productivity from the release history),
    ``m2_per_team_year`` (the given number, or the calibrated value for reference) and
    ``usd_per_team_year``."""
    unit = costs.get("usd_per_team_year", {})
    unit = unit if isinstance(unit, Mapping) else {}
    rows = []
    for kind in TEAM_KINDS:
        given = productivity.get(kind, CALIBRATED)
        is_cal = given == CALIBRATED
        value = calibrated.get(kind) if is_cal else given
        rows.append(
            {
                "calibrated": bool(is_cal),
                "m2_per_team_year": float(value) if isinstance(value, int | float) else np.nan,
                "usd_per_team_year": float(unit.get(kind, 0) or 0),
            }
        )
    return pd.DataFrame(rows, index=pd.Index(list(TEAM_KINDS), name="kind"))


def kinds_to_raw(
    table: pd.DataFrame, productivity: Mapping[str, Any], costs: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Productivity by kind (``"calibrated"`` or m² per team-year) and
    ``usd_per_team_year`` from an edited :func:`kinds_table`; unchanged values kept as given."""
    prod: dict[str, Any] = {}
    unit_in = costs.get("usd_per_team_year", {})
    unit_in = unit_in if isinstance(unit_in, Mapping) else {}
    unit: dict[str, Any] = {}
    for kind in TEAM_KINDS:
        row = table.loc[kind]
        if bool(row["calibrated"]):
            prod[kind] = CALIBRATED
        else:
            number = pd.to_numeric(row["m2_per_team_year"], errors="coerce")
            given = productivity.get(kind)
            if isinstance(given, int | float) and float(given) == float(number):
                prod[kind] = given
            else:
                prod[kind] = 0 if pd.isna(number) else clean_number(number)
        cost = pd.to_numeric(row["usd_per_team_year"], errors="coerce")
        cost = 0.0 if pd.isna(cost) else float(cost)
        old = unit_in.get(kind)
        unit[kind] = (
            old if isinstance(old, int | float) and float(old) == cost else clean_number(cost)
        )
    return prod, unit


def put(section: dict[str, Any], key: str, value: Any, default: Any) -> None:
    """Set ``section[key]`` to an edited ``value``: an equal value keeps the original; a key
    that was absent is added only when the value differs from the library's ``default``;
    ``None`` removes the key."""
    if value is None:
        section.pop(key, None)
    elif key in section:
        if section[key] != value:
            section[key] = value
    elif value != default:
        section[key] = value


def weights_table(weights: Any) -> pd.DataFrame:
    """Priority weights (field → weight) as rows ``field, weight``."""
    items = weights.items() if isinstance(weights, Mapping) else []
    return pd.DataFrame(
        [{"field": str(k), "weight": float(v)} for k, v in items], columns=["field", "weight"]
    ).astype({"field": "string", "weight": float})


def weights_from_table(table: pd.DataFrame, original: Any) -> dict[str, Any]:
    """Priority weights from an edited :func:`weights_table` (rows without a field dropped);
    the original mapping when nothing changed."""
    out: dict[str, Any] = {}
    for row in table.itertuples(index=False):
        field = "" if pd.isna(row.field) else str(row.field).strip()
        if field and not pd.isna(row.weight):
            out[field] = clean_number(row.weight)
    if isinstance(original, Mapping) and {k: float(v) for k, v in original.items()} == {
        k: float(v) for k, v in out.items()
    }:
        return dict(original)
    return out


def date_value(value: Any) -> dt.date | None:
    """A scenario date (a TOML date, or ``"YYYY-MM-DD"`` text, as the library reads it) as a
    date; ``None`` for none or text that is not a date (the library names it)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return None if value is None else dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def per_method_values(value: Any, methods: Sequence[str]) -> dict[str, float | None]:
    """A table by method (``usd_per_m2 = { cancelled = 0.1 }``) as a number or ``None`` (not
    given) for each of ``methods``."""
    given = value if isinstance(value, Mapping) else {}
    return {
        m: float(given[m]) if isinstance(given.get(m), int | float) else None for m in methods
    }


def per_method_from_inputs(
    values: Mapping[str, float | None], original: Any
) -> dict[str, Any]:
    """The table by method from edited inputs (``None``: not given, left out); the original
    table when every method says what it said."""
    if isinstance(original, Mapping) and per_method_values(original, list(values)) == {
        m: None if v is None else float(v) for m, v in values.items()
    } and set(original) <= set(values):
        return dict(original)
    return {m: clean_number(v) for m, v in values.items() if v is not None}
